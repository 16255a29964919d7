"""search.py: what the indexer reads of a page decides whether its bundle is indexed again."""

from __future__ import annotations

from site_builder.search import indexed_digest

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


def test_a_page_without_one_marked_body_is_digested_whole() -> None:
    whole = page().replace(" data-pagefind-body", "")
    assert indexed_digest(whole.replace("Related", "Other")) != indexed_digest(whole)
    twice = page(outside="<div data-pagefind-body>more</div>")
    assert indexed_digest(twice.replace("Related", "Other")) != indexed_digest(twice)
    unclosed = page().replace("</p></article>", "</p>")
    assert indexed_digest(unclosed.replace("Related", "Other")) != indexed_digest(unclosed)
