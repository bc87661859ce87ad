#pragma once
/// \file Notification events on topic `notifications`, partition key `notification_id`: seed 000's
/// flat events (named only; fields chosen, see each comment) and seed 002's nested
/// `notification.*` payloads (named only; fields chosen after seed 004's reminder payloads).
///
/// <!-- given: events::uuid n, u; -->
/// \code
/// auto ev = events::make_event(events::NotificationFailedPayload{.notification_id = n, .user_id = u,
///     .channel = "email", .failed_at = events::now(), .error_message = "mailbox full", .retry_count = 1});
/// \endcode
#include <events/constraints.hpp>
#include <events/event.hpp>
#include <events/registry.hpp>
#include <events/routing.hpp>
#include <events/timestamp.hpp>
#include <events/catalog/topics.hpp>
#include <events/uuid.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace events {

/// An email address as the catalog takes it: pattern<"^[^@\\s]+@[^@\\s]+$"> (one '@' with text
/// and no white space on either side; `\\s` is Unicode White_Space, as in Pydantic's `pattern=`),
/// checked by hand so that the catalog does not bring <regex>. Verdicts, errors and schema are
/// those of the pattern<> it stands for, its 1024-byte input limit included.
struct email_address {
  static constexpr std::string_view value = "^[^@\\s]+@[^@\\s]+$";
  static constexpr std::size_t max_input = 1024;
  template <class J> static void schema(J& s) { detail::describe_pattern(s, value, max_input); }
  template <class V>
  static bool check(const V& v, detail::violation& out) {
    std::string_view s(v);
    if (s.size() > max_input) out = detail::pattern_too_long(value, max_input);
    else if (!matches(s)) out = detail::pattern_mismatch(value);
    else return true;
    return false;
  }
  static bool matches(std::string_view s) noexcept {
    std::size_t at = s.size(), before = 0, after = 0;
    for (std::size_t i = 0; i < s.size();) {
      const auto c = static_cast<unsigned char>(s[i]);
      std::uint32_t cp = c;
      std::size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
      if (n > 1 && i + n <= s.size()) {
        cp = c & (0x7F >> n);
        for (std::size_t k = 1; k < n; ++k) cp = cp << 6 | (static_cast<unsigned char>(s[i + k]) & 0x3F);
      }
      if (white_space(cp)) return false;
      if (cp == '@') {
        if (at != s.size()) return false;
        at = i;
      } else {
        ++(at == s.size() ? before : after);
      }
      i += n;
    }
    return at != s.size() && before > 0 && after > 0;
  }
  // Unicode's White_Space property.
  static constexpr bool white_space(std::uint32_t c) noexcept {
    return (c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0x85 || c == 0xA0 || c == 0x1680 ||
           (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
  }
};

// ---- seed 000: flat envelope ------------------------------------------------------------------

/// An email went out. Fields chosen: notification_id, user_id, todo_id, recipient, subject, template_name, sent_at.
struct EmailNotificationSent {
  static constexpr std::string_view type = "EmailNotificationSent";
  static constexpr envelope_shape shape = envelope_shape::flat;
  static constexpr std::string_view topic = topics::notifications.name;
  static constexpr std::string_view key = "notification_id";
  /// One valid payload (JSON Schema "examples", in its envelope).
  static constexpr std::string_view example = R"({"notification_id": "0f8fad5b-d9cb-469f-a165-70867728950e",
      "user_id": "6ba7b810-9dad-41d1-80b4-00c04fd430c8",
      "todo_id": "3f2b8c1e-5a4d-4e6f-9b7a-1c2d3e4f5a6b", "recipient": "ada@example.com",
      "subject": "Reminder: Buy groceries", "template_name": "reminder_due",
      "sent_at": "2026-01-16T17:00:01Z"})";
  uuid notification_id;
  uuid user_id;
  std::optional<uuid> todo_id;                           ///< The todo it is about, if any.
  string<email_address> recipient;                      ///< An email address (one '@').
  string<max_length<998>> subject;                       ///< RFC 5322 line limit.
  std::optional<std::string> template_name;              ///< The template used, if any.
  timestamp sent_at;
  friend bool operator==(const EmailNotificationSent&, const EmailNotificationSent&) = default;
};

/// A push notification went out. Fields chosen: notification_id, user_id, todo_id, device_id, title, body, sent_at.
struct PushNotificationSent {
  static constexpr std::string_view type = "PushNotificationSent";
  static constexpr envelope_shape shape = envelope_shape::flat;
  static constexpr std::string_view topic = topics::notifications.name;
  static constexpr std::string_view key = "notification_id";
  /// One valid payload (JSON Schema "examples", in its envelope).
  static constexpr std::string_view example = R"({"notification_id": "0f8fad5b-d9cb-469f-a165-70867728950e",
      "user_id": "6ba7b810-9dad-41d1-80b4-00c04fd430c8", "todo_id": null, "device_id": "ios-3F2A9C",
      "title": "Due soon", "body": "Buy groceries is due at 18:00", "sent_at": "2026-01-16T17:00:01Z"})";
  uuid notification_id;
  uuid user_id;
  std::optional<uuid> todo_id;
  std::string device_id;                                 ///< The registered device.
  string<min_length<1>, max_length<200>> title;
  string<max_length<2000>> body;
  timestamp sent_at;
  friend bool operator==(const PushNotificationSent&, const PushNotificationSent&) = default;
};

