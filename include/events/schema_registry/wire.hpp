#pragma once
/// \file Confluent's wire format for JSON values: the magic byte 0x00, the schema id as 4 bytes
/// big-endian, then the JSON text; and Schema Registry 8's header form, where the payload stays
/// plain and a `__value_schema_id` (or `__key_schema_id`) header carries 0x01 + a 16-byte GUID.
///
/// \code
/// std::string out;
/// events::schema_registry::write_frame(out, 7);     // "\0\0\0\0\x07"
/// out += R"({"title":"x"})";
/// auto f = events::schema_registry::read_frame(out);  // f->id == 7, f->payload == {"title":"x"}
/// \endcode
#include <events/detail/same_text.hpp>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace events::schema_registry {

/// The first byte of a framed message: Confluent's MAGIC_BYTE.
inline constexpr char magic_byte = '\0';
/// The first byte of a schema-id header holding a GUID (Schema Registry 8).
inline constexpr char guid_header_magic = '\x01';
/// Magic byte and 4-byte id.
inline constexpr std::size_t frame_size = 5;
/// The header that carries a value's schema id in the header form.
inline constexpr std::string_view value_schema_id_header = "__value_schema_id";
/// The header that carries a key's schema id in the header form.
inline constexpr std::string_view key_schema_id_header = "__key_schema_id";

/// A schema's GUID (Schema Registry 8), as 16 bytes.
struct schema_guid {
  std::array<unsigned char, 16> bytes{};
  friend bool operator==(const schema_guid&, const schema_guid&) = default;

  /// The canonical text form, "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx", lowercase.
  std::string to_string() const {
    static constexpr char hex[] = "0123456789abcdef";
    std::string s;
    for (std::size_t i = 0; i < bytes.size(); ++i) {
      if (i == 4 || i == 6 || i == 8 || i == 10) s += '-';
      s += hex[bytes[i] >> 4];
      s += hex[bytes[i] & 15];
    }
    return s;
  }
  /// Parses the canonical text form (either case); nullopt otherwise.
  static std::optional<schema_guid> parse(std::string_view s) {
    if (s.size() != 36) return std::nullopt;
    schema_guid g;
    std::size_t at = 0;
    for (std::size_t i = 0; i < 36; ++i) {
      if (i == 8 || i == 13 || i == 18 || i == 23) {
        if (s[i] != '-') return std::nullopt;
        continue;
      }
      const char c = s[i];
      int v = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
      if (v < 0) return std::nullopt;
      g.bytes[at / 2] = static_cast<unsigned char>(at % 2 ? g.bytes[at / 2] | v : v << 4);
      ++at;
    }
    return g;
  }
};

/// Appends the 5-byte frame (magic byte, id big-endian) to `out`; the JSON follows it.
inline void write_frame(std::string& out, std::uint32_t id) {
  const char frame[frame_size] = {magic_byte, static_cast<char>(id >> 24), static_cast<char>(id >> 16),
                                  static_cast<char>(id >> 8), static_cast<char>(id)};
  out.append(frame, frame_size);
}

/// A framed message taken apart: the writer's schema id and the JSON after the frame.
struct frame {
  std::uint32_t id = 0;
  std::string_view payload;
};

/// True when `bytes` starts with a frame: the magic byte 0x00 and room for the id. A JSON text
/// never starts with 0x00, so framed and plain messages on one topic are told apart by this.
constexpr bool is_framed(std::string_view bytes) noexcept {
  return bytes.size() >= frame_size && bytes[0] == magic_byte;
}

/// The id and payload of a framed message; nullopt when `bytes` is not framed.
inline std::optional<frame> read_frame(std::string_view bytes) noexcept {
  if (!is_framed(bytes)) return std::nullopt;
  auto b = [&](std::size_t i) { return static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i])); };
  return frame{b(1) << 24 | b(2) << 16 | b(3) << 8 | b(4), bytes.substr(frame_size)};
}

/// A schema id as a header carries it: a 4-byte id (0x00 + id) or a GUID (0x01 + 16 bytes).
struct header_schema_id {
  std::optional<std::uint32_t> id;
  std::optional<schema_guid> guid;
};

/// The value of a `__value_schema_id` header for `guid`: 0x01 + its 16 bytes.
inline std::string guid_header_value(const schema_guid& guid) {
  std::string out(1, guid_header_magic);
  out.append(reinterpret_cast<const char*>(guid.bytes.data()), guid.bytes.size());
  return out;
}

/// The value of a schema-id header holding a numeric id: 0x00 + the id, 4 bytes big-endian.
inline std::string id_header_value(std::uint32_t id) {
  std::string out;
  write_frame(out, id);
  return out;
}

/// Reads a schema-id header's value; nullopt when it is neither form.
inline std::optional<header_schema_id> read_schema_id_header(std::string_view v) {
  if (v.size() == frame_size && v[0] == magic_byte) return header_schema_id{read_frame(v)->id, std::nullopt};
  if (v.size() == 17 && v[0] == guid_header_magic) {
    schema_guid g;
    for (std::size_t i = 0; i < 16; ++i) g.bytes[i] = static_cast<unsigned char>(v[i + 1]);
    return header_schema_id{std::nullopt, g};
  }
  return std::nullopt;
}

}  // namespace events::schema_registry
