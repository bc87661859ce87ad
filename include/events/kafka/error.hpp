#pragma once
/// \file Errors of the Kafka layer: a librdkafka error code with its text, and the exception a
/// handler throws to send a message to the dead-letter topic without retrying.
#include <librdkafka/rdkafkacpp.h>

#include <stdexcept>
#include <string>

namespace events::kafka {

/// A client-level failure (bad configuration, broker refused, timeout): librdkafka's code and text.
class error : public std::runtime_error {
 public:
  error(RdKafka::ErrorCode code, const std::string& what) : std::runtime_error(what), code_(code) {}
  /// librdkafka's error code.
  RdKafka::ErrorCode code() const noexcept { return code_; }

 private:
  RdKafka::ErrorCode code_;
};

/// Thrown by a handler when retrying cannot help: the message goes to the dead-letter topic at
/// once with `code` and the message text in its headers.
class permanent_error : public std::runtime_error {
 public:
  explicit permanent_error(const std::string& what, std::string code = "permanent_error")
      : std::runtime_error(what), code_(std::move(code)) {}
  /// The error code written to the dead-letter headers.
  const std::string& code() const noexcept { return code_; }

 private:
  std::string code_;
};

}  // namespace events::kafka
