"""The older site a build keeps to bring up to date next time lives in the build cache,
never beside the output, where it could be served or deployed with the drafts of a
preview; where the cache is on another file system it is not kept at all."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from site_builder.cli import main
from site_builder.publish import output
from site_fixtures import digest_tree, write_articles

DRAFT = "A secret draft nobody may read yet"


def _draft(project: Path) -> None:
    page = project / "content/world/draft.md"
    page.write_text(f"---\ntitle: {DRAFT}\nslug: draft\nsection: World\ndate: 2020-02-02\ndraft: true\n---\n\n"
                    f"{DRAFT}.\n", encoding="utf-8")


def _edit(project: Path, n: int) -> None:
    page = project / f"content/{('world', 'business', 'sport')[n % 3]}/story-{n}.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nAn edit.\n", encoding="utf-8")


def _files_holding(root: Path, text: str, outside: tuple[str, ...]) -> list[str]:
    found = []
    for path in root.rglob("*"):
        rel = path.relative_to(root).as_posix()
        if path.is_file() and not rel.startswith(outside) and text.encode() in path.read_bytes():
            found.append(rel)
    return found


@pytest.mark.parametrize("out", ["preview", "public"])
def test_no_copy_of_a_preview_stays_beside_the_output(project: Path, out: str) -> None:
    write_articles(project, 9, "x")
    _draft(project)
    for n in range(3):
        _edit(project, n)
        assert main(["build", "--no-search", "--drafts", "--out", out]) == 0
    assert _files_holding(project, DRAFT, (f"{out}/", ".cache/", "content/")) == []
    assert sorted(p.name for p in project.iterdir() if p.name.startswith(f".{out}")) in ([], [f".{out}.lock"])
    assert main(["build", "--no-search", "--out", out]) == 0  # the preview is over: the draft goes
    assert _files_holding(project, DRAFT, (".cache/", "content/")) == []
    assert main(["build", "--no-search", "--out", "clean", "--no-cache"]) == 0
    assert digest_tree(project / out) == digest_tree(project / "clean")


def test_an_older_site_kept_beside_the_output_by_an_earlier_version_is_removed(project: Path) -> None:
    write_articles(project, 6, "x")
    assert main(["build", "--no-search"]) == 0
    old = project / ".public.previous"
    (old / "world/draft").mkdir(parents=True)
    (old / "world/draft/index.html").write_text(DRAFT, encoding="utf-8")
    (old / output.MARKER).write_text("world/draft/index.html\n", encoding="utf-8")
    _edit(project, 1)
    assert main(["build", "--no-search"]) == 0
    assert not old.exists()


def test_with_the_cache_on_another_file_system_the_older_site_is_not_kept(project: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    write_articles(project, 9, "x")
    cache = str(project / ".cache")
    rename = os.rename

    def across_file_systems(src: str | Path, dst: str | Path) -> None:
        if (str(src).startswith(cache)) != (str(dst).startswith(cache)):
            raise OSError(errno.EXDEV, "Invalid cross-device link")
        rename(src, dst)
    monkeypatch.setattr(os, "rename", across_file_systems)
    for n in range(4):
        _edit(project, n)
        assert main(["build", "--no-search"]) == 0
    assert not [p for p in (project / ".cache").rglob(output.MARKER) if "previous" in p.as_posix()]
    assert main(["build", "--no-search", "--out", "clean", "--no-cache"]) == 0
    assert digest_tree(project / "public") == digest_tree(project / "clean")
