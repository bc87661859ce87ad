#!/usr/bin/env python3
"""The independent oracle of the schema tests: Python's `jsonschema`.

usage: jsonschema_oracle.py REQUEST.json
REQUEST is {"schema": {...}, "instances": ["<json text>", ...]}. Checks the schema against its
dialect's metaschema (exit 3 with the reason when it is not a valid schema), then prints one line
per instance: "1" valid, "0" invalid (format checking on: uuid, date-time).
"""
import json
import sys

import jsonschema


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        request = json.load(f)
    schema = request["schema"]
    cls = jsonschema.validators.validator_for(schema)
    try:
        cls.check_schema(schema)
    except jsonschema.exceptions.SchemaError as e:
        print("invalid schema: %s" % e.message, file=sys.stderr)
        sys.exit(3)
    validator = cls(schema, format_checker=cls.FORMAT_CHECKER)
    for text in request["instances"]:
        instance = json.loads(text)
        print("1" if validator.is_valid(instance) else "0")


if __name__ == "__main__":
    main()
