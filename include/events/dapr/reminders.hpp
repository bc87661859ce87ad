#pragma once
/// \file Reminders through Dapr's Jobs API (seed 003): reminder.scheduled becomes a job named
/// `reminder-task-<task id>` due at the reminder time; when the job fires, reminder.due is
/// published on `reminders`. Firing twice (Dapr's jobs are at-least-once) publishes once.
/// Scheduling a task's reminder again moves it: the job is overwritten, so one job remains.
///
/// <!-- given: #include <events/catalog/reminder_events.hpp>
/// events::dapr::jobs jobs; events::dapr::reliable_publisher publisher;
/// events::dapr::job_handlers job_handlers;
/// events::event<events::ReminderScheduledPayload> scheduled_event; -->
/// \code
/// events::dapr::reminder_scheduler reminders(jobs, publisher);
/// reminders.mount(job_handlers);                 // handles POST /job/reminder-task-*
/// reminders.schedule(scheduled_event, "Buy groceries");
/// \endcode
///
/// The job's data is a reminder_job: seed 003's `{task_id, user_id, type: "reminder"}` plus what
/// reminder.due needs (reminder id, title, due time, channel), so the trigger needs no lookup.
#include <events/catalog/contract.hpp>
#include <events/dapr/jobs.hpp>
#include <events/dapr/retry.hpp>
#include <events/event.hpp>
#include <events/catalog/reminder_events.hpp>

#include <mutex>
#include <set>
#include <string>

namespace events::dapr {

/// The data of a reminder job.
struct reminder_job {
  std::string type = "reminder";
  uuid reminder_id;
  uuid task_id;
  uuid user_id;
  std::string title;
  timestamp due_at;
  std::string notification_channel = "push";
  std::optional<uuid> correlation_id;
  friend bool operator==(const reminder_job&, const reminder_job&) = default;
};

/// The job name of a task's reminder: `reminder-task-<id>` (seed 003).
inline std::string reminder_job_name(std::string_view task_id) { return "reminder-task-" + std::string(task_id); }

/// A seed 003 integer id as the UUID the seed 004 reminder events carry (uuid v5, stable).
inline uuid task_uuid(std::int64_t task_id) {
  return uuid::v5(uuid::namespace_url(), "urn:events:task:" + std::to_string(task_id));
}

/// Schedules reminders as jobs and turns their triggers into reminder.due.
class reminder_scheduler {
 public:
  reminder_scheduler(jobs& jobs, reliable_publisher& out) : jobs_(jobs), out_(out) {}

  /// Seed 004: schedules the job for `ev` at scheduled_for (moving the task's reminder if it has
  /// one). `title` goes into reminder.due.
  job_result schedule(const event<ReminderScheduledPayload>& ev, std::string title = {}) {
    const auto& p = ev.payload;
    reminder_job data{"reminder", p.reminder_id, p.task_id, p.user_id, title.empty() ? p.message : std::move(title),
                      p.scheduled_for, p.notification_channel,
                      ev.correlation_id ? ev.correlation_id : std::optional<uuid>(ev.event_id)};
    job_timing when;
    when.overwrite = true;  // one reminder per task: a new time replaces the old job
    when.due_time = p.scheduled_for;
    return jobs_.schedule(reminder_job_name(p.task_id.to_string()), data, when);
  }

  /// Seed 003: schedules the job for a ReminderEvent at remind_at (job `reminder-task-<int id>`),
  /// moving the task's reminder if it has one.
  job_result schedule(const ReminderEvent& r, std::string channel = "push") {
    auto user = uuid::parse(r.user_id).value_or(uuid::v5(uuid::namespace_url(), "urn:events:user:" + r.user_id));
    reminder_job data{"reminder", uuid::v5(task_uuid(r.task_id), "reminder:" + format_timestamp(r.remind_at)),
                      task_uuid(r.task_id), user, r.title, r.due_date.value_or(r.remind_at), std::move(channel),
                      std::nullopt};
    job_timing when;
    when.overwrite = true;  // one reminder per task: a new time replaces the old job
    when.due_time = r.remind_at;
    return jobs_.schedule(reminder_job_name(std::to_string(r.task_id)), data, when);
  }

  /// Cancels a task's reminder (deletes its job).
  job_result cancel(std::string_view task_id) { return jobs_.remove(reminder_job_name(task_id)); }

  /// Installs the trigger handler for every `reminder-task-*` job.
  void mount(job_handlers& handlers) {
    handlers.on<reminder_job>("reminder-task-", [this](const std::string& name, const reminder_job& j) { return fire(name, j); });
  }

  /// Handles one trigger: publishes reminder.due once per reminder and due time. Returns false
  /// when publishing failed (the job trigger then fails and Dapr retries it).
  bool fire(const std::string& name, const reminder_job& j) {
    const std::string key = name + "@" + j.reminder_id.to_string() + "@" + format_timestamp(j.due_at);
    {
      std::lock_guard lock(mu_);
      if (fired_.count(key)) {
        ++duplicates_;
        return true;
      }
    }
    event_options opts;
    opts.correlation_id = j.correlation_id;
    opts.event_id = uuid::v5(j.reminder_id, "reminder.due:" + key);
    auto due = make_event(ReminderDuePayload{.reminder_id = j.reminder_id, .task_id = j.task_id, .user_id = j.user_id,
                                             .title = j.title, .due_at = j.due_at,
                                             .notification_channel = j.notification_channel},
                          opts);
    if (!out_.publish(due)) return false;
    std::lock_guard lock(mu_);
    fired_.insert(key);
    return true;
  }

  std::size_t duplicates() const {
    std::lock_guard lock(mu_);
    return duplicates_;
  }

 private:
  jobs& jobs_;
  reliable_publisher& out_;
  mutable std::mutex mu_;
  std::set<std::string> fired_;
  std::size_t duplicates_ = 0;
};

}  // namespace events::dapr
