#pragma once
/// \file Dead-letter redrive: list what sits in a dead-letter topic, and replay it to the original
/// topic (or another) once the bug is fixed, with filters, a dry run, a resumable position and a
/// loop guard.
///
/// <!-- given: events::kafka::config cfg; -->
/// \code
/// events::kafka::redrive r(cfg, {.dlq_topic = "task-events-dlq", .filter = {.codes = {"handler_failed"}}});
/// auto seen = r.scan();          // histogram of everything in the topic, nothing moved
/// auto plan = r.replay(true);    // dry run: what would go, from the group's position
/// auto done = r.replay();        // sends it; the position is committed as it goes
/// \endcode
///
/// The position is a consumer group's committed offsets on the dead-letter topic (default group
/// `events-dlq-redrive.<dlq topic>`): a replay reads from there to the end of the topic as it was
/// when the replay started, and commits each batch's position once every message of the batch is
/// acknowledged. A replay stopped (stop(), `limit`) and started again goes on after the last
/// committed message: nothing is sent twice. A process killed mid-batch sends that batch again
/// (at most `batch` messages; their event ids are unchanged, so an inbox or dedupe absorbs them).
///
/// A replayed message keeps its key, value and headers, minus the dead-letter headers of the three
/// conventions, and goes to its original partition when it returns to its original topic. It
/// carries `dlq_replay_count` (one more than before) and `dlq_replayed_from`. A consumer that
/// dead-letters it again copies those headers, so a message whose count has reached
/// `max_replays` is not replayed again but written to the quarantine topic.
#include <events/error.hpp>
#include <events/kafka/config.hpp>
#include <events/kafka/dead_letter_entry.hpp>
#include <events/kafka/error.hpp>
#include <events/kafka/message.hpp>
#include <events/kafka/producer.hpp>

#include <librdkafka/rdkafkacpp.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace events::kafka {

/// What a redrive reads and where it sends.
struct redrive_options {
  std::string dlq_topic;     ///< The dead-letter topic to read.
  std::string target_topic;  ///< Empty: each message's original topic.
  std::string group_id;      ///< The position's consumer group; empty: "events-dlq-redrive.<dlq_topic>".
  redrive_filter filter;
  int max_replays = 3;            ///< A message already replayed this often is quarantined instead.
  std::string quarantine_topic;   ///< Empty: "<dlq_topic>-quarantine".
  bool keep_partition = true;     ///< Back to its original partition (when sent to its original topic).
  std::uint64_t limit = 0;        ///< Stop after this many messages replayed or quarantined (0: no limit).
  std::size_t batch = 100;        ///< Messages acknowledged before each position commit.
  std::chrono::milliseconds timeout{30000};  ///< Bound on metadata, fetch and delivery waits.
};

/// What a scan or replay saw and did.
struct redrive_report {
  std::uint64_t scanned = 0;      ///< Dead letters read.
  std::uint64_t matched = 0;      ///< Taken by the filter.
  std::uint64_t replayed = 0;     ///< Sent (or, in a dry run, would be sent) to a topic.
  std::uint64_t quarantined = 0;  ///< Sent (would be sent) to the quarantine topic.
  std::uint64_t unroutable = 0;   ///< Matched but no original topic and no target: left in place.
  dead_letter_histogram histogram;   ///< Of what was (would be) replayed; scan(): of everything.
  dead_letter_histogram quarantine;  ///< Of what was (would be) quarantined.
  bool complete = false;  ///< Reached the end of the topic (not stopped by limit or stop()).
  bool dry_run = false;
  std::vector<std::string> errors;  ///< Delivery or commit failures; the position stops before them.
};

