#pragma once
/// \file The outbox relay: publishes pending outbox rows to Kafka in order per aggregate and
/// marks them sent. Several relays may run at once on one table.
///
/// <!-- given: std::atomic<bool> stop{false}; -->
/// \code
/// events::outbox::relay r("host=/run/postgresql dbname=app", events::kafka::config::from_env());
/// r.run(stop);   // until stop is true; or r.run_once() from your own loop
/// \endcode
///
/// Routing is Debezium's outbox event router's default: topic `outbox.event.<aggregatetype>`,
/// key = `aggregateid`, value = `payload`, header `id` = the row's id (plus `traceparent` from
/// `tracingspancontext`). relay_options::route replaces the topic.
///
/// One round, in one database transaction: lock the first pending row of up to `batch`
/// aggregates (`FOR UPDATE SKIP LOCKED`: a relay skips the aggregates another relay holds),
/// take those aggregates' pending rows in `seq` order, publish them (idempotent producer, one
/// flush), mark the acknowledged ones sent, commit. Only the first pending row of an aggregate is
/// ever locked by a competitor, so two relays never publish one aggregate's rows at once.
///
/// Guarantee: every committed row is published at least once, in `seq` order per aggregate.
/// A relay that dies after Kafka acknowledged a row and before its transaction committed leaves
/// the row pending: the next round publishes it again (same `id` header). An inbox (inbox.hpp)
/// on the consumer side makes that duplicate harmless.
#include <events/kafka/config.hpp>
#include <events/kafka/producer.hpp>
#include <events/outbox/outbox.hpp>
#include <events/outbox/pg.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace events::outbox {

/// How a relay reads and routes.
struct relay_options {
  std::string table = "events_outbox";
  std::size_t batch = 100;                  ///< Aggregates locked per round.
  std::string topic_prefix = "outbox.event.";  ///< Debezium's route.topic.replacement default.
  std::function<std::string(const row&)> route;  ///< Replaces the topic choice when set.
  std::chrono::milliseconds idle_wait{100};       ///< Sleep after a round with nothing to send.
  std::chrono::milliseconds reconnect_wait{200};  ///< Sleep after a database failure.
  std::chrono::milliseconds publish_timeout{30000};
  /// Called after a round's messages are acknowledged and before they are marked sent (the
  /// rows' count). For metrics, and for fault tests that stop a relay at the worst moment.
  std::function<void(std::size_t)> after_publish;
};

/// Counts of a relay so far.
struct relay_stats {
  std::uint64_t published = 0;  ///< Messages acknowledged by Kafka.
  std::uint64_t marked = 0;     ///< Rows marked sent (committed).
  std::uint64_t failed = 0;     ///< Messages Kafka refused (left pending).
  std::uint64_t db_errors = 0;  ///< Rounds lost to the database (each followed by a reconnect).
  std::uint64_t rounds = 0;
};

/// Publishes an outbox table. One thread per relay; run several relays for more.
class relay {
 public:
  relay(std::string conninfo, const kafka::config& cfg, relay_options options = {})
      : conninfo_(std::move(conninfo)), options_(std::move(options)) {
    kafka::producer_options po;
    po.validate = false;  // the payload was validated when the event was written
    out_ = std::make_unique<kafka::producer>(cfg, std::move(po));
  }

