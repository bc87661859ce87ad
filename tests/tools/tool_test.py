#!/usr/bin/env python3
"""Tests of the `events` tool, run by ctest: tool_test.py path/to/events <case>.

Judges output with Python's json and jsonschema, never with the tool's own code.
"""
import json
import os
import random
import subprocess
import sys
import tempfile

import jsonschema
# jsonschema checks `format: date-time` only when rfc3339-validator is importable; without it every
# timestamp would pass unchecked. Refuse to judge rather than judge less (tests/requirements.txt).
if "date-time" not in jsonschema.Draft7Validator.FORMAT_CHECKER.checkers:
    sys.exit("tool_test.py: jsonschema cannot check `format: date-time` under " + sys.executable +
             " (rfc3339-validator is missing): pip install -r tests/requirements.txt")

TOOL = sys.argv[1]


def run(*args, stdin=b""):
    p = subprocess.run([TOOL, *args], input=stdin, capture_output=True, timeout=120)
    return p.returncode, p.stdout.decode("utf-8"), p.stderr.decode("utf-8")


def check(cond, what):
    if not cond:
        print("FAIL:", what)
        sys.exit(1)


def catalog():
    code, out, _ = run("list", "--json")
    check(code == 0, "list --json exits 0")
    return json.loads(out)


def case_help():
    for cmd in ["list", "schema", "sample", "validate", "fmt", "check-compat", "gen", "asyncapi", "topics"]:
        code, out, _ = run(cmd, "--help")
        check(code == 0 and "usage: events " + cmd in out and "Examples:" in out, cmd + " --help")
    code, out, _ = run("--help")
    check(code == 0 and "check-compat" in out, "events --help")


def case_list():
    rows = catalog()
    check(len(rows) >= 30, "the catalog has its events")
    for r in rows:
        check(list(r.keys()) == ["type", "version", "topic", "name"], "keys of %s" % r)
    types = {(r["type"], r["version"]) for r in rows}
    for t in [("TodoCreated", 1), ("task.created", 1), ("task.created", 2), ("TaskEvent", 1), ("ReminderEvent", 1)]:
        check(t in types, "%s listed" % (t,))
    code, out, _ = run("list")
    lines = out.strip().split("\n")
    check(len(lines) == len(rows), "one line per event")
    check(lines[0].split("\t") == [rows[0]["type"], str(rows[0]["version"]), rows[0]["topic"], rows[0]["name"]],
          "text line matches json")


def case_schema():
    for r in catalog():
        for draft, cls in [("07", jsonschema.Draft7Validator), ("2020-12", jsonschema.Draft202012Validator)]:
            code, out, _ = run("schema", r["type"] + ".v%d" % r["version"], "--draft", draft)
            check(code == 0, "schema %s" % r["type"])
            s = json.loads(out)
            cls.check_schema(s)
            check(s["$schema"].find("draft-07" if draft == "07" else "2020-12") >= 0, "dialect")
    code, out, _ = run("schema", "TaskEvent")
    check(json.loads(out)["$schema"] == "http://json-schema.org/draft-07/schema#", "draft-07 default")
    check(run("schema", "NoSuchType")[0] == 2, "unknown type: 2")
    check(run("schema", "TodoCreated", "--draft", "04")[0] == 2, "bad draft: 2")