/// The record that replays `e` (to `topic`, at `partition`; -1: by key).
inline record replay_record(const dead_letter_entry& e, std::string topic, std::int32_t partition) {
  record r;
  r.topic = std::move(topic);
  r.partition = partition;
  r.key = e.key;
  r.value = e.value;
  auto dead_letter_header = [](std::string_view n) {
    return n.substr(0, 4) == "dlq_" || n.substr(0, 10) == "kafka_dlt-" || n.substr(0, 16) == "__connect.errors";
  };
  for (const auto& [name, value] : e.headers)
    if (!dead_letter_header(name)) r.headers.emplace_back(name, value);
  r.headers.emplace_back(redrive_header::replay_count, std::to_string(e.replay_count + 1));
  r.headers.emplace_back(redrive_header::replayed_from,
                         e.dlq_topic + '/' + std::to_string(e.dlq_partition) + '/' + std::to_string(e.dlq_offset));
  return r;
}

/// Reads a dead-letter topic; replays what the filter takes. One redrive per thread; stop() from any.
class redrive {
 public:
  redrive(const config& cfg, redrive_options options) : cfg_(cfg), options_(std::move(options)) {
    if (options_.dlq_topic.empty()) throw std::invalid_argument("events: redrive: no dead-letter topic given");
    if (options_.group_id.empty()) options_.group_id = "events-dlq-redrive." + options_.dlq_topic;
    if (options_.quarantine_topic.empty()) options_.quarantine_topic = options_.dlq_topic + "-quarantine";
    if (options_.batch == 0) options_.batch = 1;
  }

  /// Problems with the options (the filter's contradictions, max_replays < 1).
  error_list validate() const {
    error_list out = options_.filter.validate();
    if (options_.max_replays < 1)
      out.push_back({"/max_replays", "greater_than_equal", "max_replays is at least 1",
                     std::to_string(options_.max_replays), 0, 0});
    return out;
  }

  /// Reads the whole topic (from its start, no group), counting every dead letter;
  /// `each(entry)` sees each one.
  redrive_report scan(const std::function<void(const dead_letter_entry&)>& each = {}) {
    redrive_report rep;
    read(false, [&](const dead_letter_entry& e) {
      ++rep.scanned;
      rep.histogram.add(e);
      if (each) each(e);
      return true;
    });
    rep.complete = true;
    return rep;
  }

  /// The dead letter at `offset` of `partition`, when there is one.
  std::optional<dead_letter_entry> at(std::int32_t partition, std::int64_t offset) {
    auto c = open(false);
    auto* tp = RdKafka::TopicPartition::create(options_.dlq_topic, partition, offset);
    std::vector<RdKafka::TopicPartition*> parts{tp};
    c->assign(parts);
    std::optional<dead_letter_entry> out;
    const auto deadline = std::chrono::steady_clock::now() + options_.timeout;
    while (!out && std::chrono::steady_clock::now() < deadline) {
      std::unique_ptr<RdKafka::Message> m{c->consume(100)};
      if (m->err() == RdKafka::ERR__PARTITION_EOF) break;
      if (m->err() == RdKafka::ERR_NO_ERROR && m->offset() == offset) out = read_dead_letter(message(*m));
      else if (m->err() == RdKafka::ERR_NO_ERROR && m->offset() > offset) break;  // compacted away
    }
    RdKafka::TopicPartition::destroy(parts);
    c->close();
    return out;
  }

