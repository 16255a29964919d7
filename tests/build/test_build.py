"""End to end: seeds → content → site, checked as a reader would meet it."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest

from site_builder.build.run import BuildError, build
from site_builder.check.site import check_site, inspect_page
from site_builder.cli import main
from site_builder.core.config import load_config
from site_fixtures import digest_tree, write_articles

ARTICLE = "world/5-members-of-iran-backed-militia-killed-in-iraq-airstrike/index.html"


@pytest.fixture
def site(copy_of_built_seeds: Callable[..., Path]) -> Path:
    return copy_of_built_seeds() / "public"


def test_the_site_passes_check(site: Path, capsys) -> None:
    assert check_site(site) == []
    assert main(["check"]) == 0
    assert "every link, anchor and asset resolves" in capsys.readouterr().out


def test_article_page_shows_headline_caption_and_all_paragraphs(site: Path) -> None:
    html = (site / ARTICLE).read_text(encoding="utf-8")
    page = inspect_page(html)
    assert page.h1 == ["5 members of Iran-backed militia killed in Iraq airstrike"]
    assert page.lang == "en"
    assert "A member of the Iran-backed Popular Mobilization Forces is seen in Basra" in html
    assert "Alaa al-Marjani/Reuters" in html
    body = html.split('<div class="body">')[1].split("</div>")[0]
    assert body.count("<p>") == 10
    assert "American military did not carry out attack, says U.S. official" in html
    assert 'href="../../world/index.html"' in html  # the section link, relative


def test_home_and_section_list_the_article(site: Path) -> None:
    for page in ("index.html", "world/index.html", "archive/undated/index.html"):
        assert f'href="{"../" * page.count("/")}{ARTICLE}"' in (site / page).read_text(encoding="utf-8")


def test_undated_article_is_shown_as_undated(site: Path) -> None:
    assert "Undated" in (site / ARTICLE).read_text(encoding="utf-8")


def _dated(site: Path) -> Path:
    """The site again with its one (undated) article dated: feeds list only dated articles."""
    page = next((site.parent / "content/world").glob("*.md"))
    page.write_text(page.read_text(encoding="utf-8").replace("section: World\n", "section: World\ndate: 2020-01-04\n"),
                    encoding="utf-8")
    assert main(["build", "--no-search"]) == 0
    return site


def test_feed_parses(site: Path) -> None:
    undated = ET.parse(site / "feed.xml").getroot()
    assert undated.find("{http://www.w3.org/2005/Atom}entry") is None
    feed = ET.parse(_dated(site) / "feed.xml").getroot()
    titles = [e.text for e in feed.iter("{http://www.w3.org/2005/Atom}title")]
    assert "5 members of Iran-backed militia killed in Iraq airstrike" in titles


def test_search_index_is_written(site: Path) -> None:
    assert (site / "pagefind/pagefind.js").is_file()
    entry = json.loads((site / "pagefind/pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["languages"]["en"]["page_count"] == 1  # the article; list pages are not indexed
    assert not list(site.parent.glob(".public.building-*"))  # the indexer's scratch folder is gone
    assert not (site / "assets/search-data.js").exists()  # the whole-archive offline index is gone
    doc = (site / "search-index/d/0.js").read_text(encoding="utf-8")
    assert doc.startswith('SiteSearchOffline.register("d/0",') and ARTICLE in doc


def test_same_inputs_give_byte_identical_output(project: Path) -> None:
    main(["ingest"])
    main(["build"])
    first = digest_tree(project / "public")
    main(["build"])
    assert digest_tree(project / "public") == first


def test_pagination_links_every_page(project: Path) -> None:
    main(["ingest"])
    page = (project / "content/world/5-members-of-iran-backed-militia-killed-in-iraq-airstrike.md")
    text = page.read_text(encoding="utf-8")
    for n in range(4):
        copy = text.replace("slug: 5-members", f"slug: copy-{n}-5-members").replace(
            "title: 5 members", f"title: Copy {n}").replace(
            "section: World", "section: World\ndate: 2020-01-0" + str(n + 1))
        (page.parent / f"copy-{n}.md").write_text(copy, encoding="utf-8")
    (project / "site.toml").write_text("page_size = 2\n")
    assert main(["build", "--no-search"]) == 0
    site = project / "public"
    assert (site / "page/3/index.html").is_file() and not (site / "page/4/index.html").exists()
    assert (site / "world/page/2/index.html").is_file()
    assert check_site(site) == []
    home = (site / "index.html").read_text(encoding="utf-8")
    assert home.index("Copy 3") < home.index("Copy 2")  # newest first


def test_failed_build_leaves_the_previous_site(project: Path) -> None:
    main(["ingest"])
    main(["build", "--no-search"])
    before = digest_tree(project / "public")
    (project / "templates").mkdir()
    (project / "templates/article.html").write_text(
        "{% extends 'base.html' %}{% block main %}{{ nope.x }}{% endblock %}")
    with pytest.raises(BuildError, match="article.html"):
        build(load_config(project))
    assert digest_tree(project / "public") == before
    assert not list(project.glob(".public.building-*"))


@pytest.mark.parametrize("out", [".", "content", "seeds", "/", "content/public"])
def test_dangerous_output_folders_are_refused(project: Path, out: str, capsys) -> None:
    main(["ingest"])
    assert main(["build", "--out", out]) == 2
    assert "refusing to build into" in capsys.readouterr().err


def test_output_folder_with_foreign_files_is_refused(project: Path, capsys) -> None:
    main(["ingest"])
    (project / "elsewhere").mkdir()
    (project / "elsewhere/thesis.doc").write_text("precious")
    assert main(["build", "--out", "elsewhere"]) == 2
    assert (project / "elsewhere/thesis.doc").read_text() == "precious"


def test_files_added_to_the_output_by_hand_survive_a_rebuild(project: Path) -> None:
    main(["ingest"])
    main(["build", "--no-search"])
    (project / "public/CNAME").write_text("news.example.org\n")
    main(["build", "--no-search"])
    assert (project / "public/CNAME").read_text() == "news.example.org\n"


def test_help_for_each_command(capsys) -> None:
    for command in ("ingest", "build"):
        with pytest.raises(SystemExit) as done:
            main([command, "--help"])
        assert done.value.code == 0
        assert "usage: site-builder " + command in capsys.readouterr().out


def test_search_index_uses_the_site_language(project: Path) -> None:
    (project / "site.toml").write_text('language = "fr"\n')
    main(["ingest"])
    assert main(["build"]) == 0
    entry = json.loads((project / "public/pagefind/pagefind-entry.json").read_text(encoding="utf-8"))
    assert list(entry["languages"]) == ["fr"]
    assert '<html lang="fr">' in (project / "public/index.html").read_text(encoding="utf-8")


def test_parallel_rendering_writes_the_same_site(project: Path) -> None:
    write_articles(project, 400)
    config = load_config(project)
    serial = build(config, out=project / "one", jobs=1)
    parallel = build(config, out=project / "two", jobs=2)
    assert serial.pages == parallel.pages > 400
    assert digest_tree(project / "one") == digest_tree(project / "two")


def test_template_error_in_a_render_worker_fails_the_build_cleanly(project: Path) -> None:
    write_articles(project, 300, tags=False)
    (project / "templates").mkdir()
    (project / "templates/term.html").write_text("{% extends 'base.html' %}{% block main %}{{ 1 // 0 }}{% endblock %}")
    with pytest.raises(BuildError, match=r"term\.html:1 failed while rendering people/.*ZeroDivisionError"):
        build(load_config(project), jobs=2)
    assert not (project / "public").exists()
    assert not list(project.glob(".public.building-*"))


def test_each_section_has_a_feed_linked_from_its_page(site: Path) -> None:
    feed = ET.parse(_dated(site) / "world/feed.xml").getroot()
    ns = "{http://www.w3.org/2005/Atom}"
    assert feed.findtext(f"{ns}title") == "News Briefing Archive: World"
    link = feed.find(f"{ns}entry/{ns}link")
    assert link is not None and (site / "world" / link.get("href", "") / "index.html").resolve() \
        == (site / ARTICLE).resolve()
    assert 'href="../world/feed.xml"' in (site / "world/index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("toml, inside", [
    ('output = "static"\n', "static/"),
    ('output = "static/site"\n', "static/"),
    ('output = "./static/"\n', "static/"),
    ('static = "files"\noutput = "files/public"\n', "static/"),
    ('output = "templates/site"\n', "templates/"),
    ('output = "themes/default/static"\n', "themes/"),
])
def test_output_inside_a_source_folder_is_refused_before_anything_is_written(
        project: Path, toml: str, inside: str, capsys) -> None:
    """output = "static" was accepted: every build then copied the previous site into assets/."""
    main(["ingest"])
    (project / "site.toml").write_text(toml)
    before = sorted(p.relative_to(project).as_posix() for p in project.rglob("*"))
    assert main(["build", "--no-search"]) == 2
    err = capsys.readouterr().err
    assert "refusing to build into" in err and inside in err
    assert sorted(p.relative_to(project).as_posix() for p in project.rglob("*")) == before


def test_a_feed_entry_names_the_articles_author_else_the_site(tmp_path: Path) -> None:
    """The article page says "By Maria Keller"; its Atom entry said the site name."""
    (tmp_path / "content/world").mkdir(parents=True)
    (tmp_path / "content/world/signed.md").write_text(
        "---\ntitle: Signed story\ndate: 2020-01-02\nauthor: Maria Keller\n---\n\nText.\n", encoding="utf-8")
    (tmp_path / "content/world/unsigned.md").write_text(
        "---\ntitle: Unsigned story\ndate: 2020-01-01\n---\n\nText.\n", encoding="utf-8")
    (tmp_path / "site.toml").write_text('title = "The Daily Brief"\n')
    site = build(load_config(tmp_path)).out
    assert "By <span class=\"author\">Maria Keller</span>" in \
        (site / "world/signed-story/index.html").read_text(encoding="utf-8")
    ns = "{http://www.w3.org/2005/Atom}"
    for feed in ("feed.xml", "world/feed.xml"):
        entries = ET.parse(site / feed).getroot().findall(f"{ns}entry")
        authors = {e.findtext(f"{ns}title"): e.findtext(f"{ns}author/{ns}name") for e in entries}
        assert authors == {"Signed story": "Maria Keller", "Unsigned story": "The Daily Brief"}, feed
