#!/usr/bin/env python3
"""Tests of `events gen`, `events fmt`, `events topics` and `events asyncapi`, run by ctest:

  gen_test.py path/to/events <case> [--cxx COMPILER --include DIR --defs A=1,B=2]

Generated C++ is compiled and run (one binary for every generated header); generated Python is
imported and run with Pydantic v2; schemas are judged against what Pydantic itself writes.
"""
import importlib.util
import json
import os
import re
import subprocess
import sys
import tempfile
from datetime import datetime
from typing import Optional
from uuid import UUID

from pydantic import BaseModel

TOOL = sys.argv[1]
CASE = sys.argv[2]
OPTS = dict(zip(sys.argv[3::2], sys.argv[4::2]))

# Seed 000's example lines, verbatim, and the seed's models of them (the oracle for schemas).
SEED000 = [
    ("TodoCreated", "id (UUID), title (str), description (str?), user_id (UUID), created_at (datetime)"),
    ("TodoCompleted", "id (UUID), completed_by (UUID), completed_at (datetime)"),
    ("TodoUpdated", "id (UUID), title (str?), description (str?), updated_at (datetime)"),
    ("ReminderTriggered", "todo_id (UUID), reminder_type (str), triggered_at (datetime)"),
]


class TodoCreated(BaseModel):
    id: UUID
    title: str
    description: Optional[str] = None
    user_id: UUID
    created_at: datetime


class TodoCompleted(BaseModel):
    id: UUID
    completed_by: UUID
    completed_at: datetime


class TodoUpdated(BaseModel):
    id: UUID
    title: Optional[str] = None
    description: Optional[str] = None
    updated_at: datetime


class ReminderTriggered(BaseModel):
    todo_id: UUID
    reminder_type: str
    triggered_at: datetime


SEED_MODELS = {m.__name__: m for m in [TodoCreated, TodoCompleted, TodoUpdated, ReminderTriggered]}

# The generator's extensions: constraints, defaults, descriptions.
EXTENDED = ("TaskDrafted", 'task_id (UUID), title (str, 1..200, "Task title"), priority (low|medium|high = medium), '
            'tags (list[str] = []), count (int, >=0), ratio (float, 0..1), code (str?, /^[A-Z]{3}$/), '
            'due (date?), extra (dict = {}), done (bool = false)')


def run(*args, stdin=b""):
    p = subprocess.run([TOOL, *args], input=stdin, capture_output=True, timeout=120)
    return p.returncode, p.stdout.decode("utf-8"), p.stderr.decode("utf-8")


def check(cond, what):
    if not cond:
        print("FAIL:", what)
        sys.exit(1)


def load_module(path, name):
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def shape(prop):
    """(type, format, nullable) of a property schema, through anyOf [T, null]."""
    nullable = False
    if "anyOf" in prop:
        rest = [p for p in prop["anyOf"] if p != {"type": "null"}]
        nullable = len(rest) < len(prop["anyOf"])
        prop = rest[0]
    return prop.get("type"), prop.get("format"), nullable


def compile_binary(folder, includes, schemas):
    """One binary of every generated test file; `--schema NAME` prints the schema of the C++ type
    schemas[NAME]."""
    driver = os.path.join(folder, "driver.cpp")
    with open(driver, "w") as f:
        f.write("#define DOCTEST_CONFIG_IMPLEMENT\n#include <doctest/doctest.h>\n")
        f.write("#include <events/events.hpp>\n#include <events/schema.hpp>\n#include <cstring>\n#include <iostream>\n")
        for inc in includes:
            f.write('#include "%s"\n' % inc)
        f.write("int main(int argc, char** argv) {\n")
        f.write("  if (argc == 3 && std::strcmp(argv[1], \"--schema\") == 0) {\n")
        for name, cpp in schemas.items():
            f.write('    if (std::strcmp(argv[2], "%s") == 0) return std::cout << events::json_schema_text<%s>(events::schema_dialect::draft2020_12), 0;\n' % (name, cpp))
        f.write("    return 3;\n  }\n")
        f.write("  doctest::Context ctx(argc, argv);\n  return ctx.run();\n}\n")
    exe = os.path.join(folder, "generated_tests")
    cmd = [OPTS["--cxx"], "-std=c++20", "-O0", "-w", "-I", OPTS["--include"], "-I", folder, driver, "-o", exe]
    cmd += ["-D" + d for d in OPTS.get("--defs", "").split(",") if d]
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    check(p.returncode == 0, "generated code compiles:\n" + p.stderr[-6000:])
    return exe