  /// Replays from the group's position to the end of the topic as it is now. A dry run reads the
  /// same messages and reports what would go, sending and committing nothing.
  redrive_report replay(bool dry_run = false) {
    redrive_report rep;
    rep.dry_run = dry_run;
    std::unique_ptr<producer> out;
    if (!dry_run) {
      producer_options po;
      po.validate = false;  // the bytes are sent as they were received
      out = std::make_unique<producer>(cfg_, std::move(po));
    }
    struct pending {
      std::future<delivery> done;
      std::int32_t partition;
      std::int64_t offset;
    };
    std::vector<pending> batch;
    std::map<std::int32_t, std::int64_t> position;  // next offset to read, per DLQ partition
    bool failed = false;
    // Waits for the batch's acknowledgements; the position moves past the messages before the
    // first failure only.
    auto settle = [&](RdKafka::KafkaConsumer& c) {
      std::map<std::int32_t, std::int64_t> reached = position;
      for (auto& p : batch) {
        delivery d = p.done.get();
        if (!d.ok() && !failed) {
          failed = true;
          rep.errors.push_back(options_.dlq_topic + '/' + std::to_string(p.partition) + '/' +
                               std::to_string(p.offset) + ": " + d.error);
        }
        if (failed) {
          auto it = reached.find(p.partition);
          if (it != reached.end() && it->second > p.offset) it->second = p.offset;
        }
      }
      batch.clear();
      commit(c, reached, rep);
    };
    read(true, [&](const dead_letter_entry& e) {
      ++rep.scanned;
      position[e.dlq_partition] = e.dlq_offset + 1;
      if (!options_.filter.matches(e)) return true;
      ++rep.matched;
      const bool quarantine = e.replay_count >= options_.max_replays;
      std::string topic = quarantine ? options_.quarantine_topic
                                     : (options_.target_topic.empty() ? e.original_topic : options_.target_topic);
      if (topic.empty()) {
        ++rep.unroutable;
        return true;
      }
      if (quarantine) {
        ++rep.quarantined;
        rep.quarantine.add(e);
      } else {
        ++rep.replayed;
        rep.histogram.add(e);
      }
      if (out) {
        std::int32_t partition = -1;
        if (!quarantine && options_.keep_partition && topic == e.original_topic) partition = e.original_partition;
        record r = quarantine ? quarantine_record(e) : replay_record(e, topic, partition);
        batch.push_back({out->send(std::move(r)), e.dlq_partition, e.dlq_offset});
        if (batch.size() >= options_.batch) {
          out->flush(options_.timeout);
          settle(*consumer_);
        }
      }
      if (failed || stopping_) return false;
      return options_.limit == 0 || rep.replayed + rep.quarantined < options_.limit;
    }, [&](bool reached_end) {
      rep.complete = reached_end && !failed;
      if (out) {
        out->flush(options_.timeout);
        settle(*consumer_);
      }
    });
    if (out) out->close();
    return rep;
  }

  /// Makes a running replay stop after the message in hand; thread-safe.
  void stop() noexcept { stopping_ = true; }

  const redrive_options& options() const noexcept { return options_; }

 private:
  record quarantine_record(const dead_letter_entry& e) const {
    record r;
    r.topic = options_.quarantine_topic;
    r.key = e.key;
    r.value = e.value;
    r.headers = e.headers;
    return r;
  }

  std::unique_ptr<RdKafka::KafkaConsumer> open(bool grouped) {
    auto props = cfg_.for_client(client_kind::consumer);
    props["group.id"] = grouped ? options_.group_id : options_.group_id + ".scan";
    props["enable.auto.commit"] = "false";
    props["enable.auto.offset.store"] = "false";
    props["enable.partition.eof"] = "true";
    props["auto.offset.reset"] = "earliest";
    auto conf = kafka::detail::make_conf(props);
    std::string err;
    std::unique_ptr<RdKafka::KafkaConsumer> c{RdKafka::KafkaConsumer::create(conf.get(), err)};
    if (!c) throw error(RdKafka::ERR__INVALID_ARG, "redrive: " + err);
    return c;
  }

  // The partitions of the DLQ topic with their high watermarks now.
  std::map<std::int32_t, std::int64_t> ends(RdKafka::KafkaConsumer& c) {
    RdKafka::Metadata* md = nullptr;
    std::string err;
    std::unique_ptr<RdKafka::Topic> t{RdKafka::Topic::create(&c, options_.dlq_topic, nullptr, err)};
    if (!t) throw error(RdKafka::ERR__INVALID_ARG, "redrive: topic " + options_.dlq_topic + ": " + err);
    RdKafka::ErrorCode e = c.metadata(false, t.get(), &md, static_cast<int>(options_.timeout.count()));
    std::unique_ptr<RdKafka::Metadata> owned{md};
    if (e != RdKafka::ERR_NO_ERROR || md->topics()->empty())
      throw error(e, "redrive: metadata of " + options_.dlq_topic + ": " + RdKafka::err2str(e));
    const auto* topic = (*md->topics())[0];
    if (topic->err() != RdKafka::ERR_NO_ERROR)
      throw error(topic->err(), "redrive: " + options_.dlq_topic + ": " + RdKafka::err2str(topic->err()));
    std::map<std::int32_t, std::int64_t> out;
    for (const auto* p : *topic->partitions()) {
      std::int64_t low = 0, high = 0;
      RdKafka::ErrorCode we = c.query_watermark_offsets(options_.dlq_topic, p->id(), &low, &high,
                                                        static_cast<int>(options_.timeout.count()));
      if (we != RdKafka::ERR_NO_ERROR)
        throw error(we, "redrive: end offsets of " + options_.dlq_topic + ": " + RdKafka::err2str(we));
      out[p->id()] = high;
    }
    return out;
  }

