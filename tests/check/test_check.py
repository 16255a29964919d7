"""`site-builder check` finds what a reader would trip over."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from site_builder.check.site import check_site
from site_builder.cli import main

SEEDS = Path(__file__).resolve().parents[2] / "seeds"

ARTICLE = "world/5-members-of-iran-backed-militia-killed-in-iraq-airstrike/index.html"


@pytest.fixture
def site(copy_of_built_seeds: Callable[..., Path]) -> Path:
    return copy_of_built_seeds("--no-search") / "public"


def test_a_missing_page_is_a_broken_link(site: Path) -> None:
    shutil.rmtree(site / "world/5-members-of-iran-backed-militia-killed-in-iraq-airstrike")
    assert f"index.html: link '{ARTICLE}' leads to no file" in check_site(site)


def test_a_missing_stylesheet_is_reported(site: Path) -> None:
    (site / "assets/style.css").unlink()
    assert any("assets/style.css" in p for p in check_site(site))


def test_a_missing_anchor_is_reported(site: Path) -> None:
    page = site / ARTICLE
    page.write_text(page.read_text().replace('href="#main"', 'href="#nowhere"'))
    assert [p for p in check_site(site) if "anchor" in p] == [
        f"{ARTICLE}: link '#nowhere' names an anchor that is not on that page"]


def test_title_lang_and_h1_are_required(site: Path) -> None:
    page = site / ARTICLE
    html = page.read_text()
    html = html.replace('<html lang="en">', "<html>").replace("<h1>", "<h1>x</h1><h1>", 1)
    page.write_text(html.replace("<title>", "<title></title><!--").replace("</title>", "-->", 1))
    problems = check_site(site)
    assert f"{ARTICLE}: the page has no <title>" in problems
    assert f"{ARTICLE}: <html> has no lang attribute" in problems
    assert f"{ARTICLE}: the page has 2 <h1> headings; it should have one" in problems


def test_an_orphan_page_is_reported(site: Path) -> None:
    (site / "lonely").mkdir()
    shutil.copy(site / "archive/index.html", site / "lonely/index.html")
    assert "lonely/index.html: no page links here, so readers cannot reach it from the home page" \
        in check_site(site)


def test_a_broken_feed_is_reported(site: Path) -> None:
    (site / "feed.xml").write_text("<feed><entry></feed>")
    assert any(p.startswith("feed.xml: is not well-formed XML") for p in check_site(site))


def test_check_exits_non_zero_with_a_list(site: Path, capsys) -> None:
    (site / "assets/style.css").unlink()
    assert main(["check", str(site)]) == 1
    assert "assets/style.css" in capsys.readouterr().out


def test_folder_links_resolve_to_their_index_and_links_out_of_the_site_do_not(site: Path) -> None:
    page = site / "archive/index.html"
    html = page.read_text()
    page.write_text(html.replace("</main>", '<a href="../world/">World</a><a href="../../outside.html">x</a></main>'))
    assert [p for p in check_site(site) if p.startswith("archive/")] == [
        "archive/index.html: link '../../outside.html' leads to no file"]


@pytest.fixture(scope="module")
def published_once(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed site with base_url, so it has a sitemap index; one article, so every entity
    gets a page."""
    project = tmp_path_factory.mktemp("published") / "project"
    shutil.copytree(SEEDS, project / "seeds")
    (project / "site.toml").write_text("entity_min_articles = 1\n", encoding="utf-8")
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.chdir(project)
        assert main(["ingest"]) == 0
        page = next((project / "content/world").glob("*.md"))  # dated: feeds list only dated articles
        page.write_text(page.read_text(encoding="utf-8").replace("section: World\n",
                                                                 "section: World\ndate: 2020-01-04\n"),
                        encoding="utf-8")
        assert main(["build", "--no-search", "--base-url", "https://example.org/news/"]) == 0
    return project / "public"


