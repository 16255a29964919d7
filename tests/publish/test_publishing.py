"""What a publisher needs around the archive: the 404 page, social cards, robots.txt,
and a base_url for one build."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from site_builder.check.site import check_site, inspect_page
from site_builder.cli import main

ARTICLE = "world/5-members-of-iran-backed-militia-killed-in-iraq-airstrike/index.html"


def _write(project: Path, rel: str, text: str) -> None:
    (project / rel).parent.mkdir(parents=True, exist_ok=True)
    (project / rel).write_text(text, encoding="utf-8")


def _meta(html: str) -> list[tuple[str, str]]:
    return re.findall(r'<meta (?:property|name)="([a-z:_]+)" content="([^"]*)">', html)


@pytest.fixture
def dated(project: Path) -> Path:
    """One dated, tagged article; returns the project."""
    _write(project, "content/world/hello.md", "---\ntitle: Hello & welcome\nslug: hello\nsection: World\n"
           "date: 2024-05-06T08:30:00Z\nsummary: A short summary.\ntags: [Elections, Budget]\n---\n\nBody.\n")
    return project


def test_404_page_links_from_the_host_root_without_base_url(dated: Path) -> None:
    assert main(["build", "--no-search"]) == 0
    html = (dated / "public/404.html").read_text(encoding="utf-8")
    info = inspect_page(html)
    assert info.h1 == ["Page not found"]
    for target in ("/index.html", "/search/index.html", "/archive/index.html", "/assets/favicon.svg"):
        assert target in info.links
    assert '<link rel="stylesheet" href="data:text/css;base64,' in html  # styled wherever it is served
    assert '<meta name="robots" content="noindex">' in html and "canonical" not in html
    assert check_site(dated / "public") == []  # its links resolve from the root; nothing needs to link to it


def test_404_page_links_are_absolute_with_base_url_and_run_no_script(dated: Path) -> None:
    assert main(["build", "--no-search", "--base-url", "https://example.org/news"]) == 0
    info = inspect_page((dated / "public/404.html").read_text(encoding="utf-8"))
    assert "https://example.org/news/archive/index.html" in info.links
    assert not [link for link in info.links if link.startswith("/")]
    assert info.scripts == []


def test_check_reports_a_broken_link_on_the_404_page(dated: Path) -> None:
    assert main(["build", "--no-search"]) == 0
    page = dated / "public/404.html"
    page.write_text(page.read_text(encoding="utf-8").replace("/archive/index.html", "/archives/index.html"),
                    encoding="utf-8")
    assert "404.html: link '/archives/index.html' leads to no file" in check_site(dated / "public")


def test_article_has_open_graph_and_twitter_card_tags(dated: Path) -> None:
    assert main(["build", "--no-search", "--base-url", "https://example.org/"]) == 0
    meta = _meta((dated / "public/world/hello/index.html").read_text(encoding="utf-8"))
    assert ("og:type", "article") in meta
    assert ("og:title", "Hello &amp; welcome") in meta and ("twitter:title", "Hello &amp; welcome") in meta
    assert ("og:description", "A short summary.") in meta and ("twitter:description", "A short summary.") in meta
    assert ("twitter:card", "summary") in meta
    assert ("og:url", "https://example.org/world/hello/") in meta
    assert ("article:published_time", "2024-05-06T08:30:00Z") in meta
    assert ("article:section", "World") in meta
    assert [v for k, v in meta if k == "article:tag"] == ["Elections", "Budget"]


@pytest.mark.parametrize("rel", ["index.html", "world/index.html", "tags/elections/index.html",
                                 "archive/index.html", "search/index.html", "404.html"])
def test_every_page_has_the_social_basics(dated: Path, rel: str) -> None:
    assert main(["build", "--no-search"]) == 0
    keys = {k for k, _ in _meta((dated / "public" / rel).read_text(encoding="utf-8"))}
    assert {"og:site_name", "og:title", "og:description", "og:type", "twitter:card", "twitter:title",
            "twitter:description"} <= keys


def test_robots_txt_names_the_sitemap_only_with_base_url(dated: Path) -> None:
    assert main(["build", "--no-search"]) == 0
    assert (dated / "public/robots.txt").read_text(encoding="utf-8") == "User-agent: *\nAllow: /\n"
    assert main(["build", "--no-search", "--base-url", "https://example.org/news/"]) == 0
    robots = (dated / "public/robots.txt").read_text(encoding="utf-8")
    assert robots.endswith("\nSitemap: https://example.org/news/sitemap.xml\n")


def test_base_url_on_the_command_line_overrides_site_toml_for_one_build(dated: Path) -> None:
    _write(dated, "site.toml", 'base_url = "https://example.org/"\n')
    assert main(["build", "--no-search", "--base-url", "https://preview.example.net/pr-7"]) == 0
    html = (dated / "public/world/hello/index.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://preview.example.net/pr-7/world/hello/">' in html
    assert main(["build", "--no-search"]) == 0
    html = (dated / "public/world/hello/index.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://example.org/world/hello/">' in html
    assert main(["build", "--no-search", "--base-url", ""]) == 0
    assert "canonical" not in (dated / "public/world/hello/index.html").read_text(encoding="utf-8")


def test_every_canonical_link_is_an_address_of_the_sitemap_and_back(project: Path) -> None:
    """Pages and the sitemap name a page by the same address; a redirect names its article's."""
    _aliased(project, "[world/old-hello/]")
    _write(project, "content/world/other.md", "---\ntitle: Other\nslug: other\nsection: World\ntags: [Budget]\n"
           "---\n\nBody.\n")
    assert main(["build", "--no-search", "--base-url", "https://example.org/news/"]) == 0
    site = project / "public"
    canonical: set[str] = set()
    for page in site.rglob("*.html"):
        canonical.update(re.findall(r'<link rel="canonical" href="([^"]*)">', page.read_text(encoding="utf-8")))
    sitemap = set(re.findall(r"<loc>([^<]*)</loc>", (site / "sitemap-1.xml").read_text(encoding="utf-8")))
    assert "https://example.org/news/world/hello/" in sitemap and "https://example.org/news/tags/budget/" in sitemap
    assert canonical == sitemap


