"""The seam for other extractors: `entity_command` in site.toml, streamed through one process."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

from site_builder.cli import main
from site_builder.content.frontmatter import parse_page

TINY_NER = Path(__file__).resolve().parent / "tiny_ner.py"


def write_seed(seeds: Path, name: str, body: str) -> None:
    seeds.mkdir(exist_ok=True)
    (seeds / name).write_text(f"World\n\nHeadline {name}\n\nA summary.\n\n{body}\n", encoding="utf-8")


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project whose site.toml names the tiny extractor, with three seeds."""
    shutil.copy(TINY_NER, tmp_path / "tiny_ner.py")
    command = json.dumps([sys.executable, "tiny_ner.py"])
    (tmp_path / "site.toml").write_text(f"entity_command = {command}\n", encoding="utf-8")
    for number in range(3):
        write_seed(tmp_path / "seeds", f"{number}.txt",
                   f"Quentin Blorp of Zorblax Corp spoke in Paris. Later Blorp left ({number}).")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def page(site: Path, seed: str) -> dict:
    manifest = json.loads((site / "content" / ".ingest.json").read_text(encoding="utf-8"))
    return parse_page((site / "content" / manifest["seeds"][seed]["content_file"]).read_text(encoding="utf-8")).meta


def test_ingest_streams_every_seed_through_one_process(site: Path) -> None:
    assert main(["ingest", "-j", "1"]) == 0
    assert len((site / "starts.log").read_text().split()) == 1
    for seed in ("0.txt", "1.txt", "2.txt"):
        meta = page(site, seed)
        # The command's answer, not the built-in rules (which would find Paris).
        assert meta["people"] == [{"name": "Quentin Blorp", "aliases": ["Blorp"]}]
        assert meta["organizations"] == ["Zorblax Corp"]
        assert meta["places"] == []


def test_manifest_names_the_extractor_and_a_changed_extractor_refreshes_pages(site: Path) -> None:
    main(["ingest"])
    manifest = json.loads((site / "content" / ".ingest.json").read_text(encoding="utf-8"))
    assert "tiny_ner.py" in manifest["extractor"]["name"]
    first_version = manifest["extractor"]["version"]
    script = site / "tiny_ner.py"
    script.write_text(script.read_text().replace('"Zorblax Corp": "organization"', '"Zorblax Corp": "place"'))
    main(["ingest"])
    manifest = json.loads((site / "content" / ".ingest.json").read_text(encoding="utf-8"))
    assert manifest["extractor"]["version"] != first_version
    assert page(site, "0.txt")["places"] == ["Zorblax Corp"]


def test_the_rules_are_recorded_when_no_command_is_named(project: Path) -> None:
    assert main(["ingest"]) == 0
    manifest = json.loads((project / "content" / ".ingest.json").read_text(encoding="utf-8"))
    assert manifest["extractor"]["name"] == "site_builder rules"


def test_a_crash_names_the_seed_and_a_new_process_carries_on(site: Path, capsys) -> None:
    write_seed(site / "seeds", "1.txt", "Quentin Blorp said CRASH.")
    assert main(["ingest"]) == 1
    err = capsys.readouterr().err
    assert "seeds/1.txt" in err and "stopped (exit status 3)" in err and "cannot cope" in err
    assert page(site, "0.txt")["organizations"] == ["Zorblax Corp"]
    assert page(site, "2.txt")["organizations"] == ["Zorblax Corp"]
    assert len((site / "starts.log").read_text().split()) == 2
    assert "1.txt" not in json.loads((site / "content" / ".ingest.json").read_text())["seeds"]


def test_a_malformed_answer_names_the_seed_and_the_rest_carry_on(site: Path, capsys) -> None:
    write_seed(site / "seeds", "2.txt", "GARBLE")
    assert main(["ingest"]) == 1
    err = capsys.readouterr().err
    assert "seeds/2.txt" in err and "malformed" in err and "not JSON" in err
    assert page(site, "0.txt")["people"][0]["name"] == "Quentin Blorp"
    assert len((site / "starts.log").read_text().split()) == 1


def test_a_missing_command_stops_before_anything_is_written(site: Path, capsys) -> None:
    (site / "site.toml").write_text('entity_command = ["no-such-ner-program"]\n', encoding="utf-8")
    assert main(["ingest"]) == 2
    err = capsys.readouterr().err
    assert "entity_command" in err and "no-such-ner-program" in err and "not found" in err
    assert not list(site.glob("content/**/*.md"))


def test_site_builder_entities_itself_can_be_the_command(site: Path) -> None:
    (site / "site.toml").write_text(
        f"entity_command = {json.dumps([sys.executable, '-m', 'site_builder', 'entities'])}\n", encoding="utf-8")
    assert main(["ingest"]) == 0
    assert "Paris" in page(site, "0.txt")["places"]
