"""Article text is untrusted: every field comes out as inert text in every output."""

from __future__ import annotations

import gzip
import json
import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from site_builder.check.site import inspect_page
from site_builder.cli import main

PAYLOADS = [
    "<script>alert('x')</script>",
    "<img src=x onerror=alert(1)>",
    "\"><svg onload=alert(2)>",
    "'; alert(3); '",
    "{{ config }}{% raw %}{{ 7*7 }}{% endraw %}",
    "</script><script>alert(4)</script>",
]
EVIL = " ".join(PAYLOADS)

FRONT_MATTER = {
    "title": "Headline " + EVIL,
    "slug": "hostile",
    "section": "World <b>bold</b>",
    "date": "2020-01-02",
    "summary": "Summary " + EVIL,
    "subheadline": "Sub " + EVIL,
    "caption": "Caption " + EVIL,
    "credit": "Cred<script>x</script>/It",
    "source_url": "javascript:alert(5)",
    "tags": ["<script>tag</script>", "{{ 7*7 }}"],
    "people": ["Mr <img src=x onerror=alert(6)>"],
    "organizations": [{"name": 'Org" onmouseover="alert(7)', "aliases": ["</script>"]}],
    "places": ["Place javascript:alert(8)"],
}
BODY = f"""Body {EVIL}

<script>alert('raw')</script>

[click](javascript:alert(9)) [data](data:text/html;base64,PHNjcmlwdD4=) ![img](javascript:alert(10))

<a href="javascript:alert(11)">raw link</a> {{{{ 7*7 }}}} {{% include 'base.html' %}}
"""
PAGE = "---\n" + yaml.safe_dump(FRONT_MATTER, allow_unicode=True) + "---\n\n" + BODY


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    (root / "content/world").mkdir(parents=True)
    (root / "content/world/hostile.md").write_text(PAGE, encoding="utf-8")
    (root / "site.toml").write_text('base_url = "https://news.example.org/"\n')
    cwd = os.getcwd()
    os.chdir(root)
    try:
        assert main(["build"]) == 0
    finally:
        os.chdir(cwd)
    return root / "public"


def our_files(site: Path, suffix: str) -> list[Path]:
    return [p for p in sorted(site.rglob(f"*{suffix}")) if not p.relative_to(site).as_posix().startswith("pagefind/")]


def test_the_only_scripts_are_the_themes_and_pagefinds(site: Path) -> None:
    # JSON data blocks, which browsers never run: JSON-LD, and the words search.js draws
    allowed = {"assets/search.js", "assets/search-offline.js", "application/ld+json", "application/json"}
    pages = our_files(site, ".html")
    assert site / "world-b-bold-b/hostile/index.html" in pages and site / "search/index.html" in pages
    for page in pages:
        info = inspect_page(page.read_text(encoding="utf-8"))
        for script in info.scripts:
            src = script.get("src")
            kind = (src and (page.parent / src).resolve().relative_to(site.resolve()).as_posix()) or script.get("type")
            assert kind in allowed, f"{page}: {script}"
        assert info.event_attributes == [], page


def test_no_dangerous_urls_and_no_template_evaluation(site: Path) -> None:
    pages = our_files(site, ".html")
    assert site / "world-b-bold-b/hostile/index.html" in pages
    for page in pages:
        html = page.read_text(encoding="utf-8")
        # The theme's own style sheet may come as a data: address (the 404 page, styled wherever
        # it is served); no address the content wrote may.
        theme_styles = re.sub(r'<link rel="stylesheet" href="data:text/css;base64,[A-Za-z0-9+/=]*">', "", html)
        hrefs = re.findall(r'(?:href|src)="([^"]*)"', theme_styles)
        assert not [h for h in hrefs if h.lower().lstrip().startswith(("javascript:", "data:"))], page
        assert "<b>bold</b>" not in html


def test_payloads_appear_as_text_on_the_article_page(site: Path) -> None:
    html = (site / "world-b-bold-b/hostile/index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html
    assert "{{ config }}" in html and "{% raw %}" in html
    assert "&lt;script&gt;alert('raw')&lt;/script&gt;" in html  # Markdown raw HTML stays text
    assert "[click](javascript:alert(9))" in html
    assert "{{ 7*7 }}" in html and "49" not in html
    assert "javascript:alert(5)" not in html  # the source link was dropped


def test_json_ld_cannot_be_closed_by_article_text(site: Path) -> None:
    html = (site / "world-b-bold-b/hostile/index.html").read_text(encoding="utf-8")
    block = html.split('<script type="application/ld+json">')[1].split("</script>")[0]
    data = json.loads(block)
    assert data["headline"].startswith("Headline <script>")
    assert "<" not in block


def test_feed_and_sitemap_hold_the_text_as_text(site: Path) -> None:
    feed = ET.parse(site / "feed.xml").getroot()
    ns = "{http://www.w3.org/2005/Atom}"
    entry = feed.find(f"{ns}entry")
    assert entry is not None
    assert entry.findtext(f"{ns}title") == "Headline " + EVIL
    assert [c.get("term") for c in entry.findall(f"{ns}category")][1:] == ["<script>tag</script>", "{{ 7*7 }}"]
    sitemap = ET.parse(site / "sitemap.xml").getroot()
    assert all(loc.text and loc.text.startswith("https://news.example.org/")
               for loc in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc"))


def test_offline_search_index_holds_the_text_as_data(site: Path) -> None:
    scripts = sorted((site / "search-index").rglob("*.js"))
    assert scripts and all("<" not in p.read_text(encoding="utf-8") for p in scripts)
    doc = (site / "search-index/d/0.js").read_text(encoding="utf-8")
    record = json.loads(doc.removeprefix('SiteSearchOffline.register("d/0",').removesuffix(");\n"))
    assert record["t"] == "Headline " + EVIL


def test_search_index_holds_hostile_text_as_text(site: Path) -> None:
    fragments = list((site / "pagefind/fragment").glob("*.pf_fragment"))
    text = "".join(gzip.decompress(f.read_bytes()).decode("utf-8") for f in fragments)
    assert "Body <script>alert('x')</script>" in text  # indexed as the words a reader sees
    # That the search page shows it as text (Pagefind's excerpts included) is checked in a
    # real browser: tests/browser/test_search_hostile.py.


def test_pagefinds_prebuilt_ui_is_not_published(site: Path) -> None:
    """Pagefind's own UI draws filter values and titles as HTML; the theme's search.js
    draws them as text, and the UI files are left out so nothing can load them."""
    assert (site / "pagefind/pagefind.js").is_file()
    assert not [p.name for p in (site / "pagefind").iterdir() if "-ui" in p.name or "highlight" in p.name]
