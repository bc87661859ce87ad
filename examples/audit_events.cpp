// Audit: a permission change, written and read back; an unknown logout reason is refused.
#include <events/audit_events.hpp>

#include <iostream>

int main() {
  auto ev = events::make_flat_event(events::PermissionsChanged{
      .user_id = events::uuid::v4(), .changed_by = events::uuid::v4(), .granted = {"tasks:share"},
      .changed_at = events::now()});
  std::cout << ev.to_json() << '\n';
  auto back = events::flat_event<events::PermissionsChanged>::from_json(ev.to_json());
  if (!back || back->payload.granted != ev.payload.granted) return 1;

  auto bad = events::flat_event<events::UserLoggedOut>::from_json(
      R"({"event_id":"123e4567-e89b-42d3-a456-426614174000","event_type":"UserLoggedOut","timestamp":"2026-01-15T10:30:00Z",
          "user_id":"6ba7b810-9dad-41d1-80b4-00c04fd430c8","session_id":"7c9e6679-7425-40de-944b-e07fc1f90ae7",
          "reason":"timeout","logged_out_at":"2026-01-15T20:59:30Z"})");
  std::cout << events::to_string(bad.error()) << '\n';
  return bad.error().size() == 1 && bad.error()[0].code == "literal_error" ? 0 : 1;
}
