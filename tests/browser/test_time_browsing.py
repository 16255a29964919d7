"""Ways through time in a browser, on a phone (390 x 844) and a laptop (1280 x 800): the
numbered pager, the month calendar leading to a day's page, and a term's timeline bars
leading to that month's stories for the name. Plain links: no script is involved."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from sample_site import serve, write_time_site
from site_builder.build.run import build
from site_builder.core.config import load_config

SCREENS = [pytest.param({"width": 390, "height": 844}, id="phone"),
           pytest.param({"width": 1280, "height": 800}, id="laptop")]


@pytest.fixture(scope="module")
def time_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """40 stories over four years, two a page: 20 pages of the section, a tag on all of them."""
    project = tmp_path_factory.mktemp("time")
    write_time_site(project)
    with serve(build(load_config(project)).out) as url:
        yield url


def _fits(page: Any) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


@pytest.mark.parametrize("screen", SCREENS)
def test_the_numbered_pager_goes_to_the_last_page_and_to_a_year(page: Any, time_url: str,
                                                                screen: dict[str, int]) -> None:
    page.set_viewport_size(screen)
    page.goto(time_url + "world/page/10/index.html")
    pager = page.get_by_role("navigation", name="Pages")
    assert pager.locator("[aria-current=page]").inner_text() == "10"
    assert pager.locator(".pager-pages a").all_inner_texts() == ["1", "8", "9", "10", "11", "12", "20"]
    assert _fits(page)
    pager.get_by_role("link", name="Page 20").click()
    assert page.url.endswith("world/page/20/index.html")
    assert page.locator(".teaser").count() == 2
    page.get_by_role("navigation", name="Pages").get_by_role("link", name="2018").click()
    assert page.url.endswith("world/page/11/index.html")  # 10 stories a year, 2 a page: 2018 starts on 11
    assert page.locator(".teaser time").first.get_attribute("datetime").startswith("2018")


@pytest.mark.parametrize("screen", SCREENS)
def test_a_calendar_day_leads_to_that_days_page(page: Any, time_url: str, screen: dict[str, int]) -> None:
    page.set_viewport_size(screen)
    page.goto(time_url + "archive/2019/02/index.html")
    calendar = page.get_by_role("table", name="Days of February 2019 with stories")
    assert calendar.get_by_role("columnheader").count() == 7
    assert _fits(page)
    calendar.get_by_role("link", name="2 February 2019: 1 story").click()
    assert page.url.endswith("archive/2019/02/02/index.html")
    assert page.get_by_role("heading", level=1).inner_text() == "2 February 2019"
    assert page.locator(".teaser").count() == 1


@pytest.mark.parametrize("screen", SCREENS)
def test_a_timeline_bar_leads_to_the_names_stories_of_that_month(page: Any, time_url: str,
                                                                   screen: dict[str, int]) -> None:
    page.set_viewport_size(screen)
    page.goto(time_url + "tags/every-story/index.html")
    bar = page.get_by_role("link", name="March 2017: 3 stories")
    box = bar.bounding_box()
    assert box is not None and box["height"] > 0 and box["width"] > 0
    assert _fits(page)
    bar.click()
    assert page.url.endswith("tags/every-story/2017/03/index.html")
    assert page.locator(".teaser").count() == 2  # two a page
    assert page.get_by_role("navigation", name="Pages").locator("[aria-current=page]").inner_text() == "1"
