"""Seed 000's event models as the seed writes them (base.py, todo_events.py, reminder_events.py of
/gen.event-schema's "Example Outputs"), copied from our project's seed document.

Two changes, both forced: the seed's snippets use Field, datetime, Dict and Any without importing
them (added here), and `Field(default="TodoCreated", const=True)` is Pydantic v1's: Pydantic 2
refuses it at class creation (PydanticUserError "`const` is removed, use `Literal` instead"), so
each event_type is written `Literal["TodoCreated"] = Field(default="TodoCreated")`. Everything
else is the seed's: naive `datetime.utcnow` timestamps, `class Config` json_encoders, to_dict via
model_dump(mode='json'), to_json via json.dumps (default separators, ASCII escapes), from_json via
json.loads and cls(**data).
"""
import json
from datetime import datetime
from typing import Any, Dict, Literal, Optional
from uuid import UUID, uuid4

from pydantic import BaseModel, Field


# ---- base.py ----

class BaseEvent(BaseModel):
    """Base class for all events."""

    event_id: UUID = Field(default_factory=uuid4, description="Unique event identifier")
    event_type: str = Field(..., description="Type of the event")
    event_version: str = Field(default="1.0", description="Event schema version")
    timestamp: datetime = Field(default_factory=datetime.utcnow, description="Event timestamp")
    correlation_id: Optional[UUID] = Field(None, description="Correlation ID for tracing")

    class Config:
        json_encoders = {
            datetime: lambda v: v.isoformat(),
            UUID: lambda v: str(v)
        }

    def to_dict(self) -> Dict[str, Any]:
        """Convert to dictionary for JSON serialization."""
        return self.model_dump(mode='json')

    def to_json(self) -> str:
        """Convert to JSON string."""
        return json.dumps(self.to_dict())

    @classmethod
    def from_json(cls, json_str: str) -> 'BaseEvent':
        """Create event from JSON string."""
        data = json.loads(json_str)
        return cls(**data)


# ---- todo_events.py ----

class TodoCreated(BaseEvent):
    """Event emitted when a new todo is created."""

    event_type: Literal["TodoCreated"] = Field(default="TodoCreated")

    todo_id: UUID = Field(..., description="ID of the created todo")
    user_id: UUID = Field(..., description="ID of the user who created the todo")
    title: str = Field(..., max_length=500, description="Todo title")
    description: Optional[str] = Field(None, max_length=2000, description="Optional description")
    priority: str = Field(default="medium", description="Priority level")
    due_date: Optional[datetime] = Field(None, description="Optional due date")

class TodoUpdated(BaseEvent):
    """Event emitted when a todo is updated."""

    event_type: Literal["TodoUpdated"] = Field(default="TodoUpdated")

    todo_id: UUID = Field(..., description="ID of the updated todo")
    user_id: UUID = Field(..., description="ID of the user who updated the todo")
    changes: Dict[str, Any] = Field(..., description="Fields that were changed")
    updated_fields: list[str] = Field(..., description="List of updated field names")

class TodoCompleted(BaseEvent):
    """Event emitted when a todo is marked complete."""

    event_type: Literal["TodoCompleted"] = Field(default="TodoCompleted")

    todo_id: UUID = Field(..., description="ID of the completed todo")
    user_id: UUID = Field(..., description="ID of the user who completed the todo")
    completed_at: datetime = Field(..., description="When the todo was completed")
    time_to_complete: Optional[int] = Field(
        None,
        description="Seconds between creation and completion",
        ge=0
    )

class TodoDeleted(BaseEvent):
    """Event emitted when a todo is deleted."""

    event_type: Literal["TodoDeleted"] = Field(default="TodoDeleted")

    todo_id: UUID = Field(..., description="ID of the deleted todo")
    user_id: UUID = Field(..., description="ID of the user who deleted the todo")
    deleted_at: datetime = Field(..., description="When the todo was deleted")
    reason: Optional[str] = Field(None, description="Reason for deletion")


# ---- reminder_events.py ----

class ReminderTriggered(BaseEvent):
    """Event emitted when a reminder is triggered."""

    event_type: Literal["ReminderTriggered"] = Field(default="ReminderTriggered")

    reminder_id: UUID = Field(..., description="ID of the reminder")
    todo_id: UUID = Field(..., description="ID of the associated todo")
    user_id: UUID = Field(..., description="ID of the user")
    reminder_type: str = Field(..., description="Type of reminder (email, push, in-app)")
    triggered_at: datetime = Field(..., description="When the reminder was triggered")
    due_date: datetime = Field(..., description="Original due date")

class ReminderSnoozed(BaseEvent):
    """Event emitted when a reminder is snoozed."""

    event_type: Literal["ReminderSnoozed"] = Field(default="ReminderSnoozed")

    reminder_id: UUID = Field(..., description="ID of the reminder")
    todo_id: UUID = Field(..., description="ID of the associated todo")
    user_id: UUID = Field(..., description="ID of the user")
    new_due_date: datetime = Field(..., description="New due date after snooze")
    snooze_duration: int = Field(..., description="Duration of snooze in minutes")