@pytest.fixture
def published(published_once: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A test's own copy of the published project (the working directory), to damage as it likes."""
    shutil.copytree(published_once.parent, tmp_path / "project", symlinks=True)
    monkeypatch.chdir(tmp_path / "project")
    return tmp_path / "project/public"


def test_tag_and_entity_feeds_are_valid_atom_and_linked_from_their_pages(published: Path) -> None:
    assert check_site(published) == []
    html = (published / "people/qassem-soleimani/index.html").read_text()
    assert '<link rel="alternate" type="application/atom+xml" title="News Briefing Archive: Qassem Soleimani" ' \
           'href="../../people/qassem-soleimani/feed.xml">' in html
    feed = (published / "people/qassem-soleimani/feed.xml").read_text()
    assert f"<id>https://example.org/news/{ARTICLE}</id>" in feed


@pytest.mark.parametrize("old, new, problem", [
    ("Z</updated>", " yesterday</updated>", "which is not an RFC 3339 date-time"),
    ("<id>https://example.org/news/world/5", "<id>world/5", "is not an absolute IRI"),
    ('href="https://example.org/news/world/5', 'href="https://example.org/news/world/6', "which leads to no file"),
    ("<title>5 members", "<title>A</title><title>5 members", "has 2 <title> elements"),
])
def test_an_invalid_feed_is_reported(published: Path, old: str, new: str, problem: str) -> None:
    feed = published / "tags/airstrikes/feed.xml"
    feed.write_text(feed.read_text().replace(old, new, 1))
    assert [p for p in check_site(published) if p.startswith("tags/airstrikes/feed.xml: ") and problem in p]


def test_a_repeated_entry_id_is_reported(published: Path) -> None:
    feed = published / "tags/airstrikes/feed.xml"
    text = feed.read_text()
    entry = text[text.index("<entry>"):text.index("</entry>") + len("</entry>")]
    feed.write_text(text.replace(entry, entry + entry))
    assert any("entry 2 repeats the id" in p for p in check_site(published))


def test_a_sitemap_listing_a_missing_page_or_too_many_urls_is_reported(published: Path) -> None:
    sitemap = published / "sitemap-1.xml"
    text = sitemap.read_text()
    sitemap.write_text(text.replace("https://example.org/news/archive/</loc>",
                                    "https://example.org/news/archives/</loc>"))
    assert "sitemap-1.xml: lists 'https://example.org/news/archives/', which is not a page of this site" \
        in check_site(published)
    url = "<url><loc>https://example.org/news/</loc></url>\n"
    sitemap.write_text(text.replace("</urlset>", url * 50_001 + "</urlset>"))
    assert any(p.startswith("sitemap-1.xml: holds 50") and "at most 50000" in p for p in check_site(published))


def test_a_sitemap_index_naming_a_missing_sitemap_is_reported(published: Path) -> None:
    (published / "sitemap-1.xml").unlink()
    assert "sitemap.xml: lists 'https://example.org/news/sitemap-1.xml', which is not a file of this site" \
        in check_site(published)


def test_a_malformed_url_is_a_named_problem_not_a_crash(published: Path) -> None:
    page = published / ARTICLE
    page.write_text(page.read_text().replace('href="#main"', 'href="https://[::1/x"', 1))
    feed = published / "feed.xml"
    entry_link = 'type="text/html" href="https://example.org/news/world/'
    assert entry_link in feed.read_text()
    feed.write_text(feed.read_text().replace(entry_link, 'type="text/html" href="https://[::1/'))
    problems = check_site(published)
    assert f"{ARTICLE}: link 'https://[::1/x' is not a valid URL (an unclosed [ or a port that is not a " \
        "number); correct it where the page gets it" in problems
    assert "feed.xml: entry 1 links 'https://[::1/5-members-of-iran-backed-militia-killed-in-iraq-airstrike/', " \
        "which is not a valid URL" in problems
    assert main(["check"]) == 1


def test_check_escapes_control_characters_from_names_links_and_feeds(site: Path, capsys) -> None:
    page = site / ARTICLE
    page.write_text(page.read_text().replace('href="#main"', 'href="x\x1b[2J.html"', 1))
    (site / "lonely\x1b[31m").mkdir()
    shutil.copy(site / "archive/index.html", site / "lonely\x1b[31m/index.html")
    feed = site / "feed.xml"
    feed.write_text(feed.read_text().replace("<updated>", "<updated>\u202e", 1))
    capsys.readouterr()
    assert main(["check"]) == 1
    out = capsys.readouterr()
    printed = out.out + out.err
    assert "\\x1b[31m/index.html" in printed and "\\u202e" in printed
    assert "\x1b" not in printed and "\u202e" not in printed
