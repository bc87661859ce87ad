#!/usr/bin/python3
"""`events kafka serve` as a user runs it, with the README's Python and Node services as clients.

  /usr/bin/python3 kafka_serve_test.py path/to/events NODE

Debian's python3: its python3-confluent-kafka is the Python client (and the topic lister).
"""
import json
import os
import signal
import socket
import subprocess
import sys

TOOL, NODE = sys.argv[1], sys.argv[2]
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
from confluent_kafka.admin import AdminClient  # noqa: E402


def check(cond, what):
    if not cond:
        print("FAIL:", what, flush=True)
        sys.exit(1)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(*args):
    p = subprocess.Popen([TOOL, "kafka", "serve", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    return p, p.stdout.readline().strip()


def stop(p):
    p.send_signal(signal.SIGINT)  # Ctrl-C
    out, err = p.communicate(timeout=30)
    check(p.returncode == 0, "Ctrl-C stops it with status 0: %s %s" % (p.returncode, err))
    return err


# Without --port: the brokers' own addresses, all on 127.0.0.1.
p, bootstrap = serve()
brokers = bootstrap.split(",")
check(len(brokers) == 3 and all(b.startswith("127.0.0.1:") for b in brokers), "three brokers on 127.0.0.1: %r" % bootstrap)
# Not reachable on another address of this machine.
others = [a for a in subprocess.run(["hostname", "-I"], capture_output=True, text=True).stdout.split() if ":" not in a]
for addr in others:
    with socket.socket() as s:
        s.settimeout(2)
        check(s.connect_ex((addr, int(brokers[0].split(":")[1]))) != 0, "broker not reachable on %s" % addr)
# The catalog's topics, with their partition counts, and a -dlq for each.
topics = json.loads(subprocess.run([TOOL, "topics", "--json"], capture_output=True, text=True, check=True).stdout)
listed = AdminClient({"bootstrap.servers": bootstrap}).list_topics(timeout=10).topics
for t in topics:
    check(t["name"] in listed and len(listed[t["name"]].partitions) == t["partitions"], "topic %s" % t["name"])
    check(t["name"].endswith("-dlq") or t["name"] + "-dlq" in listed, "topic %s-dlq" % t["name"])
stop(p)

# --port: a fixed bootstrap address; the README's services run against it.
port = free_port()
p, bootstrap = serve("--port", str(port))
check(bootstrap == "127.0.0.1:%d" % port, "bootstrap at the given port: %r" % bootstrap)
py = subprocess.run([sys.executable, os.path.join(ROOT, "examples", "kafka", "polyglot", "service.py"), bootstrap],
                    capture_output=True, text=True, timeout=90)
check(py.returncode == 0 and py.stdout.startswith("python read TodoCreated"), "Python service: %s %s" % (py.stdout, py.stderr))
js = subprocess.run([NODE, os.path.join(ROOT, "tests", "js", "kafka_serve_client.mjs"), bootstrap],
                    capture_output=True, text=True, timeout=90, cwd=os.path.join(ROOT, "tests", "js"))
check(js.returncode == 0 and js.stdout.startswith("node read TodoCompleted"), "Node service: %s %s" % (js.stdout, js.stderr))
err = stop(p)
check("stopped" in err, "says it stopped: %r" % err)
# A taken port is refused, with the reason.
with socket.socket() as s:
    s.bind(("127.0.0.1", 0))
    s.listen()
    r = subprocess.run([TOOL, "kafka", "serve", "--port", str(s.getsockname()[1])], capture_output=True, text=True, timeout=30)
    check(r.returncode != 0 and "cannot listen" in r.stderr, "taken port: %s" % r.stderr)
check(subprocess.run([TOOL, "kafka", "serve", "--port", "x"], capture_output=True).returncode == 2, "bad port: 2")

# --topic: a topic of the user's, with its partition count and its -dlq, beside the catalog's.
p, bootstrap = serve("--brokers", "1", "--topic", "load:12")
listed = AdminClient({"bootstrap.servers": bootstrap}).list_topics(timeout=10).topics
check("load" in listed and len(listed["load"].partitions) == 12, "--topic load:12 made 12 partitions")
check("load-dlq" in listed and topics[0]["name"] in listed, "with its -dlq and the catalog's topics")
stop(p)
for bad in ("load", "load:0", ":3", "load:x", topics[0]["name"] + ":3"):
    r = subprocess.run([TOOL, "kafka", "serve", "--topic", bad], capture_output=True, text=True, timeout=30)
    check(r.returncode == 2 and "--topic" in r.stderr, "--topic %s refused: %s" % (bad, r.stderr))
print("ok")