def case_gen_cpp():
    """Seed 000's lines, the extended grammar, a seed-002 domain and the seed-003 schemas: one
    folder, one binary; every generated doctest passes."""
    with tempfile.TemporaryDirectory() as d:
        includes = []
        for name, fields in SEED000:
            code, _, err = run("gen", name, fields, "--namespace", "seed000", "--output", d)
            check(code == 0, "gen %s: %s" % (name, err))
            includes.append(re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower() + "_test.cpp")
        code, _, err = run("gen", EXTENDED[0], EXTENDED[1], "--type-name", "task.drafted", "--envelope", "nested",
                           "--topic", "task-events", "--key", "task_id", "--version", "2", "--namespace", "ext",
                           "--output", d)
        check(code == 0, "gen extended: " + err)
        includes.append("task_drafted_test.cpp")
        code, _, err = run("gen", "--domain", "reminders", "--events", "scheduled,sent,failed", "--namespace", "dom",
                           "--output", os.path.join(d, "reminder_events.hpp"))
        check(code == 0, "gen --domain: " + err)
        includes.append("reminder_events_test.cpp")
        header = open(os.path.join(d, "reminder_events.hpp")).read()
        for want in ["enum class reminders_event_type", '"reminder.scheduled"', "reminders_registry",
                     "extra_fields::forbid", 'schema_version = "1.0.0"']:
            check(want in header, "domain header has " + want)
        for n, (schema, name) in enumerate(seed003_schemas()):
            path = os.path.join(d, "s%d.json" % n)
            json.dump(schema, open(path, "w"))
            code, _, err = run("gen", "--from-schema", path, name, "--namespace", "s003", "--output", d)
            check(code == 0, "gen --from-schema %s: %s" % (name, err))
            includes.append(re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower() + "_test.cpp")
        with open(os.path.join(d, "seed003_examples_test.cpp"), "w") as f:
            f.write(SEED003_EXAMPLES)
        includes.append("seed003_examples_test.cpp")
        exe = compile_binary(d, includes, {n: "events::flat_event<seed000::%s>" % n for n, _ in SEED000})
        p = subprocess.run([exe], capture_output=True, text=True, timeout=120)
        check(p.returncode == 0, "generated tests pass:\n" + p.stdout[-4000:])
        m = re.search(r"test cases:\s*(\d+)", p.stdout)
        check(m and int(m.group(1)) >= 40, "the generated tests ran: " + p.stdout[-500:])

        # Each seed-000 line's schema matches the one Pydantic writes for the seed's model.
        for name, _ in SEED000:
            p = subprocess.run([exe, "--schema", name], capture_output=True, text=True)
            check(p.returncode == 0, "schema of " + name)
            ours = json.loads(p.stdout)
            theirs = SEED_MODELS[name].model_json_schema()
            fields = list(theirs["properties"])
            check(list(ours["properties"])[-len(fields):] == fields, "%s: fields in order" % name)
            check(set(ours["required"]) & set(fields) == set(theirs.get("required", [])), "%s: required set" % name)
            for k in fields:
                check(shape(ours["properties"][k]) == shape(theirs["properties"][k]),
                      "%s.%s: %s vs Pydantic %s" % (name, k, ours["properties"][k], theirs["properties"][k]))

        # The generated Pydantic models read each golden and write it back byte for byte.
        for name, fields in SEED000 + [EXTENDED]:
            extra = ["--type-name", "task.drafted", "--envelope", "nested", "--version", "2"] if name == EXTENDED[0] else []
            code, out, err = run("gen", name, fields, "--lang", "python", *extra)
            check(code == 0, "gen --lang python %s: %s" % (name, err))
            path = os.path.join(d, name.lower() + "_models.py")
            open(path, "w").write(out)
            mod = load_module(path, name.lower() + "_models")
            test_cpp = open(os.path.join(d, re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower() + "_test.cpp")).read()
            golden = re.search(r'R"golden\((.*)\)golden"', test_cpp).group(1)
            model = getattr(mod, name + "Event" if extra else name)
            check(model.model_validate_json(golden).model_dump_json() == golden, "Pydantic re-encodes the golden of " + name)


