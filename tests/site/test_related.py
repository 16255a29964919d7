"""Related coverage: shared names and tags weighted by rarity, newest first on ties."""

from __future__ import annotations

import datetime as dt
import math
import random
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from site_builder.cli import main
from site_builder.core.config import Config
from site_builder.core.model import Article, EntityRef
from site_builder.pages.site_pages import SitePages
from site_builder.pages.views import Link, RelatedArticle
from site_builder.site.order import newest_first
from site_builder.site.related import article_terms, related_articles
from site_fixtures import site_pages


def _article(slug: str, day: int, people: tuple[str, ...] = (), tags: tuple[str, ...] = (),
             places: tuple[str, ...] = ()) -> Article:
    return Article(title=slug, slug=slug, section="World", section_slug="world", body="",
                   source_path=f"world/{slug}.md", date=dt.date(2020, 1, day),
                   people=tuple(EntityRef(p) for p in people), places=tuple(EntityRef(p) for p in places),
                   tags=tags)


def _related(articles: list[Article], **kwargs: int) -> dict[str, list[str]]:
    ordered = newest_first(articles)
    ranked = related_articles(ordered, **kwargs)
    return {a.slug: [ordered[j].slug for j in ranked[i]] for i, a in enumerate(ordered)}


def test_a_rare_shared_name_outranks_a_common_shared_place() -> None:
    items = [_article("subject", 1, people=("Ann Rare",), places=("Iraq",)),
             _article("rare", 2, people=("Ann Rare",)),
             _article("common", 3, places=("Iraq",))]
    items += [_article(f"filler{n}", 4 + n, places=("Iraq",)) for n in range(5)]
    assert _related(items)["subject"][0] == "rare"
    assert _related(items)["rare"] == ["subject"]  # nothing else shared


def test_more_shared_terms_outrank_fewer_and_ties_go_newest_first() -> None:
    items = [_article("subject", 10, people=("A B", "C D"), tags=("Oil",)),
             _article("two", 1, people=("A B", "C D")),
             _article("one-old", 2, people=("A B",)),
             _article("one-new", 3, people=("C D",)),
             _article("unrelated", 4, people=("E F",))]
    assert _related(items)["subject"] == ["two", "one-new", "one-old"]


def test_at_most_five_never_itself_and_the_same_whatever_the_input_order() -> None:
    items = [_article(f"s{n:02d}", n + 1, tags=("Oil", f"T{n % 3}"), people=(f"P{n % 4}",)) for n in range(20)]
    first = _related(items)
    assert all(len(v) == 5 and slug not in v for slug, v in first.items())
    shuffled = items[:]
    random.Random(7).shuffle(shuffled)
    assert _related(shuffled) == first


def test_a_term_on_too_many_articles_relates_none_of_them() -> None:
    items = [_article(f"s{n}", n + 1, places=("Everywhere",)) for n in range(6)]
    assert set(map(len, _related(items, common=5).values())) == {0}
    assert set(map(len, _related(items, common=6).values())) == {5}


def test_the_article_page_lists_related_coverage(tmp_path: Path) -> None:
    items = [_article("subject", 1, people=("Ann Rare",)), _article("other", 2, people=("Ann Rare",)),
             _article("alone", 3)]
    pages = {p.path: p for p in site_pages(SitePages(Config(), items))}
    related = pages["world/subject/index.html"].context["article"].related
    assert related == (RelatedArticle("other", "world/other/index.html", "2020-01-02", "2 January 2020",
                                      Link("World", "world/index.html")),)
    assert pages["world/alone/index.html"].context["article"].related == ()


def test_related_coverage_is_drawn_outside_the_indexed_article(project: Path) -> None:
    for slug, day in (("first", 1), ("second", 2)):
        page = project / f"content/world/{slug}.md"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(f"---\ntitle: Story {slug}\nslug: {slug}\nsection: World\ndate: 2020-01-0{day}\n"
                        "people: [Ann Rare]\n---\n\nBody.\n", encoding="utf-8")
    assert main(["build", "--no-search"]) == 0
    html = (project / "public/world/first/index.html").read_text(encoding="utf-8")
    aside = html.split('<aside class="related-coverage"', 1)[1].split("</aside>")[0]
    assert '<a href="../../world/second/index.html">Story second</a>' in aside
    assert html.index("</article>") < html.index('<aside class="related-coverage"')


def _related_by_definition(articles: list[Article], size: int = 5, common: int = 200) -> list[list[int]]:
    """related_articles as its docstring defines it, written plainly: every pair compared."""
    terms = [set(article_terms(a)) for a in articles]
    carrying: dict[tuple[str, str], int] = {}
    for keys in terms:
        for key in keys:
            carrying[key] = carrying.get(key, 0) + 1
    weight = {key: math.log(1 + len(articles) / n) for key, n in carrying.items() if 1 < n <= common}
    ranked = []
    for i, mine in enumerate(terms):
        scores = {j: sum(weight.get(key, 0.0) for key in sorted(mine & theirs))
                  for j, theirs in enumerate(terms) if j != i and any(key in weight for key in mine & theirs)}
        ranked.append([j for j, _ in sorted(scores.items(), key=lambda item: (-item[1], item[0]))[:size]])
    return ranked


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.lists(st.sampled_from(["A B", "C D", "E F", "G H"]), max_size=3),
                          st.lists(st.sampled_from(["Oil", "Gas", "Gold"]), max_size=2),
                          st.lists(st.sampled_from(["Iraq", "Peru"]), max_size=2)), min_size=1, max_size=24),
       st.integers(min_value=2, max_value=8))
def test_related_coverage_is_what_its_definition_gives(specs: list[tuple[list[str], list[str], list[str]]],
                                                       common: int) -> None:
    articles = newest_first([_article(f"s{n:02d}", n % 28 + 1, people=tuple(p), tags=tuple(t), places=tuple(pl))
                             for n, (p, t, pl) in enumerate(specs)])
    assert related_articles(articles, common=common) == _related_by_definition(articles, common=common)
