#pragma once
/// \file The recurring-task service's logic, transport-free: a completed task with a recurrence
/// whose pattern matches becomes recurring.triggered (seed 004: the completed task, its next due
/// date and the fields to copy), the next task.created (with the right due date) and
/// recurring.spawned (with the true occurrence number). Kafka and Dapr services both call it from
/// their handlers.
///
/// <!-- given: #include <events/kafka/kafka.hpp>
/// extern events::kafka::consumer in; extern events::kafka::producer out; -->
/// \code
/// events::services::recurring_service svc;
/// in.on<events::event<events::TaskCreatedPayload>>([&](const auto& ev) { svc.remember(ev); });
/// in.on<events::event<events::TaskCompletedPayload>>([&](const auto& ev) {
///   if (auto next = svc.on_completed(ev)) out.publish_batch({{next->triggered}, {next->created}, {next->spawned}});
/// });
/// \endcode
///
/// Occurrence numbers and anchors: the service remembers, per task it spawned, which series it
/// belongs to, that series' first due date and the occurrence number, so the 3rd monthly task
/// after Jan 31 is due Mar 31 (not Mar 28) and says occurrence_number 3. A task it never saw
/// starts a series: it is occurrence 1 and anchors the series at its due date (else its
/// completion time). It remembers in a series_store: its own in-memory one by default; replicas
/// of the service share one (see series_store.hpp). Re-delivery of the same completion returns the
/// same events (same ids), so publishing them again is harmless for idempotent consumers.
#include <events/catalog/contract.hpp>
#include <events/event.hpp>
#include <events/catalog/recurrence.hpp>
#include <events/json.hpp>
#include <events/catalog/recurring_events.hpp>
#include <events/catalog/services/series_store.hpp>
#include <events/catalog/task_events.hpp>

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace events::services {

/// Where a task sits in its series.
struct series_position {
  std::string series;  ///< The id of the series' first task.
  timestamp anchor;    ///< The series' first due date.
  int number = 1;      ///< This task's occurrence number.
};

/// What the service knows about a task it saw created (seed 004's completion lacks it).
struct known_task {
  std::string title;
  std::string priority = "medium";
  std::optional<std::string> description;
  std::vector<std::string> tags;
  std::optional<timestamp> due_date;
};

/// The next occurrence of a seed 004 task: the events to publish, in this order.
struct next_task {
  event<RecurringTriggeredPayload> triggered;  ///< The completed task's pattern matched.
  event<TaskCreatedPayload> created;
  event<RecurringSpawnedPayload> spawned;
  bool duplicate = false;  ///< The same completion was handled before; these are the same events.
};

/// The next occurrence of a seed 003 task: recurring.triggered, the contract's TaskEvent(created),
/// and spawned.
struct next_contract_task {
  event<RecurringTriggeredPayload> triggered;
  TaskEvent created;
  event<RecurringSpawnedPayload> spawned;
  bool duplicate = false;
};

/// Why no next occurrence came out (for logging and counting).
enum class no_next { not_recurring, series_ended, bad_rule };

/// Turns completions into next occurrences.
class recurring_service {
 public:
  /// A service that remembers in its own in-memory store.
  recurring_service() : store_(&own_) {}
  /// A service that remembers in `store` (shared with other replicas); `store` outlives it.
  explicit recurring_service(series_store& store) : store_(&store) {}
  recurring_service(const recurring_service&) = delete;
  recurring_service& operator=(const recurring_service&) = delete;

  /// Remembers a created task's title, priority, tags and due date (seed 004 completions carry none).
  void remember(const event<TaskCreatedPayload>& ev) {
    std::lock_guard lock(mu_);
    put("task:" + ev.payload.task_id.to_string(),
        known_task{std::string(ev.payload.title), ev.payload.priority, ev.payload.description, ev.payload.tags,
                   ev.payload.due_date});
  }

  /// Seed 004: task.completed with has_recurrence and recurrence_pattern. Returns the next
  /// occurrence, or nothing (last_reason() says why). Errors of the rule are in last_errors().
  std::optional<next_task> on_completed(const event<TaskCompletedPayload>& ev) {
    std::lock_guard lock(mu_);
    const auto& p = ev.payload;
    if (!p.has_recurrence || !p.recurrence_pattern) return none(no_next::not_recurring);
    const std::string key = p.task_id.to_string();
    if (auto again = get<next_task>("done004:" + key)) {
      again->duplicate = true;
      return again;
    }
    auto rule = recurrence::parse(*p.recurrence_pattern);
    if (!rule) return none(no_next::bad_rule, rule.error());
    auto known = get<known_task>("task:" + key);
    std::optional<timestamp> due = known ? known->due_date : std::nullopt;
    series_position pos = position_of(key, due.value_or(p.completed_at));
    auto next = rule->next(pos.anchor, pos.number);
    if (!next) return none(no_next::series_ended);
    const uuid new_id = uuid::v5(uuid::namespace_url(), "urn:events:recurring:" + pos.series + ":" + std::to_string(next->number));
    known_task base = known ? *known : known_task{"Recurring task", "medium", std::nullopt, {}, std::nullopt};
    event_options opts;
    opts.correlation_id = ev.correlation_id ? ev.correlation_id : std::optional<uuid>(ev.event_id);
    opts.causation_id = ev.event_id;
    next_task out{make_event(RecurringTriggeredPayload{.task_id = p.task_id, .user_id = p.user_id,
                                                       .recurrence_pattern = *p.recurrence_pattern,
                                                       .next_due_date = next->due,
                                                       .original_task_data = task_fields(base)},
                             opts),
                  make_event(TaskCreatedPayload{.task_id = new_id, .user_id = p.user_id, .title = base.title,
                                                .description = base.description, .priority = base.priority,
                                                .due_date = next->due, .tags = base.tags},
                             opts),
                  make_event(RecurringSpawnedPayload{.new_task_id = new_id, .original_task_id = p.task_id,
                                                     .user_id = p.user_id, .recurrence_pattern = *p.recurrence_pattern,
                                                     .due_date = next->due, .occurrence_number = next->number},
                             opts),
                  false};
    out.triggered.event_id = uuid::v5(new_id, "recurring.triggered");
    out.created.event_id = uuid::v5(new_id, "task.created");
    out.spawned.event_id = uuid::v5(new_id, "recurring.spawned");
    put("position:" + new_id.to_string(), series_position{pos.series, pos.anchor, next->number});
    base.due_date = next->due;
    put("task:" + new_id.to_string(), base);
    put("done004:" + key, out);
    return out;
  }

  /// Seed 003: a TaskEvent(completed) whose task_data has a recurrence_rule. The next task's
  /// integer id comes from `allocate_id` (the database's job); triggered and spawned carry ids
  /// derived from the integers (uuid v5), since seed 004's payloads want UUIDs.
  template <class AllocateId>
  std::optional<next_contract_task> on_task_event(const TaskEvent& ev, AllocateId&& allocate_id) {
    std::lock_guard lock(mu_);
    if (ev.event_type != TaskOperation::completed || !ev.task_data || !ev.task_data->recurrence_rule)
      return none_contract(no_next::not_recurring);
    const TaskData& task = *ev.task_data;
    const std::string key = "int:" + std::to_string(ev.task_id);
    if (auto again = get<next_contract_task>("done003:" + key)) {
      again->duplicate = true;
      return again;
    }
    auto rule = recurrence::parse(*task.recurrence_rule);
    if (!rule) return none_contract(no_next::bad_rule, rule.error());
    series_position pos = position_of(key, task.due_date.value_or(ev.timestamp));
    auto next = rule->next(pos.anchor, pos.number);
    if (!next) return none_contract(no_next::series_ended);
    const std::int64_t new_id = allocate_id();
    const timestamp now = events::now();
    event_options opts;
    opts.correlation_id = ev.id;
    opts.causation_id = ev.id;
    TaskData data = task;
    data.id = new_id;
    data.completed = false;
    data.due_date = next->due;
    data.created_at = now;
    data.updated_at = now;
    auto id_of = [](std::int64_t id) { return uuid::v5(uuid::namespace_url(), "urn:events:task:" + std::to_string(id)); };
    auto user = uuid::parse(ev.user_id).value_or(uuid::v5(uuid::namespace_url(), "urn:events:user:" + ev.user_id));
    next_contract_task out{
        make_event(RecurringTriggeredPayload{.task_id = id_of(ev.task_id), .user_id = user,
                                             .recurrence_pattern = *task.recurrence_rule, .next_due_date = next->due,
                                             .original_task_data = task_fields(task)},
                   opts),
        TaskEvent{uuid::v5(id_of(new_id), "created"), TaskOperation::created, new_id, data, ev.user_id, now},
        make_event(RecurringSpawnedPayload{.new_task_id = id_of(new_id), .original_task_id = id_of(ev.task_id), .user_id = user,
                                           .recurrence_pattern = *task.recurrence_rule, .due_date = next->due,
                                           .occurrence_number = next->number},
                   opts),
        false};
    out.triggered.event_id = uuid::v5(id_of(new_id), "recurring.triggered");
    out.spawned.event_id = uuid::v5(id_of(new_id), "recurring.spawned");
    put("position:int:" + std::to_string(new_id), series_position{pos.series, pos.anchor, next->number});
    put("done003:" + key, out);
    return out;
  }

  /// Why the last call returned nothing.
  no_next last_reason() const {
    std::lock_guard lock(mu_);
    return last_reason_;
  }
  /// The rule's errors when the last reason was bad_rule.
  error_list last_errors() const {
    std::lock_guard lock(mu_);
    return last_errors_;
  }
  /// Where a task sits in its series, if the service (or a replica sharing its store) spawned it.
  std::optional<series_position> position(const std::string& task_key) const {
    std::lock_guard lock(mu_);
    return get<series_position>("position:" + task_key);
  }

 private:
  // The fields to copy, as the free-form object recurring.triggered carries: the JSON of the task
  // (known_task for seed 004, TaskData for seed 003), member for member.
  template <class T>
  static std::map<std::string, json_value> task_fields(const T& task) {
    return json_value::parse(events::to_json(task)).value().template as<std::map<std::string, json_value>>().value();
  }

  // The store holds JSON texts; what the service wrote, it reads back (a text it cannot read is a
  // broken store: parse throws events::decode_error).
  template <class T>
  std::optional<T> get(const std::string& key) const {
    auto text = store_->get(key);
    if (!text) return std::nullopt;
    return events::parse<T>(*text);
  }
  template <class T>
  void put(const std::string& key, const T& value) {
    store_->put(key, events::to_json(value));
  }

  series_position position_of(const std::string& key, timestamp due) const {
    if (auto known = get<series_position>("position:" + key)) return *known;
    return {key, due, 1};
  }
  std::nullopt_t none(no_next why, error_list errors = {}) {
    last_reason_ = why;
    last_errors_ = std::move(errors);
    return std::nullopt;
  }
  std::nullopt_t none_contract(no_next why, error_list errors = {}) { return none(why, std::move(errors)); }

  mutable std::mutex mu_;
  in_memory_series_store own_;
  series_store* store_;
  no_next last_reason_ = no_next::not_recurring;
  error_list last_errors_;
};

}  // namespace events::services
