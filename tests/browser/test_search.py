"""Search in the browser: the theme's search page over Pagefind (http) and over the
offline index (file://), and the masthead's search box, which sends `?q=` to it."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from sample_site import ARTICLE, PAGES, serve
from site_builder.build.run import build
from site_builder.core.config import load_config
from site_builder.search.pagefind import index_site

TITLE = "5 members of Iran-backed militia killed in Iraq airstrike"
RESULT = ".search-result-link"


def _open_first_result(page: Any) -> None:
    link = page.locator(RESULT).filter(has_text=TITLE)
    link.first.wait_for()
    link.first.click()
    page.wait_for_url("**/" + ARTICLE)
    assert page.locator("h1").inner_text() == TITLE


def test_pagefind_finds_the_seed_article_over_http(page: Any, site_url: str) -> None:
    page.goto(site_url + PAGES["search"])
    page.get_by_label("Search articles", exact=True).last.fill("Soleimani")
    _open_first_result(page)


def test_offline_search_finds_the_seed_article_over_file(page: Any, sample_site: Path) -> None:
    page.goto((sample_site / PAGES["search"]).as_uri())
    box = page.get_by_label("Search articles", exact=True).last
    status = page.locator(".search-status")
    box.fill("soleimani")
    status.filter(has_text="1 result for \u201csoleimani\u201d").wait_for()
    box.fill("no-such-word-anywhere")
    status.filter(has_text="No stories mention \u201cno-such-word-anywhere\u201d.").wait_for()
    box.fill("Soleimani")
    _open_first_result(page)


@pytest.mark.parametrize("scheme", ["http", "file"])
def test_masthead_search_box_submits_to_the_search_page(page: Any, site_url: str, sample_site: Path,
                                                      scheme: str) -> None:
    start = site_url + ARTICLE if scheme == "http" else (sample_site / ARTICLE).as_uri()
    page.goto(start)
    page.locator("#site-search").fill("Soleimani")
    page.locator("#site-search").press("Enter")
    page.wait_for_url("**/search/index.html?q=Soleimani")
    assert page.locator("#site-search").input_value() == "Soleimani"
    _open_first_result(page)


def test_search_works_when_the_site_lives_in_a_sub_folder(page: Any, sample_site: Path) -> None:
    """Served from /public/ rather than /, the result links still reach the article."""
    with serve(sample_site.parent) as url:
        page.goto(url + "public/" + PAGES["search"] + "?q=Soleimani")
        _open_first_result(page)
        assert page.url == url + "public/" + ARTICLE


@pytest.mark.parametrize("scheme", ["http", "file"])
def test_results_show_section_and_date_and_filters_narrow_them(page: Any, site_url: str, sample_site: Path,
                                                              scheme: str) -> None:
    start = site_url + PAGES["search"] if scheme == "http" else (sample_site / PAGES["search"]).as_uri()
    page.goto(start + "?q=Soleimani")
    result = page.locator(".search-result").filter(has_text=TITLE)
    result.wait_for()
    assert result.locator(".search-result-meta").inner_text() == "World \u00b7 4 January 2020"
    assert result.locator("time").get_attribute("datetime") == "2020-01-04"
    assert "Undated" not in page.locator("#search").inner_text()
    labels = page.locator(".search-filter-label")
    assert labels.all_inner_texts() == ["Section", "Tags", "People", "Organizations", "Places"]
    people = page.locator(".search-filter").filter(has=page.locator("summary", has_text="People"))
    people.locator("summary").click()
    person = people.locator(".search-filter-value").filter(has_text="Qassem Soleimani")
    assert person.locator(".search-filter-count").inner_text() == "1"
    person.locator("input").check()
    # The query alone has one result too: wait for the filter's own mark, not for the count.
    people.locator("summary").filter(has_text="(1 chosen)").wait_for()
    assert people.locator("summary").inner_text() == "People (1 chosen)"
    page.locator(".search-status").filter(has_text="1 result").wait_for()
    page.get_by_label("Sort by").select_option("newest")  # both backends sort by date
    result.wait_for()
    assert page.url.endswith("?q=Soleimani")


def test_pagefind_bundles_listed_on_the_page_are_merged(page: Any, sample_site: Path, tmp_path: Path) -> None:
    """A site whose index is split into bundles lists the extra ones in data-bundles;
    results come from all of them."""
    other = tmp_path / "other"
    (other / "content/nature").mkdir(parents=True)
    (other / "content/nature/walruses.md").write_text("---\ntitle: Walruses come ashore\n---\n\nWalruses.\n")
    extra = build(load_config(other), index_search=index_site).out / "pagefind"
    site = tmp_path / "site"
    shutil.copytree(sample_site, site)
    shutil.copytree(extra, site / "pagefind-2")
    search = site / PAGES["search"]
    html = search.read_text(encoding="utf-8")
    search.write_text(html.replace('<div id="search" ', '<div id="search" data-bundles=\'["pagefind-2/"]\' '),
                      encoding="utf-8")
    with serve(site) as url:
        page.goto(url + PAGES["search"] + "?q=walruses")
        link = page.locator(RESULT).filter(has_text="Walruses come ashore")
        link.wait_for()
        assert link.get_attribute("href") == "../nature/walruses-come-ashore/index.html"
        page.goto(url + PAGES["search"] + "?q=Soleimani")
        _open_first_result(page)
