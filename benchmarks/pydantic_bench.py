#!/usr/bin/env python3
"""Times Pydantic v2 on the benchmark event's exact bytes and compares with events_bench.

usage: pydantic_bench.py [path/to/events_bench]

Prints `pydantic_decode_vs_events`-style lines in events_bench's summary format: the ratio is
Pydantic's time over ours (how many times faster events is).
"""
import enum
import json
import subprocess
import sys
import tempfile
import timeit
from datetime import datetime
from typing import Optional
from uuid import UUID

from pydantic import BaseModel, Field


class Priority(str, enum.Enum):
    low = "low"
    medium = "medium"
    high = "high"
    urgent = "urgent"


class TaskCreatedPayload(BaseModel):
    task_id: UUID
    user_id: UUID
    title: str = Field(..., min_length=1, max_length=200)
    description: Optional[str] = None
    priority: Priority = Priority.medium
    due_date: Optional[datetime] = None
    tags: list[str] = Field(default_factory=list)


class TaskEvent(BaseModel):
    event_id: UUID
    event_type: str
    event_version: str = "1.0"
    timestamp: datetime
    correlation_id: Optional[UUID] = None
    causation_id: Optional[UUID] = None
    payload: TaskCreatedPayload


def per_call_ns(fn, number=20000):
    best = min(timeit.repeat(fn, number=number, repeat=5))
    return best / number * 1e9


def main():
    bench = sys.argv[1] if len(sys.argv) > 1 else "build/bench/benchmarks/events_bench"
    wire = subprocess.run([bench, "--sample"], check=True, capture_output=True, text=True).stdout.strip()
    model = TaskEvent.model_validate_json(wire)
    assert model.model_dump_json() == wire, "Pydantic writes different bytes:\n%s\n%s" % (model.model_dump_json(), wire)
    py_decode = per_call_ns(lambda: TaskEvent.model_validate_json(wire))
    py_encode = per_call_ns(lambda: model.model_dump_json())

    with tempfile.NamedTemporaryFile(suffix=".json") as f:
        subprocess.run([bench, "--benchmark_filter=^events_(encode|decode)$", "--benchmark_min_time=0.3",
                        f"--benchmark_out={f.name}", "--benchmark_out_format=json"],
                       check=True, capture_output=True, text=True)
        out = json.load(open(f.name))
    ns = {b["name"]: b["cpu_time"] for b in out["benchmarks"]}
    print(f"bytes: {len(wire)}")
    print(f"pydantic_decode_vs_events: {py_decode / ns['events_decode']:.2f}x "
          f"(events {ns['events_decode']:.1f} ns, baseline {py_decode:.1f} ns)")
    print(f"pydantic_encode_vs_events: {py_encode / ns['events_encode']:.2f}x "
          f"(events {ns['events_encode']:.1f} ns, baseline {py_encode:.1f} ns)")


if __name__ == "__main__":
    main()
