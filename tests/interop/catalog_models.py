"""Pydantic v2 models of the catalog, translated from the seeds by hand (tests/catalog uses them).

The envelopes carry the fields the C++ envelopes write, in the same order: flat events (seed 000)
event_id, event_type, event_version, timestamp, correlation_id, then the payload's fields; nested
events (seed 004) event_id, event_type, [schema_version], event_version, timestamp,
correlation_id, causation_id, payload.

Usage, one message per line as "<name>\\t<json>" on stdin:
  catalog_models.py check     -> "<name>\\t<model_dump_json>" or "<name>\\tERROR\\t<[[path, type], ...]>"
  catalog_models.py generate  -> "<name>\\t<json>" for a minimal and a full instance of every model
  catalog_models.py names     -> every model name
"""
import json
import sys
import typing
import uuid
from datetime import datetime, timezone
from enum import Enum
from typing import Annotated, Any, Literal, Optional
from uuid import UUID, uuid4

from pydantic import BaseModel, Field, ValidationError, create_model, model_serializer
from pydantic.fields import FieldInfo


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


# ---- envelopes ---------------------------------------------------------------------------------

class FlatEvent(BaseModel):
    """Seed 000's BaseEvent."""
    event_id: UUID = Field(default_factory=uuid4)
    event_type: str
    event_version: Literal["1.0"] = "1.0"
    timestamp: datetime = Field(default_factory=utcnow)
    correlation_id: Optional[UUID] = None


def nested(payload: type[BaseModel], event_type: str, version: int = 1,
           schema_version: Optional[str] = None) -> type[BaseModel]:
    """Seed 004's TaskEvent/ReminderEvent/... wrapper for one payload type."""
    fields: dict[str, Any] = {
        "event_id": (UUID, Field(default_factory=uuid4)),
        "event_type": (Literal[event_type], event_type),
    }
    if schema_version:
        fields["schema_version"] = (Literal[schema_version], schema_version)
    v = f"{version}.0"
    fields |= {
        "event_version": (Literal[v], v),
        "timestamp": (datetime, Field(default_factory=utcnow)),
        "correlation_id": (Optional[UUID], None),
        "causation_id": (Optional[UUID], None),
        "payload": (payload, ...),
    }
    return create_model(payload.__name__.replace("Payload", "Event"), **fields)


Title200 = Annotated[str, Field(min_length=1, max_length=200)]

# ---- todo_events (seed 000, topic todos) --------------------------------------------------------

class TodoCreated(FlatEvent):
    event_type: Literal["TodoCreated"] = "TodoCreated"
    todo_id: UUID
    user_id: UUID
    title: str = Field(..., max_length=500)
    description: Optional[str] = Field(None, max_length=2000)
    priority: str = "medium"
    due_date: Optional[datetime] = None

class TodoUpdated(FlatEvent):
    event_type: Literal["TodoUpdated"] = "TodoUpdated"
    todo_id: UUID
    user_id: UUID
    changes: dict[str, Any]
    updated_fields: list[str]

class TodoCompleted(FlatEvent):
    event_type: Literal["TodoCompleted"] = "TodoCompleted"
    todo_id: UUID
    user_id: UUID
    completed_at: datetime
    time_to_complete: Optional[int] = Field(None, ge=0)

class TodoUncompleted(FlatEvent):
    event_type: Literal["TodoUncompleted"] = "TodoUncompleted"
    todo_id: UUID
    user_id: UUID
    uncompleted_at: datetime

class TodoDeleted(FlatEvent):
    event_type: Literal["TodoDeleted"] = "TodoDeleted"
    todo_id: UUID
    user_id: UUID
    deleted_at: datetime
    reason: Optional[str] = None

class TodoPrioritized(FlatEvent):
    event_type: Literal["TodoPrioritized"] = "TodoPrioritized"
    todo_id: UUID
    user_id: UUID
    old_priority: str
    new_priority: str
    prioritized_at: datetime

# ---- reminder_events (seeds 000 and 004, topic reminders) ---------------------------------------

class ReminderCreated(FlatEvent):
    event_type: Literal["ReminderCreated"] = "ReminderCreated"
    reminder_id: UUID
    todo_id: UUID
    user_id: UUID
    reminder_type: str
    remind_at: datetime
    due_date: datetime

class ReminderTriggered(FlatEvent):
    event_type: Literal["ReminderTriggered"] = "ReminderTriggered"
    reminder_id: UUID
    todo_id: UUID
    user_id: UUID
    reminder_type: str
    triggered_at: datetime
    due_date: datetime

