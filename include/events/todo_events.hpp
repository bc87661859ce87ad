#pragma once
/// \file The todo events of the catalog, where users include them: <events/catalog/todo_events.hpp>.
#include <events/catalog/todo_events.hpp>
