"""What the search page answers beyond its hits: a plain "no stories mention …" when no
article holds the words (not Pagefind's fuzzy fallback), filters offered before anything
is typed (the most frequent values, and a find box for the rest), and on a phone the first
result on the first screen. Over http (Pagefind) and file:// (the offline index) alike."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from test_accessibility import AXE_TAGS, RUN_AXE

from sample_site import PAGES, serve
from site_builder.build.run import build
from site_builder.core.config import load_config
from site_builder.search.pagefind import index_site

SHOWN = 8  # values a filter group lists before its find box narrows the rest (search.js TOP)


def _start(scheme: str, site_url: str, sample_site: Path) -> str:
    return site_url + PAGES["search"] if scheme == "http" else (sample_site / PAGES["search"]).as_uri()


@pytest.mark.parametrize("scheme", ["http", "file"])
@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_a_word_no_story_holds_is_answered_as_nothing_found(page: Any, phone: Any, site_url: str,
                                                            sample_site: Path, scheme: str, viewport: str) -> None:
    tab = page if viewport == "desktop" else phone
    tab.goto(_start(scheme, site_url, sample_site) + "?q=cocoa")
    status = tab.locator(".search-status")
    status.filter(has_text="No stories mention").wait_for()
    assert status.inner_text() == "No stories mention \u201ccocoa\u201d."
    assert tab.locator(".search-result").count() == 0
    tab.locator(".search-input").fill("Soleimani")  # a word that is there still finds its story
    status.filter(has_text="1 result").wait_for()
    assert tab.locator(".search-result").count() == 1


TAGS = ["Apples", "Bridges", "Cranes", "Dunes", "Eagles", "Ferns", "Geysers", "Harbours", "Islands",
        "Jetties", "Kelp", "Lagoons"]


@pytest.fixture(scope="module")
def many_tags(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A site of 12 articles whose tags have 12 different counts: "Apples" on all of them,
    "Lagoons" on one, more tags than a filter group lists."""
    project = tmp_path_factory.mktemp("tags") / "project"
    (project / "content" / "world").mkdir(parents=True)
    for n in range(1, len(TAGS) + 1):
        (project / "content" / "world" / f"story-{n}.md").write_text(
            f"---\ntitle: Story number {n}\ndate: 2021-01-{n:02d}\nsection: World\n"
            f"tags: [{', '.join(TAGS[:n])}]\n---\n\nA story of the coast.\n", encoding="utf-8")
    result = build(load_config(project), index_search=index_site)
    assert not result.problems, result.problems
    return result.out


@pytest.mark.parametrize("scheme", ["http", "file"])
def test_filters_are_offered_before_typing_most_frequent_first(page: Any, many_tags: Path, scheme: str) -> None:
    with serve(many_tags) as url:
        page.goto(url + PAGES["search"] if scheme == "http" else (many_tags / PAGES["search"]).as_uri())
        tags = page.locator(".search-filter").filter(has=page.locator("summary", has_text="Tags"))
        tags.locator("summary").click()  # before anything is typed
        rows = tags.locator(".search-filter-value")
        rows.first.wait_for()
        assert tags.locator(".search-filter-name").all_inner_texts() == TAGS[:SHOWN]
        assert tags.locator(".search-filter-count").all_inner_texts() == [str(12 - n) for n in range(SHOWN)]
        # The find box reaches the rest, and lists no more than the short list would.
        tags.locator(".search-filter-find").fill("LAGO")
        rows.filter(has_text="Lagoons").wait_for()
        assert tags.locator(".search-filter-name").all_inner_texts() == ["Lagoons"]
        # Ticking a value with no words lists its stories.
        rows.filter(has_text="Lagoons").locator("input").check()
        page.locator(".search-status").filter(has_text="1 result").wait_for()
        assert page.locator(".search-result-link").all_inner_texts() == ["Story number 12"]
        assert page.locator(".search-input").input_value() == ""


@pytest.mark.parametrize("scheme", ["http", "file"])
def test_first_result_is_on_a_phones_first_screen(phone: Any, site_url: str, sample_site: Path,
                                                  scheme: str) -> None:
    phone.goto(_start(scheme, site_url, sample_site) + "?q=Soleimani")
    first = phone.locator(".search-result-title").first
    first.wait_for()
    phone.locator(".search-filter-label").first.wait_for()  # the filters are drawn too
    box = first.bounding_box()
    assert box is not None
    assert box["y"] + box["height"] < 844, f"the first result's headline ends {box['y'] + box['height']:.0f} px down"


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_an_open_filter_group_with_its_find_box_has_no_axe_violations(page: Any, phone: Any, many_tags: Path,
                                                                      axe_source: str, viewport: str) -> None:
    tab = page if viewport == "desktop" else phone
    with serve(many_tags) as url:
        tab.goto(url + PAGES["search"])
        tags = tab.locator(".search-filter").filter(has=tab.locator("summary", has_text="Tags"))
        tags.locator("summary").click()
        tags.locator(".search-filter-find").wait_for()  # shown: the group has more values than it lists
        tab.add_script_tag(content=axe_source)
        assert tab.evaluate(RUN_AXE, AXE_TAGS) == []


@pytest.mark.parametrize("scheme", ["http", "file"])
def test_a_misspelt_name_is_answered_with_the_closest_names(page: Any, site_url: str, sample_site: Path,
                                                            axe_source: str, scheme: str) -> None:
    """Under "no stories mention", the names a letter or two away; one click searches for it."""
    page.goto(_start(scheme, site_url, sample_site) + "?q=Solemani")
    page.locator(".search-status").filter(has_text="No stories mention").wait_for()
    suggest = page.locator(".search-suggest")
    suggest.get_by_role("button").first.wait_for()
    assert suggest.inner_text() == "Closest names: Qassem Soleimani"
    page.add_script_tag(content=axe_source)
    assert page.evaluate(RUN_AXE, AXE_TAGS) == []
    suggest.get_by_role("button", name="Qassem Soleimani").click()
    page.locator(".search-status").filter(has_text="1 result").wait_for()
    assert page.locator(".search-input").input_value() == "Qassem Soleimani"
    assert suggest.is_hidden()
    page.locator(".search-input").fill("cocoa")  # nothing near it: no suggestion
    page.locator(".search-status").filter(has_text="No stories mention").wait_for()
    assert suggest.is_hidden()