class ReminderSnoozed(FlatEvent):
    event_type: Literal["ReminderSnoozed"] = "ReminderSnoozed"
    reminder_id: UUID
    todo_id: UUID
    user_id: UUID
    new_due_date: datetime
    snooze_duration: int

class ReminderDismissed(FlatEvent):
    event_type: Literal["ReminderDismissed"] = "ReminderDismissed"
    reminder_id: UUID
    todo_id: UUID
    user_id: UUID
    dismissed_at: datetime

class ReminderCancelled(FlatEvent):
    event_type: Literal["ReminderCancelled"] = "ReminderCancelled"
    reminder_id: UUID
    todo_id: UUID
    user_id: UUID
    cancelled_at: datetime
    reason: Optional[str] = None

class ReminderScheduledPayload(BaseModel):
    reminder_id: UUID
    task_id: UUID
    user_id: UUID
    scheduled_for: datetime
    notification_channel: str = "email"
    message: str

class ReminderDuePayload(BaseModel):
    reminder_id: UUID
    task_id: UUID
    user_id: UUID
    title: str
    due_at: datetime
    notification_channel: str

class ReminderSentPayload(BaseModel):
    reminder_id: UUID
    task_id: UUID
    user_id: UUID
    sent_at: datetime
    notification_channel: str
    delivery_status: str

class ReminderFailedPayload(BaseModel):
    reminder_id: UUID
    task_id: UUID
    user_id: UUID
    failed_at: datetime
    notification_channel: str
    error_message: str
    retry_count: int

# ---- task_events (seeds 002 and 004, topic task-events) -----------------------------------------

class TaskCreatedPayload(BaseModel):
    task_id: UUID
    user_id: UUID
    title: Title200
    description: Optional[str] = None
    priority: str = "medium"
    due_date: Optional[datetime] = None
    tags: list[str] = Field(default_factory=list)

class TaskUpdatedPayload(BaseModel):
    task_id: UUID
    user_id: UUID
    title: Optional[str] = None
    description: Optional[str] = None
    priority: Optional[str] = None
    due_date: Optional[datetime] = None
    tags: Optional[list[str]] = None
    updated_fields: list[str]

class TaskCompletedPayload(BaseModel):
    task_id: UUID
    user_id: UUID
    completed_at: datetime
    has_recurrence: bool = False
    recurrence_pattern: Optional[str] = None

class TaskDeletedPayload(BaseModel):
    task_id: UUID
    user_id: UUID
    deleted_at: datetime
    reason: Optional[str] = None

class TaskCreatedPayloadV2(TaskCreatedPayload):
    attachments: list[str] = Field(default_factory=list)
    subtasks: list[UUID] = Field(default_factory=list)
    estimated_duration_minutes: Optional[int] = None

# ---- recurring_events (seed 004) ----------------------------------------------------------------

class RecurringTriggeredPayload(BaseModel):
    task_id: UUID
    user_id: UUID
    recurrence_pattern: str
    next_due_date: datetime
    original_task_data: dict[str, Any]

class RecurringSpawnedPayload(BaseModel):
    new_task_id: UUID
    original_task_id: UUID
    user_id: UUID
    recurrence_pattern: str
    due_date: datetime
    occurrence_number: int

# ---- analytics_events (seed 000, topic analytics; fields chosen) --------------------------------

class UserLogin(FlatEvent):
    event_type: Literal["UserLogin"] = "UserLogin"
    user_id: UUID
    session_id: UUID
    login_at: datetime
    client: Optional[str] = None

class UserLogout(FlatEvent):
    event_type: Literal["UserLogout"] = "UserLogout"
    user_id: UUID
    session_id: UUID
    logout_at: datetime
    session_seconds: Optional[int] = Field(None, ge=0)

class TaskCreated(FlatEvent):
    event_type: Literal["TaskCreated"] = "TaskCreated"
    task_id: UUID
    user_id: UUID
    created_at: datetime
    priority: str = "medium"
    has_due_date: bool = False

class TaskCompleted(FlatEvent):
    event_type: Literal["TaskCompleted"] = "TaskCompleted"
    task_id: UUID
    user_id: UUID
    completed_at: datetime
    time_to_complete: Optional[int] = Field(None, ge=0)
    was_overdue: bool = False

class TaskOverdue(FlatEvent):
    event_type: Literal["TaskOverdue"] = "TaskOverdue"
    task_id: UUID
    user_id: UUID
    due_date: datetime
    detected_at: datetime
    overdue_seconds: int = Field(..., ge=0)

