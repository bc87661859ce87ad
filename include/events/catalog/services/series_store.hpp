#pragma once
/// \file Where the recurring service keeps what it remembers (tasks it saw created, each spawned
/// task's place in its series, the answer it gave to each completion): a key-value store of JSON
/// texts, so one store can serve every replica of the service.
///
/// <!-- given: #include <events/catalog/services/recurring.hpp> -->
/// \code
/// events::services::in_memory_series_store shared;           // or your store over a database
/// events::services::recurring_service replica_a(shared), replica_b(shared);
/// \endcode
///
/// Seed 003 keeps state in a Dapr state store (`state.postgresql`); a store of yours over it (or
/// any key-value store) implements get and put. The values are the service's own JSON texts.
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace events::services {

/// A key-value store of JSON texts for events::services::recurring_service.
class series_store {
 public:
  virtual ~series_store() = default;
  /// The value stored under `key`, if any.
  virtual std::optional<std::string> get(std::string_view key) const = 0;
  /// Stores `value` under `key`, replacing what was there.
  virtual void put(std::string_view key, std::string value) = 0;
};

/// The store in this process's memory, safe to share between threads (and services in one process).
class in_memory_series_store final : public series_store {
 public:
  std::optional<std::string> get(std::string_view key) const override {
    std::lock_guard lock(mu_);
    auto it = values_.find(key);
    if (it == values_.end()) return std::nullopt;
    return it->second;
  }
  void put(std::string_view key, std::string value) override {
    std::lock_guard lock(mu_);
    values_.insert_or_assign(std::string(key), std::move(value));
  }
  /// How many values it holds.
  std::size_t size() const {
    std::lock_guard lock(mu_);
    return values_.size();
  }

 private:
  mutable std::mutex mu_;
  std::map<std::string, std::string, std::less<>> values_;
};

}  // namespace events::services
