#!/usr/bin/env python3
"""Pydantic v2's verdicts on a generated corpus, for tests/interop_test.cpp's differential tests.

  pydantic_diff.py corpus <file>   -> one JSON line per (kind, mode, input):
                                      {"kind", "strict", "input", "ok", "dump", "errors": [[path, type], ...]}
                                      ("datetime" is AwareDatetime, "naive_utc_datetime" plain datetime)
  pydantic_diff.py doubles <file>  -> one line per random double: {"repr": repr(x), "dump": Pydantic's text
                                      as a float, "any_dump": as a value of an Any field}
  pydantic_diff.py floats <file>   -> for each number text of <file> (C++ floats as events writes them),
                                      one line on stdout: Pydantic's dump of it read as a float

Every kind is a model `{"v": <kind>}`; every input of the pool is tried on every kind, in lax and
in strict mode. The pool holds each kind's canonical values, the lax forms Pydantic documents,
and wrong values of every JSON type. Nothing here states an expected result: Pydantic gives it.
"""
import json
import random
import struct
import sys
from datetime import datetime, timedelta
from enum import Enum
from typing import Annotated, Any, Optional

from pydantic import AllowInfNan, AwareDatetime, BaseModel, Field, ValidationError
from uuid import UUID


class Color(str, Enum):
    RED = "red"
    GREEN = "green"


class Inner(BaseModel):
    a: int


I64 = Annotated[int, Field(ge=-2**63, le=2**63 - 1)]
F64 = Annotated[float, AllowInfNan(False)]

KINDS = {
    "int": I64, "float": F64, "bool": bool, "str": str, "uuid": UUID, "datetime": AwareDatetime,
    "naive_utc_datetime": datetime,
    "enum": Color, "list": list[I64], "set": set[I64], "dict": dict[str, I64],
    "array2": Annotated[list[I64], Field(min_length=2, max_length=2)], "optional": Optional[I64],
    "duration": timedelta, "object": Inner, "any": Any, "any_text": Any,
}


INT_KINDS = {"int", "optional", "list", "set", "dict", "array2", "object"}
BEYOND_INT64 = {"9223372036854775808", "-9223372036854775809"}


def model(kind):
    if kind == "optional":
        return type("M", (BaseModel,), {"__annotations__": {"v": KINDS[kind]}, "v": None})
    return type("M", (BaseModel,), {"__annotations__": {"v": KINDS[kind]}})


CANONICAL = ['5', '-7', '0', '9007199254740993', '1.5', '-0.25', 'true', 'false', '"text"', '""',
             '"123e4567-e89b-12d3-a456-426614174000"', '"2026-01-15T10:30:00Z"',
             '"2026-01-15T10:30:00.123456+02:00"', '"red"', '[1,2]', '[]', '{"k":3}', '{}', '{"a":1}',
             '"PT1H30M"', '"P1DT5S"', '"-PT1S"', '"PT0.000001S"', 'null']
LAX = ['5.0', '"5"', '"5.0"', '" 5 "', '"-5"', '"+5"', '"1_000"', '1e3', '"1e3"', '"1.5"', '"yes"', '"on"',
       '"off"', '"t"', '"N"', '"TRUE"', '"1"', '"0"', '1', '1.0', '-0', '0.0',
       '"123e4567e89b12d3a456426614174000"', '"2026-01-15 10:30:00Z"', '"2026-01-15T10:30Z"', '1700000000',
       '1700000000.5', '"1700000000"', '1700000000000', '[1,1,2]', '["1",2]', '{"k":"3"}', '{"a":"1"}',
       '[1,2,3]', '[1]', '3600', '90.5', '"1:30:00"', '"P1W"', '"P2Y"']
WRONG = ['5.5', '"5.5"', '"x"', '"true "', '"0x10"', '"inf"', '"nan"', '1e400', '-1e400', '"1e400"', '2',
         '"2026-13-15T10:30:00Z"', '"2026-02-30T10:00:00Z"', '"2026-01-15T25:30:00Z"', '"2026-01-15T10:30:00"',
         '"2026-01-15"', '"15/01/2026"', '"123e4567-e89b-12d3-a456-42661417400"', '"RED"', '[1,"x"]',
         '{"k":"x"}', '{"a":"x"}', '{"b":1}', '[[1]]', '"abc"', '"PT"', '"P1X"', '9223372036854775808',
         '-9223372036854775809', '"9223372036854775808"', '1e19', '"_1"', '"1__0"', '"1_"', '"."', '"5."',
         '".5"', '"+"', '""']
# Free-form values only (events::json_value keeps text, so it is compared byte for byte): key order,
# repeated keys, number forms, integers beyond 64 bits, escapes, lone surrogates, whitespace.
ANY_EXTRA = ['{"b":1,"a":2}', '{"a":1,"b":2,"a":3}', '{"a":{"x":1,"x":[2]},"a":0}',
             '[1.0,1e2,-0,-0.0,1E-7,"\\u00e9\\n\\u2028\\u007f\\u001f"]', '123456789012345678901234567890',
             '-123456789012345678901234567890', '{"\\ud800":1}', '"\\udc00x"', '[{"k":[{"k":{}}]}]',
             ' {"z" : [ true , false , null ] } ', '1.5e308', '4.9e-324', '1e-400', '{"":{"":""}}', '[[],{}]']


def main() -> int:
    mode, path = sys.argv[1], sys.argv[2]
    if mode == "floats":
        from pydantic import TypeAdapter
        ta = TypeAdapter(float)
        with open(path, encoding="utf-8") as f:
            for line in f:
                print(ta.dump_json(ta.validate_json(line.strip())).decode())
        return 0
    with open(path, "w", encoding="utf-8") as out:
        if mode == "corpus":
            for kind in KINDS:
                m = model(kind)
                for text in CANONICAL + LAX + WRONG + (ANY_EXTRA if kind == "any_text" else []):
                    if kind in INT_KINDS and text.strip('"') in BEYOND_INT64:
                        continue  # C++ integers are 64-bit: int_parsing_size where Python's int has no bound
                    if kind == "any" and text == "-9223372036854775809":
                        continue  # nlohmann::json holds integers in 64 bits: below int64, a double
                    for strict in (False, True):
                        row = {"kind": kind, "strict": strict, "input": text}
                        try:
                            v = m.model_validate_json('{"v":' + text + '}', strict=strict)
                            row.update(ok=True, dump=v.model_dump_json(), errors=[])
                        except ValidationError as e:
                            errors = [["".join("/" + str(p) for p in x["loc"]), x["type"]] for x in e.errors()]
                            row.update(ok=False, dump=None, errors=errors)
                        out.write(json.dumps(row) + "\n")
        elif mode == "doubles":
            from pydantic import TypeAdapter
            ta = TypeAdapter(float)
            any_ta = TypeAdapter(Any)  # a double inside a free-form value
            rng = random.Random(20261201)
            for i in range(20000):
                if i % 2:
                    x = struct.unpack("<d", struct.pack("<Q", rng.getrandbits(64)))[0]
                else:  # values of every decimal magnitude, with few digits, where formats differ most
                    x = float(f"{rng.randint(1, 99999)}e{rng.randint(-30, 30)}") * rng.choice([1, -1])
                if x != x or x in (float("inf"), float("-inf")):
                    continue
                out.write(json.dumps({"repr": repr(x), "dump": ta.dump_json(x).decode(),
                                      "any_dump": any_ta.dump_json(x).decode()}) + "\n")
        else:
            return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