  // Reads from the group's committed position (grouped) or the start, to the ends as they are
  // now; `each(entry)` returns false to stop; `finish(reached_end)` runs before the consumer closes.
  template <class Each, class Finish = void (*)(bool)>
  void read(bool grouped, Each&& each, Finish&& finish = [](bool) {}) {
    consumer_ = open(grouped);
    auto& c = *consumer_;
    auto high = ends(c);
    std::vector<RdKafka::TopicPartition*> parts;
    for (const auto& [p, h] : high) parts.push_back(RdKafka::TopicPartition::create(options_.dlq_topic, p));
    if (grouped) {
      RdKafka::ErrorCode e = c.committed(parts, static_cast<int>(options_.timeout.count()));
      if (e != RdKafka::ERR_NO_ERROR) {
        RdKafka::TopicPartition::destroy(parts);
        throw error(e, "redrive: committed position of " + options_.group_id + ": " + RdKafka::err2str(e));
      }
    }
    std::map<std::int32_t, std::int64_t> left;  // partitions with messages still to read: their end
    for (auto* tp : parts) {
      if (tp->offset() < 0) tp->set_offset(RdKafka::Topic::OFFSET_BEGINNING);
      if (high[tp->partition()] > (tp->offset() < 0 ? 0 : tp->offset())) left[tp->partition()] = high[tp->partition()];
    }
    c.assign(parts);
    RdKafka::TopicPartition::destroy(parts);
    bool go = true;
    auto idle_since = std::chrono::steady_clock::now();
    while (go && !left.empty()) {
      std::unique_ptr<RdKafka::Message> m{c.consume(100)};
      if (m->err() == RdKafka::ERR__PARTITION_EOF) {
        left.erase(m->partition());
        continue;
      }
      if (m->err() != RdKafka::ERR_NO_ERROR) {
        if (std::chrono::steady_clock::now() - idle_since > options_.timeout)
          throw error(m->err(), "redrive: reading " + options_.dlq_topic + ": " + m->errstr());
        continue;
      }
      idle_since = std::chrono::steady_clock::now();
      auto it = left.find(m->partition());
      if (it == left.end()) continue;
      if (m->offset() >= it->second) {  // arrived after the replay started: not this run's
        left.erase(it);
        continue;
      }
      go = each(read_dead_letter(message(*m)));
      if (m->offset() + 1 >= it->second) left.erase(it);
    }
    finish(left.empty());
    c.close();
    consumer_.reset();
  }

  void commit(RdKafka::KafkaConsumer& c, const std::map<std::int32_t, std::int64_t>& reached, redrive_report& rep) {
    if (reached.empty()) return;
    std::vector<RdKafka::TopicPartition*> parts;
    for (const auto& [p, next] : reached) parts.push_back(RdKafka::TopicPartition::create(options_.dlq_topic, p, next));
    RdKafka::ErrorCode e = c.commitSync(parts);
    RdKafka::TopicPartition::destroy(parts);
    if (e != RdKafka::ERR_NO_ERROR) rep.errors.push_back("commit of the position: " + RdKafka::err2str(e));
  }

  config cfg_;
  redrive_options options_;
  std::unique_ptr<RdKafka::KafkaConsumer> consumer_;
  std::atomic<bool> stopping_{false};
};

}  // namespace events::kafka
