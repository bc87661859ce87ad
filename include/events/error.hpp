#pragma once
/// \file Errors of decoding and validation: every error with its path, a stable code and the input.
#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

namespace events {

/// One problem found in a message: where (JSON Pointer), what (stable code), why, and the input.
struct error {
  std::string path;     ///< JSON Pointer to the offending value: "" for the root, "/payload/title".
  std::string code;     ///< Stable code, Pydantic's name where one exists: "missing", "string_too_short".
  std::string message;  ///< Human-readable explanation.
  std::string input;    ///< The offending input, shortened; empty when there is none (e.g. "missing").
  std::size_t line = 0;    ///< 1-based line, for syntax errors ("json_invalid"); 0 otherwise.
  std::size_t column = 0;  ///< 1-based column in bytes, for syntax errors; 0 otherwise.
  friend bool operator==(const error&, const error&) = default;
};

/// Every error of one message, in document order.
using error_list = std::vector<error>;

/// Renders an error list one per line: "path: message [code]".
inline std::string to_string(const error_list& errors) {
  std::string out;
  for (const auto& e : errors) {
    if (!out.empty()) out += '\n';
    out += e.path.empty() ? std::string_view("(root)") : std::string_view(e.path);
    out += ": ";
    out += e.message;
    out += " [";
    out += e.code;
    out += ']';
  }
  return out;
}

/// Thrown by the throwing layer; holds the same list the non-throwing API returns.
class decode_error : public std::runtime_error {
 public:
  explicit decode_error(error_list errors)
      : std::runtime_error(to_string(errors)), errors_(std::move(errors)) {}
  /// Every error of the message.
  const error_list& errors() const noexcept { return errors_; }

 private:
  error_list errors_;
};

/// A value, or every error that prevented it.
template <class T>
class result {
 public:
  result(T value) : state_(std::in_place_index<0>, std::move(value)) {}
  result(error_list errors) : state_(std::in_place_index<1>, std::move(errors)) {}
  /// A value-initialized T completed in place by `fill(T&)`, which returns the errors; when there
  /// are any they replace the value. Returned as a prvalue, the value is never moved.
  template <class F>
    requires std::is_invocable_r_v<error_list, F, T&>
  result(std::in_place_t, F&& fill) : state_(std::in_place_index<0>) {
    error_list errors = std::forward<F>(fill)(*std::get_if<0>(&state_));
    if (!errors.empty()) state_.template emplace<1>(std::move(errors));
  }

  bool has_value() const noexcept { return state_.index() == 0; }
  explicit operator bool() const noexcept { return has_value(); }

  /// The value; throws decode_error holding every error when there is none.
  T& value() & { check(); return std::get<0>(state_); }
  const T& value() const& { check(); return std::get<0>(state_); }
  T&& value() && { check(); return std::get<0>(std::move(state_)); }

  T& operator*() & noexcept { return *std::get_if<0>(&state_); }
  const T& operator*() const& noexcept { return *std::get_if<0>(&state_); }
  T* operator->() noexcept { return std::get_if<0>(&state_); }
  const T* operator->() const noexcept { return std::get_if<0>(&state_); }

  /// The errors; empty when there is a value.
  const error_list& error() const noexcept {
    static const error_list none;
    const auto* e = std::get_if<1>(&state_);
    return e ? *e : none;
  }

 private:
  void check() const {
    if (!has_value()) throw decode_error(std::get<1>(state_));
  }
  std::variant<T, error_list> state_;
};

}  // namespace events
