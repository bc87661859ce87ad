"""Seed 004's event models as the seed writes them ("Example 1: Task Event Schema" and "Example 2:
Reminder Event Schema"), copied from our project's seed document. One change: Example 2 uses
`timezone` without importing it (added here).
"""
from enum import Enum
from pydantic import BaseModel, Field, ConfigDict
from datetime import datetime, timezone
from uuid import UUID, uuid4


# ---- Example 1: Task Event Schema ----

class TaskEventType(str, Enum):
    CREATED = "task.created"
    UPDATED = "task.updated"
    COMPLETED = "task.completed"
    DELETED = "task.deleted"

class TaskCreatedPayload(BaseModel):
    task_id: UUID
    user_id: UUID
    title: str = Field(..., min_length=1, max_length=200)
    description: str | None = None
    priority: str = Field(default="medium")
    due_date: datetime | None = None
    tags: list[str] = Field(default_factory=list)

class TaskUpdatedPayload(BaseModel):
    task_id: UUID
    user_id: UUID
    title: str | None = None
    description: str | None = None
    priority: str | None = None
    due_date: datetime | None = None
    tags: list[str] | None = None
    updated_fields: list[str]  # List of fields that changed

class TaskCompletedPayload(BaseModel):
    task_id: UUID
    user_id: UUID
    completed_at: datetime
    has_recurrence: bool = False
    recurrence_pattern: str | None = None

class TaskDeletedPayload(BaseModel):
    task_id: UUID
    user_id: UUID
    deleted_at: datetime
    reason: str | None = None

class TaskEvent(BaseModel):
    event_id: UUID = Field(default_factory=uuid4)
    event_type: TaskEventType
    timestamp: datetime = Field(default_factory=lambda: datetime.now(timezone.utc))
    correlation_id: UUID | None = None
    causation_id: UUID | None = None
    payload: TaskCreatedPayload | TaskUpdatedPayload | TaskCompletedPayload | TaskDeletedPayload

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "event_id": "123e4567-e89b-12d3-a456-426614174000",
                "event_type": "task.created",
                "timestamp": "2026-01-15T10:30:00Z",
                "correlation_id": "abc-def-ghi",
                "causation_id": "xyz-123-456",
                "payload": {
                    "task_id": "task-uuid",
                    "user_id": "user-uuid",
                    "title": "Buy groceries",
                    "priority": "high"
                }
            }
        }
    )

def serialize_event(event: TaskEvent) -> str:
    """Serialize event to JSON for Kafka publishing"""
    return event.model_dump_json()

def deserialize_event(json_str: str) -> TaskEvent:
    """Deserialize Kafka message to TaskEvent"""
    return TaskEvent.model_validate_json(json_str)

def create_task_created_event(
    task_id: UUID,
    user_id: UUID,
    title: str,
    priority: str = "medium",
    due_date: datetime | None = None,
    tags: list[str] = None
) -> TaskEvent:
    """Helper to create task.created event"""
    return TaskEvent(
        event_type=TaskEventType.CREATED,
        payload=TaskCreatedPayload(
            task_id=task_id,
            user_id=user_id,
            title=title,
            priority=priority,
            due_date=due_date,
            tags=tags or []
        )
    )


# ---- Example 2: Reminder Event Schema ----

class ReminderEventType(str, Enum):
    SCHEDULED = "reminder.scheduled"
    DUE = "reminder.due"
    SENT = "reminder.sent"
    FAILED = "reminder.failed"

class ReminderScheduledPayload(BaseModel):
    reminder_id: UUID
    task_id: UUID
    user_id: UUID
    scheduled_for: datetime
    notification_channel: str = Field(default="email")  # email, push, sms
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

class ReminderEvent(BaseModel):
    event_id: UUID = Field(default_factory=uuid4)
    event_type: ReminderEventType
    timestamp: datetime = Field(default_factory=lambda: datetime.now(timezone.utc))
    payload: (
        ReminderScheduledPayload |
        ReminderDuePayload |
        ReminderSentPayload |
        ReminderFailedPayload
    )