/// A notification appeared in the app. Fields chosen: notification_id, user_id, todo_id, title, message, link, created_at.
struct InAppNotificationCreated {
  static constexpr std::string_view type = "InAppNotificationCreated";
  static constexpr envelope_shape shape = envelope_shape::flat;
  static constexpr std::string_view topic = topics::notifications.name;
  static constexpr std::string_view key = "notification_id";
  /// One valid payload (JSON Schema "examples", in its envelope).
  static constexpr std::string_view example = R"({"notification_id": "0f8fad5b-d9cb-469f-a165-70867728950e",
      "user_id": "6ba7b810-9dad-41d1-80b4-00c04fd430c8",
      "todo_id": "3f2b8c1e-5a4d-4e6f-9b7a-1c2d3e4f5a6b", "title": "Shared with you",
      "message": "Grace shared \"Buy groceries\" with you ✔", "link": "/todos/3f2b8c1e",
      "created_at": "2026-01-15T12:00:00Z"})";
  uuid notification_id;
  uuid user_id;
  std::optional<uuid> todo_id;
  string<min_length<1>, max_length<200>> title;
  string<max_length<2000>> message;
  std::optional<std::string> link;                       ///< In-app route to open, if any.
  timestamp created_at;
  friend bool operator==(const InAppNotificationCreated&, const InAppNotificationCreated&) = default;
};

// ---- seed 002: nested envelope, type `notification.*` -------------------------------------------

/// notification.delivered. Fields chosen: notification_id, user_id, channel, delivered_at, provider_message_id.
struct NotificationDeliveredPayload {
  static constexpr std::string_view type = "notification.delivered";
  static constexpr envelope_shape shape = envelope_shape::nested;
  static constexpr std::string_view topic = topics::notifications.name;
  static constexpr std::string_view key = "notification_id";
  /// One valid payload (JSON Schema "examples", in its envelope).
  static constexpr std::string_view example = R"({"notification_id": "0f8fad5b-d9cb-469f-a165-70867728950e",
      "user_id": "6ba7b810-9dad-41d1-80b4-00c04fd430c8", "channel": "push",
      "delivered_at": "2026-01-16T17:00:02Z", "provider_message_id": "apns-0a1b2c"})";
  uuid notification_id;
  uuid user_id;
  std::string channel;                                   ///< email, push, sms, in-app.
  timestamp delivered_at;
  std::optional<std::string> provider_message_id;        ///< The provider's id, for support.
  friend bool operator==(const NotificationDeliveredPayload&, const NotificationDeliveredPayload&) = default;
};

/// notification.failed. Fields chosen: notification_id, user_id, channel, failed_at, error_message, retry_count.
struct NotificationFailedPayload {
  static constexpr std::string_view type = "notification.failed";
  static constexpr envelope_shape shape = envelope_shape::nested;
  static constexpr std::string_view topic = topics::notifications.name;
  static constexpr std::string_view key = "notification_id";
  /// One valid payload (JSON Schema "examples", in its envelope).
  static constexpr std::string_view example = R"({"notification_id": "0f8fad5b-d9cb-469f-a165-70867728950e",
      "user_id": "6ba7b810-9dad-41d1-80b4-00c04fd430c8", "channel": "email",
      "failed_at": "2026-01-16T17:00:02Z", "error_message": "connection timed out", "retry_count": 3})";
  uuid notification_id;
  uuid user_id;
  std::string channel;
  timestamp failed_at;
  std::string error_message;
  number<int, ge<0>> retry_count;                        ///< Attempts so far; >= 0.
  friend bool operator==(const NotificationFailedPayload&, const NotificationFailedPayload&) = default;
};

/// notification.bounced. Fields chosen: notification_id, user_id, channel, bounced_at, recipient, bounce_type, reason.
struct NotificationBouncedPayload {
  static constexpr std::string_view type = "notification.bounced";
  static constexpr envelope_shape shape = envelope_shape::nested;
  static constexpr std::string_view topic = topics::notifications.name;
  static constexpr std::string_view key = "notification_id";
  /// One valid payload (JSON Schema "examples", in its envelope).
  static constexpr std::string_view example = R"({"notification_id": "0f8fad5b-d9cb-469f-a165-70867728950e",
      "user_id": "6ba7b810-9dad-41d1-80b4-00c04fd430c8", "channel": "email",
      "bounced_at": "2026-01-16T17:03:00Z", "recipient": "ada@example.com", "bounce_type": "hard",
      "reason": "550 5.1.1 user unknown"})";
  uuid notification_id;
  uuid user_id;
  std::string channel;
  timestamp bounced_at;
  std::string recipient;                                 ///< The address that bounced.
  string<one_of<"hard", "soft">> bounce_type;            ///< hard: give up on the address; soft: retry later.
  std::optional<std::string> reason;
  friend bool operator==(const NotificationBouncedPayload&, const NotificationBouncedPayload&) = default;
};

/// Every notification event, as sent on `notifications`.
using notification_registry =
    registry<flat_event<EmailNotificationSent>, flat_event<PushNotificationSent>, flat_event<InAppNotificationCreated>,
             event<NotificationDeliveredPayload>, event<NotificationFailedPayload>, event<NotificationBouncedPayload>>;

}  // namespace events
