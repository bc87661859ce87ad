#pragma once
/// \file Codec of objects: reflected aggregates and envelopes, field by field through their
/// field_table; and of literal fields (event_type, event_version), fixed by the type.
#include <events/codec/core.hpp>
#include <events/field_table.hpp>
#include <events/detail/json_write.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

namespace events {

/// A field whose wire value is fixed by its table: a JSON string that must equal it.
template <>
struct codec<literal_field> {
  static void write(detail::json_out& out, const literal_field& v) { detail::write_escaped(out, v.value); }
  static void write(std::string& out, const literal_field& v) { detail::write_through(out, v); }
  static void read(decode_context& ctx, const literal_field& out) {
    // The value itself, right at the cursor: taken with one compare, no scan and no copy.
    if (!out.plain || !ctx.reader.take_string_equal(out.value)) read_general(ctx, out);
  }
  // Out of line: the fast path above keeps no frame for it.
  [[gnu::noinline]] static void read_general(decode_context& ctx, const literal_field& out) {
    std::string_view s;
    if (ctx.read_text(s, error_codes::literal_error, "Input should be a string") && !out.accepts(s))
      ctx.fail(error_codes::literal_error, "Input should be '" + std::string(out.value) + "'", detail::shorten(s));
  }
};

namespace detail {

template <class Reader, class Writer>
constexpr bool reads_fields();  // compat.hpp

template <class Field, class Name>
struct no_codec_for_field {
  static_assert(has_codec<Field>,
                "events: no events::codec<F> for a field (F and the field's name are in the template arguments "
                "of no_codec_for_field); specialize events::codec<F> with write, read and schema, as "
                "examples/custom_codec.cpp shows");
  static constexpr bool value = has_codec<Field>;
};

// Every field has a codec, or a diagnostic that names the first field without one.
template <class T>
constexpr bool fields_have_codecs() {
  using table = field_table<T>;
  return []<std::size_t... I>(std::index_sequence<I...>) {
    return ([] {
      using F = std::remove_cvref_t<decltype(table::template get<I>(std::declval<T&>()))>;
      if constexpr (has_codec<F>)
        return true;
      else
        return no_codec_for_field<F, spelled_name<field_label<table::names[I].size()>(table::names[I])>>::value;
    }() && ...);
  }(std::make_index_sequence<table::size>{});
}

// `"name":` for field I of an object, with the separating comma for every field but the first.
template <class Table, std::size_t I, bool Lead = (I != 0)>
struct key_text {
  static constexpr std::string_view name = Table::names[I];
  static constexpr std::size_t lead = Lead ? 1 : 0;
  static constexpr auto data = [] {
    std::array<char, name.size() + 3 + lead> a{};
    if (lead) a[0] = ',';
    a[lead] = '"';
    for (std::size_t i = 0; i < name.size(); ++i) a[lead + 1 + i] = name[i];
    a[lead + 1 + name.size()] = '"';
    a[lead + 2 + name.size()] = ':';
    return a;
  }();
  static constexpr std::string_view view{data.data(), data.size()};
};

inline bool same_key(std::string_view name, std::string_view key) noexcept {
  return name.size() == key.size() && same_bytes(name.data(), key.data(), key.size());
}

/// Index of `key` among `names` (size when absent), trying `hint` first: members usually arrive
/// in declared order.
inline std::size_t find_name(const std::string_view* names, std::size_t size, std::string_view key,
                             std::size_t hint) noexcept {
  if (hint < size && same_key(names[hint], key)) return hint;
  for (std::size_t i = 0; i < size; ++i)
    if (same_key(names[i], key)) return i;
  return size;
}

/// The reader of an optional field of a type whose unset optionals are left out (seed 003's
/// contract): its schema types the field without null, so null is read as the inner type, which
/// refuses it with its own error ("Input should be an object" for task_data).
template <class Optional>
void read_present(decode_context& ctx, void* v) {
  auto& out = *static_cast<Optional*>(v);
  if (!out) out.emplace();
  read_value(ctx, *out);
}

/// A field's address for its reader. Literal fields are constants of their table: read (compared)
/// and never written.
template <class F>
void* field_address(F& field) noexcept {
  return const_cast<void*>(static_cast<const void*>(std::addressof(field)));
}

/// What reading an object needs to know of its type. The general loop over the members
/// (read_members) is one function for every type, and a field's reader is one function for every
/// field of its C++ type: a type adds these tables, its in-order loop (codec<T>::read) and the
/// making of a fresh object for the reset.
struct object_layout {
  using reader = void (*)(decode_context&, void*);
  using resetter = void (*)(void* field, const void* fresh);
  const std::string_view* names;
  const reader* readers;  // readers[i] reads field i, given its address
  std::size_t size;
  std::uint64_t (*required)();
  bool forbid_extra;
  // Reads a member the table does not declare (its name is the current path step), given
  // fields[size]; null: such members are skipped or, with forbid_extra, refused.
  void (*read_extra)(decode_context&, std::string_view key, void* target) = nullptr;
  // Every name is printable ASCII without '"' or '\\': its key can be matched in the text in place.
  bool plain_names = false;
  // The names as quoted_keys (size 0 for one that is too long: then matched as plain_names says),
  // and one more of size 0.
  const quoted_key* keys = nullptr;
  // resets[i] gives field i the value of the same field of a fresh object (null: a constant).
  const resetter* resets = nullptr;
  // Makes a fresh object and hands it to reset_members: what a type adds for resetting.
  void (*reset)(void* const* fields, std::uint64_t which, const object_layout&) = nullptr;
};

/// Every name is printable ASCII without '"' or '\\' (object_layout::plain_names).
template <class Names>
constexpr bool plain_names(const Names& names) {
  for (std::string_view name : names)
    if (!plain_text(name)) return false;
  return true;
}

/// The object at the cursor entered; false (a type error recorded, or a syntax error) otherwise.
[[gnu::noinline]] inline bool open_object(decode_context& ctx) {
  if (ctx.reader.peek() != value_kind::object) [[unlikely]] {
    ctx.wrong_type(error_codes::model_type, "Input should be an object");
    return false;
  }
  return ctx.reader.enter_object();
}

/// The members of an entered object from the one after field `next - 1`, the first `next` fields
/// read already (in declared order), and the '}'; then an error for each required field missing.
[[gnu::noinline]] inline void read_members(decode_context& ctx, void* const* fields, const object_layout& o,
                                           std::size_t next) {
  auto& r = ctx.reader;
  std::uint64_t seen = next >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << next) - 1;
  std::string_view key;
  bool guessed = false;
  // The next declared name is the likely key: members usually arrive in declared order.
  for (;;) {
    const bool more = o.keys[next].size != 0  // keys[size] is empty
                          ? r.next_member(key, o.keys[next], guessed)
                          : r.next_member(key, o.plain_names && next < o.size ? o.names[next] : std::string_view{}, guessed);
    if (!more) break;
    const std::size_t i = guessed ? next : find_name(o.names, o.size, key, next);
    if (i == o.size) {
      if (o.read_extra) {
        std::string name(key);  // the reader's scratch may hold the key; the value read reuses it
        path_scope step(ctx, name);
        o.read_extra(ctx, name, fields[o.size]);
      } else if (o.forbid_extra) {
        std::string name(key);  // the reader's scratch may hold the key; the value read reuses it
        path_scope step(ctx, name);
        ctx.wrong_type(error_codes::extra_forbidden, "Extra inputs are not permitted");
      } else {
        r.skip_value();
      }
      continue;
    }
    seen |= std::uint64_t{1} << i;
    next = i + 1;
    path_scope step(ctx, o.names[i]);
    o.readers[i](ctx, fields[i]);
  }
  const std::uint64_t all = o.size == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << o.size) - 1;
  if (const std::uint64_t unseen = all & ~seen) [[unlikely]] {
    // A reused object keeps nothing of its last message: the fields left out get their defaults.
    o.reset(fields, unseen, o);
    if (r.failed()) return;
    if (std::uint64_t missing = o.required() & unseen) {
      for (std::size_t i = 0; i < o.size; ++i) {
        if (!(missing >> i & 1)) continue;
        path_scope step(ctx, o.names[i]);
        ctx.fail(error_codes::missing, "Field required");
      }
    }
  }
}

