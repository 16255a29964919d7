"""The full-text search from disk: a small site opened over file:// in Chromium,
searched through the search page as a reader types, and through
window.SiteSearchOffline where the answer's data is the point (filters)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any
from urllib.parse import urlparse
from urllib.request import url2pathname

import pytest

from site_builder.build.run import build
from site_builder.core.config import load_config

EVIL = "<img src=x onerror=alert(1)>"

ARTICLES = {
    "science/glacier": """---
title: Glacier melt speeds up
slug: glacier
section: Science
date: 2021-03-01
summary: Measurements from the Alps.
tags: [Climate]
people: [Ann Lee]
places: [Zürich]
---

Scientists measured the ice on twelve mountains this winter.
""",
    "world/alpine": """---
title: Alpine villages count the cost
slug: alpine
section: World
date: 2021-05-01
summary: Mayors meet in the valley.
tags: [Climate, Tourism]
places: [Zürich]
---

The glacier above the village has shrunk, and the glacier lake below it has grown.
Farmers say the summers are hotter. The mayors asked for help from the canton.
""",
    "world/cafe": """---
title: Old coffee houses reopen
slug: cafe
section: World
date: 2021-02-01
summary: A quiet return.
---

The Café Zürich on the lakeside opened its doors again on Monday, its owner said.
""",
    "world/hostile": f"""---
title: "Headline {EVIL}"
slug: hostile
section: World
date: 2021-01-01
summary: "Summary {EVIL}"
people: ["Mr {EVIL}"]
---

Body {EVIL} quokka.
""",
}


@pytest.fixture(scope="module")
def search_page(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The file:// address of the search page of a four-article site."""
    project = tmp_path_factory.mktemp("offline") / "project"
    for name, text in ARTICLES.items():
        path = project / "content" / f"{name}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    result = build(load_config(project))
    assert not result.problems, result.problems
    return (result.out / "search" / "index.html").as_uri()


def titles(page: Any) -> list[str]:
    return page.locator(".search-result-link").all_inner_texts()


def type_query(page: Any, text: str) -> None:
    """Type `text` key by key, then wait until the page shows the answer to all of it
    (answers to the shorter queries typed on the way may arrive first)."""
    box = page.locator("#search-query")
    box.fill("")
    box.press_sequentially(text)
    total, expected = page.evaluate(
        "q => SiteSearchOffline.search(q, {}).then(a => [a.total, a.results.map(r => r.title)])", text)
    page.wait_for_function("""([query, total, expected]) => {
        const status = document.querySelector('.search-status').textContent;
        const shown = [...document.querySelectorAll('.search-result-link')].map(a => a.textContent);
        const said = total ? status.startsWith(total + ' result') : status.startsWith('No stories mention');
        return said && status.includes(query)
            && JSON.stringify(shown) === JSON.stringify(expected);
    }""", arg=[text.strip(), total, expected])


def test_a_body_word_finds_the_article_and_a_headline_word_ranks_above_the_body(page: Any, search_page: str) -> None:
    page.goto(search_page)
    type_query(page, "scientists")  # only in the glacier article's body
    assert titles(page) == ["Glacier melt speeds up"]
    type_query(page, "glacier ")  # headline of one; twice in the body of the other, newer, article
    assert titles(page) == ["Glacier melt speeds up", "Alpine villages count the cost"]
    assert page.locator(".search-status").inner_text() == "2 results for \u201cglacier\u201d"


def test_the_last_word_matches_as_a_prefix_while_typing(page: Any, search_page: str) -> None:
    page.goto(search_page)
    type_query(page, "mayo")
    assert titles(page) == ["Alpine villages count the cost"]
    type_query(page, "alpine vill")
    assert titles(page) == ["Alpine villages count the cost"]
    type_query(page, "mayo ")  # a finished word is a word, not a prefix
    assert titles(page) == []


def test_accents_and_case_are_folded_both_ways(page: Any, search_page: str) -> None:
    page.goto(search_page)
    type_query(page, "cafe zurich")
    assert titles(page) == ["Old coffee houses reopen"]
    type_query(page, "CAFÉ")
    assert titles(page) == ["Old coffee houses reopen"]


def test_results_show_an_excerpt_with_the_query_words_highlighted(page: Any, search_page: str) -> None:
    page.goto(search_page + "?q=lake")
    page.wait_for_function("document.querySelector('.search-status').textContent.startsWith('2 results')")
    marks = page.locator(".search-result-excerpt mark").all_inner_texts()
    assert sorted(set(marks)) == ["lake", "lakeside"]
    excerpt = page.locator(".search-result-excerpt").first.inner_text()
    assert "glacier lake below it has grown" in excerpt


