"""Incremental builds: after any edit, a build with the cache gives exactly the
site a clean build gives; unchanged files are reused, not rewritten; a bad cache
is ignored with a notice; a killed incremental build leaves the previous site."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import msgspec
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from site_builder.build import index as index_stage
from site_builder.build import make as groups_module
from site_builder.build import model as model_stage
from site_builder.build import publish as publish_stage
from site_builder.build.run import BuildError, build
from site_builder.check.site import check_site
from site_builder.cli import main
from site_builder.core.config import Config, load_config
from site_builder.core.model import OutputPage
from site_builder.publish.cache import StoredArticle, decode_article
from site_builder.publish.output import MARKER, previous_dir
from site_builder.render import keys as page_keys
from site_builder.search import pagefind as search
from site_fixtures import digest_tree, write_articles

THEME_LIST = Path(__file__).resolve().parents[2] / "themes/default/templates/list.html"


def _page(project: Path, n: int, title: str = "", tags: tuple[str, ...] = ("Tag a",),
          people: tuple[str, ...] = ("Person a",), body: str = "Body.") -> None:
    path = project / "content" / ("world", "sport")[n % 2] / f"story-{n}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\ntitle: {title or f'Story {n}'}\nslug: story-{n}\nsection: {('World', 'Sport')[n % 2]}\n"
                    f"date: 2020-01-{n % 28 + 1:02d}\ntags: {json.dumps(list(tags))}\n"
                    f"people: {json.dumps(list(people))}\n---\n\n{body}\n", encoding="utf-8")


EDITS = st.one_of(
    st.tuples(st.just("body"), st.integers(0, 7), st.sampled_from(["Edited body.", "Another *body*."])),
    st.tuples(st.just("title"), st.integers(0, 7), st.sampled_from(["A new headline", "Zebra story"])),
    st.tuples(st.just("add"), st.integers(8, 12), st.just("")),
    st.tuples(st.just("delete"), st.integers(0, 7), st.just("")),
    st.tuples(st.just("tag"), st.integers(0, 7), st.sampled_from(["Tag a", "Tag b", "Tag c"])),
    st.tuples(st.just("person"), st.integers(0, 7), st.sampled_from(["Person a", "Person b", "Ann Other"])),
    st.tuples(st.just("template"), st.integers(0, 1), st.sampled_from(["<!-- one -->", "<!-- two -->"])),
    st.tuples(st.just("page_size"), st.integers(1, 3), st.just("")),
    st.tuples(st.just("entities"), st.just(0), st.sampled_from([
        'block."Person a" = true', 'merge."Person b" = "Person a"', 'retype."Ann Other" = "place"',
        'display."Person a" = "Person A. Shown"', ""])),
)


def _apply(project: Path, edit: tuple[str, int, str]) -> None:
    kind, n, value = edit
    if kind == "body":
        _page(project, n, body=value)
    elif kind == "title":
        _page(project, n, title=value)
    elif kind == "add":
        _page(project, n, tags=("Tag new",), people=("Person new",))
    elif kind == "delete":
        for page in (project / "content").rglob(f"story-{n}.md"):
            page.unlink()
    elif kind == "tag":
        _page(project, n, tags=(value,))
    elif kind == "person":
        _page(project, n, people=(value, "Person a"))
    elif kind == "template":
        (project / "templates").mkdir(exist_ok=True)
        (project / "templates/list.html").write_text(THEME_LIST.read_text(encoding="utf-8") + value + "\n",
                                                     encoding="utf-8")
    elif kind == "page_size":
        (project / "site.toml").write_text(f"page_size = {n}\n", encoding="utf-8")
    elif kind == "entities":  # the editor's file, applied by every build
        (project / "entities.toml").write_text(value + "\n", encoding="utf-8")


def _check_incremental_equals_clean(edits: list[tuple[str, int, str]], with_search: bool) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp)
        for n in range(8):
            _page(project, n)
        build(load_config(project), search=with_search)
        for edit in edits:
            _apply(project, edit)
            config = load_config(project)
            incremental = build(config, search=with_search)
            clean = build(config, out=project / "clean", search=with_search, use_cache=False)
            assert clean.rendered == clean.pages
            assert digest_tree(project / "public") == digest_tree(project / "clean"), f"after {edit}"
            assert incremental.pages == clean.pages
            shutil.rmtree(project / "clean")


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(EDITS, min_size=1, max_size=5))
def test_an_incremental_build_equals_a_clean_build_after_any_edits(edits: list[tuple[str, int, str]]) -> None:
    _check_incremental_equals_clean(edits, with_search=False)


@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(EDITS, min_size=1, max_size=3))
def test_an_incremental_build_equals_a_clean_build_search_shards_included(edits: list[tuple[str, int, str]]) -> None:
    saved = search.SHARD_ARTICLES
    search.SHARD_ARTICLES = 3  # several bundles from a few articles, so shards are reused and redone
    try:
        _check_incremental_equals_clean(edits, with_search=True)
    finally:
        search.SHARD_ARTICLES = saved


def test_search_is_split_into_bundles_the_search_page_names(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search, "SHARD_ARTICLES", 4)
    write_articles(project, 12, "x")
    assert main(["build"]) == 0
    html = (project / "public/search/index.html").read_text(encoding="utf-8")
    bundles = json.loads(html.split("data-bundles='")[1].split("'")[0])
    assert bundles and all(b.startswith("pagefind-shards/") for b in bundles)
    assert (project / "public/pagefind/pagefind-entry.json").is_file()
    for bundle in bundles:
        assert bundle.endswith("/") and not (project / "public" / bundle / "pagefind-ui.js").exists()
        entry = json.loads((project / "public" / bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
        assert entry["languages"]["en"]["page_count"] >= 1
    counted = sum(json.loads((project / "public" / b / "pagefind-entry.json").read_text())["languages"]["en"]
                  ["page_count"] for b in ["pagefind", *bundles])
    assert counted == 12  # each article in exactly one bundle


def _inodes(site: Path) -> dict[str, tuple[int, int]]:
    return {p.relative_to(site).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
            for p in site.rglob("*") if p.is_file()}


def test_nothing_changed_writes_nothing(project: Path, capsys) -> None:
    write_articles(project, 30, "x")
    assert main(["build", "--no-search"]) == 0
    before = _inodes(project / "public")
    capsys.readouterr()
    assert main(["build", "--no-search"]) == 0
    assert "nothing changed, no file written" in capsys.readouterr().out
    assert _inodes(project / "public") == before


def test_one_edit_rerenders_only_its_pages_and_keeps_the_inode_of_the_rest(project: Path, capsys) -> None:
    write_articles(project, 30, "x")
    assert main(["build"]) == 0
    before = _inodes(project / "public")
    page = project / "content/world/story-3.md"
    page.write_text(page.read_text(encoding="utf-8").replace("Paragraph about x.", "A new paragraph.", 1),
                    encoding="utf-8")
    capsys.readouterr()
    assert main(["build"]) == 0
    assert " rendered, " in capsys.readouterr().out
    after = _inodes(project / "public")
    changed = {rel for rel in after if before.get(rel) != after[rel]}
    search_files = {rel for rel in changed if rel.startswith(("pagefind", "search-index/"))}
    assert changed - search_files == {"world/story-3/index.html", MARKER}  # every other file is the same inode
    assert any(rel.startswith("pagefind/") for rel in search_files)  # its bundle was indexed again
    assert "A new paragraph." in (project / "public/world/story-3/index.html").read_text(encoding="utf-8")
    assert check_site(project / "public") == []


@pytest.mark.parametrize("damage", ["not json {", json.dumps({"format": "something-else/9", "pages": {}}),
                                    json.dumps({"format": "site-builder-cache/1", "version": "0.1.0",
                                                "pages": {"k": "not a pair"}})])
def test_a_corrupt_or_foreign_cache_is_discarded_with_a_notice(project: Path, capsys, damage: str) -> None:
    write_articles(project, 10, "x")
    assert main(["build", "--no-search"]) == 0
    clean = digest_tree(project / "public")
    cache = project / ".cache/site-builder"
    for shard in (cache / "content").glob("*.json"):
        shard.write_text(damage, encoding="utf-8")
    for record in cache.glob("output-*.json"):
        record.write_text(damage.replace('"pages": {', '"keys": {'), encoding="utf-8")
    page = project / "content/world/story-3.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nMore.\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["build", "--no-search"]) == 0
    err = capsys.readouterr().err
    assert "notice: the build cache" in err and "it is ignored and will be rewritten" in err
    assert "More." in (project / "public/world/story-3/index.html").read_text(encoding="utf-8")
    assert main(["build", "--no-search", "--no-cache", "--out", "clean"]) == 0
    assert digest_tree(project / "public") == digest_tree(project / "clean") != clean
    capsys.readouterr()
    assert main(["build", "--no-search"]) == 0  # the cache was rewritten: no notice any more
    assert "notice" not in capsys.readouterr().err


def test_a_site_changed_behind_the_cache_is_not_trusted(project: Path) -> None:
    write_articles(project, 10, "x")
    assert main(["build", "--no-search"]) == 0
    (project / "public/index.html").unlink()
    assert main(["build", "--no-search", "--no-cache"]) == 0  # a build without the cache rewrites the site
    page = project / "content/world/story-3.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nMore.\n", encoding="utf-8")
    assert main(["build", "--no-search"]) == 0
    assert main(["build", "--no-search", "--no-cache", "--out", "clean"]) == 0
    assert digest_tree(project / "public") == digest_tree(project / "clean")


def test_a_killed_incremental_build_leaves_the_previous_site_and_a_usable_cache(project: Path) -> None:
    write_articles(project, 200, "first")
    assert main(["build", "--no-search"]) == 0
    site = project / "public"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    for round_number, delay in enumerate((0.2, 0.5, 0.9, 1.3)):
        before = digest_tree(site)
        page = project / f"content/world/story-{round_number * 3}.md"
        page.write_text(page.read_text(encoding="utf-8") + f"\nEdit {round_number}.\n", encoding="utf-8")
        process = subprocess.Popen([sys.executable, "-m", "site_builder", "build", "--no-search"], cwd=project,
                                   env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        now = digest_tree(site)
        assert check_site(site) == [], f"killed after {delay} s"
        edited = (site / f"world/story-{round_number * 3}/index.html").read_text(encoding="utf-8")
        assert now == before or f"Edit {round_number}." in edited  # the old site, or the whole new one
    assert main(["build", "--no-search"]) == 0
    assert main(["build", "--no-search", "--no-cache", "--out", "clean"]) == 0
    assert digest_tree(site) == digest_tree(project / "clean")
    assert not list(project.glob(".public.building-*"))


def test_an_embargo_that_ends_is_published_although_no_file_changed(project: Path) -> None:
    import datetime as dt

    write_articles(project, 3, "x")
    page = project / "content/world/story-0.md"
    page.write_text(page.read_text(encoding="utf-8").replace("date: 2020-01-01", "date: 2030-06-01"),
                    encoding="utf-8")
    config = load_config(project)
    before = build(config, search=False, now=dt.datetime(2029, 1, 1, tzinfo=dt.UTC))
    assert before.held_back.embargoed == 1 and not (project / "public/world/story-0/index.html").exists()
    again = build(config, search=False, now=dt.datetime(2029, 2, 1, tzinfo=dt.UTC))
    assert again.unchanged and again.held_back.embargoed == 1
    after = build(config, search=False, now=dt.datetime(2030, 6, 2, tzinfo=dt.UTC))
    assert not after.unchanged and after.held_back.embargoed == 0
    assert (project / "public/world/story-0/index.html").is_file()


def test_a_cached_article_is_the_article_parsed() -> None:
    import datetime as dt

    from site_builder.core.model import Article, EntityRef
    from site_builder.publish.cache import encode_article

    for date in (None, dt.date(2020, 1, 4), dt.datetime(2020, 1, 4, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=-5)))):
        article = Article(title="T", slug="t", section="World", section_slug="world", body="B\n", source_path="w/t.md",
                          date=date, tags=("a", "b"), people=(EntityRef("Ann Lee", ("Lee",)),),
                          places=(EntityRef("Paris"),))
        again = decode_article(msgspec.json.decode(msgspec.json.encode(encode_article(article)), type=StoredArticle))
        assert again == article and type(again.date) is type(article.date)


def test_changing_only_an_image_file_changes_its_copy_and_the_page(project: Path, capsys) -> None:
    write_articles(project, 3, "x")
    page = sorted((project / "content").rglob("*.md"))[0]
    page.write_text(page.read_text(encoding="utf-8").replace("---\n", "---\nimage: photo.gif\nimage_alt: A photo\n", 1),
                    encoding="utf-8")
    picture = page.parent / "photo.gif"
    picture.write_bytes(b"GIF89a" + (4).to_bytes(2, "little") + (3).to_bytes(2, "little") + b"\x00\x00\x00;")
    assert main(["build", "--no-search"]) == 0
    first = sorted((project / "public/assets/images").iterdir())
    picture.write_bytes(b"GIF89a" + (5).to_bytes(2, "little") + (3).to_bytes(2, "little") + b"\x00\x00\x00;")
    capsys.readouterr()
    assert main(["build", "--no-search"]) == 0
    assert "nothing changed" not in capsys.readouterr().out
    copies = sorted((project / "public/assets/images").iterdir())
    assert len(copies) == 1 and copies != first
    assert copies[0].read_bytes() == picture.read_bytes()
    html = next(p for p in (project / "public").rglob("index.html") if copies[0].name in p.read_text(encoding="utf-8"))
    assert 'width="5" height="3"' in html.read_text(encoding="utf-8")
    clean = build(load_config(project), out=project / "clean", use_cache=False, search=False)
    assert clean.problems == []
    assert digest_tree(project / "public") == digest_tree(project / "clean")


def _edit_story(project: Path, n: int, text: str) -> None:
    page = project / f"content/{('world', 'business', 'sport')[n % 3]}/story-{n}.md"
    page.write_text(page.read_text(encoding="utf-8") + f"\n{text}\n", encoding="utf-8")


def test_the_older_site_is_kept_and_brought_up_to_date_so_only_edited_files_change(project: Path) -> None:
    write_articles(project, 30, "x")
    site = project / "public"
    config = load_config(project)
    build(config, search=False)
    for round_number in range(4):
        before = _inodes(site)
        _edit_story(project, round_number * 4, f"Edit {round_number}.")
        build(config, search=False)
        after = _inodes(site)
        changed = {rel for rel in after if before.get(rel) != after[rel]} - {MARKER}
        assert {rel for rel in changed if not rel.startswith("search-index/")} == \
            {f"{('world', 'business', 'sport')[round_number * 4 % 3]}/story-{round_number * 4}/index.html"}
        assert set(after) == set(before)
        assert previous_dir(site, project / ".cache/site-builder").is_dir()  # the site before, kept for the next build
        build(config, out=project / "clean", search=False, use_cache=False)
        assert digest_tree(site) == digest_tree(project / "clean"), f"round {round_number}"
        shutil.rmtree(project / "clean")
    _apply(project, ("delete", 0, ""))  # a page gone: its file and folder leave the kept site too
    build(config, search=False)
    build(config, out=project / "clean", search=False, use_cache=False)
    assert digest_tree(site) == digest_tree(project / "clean")
    assert not (site / "world/story-0").exists()


@pytest.mark.parametrize("kill_after", [0, 1, 3])
def test_a_build_killed_while_it_updates_the_older_site_leaves_the_live_one(project: Path, kill_after: int) -> None:
    write_articles(project, 30, "x")
    site = project / "public"
    config = load_config(project)
    build(config, search=False)
    _edit_story(project, 1, "First edit.")
    build(config, search=False)  # the first site is kept beside the live one
    _edit_story(project, 2, "Second edit.")
    _edit_story(project, 5, "Second edit.")
    before = digest_tree(site)
    pid = os.fork()
    if pid == 0:  # a build killed (SIGKILL) at the kill_after-th file one of its processes puts in the older site
        try:
            calls = [0]
            target = groups_module.Writer._target
            build_pid = os.getpid()

            def dying_target(writer: groups_module.Writer, rel: str) -> Path:
                if writer.present:
                    if calls[0] == kill_after:
                        os.kill(build_pid, signal.SIGKILL)
                        time.sleep(60)  # a process of the build: ended with it (workers.die_with_parent)
                    calls[0] += 1
                return target(writer, rel)

            groups_module.Writer._target = dying_target  # type: ignore[method-assign]
            build(config, search=False, jobs=1)
        finally:
            os._exit(3)
    _pid, status = os.waitpid(pid, 0)
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
    assert not previous_dir(site, project / ".cache/site-builder").exists()  # being updated: not trusted
    assert digest_tree(site) == before and check_site(site) == []
    result = build(config, search=False)
    assert "Second edit." in (site / "sport/story-2/index.html").read_text(encoding="utf-8")
    assert result.rendered < result.pages
    build(config, out=project / "clean", search=False, use_cache=False)
    assert digest_tree(site) == digest_tree(project / "clean")
    assert not list(project.glob(".public.building-*"))


def test_files_added_or_removed_by_hand_are_noticed_without_walking_the_site(project: Path, capsys) -> None:
    write_articles(project, 12, "x")
    site = project / "public"
    assert main(["build", "--no-search"]) == 0
    _edit_story(project, 1, "An edit.")
    assert main(["build", "--no-search"]) == 0  # now an older site is kept too
    (site / "CNAME").write_text("news.example.org\n")
    (site / "world/story-3/notes.txt").write_text("deep\n")  # into a folder the build made
    (site / ".well-known").mkdir()
    (site / ".well-known/security.txt").write_text("Contact: x\n")  # in a new folder
    (site / "world/story-6/index.html").unlink()  # a page of the build, removed by hand
    capsys.readouterr()
    assert main(["build", "--no-search"]) == 0
    assert "nothing changed" not in capsys.readouterr().out
    assert (site / "world/story-6/index.html").is_file()  # put back
    carried = {"CNAME": "news.example.org\n", "world/story-3/notes.txt": "deep\n",
               ".well-known/security.txt": "Contact: x\n"}
    assert {rel: (site / rel).read_text() for rel in carried} == carried
    assert main(["build", "--no-search", "--no-cache", "--out", "clean"]) == 0
    assert {rel: h for rel, h in digest_tree(site).items() if rel not in carried and rel != MARKER} == \
        {rel: h for rel, h in digest_tree(project / "clean").items() if rel != MARKER}
    capsys.readouterr()
    assert main(["build", "--no-search"]) == 0
    assert "nothing changed" in capsys.readouterr().out
    (site / "CNAME").unlink()
    for round_number in range(3):  # the kept older sites had a CNAME: it never comes back
        if round_number:
            _edit_story(project, round_number, f"Round {round_number}.")
        assert main(["build", "--no-search"]) == 0
        assert not (site / "CNAME").exists()
        assert (site / "world/story-3/notes.txt").read_text() == "deep\n"
        assert (site / "world/story-6/index.html").is_file()  # nor does a kept site lose the page put back
    assert main(["build", "--no-search", "--no-cache", "--out", "clean"]) == 0
    assert {rel: h for rel, h in digest_tree(site).items() if rel not in carried and rel != MARKER} == \
        {rel: h for rel, h in digest_tree(project / "clean").items() if rel != MARKER}


def test_list_item_digests_are_reused_but_any_change_in_an_item_changes_the_key() -> None:
    from site_builder.core.model import OutputPage
    from site_builder.render.keys import PageKeys

    teaser = {"title": "A", "url": "a/index.html", "tags": [{"name": "T", "url": None}]}

    def home(*items: object) -> OutputPage:
        return OutputPage("index.html", "list.html", {"items": list(items), "title": "Home"})

    keys = PageKeys("environment")
    first = keys(home(teaser, dict(teaser)))
    assert keys(home(dict(teaser), teaser)) == first
    assert keys(OutputPage("index.html", "list.html", {"items": (teaser, teaser), "title": "Home"})) == first  # a tuple
    assert PageKeys("environment")(home(teaser, teaser)) == first  # the same data, the same key, in a build of its own
    changed = {**teaser, "tags": [{"name": "T", "url": "tags/t/index.html"}]}
    assert PageKeys("environment")(home(teaser, changed)) != first


def test_the_parsed_pages_are_stored_again_only_where_a_page_changed(project: Path) -> None:
    write_articles(project, 40, "x")
    config = load_config(project)
    build(config, search=False)
    shards = project / ".cache/site-builder/content"

    def stored() -> dict[str, tuple[int, int, bytes]]:
        return {p.name: (p.stat().st_ino, p.stat().st_mtime_ns, p.read_bytes()) for p in shards.glob("*.json")}

    before = stored()
    assert 10 < len(before) <= 40  # the pages are spread over shards
    _apply(project, ("template", 0, "<!-- a template edit -->"))
    build(config, search=False)
    assert stored() == before
    _edit_story(project, 4, "An edit.")
    build(config, search=False)
    after = stored()
    rewritten = {name for name in after if after[name] != before.get(name)} | (before.keys() - after.keys())
    assert 1 <= len(rewritten) <= 2  # the shard the old page was in, and the one the edited page went to
    pages = {key: entry for name in rewritten if name in after
             for key, entry in json.loads(after[name][2])["pages"].items()}
    articles = [decode_article(msgspec.convert(entry[0], StoredArticle)) for entry in pages.values()]
    assert any("An edit." in article.body for article in articles)


def _fail(*_args: object, **_kwargs: object) -> None:
    raise AssertionError("worked out again although no page but an edited article's own can change")


def _built_then_edited(project: Path, count: int) -> Config:
    """A site of `count` articles built, then story 4's body edited."""
    write_articles(project, count, "x")
    config = load_config(project)
    build(config, search=False)
    _edit_story(project, 4, "An edit.")
    return config


