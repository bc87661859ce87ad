"""Drives examples/dapr/task_api.cpp with Python's urllib, a real HTTP client of its own.

Posts valid tasks (201, and task.created received on the consumer side, read back by seed 004's
TaskEvent model) and invalid ones (422 with every error and its path: the same types, locations
and messages FastAPI answers for a Pydantic body model of the same fields).
Usage: task_api_test.py <path to example_dapr_task_api>
"""
import json
import subprocess
import sys
import urllib.error
import urllib.request
from datetime import datetime, timezone
from enum import Enum
from uuid import UUID, uuid4

from pydantic import BaseModel, Field, ValidationError


# The body model: seed 004's TaskCreatedPayload without task_id (the store assigns it).
class NewTask(BaseModel):
    user_id: UUID
    title: str = Field(..., min_length=1, max_length=200)
    description: str | None = None
    priority: str = Field(default="medium")
    due_date: datetime | None = None
    tags: list[str] = Field(default_factory=list)


# Seed 004's TaskEvent (Example 1), for task.created as the consumer side received it.
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


class TaskEvent(BaseModel):
    event_id: UUID = Field(default_factory=uuid4)
    event_type: TaskEventType
    timestamp: datetime = Field(default_factory=lambda: datetime.now(timezone.utc))
    correlation_id: UUID | None = None
    causation_id: UUID | None = None
    payload: TaskCreatedPayload


def fastapi_detail(body):
    """What FastAPI answers for `body` posted to a NewTask body parameter (its 422 detail)."""
    try:
        NewTask.model_validate_json(body)
        return None
    except ValidationError as e:
        return [{"type": x["type"], "loc": ["body", *x["loc"]], "msg": x["msg"]} for x in e.errors(include_url=False)]


failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what)


def post(port, body):
    req = urllib.request.Request("http://127.0.0.1:%d/api/v1/tasks" % port, data=body.encode(), method="POST",
                                 headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())


def main():
    proc = subprocess.Popen([sys.argv[1], "--serve"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    first = proc.stdout.readline().split()
    check(first[:2] == ["listening", "on"] and first[2].startswith("127.0.0.1:"), "listens on 127.0.0.1: %r" % first)
    port = int(first[2].split(":")[1])

    user = str(uuid4())
    valid = [
        {"user_id": user, "title": "Buy groceries", "priority": "high", "tags": ["errand", "food"]},
        {"user_id": user, "title": "Call mom", "description": None, "due_date": "2026-01-16T10:00:00Z"},
    ]
    created = {}
    for task in valid:
        body = json.dumps(task)
        check(fastapi_detail(body) is None, "Pydantic accepts %s" % body)
        status, answer = post(port, body)
        check(status == 201, "valid task: 201, got %d %r" % (status, answer))
        check(answer.get("title") == task["title"], "answer names the task: %r" % answer)
        created[answer.get("id")] = task

    invalid = [
        {"user_id": "user-uuid", "title": "", "tags": [1, "ok", None]},
        {"title": "x" * 201, "due_date": "2026-13-01T00:00:00Z", "priority": 5},
        {"user_id": user, "title": "Fine", "description": ["not", "text"], "due_date": "tomorrow"},
        {},
    ]
    for task in invalid:
        body = json.dumps(task)
        want = fastapi_detail(body)
        check(want is not None, "Pydantic refuses %s" % body)
        status, answer = post(port, body)
        check(status == 422, "invalid task: 422, got %d" % status)
        got = [{"type": d["type"], "loc": d["loc"], "msg": d["msg"]} for d in answer.get("detail", [])]
        # The same errors: type and loc equal; the message equal, or Pydantic's with the parser's
        # reason appended ("Input should be a valid UUID, invalid character: ..."). Ours come in
        # document order, Pydantic's in field order: compared by loc.
        key = lambda d: json.dumps(d["loc"])
        same = len(got) == len(want) and all(
            g["type"] == w["type"] and g["loc"] == w["loc"] and (g["msg"] == w["msg"] or w["msg"].startswith(g["msg"] + ", "))
            for g, w in zip(sorted(got, key=key), sorted(want, key=key)))
        check(same, "every error and its path, as FastAPI/Pydantic:\n  ours   %r\n  theirs %r" % (got, want))
    status, answer = post(port, "{not json")
    check(status == 422 and answer["detail"][0]["type"] == "json_invalid", "malformed JSON: 422 json_invalid, got %r" % answer)

    out, _ = proc.communicate(input="", timeout=30)
    check(proc.returncode == 0, "the example exits 0, got %d" % proc.returncode)
    consumed = [line[len("consumed "):] for line in out.splitlines() if line.startswith("consumed ")]
    check(len(consumed) == len(valid), "one task.created per valid task on the consumer side, got %d" % len(consumed))
    for text in consumed:
        ev = TaskEvent.model_validate_json(text)  # seed 004's model reads what was published
        check(ev.event_type == TaskEventType.CREATED, "task.created: %s" % text)
        task = created.get(str(ev.payload.task_id))
        check(task is not None, "the consumed task is one the API answered 201 for: %s" % ev.payload.task_id)
        if task:
            check(ev.payload.title == task["title"] and str(ev.payload.user_id) == task["user_id"], "fields: %s" % text)
            check(ev.payload.tags == task.get("tags", []), "tags: %s" % text)
            check(ev.payload.priority == task.get("priority", "medium"), "priority: %s" % text)
    if failures:
        sys.exit("%d failure(s)" % len(failures))
    print("ok: %d valid tasks published and consumed, %d invalid answered 422 as FastAPI would" % (len(valid), len(invalid)))


main()
