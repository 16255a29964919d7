"""A file of the published site changed in place (a typo fixed in public/, a deploy
step rewriting HTML) never finds its way into a later build: the site stays what
its sources make, byte for byte a clean build's, also in the older site kept
beside it (which shares the file's inode)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from site_builder.build.run import build
from site_builder.core.config import load_config
from site_builder.publish.output import MARKER, previous_dir
from site_fixtures import digest_tree, write_articles

EDITED = ("world/story-3/index.html", "tags/tag-4/index.html", "feed.xml", "assets/style.css",
          "search-index/index.js")


def _edit_in_place(path: Path) -> None:
    """Rewrite the file through its own inode, as `sed -i`'s in-place cousins and
    editors that keep the inode do (the hard link to it sees the change too)."""
    with path.open("r+b") as file:
        data = file.read()
        file.seek(0)
        file.write(data.replace(b"<", b"<!-- edited by hand --><", 1) if b"<" in data else data + b"/* edited */")
        file.truncate()


def _story(project: Path, n: int, text: str) -> None:
    page = project / f"content/{('world', 'business', 'sport')[n % 3]}/story-{n}.md"
    page.write_text(page.read_text(encoding="utf-8") + f"\n{text}\n", encoding="utf-8")


def _same_as_clean(project: Path) -> None:
    clean = project / "clean"
    build(load_config(project), out=clean, search=False, use_cache=False)
    mine = {rel: h for rel, h in digest_tree(project / "public").items() if rel != MARKER}
    assert mine == {rel: h for rel, h in digest_tree(clean).items() if rel != MARKER}


@pytest.mark.parametrize("then", ["nothing", "an edit", "a new article"])
def test_a_file_of_the_site_edited_in_place_is_made_again(project: Path, then: str) -> None:
    write_articles(project, 12, "x")
    config = load_config(project)
    build(config, search=False)
    _story(project, 1, "First edit.")
    build(config, search=False)  # now an older site is kept too, sharing most inodes
    site = project / "public"
    for rel in EDITED:
        _edit_in_place(site / rel)
    if then == "an edit":
        _story(project, 2, "Second edit.")
    elif then == "a new article":
        write_articles(project, 13, "x")
    result = build(config, search=False)
    assert not any(b"edited" in (site / rel).read_bytes() for rel in EDITED)
    assert any("changed since the last build wrote" in notice for notice in result.notices)
    _same_as_clean(project)
    for round_number in range(3):  # the kept older site held the edited inode: it never comes back
        _story(project, 5, f"Round {round_number}.")
        build(config, search=False)
        assert not any(b"edited" in (site / rel).read_bytes() for rel in EDITED)
    _same_as_clean(project)


def test_an_in_place_edit_of_the_older_site_is_not_reused(project: Path) -> None:
    write_articles(project, 12, "x")
    config = load_config(project)
    build(config, search=False)
    _story(project, 1, "First edit.")
    build(config, search=False)
    older = previous_dir(project / "public", project / ".cache/site-builder")
    assert older.is_dir()
    # A file only the older site holds (story 1's page as it was) and one it shares.
    (site_page := older / "world/story-3/index.html").unlink()  # break the link, then edit a copy
    site_page.write_bytes((project / "public/world/story-3/index.html").read_bytes().replace(b"Story 3", b"Hacked"))
    os.utime(site_page, ns=(os.stat(project / "public/world/story-3/index.html").st_atime_ns,
                            os.stat(project / "public/world/story-3/index.html").st_mtime_ns))
    _story(project, 2, "Second edit.")
    build(config, search=False)
    _same_as_clean(project)