def test_a_body_edit_renders_its_page_alone_without_working_out_the_model_again(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = _built_then_edited(project, 30)
    # Term lists, related coverage and every other page's view come from the last build.
    from site_builder.pages import archive, feeds, lists, site_pages, term
    from site_builder.site import model
    for module in (model_stage, model):
        monkeypatch.setattr(module, "term_rows", _fail)
        monkeypatch.setattr(module, "related_articles", _fail)
    for owner, name in ((lists, "list_page"), (lists, "page_inputs"), (site_pages.SitePages, "list_inputs"),
                        (term._TermPages, "index_inputs"), (term._TermPages, "index"), (archive, "archive_index"),
                        (term._TermPages, "context"), (feeds, "feed_page")):
        monkeypatch.setattr(owner, name, _fail)
    result = build(config, search=False)
    assert result.rendered == 1
    monkeypatch.undo()
    build(config, out=project / "clean", search=False, use_cache=False)
    assert digest_tree(project / "public") == digest_tree(project / "clean")


def test_a_title_edit_renders_every_list_that_shows_it(project: Path) -> None:
    write_articles(project, 30, "x")
    config = load_config(project)
    build(config, search=False)
    page = project / "content/business/story-4.md"
    page.write_text(page.read_text(encoding="utf-8").replace("title: Story 4 x", "title: A new headline"),
                    encoding="utf-8")
    result = build(config, search=False)
    assert result.rendered > 1
    home = (project / "public/index.html").read_text(encoding="utf-8")
    assert "A new headline" in home
    build(config, out=project / "clean", search=False, use_cache=False)
    assert digest_tree(project / "public") == digest_tree(project / "clean")


def test_an_edit_built_into_another_folder_first_still_reaches_this_one(project: Path) -> None:
    """The parse cache is shared by every output folder; what one folder's site was
    built from is recorded with that folder."""
    write_articles(project, 12, "x")
    config = load_config(project)
    build(config, search=False)
    _edit_story(project, 4, "An edit.")
    build(config, out=project / "preview", search=False)
    build(config, search=False)
    assert "An edit." in (project / "public/business/story-4/index.html").read_text(encoding="utf-8")
    build(config, out=project / "clean", search=False, use_cache=False)
    assert digest_tree(project / "public") == digest_tree(project / "clean")


def test_a_page_gone_from_the_site_while_the_build_runs_is_rendered_again(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = _built_then_edited(project, 12)
    reuse = groups_module.Writer.reuse

    def lose_the_home_page(self: groups_module.Writer, rel: str, previous: Path, key: str) -> bool:
        return False if rel == "index.html" else reuse(self, rel, previous, key)

    monkeypatch.setattr(groups_module.Writer, "reuse", lose_the_home_page)
    result = build(config, search=False)
    assert result.rendered == 2  # the edited article and the home page
    monkeypatch.undo()
    build(config, out=project / "clean", search=False, use_cache=False)
    assert digest_tree(project / "public") == digest_tree(project / "clean")


@pytest.mark.parametrize("damage", [
    "not json {",
    "terms-not-a-dict",
    "index-out-of-range",
    "too-few-rows",
])
def test_damaged_model_facts_are_discarded_with_a_notice(project: Path, capsys, damage: str) -> None:
    write_articles(project, 12, "x")
    assert main(["build", "--no-search"]) == 0
    stored = project / ".cache/site-builder/model.json"
    data = json.loads(stored.read_text(encoding="utf-8"))
    if damage == "not json {":
        stored.write_text(damage, encoding="utf-8")
    else:
        if damage == "terms-not-a-dict":
            data["terms"] = ["people"]
        elif damage == "index-out-of-range":
            data["terms"]["people"][0][3] = [999]
        else:
            data["related"] = data["related"][:-1]
        stored.write_text(json.dumps(data), encoding="utf-8")
    _edit_story(project, 4, "An edit.")
    capsys.readouterr()
    assert main(["build", "--no-search"]) == 0
    err = capsys.readouterr().err
    assert "notice: the build cache" in err and "model.json" in err and "ignored" in err
    assert main(["build", "--no-search", "--no-cache", "--out", "clean"]) == 0
    assert digest_tree(project / "public") == digest_tree(project / "clean")


def test_a_new_headline_makes_only_the_pages_that_show_it(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_articles(project, 40, "x")
    (project / "site.toml").write_text("page_size = 5\n", encoding="utf-8")
    config = load_config(project)
    build(config, search=False)
    page = project / "content/business/story-4.md"
    page.write_text(page.read_text(encoding="utf-8").replace("title: Story 4 x", "title: A new headline"),
                    encoding="utf-8")
    from site_builder.pages import lists
    made: list[str] = []
    list_page = lists.list_page

    def counted(site: object, page: object) -> list[object]:
        result = list_page(site, page)  # type: ignore[arg-type]
        made.extend(p.path for p in result)
        return result  # type: ignore[return-value]

    monkeypatch.setattr(lists, "list_page", counted)
    build(config, search=False)
    monkeypatch.undo()
    showing = {rel for rel in digest_tree(project / "public")
               if rel.endswith("index.html") and "A new headline" in (project / "public" / rel).read_text("utf-8")}
    articles = {rel for rel in showing if re.fullmatch(r"(world|business|sport)/story-\d+/index\.html", rel)}
    assert len(made) == len(set(made)) and set(made) == showing - articles
    assert len(made) < 10  # of 60-odd list pages
    build(config, out=project / "clean", search=False, use_cache=False)
    assert digest_tree(project / "public") == digest_tree(project / "clean")


def test_a_page_changed_only_where_the_indexer_does_not_read_keeps_its_search_bundle(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search, "SHARD_ARTICLES", 2)  # several bundles of a few articles
    for n in range(12):
        _page(project, n, tags=(f"Tag {n % 3}",), people=(f"Person {n % 3}",))
    config = load_config(project)
    build(config, search=True)
    log = project.parent / "indexed.txt"  # the indexer runs in a process of its own: it writes down its bundles
    index_bundles = index_stage.index_bundles

    def recorded(site: Path, groups: dict[str, list[str]], language: str = "en") -> None:
        with log.open("a", encoding="utf-8") as handle:
            handle.writelines(f"{bundle}\n" for bundle in groups)
        index_bundles(site, groups, language)

    monkeypatch.setattr(index_stage, "index_bundles", recorded)
    _page(project, 12, tags=("Tag 1",), people=("Person 1",))  # the newest: "related coverage" of others moves
    result = build(config, search=True)
    indexed = log.read_text(encoding="utf-8").split()
    urls = [p.relative_to(project / "content").with_suffix("").as_posix() + "/index.html"
            for p in (project / "content").rglob("*.md")]
    new_bundle = {b for b, pages in search.shard_bundles(urls).items() if "world/story-12/index.html" in pages}
    assert result.rendered > 1 + 6  # the new page, lists, and articles whose related coverage changed
    assert set(indexed) == new_bundle
    monkeypatch.undo()
    monkeypatch.setattr(search, "SHARD_ARTICLES", 2)
    build(config, out=project / "clean", search=True, use_cache=False)
    assert digest_tree(project / "public") == digest_tree(project / "clean")


def test_files_the_older_site_replaces_go_to_a_trash_folder_deleted_once_the_site_is_published(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_articles(project, 12, "x")
    config = load_config(project)
    build(config, search=False)
    _edit_story(project, 4, "An edit.")
    build(config, search=False)  # the first site is kept beside this one, as the older site
    older_page = previous_dir(project / "public", project / ".cache/site-builder") / "business/story-4/index.html"
    inode = older_page.stat().st_ino
    _edit_story(project, 4, "A second edit.")
    trashed: list[int] = []
    publish = publish_stage.publish

    def looked_at(staging: Path, out: Path, *args: Any) -> Any:
        trashed.extend(p.stat().st_ino for p in staging.with_name(staging.name + ".trash").iterdir())
        return publish(staging, out, *args)

    monkeypatch.setattr(publish_stage, "publish", looked_at)
    build(config, search=False, jobs=1)
    assert inode in trashed  # the older site's copy of the edited page, moved out of the way, not written into
    assert not list(project.glob(".public.building-*"))
    monkeypatch.undo()
    _edit_story(project, 4, "A third edit.")
    (project / "templates").mkdir()
    (project / "templates/article.html").write_text("{{ no_such_thing.attribute }}", encoding="utf-8")
    with pytest.raises(BuildError):
        build(config, search=False)
    assert not list(project.glob(".public.building-*"))  # a failed build leaves no trash either
    shutil.rmtree(project / "templates")
    build(config, search=False)
    build(config, out=project / "clean", search=False, use_cache=False)
    assert digest_tree(project / "public") == digest_tree(project / "clean")


def test_lists_are_keyed_by_their_inputs_and_keep_their_files_through_edits_they_do_not_show(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A list page, a feed or an index shows nothing but what its group's inputs digest,
    so its key is made from them, not from its whole view; an edit no list shows (the
    file's name, an old address) leaves every list's file as it was."""
    write_articles(project, 30, "x")
    config = load_config(project)
    build(config, search=False)
    site = project / "public"
    page = project / "content/business/story-4.md"
    page.rename(project / "content/business/story-four.md")  # the same slug: the same page
    page = project / "content/business/story-four.md"
    page.write_text(page.read_text(encoding="utf-8").replace("slug: story-4\n", "slug: story-4\naliases: [old/]\n"),
                    encoding="utf-8")
    before = _inodes(site)
    build(config, search=False)
    after = _inodes(site)
    changed = {rel for rel in after if before.get(rel) != after[rel]}
    assert changed <= {"business/story-4/index.html", "old/index.html", MARKER}
    page.write_text(page.read_text(encoding="utf-8").replace("title: Story 4 x", "title: A new headline"),
                    encoding="utf-8")
    viewed: list[str] = []
    page_key = page_keys.PageKeys.__call__

    def recorded(self: page_keys.PageKeys, output: OutputPage) -> str:
        viewed.append(output.path)
        return page_key(self, output)

    monkeypatch.setattr(page_keys.PageKeys, "__call__", recorded)
    result = build(config, search=False, jobs=1)
    assert result.rendered > 3 and "A new headline" in (site / "index.html").read_text(encoding="utf-8")
    assert "index.html" not in viewed and "feed.xml" not in viewed and "business/story-4/index.html" in viewed
    monkeypatch.undo()
    build(config, out=project / "clean", search=False, use_cache=False)
    assert digest_tree(site) == digest_tree(project / "clean")
