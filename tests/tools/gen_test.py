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
from typing import Any, Dict, Literal, Optional
from uuid import UUID, uuid4

from pydantic import BaseModel, Field

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


def compile_binary(folder, includes, schemas, roundtrip=None):
    """One binary of every generated test file; `--schema NAME` prints the schema of the C++ type
    schemas[NAME]; with `roundtrip` (KEY -> C++ type), `--schema-of KEY 07|2020-12` prints its
    schema and `--roundtrip KEY` decodes each stdin line as it and writes it again."""
    driver = os.path.join(folder, "driver.cpp")
    with open(driver, "w") as f:
        f.write("#define DOCTEST_CONFIG_IMPLEMENT\n#include <doctest/doctest.h>\n")
        f.write("#include <events/events.hpp>\n#include <events/schema/json_schema.hpp>\n#include <cstring>\n#include <iostream>\n#include <string>\n")
        for inc in includes:
            f.write('#include "%s"\n' % inc)
        f.write("int main(int argc, char** argv) {\n")
        f.write("  if (argc == 3 && std::strcmp(argv[1], \"--schema\") == 0) {\n")
        for name, cpp in schemas.items():
            f.write('    if (std::strcmp(argv[2], "%s") == 0) return std::cout << events::json_schema_text<%s>(events::schema_dialect::draft2020_12), 0;\n' % (name, cpp))
        f.write("    return 3;\n  }\n")
        for key, cpp in (roundtrip or {}).items():
            f.write('  if (argc == 4 && std::strcmp(argv[1], "--schema-of") == 0 && std::strcmp(argv[2], "%s") == 0)\n' % key)
            f.write('    return std::cout << events::json_schema_text<%s>(*events::parse_schema_dialect(argv[3])), 0;\n' % cpp)
            f.write('  if (argc == 3 && std::strcmp(argv[1], "--roundtrip") == 0 && std::strcmp(argv[2], "%s") == 0) {\n' % key)
            f.write('    for (std::string line; std::getline(std::cin, line);) {\n')
            f.write('      auto v = events::from_json<%s>(line);\n' % cpp)
            f.write('      if (!v) return std::cerr << line << ": " << v.error().front().path << " " << v.error().front().message << "\\n", 1;\n')
            f.write('      std::cout << events::to_json(*v) << "\\n";\n    }\n    return 0;\n  }\n')
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
        for file, name in (("task_event.schema.json", "TaskEvent"), ("reminder_event.schema.json", "ReminderEvent")):
            code, _, err = run("gen", "--from-schema", os.path.join(DATA, file), name, "--namespace", "s003",
                               "--output", d)
            check(code == 0, "gen --from-schema %s: %s" % (name, err))
            includes.append(re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower() + "_test.cpp")
        with open(os.path.join(d, "seed003_examples_test.cpp"), "w") as f:
            f.write(seed003_examples_test())
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


