#pragma once
/// \file The recurring events of the catalog, where users include them: <events/catalog/recurring_events.hpp>.
#include <events/catalog/recurring_events.hpp>
