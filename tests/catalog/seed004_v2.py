"""Seed 004's TaskEventV2, as the seed defines it (Example 6), writing "task.created.v2".

`write`: prints one JSON line per instance, for tests/catalog/seeds_test.cpp to decode.
`read`: validates each stdin line with the model; prints "ok" or the error, one line each.
"""
import sys
from datetime import datetime, timezone
from enum import Enum
from uuid import UUID, uuid4

from pydantic import BaseModel, Field


class TaskEventTypeV2(str, Enum):
    CREATED = "task.created.v2"


class TaskCreatedPayloadV2(BaseModel):
    task_id: UUID
    user_id: UUID
    title: str = Field(..., min_length=1, max_length=200)
    description: str | None = None
    priority: str = Field(default="medium")
    due_date: datetime | None = None
    tags: list[str] = Field(default_factory=list)
    attachments: list[str] = Field(default_factory=list)
    subtasks: list[UUID] = Field(default_factory=list)
    estimated_duration_minutes: int | None = None


class TaskEventV2(BaseModel):
    event_id: UUID = Field(default_factory=uuid4)
    event_type: TaskEventTypeV2
    schema_version: str = Field(default="2.0.0")
    timestamp: datetime = Field(default_factory=lambda: datetime.now(timezone.utc))
    payload: TaskCreatedPayloadV2


if sys.argv[1:] == ["read"]:
    for line in sys.stdin:
        try:
            TaskEventV2.model_validate_json(line)
            print("ok")
        except Exception as e:  # noqa: BLE001 - the test prints what Pydantic said
            print(str(e).replace("\n", " "))
    sys.exit(0)

for i in range(3):
    ev = TaskEventV2(
        event_type=TaskEventTypeV2.CREATED,
        payload=TaskCreatedPayloadV2(
            task_id=uuid4(), user_id=uuid4(), title=f"Plan {i}", tags=["travel"],
            attachments=[f"s3://a/{i}.pdf"], subtasks=[uuid4()], estimated_duration_minutes=15 * (i + 1)),
    )
    print(ev.model_dump_json())
