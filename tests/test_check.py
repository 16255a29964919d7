"""`site-builder check` finds what a reader would trip over."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from site_builder.check import check_site
from site_builder.cli import main

ARTICLE = "world/5-members-of-iran-backed-militia-killed-in-iraq-airstrike/index.html"


@pytest.fixture
def site(project: Path) -> Path:
    main(["ingest"])
    main(["build", "--no-search"])
    return project / "public"


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