class ProductivityMetric(FlatEvent):
    event_type: Literal["ProductivityMetric"] = "ProductivityMetric"
    user_id: UUID
    period_start: datetime
    period_end: datetime
    tasks_created: int = Field(..., ge=0)
    tasks_completed: int = Field(..., ge=0)
    completion_rate: float = Field(..., ge=0, le=1)
    active_minutes: int = Field(..., ge=0)

# ---- notification_events (seeds 000 and 002, topic notifications; fields chosen) ----------------

class EmailNotificationSent(FlatEvent):
    event_type: Literal["EmailNotificationSent"] = "EmailNotificationSent"
    notification_id: UUID
    user_id: UUID
    todo_id: Optional[UUID] = None
    recipient: str = Field(..., pattern=r"^[^@\s]+@[^@\s]+$")
    subject: str = Field(..., max_length=998)
    template_name: Optional[str] = None
    sent_at: datetime

class PushNotificationSent(FlatEvent):
    event_type: Literal["PushNotificationSent"] = "PushNotificationSent"
    notification_id: UUID
    user_id: UUID
    todo_id: Optional[UUID] = None
    device_id: str
    title: Title200
    body: str = Field(..., max_length=2000)
    sent_at: datetime

class InAppNotificationCreated(FlatEvent):
    event_type: Literal["InAppNotificationCreated"] = "InAppNotificationCreated"
    notification_id: UUID
    user_id: UUID
    todo_id: Optional[UUID] = None
    title: Title200
    message: str = Field(..., max_length=2000)
    link: Optional[str] = None
    created_at: datetime

class NotificationDeliveredPayload(BaseModel):
    notification_id: UUID
    user_id: UUID
    channel: str
    delivered_at: datetime
    provider_message_id: Optional[str] = None

class NotificationFailedPayload(BaseModel):
    notification_id: UUID
    user_id: UUID
    channel: str
    failed_at: datetime
    error_message: str
    retry_count: int = Field(..., ge=0)

class NotificationBouncedPayload(BaseModel):
    notification_id: UUID
    user_id: UUID
    channel: str
    bounced_at: datetime
    recipient: str
    bounce_type: Literal["hard", "soft"]
    reason: Optional[str] = None

# ---- audit_events (seed 000, topic audit; fields chosen) ----------------------------------------

class UserLoggedIn(FlatEvent):
    event_type: Literal["UserLoggedIn"] = "UserLoggedIn"
    user_id: UUID
    session_id: UUID
    ip_address: Optional[str] = None
    user_agent: Optional[str] = None
    logged_in_at: datetime

class UserLoggedOut(FlatEvent):
    event_type: Literal["UserLoggedOut"] = "UserLoggedOut"
    user_id: UUID
    session_id: UUID
    reason: Literal["user", "expired", "revoked"] = "user"
    logged_out_at: datetime

class LoginFailed(FlatEvent):
    event_type: Literal["LoginFailed"] = "LoginFailed"
    username: str = Field(..., min_length=1, max_length=320)
    user_id: Optional[UUID] = None
    ip_address: Optional[str] = None
    reason: str
    attempted_at: datetime

class PermissionsChanged(FlatEvent):
    event_type: Literal["PermissionsChanged"] = "PermissionsChanged"
    user_id: UUID
    changed_by: UUID
    granted: list[str] = Field(default_factory=list)
    revoked: list[str] = Field(default_factory=list)
    reason: Optional[str] = None
    changed_at: datetime

# ---- contract (seed 003) ------------------------------------------------------------------------

class TaskData(BaseModel):
    id: int
    title: str
    description: Optional[str] = None
    completed: bool = False
    priority: str = "medium"
    tags: list[str] = Field(default_factory=list)
    due_date: Optional[datetime] = None
    recurrence_rule: Optional[str] = None
    user_id: str
    created_at: datetime
    updated_at: datetime

class TaskOperation(str, Enum):
    CREATED = "created"
    UPDATED = "updated"
    COMPLETED = "completed"
    DELETED = "deleted"
    UNCOMPLETED = "uncompleted"

class OmitUnset(BaseModel):
    """Seed 003's messages leave unset optionals out (their JSON Schemas refuse null): C++'s
    `unset = unset_optionals::omit`, here as a serializer that drops top-level None values."""
    @model_serializer(mode="wrap")
    def _omit_unset(self, handler):
        return {k: v for k, v in handler(self).items() if v is not None}

class TaskEvent(OmitUnset):
    id: UUID
    event_type: TaskOperation
    task_id: int
    task_data: Optional[TaskData] = None
    user_id: str
    timestamp: datetime