def test_a_bad_base_url_on_the_command_line_is_refused_before_building(dated: Path, capsys) -> None:
    assert main(["build", "--no-search", "--base-url", "example.org"]) == 2
    assert "--base-url must be an address starting with http:// or https://" in capsys.readouterr().err
    assert not (dated / "public").exists()


@pytest.mark.parametrize("alias, file", [
    ("world/old-slug/", "world/old-slug/index.html"),
    ("/world/old-slug", "world/old-slug/index.html"),
    ("news/2019/story.html", "news/2019/story.html"),
    ("../outside/", None), ("world/../../x/", None), ("https://example.org/x/", None), ("//evil.org/x", None),
    ("world//x/", None), ("world/x?page=2", None), ("assets/style.css", None), ("pagefind/x/", None),
    ("world\\x", None), ("", None), ("./x/", None),
])
def test_an_alias_is_a_path_inside_the_site(alias: str, file: str | None) -> None:
    from site_builder.content.read import alias_file
    assert alias_file(alias) == file


def _aliased(project: Path, aliases: str, slug: str = "hello", name: str = "hello") -> None:
    _write(project, f"content/world/{name}.md", f"---\ntitle: Hello {name}\nslug: {slug}\nsection: World\n"
           f"date: 2024-05-06\naliases: {aliases}\n---\n\nBody.\n")


def test_each_alias_gets_a_redirect_page_that_check_accepts(project: Path) -> None:
    _aliased(project, "[world/old-hello/, /2019/05/hello.html]")
    assert main(["build", "--no-search", "--strict"]) == 0
    site = project / "public"
    html = (site / "world/old-hello/index.html").read_text(encoding="utf-8")
    assert '<meta http-equiv="refresh" content="0; url=../../world/hello/index.html">' in html
    assert '<link rel="canonical" href="../../world/hello/index.html">' in html
    assert "<script" not in html
    nested = (site / "2019/05/hello.html").read_text(encoding="utf-8")
    assert 'url=../../world/hello/index.html"' in nested
    assert check_site(site) == []
    assert main(["build", "--no-search", "--base-url", "https://example.org/news/"]) == 0
    html = (site / "world/old-hello/index.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://example.org/news/world/hello/">' in html
    assert "old-hello" not in (site / "sitemap-1.xml").read_text(encoding="utf-8")


def test_check_reports_a_redirect_that_leads_nowhere(project: Path) -> None:
    _aliased(project, "[world/old-hello/]")
    assert main(["build", "--no-search"]) == 0
    page = project / "public/world/old-hello/index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("url=../../world/hello/", "url=../../world/gone/"),
                    encoding="utf-8")
    assert "world/old-hello/index.html: link '../../world/gone/index.html' leads to no file" \
        in check_site(project / "public")


def test_aliases_that_leave_the_site_or_collide_are_refused_with_file_and_line(project: Path, capsys) -> None:
    _aliased(project, "[../../etc/x/, world/index.html, archive/, feed.xml/x/, world/taken/]")
    _aliased(project, "[world/taken/]", slug="second", name="second")
    assert main(["build", "--no-search"]) == 0
    err = capsys.readouterr().err
    assert "warning: world/hello.md:6: the alias '../../etc/x/' is not an address inside the site" in err
    assert "warning: world/hello.md:6: the alias 'world/' is a page of the site; no redirect is written there" in err
    assert "warning: world/hello.md:6: the alias 'archive/' lies in archive, a name the build writes at the top " \
        "of the site itself; choose another address; it is left out" in err
    assert "warning: world/hello.md:6: the alias 'feed.xml/x/' lies in feed.xml, a name the build" in err
    assert "warning: world/second.md:6: the alias 'world/taken/' is already an alias of world/hello.md" in err
    assert "Hello hello" in (project / "public/world/taken/index.html").read_text(encoding="utf-8")
    assert "Hello" not in (project / "public/world/index.html").read_text(encoding="utf-8").split("<main")[0]
    assert not (project.parent / "etc").exists()
    assert main(["build", "--no-search", "--strict"]) == 2
