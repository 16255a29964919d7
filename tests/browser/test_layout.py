"""How the pages lay out in a real browser: narrow screens, the measure, dark mode,
layout shift and print."""

from __future__ import annotations

from typing import Any

import pytest

from sample_site import ARTICLE, PAGES

CHARS_PER_LINE = """() => {
  let chars = 0, lines = 0;
  for (const p of document.querySelectorAll(".body p")) {
    const n = Math.round(p.getBoundingClientRect().height / parseFloat(getComputedStyle(p).lineHeight));
    if (n > 1) { chars += p.textContent.length; lines += n; }  // full lines only, roughly
  }
  return chars / lines;
}"""

LAYOUT_SHIFT = """() => new Promise(resolve => {
  let total = 0;
  new PerformanceObserver(list => { for (const e of list.getEntries()) total += e.value; })
    .observe({type: "layout-shift", buffered: true});
  requestAnimationFrame(() => requestAnimationFrame(() => resolve(total)));
})"""


@pytest.mark.parametrize("name", ["home", "article", "person", "tags", "archive", "search"])
def test_nothing_overflows_a_320_px_screen(page: Any, site_url: str, name: str) -> None:
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(site_url + PAGES[name] + ("?q=Soleimani" if name == "search" else ""))
    if name == "search":
        page.locator(".search-result-link").first.wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320


def test_article_lines_hold_60_to_75_characters_on_a_wide_screen(page: Any, site_url: str) -> None:
    page.goto(site_url + ARTICLE)
    assert 60 <= page.evaluate(CHARS_PER_LINE) <= 75


@pytest.mark.parametrize("name", ["home", "article"])
def test_pages_do_not_shift_while_loading(page: Any, site_url: str, name: str) -> None:
    page.goto(site_url + PAGES[name])
    page.wait_for_load_state("load")
    assert page.evaluate(LAYOUT_SHIFT) == 0


def test_dark_mode_follows_the_system_setting(page: Any, site_url: str) -> None:
    background = "getComputedStyle(document.body).backgroundColor"
    page.emulate_media(color_scheme="light")
    page.goto(site_url + ARTICLE)
    light = page.evaluate(background)
    page.emulate_media(color_scheme="dark")
    dark = page.evaluate(background)
    assert light == "rgb(251, 250, 247)" and dark == "rgb(18, 18, 18)"


def test_print_shows_the_article_without_navigation(page: Any, site_url: str) -> None:
    page.goto(site_url + ARTICLE)
    page.emulate_media(media="print", color_scheme="dark")  # prints black on white even so
    for hidden in (".search-box", ".sections", ".site-footer", ".article-footer .entity-list"):
        assert not page.locator(hidden).first.is_visible(), hidden
    for shown in (".site-name", ".article h1", ".standfirst", ".caption", ".body p"):
        assert page.locator(shown).first.is_visible(), shown
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(255, 255, 255)"
