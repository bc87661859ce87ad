#!/usr/bin/env python3
"""Checks the corpus's witnesses with Python's jsonschema, independently of our checker.

usage: witnesses.py DIR
Every case of DIR/*.json must hold valid schemas (draft-07 unless they say "$schema"). A case
that is incompatible in some direction lists "witnesses": instances valid for the writer's schema
and invalid for the reader's (BACKWARD: the writer is "original"; when only FORWARD fails, the
writer is "update"). An empty list marks a change Confluent refuses although no instance tells
the two schemas apart; such a case must say so in "note".
Prints "witnesses: N checked, M conservative" and exits 1 on the first failure.
"""
import glob
import json
import os
import sys

import jsonschema


def validator(schema):
    cls = jsonschema.validators.validator_for(schema, default=jsonschema.Draft7Validator)
    cls.check_schema(schema)
    return cls(schema)


def main():
    checked = conservative = 0
    for path in sorted(glob.glob(os.path.join(sys.argv[1], "*.json"))):
        for case in json.load(open(path, encoding="utf-8")):
            where = "%s: %s" % (os.path.basename(path), case["description"])
            if "versions" in case:
                for v in case["versions"]:
                    validator(v)
                continue
            original, update = validator(case["original"]), validator(case["update"])
            if case["backward"] and case["forward"]:
                continue
            writer, reader = (original, update) if not case["backward"] else (update, original)
            if "witnesses" not in case:
                sys.exit("%s: incompatible without witnesses" % where)
            if not case["witnesses"]:
                if "note" not in case:
                    sys.exit("%s: no witnesses needs a note" % where)
                conservative += 1
                continue
            for w in case["witnesses"]:
                if not writer.is_valid(w) or reader.is_valid(w):
                    sys.exit("%s: the witness %s is not valid-for-writer, invalid-for-reader" % (where, json.dumps(w)))
                checked += 1
    print("witnesses: %d checked, %d conservative" % (checked, conservative))


if __name__ == "__main__":
    main()
