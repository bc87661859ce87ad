#!/usr/bin/env python3
"""`events registry serve|check|register` as a CI pipeline runs them, against a running registry.

  python3 registry_test.py path/to/events

The registry is `events registry serve --port 0 --file STATE` (its URL on the first line). A
subject that holds an older TodoCreated (one without `description`) makes `check` fail naming the
change and `register` fail with the registry's 409; a restart with the same file keeps the ids.
"""
import json
import os
import signal
import subprocess
import sys
import tempfile
import urllib.request

TOOL = sys.argv[1]
CT = "application/vnd.schemaregistry.v1+json"


def check(cond, what):
    if not cond:
        print("FAIL:", what, flush=True)
        sys.exit(1)


def serve(state):
    p = subprocess.Popen([TOOL, "registry", "serve", "--port", "0", "--file", state], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
    url = p.stdout.readline().strip()
    check(url.startswith("http://127.0.0.1:"), "serve prints its URL on 127.0.0.1: %r" % url)
    return p, url


def stop(p):
    p.send_signal(signal.SIGINT)
    _, err = p.communicate(timeout=30)
    check(p.returncode == 0, "Ctrl-C stops the registry with status 0: %s %s" % (p.returncode, err))


def cli(*args):
    r = subprocess.run([TOOL, "registry", *args], capture_output=True, text=True, timeout=60)
    return r.returncode, r.stdout + r.stderr


def http(url, method="GET", body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": CT, "Accept": CT})
    with urllib.request.urlopen(req, timeout=10) as r:
        return json.loads(r.read())


with tempfile.TemporaryDirectory() as tmp:
    state = os.path.join(tmp, "registry.json")
    p, url = serve(state)
    try:
        # Nothing registered: every subject is new, which passes.
        rc, out = cli("check", "--url", url, "--subject-strategy", "topic-record")
        check(rc == 0 and "new subject" in out and "INCOMPATIBLE" not in out, "check on an empty registry: %d %s" % (rc, out))
        rc, out = cli("register", "--url", url, "--subject-strategy", "topic-record")
        check(rc == 0 and ": id 1\n" in out, "register the catalog: %d %s" % (rc, out))
        registered = out.count(": id ")
        check(registered >= 20, "every catalog type registered: %d" % registered)
        rc, out = cli("check", "--url", url, "--subject-strategy", "topic-record")
        check(rc == 0 and out.count(": compatible") == registered, "the catalog against itself: %d %s" % (rc, out))

        # An older TodoCreated under its record subject: no `description`, open to other properties.
        subject = next(s for s in http(url + "/subjects") if s.endswith("-TodoCreated"))
        latest = http(url + "/subjects/%s/versions/latest" % subject)
        ours = json.loads(latest["schema"])
        older = json.loads(json.dumps(ours))
        del older["properties"]["description"]
        older.pop("additionalProperties", None)
        older["required"] = [r for r in older.get("required", []) if r != "description"]
        http(url + "/subjects/TodoCreated/versions", "POST", {"schemaType": "JSON", "schema": json.dumps(older)})
        rc, out = cli("check", "--url", url, "--subject-strategy", "record", "TodoCreated")
        check(rc == 1, "check fails for the incompatible change: %d %s" % (rc, out))
        check("TodoCreated: INCOMPATIBLE" in out and "PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL" in out
              and "/properties/description" in out, "check names the change: %s" % out)
        rc, out = cli("register", "--url", url, "--subject-strategy", "record", "TodoCreated")
        check(rc == 1 and "REFUSED" in out and "/properties/description" in out, "register is refused: %d %s" % (rc, out))
        rc, out = cli("check", "--url", url, "--subject-strategy", "record", "NoSuchEvent")
        check(rc != 0 and "no catalog type" in out, "an unknown type is an error: %d %s" % (rc, out))
    finally:
        stop(p)

    # Restarted on the same file: the same ids, the same verdicts.
    p, url = serve(state)
    try:
        check(http(url + "/subjects/%s/versions/latest" % subject)["id"] == latest["id"], "the subject's id after a restart")
        rc, out = cli("register", "--url", url, "--subject-strategy", "topic-record")
        check(rc == 0 and out.count(": id ") == registered and ": id 1\n" in out, "ids survive a restart: %s" % out)
        rc, out = cli("check", "--url", url, "--subject-strategy", "record", "TodoCreated")
        check(rc == 1 and "/properties/description" in out, "the older schema survives a restart: %s" % out)
    finally:
        stop(p)
print("ok")
