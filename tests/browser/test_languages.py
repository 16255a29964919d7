"""A French site in a phone's and a laptop's window: the theme's words, dates, the masthead."""

from __future__ import annotations

from pathlib import Path
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


@pytest.mark.parametrize("scheme", ["http", "file"])
def test_french_search_says_nothing_found_and_counts_in_french(page: Any, french_site_url: str,
                                                               french_site: Path, scheme: str) -> None:
    """search.js draws the words the page gives it (the French table's), over Pagefind and
    the offline index alike: "Aucun article ne mentionne …", "1 résultat pour …", a French date."""
    start = french_site_url + PAGES["search"] if scheme == "http" else (french_site / PAGES["search"]).as_uri()
    page.goto(start + "?q=cocoa")
    status = page.locator(".search-status")
    status.filter(has_text="Aucun article").wait_for()
    assert status.inner_text() == "Aucun article ne mentionne \u201ccocoa\u201d."
    assert page.locator(".search-input").get_attribute("placeholder") == "Rechercher des articles"
    assert page.locator(".search-sort option").all_text_contents() == ["Pertinence", "Plus récents d’abord",
                                                                       "Plus anciens d’abord"]
    page.locator(".search-input").fill("Soleimani")
    status.filter(has_text="résultat").wait_for()
    assert status.inner_text() == "1 résultat pour \u201cSoleimani\u201d"
    assert page.locator(".search-result time").first.inner_text() == "4 janvier 2020"
    assert page.locator(".search-filter-label").first.inner_text().startswith("Rubrique")
    assert page.locator(".search-more").text_content() == "Plus de résultats"
