#pragma once
/// \file Compile-time compatibility between two versions of a payload.
///
/// BACKWARD: the new type reads data written with the old one: every field the new type adds is
/// optional or defaulted and the old type was closed (extra = forbid; with an open old type,
/// Confluent refuses any added field), no field changes to a type that refuses old values, and a
/// field the old type wrote is not forbidden (extra = forbid). FORWARD: the old type reads the
/// new one's data. FULL: both. These are the rules of <events/schema/schema_compat.hpp> on our schemas.
///
/// <!-- given: #include <events/catalog/task_events.hpp>
/// using events::TaskCreatedPayload, events::TaskCreatedPayloadV2; -->
/// \code
/// static_assert(events::compatible_v<TaskCreatedPayload, TaskCreatedPayloadV2, events::compatibility::forward>);
/// // or, to have the failing field named in the error (an "events:" message):
/// static_assert(events::require_compatible<TaskCreatedPayload, TaskCreatedPayloadV2, events::compatibility::forward>);
/// \endcode
///
/// "Defaulted" is what can be seen at compile time: std::optional, a name listed in the type's
/// `defaulted` array, or a default member initializer the compiler can evaluate in a constant
/// expression (so a std::string default may need listing in `defaulted` on some compilers).
#include <events/codec.hpp>
#include <events/field_table.hpp>
#include <events/reflect.hpp>

#include <cstddef>
#include <limits>
#include <string_view>
#include <type_traits>

