#pragma once
/// \file Confluent's JSON serde for typed events: `serializer<T>` registers (or looks up) T's schema
/// under the subject its strategy names and frames the event's JSON as 0x00 + id + JSON;
/// `deserializer<T>` reads framed messages (the id in the frame, or in a `__value_schema_id`
/// header with the payload plain) and plain JSON alike, and before the first message of each
/// writer schema id checks that T can read what that schema allows (Confluent's JSON Schema
/// rules, events::check_compatibility), once per id.
///
/// A serde asks a `schema_source` for ids and schemas: `client` (events/schema_registry/client.hpp,
/// over HTTP, cached) or `store_source` (a `store` in the same process). After the first message
/// of a subject neither direction asks anything: the id and the verdict are kept.
///
/// <!-- given: #include <events/catalog/todo_events.hpp>
/// events::flat_event<events::TodoCreated> ev; -->
/// \code
/// events::schema_registry::client registry({.url = "http://127.0.0.1:8081"});
/// events::schema_registry::serializer<events::flat_event<events::TodoCreated>> ser(registry);
/// std::string bytes = ser.serialize(ev, "todo-events").value();    // 0x00, id, JSON
/// events::schema_registry::deserializer<events::flat_event<events::TodoCreated>> de(registry);
/// auto back = de.deserialize(bytes);                                 // the event, or every error
/// \endcode
#include <events/detail/json_out.hpp>
#include <events/error.hpp>
#include <events/error_codes.hpp>
#include <events/json.hpp>
#include <events/schema/schema_compat.hpp>
#include <events/schema_registry/store.hpp>
#include <events/schema_registry/subject.hpp>
#include <events/schema_registry/wire.hpp>
#include <events/validate.hpp>

#include <nlohmann/json.hpp>

#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

namespace events::schema_registry {

/// The stable codes of the serde's errors (events::error::code), as events/error_codes.hpp lists them.
namespace error_codes {
inline constexpr std::string_view unavailable = events::error_codes::schema_registry_unavailable;  ///< The registry could not be reached.
inline constexpr std::string_view refused = events::error_codes::schema_registry_refused;  ///< The registry answered with an error.
inline constexpr std::string_view unknown_magic = events::error_codes::schema_registry_magic;  ///< Framed-looking bytes with a magic byte that is not 0.
inline constexpr std::string_view unknown_schema = events::error_codes::schema_registry_unknown_id;  ///< No schema has the message's id.
inline constexpr std::string_view incompatible = events::error_codes::schema_incompatible;  ///< The writer's schema allows what T cannot read.
inline constexpr std::string_view unframed = events::error_codes::schema_registry_unframed;  ///< A plain message where only framed ones are accepted.
inline constexpr std::string_view bad_header = events::error_codes::schema_registry_header;  ///< A schema-id header in neither form.
}  // namespace error_codes

/// An error a registry answered with (status and Confluent error code), or a transport failure
/// (status 0: nothing was answered).
class registry_error : public std::runtime_error {
 public:
  registry_error(int status, int code, const std::string& message)
      : std::runtime_error(message), status_(status), code_(code) {}
  /// HTTP status; 0 when the registry could not be reached.
  int status() const noexcept { return status_; }
  /// Confluent's error_code (40401, 40403, 409, 42201 ...); 0 when there is none.
  int code() const noexcept { return code_; }

