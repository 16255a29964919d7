"""The build cache's parsed content pages: kept in shards, each read only when it is
whole and written by this site_builder, rewritten only when its pages change."""

from __future__ import annotations

import gc
import json
from pathlib import Path

import pytest

from site_builder.build.run import build
from site_builder.cli import main
from site_builder.content.read import broken_rule, load_articles, scan_content
from site_builder.core.config import load_config
from site_builder.publish.cache import SHARDS, BuildCache, Published, Tree
from site_builder.publish.output import MARKER, marker_token
from site_builder.search import offline as offline_index
from site_fixtures import digest_tree, write_articles


def _shards(project: Path) -> list[Path]:
    return sorted((project / ".cache/site-builder" / SHARDS).glob("*.json"))


def _edit(project: Path, n: int, text: str) -> None:
    page = project / f"content/{('world', 'business', 'sport')[n % 3]}/story-{n}.md"
    page.write_text(page.read_text(encoding="utf-8") + f"\n{text}\n", encoding="utf-8")


def test_a_damaged_shard_is_discarded_with_a_notice_and_the_others_are_used(project: Path, capsys) -> None:
    write_articles(project, 40, "x")
    assert main(["build", "--no-search"]) == 0
    damaged = _shards(project)[0]
    held = len(json.loads(damaged.read_text(encoding="utf-8"))["pages"])
    damaged.write_bytes(damaged.read_bytes()[:-20])  # cut short, as a killed copy would leave it
    store = BuildCache(project / ".cache/site-builder")
    assert len(store.parsed_pages(broken_rule)) == 40 - held
    assert store.notices == [f"the build cache {damaged} is unreadable (DecodeError); "
                             "it is ignored and will be rewritten"]
    _edit(project, 7, "More.")
    capsys.readouterr()
    assert main(["build", "--no-search"]) == 0
    assert f"notice: the build cache {damaged} is unreadable" in capsys.readouterr().err
    assert main(["build", "--no-search", "--no-cache", "--out", "clean"]) == 0
    assert digest_tree(project / "public") == digest_tree(project / "clean")
    assert len(BuildCache(project / ".cache/site-builder").parsed_pages(broken_rule)) == 40  # rewritten whole


@pytest.mark.parametrize("change", [
    lambda entry: entry[0].__setitem__(0, 12),  # a headline that is a number
    lambda entry: entry[0].pop(),  # a field missing
    lambda entry: entry[0].__setitem__(6, "not a date"),
    lambda entry: entry[0][15].append({"name": "A dict"}),  # an entity of another form
    lambda entry: entry[1].append(["a.md", "one", "message", True]),  # a problem's line that is text
])
def test_a_shard_with_an_entry_of_the_wrong_form_is_not_trusted(project: Path, change) -> None:
    write_articles(project, 3, "x")
    build(load_config(project), search=False)
    shard = _shards(project)[0]
    data = json.loads(shard.read_text(encoding="utf-8"))
    change(next(iter(data["pages"].values())))
    shard.write_text(json.dumps(data), encoding="utf-8")
    store = BuildCache(project / ".cache/site-builder")
    pages = store.parsed_pages(broken_rule)
    assert len(pages) == 3 - len(data["pages"])
    assert len(store.notices) == 1 and f"the build cache {shard} is damaged (" in store.notices[0]


def test_a_cached_page_is_the_page_parsed_with_its_fingerprint(project: Path) -> None:
    write_articles(project, 12, "x")
    build(load_config(project), search=False)
    store = BuildCache(project / ".cache/site-builder")
    cached = store.parsed_pages(broken_rule)
    seen: dict = {}
    load_articles(project / "content", None, seen)
    assert cached == seen
    for article, _problems in cached.values():
        assert offline_index.Fingerprints(store.stored_fingerprints)(article) == offline_index.fingerprint(article)


def test_an_edit_digests_only_the_edited_article_for_the_offline_index(project: Path, monkeypatch) -> None:
    write_articles(project, 30, "x")
    config = load_config(project)
    build(config, search=True)
    digested = []
    real = offline_index.fingerprint
    monkeypatch.setattr(offline_index, "fingerprint", lambda article: digested.append(article.slug) or real(article))
    _edit(project, 7, "More.")
    build(config, search=True)
    assert digested == ["story-7"]
    monkeypatch.undo()
    build(config, out=project / "clean", search=True, use_cache=False)
    assert digest_tree(project / "public") == digest_tree(project / "clean")


