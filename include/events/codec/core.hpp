#pragma once
/// \file The customization point: events::codec<T> gives T its JSON (write and read), its
/// validation, its JSON Schema, its samples and what compat needs. One specialization per field
/// kind lives in this folder; specialize it for a type of yours and every feature knows it.
///
/// <!-- given: struct semver { int major = 0, minor = 0, patch = 0; }; -->
/// \code
/// template <> struct events::codec<semver> {
///   static void write(std::string& out, const semver& v);           // required
///   static void read(events::decode_context& ctx, semver& v);       // required
///   template <class B, class J> static void schema(B&, J& s);       // required for json_schema
///   static void validate(const semver&, events::validate_context&); // optional
///   template <class S> static void sample(semver&, S& s, std::string_view field);  // optional
///   template <class W> static constexpr bool reads();              // optional, for compat
/// };
/// \endcode
///
/// The built-in codecs write through a detail::json_out (a cursor into the output string) instead
/// of appending piece by piece; a codec such as the one above, that appends to a std::string, is
/// handed the string with everything written before it.
#include <events/codec/context.hpp>
#include <events/detail/json_out.hpp>

#include <algorithm>
#include <concepts>
#include <cstddef>
#include <string>
#include <string_view>
#include <type_traits>

namespace events {

/// The JSON codec of T. Unspecialized: T has no JSON form (a compile error names the field).
template <class T>
struct codec {
  static constexpr bool unsupported = true;
};

/// A type with a codec: it can be a field of an event.
template <class T>
concept has_codec = !requires { codec<T>::unsupported; };

namespace detail {

template <class T>
constexpr void require_codec() {
  static_assert(has_codec<T>,
                "events: no events::codec<T> for this type (named in the instantiation); specialize "
                "events::codec<T> with write, read and schema (see examples/custom_codec.cpp)");
}

/// T's codec writes through the raw buffer (the built-in ones do).
template <class T>
concept buffer_writer = requires(json_out& out, const T& v) { codec<T>::write(out, v); };

/// T's codec also writes a value of at most codec<T>::max_size bytes at a raw pointer, returning
/// its end (numbers, booleans): a sequence of them makes room once for many.
template <class T>
concept bounded_writer = requires(char* d, const T& v) {
  { codec<T>::format(d, v) } -> std::same_as<char*>;
  { codec<T>::max_size } -> std::convertible_to<std::size_t>;
};

/// Writes the JSON of v at the cursor.
template <class T>
void write_value(json_out& out, const T& v) {
  require_codec<T>();
  if constexpr (buffer_writer<T>)
    codec<T>::write(out, v);
  else if constexpr (has_codec<T>)
    out.through_string([&](std::string& s) { codec<T>::write(s, v); });
}

/// Appends the JSON of v.
template <class T>
void write_value(std::string& out, const T& v) {
  require_codec<T>();
  if constexpr (buffer_writer<T>) {
    json_out cursor(out);
    codec<T>::write(cursor, v);
  } else if constexpr (has_codec<T>) {
    codec<T>::write(out, v);
  }
}

/// A built-in codec's write for a caller holding a std::string (a user's codec wrapping it).
template <class T>
void write_through(std::string& out, const T& v) {
  json_out cursor(out, 64);
  codec<T>::write(cursor, v);
}

/// Reads the value at the reader's cursor into v, recording errors at the current path.
template <class T>
void read_value(decode_context& ctx, T& v) {
  require_codec<T>();
  if constexpr (has_codec<T>) codec<T>::read(ctx, v);
}

/// read_value behind a pointer: one function per type, however many fields or documents have it.
template <class T>
void read_erased(decode_context& ctx, void* v) {
  read_value(ctx, *static_cast<T*>(v));
}

/// The part of decoding that no type changes: the size limit, the context, the end of the
/// input, the errors. One function for every type: each type adds only its read.
[[gnu::noinline]] inline error_list decode_erased(std::string_view text, void* out,
                                                  void (*read)(decode_context&, void*),
                                                  const decode_options& options) {
  if (text.size() > options.max_input_bytes)
    return {{"", std::string(error_codes::json_too_large),
             "Input of " + std::to_string(text.size()) + " bytes exceeds the limit of " +
                 std::to_string(options.max_input_bytes),
             {}}};
  decode_context ctx(text, options);
  read(ctx, out);
  if (!ctx.reader.failed()) ctx.reader.finish();
  if (ctx.reader.failed()) {
    const auto& e = ctx.reader.error();
    return {{"", std::string(e.code), e.message, shorten(text.substr(std::min(e.offset, text.size())), 32),
             e.line, e.column}};
  }
  return std::move(ctx.errors);
}

/// Decodes one complete document into `out`; returns every error (empty on success).
template <class T>
error_list decode(std::string_view text, T& out, const decode_options& options) {
  return decode_erased(text, &out, &read_erased<T>, options);
}

/// A kind that holds any JSON value (events::json_value, nlohmann::json).
template <class T>
concept free_form = requires { codec<T>::free_form; };

/// T's kind checks values built in code (codec<T>::validate exists). Wrappers (optional,
/// sequences, maps) validate only when their element does, so an object's check walks (and
/// builds paths for) only the fields that can fail.
template <class T>
concept validates = requires(const T& v, validate_context& c) { codec<T>::validate(v, c); };

/// Checks what decoding would check of a value built in code.
template <class T>
void validate_value(const T& v, validate_context& ctx) {
  if constexpr (requires { codec<T>::validate(v, ctx); }) codec<T>::validate(v, ctx);
}

/// Fills v with a realistic value, when the kind knows how (a constant, such as an envelope's
/// event_type, stays as it is).
template <class T, class S>
void sample_value(T& v, S& s, std::string_view field) {
  if constexpr (std::is_const_v<T>)
    return;
  else if constexpr (requires { codec<T>::sample(v, s, field); })
    codec<T>::sample(v, s, field);
}

/// Does a reader of R accept every value a writer of W writes? The kind of R decides. A writer
/// with constraints writes what its unconstrained value writes; readers that wrap another kind
/// (optional, free-form JSON) look at the writer first.
template <class R, class W>
constexpr bool reads_type() {
  if constexpr (std::is_same_v<R, W>)
    return true;
  else if constexpr (requires { codec<R>::reads_wrapped; })
    return codec<R>::template reads<W>();
  else if constexpr (requires { typename codec<W>::writes_as; })
    return reads_type<R, typename codec<W>::writes_as>();
  else if constexpr (requires { codec<R>::template reads<W>(); })
    return codec<R>::template reads<W>();
  else
    return false;
}

}  // namespace detail
}  // namespace events