/// An object read with every member found by its name (the general path alone).
inline void read_object_by_name(decode_context& ctx, void* const* fields, const object_layout& o) {
  if (open_object(ctx)) read_members(ctx, fields, o, 0);
}

/// Field i of the object fields[size], for each bit i of `which`, takes the value of the same
/// field of `fresh`, an object of the same type.
inline void reset_members(void* const* fields, const void* fresh, std::uint64_t which, const object_layout& o) {
  const auto* object = static_cast<const char*>(fields[o.size]);
  for (std::size_t i = 0; i < o.size; ++i)
    if ((which >> i & 1) && o.resets[i])
      o.resets[i](fields[i], static_cast<const char*>(fresh) + (static_cast<const char*>(fields[i]) - object));
}

template <class F>
void reset_erased(void* field, const void* fresh) {
  *static_cast<F*>(field) = *static_cast<const F*>(fresh);
}

}  // namespace detail

/// A JSON object with the type's fields, in declaration order.
template <object_type T>
struct codec<T> {
  using table = field_table<T>;
  static_assert(detail::fields_have_codecs<T>());

  static void write(std::string& out, const T& obj) { detail::write_through(out, obj); }
  static void write(detail::json_out& out, const T& obj) {
    out += '{';
    if constexpr (detail::unset_policy<table>() == unset_optionals::omit) {
      bool first = true;
      [&]<std::size_t... I>(std::index_sequence<I...>) { (write_or_omit<I>(out, obj, first), ...); }(
          std::make_index_sequence<table::size>{});
    } else {
      [&]<std::size_t... I>(std::index_sequence<I...>) {
        ((out += detail::key_text<table, I>::view, detail::write_value(out, table::template get<I>(obj))), ...);
      }(std::make_index_sequence<table::size>{});
    }
    out += '}';
  }