def case_fixpoint():
    """Every catalog event: `events schema T | events gen --from-schema -` gives a type whose schema
    (both dialects) equals T's and which reads `events sample T` and writes it back byte for byte.
    All generated headers (and their generated doctests) are compiled into one binary."""
    rows = catalog()
    with tempfile.TemporaryDirectory() as d:
        includes, types, originals = [], {}, {}
        for i, r in enumerate(rows):
            name = r["type"] + ".v%d" % r["version"]
            code, s07, err = run("schema", name)
            check(code == 0, "schema " + name + ": " + err)
            code, s2020, err = run("schema", name, "--draft", "2020-12")
            check(code == 0, "schema --draft 2020-12 " + name + ": " + err)
            header = os.path.join(d, "fx%d.hpp" % i)
            code, _, err = run("gen", "--from-schema", "-", "--namespace", "fx%d" % i, "--output", header,
                               stdin=s07.encode())
            check(code == 0, "gen --from-schema (schema of %s): %s" % (name, err))
            text = open(header).read()
            payload = re.search(r"struct (\w+) \{\n  static constexpr std::string_view type = ", text)
            if r["name"].startswith("events::flat_event<"):
                check(payload, name + ": a payload struct with its type")
                cpp = "events::flat_event<fx%d::%s>" % (i, payload.group(1))
            elif r["name"].startswith("events::event<"):
                check(payload, name + ": a payload struct with its type")
                cpp = "events::event<fx%d::%s>" % (i, payload.group(1))
            else:
                check(not payload, name + ": a bare message")
                cpp = "fx%d::%s" % (i, re.findall(r"^struct (\w+) \{", text, re.M)[-1])
            includes.append("fx%d_test.cpp" % i)
            types[str(i)] = cpp
            originals[str(i)] = (name, json.loads(s07), json.loads(s2020))
        exe = compile_binary(d, includes, {}, roundtrip=types)
        p = subprocess.run([exe], capture_output=True, text=True, timeout=120)
        check(p.returncode == 0, "the generated doctests pass:\n" + p.stdout[-4000:])
        for key, (name, s07, s2020) in originals.items():
            for draft, original in (("07", s07), ("2020-12", s2020)):
                p = subprocess.run([exe, "--schema-of", key, draft], capture_output=True, text=True)
                check(p.returncode == 0, "schema of the generated " + name)
                check(json.loads(p.stdout) == original,
                      "%s (draft %s): the generated type's schema equals the original\n%s\n%s" %
                      (name, draft, json.dumps(original)[:3000], p.stdout[:3000]))
            code, lines, _ = run("sample", name, "--count", "25", "--seed", "7")
            check(code == 0, "sample " + name)
            p = subprocess.run([exe, "--roundtrip", key], input=lines, capture_output=True, text=True)
            check(p.returncode == 0 and p.stdout.splitlines() == lines.splitlines(),
                  "%s: samples round-trip byte for byte through the generated type\n%s\n%s" %
                  (name, lines.splitlines()[0], (p.stdout + p.stderr)[:2000]))


# Seed 000's models as the seed writes them (BaseEvent's fields, the event models' descriptions);
# `const=True` is Pydantic v1's, written as Literal in v2.
class Seed000Base(BaseModel):
    event_id: UUID = Field(default_factory=uuid4, description="Unique event identifier")
    event_type: str = Field(..., description="Type of the event")
    event_version: str = Field(default="1.0", description="Event schema version")
    timestamp: datetime = Field(default_factory=datetime.utcnow, description="Event timestamp")
    correlation_id: Optional[UUID] = Field(None, description="Correlation ID for tracing")


class Seed000TodoCreated(Seed000Base):
    event_type: Literal["TodoCreated"] = Field(default="TodoCreated")
    todo_id: UUID = Field(..., description="ID of the created todo")
    user_id: UUID = Field(..., description="ID of the user who created the todo")
    title: str = Field(..., max_length=500, description="Todo title")
    description: Optional[str] = Field(None, max_length=2000, description="Optional description")
    priority: str = Field(default="medium", description="Priority level")
    due_date: Optional[datetime] = Field(None, description="Optional due date")


class Seed000TodoUpdated(Seed000Base):
    event_type: Literal["TodoUpdated"] = Field(default="TodoUpdated")
    todo_id: UUID = Field(..., description="ID of the updated todo")
    user_id: UUID = Field(..., description="ID of the user who updated the todo")
    changes: Dict[str, Any] = Field(..., description="Fields that were changed")
    updated_fields: list[str] = Field(..., description="List of updated field names")


class Seed000TodoCompleted(Seed000Base):
    event_type: Literal["TodoCompleted"] = Field(default="TodoCompleted")
    todo_id: UUID = Field(..., description="ID of the completed todo")
    user_id: UUID = Field(..., description="ID of the user who completed the todo")
    completed_at: datetime = Field(..., description="When the todo was completed")
    time_to_complete: Optional[int] = Field(None, description="Seconds between creation and completion", ge=0)


