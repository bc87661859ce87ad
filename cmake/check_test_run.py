#!/usr/bin/env python3
"""After ctest: the run may not have shrunk in silence.

Usage: check_test_run.py JUNIT_XML[,JUNIT_XML...] PRESET FLOOR_FILE

JUNIT_XML is what `ctest --output-junit` wrote (several: the runs of one configuration). Fails (exit 1), saying why, when
- a test was skipped, not run or disabled (ctest reports a skip as a pass, and a test whose
  program was not built as "Not Run"), or
- fewer tests ran than a floor of FLOOR_FILE (cmake/test_floor.txt) asks for this preset: in all,
  and per area (Kafka, Dapr, Python, npm, kcat, ...), each area a regular expression over test names.
A preset without a floor line is an error too: CI's configurations each keep one.
"""
import re
import sys
import xml.etree.ElementTree as ET


def read_floors(path, preset):
    floors = []
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            parts = line.split()
            if len(parts) != 4:
                sys.exit("%s:%d: expected `<preset> <area> <regex> <minimum>`" % (path, number))
            if parts[0] == preset:
                floors.append((parts[1], re.compile(parts[2]), int(parts[3])))
    return floors


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    junit, preset, floor_file = sys.argv[1:]
    ran, not_run = [], []
    cases = []
    for report in junit.split(","):
        try:
            cases += list(ET.parse(report).getroot().iter("testcase"))
        except (OSError, ET.ParseError) as e:
            print("=== %s: no ctest report (%s)" % (preset, e))
            return 1
    for case in cases:
        name = case.get("name", "")
        status = case.get("status", "run")
        if status in ("run", "fail") and case.find("skipped") is None:
            ran.append(name)
        else:
            skipped = case.find("skipped")
            why = status if skipped is None else "skipped: " + skipped.get("message", "")
            not_run.append("%s (%s)" % (name, why))
    problems = ["not run: " + n for n in not_run]
    floors = read_floors(floor_file, preset)
    if not floors:
        problems.append("no floor for preset '%s' in %s" % (preset, floor_file))
    counts = []
    for area, pattern, minimum in floors:
        n = sum(1 for name in ran if pattern.search(name))
        counts.append("%s %d (floor %d)" % (area, n, minimum))
        if n < minimum:
            problems.append("%s: %d tests ran, fewer than the floor of %d (%s)" % (area, n, minimum, floor_file))
    print("=== %s: tests ran: %s" % (preset, ", ".join(counts) if counts else len(ran)))
    for p in problems:
        print("=== %s: %s" % (preset, p))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