  // Members in declared order, in compact text (a producer's, Pydantic's), each met with one
  // compare of its key and read with a direct call; at the first that is not so, the shared loop
  // of read_members reads on by name (whitespace, other orders, extra or missing members, errors).
  // The loop is unrolled where the compiler optimizes: each key then compares as constants and
  // each reader is a direct call; unoptimized builds keep one small loop a type.
  static void read(decode_context& ctx, T& obj) {
    if (!ctx.reader.open_object_here() && !detail::open_object(ctx)) return;
    with_fields(obj, [&](void* const* fields) {
      std::size_t next = 0;
#pragma GCC unroll 64
      for (; next < table::size; ++next) {
        if (!ctx.reader.take_key(member_keys[next])) break;
        path_scope step(ctx, table::names[next]);
        readers[next](ctx, fields[next]);
      }
      if (next == table::size && ctx.reader.close_object()) return;
      detail::read_members(ctx, fields, layout, next);
    });
  }

  /// read with every member found by its name, whatever the order and spacing: what read falls
  /// back to at the first member it does not meet in declared order in compact text. The same
  /// errors and values as read (the tests hold read to it).
  static void read_by_name(decode_context& ctx, T& obj) {
    with_fields(obj, [&](void* const* f) { detail::read_object_by_name(ctx, f, layout); });
  }

  static void validate(const T& obj, validate_context& ctx) {
    const std::size_t mark = ctx.path.size();
    for_each_entry(obj, [&](std::string_view name, const auto& field) {
      if constexpr (detail::validates<std::remove_cvref_t<decltype(field)>>) {
        ctx.path += '/';
        ctx.path += name;
        detail::validate_value(field, ctx);
        ctx.path.resize(mark);
      }
    });
  }