namespace events {

/// Compatibility modes of the compile-time check (Confluent's names, non-transitive).
enum class compatibility { backward, forward, full };

namespace detail {

// "May be absent" is field_table.hpp's one rule (detail::may_be_absent), here at compile time:
// a default that cannot be evaluated in a constant expression counts as none.

template <class T>
constexpr std::size_t field_index(std::string_view name) {
  for (std::size_t i = 0; i < field_count<T>; ++i)
    if (field_names<T>[i] == name) return i;
  return field_count<T>;
}

// ---- does a reader type accept every value a writer type writes? -----------------------------
// Each kind answers for itself (codec<R>::reads<W>, see codec/core.hpp's reads_type); objects
// answer with reads_fields below.

/// Why a reader cannot read a writer's data, for field I of the reader (or of the writer).
enum class compat_issue { none, required_field_not_written, field_type_changed, written_field_forbidden, field_added_to_open_model };

struct compat_finding {
  compat_issue issue = compat_issue::none;
  std::string_view field;
  std::size_t index = 0;   // of the field, in the writer when in_writer, else in the reader
  bool in_writer = false;
};

template <class R, class W>
constexpr compat_finding first_issue() {
  compat_finding out;
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    (([&] {
       if (out.issue != compat_issue::none) return;
       constexpr std::size_t j = field_index<W>(field_names<R>[I]);
       if constexpr (j == field_count<W>) {
         if (!may_be_absent<R, I>()) out = {compat_issue::required_field_not_written, field_names<R>[I], I};
         // Confluent's PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL: old data may hold the name with another type
         else if (extra_policy<W>() != extra_fields::forbid && !free_form<boost::pfr::tuple_element_t<I, R>>)
           out = {compat_issue::field_added_to_open_model, field_names<R>[I], I};
       } else {
         using RF = boost::pfr::tuple_element_t<I, R>;
         using WF = boost::pfr::tuple_element_t<j, W>;
         if (!reads_type<RF, WF>()) out = {compat_issue::field_type_changed, field_names<R>[I], I};
         // the writer may leave it out: only fine when the reader may too
         else if (may_be_absent<W, j>() && !may_be_absent<R, I>())
           out = {compat_issue::required_field_not_written, field_names<R>[I], I};
       }
     }()),
     ...);
  }(std::make_index_sequence<field_count<R>>{});
  if (out.issue == compat_issue::none && extra_policy<R>() == extra_fields::forbid)
    for (std::size_t k = 0; k < field_count<W>; ++k)
      if (field_index<R>(field_names<W>[k]) == field_count<R>) return {compat_issue::written_field_forbidden, field_names<W>[k], k, true};
  return out;
}

template <class R, class W>
constexpr bool reads_fields() {
  return first_issue<R, W>().issue == compat_issue::none;
}

// ---- naming the field in the diagnostic --------------------------------------------------------

#if defined(__clang__)
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wundefined-var-template"
#endif
// Never defined: only the address of its member is a template argument, which both compilers
// print with the member's name (g++ also prints field_label readably, clang as numbers).
template <class T>
extern const T compat_fake;
template <class F>
struct member_ref {
  const F* ptr;
};

template <compatibility Mode, compat_issue Issue, field_label Field, auto Member>
struct incompatible_field {
  static constexpr bool backward = Mode == compatibility::backward;
  static_assert(Issue != compat_issue::required_field_not_written || !backward,
                "events: BACKWARD incompatible: the new version requires this field, which old data may lack "
                "(make it std::optional or defaulted) (the field is named in the template arguments)");
  static_assert(Issue != compat_issue::required_field_not_written || backward,
                "events: FORWARD incompatible: the old version requires this field, which new data may lack"
                " (the field is named in the template arguments)");
  static_assert(Issue != compat_issue::field_type_changed || !backward,
                "events: BACKWARD incompatible: this field changed to a type that refuses old values"
                " (the field is named in the template arguments)");
  static_assert(Issue != compat_issue::field_type_changed || backward,
                "events: FORWARD incompatible: this field changed to a type the old version refuses"
                " (the field is named in the template arguments)");
  static_assert(Issue != compat_issue::field_added_to_open_model || !backward,
                "events: BACKWARD incompatible: this field is added to an open content model (the old type ignores "
                "unknown keys, so old data may hold it with another type; Confluent: PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL)"
                " (the field is named in the template arguments)");
  static_assert(Issue != compat_issue::field_added_to_open_model || backward,
                "events: FORWARD incompatible: the new version drops this field from an open content model (new data "
                "may hold it with another type; Confluent: PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL)"
                " (the field is named in the template arguments)");
  static_assert(Issue != compat_issue::written_field_forbidden,
                "events: incompatible: the reader forbids extra fields (extra = forbid) and the writer writes this "
                "one (the field is named in the template arguments)");
  static constexpr bool value = Issue == compat_issue::none;
};

template <class Reader, class Writer, compatibility Named>
constexpr bool require_reads() {
  constexpr compat_finding f = first_issue<Reader, Writer>();
  if constexpr (f.issue == compat_issue::none) {
    return true;
  } else {
    using Holder = std::conditional_t<f.in_writer, Writer, Reader>;
    return incompatible_field<Named, f.issue, field_label<f.field.size()>(f.field),
                              member_ref<boost::pfr::tuple_element_t<f.index, Holder>>{
                                  &boost::pfr::get<f.index>(compat_fake<Holder>)}>::value;
  }
}

#if defined(__clang__)
#pragma clang diagnostic pop
#endif

}  // namespace detail

/// True when New and Old (payload versions) are compatible in the given mode.
template <class Old, class New, compatibility Mode>
  requires reflectable<Old> && reflectable<New>
inline constexpr bool compatible_v =
    (Mode == compatibility::forward || detail::reads_fields<New, Old>()) &&
    (Mode == compatibility::backward || detail::reads_fields<Old, New>());

/// Like compatible_v, but an incompatibility is a compile error whose message starts with
/// `events:` and whose instantiation names the offending field.
template <class Old, class New, compatibility Mode>
  requires reflectable<Old> && reflectable<New>
inline constexpr bool require_compatible = [] {  // if constexpr: only the directions Mode asks for are instantiated
  if constexpr (Mode != compatibility::forward)
    if (!detail::require_reads<New, Old, compatibility::backward>()) return false;
  if constexpr (Mode != compatibility::backward)
    if (!detail::require_reads<Old, New, compatibility::forward>()) return false;
  return true;
}();

}  // namespace events
