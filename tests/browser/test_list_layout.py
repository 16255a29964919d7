"""List pages with 1, 2 or 50 stories at 1280 px, and the section bar on a phone, on a
site built for it: seven sections (one of them "Technology") and tags on 1, 2 and 50 stories."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from sample_site import serve
from site_builder.build.run import build
from site_builder.core.config import load_config

SECTIONS = ("World", "Business", "Technology", "Entertainment", "Politics", "Health", "Science")


def _tags(n: int) -> str:
    tags = ["Every story"] + (["Two stories"] if n < 2 else []) + (["One story"] if n == 0 else [])
    return "[" + ", ".join(tags) + "]"


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    project = tmp_path_factory.mktemp("lists")
    (project / "site.toml").write_text("page_size = 50\n", encoding="utf-8")
    for n in range(50):
        section = SECTIONS[n % len(SECTIONS)]
        page = project / "content" / section.lower() / f"story-{n}.md"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(f"---\ntitle: Story number {n} about something that happened\nslug: story-{n}\n"
                        f"section: {section}\ndate: 2020-01-{n % 28 + 1:02d}\nsummary: What happened, in a "
                        f"sentence or two.\ntags: {_tags(n)}\n---\n\nBody.\n", encoding="utf-8")
    result = build(load_config(project))
    with serve(result.out) as url:
        yield url


COLUMNS = "getComputedStyle(document.querySelector('.teasers')).gridTemplateColumns.split(' ').length"
WIDTHS = "[...document.querySelectorAll('.teaser')].map(t => t.getBoundingClientRect().width)"


@pytest.mark.parametrize("path, stories", [("tags/one-story/index.html", 1), ("tags/two-stories/index.html", 2)])
def test_one_or_two_stories_stack_in_one_readable_column(page: Any, site_url: str, path: str, stories: int) -> None:
    page.goto(site_url + path)
    assert page.locator(".teaser").count() == stories
    assert page.evaluate(COLUMNS) == 1
    assert all(width >= 600 for width in page.evaluate(WIDTHS))  # not a third of the page


def test_fifty_stories_fill_a_three_column_grid(page: Any, site_url: str) -> None:
    page.goto(site_url + "tags/every-story/index.html")
    assert page.locator(".teaser").count() == 50
    assert page.evaluate(COLUMNS) == 3
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280


MASTHEAD_BUDGET = 200  # px of the screen the masthead may take, on a phone (390 x 844) as on a laptop


@pytest.mark.parametrize("width", [320, 360, 390])
def test_the_section_bar_on_a_phone_is_one_row_of_whole_names(page: Any, site_url: str, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 700})
    page.goto(site_url + "index.html")
    links = page.locator("nav.sections a")
    assert links.count() == len(SECTIONS) + 2  # Latest, the sections, Archive
    tops = set()
    for n in range(links.count()):
        box = links.nth(n).bounding_box()
        tops.add(round(box["y"]))
        line = links.nth(n).evaluate("a => parseFloat(getComputedStyle(a).lineHeight) || 20")
        assert box["height"] < 2 * line + 24, f"{links.nth(n).inner_text()} breaks over lines"
    assert len(tops) == 1  # one row, which scrolls sideways within the bar
    assert page.locator("nav.sections ul").evaluate("ul => ul.scrollWidth > ul.clientWidth")
    assert page.locator("nav.sections a", has_text="Technology").inner_text() == "Technology"
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # the page itself does not scroll


@pytest.mark.parametrize("width, height", [(390, 844), (1280, 800)])
def test_the_masthead_leaves_the_screen_to_the_news(browser: Any, site_url: str, width: int, height: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": height}, has_touch=True)
    try:
        tab = context.new_page()
        tab.goto(site_url + "index.html")
        assert tab.locator(".masthead").bounding_box()["height"] <= MASTHEAD_BUDGET
        assert tab.locator(".teaser").first.bounding_box()["y"] < height / 3  # the news starts high
        names = tab.locator("nav.sections a").all_inner_texts()
        assert len(names) == len(SECTIONS) + 2
        for name in names:  # each section one tap away: no menu to open first
            tab.goto(site_url + "index.html")
            link = tab.locator("nav.sections a", has_text=name)
            href = link.get_attribute("href")
            link.tap()
            tab.wait_for_url(lambda url, href=href: url.endswith(href.removeprefix("./")))
            assert tab.locator("h1").inner_text().startswith("Latest briefings" if name == "Latest" else name)
    finally:
        context.close()