class ReminderEvent(OmitUnset):
    task_id: int
    title: str
    due_date: Optional[datetime] = None
    remind_at: datetime
    user_id: str


# ---- the catalog, by the names the C++ tests use ------------------------------------------------

MODELS: dict[str, type[BaseModel]] = {
    m.model_fields["event_type"].default: m
    for m in (TodoCreated, TodoUpdated, TodoCompleted, TodoUncompleted, TodoDeleted, TodoPrioritized,
              ReminderCreated, ReminderTriggered, ReminderSnoozed, ReminderDismissed, ReminderCancelled,
              UserLogin, UserLogout, TaskCreated, TaskCompleted, TaskOverdue, ProductivityMetric,
              EmailNotificationSent, PushNotificationSent, InAppNotificationCreated,
              UserLoggedIn, UserLoggedOut, LoginFailed, PermissionsChanged)
}
for _payload, _type in [
        (ReminderScheduledPayload, "reminder.scheduled"), (ReminderDuePayload, "reminder.due"),
        (ReminderSentPayload, "reminder.sent"), (ReminderFailedPayload, "reminder.failed"),
        (TaskCreatedPayload, "task.created"), (TaskUpdatedPayload, "task.updated"),
        (TaskCompletedPayload, "task.completed"), (TaskDeletedPayload, "task.deleted"),
        (RecurringTriggeredPayload, "recurring.triggered"), (RecurringSpawnedPayload, "recurring.spawned"),
        (NotificationDeliveredPayload, "notification.delivered"),
        (NotificationFailedPayload, "notification.failed"),
        (NotificationBouncedPayload, "notification.bounced")]:
    MODELS[_type] = nested(_payload, _type)
MODELS["task.created.v2"] = nested(TaskCreatedPayloadV2, "task.created", 2, "2.0.0")
MODELS["TaskEvent"] = TaskEvent
MODELS["ReminderEvent"] = ReminderEvent


# ---- instances built from the annotations alone (generate) --------------------------------------

def _constraints(metadata) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for m in metadata:
        if isinstance(m, FieldInfo):
            out |= _constraints(m.metadata)
        for name in ("ge", "gt", "le", "lt", "min_length", "max_length", "pattern"):
            if getattr(m, name, None) is not None:
                out[name] = getattr(m, name)
    return out


def _value(annotation, metadata, full: bool):
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is Annotated:
        return _value(args[0], list(args[1:]) + list(metadata), full)
    if origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
        return _value(next(a for a in args if a is not type(None)), metadata, full)
    if origin is Literal:
        return args[-1] if full else args[0]
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return list(annotation)[-1 if full else 0]
    if origin is list:
        return [_value(args[0], [], full) for _ in range(2 if full else 1)]
    if origin is dict or annotation is dict:
        return {"a": 1, "b": [True, None, 2.5, "text"], "c": {"d": "e"}}
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return _instance(annotation, full)
    c = _constraints(metadata)
    if annotation is UUID:
        return uuid4()
    if annotation is datetime:
        return utcnow()
    if annotation is bool:
        return full
    if annotation is int:
        return c.get("ge", 7) + (3 if full else 0)
    if annotation is float:
        return 0.625
    if annotation is str:
        if "pattern" in c:
            return "someone@example.com"
        return "caf\u00e9 \"quoted\" \u2714" if full else "x" * max(1, c.get("min_length", 1))
    raise TypeError(f"no generator for {annotation!r}")


def _instance(model: type[BaseModel], full: bool) -> BaseModel:
    kwargs = {}
    for name, f in model.model_fields.items():
        if f.is_required() or (full and not name.startswith("event_") and name not in ("schema_version",)):
            kwargs[name] = _value(f.annotation, f.metadata, full)
    return model(**kwargs)


def main() -> int:
    mode = sys.argv[1] if len(sys.argv) > 1 else "names"
    if mode == "names":
        for name in MODELS:
            print(name)
    elif mode == "generate":
        for name, model in MODELS.items():
            for full in (False, True):
                print(f"{name}\t{_instance(model, full).model_dump_json()}")
    elif mode == "check":
        for line in sys.stdin.read().split("\n"):  # not splitlines(): U+2028 may be in a value
            if not line:
                continue
            name, text = line.split("\t", 1)
            try:
                print(f"{name}\t{MODELS[name].model_validate_json(text).model_dump_json()}")
            except ValidationError as e:
                errors = [["".join(f"/{p}" for p in err["loc"]), err["type"]] for err in e.errors()]
                print(f"{name}\tERROR\t{json.dumps(errors)}")
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
