#pragma once
/// \file Confluent's Schema Registry on Kafka: `registry_format`, the value_format a producer
/// frames its values with (0x00 + schema id + JSON, or the id in a `__value_schema_id` header)
/// and a consumer reads with: framed and plain messages on one topic (a topic in migration), the
/// writer's schema checked against the handler's type once per id before it decodes. What it
/// cannot read (an unknown id, a schema the handler's type cannot read, a bad magic byte) is
/// dead-lettered with the reason, a code of error_codes.hpp; a registry that cannot be reached at
/// publish fails the publish with that reason, and no unframed message is sent.
///
/// \code
/// events::schema_registry::client registry({.url = "http://127.0.0.1:8081"});
/// auto framing = std::make_shared<events::kafka::registry_format>(registry);
/// framing->add<events::flat_event<events::TodoCreated>>();  // the types it frames and reads
/// events::kafka::config cfg{{"bootstrap.servers", "127.0.0.1:9092"}};
/// events::kafka::producer out(cfg, {.source = "/todo-service", .values = framing});
/// events::kafka::consumer in(cfg, {.topics = {"todo-events"}, .group_id = "todo", .values = framing});
/// in.on<events::flat_event<events::TodoCreated>>([](const auto& ev) { (void)ev; });
/// \endcode
///
/// Types are given to the format, not found by it: a type's JSON Schema is built only for what a
/// service frames or reads this way (a framed message for a handler whose type was not given is
/// dead-lettered, schema_registry_unknown_type). The producer validates each event as usual
/// (producer_options::validate); the serializer_options' `validate` is not asked again.
#include <events/detail/type_name.hpp>
#include <events/error_codes.hpp>
#include <events/kafka/value_format.hpp>
#include <events/schema_registry/serde.hpp>

#include <atomic>
#include <cstdint>
#include <exception>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <utility>

namespace events::kafka {

/// How a registry_format writes (Confluent's serializer options: subject strategy, auto-register,
/// use-latest, a fixed id, frame or header placement) and reads (plain JSON accepted, writer schemas
/// checked).
struct registry_format_options {
  schema_registry::serializer_options write{};
  schema_registry::deserializer_options read{};
};

/// Confluent's Schema Registry wire format for a producer and a consumer (value_format). Give it
/// the event types it frames and reads with add() before a producer or consumer uses it; then it
/// is thread-safe. After the first message of a (type, topic) and of a writer id it asks the
/// registry nothing; a producer keeps the frame of a (type, topic) and asks the format no more.
class registry_format final : public value_format {
 public:
  explicit registry_format(schema_registry::schema_source& registry, registry_format_options options = {})
      : registry_(&registry), options_(std::move(options)) {}

  /// Frames and reads events of the types E (each added once; again is a no-op).
  template <class... E>
  registry_format& add() {
    (add_one<E>(), ...);
    return *this;
  }
  /// Frames and reads every type of a std::tuple of types (events::catalog_registry::types).
  template <class Tuple>
  registry_format& add_all() {
    return add_tuple(static_cast<Tuple*>(nullptr));
  }

  error_list frame(std::string_view type, std::string_view topic, value_frame& out) override {
    if (topic.empty()) return {};  // the producer refuses it: no topic
    auto it = types_.find(type);
    if (it == types_.end())
      return {fail(error_codes::schema_registry_unknown_type,
                   "registry_format: " + std::string(type) + " was not given to it (registry_format::add)")};
    std::uint32_t id = 0;
    if (error_list errors = it->second->schema_id(topic, id); !errors.empty()) return errors;
    const std::string bytes = schema_registry::id_header_value(id);  // 0x00 + id, in either placement
    bytes.copy(out.bytes, bytes.size());
    out.size = static_cast<std::uint8_t>(bytes.size());
    if (options_.write.placement == schema_registry::id_placement::header)
      out.header = options_.write.is_key ? schema_registry::key_schema_id_header : schema_registry::value_schema_id_header;
    return {};
  }

  read_value read(const message& m) override {
    read_value out{m.value(), std::nullopt, {}, {}};
    const std::string_view bytes = m.value();
    if (auto h = m.header(options_.write.is_key ? schema_registry::key_schema_id_header
                                                : schema_registry::value_schema_id_header)) {
      auto id = schema_registry::read_schema_id_header(*h);
      if (!id) return refuse(out, error_codes::schema_registry_header, "the schema-id header is neither 0x00 + id nor 0x01 + GUID");
      if (id->id) {
        out.schema_id = *id->id;
      } else if (events::error e = id_of(*id->guid, out.schema_id); !e.code.empty()) {
        return refuse(out, e.code, std::move(e.message));
      }
    } else if (!bytes.empty() && bytes[0] == schema_registry::magic_byte) {
      auto f = schema_registry::read_frame(bytes);
      if (!f) return refuse(out, error_codes::schema_registry_magic, "a message of " + std::to_string(bytes.size()) +
                                                                       " bytes starts with 0x00 but is too short for a frame");
      out.schema_id = f->id;
      out.json = f->payload;
    } else if (!bytes.empty() && static_cast<unsigned char>(bytes[0]) < 0x09) {
      return refuse(out, error_codes::schema_registry_magic, "unknown magic byte " + std::to_string(static_cast<int>(bytes[0])) +
                                                               ": not written by a Schema Registry serializer");
    } else if (!options_.read.accept_plain) {
      return refuse(out, error_codes::schema_registry_unframed, "a plain JSON message where a framed one was expected");
    }
    return out;
  }

