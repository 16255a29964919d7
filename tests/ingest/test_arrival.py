"""Undated stories are listed in the order they arrived: ingest numbers each page it
writes (one run's seeds in file-name order, a later run after an earlier one), the
number is kept in the manifest and an undated page's front matter, and lists put the
latest arrival first, then the pages without one by their content file's path."""

from __future__ import annotations

import json
from pathlib import Path

from site_builder.content.frontmatter import parse_page
from site_builder.content.read import read_article
from site_builder.core.model import Article
from site_builder.ingest.manifest import MANIFEST
from site_builder.ingest.run import ingest
from site_builder.site.order import newest_first


def _seed(seeds: Path, name: str, title: str, date: str | None = None) -> None:
    head = f"Date: {date}\n\n" if date else ""
    (seeds / name).write_text(f"{head}World\n\n{title}\n\nA story of the day.\n\nIt goes on.\n", encoding="utf-8")


def _articles(content: Path) -> list[Article]:
    found = []
    for path in sorted(content.rglob("*.md")):
        article, _ = read_article(path.relative_to(content).as_posix(), path.read_text(encoding="utf-8"))
        assert article is not None
        found.append(article)
    return found


def test_undated_stories_are_listed_by_arrival_across_two_runs(tmp_path: Path) -> None:
    seeds, content = tmp_path / "seeds", tmp_path / "content"
    seeds.mkdir()
    _seed(seeds, "b.txt", "Alpha arrives second")  # the content paths sort the other way: alpha, zulu
    _seed(seeds, "a.txt", "Zulu arrives first")
    _seed(seeds, "c.txt", "Dated story", "1987-03-02")
    ingest(seeds, content, enrich=None)
    _seed(seeds, "0.txt", "Mike arrives last")  # first by its name, but in a later run
    ingest(seeds, content, enrich=None)
    manifest = json.loads((content / MANIFEST).read_text(encoding="utf-8"))
    assert {source: manifest["seeds"][source]["arrival"] for source in ("a.txt", "b.txt", "c.txt", "0.txt")} == \
        {"a.txt": 1, "b.txt": 2, "c.txt": 3, "0.txt": 4}
    page = parse_page((content / "world" / "zulu-arrives-first.md").read_text(encoding="utf-8"))
    assert page.meta["arrival"] == 1
    assert "arrival" not in parse_page((content / "world" / "dated-story.md").read_text(encoding="utf-8")).meta
    order = [a.title for a in newest_first(_articles(content))]
    assert order == ["Dated story", "Mike arrives last", "Alpha arrives second", "Zulu arrives first"]


def test_an_edited_arrival_orders_the_page_and_pages_without_one_come_last_by_path(tmp_path: Path) -> None:
    seeds, content = tmp_path / "seeds", tmp_path / "content"
    seeds.mkdir()
    _seed(seeds, "a.txt", "Zulu arrives first")
    _seed(seeds, "b.txt", "Alpha arrives second")
    ingest(seeds, content, enrich=None)
    zulu = content / "world" / "zulu-arrives-first.md"
    zulu.write_text(zulu.read_text(encoding="utf-8").replace("arrival: 1", "arrival: 9"), encoding="utf-8")
    for name in ("yankee", "bravo"):
        (content / "world" / f"{name}.md").write_text(f"---\ntitle: {name.title()}\n---\n\nText.\n", encoding="utf-8")
    order = [a.title for a in newest_first(_articles(content))]
    assert order == ["Zulu arrives first", "Alpha arrives second", "Bravo", "Yankee"]


def test_an_arrival_that_is_no_whole_number_is_said_and_left_out() -> None:
    article, problems = read_article("world/x.md", "---\ntitle: X\narrival: soon\n---\n\nText.\n")
    assert article is not None and article.arrival is None
    assert [p.message for p in problems if "'arrival'" in p.message] == [
        "'arrival' should be a whole number from 1, not 'soon'; the page is listed among the undated by its "
        "content file's path"]
