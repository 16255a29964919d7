"""The names a build writes at the top of a site (layout.py) are its own: every
top-level entry of a built site is one of them, and a section, a slug or an alias
that would land on one is moved aside or refused with file and line, never left
to delete pages or break the next build."""

from __future__ import annotations

import base64
import os
from pathlib import Path

import pytest

from site_builder.build.run import build
from site_builder.check.site import check_site
from site_builder.core.config import Config
from site_builder.core.layout import TOP_LEVEL_FILES, TOP_LEVEL_FOLDERS, is_build_name
from site_builder.search import pagefind as search
from site_fixtures import digest_tree

# A 1x1 PNG, for an article's picture (assets/images/).
PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9"
                       "awAAAABJRU5ErkJggg==")


def _page(project: Path, section: str, slug: str, n: int, extra: str = "") -> None:
    path = project / "content" / f"{slug}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\ntitle: Story {n}\nslug: {slug}\nsection: {section}\ndate: 2020-01-{n % 28 + 1:02d}\n"
                    f"tags: [Tag {n % 2}]\npeople: [Ann Example]\norganizations: [Acme Group]\n"
                    f"places: [Paris]\n{extra}---\n\nBody {n}.\n", encoding="utf-8")


def test_every_top_level_entry_of_a_built_site_is_a_name_the_build_owns(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search, "SHARD_ARTICLES", 2)  # a few articles make several search bundles
    project = tmp_path / "project"
    for n in range(6):
        _page(project, "World", f"story-{n}", n, "image: pic.png\nimage_alt: A dot\n" if n == 0 else "")
    (project / "content/pic.png").write_bytes(PNG)
    (project / "content/undated.md").write_text("---\ntitle: Undated\nslug: undated\nsection: World\n---\n\nx\n",
                                                encoding="utf-8")
    config = Config(root=project, base_url="https://example.org/news/", page_size=2, entity_min_articles=1)
    build(config, search=True, jobs=1)
    site = project / "public"
    entries = {name for name in os.listdir(site) if name != "world"}  # the one section
    assert {"pagefind-shards", "search-index", "sitemap.xml", "assets", "page"} <= entries
    assert [name for name in sorted(entries) if not is_build_name(name)] == []


@pytest.mark.parametrize("name", sorted(TOP_LEVEL_FOLDERS) + [n.replace("{number}", "2") for n in TOP_LEVEL_FILES])
def test_every_name_the_build_owns_is_reserved(name: str) -> None:
    assert is_build_name(name)
    assert is_build_name(name.split(".")[0]) or name.startswith(".")


@pytest.mark.parametrize("section", ["Pagefind Shards", "Search Index", "Pagefind", "Assets", "Sitemap 2",
                                     "Robots", "404", "Feed", "Page", "Archive", "Index"])
def test_a_section_named_like_a_folder_of_the_build_gets_a_folder_of_its_own(tmp_path: Path, section: str,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search, "SHARD_ARTICLES", 2)
    project = tmp_path / "project"
    for n in range(5):
        _page(project, section if n % 2 else "World", f"story-{n}", n)
    config = Config(root=project, base_url="https://example.org/")
    first = build(config, search=section.startswith("Pagefind"), jobs=1)
    assert not [p for p in first.problems if p.fatal]
    site = project / "public"
    folders = [name for name in os.listdir(site) if (site / name / "story-1/index.html").is_file()]
    assert len(folders) == 1 and not is_build_name(folders[0])
    assert check_site(site) == []
    _page(project, section, "story-1", 1, "subheadline: Edited\n")
    build(config, search=section.startswith("Pagefind"), jobs=1)  # the next build too
    build(config, out=project / "clean", search=section.startswith("Pagefind"), use_cache=False, jobs=1)
    assert {k: v for k, v in digest_tree(site).items() if not k.startswith(".")} == \
        {k: v for k, v in digest_tree(project / "clean").items() if not k.startswith(".")}


@pytest.mark.parametrize("alias", ["pagefind-shards/1/old/", "pagefind/x.html", "search-index/d/", "index.html/",
                                   "robots.txt/", "feed.xml/", "sitemap-3.xml/", "404.html/", "assets/old/",
                                   "tags/old/", "archive/2020/", "search/", ".site-builder-files/"])
def test_an_alias_on_a_name_the_build_owns_is_refused_with_file_and_line(tmp_path: Path, alias: str) -> None:
    project = tmp_path / "project"
    _page(project, "World", "story-0", 0, f"aliases: [{alias}]\n")
    _page(project, "World", "story-1", 1)
    result = build(Config(root=project), search=False, jobs=1)
    top = alias.split("/")[0]
    assert [str(p) for p in result.problems if "alias" in p.message] == [
        f"story-0.md:10: the alias {alias!r} lies in {top}, a name the build writes at the top of the site "
        "itself; choose another address; it is left out"]
    site = project / "public"
    assert (site / "index.html").is_file() and (site / "robots.txt").is_file()
    assert check_site(site) == []


@pytest.mark.parametrize("alias", ["Assets/old/", "PAGEFIND/x.html", ".Site-Builder-Files/", "Sitemap-3.XML/",
                                   "Search-Index/d/", "Feed/"])
def test_an_alias_on_a_name_the_build_owns_in_other_letter_case_is_refused(tmp_path: Path, alias: str) -> None:
    # On Windows and macOS "Assets" and "assets" are one folder: the alias would write into the build's own.
    assert is_build_name(alias.split("/")[0])
    project = tmp_path / "project"
    _page(project, "World", "story-0", 0, f"aliases: [{alias}]\n")
    result = build(Config(root=project), search=False, jobs=1)
    assert [p.message for p in result.problems if "alias" in p.message] == [
        f"the alias {alias!r} lies in {alias.split('/')[0]}, a name the build writes at the top of the site "
        "itself; choose another address; it is left out"]
    assert sorted(name for name in os.listdir(project / "public") if name.lower() != name) == []


def test_an_alias_inside_a_page_of_the_site_is_refused_and_the_page_kept(tmp_path: Path) -> None:
    project = tmp_path / "project"
    _page(project, "World", "story-0", 0, "aliases: [world/story-1/index.html/, world/story-1/index.html/x.html]\n")
    _page(project, "World", "story-1", 1)
    result = build(Config(root=project), search=False, jobs=1)
    assert [str(p) for p in result.problems if "alias" in p.message] == [
        f"story-0.md:10: the alias {alias!r} lies inside a file of the site; no redirect is written there"
        for alias in ("world/story-1/index.html/", "world/story-1/index.html/x.html")]
    assert "Story 1" in (project / "public/world/story-1/index.html").read_text(encoding="utf-8")