 private:
  int status_;
  int code_;
};

/// A schema as registered under a subject.
struct registered_schema_info {
  std::uint32_t id = 0;
  int version = 0;
  std::string subject;
  std::string schema;
  std::string guid;
};

/// What a serde needs of a registry. Each call may throw registry_error.
class schema_source {
 public:
  virtual ~schema_source() = default;
  /// Registers `schema` under `subject` (idempotent); its id.
  virtual std::uint32_t register_schema(const std::string& subject, const std::string& schema, bool normalize) = 0;
  /// The registration of `schema` under `subject` (40401 / 40403 when there is none).
  virtual registered_schema_info lookup_schema(const std::string& subject, const std::string& schema, bool normalize) = 0;
  /// The latest version under `subject`.
  virtual registered_schema_info latest_version(const std::string& subject) = 0;
  /// The schema text of an id (40403 when unknown).
  virtual std::string schema_by_id(std::uint32_t id) = 0;
  /// The id and schema text of a GUID (Schema Registry 8's header form).
  virtual registered_schema_info schema_by_guid(const schema_guid& guid) = 0;
};

/// A schema_source over a store in this process: no network, the store's own answers.
class store_source : public schema_source {
 public:
  explicit store_source(store& s) : store_(&s) {}
  std::uint32_t register_schema(const std::string& subject, const std::string& schema, bool) override {
    return ask("POST", "/subjects/" + subject + "/versions", body(schema)).at("id").get<std::uint32_t>();
  }
  registered_schema_info lookup_schema(const std::string& subject, const std::string& schema, bool) override {
    return info(ask("POST", "/subjects/" + subject, body(schema)));
  }
  registered_schema_info latest_version(const std::string& subject) override {
    return info(ask("GET", "/subjects/" + subject + "/versions/latest", ""));
  }
  std::string schema_by_id(std::uint32_t id) override {
    return ask("GET", "/schemas/ids/" + std::to_string(id), "").at("schema").get<std::string>();
  }
  registered_schema_info schema_by_guid(const schema_guid& g) override {
    auto s = ask("GET", "/schemas/guids/" + g.to_string(), "").at("schema").get<std::string>();
    auto ids = ask("GET", "/schemas/guids/" + g.to_string() + "/versions", "");
    registered_schema_info r;
    r.schema = s;
    r.guid = g.to_string();
    if (!ids.empty()) r.id = info(ask("GET", "/subjects/" + ids[0].at("subject").get<std::string>() + "/versions/" +
                                                 std::to_string(ids[0].at("version").get<int>()), "")).id;
    return r;
  }

  static registered_schema_info info(const nlohmann::json& j) {
    return {j.at("id").get<std::uint32_t>(), j.at("version").get<int>(), j.at("subject").get<std::string>(),
            j.at("schema").get<std::string>(), j.value("guid", std::string())};
  }

 private:
  static std::string body(const std::string& schema) {
    return nlohmann::json{{"schemaType", "JSON"}, {"schema", schema}}.dump();
  }
  nlohmann::json ask(const char* method, const std::string& path, const std::string& b) {
    auto r = store_->handle(method, path, {}, b);
    if (r.status != 200)
      throw registry_error(r.status, r.body.value("error_code", 0), r.body.value("message", std::string()));
    return r.body;
  }
  store* store_;
};

/// Appends Confluent's frame (0x00 + `id`) and the JSON of `value` to `out` through one write
/// cursor: one room for both, no second append or copy.
template <class T>
[[gnu::noinline]] void write_framed(std::string& out, std::uint32_t id, const T& value) {
  events::detail::json_out cursor(out);
  char* p = cursor.room(frame_size);
  p[0] = magic_byte;
  for (int i = 0; i < 4; ++i) p[1 + i] = static_cast<char>(id >> (24 - 8 * i));
  cursor.commit(p + frame_size);
  events::detail::write_value(cursor, value);
}

/// Where the schema id goes: in the frame (Confluent's wire format), or in a header with the payload plain.
enum class id_placement { frame, header };

/// A serializer's choices, with the defaults of Confluent's serializers.
struct serializer_options {
  bool auto_register = true;                    ///< Register T's schema when the subject lacks it (auto.register.schemas).
  bool use_latest = false;                      ///< Write with the subject's latest id, registering nothing (use.latest.version).
  std::optional<std::uint32_t> use_schema_id;   ///< Write with this id, asking nothing (use.schema.id).
  bool normalize = false;                       ///< Ask the registry to normalize the schema (normalize.schemas).
  bool validate = true;                         ///< Check the event's constraints before writing (validate).
  subject_strategy strategy = subject_strategy::topic;  ///< subject.name.strategy.
  bool is_key = false;                          ///< Serializes keys: subjects end in "-key".
  id_placement placement = id_placement::frame;  ///< Frame (default) or header form.
};

/// Writes T as Confluent's framed JSON.
template <class T>
class serializer {
 public:
  explicit serializer(schema_source& registry, serializer_options options = {})
      : registry_(&registry), options_(std::move(options)) {}

  /// The subject T is written under on `topic`.
  std::string subject(std::string_view topic) const {
    return subject_name(options_.strategy, topic, record_name<T>(), options_.is_key);
  }

  /// The schema id T is written with on `topic` (registered or looked up on first use, then kept).
  /// Throws registry_error.
  std::uint32_t schema_id(std::string_view topic) {
    if (const std::uint32_t* id = kept_id(topic)) return *id;
    return first_id(topic, key_of(topic));
  }