class Seed000TodoDeleted(Seed000Base):
    event_type: Literal["TodoDeleted"] = Field(default="TodoDeleted")
    todo_id: UUID = Field(..., description="ID of the deleted todo")
    user_id: UUID = Field(..., description="ID of the user who deleted the todo")
    deleted_at: datetime = Field(..., description="When the todo was deleted")
    reason: Optional[str] = Field(None, description="Reason for deletion")


class Seed000ReminderTriggered(Seed000Base):
    event_type: Literal["ReminderTriggered"] = Field(default="ReminderTriggered")
    reminder_id: UUID = Field(..., description="ID of the reminder")
    todo_id: UUID = Field(..., description="ID of the associated todo")
    user_id: UUID = Field(..., description="ID of the user")
    reminder_type: str = Field(..., description="Type of reminder (email, push, in-app)")
    triggered_at: datetime = Field(..., description="When the reminder was triggered")
    due_date: datetime = Field(..., description="Original due date")


class Seed000ReminderSnoozed(Seed000Base):
    event_type: Literal["ReminderSnoozed"] = Field(default="ReminderSnoozed")
    reminder_id: UUID = Field(..., description="ID of the reminder")
    todo_id: UUID = Field(..., description="ID of the associated todo")
    user_id: UUID = Field(..., description="ID of the user")
    new_due_date: datetime = Field(..., description="New due date after snooze")
    snooze_duration: int = Field(..., description="Duration of snooze in minutes")


def case_catalog_examples():
    """Every catalog schema has one example that Python jsonschema accepts and our decoder reads and
    writes back unchanged; the seed-000 events' descriptions are the ones Pydantic writes for the
    seed's own models, field for field."""
    import jsonschema
    # jsonschema checks `format: date-time` only when rfc3339-validator is importable; without it every
    # timestamp would pass unchecked. Refuse to judge rather than judge less (tests/requirements.txt).
    if "date-time" not in jsonschema.Draft7Validator.FORMAT_CHECKER.checkers:
        sys.exit("gen_test.py: jsonschema cannot check `format: date-time` under " + sys.executable +
                 " (rfc3339-validator is missing): pip install -r tests/requirements.txt")
    rows = catalog()
    for r in rows:
        name = r["type"] + ".v%d" % r["version"]
        for draft, validator in (("07", jsonschema.Draft7Validator), ("2020-12", jsonschema.Draft202012Validator)):
            code, out, err = run("schema", name, "--draft", draft)
            check(code == 0, "schema " + name)
            schema = json.loads(out)
            examples = schema.get("examples")
            check(isinstance(examples, list) and len(examples) == 1, name + ": one example")
            errors = list(validator(schema, format_checker=validator.FORMAT_CHECKER).iter_errors(examples[0]))
            check(not errors, "%s (draft %s): jsonschema accepts the example: %s" % (name, draft, errors[:1]))
        line = json.dumps(examples[0], separators=(",", ":"), ensure_ascii=False)
        code, out, err = run("fmt", name, stdin=(line + "\n").encode())
        check(code == 0 and out == line + "\n", "%s: the example decodes and is canonical: %s %s" % (name, out, err))
    seed_models = [Seed000TodoCreated, Seed000TodoUpdated, Seed000TodoCompleted, Seed000TodoDeleted,
                   Seed000ReminderTriggered, Seed000ReminderSnoozed]
    for model in seed_models:
        name = model.__name__[len("Seed000"):]
        theirs = model.model_json_schema()["properties"]
        ours = json.loads(run("schema", name, "--draft", "2020-12")[1])["properties"]
        check(list(ours) == list(theirs), name + ": the seed's fields in the seed's order")
        for field in theirs:
            check(ours[field].get("description") == theirs[field].get("description"),
                  "%s.%s: description %r, Pydantic %r" % (name, field, ours[field].get("description"),
                                                           theirs[field].get("description")))


DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "seed003")


def seed003_file(name):
    with open(os.path.join(DATA, name)) as f:
        return f.read()


def seed003_examples_test():
    """A doctest file: seed 003's examples (tests/data/seed003), decoded by the types generated from
    the seed's schema files, plus a TaskEvent the schema refuses."""
    return r"""// The seed-003 examples, decoded by the types generated from the seed's schemas.
#include "task_event.hpp"
#include "reminder_event.hpp"

TEST_CASE("seed 003: the TaskEvent example is accepted") {
  auto e = events::from_json<s003::TaskEvent>(R"seed(%s)seed");
  REQUIRE(e.has_value());
  CHECK(e->task_id == 1);
  CHECK(e->event_type == "created");
  CHECK_FALSE(events::from_json<s003::TaskEvent>(R"({"id": "550e8400-e29b-41d4-a716-446655440000",
    "event_type": "archived", "task_id": 1, "user_id": "u", "timestamp": "2025-01-01T00:00:00Z"})").has_value());
}

TEST_CASE("seed 003: the ReminderEvent example is accepted") {
  auto e = events::from_json<s003::ReminderEvent>(R"seed(%s)seed");
  REQUIRE(e.has_value());
  CHECK(e->title == "Buy groceries");
}
""" % (seed003_file("task_event.created.example.json"), seed003_file("reminder_event.example.json"))


def catalog():
    code, out, _ = run("list", "--json")
    check(code == 0, "list --json")
    return json.loads(out)


def case_python_exchange():
    """`gen --lang python --all`: the Pydantic models and the C++ types exchange `events sample`
    output both ways, byte for byte (C++ -> Pydantic model_dump_json, Pydantic -> `events fmt`)."""
    code, out, err = run("gen", "--lang", "python", "--all")
    check(code == 0, "gen --lang python --all: " + err)
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "catalog_models.py")
        open(path, "w").write(out)
        mod = load_module(path, "catalog_models")
        for r in catalog():
            name = r["type"] + ".v%d" % r["version"]
            code, lines, _ = run("sample", name, "--count", "20", "--seed", "11")
            check(code == 0, "sample " + name)
            cls_name = "".join(w[:1].upper() + w[1:] for w in re.split(r"[^A-Za-z0-9]+", r["type"]) if w)
            if r["name"].startswith("events::event<"):
                cls_name += "Event"
            if r["version"] > 1:
                cls_name += "V%d" % r["version"]
            model = getattr(mod, cls_name)
            ours = lines.splitlines()
            theirs = [model.model_validate_json(line).model_dump_json() for line in ours]
            check(theirs == ours, "Pydantic re-encodes %s byte for byte:\n%s\n%s" % (name, ours[0], theirs[0]))
            # and a Pydantic-built instance (its own defaults) reads back in C++ unchanged
            code, back, err = run("fmt", name, stdin=("\n".join(theirs) + "\n").encode())
            check(code == 0 and back.splitlines() == theirs, "events fmt reads Pydantic's %s: %s" % (name, err))


def case_fmt():
    """`events fmt`: other producers' spacing and key order become the canonical bytes; invalid
    lines are reported on stderr with their line number and left out."""
    code, out, _ = run("sample", "task.created.v2", "--count", "5", "--seed", "3")
    lines = out.splitlines()
    messy = []
    for line in lines:
        obj = json.loads(line)
        obj = dict(reversed(list(obj.items())))
        messy.append(json.dumps(obj, indent=None, separators=(" , ", " : "), ensure_ascii=True))
    messy.insert(2, '{"event_type": "task.created", "payload": {}}')
    code, out, err = run("fmt", "-j", "2", stdin=("\n".join(messy) + "\n").encode())
    check(code == 1, "fmt exits 1 with an invalid line")
    check(out.splitlines() == lines, "canonical bytes, input order")
    reports = [json.loads(x) for x in err.splitlines() if x.startswith("{")]
    check(len(reports) == 1 and reports[0]["line"] == 3, "the invalid line reported: " + err)
    check("5 valid, 1 invalid" in err, "summary on stderr")


