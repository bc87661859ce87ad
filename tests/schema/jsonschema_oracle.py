#!/usr/bin/env python3
"""The independent oracle of the schema tests: Python's `jsonschema`.

usage: jsonschema_oracle.py REQUEST.json
REQUEST is {"schema": {...}, "instances": ["<json text>", ...]}. Checks the schema against its
dialect's metaschema (exit 3 with the reason when it is not a valid schema), then prints one line
per instance: "1" valid, "0" invalid (format checking on: uuid, date-time).
REQUEST may also be {"batch": [<request>, ...]}: one line per request, "ok " and a digit per
instance, or "invalid schema: <reason>" (one Python start for many schemas).
"""
import json
import sys

import jsonschema
# jsonschema checks `format: date-time` only when rfc3339-validator is importable; without it every
# timestamp would pass unchecked. Refuse to judge rather than judge less (tests/requirements.txt).
if "date-time" not in jsonschema.Draft7Validator.FORMAT_CHECKER.checkers:
    sys.exit("jsonschema_oracle.py: jsonschema cannot check `format: date-time` under " + sys.executable +
             " (rfc3339-validator is missing): pip install -r tests/requirements.txt")


def verdicts(request):
    """The verdict on each instance, or raises SchemaError."""
    schema = request["schema"]
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    validator = cls(schema, format_checker=cls.FORMAT_CHECKER)
    return ["1" if validator.is_valid(json.loads(text)) else "0" for text in request["instances"]]


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        request = json.load(f)
    if "batch" in request:
        for one in request["batch"]:
            try:
                print("ok " + "".join(verdicts(one)))
            except jsonschema.exceptions.SchemaError as e:
                print("invalid schema: %s" % " ".join(e.message.split()))
        return
    try:
        lines = verdicts(request)
    except jsonschema.exceptions.SchemaError as e:
        print("invalid schema: %s" % e.message, file=sys.stderr)
        sys.exit(3)
    for line in lines:
        print(line)


if __name__ == "__main__":
    main()
