"""The build's search stage: the Pagefind bundles (which to index again, in a process
of its own) and the file:// index (made beside the pages, in a process of its own)."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from site_builder.build.make import Writer
from site_builder.content.read import ParsedPage
from site_builder.core.digests import digest
from site_builder.core.model import Article
from site_builder.ingest.tag_rules import TagRules
from site_builder.pages.site_pages import SitePages
from site_builder.publish import cache
from site_builder.render.keys import data_key
from site_builder.search.offline import PreviousIndex, index_docs, index_files, update_index_files
from site_builder.search.pagefind import index_bundles, pagefind_version
from site_builder.site.edits import EditPlan

SEARCH_KEY = "search:"  # a search bundle file's key: this prefix and its bundle's key


def put(writer: Writer, live: Path, old_keys: Mapping[str, str], keys: dict[str, str], rel: str,
        data: str | bytes) -> None:
    """A file of the new site, keyed in `keys`: the live site's linked when its key is
    the same (old_keys), else written."""
    key = keys[rel] = data_key(data)
    if old_keys.get(rel) != key or not writer.reuse(rel, live, key):
        writer.write(rel, data)


def run_indexer(_: None, job: tuple[Path, str, dict[str, list[str]]]) -> None:
    """search.index_bundles, as a workers.standby helper calls it."""
    site_dir, language, bundles = job
    index_bundles(site_dir, bundles, language)


@dataclass(frozen=True)
class Bundles:
    """The Pagefind bundles: each one's key then its files (reused), and those to index again (stale)."""

    reused: dict[str, list[str]]
    stale: dict[str, list[str]]


def bundle_plan(bundles: Mapping[str, list[str]], indexed: Mapping[str, str], language: str,
                previous: cache.Published | None, reuse: Callable[[str, str], bool]) -> Bundles:
    """A bundle is kept when what the indexer reads of each of its pages (`indexed`) is as
    the current site's was and its files can be linked from there (`reuse(file, key)`)."""
    reused: dict[str, list[str]] = {}
    stale: dict[str, list[str]] = {}
    for bundle, pages in bundles.items():
        key = digest(pagefind_version(), language, *(f"{u}:{indexed[u]}" for u in pages))
        known = previous.bundles.get(bundle, []) if previous else []
        if known[:1] == [key] and all(reuse(f, SEARCH_KEY + key) for f in known[1:]):
            reused[bundle] = known
        else:
            stale[bundle] = pages
            reused[bundle] = [key]
    return Bundles(reused, stale)


def add_bundle_files(bundles: Bundles, staging: Path) -> None:
    """The files the indexer wrote for each stale bundle, listed after its key."""
    for bundle in bundles.stale:
        bundles.reused[bundle] += sorted(p.relative_to(staging).as_posix()
                                         for p in (staging / bundle).rglob("*") if p.is_file())


@dataclass(frozen=True)
class OfflineIndexJob:
    """What the offline index is made from; it reaches its process through fork."""

    site: SitePages
    previous: cache.Published | None
    known: dict[str, ParsedPage]  # the content pages as the cache held them
    out: Path  # the live site
    writer: Writer
    fingerprint: Callable[[Article], str]
    corrections: tuple[EditPlan, TagRules]  # what this build changes of each article as read


def _corrected(job: OfflineIndexJob, article: Article) -> Article:
    """An article of the parse cache as this build shows it (entities.toml, the tag rules)."""
    plan, rules = job.corrections
    return rules.apply(plan.apply(article))


def offline_index(job: OfflineIndexJob, _: None) -> tuple[list[list[str]], dict[str, str]]:
    """search-index/, written: brought up to date from the current site's when its
    doc ids stay (edits, articles added at the end), else made anew. Returns its docs
    and the key of each of its files. It needs only the site model, so it is made in a
    process of its own (workers.aside) while the pages are."""
    site, previous, out, writer = job.site, job.previous, job.out, job.writer
    old_keys = previous.keys if previous else {}
    keys: dict[str, str] = {}
    put_file = functools.partial(put, writer, out, old_keys, keys)
    filters = site.search_filters()
    files = None
    if previous is not None and previous.index_docs:
        def read(rel: str) -> str | None:
            if rel not in old_keys:  # changed by hand since (see load.look_at_output), or not the build's
                return None
            try:
                return (out / rel).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                return None

        # As this build shows them: when the corrections are as the last build's, an article
        # that did not change has the fingerprint it was indexed under.
        before = {article.url: _corrected(job, article) for article, _problems in job.known.values()
                  if article is not None}
        files = update_index_files(site.articles, filters, PreviousIndex(previous.index_docs, before, read),
                                   fingerprint=job.fingerprint)
    if files is None:
        _write_all(index_files(site.articles, filters), put_file)
    else:
        for file in files:
            if file.unchanged and file.path in old_keys and writer.reuse(file.path, out, old_keys[file.path]):
                keys[file.path] = old_keys[file.path]
            else:
                put_file(file.path, file.text())
    return index_docs(site.articles, job.fingerprint), keys


def _write_all(files: Iterable[tuple[str, str]], put_file: Callable[[str, str], None]) -> None:
    for rel, text in files:
        put_file(rel, text)
