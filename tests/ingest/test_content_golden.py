"""The committed content/ is what ingest makes of the committed seeds/ today.

A change to extraction or to page rendering that forgets to refresh content/ fails here;
`make ingest` refreshes it (pages nobody edited are rewritten, the manifest with them).
"""

from __future__ import annotations

from pathlib import Path

from site_builder.cli import main
from site_fixtures import digest_tree

REPO = Path(__file__).resolve().parents[2]


def _content_files(content: Path) -> dict[str, str]:
    # Lock files exist only while an ingest runs.
    return {rel: digest for rel, digest in digest_tree(content).items() if not rel.endswith(".lock")}


def test_committed_content_equals_a_fresh_ingest_of_the_seeds(project: Path) -> None:
    assert main(["ingest"]) == 0
    fresh = _content_files(project / "content")
    committed = _content_files(REPO / "content")
    assert fresh.keys() == committed.keys(), "content/ lacks or has extra files; run `make ingest`"
    for rel in sorted(fresh):
        assert (project / "content" / rel).read_text(encoding="utf-8") == \
            (REPO / "content" / rel).read_text(encoding="utf-8"), f"content/{rel} is stale; run `make ingest`"
