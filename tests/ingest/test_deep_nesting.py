"""Deeply nested JSON or TOML is bad input like any other: named, never a crash."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from site_builder.core.config import ConfigError, load_config
from site_builder.ingest.entities import run_jsonl
from site_builder.ingest.extractor import parse_answer
from site_builder.ingest.manifest import JOURNAL, MANIFEST, load_manifest

DEEP = "[" * 200_000 + "]" * 200_000


def test_a_deeply_nested_line_is_named_and_the_next_lines_are_read() -> None:
    stdin = io.StringIO(f'{{"id": "deep", "text": {DEEP}}}\n{{"id": "next", "text": "Angela Merkel visited Paris."}}\n')
    stdout, stderr = io.StringIO(), io.StringIO()
    assert run_jsonl(stdin, stdout, stderr) == 1
    assert stderr.getvalue().startswith("line 1: skipped bad input: ")
    assert "nested" in stderr.getvalue()
    assert [json.loads(line)["id"] for line in stdout.getvalue().splitlines()] == ["next"]


def test_a_deeply_nested_answer_of_an_extractor_is_a_bad_answer() -> None:
    with pytest.raises(ValueError, match="nested"):
        parse_answer(f'{{"id": "1", "entities": {DEEP}}}', "1")


def test_a_deeply_nested_site_toml_is_a_configuration_error(tmp_path: Path) -> None:
    (tmp_path / "site.toml").write_text(f"title = {DEEP}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="site.toml: is not valid TOML"):
        load_config(tmp_path)


@pytest.mark.parametrize("name", [MANIFEST, JOURNAL])
def test_a_deeply_nested_manifest_counts_as_damaged(tmp_path: Path, name: str) -> None:
    (tmp_path / name).write_text(f'{{"seeds": {DEEP}}}\n' if name == MANIFEST else DEEP + "\n", encoding="utf-8")
    assert load_manifest(tmp_path) == {}


@pytest.mark.parametrize("number", ["1e400", "-1e400", "NaN", "Infinity", "-Infinity"])
def test_a_number_json_cannot_hold_is_bad_input_and_never_written_back(number: str) -> None:
    # Python reads 1e400 as inf and NaN as nan; written back they are not JSON, and the
    # program reading the answers would stop at that line.
    stdin = io.StringIO(f'{{"id": {number}, "text": "Angela Merkel"}}\n{{"id": "next", "text": "Paris."}}\n')
    stdout, stderr = io.StringIO(), io.StringIO()
    assert run_jsonl(stdin, stdout, stderr) == 1
    assert stderr.getvalue().startswith("line 1: skipped bad input: ")
    assert [json.loads(line)["id"] for line in stdout.getvalue().splitlines()] == ["next"]
