"""A French site in a phone's and a laptop's window: the theme's words, dates, the masthead."""

from __future__ import annotations

from typing import Any

import pytest

from sample_site import ARTICLE, PAGES

MASTHEAD_BUDGET = 200


@pytest.mark.parametrize("width, height", [(390, 844), (1280, 800)])
def test_a_french_site_reads_in_french_and_keeps_its_masthead_small(browser: Any, french_site_url: str,
                                                                    width: int, height: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": height}, has_touch=True)
    try:
        tab = context.new_page()
        tab.goto(french_site_url + PAGES["home"])
        assert tab.locator("html").get_attribute("lang") == "fr"
        assert tab.locator(".skip-link").inner_text() == "Aller au contenu"
        assert tab.locator("#site-search").get_attribute("placeholder") == "Rechercher des articles"
        assert tab.locator("nav.sections a").first.inner_text() == "À la une"
        assert tab.locator(".teaser time").first.inner_text() == "4 janvier 2020"
        assert tab.locator(".masthead").bounding_box()["height"] <= MASTHEAD_BUDGET
        tab.locator("nav.sections a", has_text="Archives").tap()
        tab.wait_for_url("**/archive/index.html")
        assert tab.locator("h1").inner_text() == "Archives"
        assert tab.locator(".archive-months time").first.inner_text() == "janvier 2020"
        tab.goto(french_site_url + ARTICLE)
        assert tab.locator(".byline time").inner_text() == "4 janvier 2020"
        assert tab.locator("#ent-tags").text_content() == "Mots-clés"
    finally:
        context.close()


def test_the_french_search_index_is_french_and_finds_articles(page: Any, french_site_url: str) -> None:
    page.goto(french_site_url + PAGES["search"] + "?q=Soleimani")
    page.locator(".search-result-link").first.wait_for()
    assert page.evaluate("fetch('../pagefind/pagefind-entry.json').then(r => r.json())"
                         ".then(entry => Object.keys(entry.languages))") == ["fr"]
