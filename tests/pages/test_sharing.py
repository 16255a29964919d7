"""What link previews and machines read of an article page: a share image on every
article, JSON-LD without nulls, and a <title> no two pages share."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from site_builder.build.run import build
from site_builder.core.config import load_config
from site_builder.core.model import Article
from site_builder.site.model import distinct_titles
from site_fixtures import png


def _page(project: Path, section: str, slug: str, title: str, date: str | None) -> None:
    path = project / "content" / section.lower() / f"{slug}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    date_line = f"date: {date}\n" if date else ""
    path.write_text(f"---\ntitle: {title}\nslug: {slug}\nsection: {section}\n{date_line}---\n\nBody.\n",
                    encoding="utf-8")


def _html(project: Path, url: str) -> str:
    return (project / "public" / url / "index.html").read_text(encoding="utf-8")


def _meta(html: str, name: str) -> str | None:
    found = re.search(rf'<meta (?:property|name)="{re.escape(name)}" content="([^"]*)">', html)
    return found.group(1) if found else None


def _json_ld(html: str) -> dict[str, object]:
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert found, "no JSON-LD on the page"
    data: dict[str, object] = json.loads(found.group(1))
    return data


def _values(value: object) -> list[object]:
    """Every value at any depth of parsed JSON."""
    if isinstance(value, dict):
        return [value, *(v for item in value.values() for v in _values(item))]
    if isinstance(value, list):
        return [value, *(v for item in value for v in _values(item))]
    return [value]


def test_an_article_without_a_picture_shares_the_sites_card(tmp_path: Path) -> None:
    _page(tmp_path, "World", "calm", "Markets calm", "1987-02-26")
    build(load_config(tmp_path))
    html = _html(tmp_path, "world/calm")
    assert _meta(html, "og:image") == "../../assets/share.png"
    assert (_meta(html, "og:image:width"), _meta(html, "og:image:height")) == ("1200", "630")
    assert _meta(html, "twitter:image") == "../../assets/share.png"
    card = (tmp_path / "public/assets/share.png").read_bytes()
    assert card.startswith(b"\x89PNG")
    assert _json_ld(html)["image"] == "../../assets/share.png"


def test_the_projects_own_card_wins_and_is_absolute_with_a_base_url(tmp_path: Path) -> None:
    _page(tmp_path, "World", "calm", "Markets calm", "1987-02-26")
    (tmp_path / "static").mkdir()
    (tmp_path / "static/share.png").write_bytes(png(600, 315))
    (tmp_path / "site.toml").write_text('base_url = "https://news.example.org/a/"\ntitle = "Wire Desk"\n',
                                        encoding="utf-8")
    build(load_config(tmp_path))
    for url in ("world/calm", "world"):  # an article, and any other page
        html = _html(tmp_path, url)
        assert _meta(html, "og:image") == "https://news.example.org/a/assets/share.png"
        assert (_meta(html, "og:image:width"), _meta(html, "og:image:alt")) == ("600", "Wire Desk")
    assert (tmp_path / "public/assets/share.png").read_bytes() == png(600, 315)


def test_json_ld_of_an_undated_article_without_summary_holds_no_null(tmp_path: Path) -> None:
    _page(tmp_path, "World", "undated", "An undated story", None)
    build(load_config(tmp_path))
    data = _json_ld(_html(tmp_path, "world/undated"))
    assert data["headline"] == "An undated story"
    assert "datePublished" not in data and "description" not in data
    assert None not in _values(data)


def test_articles_sharing_a_headline_get_distinct_titles(tmp_path: Path) -> None:
    _page(tmp_path, "Business", "fed-1", "Fed adds reserves", "1987-03-02")
    _page(tmp_path, "Business", "fed-2", "Fed adds reserves", "1987-03-03")
    _page(tmp_path, "Economy", "fed-3", "Fed adds reserves", "1987-03-03")
    _page(tmp_path, "World", "alone", "Markets calm", "1987-03-03")
    build(load_config(tmp_path))
    titles = {url: re.search(r"<title>(.*?)</title>", _html(tmp_path, url)).group(1)  # type: ignore[union-attr]
              for url in ("business/fed-1", "business/fed-2", "economy/fed-3", "world/alone")}
    assert titles == {
        "business/fed-1": "Fed adds reserves (2 March 1987) · News Briefing Archive",
        "business/fed-2": "Fed adds reserves (3 March 1987, Business) · News Briefing Archive",
        "economy/fed-3": "Fed adds reserves (3 March 1987, Economy) · News Briefing Archive",
        "world/alone": "Markets calm · News Briefing Archive",
    }
    assert "<h1>Fed adds reserves</h1>" in _html(tmp_path, "business/fed-2")  # the headline itself stays


def _article(slug: str, title: str, section: str = "World", day: int | None = 1) -> Article:
    return Article(title=title, slug=slug, section=section, section_slug=section.lower(), body="",
                   source_path=f"{section.lower()}/{slug}.md", date=dt.date(1987, 3, day) if day else None)


@pytest.mark.parametrize(("articles", "expected"), [
    ([_article("a", "Same"), _article("b", "Other")], {}),
    # case does not make a headline another
    ([_article("a", "Fed adds"), _article("b", "FED ADDS", day=2)],
     {"world/a/index.html": "Fed adds (1 March 1987)", "world/b/index.html": "FED ADDS (2 March 1987)"}),
    # same day, same section: numbered in URL order, whatever order the articles come in
    ([_article("b", "Same"), _article("a", "Same"), _article("c", "Same", day=None)],
     {"world/a/index.html": "Same (1 March 1987, World, story 1)",
      "world/b/index.html": "Same (1 March 1987, World, story 2)",
      "world/c/index.html": "Same (Undated)"}),
])
def test_distinct_titles(articles: list[Article], expected: dict[str, str]) -> None:
    assert distinct_titles(articles) == expected
    assert distinct_titles(list(reversed(articles))) == expected


def test_a_term_named_like_a_section_is_told_apart_by_its_kind(tmp_path: Path) -> None:
    _page(tmp_path, "Economy", "budget", "Budget passes", "1987-03-02")
    _page(tmp_path, "World", "trade", "Trade talks", "1987-03-03")
    _page(tmp_path, "World", "named", "Japan", "1987-03-04")  # a headline that is a place's name
    page = tmp_path / "content/world/trade.md"
    page.write_text(page.read_text(encoding="utf-8").replace(
        "---\n\nBody", "tags: [Economy, Trade]\nplaces: [Japan]\n---\n\nBody"), encoding="utf-8")
    (tmp_path / "site.toml").write_text("entity_min_articles = 1\n", encoding="utf-8")  # Japan gets a page
    build(load_config(tmp_path))
    titles = {url: re.search(r"<title>(.*?)</title>", _html(tmp_path, url)).group(1)  # type: ignore[union-attr]
              for url in ("economy", "tags/economy", "tags/trade", "places/japan", "world/named")}
    assert titles == {"economy": "Economy · News Briefing Archive",
                      "tags/economy": "Economy (tag) · News Briefing Archive",
                      "tags/trade": "Trade · News Briefing Archive",
                      "places/japan": "Japan (place) · News Briefing Archive",
                      "world/named": "Japan · News Briefing Archive"}
    assert '<h1 class="page-title">Economy</h1>' in _html(tmp_path, "tags/economy")