  template <class B, class J>
  static void schema(B& b, J& s) {
    s = b.template ref<T>([&b] { return b.template object<T>(); });
  }

  template <class S>
  static void sample(T& obj, S& s, std::string_view) {
    for_each_entry(obj, [&](std::string_view field, auto&& f) { detail::sample_value(f, s, field); });
  }

  template <class W>
  static constexpr bool reads() {
    if constexpr (reflectable<T> && reflectable<W>)
      return detail::reads_fields<T, W>();
    else
      return false;
  }

 private:
  template <std::size_t I>
  using field_type = std::remove_cvref_t<decltype(table::template get<I>(std::declval<T&>()))>;

  template <std::size_t I>
  static constexpr detail::object_layout::reader reader_of() {
    if constexpr (detail::unset_policy<table>() == unset_optionals::omit && detail::is_optional<field_type<I>>::value)
      return &detail::read_present<field_type<I>>;
    else
      return &detail::read_erased<field_type<I>>;
  }

  // The fields' addresses and the object's after them, for the shared read.
  template <class F>
  static void with_fields(T& obj, F&& f) {
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      void* const fields[] = {detail::field_address(table::template get<I>(obj))..., &obj};
      f(fields);
    }(std::make_index_sequence<table::size>{});
  }

  static constexpr auto member_keys = detail::member_keys<table::size>(table::names);

  // A fresh T (made now: a default member initializer may give each object its own) for
  // reset_members.
  static void reset_fields(void* const* fields, std::uint64_t which, const detail::object_layout& o) {
    const T fresh{};
    detail::reset_members(fields, &fresh, which, o);
  }

  template <std::size_t I>
  static constexpr detail::object_layout::resetter resetter_of() {
    if constexpr (std::is_const_v<std::remove_reference_t<decltype(table::template get<I>(std::declval<T&>()))>>)
      return nullptr;  // a constant of the table
    else
      return &detail::reset_erased<field_type<I>>;
  }

  static constexpr auto resets = []<std::size_t... I>(std::index_sequence<I...>) {
    return std::array<detail::object_layout::resetter, table::size>{resetter_of<I>()...};
  }(std::make_index_sequence<table::size>{});

  // One more, empty: the key after the last field.
  static constexpr auto keys = detail::quoted_keys<table::size + 1>(table::names);

  static constexpr auto readers = []<std::size_t... I>(std::index_sequence<I...>) {
    return std::array<detail::object_layout::reader, table::size>{reader_of<I>()...};
  }(std::make_index_sequence<table::size>{});

  // The members the table does not declare, when it reads them itself (CloudEvents' extensions).
  static constexpr auto read_extra = [] {
    using extra_reader = void (*)(decode_context&, std::string_view, void*);
    if constexpr (requires(decode_context& c, std::string_view key, T& o) { table::read_extra(c, key, o); })
      return extra_reader{[](decode_context& c, std::string_view key, void* o) { table::read_extra(c, key, *static_cast<T*>(o)); }};
    else
      return extra_reader{nullptr};
  }();

  static constexpr detail::object_layout layout{table::names.data(), readers.data(), table::size,
                                                &table::required_mask, table::extra == extra_fields::forbid,
                                                read_extra, detail::plain_names(table::names), keys.data(),
                                                resets.data(), &reset_fields};

  template <std::size_t I>
  static void write_or_omit(detail::json_out& out, const T& obj, bool& first) {
    decltype(auto) field = table::template get<I>(obj);
    if constexpr (detail::is_optional<std::remove_cvref_t<decltype(field)>>::value)
      if (!field) return;
    if (!first) out += ',';
    first = false;
    out += detail::key_text<table, I, false>::view;
    detail::write_value(out, field);
  }
};

}  // namespace events
