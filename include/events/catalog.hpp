#pragma once
/// \file Every catalog event: the per-topic headers, their registries in one, and the seed-003
/// contract messages.
///
/// \code
/// static_assert(events::catalog_registry::contains<events::flat_event<events::TodoCreated>>);
/// \endcode
#include <events/catalog/analytics_events.hpp>
#include <events/catalog/audit_events.hpp>
#include <events/catalog/contract.hpp>
#include <events/catalog/recurrence.hpp>
#include <events/catalog/notification_events.hpp>
#include <events/catalog/recurring_events.hpp>
#include <events/registry.hpp>
#include <events/catalog/reminder_events.hpp>
#include <events/catalog/task_events.hpp>
#include <events/catalog/todo_events.hpp>
#include <events/catalog/topics.hpp>

namespace events {

/// Every envelope type of the catalog, header by header.
using catalog_registry = registry_union<todo_registry, reminder_registry, task_registry, recurring_registry,
                                        analytics_registry, notification_registry, audit_registry>;

}  // namespace events
