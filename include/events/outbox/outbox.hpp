#pragma once
/// \file The transactional outbox: an event written as a row of Debezium's outbox table (`id`,
/// `aggregatetype`, `aggregateid`, `type`, `payload`, `tracingspancontext`) in the caller's own
/// database transaction, so the state change and the event commit together or not at all. A
/// relay (relay.hpp) or Debezium itself publishes the rows.
///
/// <!-- given: #include <events/catalog/task_events.hpp>
/// extern events::pg::connection db; std::string id;
/// events::event<events::TaskCompletedPayload> completed; -->
/// \code
/// events::pg::in_transaction(db, [&] {
///   db.exec("UPDATE tasks SET done = true WHERE id = $1", {id});
///   events::outbox::write(db, events::outbox::row_of(completed, "task"));  // same transaction
/// });
/// \endcode
///
/// `payload` is `json`, which keeps the event's bytes as written (Debezium also reads `jsonb`,
/// which PostgreSQL re-spaces and re-orders). The table (schema_sql()) is Debezium's plus two columns of ours: `seq`, the order rows are
/// published in (per aggregate), and `sent_at`, set by the relay once Kafka acknowledged the row.
/// Debezium reads only its own columns, so one table serves both.
#include <events/event_traits.hpp>
#include <events/json.hpp>
#include <events/outbox/pg.hpp>
#include <events/trace.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace events::outbox {

/// One outbox row, in Debezium's columns.
struct row {
  std::string id;             ///< The event id: the `id` header of the published message.
  std::string aggregatetype;  ///< Routes the row: topic outbox.event.<aggregatetype>.
  std::string aggregateid;    ///< The message key: one aggregate's events stay in order.
  std::string type;           ///< The event type ("task.completed").
  std::string payload;        ///< The event's JSON: the message value.
  std::optional<std::string> tracingspancontext;  ///< W3C traceparent, published as `traceparent`.
};

/// The row of event `ev`: id, type and JSON from events::event_traits; the aggregate id is the
/// event's partition key unless given; the trace context is the event's or the thread's current one.
template <event_type E>
row row_of(const E& ev, std::string aggregatetype, std::optional<std::string> aggregateid = std::nullopt) {
  row r;
  r.id = event_traits<E>::id(ev);
  r.aggregatetype = std::move(aggregatetype);
  r.aggregateid = aggregateid ? std::move(*aggregateid) : event_traits<E>::key(ev);
  r.type = std::string(event_traits<E>::type);
  r.payload = events::to_json(ev);
  if (const auto& t = current_trace(); !t.empty()) r.tracingspancontext = t.traceparent;
  return r;
}

namespace detail {
inline std::string index_name(std::string table, std::string_view suffix) {
  for (char& c : table)
    if (c == '.' || c == '"') c = '_';
  return table + "_" + std::string(suffix);
}
}  // namespace detail

/// The DDL of the outbox table (idempotent: CREATE ... IF NOT EXISTS). `table` is used as
/// written: give a trusted identifier, optionally schema-qualified.
inline std::string schema_sql(std::string_view table = "events_outbox") {
  std::string t(table);
  return "CREATE TABLE IF NOT EXISTS " + t +
         " (\n"
         "  id uuid PRIMARY KEY,\n"
         "  aggregatetype varchar(255) NOT NULL,\n"
         "  aggregateid varchar(255) NOT NULL,\n"
         "  type varchar(255) NOT NULL,\n"
         "  payload json NOT NULL,\n"
         "  tracingspancontext varchar(256),\n"
         "  seq bigserial NOT NULL,\n"
         "  created_at timestamptz NOT NULL DEFAULT now(),\n"
         "  sent_at timestamptz\n"
         ");\n"
         "CREATE INDEX IF NOT EXISTS " + detail::index_name(t, "pending") + " ON " + t +
         " (aggregatetype, aggregateid, seq) WHERE sent_at IS NULL;\n";
}

/// Writes `r` into the outbox table on `db`, inside whatever transaction the caller has open.
/// Throws pg::error (a repeated id: SQLSTATE 23505).
inline void write(pg::connection& db, const row& r, std::string_view table = "events_outbox") {
  db.exec("INSERT INTO " + std::string(table) +
              " (id, aggregatetype, aggregateid, type, payload, tracingspancontext) VALUES ($1, $2, $3, $4, $5::json, $6)",
          {r.id, r.aggregatetype, r.aggregateid, r.type, r.payload, r.tracingspancontext});
}

/// Rows not yet published.
inline long pending(pg::connection& db, std::string_view table = "events_outbox") {
  return std::stol(db.exec("SELECT count(*) FROM " + std::string(table) + " WHERE sent_at IS NULL").text(0, 0));
}

}  // namespace events::outbox
