"""Pydantic v2 mirror of tests/test_types.hpp's OrderPlaced in the nested envelope, for the
interop test (tests/interop_test.cpp).

  core_models.py validate FILE   validate every line of FILE; print each one re-dumped
  core_models.py generate FILE   write varied valid events to FILE, one per line
  core_models.py errors FILE     write invalid events with the errors Pydantic reports, as
                                 {"input": text, "errors": [[json pointer, type], ...]} lines
"""
import enum
import json
import random
import sys
import uuid
from datetime import datetime, timedelta, timezone
from typing import Literal, Optional

try:
    import pydantic
    from pydantic import AwareDatetime, BaseModel, Field, ValidationError
except ImportError:
    sys.exit("pydantic is not installed: pip install 'pydantic>=2'")
if not pydantic.VERSION.startswith("2."):
    sys.exit(f"pydantic {pydantic.VERSION} found, version 2 needed")


class Priority(str, enum.Enum):
    low = "low"
    medium = "medium"
    high = "high"
    urgent = "urgent"


class OrderPlaced(BaseModel):
    order_id: uuid.UUID
    user_id: uuid.UUID
    title: str = Field(min_length=1, max_length=20)
    note: Optional[str] = None
    quantity: int = Field(default=1, ge=1, le=1000)
    level: Priority = Priority.medium
    tags: list[str]
    due: Optional[AwareDatetime] = None


class OrderPlacedEvent(BaseModel):
    event_id: uuid.UUID
    event_type: Literal["order.placed"]
    event_version: Literal["2.0"] = "2.0"
    timestamp: AwareDatetime
    correlation_id: Optional[uuid.UUID] = None
    causation_id: Optional[uuid.UUID] = None
    payload: OrderPlaced


# Characters that exercise escaping and UTF-8 on both sides.
ALPHABET = ["a", "Z", "7", " ", "é", "ß", "中", "😀", "\u2028", '"', "\\", "/", "\n", "\t", "\r",
            "\b", "\f", "\x01", "\x1f", "\x7f", "<", "&"]


def text(rng: random.Random, lo: int, hi: int) -> str:
    return "".join(rng.choice(ALPHABET) for _ in range(rng.randint(lo, hi)))


def moment(rng: random.Random) -> datetime:
    t = datetime(1970, 1, 1, tzinfo=timezone.utc) + timedelta(microseconds=rng.randrange(0, 4102444800 * 10**6))
    return t.replace(microsecond=0) if rng.random() < 0.3 else t


def maybe(rng: random.Random, value):
    return value if rng.random() < 0.5 else None


def generate(path: str, count: int = 300) -> None:
    rng = random.Random(2026)
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        for _ in range(count):
            ev = OrderPlacedEvent(
                event_id=uuid.UUID(int=rng.getrandbits(128), version=4),
                event_type="order.placed",
                timestamp=moment(rng),
                correlation_id=maybe(rng, uuid.uuid5(uuid.NAMESPACE_DNS, text(rng, 0, 8))),
                causation_id=maybe(rng, uuid.UUID(int=rng.getrandbits(128))),
                payload=OrderPlaced(
                    order_id=uuid.UUID(int=rng.getrandbits(128)),
                    user_id=uuid.UUID(int=rng.getrandbits(128), version=4),
                    title=text(rng, 1, 20),
                    note=maybe(rng, text(rng, 0, 40)),
                    quantity=rng.randint(1, 1000),
                    level=rng.choice(list(Priority)),
                    tags=[text(rng, 0, 6) for _ in range(rng.randint(0, 4))],
                    due=maybe(rng, moment(rng)),
                ),
            )
            out.write(ev.model_dump_json() + "\n")


def validate(path: str) -> int:
    failures = 0
    with open(path, encoding="utf-8", newline="\n") as f:
        for number, line in enumerate(f, 1):
            line = line.rstrip("\n")
            try:
                ev = OrderPlacedEvent.model_validate_json(line)
            except ValidationError as e:
                failures += 1
                print(f"line {number}: {e}", file=sys.stderr)
                print("")
                continue
            sys.stdout.write(ev.model_dump_json() + "\n")
    return 1 if failures else 0


def pointer(loc) -> str:
    return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in loc)


def errors(path: str) -> None:
    good = json.loads(
        '{"event_id":"00000000-0000-4000-8000-000000000003","event_type":"order.placed","event_version":"2.0",'
        '"timestamp":"2026-01-15T10:30:00Z","correlation_id":null,"causation_id":null,"payload":'
        '{"order_id":"123e4567-e89b-12d3-a456-426614174000","user_id":"6ba7b810-9dad-11d1-80b4-00c04fd430c8",'
        '"title":"Book","note":null,"quantity":3,"level":"high","tags":["a"],"due":null}}')
    # Changes to the payload (or, with a key of "envelope.", to the envelope); None deletes.
    cases = [
        {"title": ""},
        {"title": "x" * 21},
        {"title": "é" * 21},
        {"quantity": 0},
        {"quantity": 1001},
        {"quantity": 2.5},
        {"level": "highest"},
        {"order_id": "not-a-uuid"},
        {"order_id": "123e4567-e89b-12d3-a456-42661417400g"},
        {"due": "2026-01-15T10:30:00"},
        {"due": "2023-02-29T10:30:00Z"},
        {"tags": "a"},
        {"tags": ["a", None]},
        {"user_id": None, "title": None},
        {"title": "", "quantity": 0, "level": "x"},
        {"envelope.event_type": "order.cancelled"},
        {"envelope.timestamp": "2026-01-15T10:30:00"},
        {"envelope.event_id": None, "envelope.payload": None},
        {"envelope.payload": 7},
        {"envelope.correlation_id": "zz"},
    ]
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        for change in cases:
            doc = json.loads(json.dumps(good))
            for key, value in change.items():
                target, name = (doc, key[len("envelope."):]) if key.startswith("envelope.") else (doc["payload"], key)
                if value is None:
                    del target[name]
                else:
                    target[name] = value
            text_ = json.dumps(doc, ensure_ascii=False, separators=(",", ":"))
            try:
                OrderPlacedEvent.model_validate_json(text_)
                sys.exit(f"case {change} unexpectedly valid")
            except ValidationError as e:
                found = [[pointer(err["loc"]), err["type"]] for err in e.errors()]
            out.write(json.dumps({"input": text_, "errors": found}, ensure_ascii=False) + "\n")


def main() -> int:
    if len(sys.argv) != 3 or sys.argv[1] not in ("validate", "generate", "errors"):
        sys.exit(__doc__)
    mode, path = sys.argv[1], sys.argv[2]
    if mode == "generate":
        generate(path)
        return 0
    if mode == "errors":
        errors(path)
        return 0
    return validate(path)


if __name__ == "__main__":
    sys.exit(main())