def test_the_single_file_of_the_older_cache_format_is_removed(project: Path) -> None:
    write_articles(project, 3, "x")
    old = project / ".cache/site-builder/content.json"
    old.parent.mkdir(parents=True)
    old.write_text('{"format": "site-builder-cache/4", "pages": {}}', encoding="utf-8")
    build(load_config(project), search=False)
    assert not old.exists() and len(_shards(project)) == 3


def test_a_page_whose_scanned_key_is_cached_is_the_parse_of_the_bytes_scanned(project: Path) -> None:
    write_articles(project, 3, "x")
    content = project / "content"
    seen: dict = {}
    load_articles(content, None, seen)
    scanned = dict(scan_content(content))
    page = content / "world/story-0.md"
    page.write_text(page.read_text(encoding="utf-8").replace("Story 0 x", "Changed since"), encoding="utf-8")
    taken: dict = {}
    articles, problems = load_articles(content, seen, taken, scanned)  # what the build scanned, not read again
    assert problems == [] and taken.keys() == seen.keys()
    assert next(a.title for a in articles if a.slug == "story-0") == "Story 0 x"
    articles, _problems = load_articles(content, seen, {}, dict(scan_content(content)))
    assert next(a.title for a in articles if a.slug == "story-0") == "Changed since"


def test_the_older_site_is_recorded_by_its_keys_that_differ_from_the_live_ones(tmp_path: Path) -> None:
    site = tmp_path / "public"
    site.mkdir()
    (site / MARKER).write_text("index.html\n", encoding="utf-8")
    live = {f"world/story-{n}/index.html": f"key-{n}" for n in range(50)}
    older_keys = {**{rel: key for rel, key in live.items() if rel != "world/story-3/index.html"},
                  "world/story-7/index.html": "an older key", "world/gone/index.html": "key-gone"}
    older = Tree([1, 2], older_keys, {"pagefind": ["bundle-key", "pagefind/a.js"]}, ["CNAME"],
                 {"world/story-7/index.html": [5, 6]})
    store = BuildCache(tmp_path / "cache")
    store.save_published(site, Published(inputs="i", token=marker_token(site / MARKER), keys=live, older=older))
    stored = next((tmp_path / "cache").glob("output-*.json")).read_text(encoding="utf-8")
    assert stored.count('"key-12"') == 1  # a key both sites share is stored once
    again = BuildCache(tmp_path / "cache").published(site, marker_token(site / MARKER))
    assert again is not None and again.keys == live and again.older == older
    assert gc.isenabled()  # paused only while the record was read


@pytest.mark.parametrize("part, damage", [("bundles", []), ("folders", ["index.html"]), ("older", {"keys": {}})])
def test_an_output_record_with_a_part_of_the_wrong_kind_is_discarded_with_a_notice(
        tmp_path: Path, part: str, damage: object) -> None:
    site = tmp_path / "public"
    site.mkdir()
    (site / MARKER).write_text("index.html\n", encoding="utf-8")
    older = Tree([1, 2], {"index.html": "k"}, {}, [])
    BuildCache(tmp_path / "cache").save_published(
        site, Published(inputs="i", token=marker_token(site / MARKER), keys={"index.html": "k"}, older=older))
    record = next((tmp_path / "cache").glob("output-*.json"))
    data = json.loads(record.read_text(encoding="utf-8"))
    data[part] = damage
    record.write_text(json.dumps(data), encoding="utf-8")
    store = BuildCache(tmp_path / "cache")
    assert store.published(site, marker_token(site / MARKER)) is None
    assert len(store.notices) == 1 and store.notices[0].startswith(f"the build cache {record} is damaged (")
    assert store.notices[0].endswith("); it is ignored and will be rewritten")


def test_shards_of_another_format_make_one_notice(project: Path, capsys) -> None:
    write_articles(project, 30, "x")
    assert main(["build", "--no-search"]) == 0
    shards = _shards(project)
    for shard in shards:
        data = json.loads(shard.read_text(encoding="utf-8"))
        shard.write_text(json.dumps({**data, "format": "site-builder-cache/1"}), encoding="utf-8")
    _edit(project, 7, "More.")
    capsys.readouterr()
    assert main(["build", "--no-search"]) == 0
    notices = [line for line in capsys.readouterr().err.splitlines() if "shard" in line or "/content/" in line]
    assert notices == [f"notice: {len(shards)} shards of the build cache {project / '.cache/site-builder/content'} "
                       f"are unusable (the first, {shards[0].name}, was not written by this site-builder); "
                       "they are ignored and will be rewritten"]
    assert main(["build", "--no-search", "--no-cache", "--out", "clean"]) == 0
    assert digest_tree(project / "public") == digest_tree(project / "clean")