  /// One round; returns the rows marked sent. Throws pg::error from the database.
  std::size_t run_once() {
    if (!db_) db_ = std::make_unique<pg::connection>(conninfo_);
    auto& db = *db_;
    ++stats_.rounds;
    const std::string& t = options_.table;
    db.exec("BEGIN");
    try {
      // The aggregates this round owns: their first pending row, locked.
      auto heads = db.exec(
          "SELECT aggregatetype, aggregateid FROM " + t + " o WHERE sent_at IS NULL AND seq IN ("
          "SELECT DISTINCT ON (aggregatetype, aggregateid) seq FROM " + t +
              " WHERE sent_at IS NULL ORDER BY aggregatetype, aggregateid, seq) "
              "ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED",
          {std::to_string(options_.batch)});
      if (heads.rows() == 0) {
        db.exec("COMMIT");
        return 0;
      }
      std::string types = "{", ids = "{";
      for (int i = 0; i < heads.rows(); ++i) {
        types += (i ? "," : "") + array_item(heads.text(i, 0));
        ids += (i ? "," : "") + array_item(heads.text(i, 1));
      }
      types += '}';
      ids += '}';
      auto rows = db.exec(
          "SELECT seq, id, aggregatetype, aggregateid, type, payload::text, tracingspancontext FROM " + t +
              " WHERE sent_at IS NULL AND (aggregatetype, aggregateid) IN "
              "(SELECT * FROM unnest($1::text[], $2::text[])) ORDER BY seq FOR UPDATE",
          {types, ids});
      struct sent {
        std::string seq, aggregate;
        std::future<kafka::delivery> done;
      };
      std::vector<sent> batch;
      for (int i = 0; i < rows.rows(); ++i) {
        row r{rows.text(i, 1), rows.text(i, 2), rows.text(i, 3), rows.text(i, 4), rows.text(i, 5), std::nullopt};
        if (auto sc = rows.get(i, 6)) r.tracingspancontext = std::string(*sc);
        batch.push_back({rows.text(i, 0), r.aggregatetype + '\x1f' + r.aggregateid, out_->send(to_record(r))});
      }
      out_->flush(options_.publish_timeout);
      // Mark each aggregate's rows up to its first failure: a later row is never marked before
      // an earlier one.
      std::map<std::string, bool> broken;
      std::string marked = "{";
      std::size_t n = 0;
      for (auto& s : batch) {
        auto d = s.done.get();
        if (!d.ok()) {
          ++stats_.failed;
          broken[s.aggregate] = true;
          continue;
        }
        ++stats_.published;
        if (broken[s.aggregate]) continue;
        marked += (n++ ? "," : "") + s.seq;
      }
      marked += '}';
      if (options_.after_publish) options_.after_publish(n);
      if (!db_) throw std::runtime_error("outbox relay: the database connection was dropped during the round");
      db.exec("UPDATE " + t + " SET sent_at = now() WHERE seq = ANY($1::bigint[])", {marked});
      db.exec("COMMIT");
      stats_.marked += n;
      return n;
    } catch (...) {
      if (db_) db_->rollback();  // `db` is gone when the connection was dropped (drop_connection)
      throw;
    }
  }

  /// Rounds until `stop` is true; database failures are counted, the connection made again.
  void run(const std::atomic<bool>& stop) {
    while (!stop) {
      try {
        if (run_once() == 0) std::this_thread::sleep_for(options_.idle_wait);
      } catch (const pg::error&) {
        ++stats_.db_errors;
        db_.reset();
        std::this_thread::sleep_for(options_.reconnect_wait);
      }
    }
  }

  /// The message a row becomes (Debezium's routing unless options.route is set).
  kafka::record to_record(const row& r) const {
    kafka::record m;
    m.topic = options_.route ? options_.route(r) : options_.topic_prefix + r.aggregatetype;
    m.key = r.aggregateid;
    m.value = r.payload;
    m.event_id = r.id;
    m.headers.emplace_back("id", r.id);
    if (r.tracingspancontext) m.headers.emplace_back("traceparent", *r.tracingspancontext);
    return m;
  }

  const relay_stats& stats() const noexcept { return stats_; }
  /// Flushes and closes the producer.
  void close() { out_->close(); }
  /// The database connection, dropped without a word (a crash, as the server sees it). For tests.
  void drop_connection() noexcept { db_.reset(); }

 private:
  // An element of a PostgreSQL text array literal, quoted.
  static std::string array_item(std::string_view s) {
    std::string out = "\"";
    for (char c : s) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    return out + '"';
  }

  std::string conninfo_;
  relay_options options_;
  std::unique_ptr<kafka::producer> out_;
  std::unique_ptr<pg::connection> db_;
  relay_stats stats_;
};

}  // namespace events::outbox
