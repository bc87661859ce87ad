#pragma once
/// \file CloudEvents 1.0 for our envelopes: the Kafka binary-mode headers (`ce_*`) and the
/// structured JSON form (`application/cloudevents+json`), with the correlation extension
/// (`correlationid`, `causationid`) and the distributed-tracing extension (`traceparent`,
/// `tracestate`). Every fact about the event comes from events::event_traits. No Kafka needed: a header is a name and a text.
///
/// <!-- given: #include <events/catalog/task_events.hpp>
/// events::uuid t, u; -->
/// \code
/// auto ev = events::make_event(events::TaskCreatedPayload{.task_id = t, .user_id = u, .title = "Buy milk"});
/// for (const auto& [name, text] : events::cloudevents::binary_headers(ev, "/tasks"))
///   std::cout << name << ": " << text << '\n';                                    // ce_id, ce_type, ...
/// std::string doc = events::cloudevents::to_structured(ev, "/tasks");           // {"specversion":"1.0",...,"data":{...}}
/// auto back = events::cloudevents::parse_structured(doc);  // attributes + the data's text (a view into doc)
/// \endcode
#include <events/cloudevents/attributes.hpp>
#include <events/cloudevents/binary.hpp>
#include <events/cloudevents/structured.hpp>
