"""Hostile text reaches the search page as text, over http (Pagefind) and file://.

A seed whose section line and tags are markup, and a content page whose every field
is markup, are built into a site. The search page is opened with a query that finds
them, every filter group is opened and a hostile value ticked: no dialog may open,
no element from the data may appear, and the text must be shown as written.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from sample_site import serve
from site_builder.build.run import build
from site_builder.core.config import load_config
from site_builder.ingest.run import ingest
from site_builder.search.pagefind import index_site

SEED = """Tags: <img src=x onerror=alert(11)>, "><svg onload=alert(12)>

<img src=x onerror=alert(1)>

Hostile seed about walruses

A summary of walruses.

The walruses of Svalbard came ashore.
"""
FRONT_MATTER = {
    "title": 'Hostile <img src=x onerror=alert(2)> "><svg onload=alert(3)>',
    "slug": "hostile-page",
    "section": '"><svg onload=alert(4)>',
    "date": "2020-01-02",
    "summary": "Summary <script>alert(5)</script> &amp; walruses",
    "tags": ["<img src=x onerror=alert(6)>", "<b>bold</b>"],
    "people": ["<img src=x onerror=alert(7)> Smith"],
    "organizations": ["<script>alert(8)</script>"],
    "places": ["<img src=x onerror=alert(9)> Place", '"><svg onload=alert(13)>'],
}
BODY = "The body mentions walruses and <img src=x onerror=alert(10)> too.\n"
# One hostile value per filter group, as the reader must see it, to tick. (Pagefind 1.5
# matches no filter value that holds a double quote, so those are only looked at.)
TICK = {"section": "<img src=x onerror=alert(1)>", "tags": "<img src=x onerror=alert(6)>",
        "people": "<img src=x onerror=alert(7)> Smith", "organizations": "<script>alert(8)</script>",
        "places": "<img src=x onerror=alert(9)> Place"}
GROUP_LABELS = {"section": "Section", "tags": "Tags", "people": "People", "organizations": "Organizations",
                "places": "Places"}


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("hostile-search")
    (project / "seeds").mkdir()
    (project / "seeds/hostile.txt").write_text(SEED, encoding="utf-8")
    ingest(project / "seeds", project / "content")
    page = project / "content/hostile/hostile-page.md"
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text("---\n" + yaml.safe_dump(FRONT_MATTER, allow_unicode=True) + "---\n\n" + BODY, encoding="utf-8")
    result = build(load_config(project), index_search=index_site)
    assert result.problems == [] and result.articles == 2
    return result.out


@pytest.fixture(scope="module")
def hostile_url(hostile_site: Path) -> Iterator[str]:
    with serve(hostile_site) as url:
        yield url


def _no_injection(page: Any, dialogs: list[str]) -> None:
    assert dialogs == []
    assert page.locator("img, svg, #search script, #search b").count() == 0


@pytest.mark.parametrize("scheme", ["http", "file"])
def test_hostile_text_stays_text_on_the_search_page(page: Any, hostile_site: Path, hostile_url: str,
                                                    scheme: str) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    search = "search/index.html?q=hostile"
    page.goto(hostile_url + search if scheme == "http"
              else (hostile_site / "search/index.html").as_uri() + "?q=hostile")
    titles = page.locator(".search-result-link")
    titles.first.wait_for()
    assert sorted(titles.all_inner_texts()) == sorted(["Hostile seed about walruses", FRONT_MATTER["title"]])
    assert FRONT_MATTER["section"] in page.locator(".search-result-section").all_inner_texts()
    if scheme == "http":  # Pagefind's excerpt, with the hostile body text in it
        assert "<img src=x onerror=alert(10)>" in page.locator(".search-results").inner_text()
    _no_injection(page, dialogs)

    for group, value in TICK.items():
        block = page.locator(".search-filter").filter(
            has=page.locator(".search-filter-label", has_text=GROUP_LABELS[group]))
        if not block.evaluate("details => details.open"):
            block.locator(".search-filter-label").click()
        names = block.locator(".search-filter-name")
        names.first.wait_for()
        assert value in names.all_inner_texts(), group
        row = block.locator(".search-filter-value").filter(has_text=value).first
        row.locator("input").check()
        page.locator(".search-status").filter(has_text="1 result").wait_for()
        _no_injection(page, dialogs)
        row.locator("input").uncheck()
        page.locator(".search-status").filter(has_text="2 results").wait_for()
    for value in ('"><svg onload=alert(4)>', '"><svg onload=alert(12)>', '"><svg onload=alert(13)>'):
        assert page.locator(".search-filter-name").filter(has_text=value).count() == 1
    _no_injection(page, dialogs)