SEED003_EXAMPLES = r"""// The seed-003 examples, decoded by the types generated from the seed's schemas.
#include "task_event.hpp"
#include "reminder_event.hpp"

TEST_CASE("seed 003: the TaskEvent example is accepted") {
  auto e = events::from_json<s003::TaskEvent>(R"({
  "id": "550e8400-e29b-41d4-a716-446655440000", "event_type": "created", "task_id": 1,
  "task_data": {"id": 1, "title": "Buy groceries", "description": null, "completed": false, "priority": "medium",
    "tags": [], "due_date": "2025-01-02T10:00:00Z", "recurrence_rule": null, "user_id": "user-uuid",
    "created_at": "2025-01-01T00:00:00Z", "updated_at": "2025-01-01T00:00:00Z"},
  "user_id": "user-uuid", "timestamp": "2025-01-01T00:00:00Z"})");
  REQUIRE(e.has_value());
  CHECK(e->task_id == 1);
  CHECK(e->event_type == "created");
  CHECK_FALSE(events::from_json<s003::TaskEvent>(R"({"id": "550e8400-e29b-41d4-a716-446655440000",
    "event_type": "archived", "task_id": 1, "user_id": "u", "timestamp": "2025-01-01T00:00:00Z"})").has_value());
}

TEST_CASE("seed 003: the ReminderEvent example is accepted") {
  auto e = events::from_json<s003::ReminderEvent>(R"({"task_id": 1, "title": "Buy groceries",
    "due_date": "2025-01-02T10:00:00Z", "remind_at": "2025-01-02T09:00:00Z", "user_id": "user-uuid"})");
  REQUIRE(e.has_value());
  CHECK(e->title == "Buy groceries");
}
"""


def seed003_schemas():
    """The two JSON Schema documents of seed 003, as the seed writes them."""
    task = {"$schema": "http://json-schema.org/draft-07/schema#", "type": "object",
            "required": ["id", "event_type", "task_id", "user_id", "timestamp"],
            "properties": {
                "id": {"type": "string", "format": "uuid", "description": "Unique event ID"},
                "event_type": {"type": "string", "enum": ["created", "updated", "completed", "deleted", "uncompleted"],
                               "description": "Type of task operation"},
                "task_id": {"type": "integer", "description": "Task ID affected"},
                "task_data": {"type": "object", "description": "Full task state after operation"},
                "user_id": {"type": "string", "description": "User who performed the action"},
                "timestamp": {"type": "string", "format": "date-time", "description": "When the event occurred"}}}
    reminder = {"$schema": "http://json-schema.org/draft-07/schema#", "type": "object",
                "required": ["task_id", "title", "remind_at", "user_id"],
                "properties": {"task_id": {"type": "integer"}, "title": {"type": "string"},
                               "due_date": {"type": "string", "format": "date-time"},
                               "remind_at": {"type": "string", "format": "date-time"},
                               "user_id": {"type": "string"}}}
    return [(task, "TaskEvent"), (reminder, "ReminderEvent")]


CASES = {name[5:]: fn for name, fn in list(globals().items()) if name.startswith("case_")}

if __name__ == "__main__":
    check(CASE in CASES, "unknown case " + CASE)
    CASES[CASE]()
    print("ok")
