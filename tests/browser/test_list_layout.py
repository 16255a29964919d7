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


@pytest.mark.parametrize("width", [320, 360, 390])
def test_the_section_bar_wraps_and_shows_every_section_whole(page: Any, site_url: str, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 700})
    page.goto(site_url + "index.html")
    bar = page.locator("nav.sections ul")
    assert bar.evaluate("ul => ul.scrollWidth <= ul.clientWidth")  # nothing hidden off to the side
    links = page.locator("nav.sections a")
    assert links.count() == len(SECTIONS) + 2  # Latest, the sections, Archive
    for n in range(links.count()):
        box = links.nth(n).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, links.nth(n).inner_text()
        line = links.nth(n).evaluate("a => parseFloat(getComputedStyle(a).lineHeight) || 20")
        assert box["height"] < 2 * line + 24, f"{links.nth(n).inner_text()} breaks over lines"
    assert page.locator("nav.sections a", has_text="Technology").inner_text() == "Technology"
    assert page.evaluate("document.documentElement.scrollWidth") <= width
