#pragma once
/// \file The task events of the catalog, where users include them: <events/catalog/task_events.hpp>.
#include <events/catalog/task_events.hpp>
