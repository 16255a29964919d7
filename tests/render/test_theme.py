"""The default theme's output, read as files: budgets, no outside requests, overrides."""

from __future__ import annotations

import base64
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from sample_site import ARTICLE, PAGES
from site_builder.build.run import build
from site_builder.check.site import check_site
from site_builder.cli import main
from site_builder.core.config import load_config

CSS_BUDGET = 20 * 1024


class _Refs(HTMLParser):
    """What a page loads: stylesheets, scripts (external and inline), and inline styles."""

    def __init__(self) -> None:
        super().__init__()
        self.stylesheets: list[str] = []
        self.scripts: list[dict[str, str | None]] = []
        self.urls: list[str] = []
        self.inline_css = 0
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "link" and a.get("href"):
            self.urls.append(a["href"] or "")
            if a.get("rel") == "stylesheet":
                self.stylesheets.append(a["href"] or "")
        if tag == "script":
            self.scripts.append(a)
        if tag in ("script", "img", "iframe", "source", "video", "audio") and a.get("src"):
            self.urls.append(a["src"] or "")
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.inline_css += len(data.encode("utf-8"))


def _refs(page: Path) -> _Refs:
    parser = _Refs()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def _html_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "pagefind" not in p.relative_to(site).parts)


def test_every_page_loads_at_most_20_kb_of_css(sample_site: Path) -> None:
    pages = _html_pages(sample_site)
    assert len(pages) >= len(PAGES)
    for page in pages:
        refs = _refs(page)
        assert refs.stylesheets, f"{page} loads no stylesheet"
        total = refs.inline_css
        for href in refs.stylesheets:
            if href.startswith("data:text/css;base64,"):  # 404.html holds its own, served anywhere
                total += len(base64.b64decode(href.partition(",")[2]))
                continue
            sheet = (sample_site / href[1:] if href.startswith("/") else page.parent / href).resolve()
            assert sheet.is_file(), f"{page} links a missing stylesheet {href}"
            total += sheet.stat().st_size
        assert total <= CSS_BUDGET, f"{page.relative_to(sample_site)} loads {total} bytes of CSS"


def test_the_theme_css_together_is_within_budget(sample_site: Path) -> None:
    total = sum(p.stat().st_size for p in (sample_site / "assets").rglob("*.css"))
    assert 0 < total <= CSS_BUDGET


def test_nothing_is_loaded_from_elsewhere_and_there_are_no_web_fonts(sample_site: Path) -> None:
    pages = _html_pages(sample_site)
    assert len(pages) >= len(PAGES)
    for page in pages:
        for url in _refs(page).urls:
            assert not re.match(r"^([a-z]+:)?//", url, re.I), f"{page} loads {url} from elsewhere"
    sheets = sorted((sample_site / "assets").rglob("*.css"))
    assert sheets
    for sheet in sheets:
        css = sheet.read_text(encoding="utf-8")
        assert "@font-face" not in css and "@import" not in css, sheet
        assert not re.search(r"url\(\s*['\"]?([a-z]+:)?//", css, re.I), f"{sheet} loads from elsewhere"


def test_reading_needs_no_javascript(sample_site: Path) -> None:
    """Only the search page runs scripts (and 404.html, whose few lines find the site
    root under a sub-path); every other page is plain HTML and CSS."""
    pages = _html_pages(sample_site)
    assert len(pages) >= len(PAGES) and sample_site / PAGES["search"] in pages
    for page in pages:
        rel = page.relative_to(sample_site).as_posix()
        running = [s for s in _refs(page).scripts if s.get("type") != "application/ld+json"]
        if rel in (PAGES["search"], PAGES["not found"]):
            assert running, "the search page should load its scripts"
        else:
            assert not running, f"{rel} runs {running}"


def test_dates_are_human_with_a_machine_readable_datetime(sample_site: Path) -> None:
    for rel in (ARTICLE, PAGES["home"], PAGES["person"]):
        html = (sample_site / rel).read_text(encoding="utf-8")
        assert '<time datetime="2020-01-04">4 January 2020</time>' in html, rel
    archive = (sample_site / PAGES["archive"]).read_text(encoding="utf-8")
    assert '<time datetime="2020-01">January 2020</time>' in archive
    assert '<h2 class="archive-year">2020</h2>' in archive


