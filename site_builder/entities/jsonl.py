"""The JSON Lines protocol of `site-builder entities`: one {"id","text"} line in, one
{"id","entities"} line out."""

from __future__ import annotations

import json
import sys
from typing import IO

from .document import Entity, extract_entities


def _entity_json(entity: Entity) -> dict:
    return {"name": entity.name, "type": entity.type, "mentions": [list(span) for span in entity.mentions]}


def _parse_line(line: str) -> tuple[object, str]:
    record = json.loads(line)
    if not isinstance(record, dict):
        raise ValueError("expected a JSON object")
    if "id" not in record or "text" not in record:
        raise ValueError('missing "id" or "text"')
    if not isinstance(record["text"], str):
        raise ValueError('"text" must be a string')
    return record["id"], record["text"]


def run_jsonl(stdin: IO[str], stdout: IO[str], stderr: IO[str] | None = None) -> int:
    """Read {"id","text"} lines, write {"id","entities"} lines; 1 if any line was bad, else 0."""
    errors = stderr if stderr is not None else sys.stderr
    status = 0
    for number, line in enumerate(stdin, start=1):
        if not line.strip():
            continue
        try:
            record_id, text = _parse_line(line)
        except ValueError as exc:  # json.JSONDecodeError is a ValueError
            print(f"line {number}: skipped bad input: {exc}", file=errors)
            status = 1
            continue
        entities = [_entity_json(entity) for entity in extract_entities(text)]
        stdout.write(json.dumps({"id": record_id, "entities": entities}, ensure_ascii=False) + "\n")
    return status


def main() -> int:
    return run_jsonl(sys.stdin, sys.stdout)


if __name__ == "__main__":
    raise SystemExit(main())
