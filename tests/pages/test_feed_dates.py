"""Feeds say only what is known: an undated article is left out of them (with one
notice for all), never dated 1 January 1970; and an entry links its article by the
address its page calls canonical."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from site_builder.check.site import check_site
from site_builder.cli import main


def _page(project: Path, name: str, section: str, date: str | None, tags: str = "[Budget]") -> None:
    path = project / f"content/{section.lower()}/{name}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    dated = f"date: {date}\n" if date else ""
    path.write_text(f"---\ntitle: {name}\nslug: {name}\nsection: {section}\n{dated}tags: {tags}\n"
                    "people: [Ann Lee, Bob Ray]\n---\n\nBody.\n", encoding="utf-8")


def _feeds(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8") for p in site.rglob("feed.xml")}


@pytest.mark.parametrize("base_url", [None, "https://example.org/news/"])
def test_undated_articles_are_left_out_of_every_feed_and_nothing_is_dated_1970(project: Path, capsys,
                                                                              base_url: str | None) -> None:
    _page(project, "dated-one", "World", "2024-05-06")
    _page(project, "dated-two", "Sport", "2024-05-07T10:00:00Z")
    for n in range(3):
        _page(project, f"undated-{n}", ("World", "Sport", "Arts")[n], None)
    args = ["build", "--no-search", "--strict"] + (["--base-url", base_url] if base_url else [])
    assert main(args) == 0
    err = capsys.readouterr().err
    assert err.count("undated") == 1 and "3 undated articles are left out of the feeds" in err
    site = project / "public"
    feeds = _feeds(site)
    assert {"feed.xml", "world/feed.xml", "sport/feed.xml", "arts/feed.xml"} <= set(feeds)
    for name, feed in feeds.items():
        assert "1970" not in feed, name
        assert "undated-" not in feed, name
    assert feeds["feed.xml"].count("<entry>") == 2
    assert re.search(r"<feed[^>]*>.*?<updated>2024-05-07T10:00:00Z</updated>", feeds["feed.xml"], re.S)
    # a feed of undated articles only says when the site last changed, not 1970
    assert "<updated>2024-05-07T10:00:00Z</updated>" in feeds["arts/feed.xml"]
    for page in site.rglob("*.xml"):
        assert "1970" not in page.read_text(encoding="utf-8"), page
    for page in site.rglob("*.html"):
        assert "1970" not in page.read_text(encoding="utf-8"), page
    assert check_site(site) == []


def test_a_site_without_any_date_has_feeds_that_parse_and_no_1970(project: Path, capsys) -> None:
    _page(project, "undated", "World", None)
    assert main(["build", "--no-search"]) == 0
    site = project / "public"
    for name, feed in _feeds(site).items():
        assert "1970" not in feed and "<entry>" not in feed, name
    assert check_site(site) == []


@pytest.mark.parametrize("base_url", [None, "https://example.org/news/"])
def test_feed_entries_link_the_canonical_address_of_their_article(project: Path, base_url: str | None) -> None:
    _page(project, "hello", "World", "2024-05-06")
    assert main(["build", "--no-search"] + (["--base-url", base_url] if base_url else [])) == 0
    site = project / "public"
    feeds = _feeds(site)
    links = [href for feed in feeds.values()
             for href in re.findall(r'<link rel="alternate" type="text/html" href="([^"]*)"', feed)]
    assert links and not [href for href in links if href.endswith("index.html")]
    home = feeds["feed.xml"]
    if base_url:
        assert f'href="{base_url}world/hello/"' in home and f'href="{base_url}"' in home
        article = (site / "world/hello/index.html").read_text(encoding="utf-8")
        assert f'<link rel="canonical" href="{base_url}world/hello/">' in article
    else:
        assert 'href="world/hello/"' in home
        assert 'href="../../world/hello/"' in feeds["tags/budget/feed.xml"]
    assert check_site(site) == []
