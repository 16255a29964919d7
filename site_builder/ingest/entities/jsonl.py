"""The JSON Lines protocol of `site-builder entities`: one {"id","text"} line in, one
{"id","entities"} line out."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from typing import IO, Any

from site_builder.core.jsontext import parse_json
from site_builder.ingest.entities.document import Entity, extract_entities


def _entity_json(entity: Entity) -> dict[str, Any]:
    return {"name": entity.name, "type": entity.type, "mentions": [list(span) for span in entity.mentions]}


class _BadLine(ValueError):
    """An input line that is skipped; `column` counts characters of the user's line."""

    def __init__(self, reason: str, column: int | None = None) -> None:
        super().__init__(reason)
        self.column = column


def _parse_line(line: str) -> tuple[object, str]:
    try:
        record = parse_json(line)
    except json.JSONDecodeError as exc:  # its numbering is the parser's; one input line is one document
        raise _BadLine(exc.msg, exc.colno) from None
    if not isinstance(record, dict):
        raise ValueError("expected a JSON object")
    if "id" not in record or "text" not in record:
        raise ValueError('missing "id" or "text"')
    if not isinstance(record["text"], str):
        raise ValueError('"text" must be a string')
    return record["id"], record["text"]


def _decoded(line: str | bytes) -> str:
    """A line as text; bytes that are not UTF-8 are refused, never replaced, so no
    offset in the output ever points at a character the input did not hold."""
    if isinstance(line, str):
        return line
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError as exc:
        column = len(line[:exc.start].decode("utf-8")) + 1
        raise _BadLine(f"not valid UTF-8 (byte 0x{line[exc.start]:02x}); save the input as UTF-8", column) from None


def run_jsonl(stdin: IO[str] | IO[bytes], stdout: IO[str], stderr: IO[str] | None = None) -> int:
    """Read {"id","text"} lines (text, or bytes that must be UTF-8), write {"id","entities"}
    lines; 1 if any line was bad, else 0. Problems name the input's own line and column."""
    errors = stderr if stderr is not None else sys.stderr
    status = 0
    lines: Iterable[str | bytes] = stdin
    for number, raw in enumerate(lines, start=1):
        try:
            line = _decoded(raw)
            if not line.strip():
                continue
            record_id, text = _parse_line(line)
        except ValueError as exc:
            column = getattr(exc, "column", None)
            where = f"line {number}, column {column}" if column else f"line {number}"
            print(f"{where}: skipped bad input: {exc}", file=errors)
            status = 1
            continue
        entities = [_entity_json(entity) for entity in extract_entities(text)]
        stdout.write(json.dumps({"id": record_id, "entities": entities}, ensure_ascii=False) + "\n")
    return status