  /// Appends the framed message to `out` (or the plain JSON, and sets `header` to the id header's
  /// value, in the header form); the errors, empty on success. A registry that cannot be reached
  /// is an error (schema_registry_unavailable), never an unframed message.
  error_list serialize_to(const T& value, std::string_view topic, std::string& out, std::string* header = nullptr) {
    // The steady state without validation (the topic's id kept, the frame placement) in a few
    // inlined instructions; the rest out of line.
    if (const std::uint32_t* id = kept_id(topic); id && !options_.validate && options_.placement == id_placement::frame) {
      write_framed(out, *id, value);
      return {};
    }
    return serialize_rest(value, topic, out, header);
  }

  /// The framed message, or every error.
  result<std::string> serialize(const T& value, std::string_view topic) {
    std::string out;
    if (auto errors = serialize_to(value, topic, out); !errors.empty()) return errors;
    return out;
  }

  /// The schema this serializer registers: registered_schema_text<T>().
  static const std::string& schema_text() {
    static const std::string text = registered_schema_text<T>();
    return text;
  }

  const serializer_options& options() const noexcept { return options_; }

  /// An error describing a registry failure for `subject`.
  static error registry_failure(const registry_error& e, const std::string& subject) {
    error err;
    err.code = std::string(e.status() == 0 ? error_codes::unavailable : error_codes::refused);
    err.message = "schema registry, subject " + subject + ": " + e.what();
    if (e.code() != 0) err.message += " (error code " + std::to_string(e.code()) + ")";
    return err;
  }

 private:
  // The id kept for `topic`: the fixed one, or the last topic's, whose slot (a node of ids_, never
  // moved or freed while the serializer lives) is read without a lock; null when not kept.
  const std::uint32_t* kept_id(std::string_view topic) const noexcept {
    if (options_.use_schema_id) return &*options_.use_schema_id;
    const auto* last = last_.load(std::memory_order_acquire);
    return last && events::detail::same_text(last->first, key_of(topic)) ? &last->second : nullptr;
  }
  std::string_view key_of(std::string_view topic) const noexcept {
    return options_.strategy == subject_strategy::record ? std::string_view() : topic;
  }

  [[gnu::noinline]] error_list serialize_rest(const T& value, std::string_view topic, std::string& out, std::string* header) {
    if (options_.validate)
      if (auto errors = events::validate(value); !errors.empty()) return errors;
    std::uint32_t id = 0;
    try {
      id = schema_id(topic);
    } catch (const registry_error& e) {
      return {registry_failure(e, subject(topic))};
    }
    if (options_.placement == id_placement::header) {
      if (header) *header = id_header_value(id);
      events::to_json(out, value);
    } else {
      write_framed(out, id, value);
    }
    return {};
  }

  // The id of a topic not the last one: kept per key, asked of the registry once.
  [[gnu::noinline]] std::uint32_t first_id(std::string_view topic, std::string_view key) {
    std::lock_guard lock(mutex_);
    auto it = ids_.find(key);
    if (it == ids_.end()) {
      const std::string s = subject(topic);
      std::uint32_t id = options_.use_latest      ? registry_->latest_version(s).id
                         : options_.auto_register ? registry_->register_schema(s, schema_text(), options_.normalize)
                                                  : registry_->lookup_schema(s, schema_text(), options_.normalize).id;
      it = ids_.emplace(std::string(key), id).first;
    }
    last_.store(&*it, std::memory_order_release);
    return it->second;
  }

  schema_source* registry_;
  serializer_options options_;
  std::mutex mutex_;
  std::map<std::string, std::uint32_t, std::less<>> ids_;  // by topic ("" for the record strategy)
  std::atomic<const std::pair<const std::string, std::uint32_t>*> last_{nullptr};
};

/// A deserializer's choices.
struct deserializer_options {
  bool accept_plain = true;           ///< Plain JSON (no frame, no header) is read too: a topic in migration.
  bool check_writer_schema = true;    ///< Refuse ids whose schema T cannot read (checked once per id).
  decode_options decode{};            ///< Limits and leniency of the JSON decode.
};

/// Reads Confluent's framed JSON (and plain JSON) into T.
template <class T>
class deserializer {
 public:
  explicit deserializer(schema_source& registry, deserializer_options options = {})
      : registry_(&registry), options_(std::move(options)) {}