  error_list admit(const read_value& v, std::string_view type) override {
    if (!v.schema_id) return {};
    auto it = types_.find(type);
    if (it == types_.end())
      return {fail(error_codes::schema_registry_unknown_type,
                   "schema id " + std::to_string(*v.schema_id) + " cannot be checked against " + std::string(type) +
                       ", which was not given to the registry_format (registry_format::add)")};
    return it->second->verdict(*v.schema_id);
  }

  /// The subject events of type E are registered under on `topic`.
  template <class E>
  std::string subject(std::string_view topic) const {
    return schema_registry::subject_name(options_.write.strategy, topic, schema_registry::record_name<E>(),
                                         options_.write.is_key);
  }

 private:
  struct entry {
    virtual ~entry() = default;
    virtual error_list schema_id(std::string_view topic, std::uint32_t& id) = 0;
    virtual error_list verdict(std::uint32_t id) = 0;
  };

  template <class E>
  struct typed final : entry {
    typed(schema_registry::schema_source& r, const registry_format_options& o) : ser(r, o.write), de(r, o.read) {}
    schema_registry::serializer<E> ser;
    schema_registry::deserializer<E> de;

    error_list schema_id(std::string_view topic, std::uint32_t& id) override {
      try {
        id = ser.schema_id(topic);
      } catch (const schema_registry::registry_error& e) {
        return {ser.registry_failure(e, ser.subject(topic))};
      } catch (const std::exception& e) {  // an answer that is not what the REST API promises
        return {fail(error_codes::schema_registry_refused, "schema registry, subject " + ser.subject(topic) + ": " + e.what())};
      }
      return {};
    }
    // The steady state (the id of the last message, already found readable) takes no lock.
    error_list verdict(std::uint32_t id) override {
      if (id + std::uint64_t{1} == last_readable.load(std::memory_order_relaxed)) return {};
      error_list errors = de.verdict(id);
      if (errors.empty()) last_readable.store(id + std::uint64_t{1}, std::memory_order_relaxed);
      return errors;
    }
    std::atomic<std::uint64_t> last_readable{0};  // id + 1; 0: none yet
  };

  template <class... E>
  registry_format& add_tuple(std::tuple<E...>*) {
    return add<E...>();
  }
  template <class E>
  void add_one() {
    std::string_view name = events::detail::qualified_type_name<E>();
    if (!types_.count(name)) types_.emplace(name, std::make_unique<typed<E>>(*registry_, options_));
  }

  static events::error fail(std::string_view code, std::string message) {
    events::error e;
    e.code = std::string(code);
    e.message = std::move(message);
    return e;
  }
  static read_value refuse(read_value& out, std::string_view code, std::string reason) {
    out.code = std::string(code);
    out.reason = std::move(reason);
    return std::move(out);
  }

  // The id of a GUID (Schema Registry 8's header form), asked once per GUID.
  events::error id_of(const schema_registry::schema_guid& g, std::optional<std::uint32_t>& id) {
    std::lock_guard lock(guids_mu_);
    auto it = guids_.find(g.to_string());
    if (it == guids_.end()) {
      try {
        auto info = registry_->schema_by_guid(g);
        if (info.id == 0) return fail(error_codes::schema_registry_unknown_id, "schema " + g.to_string() + ": no id");
        it = guids_.emplace(g.to_string(), info.id).first;
      } catch (const schema_registry::registry_error& e) {
        return fail(e.status() == 0 ? error_codes::schema_registry_unavailable
                    : e.code() == 40403 ? error_codes::schema_registry_unknown_id
                                        : error_codes::schema_registry_refused,
                    "schema " + g.to_string() + ": " + e.what());
      }
    }
    id = it->second;
    return {};
  }

  schema_registry::schema_source* registry_;
  registry_format_options options_;
  std::unordered_map<std::string_view, std::unique_ptr<entry>> types_;
  std::mutex guids_mu_;
  std::map<std::string, std::uint32_t, std::less<>> guids_;
};

}  // namespace events::kafka
