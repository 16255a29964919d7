"""search.py: what the indexer reads of a page decides whether its bundle is indexed again."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from site_builder.search.pagefind import MAIN_BUNDLE, SearchIndexError, index_bundles, indexed_digest

PAGE = """<!doctype html>
<html lang="en"><head><title>{title}</title></head>
<body><nav><a href="../">Home</a>{nav}</nav>
<main><article class="article" data-pagefind-body><h1>{title}</h1>
<article class="quote">{inner}</article><p>{body}</p></article>
<aside class="related"><a href="x">{related}</a></aside>{outside}</main></body></html>
"""


def page(title: str = "Title", body: str = "Body", related: str = "Related", inner: str = "Quote",
         nav: str = "", outside: str = "") -> str:
    return PAGE.format(title=title, body=body, related=related, inner=inner, nav=nav, outside=outside)


def test_a_change_outside_what_the_indexer_reads_keeps_the_digest() -> None:
    assert indexed_digest(page(related="Other coverage")) == indexed_digest(page())
    assert indexed_digest(page(nav="<a href='y'>World</a>")) == indexed_digest(page())


def test_a_change_the_indexer_reads_changes_the_digest() -> None:
    base = indexed_digest(page())
    assert indexed_digest(page(body="Another body")) != base
    assert indexed_digest(page(inner="A nested element of the same name")) != base
    assert indexed_digest(page(title="Another title")) != base  # <title> is in the head
    assert indexed_digest(page(outside='<span data-pagefind-filter="tags">Oil</span>')) != base
    assert indexed_digest(page(outside='<span data-pagefind-meta="x:1">y</span>')) != \
        indexed_digest(page(outside='<span data-pagefind-meta="x:2">y</span>'))
    # Pagefind reads a filter's text also outside the body element (its bundle's filter file changes)
    assert indexed_digest(page(outside='<span data-pagefind-filter="tags">Oil</span>')) != \
        indexed_digest(page(outside='<span data-pagefind-filter="tags">Gas</span>'))
    assert indexed_digest(page(outside='<p data-pagefind-meta="kicker">Oil <b>and</b> gas</p>')) != \
        indexed_digest(page(outside='<p data-pagefind-meta="kicker">Oil <b>or</b> gas</p>'))
    assert indexed_digest(page(outside='<img data-pagefind-meta="image[src]" src="a.jpg">')) != \
        indexed_digest(page(outside='<img data-pagefind-meta="image[src]" src="b.jpg">'))


def test_a_page_without_one_marked_body_is_digested_whole() -> None:
    whole = page().replace(" data-pagefind-body", "")
    assert indexed_digest(whole.replace("Related", "Other")) != indexed_digest(whole)
    twice = page(outside="<div data-pagefind-body>more</div>")
    assert indexed_digest(twice.replace("Related", "Other")) != indexed_digest(twice)
    unclosed = page().replace("</p></article>", "</p>")
    assert indexed_digest(unclosed.replace("Related", "Other")) != indexed_digest(unclosed)


def _write_pages(site: Path, count: int) -> list[str]:
    urls = []
    for number in range(count):
        url = f"world/story-{number}/index.html"
        (site / url).parent.mkdir(parents=True, exist_ok=True)
        (site / url).write_text(page(title=f"Story {number}", body=f"Ferries and harbours, part {number}.",
                                     outside=f'<span data-pagefind-filter="tags">Tag {number % 2}</span>'),
                                encoding="utf-8")
        urls.append(url)
    return urls


def _bundle_files(bundle: Path) -> dict[str, bytes]:
    return {p.relative_to(bundle).as_posix(): p.read_bytes() for p in sorted(bundle.rglob("*")) if p.is_file()}


def _page_count(bundle: Path) -> int:
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    return sum(int(info["page_count"]) for info in entry["languages"].values())  # an empty index names none


def test_each_bundle_indexes_its_pages_and_an_empty_one_is_still_an_index(tmp_path: Path) -> None:
    site = tmp_path / "site"
    urls = _write_pages(site, 5)
    index_bundles(site, {MAIN_BUNDLE: [], "pagefind-shards/1": urls[:3], "pagefind-shards/2": urls[3:]})
    assert _page_count(site / MAIN_BUNDLE) == 0  # the search page loads pagefind.js from it
    assert (site / MAIN_BUNDLE / "pagefind.js").is_file()
    assert [_page_count(site / "pagefind-shards" / n) for n in ("1", "2")] == [3, 2]
    assert not list(tmp_path.glob("*-search"))  # the mirrors the indexer read are gone
    assert not (site / "pagefind-shards/1/pagefind-ui.js").exists()


def test_pagefind_settings_in_the_environment_do_not_change_the_index(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    site = tmp_path / "site"
    urls = _write_pages(site, 4)
    index_bundles(site, {"plain": urls})
    monkeypatch.setenv("PAGEFIND_ROOT_SELECTOR", "nav")
    monkeypatch.setenv("PAGEFIND_EXCLUDE_SELECTORS", "h1")
    index_bundles(site, {"with-settings": urls})
    assert _bundle_files(site / "with-settings") == _bundle_files(site / "plain")
    assert _page_count(site / "plain") == 4


def test_a_failing_indexer_is_reported_with_what_it_said(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake = tmp_path / "pagefind"
    fake.write_text("#!/bin/sh\necho 'Error: the disk is full' >&2\nexit 3\n", encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setattr("site_builder.search.pagefind.get_executable", lambda: fake)
    site = tmp_path / "site"
    urls = _write_pages(site, 2)
    with pytest.raises(SearchIndexError, match="Pagefind could not index the site .*the disk is full"):
        index_bundles(site, {"b": urls})
    monkeypatch.setattr("site_builder.search.pagefind.get_executable", lambda: None)
    with pytest.raises(SearchIndexError, match="the Pagefind binary is missing"):
        index_bundles(site, {"b": urls})
