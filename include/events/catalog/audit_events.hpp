#pragma once
/// \file Audit events (seed 000: "login, logout, permissions", no fields given; every field here is
/// chosen): flat envelope, `event_type` = struct name, topic `audit`, partition key `user_id`.
/// Named as facts (UserLoggedIn) to stay apart from the analytics events (UserLogin).
///
/// <!-- given: events::uuid u, admin; -->
/// \code
/// auto ev = events::make_flat_event(events::PermissionsChanged{.user_id = u, .changed_by = admin,
///     .granted = {"tasks:share"}, .changed_at = events::now()});
/// \endcode
#include <events/constraints.hpp>
#include <events/event.hpp>
#include <events/registry.hpp>
#include <events/routing.hpp>
#include <events/timestamp.hpp>
#include <events/catalog/topics.hpp>
#include <events/uuid.hpp>

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace events {

/// A user signed in. Fields chosen: user_id, session_id, ip_address, user_agent, logged_in_at.
struct UserLoggedIn {
  static constexpr std::string_view type = "UserLoggedIn";
  static constexpr envelope_shape shape = envelope_shape::flat;
  static constexpr std::string_view topic = topics::audit.name;
  static constexpr std::string_view key = "user_id";
  /// One valid payload (JSON Schema "examples", in its envelope).
  static constexpr std::string_view example = R"({"user_id": "6ba7b810-9dad-41d1-80b4-00c04fd430c8",
      "session_id": "7c9e6679-7425-40de-944b-e07fc1f90ae7", "ip_address": "203.0.113.7",
      "user_agent": "Mozilla/5.0", "logged_in_at": "2026-01-15T08:59:30Z"})";
  uuid user_id;
  uuid session_id;
  std::optional<std::string> ip_address;
  std::optional<std::string> user_agent;
  timestamp logged_in_at;
  friend bool operator==(const UserLoggedIn&, const UserLoggedIn&) = default;
};

/// A user signed out or was signed out. Fields chosen: user_id, session_id, reason, logged_out_at.
struct UserLoggedOut {
  static constexpr std::string_view type = "UserLoggedOut";
  static constexpr envelope_shape shape = envelope_shape::flat;
  static constexpr std::string_view topic = topics::audit.name;
  static constexpr std::string_view key = "user_id";
  /// One valid payload (JSON Schema "examples", in its envelope).
  static constexpr std::string_view example = R"({"user_id": "6ba7b810-9dad-41d1-80b4-00c04fd430c8",
      "session_id": "7c9e6679-7425-40de-944b-e07fc1f90ae7", "reason": "expired",
      "logged_out_at": "2026-01-15T20:59:30Z"})";
  uuid user_id;
  uuid session_id;
  string<one_of<"user", "expired", "revoked">> reason = "user";  ///< Who ended the session.
  timestamp logged_out_at;
  friend bool operator==(const UserLoggedOut&, const UserLoggedOut&) = default;
};

/// A sign-in was refused. Fields chosen: username, user_id, ip_address, reason, attempted_at.
struct LoginFailed {
  static constexpr std::string_view type = "LoginFailed";
  static constexpr envelope_shape shape = envelope_shape::flat;
  static constexpr std::string_view topic = topics::audit.name;
  static constexpr std::string_view key = "username";
  /// One valid payload (JSON Schema "examples", in its envelope).
  static constexpr std::string_view example = R"({"username": "ada@example.com", "user_id": "6ba7b810-9dad-41d1-80b4-00c04fd430c8",
      "ip_address": "198.51.100.23", "reason": "bad_password", "attempted_at": "2026-01-15T08:58:02Z"})";
  string<min_length<1>, max_length<320>> username;  ///< As typed (an email fits in 320).
  std::optional<uuid> user_id;                      ///< The account, when the name matched one.
  std::optional<std::string> ip_address;
  std::string reason;                               ///< "bad_password", "locked", "unknown_user".
  timestamp attempted_at;
  friend bool operator==(const LoginFailed&, const LoginFailed&) = default;
};

/// A user's permissions changed. Fields chosen: user_id, changed_by, granted, revoked, reason, changed_at.
struct PermissionsChanged {
  static constexpr std::string_view type = "PermissionsChanged";
  static constexpr envelope_shape shape = envelope_shape::flat;
  static constexpr std::string_view topic = topics::audit.name;
  static constexpr std::string_view key = "user_id";
  static constexpr std::array<std::string_view, 2> defaulted = {"granted", "revoked"};
  /// One valid payload (JSON Schema "examples", in its envelope).
  static constexpr std::string_view example = R"({"user_id": "6ba7b810-9dad-41d1-80b4-00c04fd430c8",
      "changed_by": "00000000-0000-4000-8000-00000000a0a0", "granted": ["tasks:share"],
      "revoked": ["tasks:admin"], "reason": "role changed to member",
      "changed_at": "2026-01-15T09:30:00Z"})";
  uuid user_id;                        ///< Whose permissions changed.
  uuid changed_by;                     ///< Who changed them.
  std::vector<std::string> granted;    ///< Permissions added ("tasks:share"). Default: empty.
  std::vector<std::string> revoked;    ///< Permissions removed. Default: empty.
  std::optional<std::string> reason;
  timestamp changed_at;
  friend bool operator==(const PermissionsChanged&, const PermissionsChanged&) = default;
};

/// Every audit event, as sent on `audit`.
using audit_registry = registry<flat_event<UserLoggedIn>, flat_event<UserLoggedOut>, flat_event<LoginFailed>,
                                flat_event<PermissionsChanged>>;

}  // namespace events
