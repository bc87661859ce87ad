#pragma once
/// \file The inbox: the consumer side of the outbox. A handler's database effect and the record
/// that its event was handled commit in one transaction, so an event delivered again (a relay's
/// duplicate publish, a redelivery after a crash, a replay) has no second effect, across restarts.
/// The persistent form of the consumer's in-memory dedupe window.
///
/// <!-- given: #include <events/catalog/task_events.hpp>
/// #include <events/kafka/consumer.hpp>
/// extern events::pg::connection db; extern events::kafka::consumer in; -->
/// \code
/// events::outbox::inbox box(db, "billing");
/// in.on<events::event<events::TaskCompletedPayload>>([&](const auto& ev) {
///   box.handle(ev.event_id.to_string(), [&](events::pg::connection& tx) {
///     tx.exec("INSERT INTO invoices (task_id) VALUES ($1)", {ev.payload.task_id.to_string()});
///   });   // inbox_result::duplicate the second time: nothing done
/// });
/// \endcode
#include <events/outbox/pg.hpp>

#include <string>
#include <string_view>

namespace events::outbox {

/// What handle() did.
enum class inbox_result { handled, duplicate };

/// The DDL of the inbox table (idempotent).
inline std::string inbox_schema_sql(std::string_view table = "events_inbox") {
  return "CREATE TABLE IF NOT EXISTS " + std::string(table) +
         " (\n"
         "  consumer varchar(255) NOT NULL,\n"
         "  event_id varchar(255) NOT NULL,\n"
         "  handled_at timestamptz NOT NULL DEFAULT now(),\n"
         "  PRIMARY KEY (consumer, event_id)\n"
         ");\n";
}

/// Handled event ids of one consumer (a service or handler name), in a table of `db`.
class inbox {
 public:
  inbox(pg::connection& db, std::string consumer, std::string table = "events_inbox")
      : db_(db), consumer_(std::move(consumer)), table_(std::move(table)) {}

  /// In one transaction: records `event_id`, then runs `effect(db)`, then commits. An id already
  /// recorded: nothing runs (duplicate). `effect` throwing: rolled back (the id is not recorded,
  /// so a retry runs it) and rethrown. Two handlers racing on one id: the second waits for the
  /// first's commit, then sees a duplicate. A lost connection is made again before starting;
  /// pg::error reaches the caller (the consumer then retries the message).
  template <class F>
  inbox_result handle(std::string_view event_id, F&& effect) {
    db_.ensure();
    return pg::in_transaction(db_, [&] {
      auto r = db_.exec("INSERT INTO " + table_ + " (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                        {consumer_, std::string(event_id)});
      if (r.affected() == 0) return inbox_result::duplicate;
      effect(db_);
      return inbox_result::handled;
    });
  }

  /// Whether `event_id` is recorded.
  bool contains(std::string_view event_id) {
    return db_.exec("SELECT 1 FROM " + table_ + " WHERE consumer = $1 AND event_id = $2", {consumer_, std::string(event_id)})
               .rows() == 1;
  }

 private:
  pg::connection& db_;
  std::string consumer_;
  std::string table_;
};

}  // namespace events::outbox
