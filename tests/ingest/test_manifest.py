"""The record of what ingest wrote never lags the pages: an ingest killed (SIGKILL)
at any moment while it refreshes changed seeds leaves no page looking edited by a
person, so the next ingest, after the seeds changed once more, refreshes every page."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from site_builder.content.frontmatter import parse_page
from site_builder.ingest.enrich import enrich_seed
from site_builder.ingest.manifest import JOURNAL, MANIFEST, known_hashes, load_manifest, page_sha256
from site_builder.ingest.run import ingest

SEEDS = 240
REPO = Path(__file__).resolve().parents[2]

# Runs `site-builder ingest` and kills it with SIGKILL at the moment named by argv:
# just before ("before") or just after ("after") the N-th replacement of a file
# whose name ends with SUFFIX (a page, or the manifest). The kill is the process's
# own, so it lands exactly there, every run.
KILLER = """
import os, signal, sys
from site_builder.cli import main
when, number, suffix = sys.argv[1], int(sys.argv[2]), sys.argv[3]
real_replace, seen = os.replace, [0]
def replace(src, dst):
    if str(dst).endswith(suffix):
        seen[0] += 1
        if seen[0] == number and when == "before":
            os.kill(os.getpid(), signal.SIGKILL)
    real_replace(src, dst)
    if str(dst).endswith(suffix) and seen[0] == number and when == "after":
        os.kill(os.getpid(), signal.SIGKILL)
os.replace = replace
sys.exit(main(["ingest", "-j", "1"]))  # no workers: the lock goes with the process
"""


def _write_seeds(seeds: Path, marker: str) -> None:
    seeds.mkdir(exist_ok=True)
    for n in range(SEEDS):
        (seeds / f"{n:04d}.txt").write_text(
            f"World\n\nHarbour number {n} reopens after the storm\n\nThe port of Town {n} is open again.\n\n"
            f"Officials in Town {n} said ships were moving. {marker}\n", encoding="utf-8")


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project ingested once, whose seeds have all changed since."""
    project = tmp_path_factory.mktemp("ingested")
    _write_seeds(project / "seeds", "First version.")
    report = ingest(project / "seeds", project / "content", enrich=enrich_seed, jobs=2)
    assert len(report.written) == SEEDS
    _write_seeds(project / "seeds", "Second version.")
    return project


@pytest.mark.parametrize("when, number, suffix", [
    ("before", 1, ".md"),     # the first batch is journaled, no page replaced yet
    ("after", 1, ".md"),
    ("before", 64, ".md"),    # the last page of the first journaled batch
    ("after", 64, ".md"),     # a batch complete, the next not journaled yet
    ("after", 100, ".md"),    # in the middle of a batch
    ("after", SEEDS, ".md"),  # every page written, the manifest not yet
    ("before", 1, MANIFEST),
    ("after", 1, MANIFEST),   # the manifest written, the journal not yet removed
])
def test_an_ingest_killed_at_any_moment_leaves_no_page_looking_edited(
        ingested: Path, tmp_path: Path, when: str, number: int, suffix: str) -> None:
    project = tmp_path / "project"
    shutil.copytree(ingested, project)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    run = subprocess.run([sys.executable, "-c", KILLER, when, str(number), suffix], cwd=project, env=env,
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == -9, run.stderr  # it was killed where we said
    content = project / "content"
    pages = sorted(content.rglob("*.md"))
    refreshed = [p for p in pages if "Second version." in p.read_text(encoding="utf-8")]
    expected = {".md": number - (when == "before"), MANIFEST: SEEDS}[suffix]
    assert len(refreshed) == expected  # the kill landed where we said

    # What a run sees right after the kill: every page holds a text ingest recorded.
    manifest = load_manifest(content)
    owned = {entry["content_file"]: known_hashes(entry) for entry in manifest.values()}
    assert len(owned) == SEEDS
    for page in pages:
        rel = page.relative_to(content).as_posix()
        assert page_sha256(page.read_text(encoding="utf-8")) in owned[rel], rel

    _write_seeds(project / "seeds", "Third version.")
    report = ingest(project / "seeds", content, enrich=enrich_seed, jobs=1)
    assert report.kept == [] and report.failed == []
    assert len(report.written) == SEEDS
    assert all("Third version." in parse_page(p.read_text(encoding="utf-8")).body for p in pages)
    assert not (content / JOURNAL).exists()
    entries = json.loads((content / MANIFEST).read_text(encoding="utf-8"))["seeds"]
    assert all(entry["sha256"] == page_sha256((content / entry["content_file"]).read_text(encoding="utf-8"))
               for entry in entries.values())
    again = ingest(project / "seeds", content, enrich=enrich_seed, jobs=1)
    assert len(again.unchanged) == SEEDS  # and the record is exact: nothing left to redo


def test_a_page_that_cannot_be_written_keeps_its_old_text_and_stays_untouched(
        ingested: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = tmp_path / "project"
    shutil.copytree(ingested, project)
    content = project / "content"
    real_replace, calls = os.replace, [0]

    def failing_replace(src: str, dst: str) -> None:
        calls[0] += 1
        if calls[0] == 10:
            raise OSError(5, "Input/output error")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", failing_replace)
    report = ingest(project / "seeds", content, enrich=enrich_seed, jobs=1)
    assert len(report.failed) == 1 and "the previous page is kept" in report.failed[0][1]
    assert len(report.written) == SEEDS - 1
    monkeypatch.setattr(os, "replace", real_replace)
    report = ingest(project / "seeds", content, enrich=enrich_seed, jobs=1)
    assert report.kept == [] and report.failed == [] and len(report.written) == 1
