#pragma once
/// \file Everything of the core in one include: the envelope, the codec, JSON, errors, the registry,
/// versions and schemas. The catalog of seed events is <events/catalog.hpp>; Kafka and Dapr have
/// their own folders and targets.
// Vocabulary: errors, codes, values.
#include <events/error.hpp>
#include <events/error_codes.hpp>
#include <events/timestamp.hpp>
#include <events/uuid.hpp>
#include <events/enum.hpp>
#include <events/constraints.hpp>
#include <events/pattern.hpp>
// Reflection and the codec kinds, the reader and writer.
#include <events/reflect.hpp>
#include <events/codec.hpp>
#include <events/json.hpp>
#include <events/validate.hpp>
// Events: payloads, envelopes, what an event is, where it goes.
#include <events/payload.hpp>
#include <events/envelope.hpp>
#include <events/event.hpp>
#include <events/event_traits.hpp>
#include <events/routing.hpp>
#include <events/trace.hpp>
// Identity, registry, versions, schemas and compatibility.
#include <events/identify.hpp>
#include <events/registry.hpp>
#include <events/version.hpp>
#include <events/schema/json_schema.hpp>
#include <events/schema/compat.hpp>
#include <events/schema/schema_compat.hpp>
