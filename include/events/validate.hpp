#pragma once
/// \file Validation of values built in code: the constraints decoding checks, with the same paths.
#include <events/codec.hpp>
#include <events/error.hpp>

#include <string>

namespace events {

/// Every constraint violation of a value built in code, each with its JSON Pointer path.
template <object_type T>
error_list validate(const T& value) {
  validate_context ctx;
  detail::validate_value(value, ctx);
  return std::move(ctx.errors);
}

}  // namespace events
