#pragma once
/// \file Every catalog event: the per-topic headers, their registries in one, and the seed-003
/// contract messages.
///
/// \code
/// static_assert(events::catalog_registry::contains<events::flat_event<events::TodoCreated>>);
/// \endcode
#include <events/analytics_events.hpp>
#include <events/audit_events.hpp>
#include <events/contract.hpp>
#include <events/notification_events.hpp>
#include <events/recurring_events.hpp>
#include <events/registry.hpp>
#include <events/reminder_events.hpp>
#include <events/task_events.hpp>
#include <events/todo_events.hpp>
#include <events/topics.hpp>

namespace events {

/// Every envelope type of the catalog, header by header.
using catalog_registry = registry_union<todo_registry, reminder_registry, task_registry, recurring_registry,
                                        analytics_registry, notification_registry, audit_registry>;

}  // namespace events
