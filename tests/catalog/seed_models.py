#!/usr/bin/env python3
"""Runs the seeds' own models (seeds/seed000_events.py, seeds/seed004_events.py) for
tests/catalog/seed_models_test.cpp.

usage:
  seed_models.py produce   -> "<model>\\t<wire>" lines: events made and written the seeds' way
                             (seed 000: Model(...).to_json(); seed 004: the helpers and
                             serialize_event / model_dump_json)
  seed_models.py check     <- "<model>\\t<json>" lines; -> "ok\\t<payload class or ->" or
                             "error\\t[[\\"/json/pointer\\", \\"pydantic_type\\"], ...]", read the seeds' way
                             (seed 000: Model.from_json; seed 004: deserialize_event, model_validate_json)
  seed_models.py compare   <- "<model>\\t<original wire>\\t<our wire>" lines; -> "same" or "differs\\t<why>":
                             both read by the seed's model; a naive time in the original is UTC (utcnow)
  seed_models.py floats    <- one JSON text per line; -> what Pydantic's plain float makes of {"value": ...}
"""
import json
import os
import sys
import warnings
from datetime import datetime, timedelta, timezone
from uuid import uuid4

from pydantic import BaseModel, ValidationError

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "seeds"))
warnings.simplefilter("ignore")  # seed 000's `class Config` and utcnow are deprecated; the seed writes them
import seed000_events as s0  # noqa: E402
import seed004_events as s4  # noqa: E402

SEED000 = {c.__name__: c for c in (s0.TodoCreated, s0.TodoUpdated, s0.TodoCompleted, s0.TodoDeleted,
                                    s0.ReminderTriggered, s0.ReminderSnoozed)}
SEED004 = {"TaskEvent": s4.deserialize_event, "ReminderEvent": s4.ReminderEvent.model_validate_json}


def read(model, text):
    if model in SEED000:
        return SEED000[model].from_json(text)
    return SEED004[model](text)


def produce():
    now = datetime.utcnow()  # seed 000's clock: naive UTC
    u = uuid4
    out = [
        s0.TodoCreated(todo_id=u(), user_id=u(), title="Caf\u00e9 \u2713 \U0001F6D2", description="two\nlines",
                       priority="high", due_date=now + timedelta(days=1)),
        s0.TodoCreated(todo_id=u(), user_id=u(), title="Milk", correlation_id=u()),
        s0.TodoUpdated(todo_id=u(), user_id=u(), changes={"title": "Oat milk", "done": False, "n": [1, 2.5]},
                       updated_fields=["title"]),
        s0.TodoCompleted(todo_id=u(), user_id=u(), completed_at=now, time_to_complete=3600),
        s0.TodoDeleted(todo_id=u(), user_id=u(), deleted_at=now, reason="duplicate"),
        s0.ReminderTriggered(reminder_id=u(), todo_id=u(), user_id=u(), reminder_type="email",
                             triggered_at=now, due_date=now + timedelta(hours=1)),
        s0.ReminderSnoozed(reminder_id=u(), todo_id=u(), user_id=u(), new_due_date=now + timedelta(minutes=15),
                           snooze_duration=15),
    ]
    for e in out:
        print("%s\t%s" % (type(e).__name__, e.to_json()))
    aware = datetime.now(timezone.utc)
    tasks = [
        s4.create_task_created_event(task_id=u(), user_id=u(), title="Buy groceries", priority="high",
                                     due_date=aware + timedelta(days=2), tags=["home", "\u00e9t\u00e9"]),
        s4.TaskEvent(event_type=s4.TaskEventType.UPDATED,
                     payload=s4.TaskUpdatedPayload(task_id=u(), user_id=u(), title="Buy oat milk",
                                                   updated_fields=["title"])),
        s4.TaskEvent(event_type=s4.TaskEventType.COMPLETED, correlation_id=u(), causation_id=u(),
                     payload=s4.TaskCompletedPayload(task_id=u(), user_id=u(), completed_at=aware,
                                                     has_recurrence=True, recurrence_pattern="weekly")),
        s4.TaskEvent(event_type=s4.TaskEventType.DELETED,
                     payload=s4.TaskDeletedPayload(task_id=u(), user_id=u(), deleted_at=aware)),
    ]
    for e in tasks:
        print("%s\t%s" % (type(e.payload).__name__, s4.serialize_event(e)))
    reminders = [
        s4.ReminderEvent(event_type=s4.ReminderEventType.SCHEDULED, payload=s4.ReminderScheduledPayload(
            reminder_id=u(), task_id=u(), user_id=u(), scheduled_for=aware, message="Buy groceries")),
        s4.ReminderEvent(event_type=s4.ReminderEventType.DUE, payload=s4.ReminderDuePayload(
            reminder_id=u(), task_id=u(), user_id=u(), title="Buy groceries", due_at=aware,
            notification_channel="push")),
        s4.ReminderEvent(event_type=s4.ReminderEventType.SENT, payload=s4.ReminderSentPayload(
            reminder_id=u(), task_id=u(), user_id=u(), sent_at=aware, notification_channel="sms",
            delivery_status="delivered")),
        s4.ReminderEvent(event_type=s4.ReminderEventType.FAILED, payload=s4.ReminderFailedPayload(
            reminder_id=u(), task_id=u(), user_id=u(), failed_at=aware, notification_channel="email",
            error_message="mailbox full", retry_count=3)),
    ]
    for e in reminders:
        print("%s\t%s" % (type(e.payload).__name__, e.model_dump_json()))


def pointer(loc):
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in loc)


def check(lines):
    for line in lines:
        model, text = line.split("\t", 1)
        try:
            v = read(model, text)
        except ValidationError as e:
            print("error\t" + json.dumps([[pointer(x["loc"]), x["type"]] for x in e.errors()]))
            continue
        payload = getattr(v, "payload", None)
        print("ok\t" + (type(payload).__name__ if payload is not None else "-"))


def as_utc(value):
    """Values for comparison: a naive datetime is UTC (seed 000 writes datetime.utcnow())."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=timezone.utc)
    if isinstance(value, BaseModel):
        return (type(value).__name__, {k: as_utc(getattr(value, k)) for k in type(value).model_fields})
    if isinstance(value, dict):
        return {k: as_utc(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_utc(v) for v in value]
    return value


def compare(lines):
    for line in lines:
        model, original, ours = line.split("\t")
        a, b = as_utc(read(model, original)), as_utc(read(model, ours))
        if a == b:
            print("same")
        else:
            print("differs\t%r != %r" % (a, b))


class FloatModel(BaseModel):
    value: float


def floats(lines):
    for text in lines:
        try:
            print("ok\t" + repr(FloatModel.model_validate_json(text).value))
        except ValidationError as e:
            print("error\t" + e.errors()[0]["type"])


def main():
    mode = sys.argv[1]
    if mode == "produce":
        produce()
        return
    lines = [l.rstrip("\n") for l in sys.stdin if l.strip()]
    {"check": check, "compare": compare, "floats": floats}[mode](lines)


if __name__ == "__main__":
    main()