def case_sample():
    for r in catalog():
        name = r["type"] + ".v%d" % r["version"]
        code, out, _ = run("sample", name, "--count", "25", "--seed", "7")
        check(code == 0, "sample " + name)
        lines = out.strip().split("\n")
        check(len(lines) == 25, "25 lines of " + name)
        schema = json.loads(run("schema", name)[1])
        v = jsonschema.Draft7Validator(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
        docs = [json.loads(l) for l in lines]
        for d in docs:
            errs = list(v.iter_errors(d))
            check(not errs, "sample of %s valid per its schema: %s" % (name, errs[:1]))
        check(len({json.dumps(d, sort_keys=True) for d in docs}) == 25, "samples vary: " + name)
        code, _, err = run("validate", name, stdin=out.encode())
        check(code == 0 and err.strip() == "25 valid, 0 invalid", "samples validate: %s %s" % (name, err))
    # Seed 003's contract types under the seed's own draft-07 schemas (transcribed from the seed):
    # neither nullable nor required, so unset optionals must be left out, not written as null.
    seed003 = {
        "TaskEvent": {"type": "object", "required": ["id", "event_type", "task_id", "user_id", "timestamp"],
                      "properties": {"id": {"type": "string", "format": "uuid"},
                                     "event_type": {"type": "string", "enum": ["created", "updated", "completed",
                                                                               "deleted", "uncompleted"]},
                                     "task_id": {"type": "integer"}, "task_data": {"type": "object"},
                                     "user_id": {"type": "string"},
                                     "timestamp": {"type": "string", "format": "date-time"}}},
        "ReminderEvent": {"type": "object", "required": ["task_id", "title", "remind_at", "user_id"],
                          "properties": {"task_id": {"type": "integer"}, "title": {"type": "string"},
                                         "due_date": {"type": "string", "format": "date-time"},
                                         "remind_at": {"type": "string", "format": "date-time"},
                                         "user_id": {"type": "string"}}}}
    for name, schema in seed003.items():
        v = jsonschema.Draft7Validator(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
        docs = [json.loads(l) for l in run("sample", name, "--count", "50", "--seed", "11")[1].split("\n") if l]
        check(len(docs) == 50, "50 samples of " + name)
        for d in docs:
            errs = list(v.iter_errors(d))
            check(not errs, "sample of %s valid per seed 003's schema: %s" % (name, errs[:1]))
    a = run("sample", "TodoCreated", "--count", "3", "--seed", "5")[1]
    b = run("sample", "TodoCreated", "--count", "3", "--seed", "5")[1]
    ids = lambda t: [json.loads(l)["todo_id"] for l in t.strip().split("\n")]
    check(ids(a) == ids(b), "same seed, same ids")
    check(ids(a) != ids(run("sample", "TodoCreated", "--count", "3", "--seed", "6")[1]), "other seed, other ids")
    nulls = sum(json.loads(l)["description"] is None for l in run("sample", "TodoCreated", "--count", "200")[1].split("\n") if l)
    check(20 < nulls < 180, "optionals sometimes null (%d/200)" % nulls)
    check(run("sample", "TodoCreated", "--count", "x")[0] == 2, "bad count: 2")


def case_validate_valid():
    out = run("sample", "TodoCreated", "--count", "10")[1]
    code, stdout, err = run("validate", "TodoCreated", stdin=out.encode())
    check(code == 0 and stdout == "" and err.strip() == "10 valid, 0 invalid", "all valid: %r" % err)


def case_validate_invalid():
    lines = run("sample", "TodoCreated", "--count", "4", "--seed", "1")[1].strip().split("\n")
    bad = json.loads(lines[1])
    bad["title"] = "x" * 501
    del bad["todo_id"]
    lines[1] = json.dumps(bad)
    lines.insert(3, "")  # empty lines are skipped but counted
    lines.append("{not json")
    code, stdout, err = run("validate", "TodoCreated", stdin=("\n".join(lines) + "\n").encode())
    check(code == 1, "exit 1 when invalid")
    check(err.strip() == "3 valid, 2 invalid", "summary: %r" % err)
    out = [json.loads(l) for l in stdout.strip().split("\n")]
    check([o["line"] for o in out] == [2, 6], "line numbers %s" % out)
    check(list(out[0].keys()) == ["line", "errors"], "keys")
    errs = {(e["path"], e["code"]) for e in out[0]["errors"]}
    check(errs == {("/title", "string_too_long"), ("/todo_id", "missing")}, "every error: %s" % errs)
    for e in out[0]["errors"]:
        check(list(e.keys()) == ["path", "code", "message"] and e["message"], "error keys")
    check(out[1]["errors"][0]["code"] == "json_invalid", "syntax error")
    check(stdout.split("\n")[0].startswith('{"line": 2, "errors": [{"path": '), "format as specified")


def case_validate_garbage():
    rng = random.Random(1234)
    blobs = [bytes(rng.getrandbits(8) for _ in range(rng.randint(0, 300))) for _ in range(300)]
    blobs += [b"[" * 100000, b"{\"a\":" * 50000, b"\"" + b"\xff\xfe\xc3" * 1000 + b"\"", b"\x00" * 1000,
              b"{\"event_type\":\"TodoCreated\",\"title\":\"\xed\xa0\x80\"}",
              b"{\"event_type\":\"" + b"A" * 5000000 + b"\"}", b"9" * 1000000, b"-" * 10,
              b"{\"event_type\":\"TodoCreated\",\"event_id\":" + b"1e999999" + b"}"]
    # valid events with bytes flipped, cut or duplicated: deeper paths than random bytes reach
    valid = run("sample", "task.created", "--count", "50", "--seed", "3")[1].encode().split(b"\n")[:-1]
    valid += run("sample", "TaskEvent", "--count", "50", "--seed", "3")[1].encode().split(b"\n")[:-1]
    for _ in range(3000):
        b = bytearray(rng.choice(valid))
        for _ in range(rng.randint(1, 4)):
            i = rng.randrange(len(b))
            op = rng.randrange(3)
            if op == 0:
                b[i] = rng.getrandbits(8)
            elif op == 1:
                del b[i:i + rng.randint(1, 20)]
            else:
                b[i:i] = b[i:i + rng.randint(1, 30)]
        blobs.append(bytes(b).replace(b"\n", b" "))
    data = b"\n".join(blobs)
    for args in [("validate",), ("validate", "TodoCreated"), ("validate", "TaskEvent")]:
        p = subprocess.run([TOOL, *args], input=data, capture_output=True, timeout=120)
        check(p.returncode == 1, "garbage: exit 1, got %d %s" % (p.returncode, p.stderr[-300:]))
        summary = p.stderr.decode().strip().split(", ")
        check(len(summary) == 2 and summary[1].endswith(" invalid"), "summary: %r" % p.stderr[-200:])
        for l in p.stdout.decode("utf-8").strip().split("\n"):
            o = json.loads(l)  # every line is valid JSON, even for invalid UTF-8 input
            check(o["errors"], "errors listed")
    # a line beyond the 16 MiB limit
    huge = b"{\"event_type\":\"" + b"a" * (17 << 20) + b"\"}\n{}\n"
    p = subprocess.run([TOOL, "validate"], input=huge, capture_output=True, timeout=120)
    out = [json.loads(l) for l in p.stdout.decode().strip().split("\n")]
    check(p.returncode == 1 and out[0]["errors"][0]["code"] == "json_too_large" and out[1]["line"] == 2,
          "huge line reported, next line read: %s" % out)


def case_validate_dispatch():
    text = ""
    for t in ["TodoCreated", "task.created.v1", "task.created", "reminder.due", "UserLoggedIn"]:
        text += run("sample", t, "--count", "5")[1]
    text += '{"event_type":"no.such","event_id":"x"}\n'
    code, stdout, err = run("validate", stdin=text.encode())
    check(code == 1 and err.strip() == "25 valid, 1 invalid", "dispatch: %r" % err)
    o = json.loads(stdout)
    check(o["line"] == 26 and o["errors"][0]["code"] == "unknown_event_type", "unknown type line")
    check("TodoCreated" in o["errors"][0]["message"] and "task.created" in o["errors"][0]["message"],
          "the known types are listed")
    # a type named without version takes every version of it; .vN only that one
    both = run("sample", "task.created.v1", "--count", "2")[1] + run("sample", "task.created.v2", "--count", "3")[1]
    check(run("validate", "task.created", stdin=both.encode())[0] == 0, "any version of task.created")
    code, stdout, err = run("validate", "task.created.v1", stdin=both.encode())
    check(code == 1 and err.strip() == "2 valid, 3 invalid", "only v1: %r" % err)
    # typed mode refuses another type
    code, stdout, _ = run("validate", "TodoDeleted", stdin=run("sample", "TodoCreated")[1].encode())
    check(code == 1 and json.loads(stdout)["errors"][0]["path"] == "/event_type", "typed mode, other type")


def case_validate_files():
    with tempfile.TemporaryDirectory() as d:
        a, b = os.path.join(d, "a.ndjson"), os.path.join(d, "b.ndjson")
        open(a, "w").write(run("sample", "TodoCreated", "--count", "2")[1])
        open(b, "w").write(run("sample", "TodoCreated", "--count", "2")[1] + "{}\n")
        code, stdout, err = run("validate", "TodoCreated", a, b)
        check(code == 1 and err.strip() == "4 valid, 1 invalid" and json.loads(stdout)["line"] == 5,
              "lines counted across files: %r %r" % (stdout, err))
        code, _, err = run("validate", a, b)
        check(code == 1 and "4 valid, 1 invalid" in err, "dispatch over files")
        check(run("validate", os.path.join(d, "missing.ndjson"))[0] == 2, "missing file: 2")


def case_validate_seed_producers():
    # Seed 000's BaseEvent code as the seed writes it (tests/catalog/seeds/seed000_events.py:
    # datetime.utcnow(), json.dumps(model_dump(mode='json'))) and seed 003's publisher dict
    # (utcnow().isoformat(); its task_data left out, as tests/kafka/versions_test.cpp does): naive
    # times, read as UTC with no option.
    here = os.path.dirname(os.path.abspath(__file__))
    p = subprocess.run([sys.executable, os.path.join(here, "..", "catalog", "seed_models.py"), "produce"],
                       capture_output=True, timeout=120, check=True)
    seed000 = [l.split("\t", 1)[1] for l in p.stdout.decode().split("\n") if l.split("\t")[0] in
               ("TodoCreated", "TodoUpdated", "TodoCompleted", "TodoDeleted", "ReminderTriggered", "ReminderSnoozed")]
    check(len(seed000) == 7, "seed 000 lines: %d" % len(seed000))
    for l in seed000:
        t = json.loads(l)["timestamp"]
        check("Z" not in t and "+" not in t, "seed 000 writes naive times: %s" % t)
    seed003 = json.dumps({"id": "550e8400-e29b-41d4-a716-446655440000", "event_type": "created", "task_id": 1,
                          "user_id": "user-uuid",
                          "timestamp": "2025-01-01T00:00:00.123456"})
    text = ("\n".join(seed000) + "\n").encode()
    code, stdout, err = run("validate", stdin=text)
    check(code == 0 and err.strip() == "7 valid, 0 invalid", "seed 000 valid by default: %r %r" % (stdout, err))
    code, stdout, err = run("validate", "TaskEvent", stdin=(seed003 + "\n").encode())
    check(code == 0 and err.strip() == "1 valid, 0 invalid", "seed 003 valid by default: %r %r" % (stdout, err))
    code, stdout, err = run("fmt", "TaskEvent", stdin=(seed003 + "\n").encode())
    check(code == 0 and json.loads(stdout)["timestamp"] == "2025-01-01T00:00:00.123456Z", "fmt writes Z: %r" % stdout)
    code, stdout, err = run("fmt", stdin=text)
    check(code == 0 and len(stdout.strip().split("\n")) == 7, "fmt of seed 000: %r" % err)
    for l in stdout.strip().split("\n"):
        check(json.loads(l)["timestamp"].endswith("Z"), "fmt writes UTC with Z: %s" % l)
    # The AwareDatetime option refuses them, naming the field.
    code, stdout, err = run("validate", "--aware-timestamps", stdin=text)
    check(code == 1 and err.strip() == "0 valid, 7 invalid", "--aware-timestamps refuses: %r" % err)
    for l in stdout.strip().split("\n"):
        check({"path": "/timestamp", "code": "timezone_aware"}.items() <= json.loads(l)["errors"][0].items(),
              "timezone_aware at /timestamp: %s" % l)
    code, _, err = run("fmt", "--aware-timestamps", "TaskEvent", stdin=(seed003 + "\n").encode())
    check(code == 1 and "timezone_aware" in err, "fmt --aware-timestamps refuses: %r" % err)


def case_check_compat():
    with tempfile.TemporaryDirectory() as d:
        def write(name, schema):
            p = os.path.join(d, name)
            json.dump(schema, open(p, "w"))
            return p
        e1 = json.loads(run("schema", "task.created.v1")[1])
        e2 = json.loads(run("schema", "task.created.v2")[1])
        # Whole envelopes: a v2 decoder refuses event_version "1.0" (that is what upcasting is for)
        code, out, _ = run("check-compat", "--mode", "backward", write("e1.json", e1), write("e2.json", e2))
        check(code == 1 and "/properties/event_version" in out, "envelopes differ in event_version: %r" % out)
        # Payloads: v2 only adds defaulted and optional fields, to an open content model (unknown keys
        # ignored): FORWARD compatible, not BACKWARD (Confluent's PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL)
        def payload(env):
            doc = dict(env["$defs"][env["properties"]["payload"]["$ref"].split("/")[-1]])
            doc["$defs"] = env["$defs"]
            return doc
        v1, v2 = write("v1.json", payload(e1)), write("v2.json", payload(e2))
        code, out, _ = run("check-compat", "--mode", "forward", v1, v2)
        check(code == 0, "v1 -> v2 payload forward: %r" % out)
        code, out, _ = run("check-compat", "--mode", "full", v1, v2)
        check(code == 1 and "PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL" in out, "v1 -> v2 payload full: %r" % out)
        base = {"type": "object", "properties": {"a": {"type": "string"}}, "required": ["a"]}
        added_req = {"type": "object", "properties": {"a": {"type": "string"}, "b": {"type": "integer"}},
                     "required": ["a", "b"]}
        added_opt = {"type": "object", "properties": {"a": {"type": "string"}, "b": {"type": "integer"}},
                     "required": ["a"]}
        retyped = {"type": "object", "properties": {"a": {"type": "integer"}}, "required": ["a"]}
        s0, s1, s2, s3 = write("s0.json", base), write("s1.json", added_req), write("s2.json", added_opt), write("s3.json", retyped)
        code, out, err = run("check-compat", "--mode", "backward", s0, s1)
        check(code == 1 and "/properties/b" in out and "[backward]" in out, "new required field breaks backward: %r" % out)
        check(run("check-compat", "--mode", "forward", s0, s1)[0] == 0, "new required field is forward-compatible")
        code, out, _ = run("check-compat", "--mode", "full", s0, s2)
        check(code == 1 and "PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL" in out, "new optional field, open model: not full: %r" % out)
        check(run("check-compat", "--mode", "forward", s0, s2)[0] == 0, "new optional field, open model: forward")
        code, out, _ = run("check-compat", "--mode", "full", s0, s3)
        check(code == 1 and "/properties/a" in out, "type change breaks full")
        # transitive: s0 reads s2's data, s3 (a retyped) does not
        check(run("check-compat", "--mode", "forward", s3, s0, s2)[0] == 0, "non-transitive looks at the last only")
        code, out, _ = run("check-compat", "--mode", "forward-transitive", s3, s0, s2)
        check(code == 1 and "s3.json -> " in out, "transitive looks at all: %r" % out)
        check(run("check-compat", "--mode", "sideways", s0, s1)[0] == 2, "bad mode: 2")
        check(run("check-compat", "--mode", "full", s0)[0] == 2, "one file: 2")


def case_usage():
    check(run()[0] == 2, "no command: 2")
    check(run("frobnicate")[0] == 2, "unknown command: 2")
    check(run("list", "--xml")[0] == 2, "bad option: 2")
    check(run("validate", "--strict")[0] == 2, "bad validate option: 2")


def case_integrations():
    """`kafka`, `dlq`, `outbox` and `registry` run in events-integrations, beside the tool: the tool
    starts it in its place with the same arguments; without it, a clear error and status 2."""
    beside = os.path.join(os.path.dirname(os.path.realpath(TOOL)), "events-integrations")
    check(os.access(beside, os.X_OK), "events-integrations is built beside events")
    code, out, _ = run("kafka", "--help")
    check(code == 0 and "usage: events kafka serve" in out, "events kafka --help runs in events-integrations")
    code, _, err = run("registry", "frobnicate")
    check(code == 2 and "events registry" in err, "its usage errors come back through events: %r" % err)
    code, _, err = run("kafka", "nonsense")
    check(code == 2, "and their status")
    with tempfile.TemporaryDirectory() as d:  # the tool alone, as if installed without the integrations
        alone = os.path.join(d, "events")
        with open(os.path.realpath(TOOL), "rb") as src, open(alone, "wb") as dst:
            dst.write(src.read())
        os.chmod(alone, 0o755)
        p = subprocess.run([alone, "dlq", "list"], capture_output=True, timeout=60)
        err = p.stderr.decode()
        check(p.returncode == 2 and "events-integrations" in err and "could not be started" in err,
              "without events-integrations: status 2 and why, %r" % err)
        check(subprocess.run([alone, "list"], capture_output=True, timeout=60).returncode == 0,
              "the other commands need nothing beside the tool")
    libs = subprocess.run(["ldd", TOOL], capture_output=True, text=True).stdout
    check("librdkafka" not in libs and "libpq" not in libs and "libssl" not in libs,
          "events itself loads no Kafka, PostgreSQL or TLS library:\n" + libs)


globals()["case_" + sys.argv[2]]()
print("ok")