  /// The event in a framed message, a plain one, or a plain one whose schema id is in `header`
  /// (the `__value_schema_id` header's value); or every error.
  result<T> deserialize(std::string_view bytes, std::optional<std::string_view> header = std::nullopt) {
    std::string_view json = bytes;
    std::optional<std::uint32_t> id;
    if (header) {
      auto h = read_schema_id_header(*header);
      if (!h) return one(error_codes::bad_header, "the schema-id header is neither 0x00 + 4-byte id nor 0x01 + GUID");
      if (h->id) {
        id = *h->id;
      } else {
        auto v = verdict_for_guid(*h->guid);
        if (!v.empty()) return v;
      }
    } else if (!bytes.empty() && (bytes[0] == magic_byte)) {
      auto f = read_frame(bytes);
      if (!f) return one(error_codes::unknown_magic, "a message of " + std::to_string(bytes.size()) +
                                                         " bytes starts with 0x00 but is too short for a frame");
      id = f->id;
      json = f->payload;
    } else if (!bytes.empty() && static_cast<unsigned char>(bytes[0]) < 0x09) {
      return one(error_codes::unknown_magic, "unknown magic byte " + std::to_string(static_cast<int>(bytes[0])) +
                                                 ": not produced by a Confluent Schema Registry serializer");
    } else if (!options_.accept_plain) {
      return one(error_codes::unframed, "a plain JSON message where a framed one was expected");
    }
    // The steady state: the id of the last message, already found readable, asks nothing.
    if (id && *id + std::uint64_t{1} != last_readable_.load(std::memory_order_relaxed)) {
      if (auto v = verdict(*id); !v.empty()) return v;
      last_readable_.store(*id + std::uint64_t{1}, std::memory_order_relaxed);
    }
    return events::from_json<T>(json, options_.decode);
  }

  /// The errors of reading ids `id`'s messages: empty when T reads them (kept per id).
  error_list verdict(std::uint32_t id) {
    std::lock_guard lock(mutex_);
    auto it = verdicts_.find(id);
    if (it != verdicts_.end()) return it->second;
    error_list errors;
    try {
      errors = check(registry_->schema_by_id(id), "schema id " + std::to_string(id));
    } catch (const registry_error& e) {
      if (e.status() == 0)  // not a verdict: the registry may answer next time
        return {make(error_codes::unavailable, "schema registry, schema id " + std::to_string(id) + ": " + e.what())};
      errors = {make(e.code() == 40403 ? error_codes::unknown_schema : error_codes::refused,
                     "schema id " + std::to_string(id) + ": " + e.what())};
    }
    verdicts_.emplace(id, errors);
    return errors;
  }

  /// How many writer ids have been checked (each is asked of the registry once).
  std::size_t checked_ids() const {
    std::lock_guard lock(mutex_);
    return verdicts_.size();
  }

 private:
  static error make(std::string_view code, std::string message) {
    error e;
    e.code = std::string(code);
    e.message = std::move(message);
    return e;
  }
  static result<T> one(std::string_view code, std::string message) { return error_list{make(code, std::move(message))}; }

  error_list verdict_for_guid(const schema_guid& g) {
    try {
      auto info = registry_->schema_by_guid(g);
      if (info.id != 0) return verdict(info.id);
      return check(info.schema, "schema " + g.to_string());
    } catch (const registry_error& e) {
      return {make(e.status() == 0 ? error_codes::unavailable : e.code() == 40403 ? error_codes::unknown_schema
                                                                                    : error_codes::refused,
                   "schema " + g.to_string() + ": " + e.what())};
    }
  }

  error_list check(const std::string& writer_text, const std::string& what) const {
    if (!options_.check_writer_schema) return {};
    nlohmann::json writer = nlohmann::json::parse(writer_text, nullptr, false);
    if (writer.is_discarded()) return {make(error_codes::refused, what + ": the registry's schema is not JSON")};
    static const nlohmann::json reader = nlohmann::json::parse(registered_schema_text<T>());
    error_list errors;
    for (const auto& p : check_compatibility(compat_mode::backward, {writer, reader})) {
      error e = make(error_codes::incompatible, what + ": " + p.message);
      e.path = p.path;
      e.input = p.change;
      errors.push_back(std::move(e));
    }
    return errors;
  }

  schema_source* registry_;
  deserializer_options options_;
  mutable std::mutex mutex_;
  std::unordered_map<std::uint32_t, error_list> verdicts_;
  std::atomic<std::uint64_t> last_readable_{0};  // id + 1 of the last id found readable; 0: none
};

}  // namespace events::schema_registry
