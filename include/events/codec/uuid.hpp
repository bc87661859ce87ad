#pragma once
/// \file Codec of events::uuid: the hyphenated form out; in, what Pydantic's UUID takes.
#include <events/codec/core.hpp>
#include <events/uuid.hpp>

#include <string>
#include <string_view>

namespace events {

/// A UUID as a JSON string.
template <>
struct codec<uuid> {
  /// The hyphenated form, what `format: uuid` means. uuid::parse is more lenient (like Pydantic it
  /// also takes 32 digits, {braces} and urn:uuid:); the schema states the canonical form we write.
  static constexpr const char* pattern =
      "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";

  static void write(detail::json_out& out, const uuid& v) {
    char* d = out.room(uuid::text_size + 2);
    d[0] = '"';
    v.write(d + 1);
    d[uuid::text_size + 1] = '"';
    out.commit(d + uuid::text_size + 2);
  }
  static void write(std::string& out, const uuid& v) { detail::write_through(out, v); }
  static void read(decode_context& ctx, uuid& out) {
    // The hyphenated form right at the cursor: 36 hex digits and hyphens are plain text, so the
    // string is exactly them. Anything else (whitespace first included) by the general path.
    const std::string_view ahead = ctx.reader.string_ahead(uuid::text_size);
    uuid u;
    if (!ahead.empty() && uuid::parse_hyphenated(ahead.data(), u)) {
      ctx.reader.take_string(uuid::text_size);
      out = u;
      return;
    }
    read_general(ctx, out);
  }
  // Out of line: the fast path above keeps no frame for it.
  [[gnu::noinline]] static void read_general(decode_context& ctx, uuid& out) {
    std::string_view s;
    if (!ctx.read_text(s, error_codes::uuid_type, "UUID input should be a string")) return;
    if (auto u = uuid::parse(s))
      out = *u;
    else
      ctx.fail(error_codes::uuid_parsing, "Input should be a valid UUID", detail::shorten(s));
  }
  // Validators need not assert `format` (jsonschema does not for uuid under draft-07): the
  // pattern makes every validator hold the same line.
  template <class B, class J>
  static void schema(B&, J& s) { s = {{"type", "string"}, {"format", "uuid"}, {"pattern", pattern}}; }
  template <class S>
  static void sample(uuid& v, S& s, std::string_view) { v = s.fresh_id(); }
};

}  // namespace events