def test_article_shows_standfirst_and_caption_with_credit(sample_site: Path) -> None:
    html = (sample_site / ARTICLE).read_text(encoding="utf-8")
    assert re.search(r'<p class="standfirst">An Iraqi official says an airstrike', html)
    caption = re.search(r'<p class="caption">(.*?)</p>', html, re.S)
    assert caption and "Popular Mobilization Forces is seen in Basra" in caption.group(1)
    assert '<span class="credit">Alaa al-Marjani/Reuters</span>' in caption.group(1)
    assert "<figure" not in html and "Photo:" not in html  # no photo, so no photo label


def _project(root: Path, front_matter: str = "") -> Path:
    (root / "content" / "world").mkdir(parents=True)
    (root / "site.toml").write_text('title = "Tiny Times"\n', encoding="utf-8")
    (root / "content" / "world" / "hello.md").write_text(
        f"---\ntitle: Hello <b>world</b>\nslug: hello\nsection: World\ndate: 2024-05-06\n{front_matter}---\n\n"
        "Body text.\n",
        encoding="utf-8")
    return root


def test_a_project_template_overrides_the_theme_template(tmp_path: Path) -> None:
    project = _project(tmp_path)
    (project / "templates").mkdir()
    (project / "templates" / "article.html").write_text(
        '{% extends "base.html" %}{% block main %}<p id="mine">{{ article.title }} by my template</p>'
        "{% endblock %}", encoding="utf-8")
    build(load_config(project))
    article = (project / "public" / "world" / "hello" / "index.html").read_text(encoding="utf-8")
    assert '<p id="mine">Hello &lt;b&gt;world&lt;/b&gt; by my template</p>' in article
    assert "<title>Hello &lt;b&gt;world&lt;/b&gt; · Tiny Times</title>" in article  # the theme's base.html
    home = (project / "public" / "index.html").read_text(encoding="utf-8")
    assert 'class="teaser' in home and 'id="mine"' not in home  # other templates are the theme's


def test_a_project_static_folder_is_copied_over_the_theme_assets(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    project = _project(tmp_path)
    (project / "static" / "img").mkdir(parents=True)
    rebrand = ":root { --accent: #0b5cad; }\n"
    (project / "static" / "custom.css").write_text(rebrand, encoding="utf-8")
    (project / "static" / "img" / "logo.svg").write_text("<svg/>", encoding="utf-8")
    monkeypatch.chdir(project)
    assert main(["build", "--no-search"]) == 0
    assets = project / "public" / "assets"
    assert (assets / "custom.css").read_text(encoding="utf-8") == rebrand
    assert (assets / "img" / "logo.svg").read_text(encoding="utf-8") == "<svg/>"
    theme = Path(__file__).resolve().parents[2] / "themes" / "default" / "static"
    assert (assets / "style.css").read_bytes() == (theme / "style.css").read_bytes()
    assert (assets / "search.js").is_file()
    page = (project / "public" / "world" / "hello" / "index.html").read_text(encoding="utf-8")
    assert page.index('href="../../assets/style.css"') < page.index('href="../../assets/custom.css"')


def test_only_web_addresses_become_source_links(tmp_path: Path) -> None:
    project = _project(tmp_path, "source_url: \"javascript:alert(1)\"\n")
    result = build(load_config(project))
    page = (project / "public" / "world" / "hello" / "index.html").read_text(encoding="utf-8")
    assert "javascript:alert(1)" not in page
    assert ["'source_url' must be an http:// or https:// address; it is left out"] == \
        [p.message for p in result.problems]
    web = _project(tmp_path / "web", "source_url: HTTPS://example.org/story?id=1\n")
    assert not build(load_config(web)).problems
    page = (web / "public" / "world" / "hello" / "index.html").read_text(encoding="utf-8")
    assert ('<p class="source">Source: <a href="HTTPS://example.org/story?id=1" rel="nofollow noopener">'
            "HTTPS://example.org/story?id=1</a></p>") in page


def test_a_malformed_web_address_is_refused_by_build_as_check_would_read_it(tmp_path: Path) -> None:
    project = _project(tmp_path, "source_url: \"https://[::1/x\"\n")
    (project / "content/world/hello.md").write_text(
        (project / "content/world/hello.md").read_text(encoding="utf-8")
        + "\n[one](https://[::1/y) [two](https://x.org:99999/z)\n", encoding="utf-8")
    result = build(load_config(project))
    assert ["'source_url' must be an http:// or https:// address; it is left out"] == \
        [p.message for p in result.problems]
    page = (project / "public" / "world" / "hello" / "index.html").read_text(encoding="utf-8")
    assert "[::1" in page and 'href="https://[' not in page and "99999/z\"" not in page
    assert check_site(project / "public") == []