def case_validate_jobs():
    """`validate -j N`: the same report for any thread count, over chunks (a 6 MB input)."""
    code, out, _ = run("sample", "TodoCreated", "--count", "12000", "--seed", "5")
    lines = out.splitlines()
    for i in range(0, len(lines), 997):
        lines[i] = lines[i][: len(lines[i]) // 2]
    data = ("\n".join(lines) + "\n").encode()
    results = set()
    with tempfile.NamedTemporaryFile(suffix=".ndjson") as f:
        f.write(data)
        f.flush()
        for args in (["-j", "1"], ["-j", "2"], ["-j3"], []):
            for src in ([f.name], []):
                code, out, err = run("validate", *args, *src, stdin=b"" if src else data)
                check(code == 1, "invalid lines: exit 1")
                results.add((out, err))
    check(len(results) == 1, "same output for every -j and input kind")
    out, err = results.pop()
    got = [json.loads(x)["line"] for x in out.splitlines()]
    check(got == [i + 1 for i in range(0, len(lines), 997)], "reported line numbers in order")
    check(run("validate", "-j", "0")[0] == 2, "-j 0 is a usage error")


def case_from_schema_errors():
    """Unsupported schema parts are errors naming the JSON Pointer, never dropped."""
    bad = [({"type": "object", "properties": {"a": {"oneOf": [{"type": "string"}]}}}, "/properties/a/oneOf"),
           ({"type": "object", "properties": {"a": {"type": "string", "format": "email"}}}, "/properties/a/format"),
           ({"type": "object", "properties": {"a": {"type": "array", "items": {"type": "string"}, "minItems": 1}}},
            "/properties/a/minItems"),
           ({"type": "object", "properties": {"a": {"$ref": "#/$defs/Missing"}}}, "/properties/a/$ref"),
           ({"type": "object", "properties": {"a": {"type": "number", "minimum": 0.5}}}, "/properties/a/minimum"),
           ({"type": "object", "patternProperties": {}, "properties": {"a": {"type": "string"}}}, "/patternProperties")]
    for schema, pointer in bad:
        code, out, err = run("gen", "--from-schema", "-", "T", stdin=json.dumps(schema).encode())
        check(code == 2 and pointer in err and out == "", "refused at %s: %s" % (pointer, err))
    ok = {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object", "required": ["id", "kind"],
          "properties": {"id": {"type": "string", "format": "uuid"}, "kind": {"$ref": "#/$defs/Kind"},
                         "note": {"type": ["string", "null"], "maxLength": 10},
                         "at": {"type": "string", "format": "date-time"},
                         "items": {"type": "array", "items": {"$ref": "#/$defs/Item"}}},
          "$defs": {"Kind": {"type": "string", "enum": ["a", "b"]},
                    "Item": {"type": "object", "properties": {"n": {"type": "integer", "exclusiveMinimum": 0}},
                             "required": ["n"], "additionalProperties": False}}}
    code, out, err = run("gen", "--from-schema", "-", "Thing", stdin=json.dumps(ok).encode())
    check(code == 0, "2020-12 with $defs: " + err)
    for want in ["struct Item", "::events::gt<0>", "extra_fields::forbid", "std::optional<::events::string<::events::max_length<10>>> note",
                 '::events::one_of<"a", "b">', "std::optional<std::vector<Item>> items", "struct Thing"]:
        check(want in out, "generated " + want + "\n" + out)


def load_yaml_documents(text):
    """Every document of a YAML stream, by PyYAML, else by js-yaml from tests/js."""
    try:
        import yaml
        return [d for d in yaml.safe_load_all(text) if d]
    except ImportError:
        js = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "js")
        p = subprocess.run(["node", "-e", "const y = require('js-yaml'); const fs = require('fs');"
                            "console.log(JSON.stringify(y.loadAll(fs.readFileSync(0, 'utf8'))))"],
                           input=text, capture_output=True, text=True, cwd=js, timeout=60)
        check(p.returncode == 0, "a YAML parser (PyYAML or js-yaml in tests/js): " + p.stderr[-500:])
        return [d for d in json.loads(p.stdout) if d]


