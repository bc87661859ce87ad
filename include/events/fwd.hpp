#pragma once
/// \file Forward declarations of the public types.
namespace events {
struct uuid;
struct error;
class decode_error;
template <class T> class result;
struct decode_options;
struct event_options;
template <class Derived> struct envelope;
}  // namespace events