def test_filters_narrow_the_results_and_count_the_values(page: Any, search_page: str) -> None:
    page.goto(search_page)
    answer = page.evaluate("SiteSearchOffline.search('zurich', {})")
    assert answer["total"] == 3
    assert answer["filters"]["section"] == {"Science": 1, "World": 2}
    assert answer["filters"]["places"] == {"Zürich": 2}
    assert answer["filters"]["tags"] == {"Climate": 2, "Tourism": 1}
    narrowed = page.evaluate("SiteSearchOffline.search('zurich', {section: ['World'], tags: ['Climate']})")
    assert [r["title"] for r in narrowed["results"]] == ["Alpine villages count the cost"]
    assert narrowed["filters"]["section"] == {"World": 1}
    either = page.evaluate("SiteSearchOffline.search('zurich', {section: ['World', 'Science'], places: ['Zürich']})")
    assert either["total"] == 2
    alpine = next(r for r in either["results"] if r["url"] == "world/alpine/index.html")
    assert alpine["section"] == "World" and alpine["date"] == "2021-05-01"


def test_a_query_with_no_hits_says_so(page: Any, search_page: str) -> None:
    page.goto(search_page)
    type_query(page, "glacier nowhereword")
    assert titles(page) == []
    assert page.locator(".search-status").inner_text() == "No stories mention \u201cglacier nowhereword\u201d."


def test_hostile_text_is_shown_as_text(page: Any, search_page: str) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(search_page)
    for query in ("onerror", "quokka", "img src"):
        type_query(page, query)
        assert titles(page) == ["Headline " + EVIL]
        assert page.locator("#search img").count() == 0
        assert "onerror=alert(1)> quokka." in page.locator(".search-result-excerpt").inner_text()
    answer = page.evaluate("SiteSearchOffline.search('onerror', {})")
    assert answer["filters"]["people"] == {"Mr " + EVIL: 1}
    assert dialogs == []


def test_a_missing_index_part_is_reported_on_the_page(page: Any, search_page: str, tmp_path: Path) -> None:
    """A site copied without all of search-index/ says what to do instead of showing nothing."""
    site = Path(url2pathname(urlparse(search_page).path)).parent.parent
    copy = tmp_path / "copy"
    shutil.copytree(site, copy)
    for part in (copy / "search-index" / "t").glob("*.js"):
        part.unlink()
    page.goto((copy / "search" / "index.html").as_uri())
    page.locator("#search-query").fill("glacier")
    page.wait_for_function("document.querySelector('.search-status').textContent.startsWith('Search is not')")
    assert page.locator(".search-status").inner_text().endswith(
        "search-index/t/_.js could not be loaded; rebuild the site")
    assert titles(page) == []


def test_filters_alone_list_their_articles_and_sorts_go_by_date(page: Any, search_page: str) -> None:
    page.goto(search_page)
    everything = page.evaluate("SiteSearchOffline.search('', {})")
    assert everything["total"] == 0 and everything["filters"]["section"] == {"Science": 1, "World": 3}
    climate = page.evaluate("SiteSearchOffline.search('', {tags: ['Climate']})")
    assert [r["title"] for r in climate["results"]] == ["Alpine villages count the cost", "Glacier melt speeds up"]
    oldest = page.evaluate("SiteSearchOffline.search('zurich', {}, {sort: 'oldest'})")
    assert [r["title"] for r in oldest["results"]] == \
        ["Old coffee houses reopen", "Glacier melt speeds up", "Alpine villages count the cost"]
    newest = page.evaluate("SiteSearchOffline.search('zurich', {}, {sort: 'newest', limit: 1})")
    assert newest["total"] == 3 and [r["title"] for r in newest["results"]] == ["Alpine villages count the cost"]


def test_a_site_without_articles_answers_with_no_results(page: Any, tmp_path: Path) -> None:
    project = tmp_path / "project"
    (project / "content").mkdir(parents=True)
    site = build(load_config(project)).out
    page.goto((site / "search" / "index.html").as_uri())
    answer = page.evaluate("SiteSearchOffline.search('anything', {})")
    assert answer == {"total": 0, "results": [], "filters": {g: {} for g in
                                                              ("organizations", "people", "places", "section", "tags")}}
