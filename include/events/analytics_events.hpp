#pragma once
/// \file The analytics events of the catalog, where users include them: <events/catalog/analytics_events.hpp>.
#include <events/catalog/analytics_events.hpp>
