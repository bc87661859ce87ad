#pragma once
/// \file The audit events of the catalog, where users include them: <events/catalog/audit_events.hpp>.
#include <events/catalog/audit_events.hpp>
