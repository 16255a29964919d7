"""Search in the browser: Pagefind UI over http, the offline index over file://,
and the masthead's search box, which sends `?q=` to the search page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from sample_site import ARTICLE, PAGES, serve

TITLE = "5 members of Iran-backed militia killed in Iraq airstrike"
RESULT = ".pagefind-ui__result-link"


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
    box = page.locator("#offline-q")
    status = "document.querySelector('.search-status').textContent === "
    box.fill("soleimani")
    page.wait_for_function(status + "'1 result for \u201csoleimani\u201d'")
    box.fill("no-such-word-anywhere")
    page.wait_for_function(status + "'0 results for \u201cno-such-word-anywhere\u201d'")
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