def case_topics():
    """`topics --strimzi`: YAML that parses, one KafkaTopic per catalog topic with its settings."""
    code, out, _ = run("topics", "--json")
    check(code == 0, "topics --json")
    topics = {t["name"]: t for t in json.loads(out)}
    for r in catalog():
        check(r["topic"] in topics, "topic of %s listed" % r["type"])
    code, out, _ = run("topics", "--strimzi", "--cluster", "prod", "--namespace", "kafka")
    check(code == 0, "topics --strimzi")
    docs = load_yaml_documents(out)
    check(sorted(d["metadata"]["name"] for d in docs) == sorted(topics), "one manifest per topic")
    for d in docs:
        t = topics[d["metadata"]["name"]]
        check(d["apiVersion"] == "kafka.strimzi.io/v1beta2" and d["kind"] == "KafkaTopic", "KafkaTopic")
        check(d["metadata"]["labels"]["strimzi.io/cluster"] == "prod" and d["metadata"]["namespace"] == "kafka", "labels")
        check(d["spec"]["partitions"] == t["partitions"] and d["spec"]["replicas"] == t["replicas"], "spec")
        for k in ["retention.ms", "segment.ms", "cleanup.policy"]:
            check(d["spec"]["config"][k] == t[k], "%s %s" % (d["metadata"]["name"], k))
        check(d["spec"]["config"]["segment.ms"] <= d["spec"]["config"]["retention.ms"], "segments within retention")
    check(topics["task-events"]["partitions"] == 3 and topics["task-events"]["retention.ms"] == 7 * 86400000,
          "seed 003's task-events: 3 partitions, 7 days")


def case_asyncapi():
    """`events asyncapi`: @asyncapi/parser finds no errors, in JSON and YAML; every topic is a
    channel and every catalog type a message."""
    js = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "js")
    check(os.path.isdir(os.path.join(js, "node_modules", "@asyncapi", "parser")),
          "npm packages of tests/js installed (cmake/install-deps.sh)")
    code, out, _ = run("topics", "--json")
    topics = sorted(t["name"] for t in json.loads(out))
    n_types = len(catalog())
    script = os.path.join(js, "asyncapi_check.mjs")
    with open(script, "w") as f:
        f.write(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "asyncapi_check.mjs")).read())
    try:
        for fmt in ["json", "yaml"]:
            code, doc, err = run("asyncapi", "--format", fmt, "--server", "kafka:9092")
            check(code == 0, "asyncapi --format " + fmt)
            with tempfile.NamedTemporaryFile("w", suffix="." + fmt, delete=False) as f:
                f.write(doc)
            try:
                p = subprocess.run(["node", script, f.name], capture_output=True, text=True, timeout=120, cwd=js)
            finally:
                os.unlink(f.name)
            check(p.returncode == 0, "parser ran: " + p.stderr[-2000:])
            r = json.loads(p.stdout.strip().splitlines()[-1])
            check(r["errors"] == [], "no parser errors (%s): %s" % (fmt, r["errors"][:5]))
            check(sorted(r["channels"]) == topics, "a channel per topic")
            check(r["messages"] == n_types and r["operations"] >= 10, "messages and operations: %s" % r)
    finally:
        os.unlink(script)


CASES = {name[5:]: fn for name, fn in list(globals().items()) if name.startswith("case_")}

if __name__ == "__main__":
    check(CASE in CASES, "unknown case " + CASE)
    CASES[CASE]()
    print("ok")
