#pragma once
/// \file The reminder events of the catalog, where users include them: <events/catalog/reminder_events.hpp>.
#include <events/catalog/reminder_events.hpp>
