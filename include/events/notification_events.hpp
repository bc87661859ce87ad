#pragma once
/// \file The notification events of the catalog, where users include them: <events/catalog/notification_events.hpp>.
#include <events/catalog/notification_events.hpp>
