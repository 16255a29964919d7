"""The Pagefind search index, in shards: Pagefind cannot add to or remove from an
index, so the articles are split by a stable hash of their URL into bundles of
about SHARD_ARTICLES, each indexed by its own run of Pagefind and merged in
the browser (`mergeIndex`). A build re-indexes only the bundles whose article
pages changed, and the indexer's memory is bounded by one bundle."""

from __future__ import annotations

import gzip
import hashlib
import importlib.metadata
import json
import logging
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import cbor2

from site_builder.core.config import is_language_tag
from site_builder.core.digests import digest
from site_builder.core.errors import SiteBuilderError
from site_builder.core.layout import PAGEFIND, PAGEFIND_SHARDS

SHARD_ARTICLES = 1000  # articles per bundle, on average
MAIN_BUNDLE = PAGEFIND  # the bundle the search page loads Pagefind from
SHARDS_FOLDER = PAGEFIND_SHARDS


class SearchIndexError(SiteBuilderError, RuntimeError):
    pass


def _pagefind(source: Path, output: Path, language: str) -> None:
    """Pagefind's bundle of the HTML files under `source`, written to `output`, by its
    command line. Its Python service answers each call only at its next poll, every
    0.1 s, which cost each bundle about 0.5 s of waiting; its command line refuses a
    folder with no page, where the service writes an empty index."""
    if not any(source.rglob("*.html")):
        _empty_index(source, output, language)
        return
    binary = get_executable()
    if binary is None or not binary.is_file():
        raise SearchIndexError(f"the Pagefind binary is missing ({binary or 'none is installed'}); reinstall "
                               "with `pip install 'pagefind[bin]'` or build with --no-search")
    # Pagefind reads settings from PAGEFIND_* variables and from a pagefind.yml in the folder
    # it runs in: neither may change the index, which must follow from the site alone.
    environment = {name: value for name, value in os.environ.items() if not name.upper().startswith("PAGEFIND")}
    done = subprocess.run([str(binary), "--site", ".", "--output-path", str(output.resolve()), "--force-language",
                           language, "--keep-index-url", "--silent"], cwd=source, env=environment,
                          capture_output=True, text=True, errors="replace", check=False)
    if done.returncode != 0:
        said = " ".join((done.stdout + done.stderr).split())[-300:] or f"exit status {done.returncode}"
        raise RuntimeError(said)


def get_executable() -> Path | None:
    """Pagefind's binary, as its package finds it. The package (and asyncio with it) is
    imported only here, by the indexer's process: every other command starts sooner."""
    from pagefind.service import get_executable as find

    return find()


def _empty_index(source: Path, output: Path, language: str) -> None:
    """An index of no page, by Pagefind's Python service, in an event loop of its own
    (in a thread of its own when the caller already runs one: a notebook, a test driving
    a browser)."""
    import asyncio
    import concurrent.futures

    from pagefind.index import IndexConfig, PagefindIndex

    async def write() -> None:
        config = IndexConfig(keep_index_url=True, force_language=language, output_path=str(output))
        async with PagefindIndex(config=config) as index:
            await index.add_directory(str(source))

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        asyncio.run(write())
        return
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, write()).result()


def _article_mirror(site_dir: Path, pages: list[str]) -> Path:
    """A folder holding only the article pages (hard links, so no copying), at the
    same paths: Pagefind reads every HTML file it is given, and the index pages
    would double its time and memory for nothing."""
    mirror = site_dir.parent / f"{site_dir.name}-search"
    shutil.rmtree(mirror, ignore_errors=True)
    mirror.mkdir(parents=True)
    for rel in pages:
        target = mirror / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(site_dir / rel, target)
        except OSError:
            shutil.copyfile(site_dir / rel, target)
    return mirror


def shard_count(articles: int) -> int:
    """A power of two, so growing the archive past a threshold splits every
    bundle in two instead of reshuffling all articles."""
    count = 1
    while count * SHARD_ARTICLES < articles:
        count *= 2
    return count


def bundle_name(shard: int) -> str:
    return MAIN_BUNDLE if shard == 0 else f"{SHARDS_FOLDER}/{shard}"


def shard_bundles(urls: list[str]) -> dict[str, list[str]]:
    """Bundle folder → the article pages it indexes. The first bundle always
    exists (the search page loads Pagefind from it); others only when not empty."""
    count = shard_count(len(urls))
    groups: dict[str, list[str]] = {MAIN_BUNDLE: []}
    for url in urls:
        shard = int.from_bytes(hashlib.sha256(url.encode("utf-8")).digest()[:8], "big") % count
        groups.setdefault(bundle_name(shard), []).append(url)
    return dict(sorted(groups.items(), key=lambda item: (item[0] != MAIN_BUNDLE, len(item[0]), item[0])))


def indexed_digest(html: str) -> str:
    """A digest of what Pagefind reads of a page: all before </head> (the language,
    the title, meta tags), the element marked data-pagefind-body when the page has
    exactly one, and every other tag with a data-pagefind- attribute; of the whole
    page when it has no such element or several. Two versions of a page with the
    same digest index alike, so a change elsewhere on it (an article's related
    coverage, say) leaves its search bundle as it is."""
    head_end = html.find("</head>")
    body_at = html.find("data-pagefind-body")
    start = html.rfind("<", 0, body_at)
    end = _element_end(html, start) if body_at != -1 and html.find("data-pagefind-body", body_at + 1) == -1 else -1
    if head_end == -1 or start < head_end or end == -1:
        return "page:" + hashlib.sha256(html.encode("utf-8")).hexdigest()[:32]
    return digest(html[:head_end], html[start:end], *_pagefind_tags(html, head_end, start), *_pagefind_tags(html, end))


def _element_end(html: str, start: int) -> int:
    """Where the element whose start tag begins at `start` ends (after its end tag),
    counting nested elements of its name; -1 when it does not end."""
    name = re.match(r"<([a-zA-Z][a-zA-Z0-9-]*)", html[start:start + 64])
    if name is None:
        return -1
    tags = re.compile(rf"<(/?){re.escape(name.group(1))}[\s>/]", re.IGNORECASE)
    depth = 0
    for tag in tags.finditer(html, start):
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            close = html.find(">", tag.end() - 1)
            return -1 if close == -1 else close + 1
    return -1


def _pagefind_tags(html: str, begin: int, stop: int | None = None) -> Iterator[str]:
    """The elements between `begin` and `stop` that carry a data-pagefind- attribute,
    whole: Pagefind reads a filter's or a meta's text too. An element without an end
    tag (an <img>) is its start tag."""
    stop = len(html) if stop is None else stop
    at = html.find("data-pagefind-", begin, stop)
    while at != -1:
        open_at, close_at = html.rfind("<", begin, at), html.find(">", at, stop)
        end = _element_end(html, open_at) if open_at != -1 else -1
        yield html[open_at:end] if close_at != -1 and end != -1 else html[open_at:close_at + 1]
        at = html.find("data-pagefind-", close_at if close_at != -1 else stop, stop)


def pagefind_version() -> str:
    try:
        return importlib.metadata.version("pagefind")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def index_bundles(site_dir: Path, groups: dict[str, list[str]], language: str = "en") -> None:
    """Write each bundle in `groups` (folder → article pages) under site_dir, canonical:
    each from a mirror of its article pages, one after another, so memory is bounded
    by the largest bundle."""
    for bundle, pages in groups.items():
        mirror = _article_mirror(site_dir, pages)
        try:
            _index_with_retry(mirror, site_dir / bundle, language)
        finally:
            shutil.rmtree(mirror, ignore_errors=True)


def index_site(site_dir: Path, pages: list[str] | None = None, language: str = "en") -> int:
    """Write site_dir/pagefind/ from the given article pages (all of site_dir when
    None); returns how many pages were indexed."""
    source = _article_mirror(site_dir, pages) if pages is not None else site_dir
    try:
        _index_with_retry(source, site_dir / "pagefind", language)
    finally:
        if source != site_dir:
            shutil.rmtree(source, ignore_errors=True)
    entry = json.loads((site_dir / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    return sum(int(info.get("page_count", 0)) for info in entry["languages"].values())


def _index_with_retry(source: Path, bundle: Path, language: str) -> None:
    """One bundle, canonical; tried twice, as the indexer is a process of its own."""
    if not is_language_tag(language):  # the indexer names files after it: never a path
        raise SearchIndexError(f"{language[:40]!r} is not a language tag (like \"en\" or \"pt-BR\"); "
                               "set 'language' in site.toml")
    logging.getLogger("pagefind").setLevel(logging.CRITICAL)
    failure: Exception | None = None
    for _attempt in range(2):
        shutil.rmtree(bundle, ignore_errors=True)
        try:
            _pagefind(source, bundle, language)
            remove_prebuilt_ui(bundle)
            canonicalize_index(bundle)
            return
        except SearchIndexError:
            raise  # no binary: trying again will not find one
        except Exception as exc:  # noqa: BLE001 - anything the indexer process throws at us
            failure = exc
    raise SearchIndexError(f"Pagefind could not index the site ({type(failure).__name__}: {failure}); "
                           "the previous site is unchanged. Build with --no-search to skip the index.")


# Pagefind's prebuilt UIs draw filter values and titles as HTML; the theme's search.js
# uses Pagefind's JS API (pagefind.js) and draws everything as text. The UI files are not
# published, so no template can load them by mistake.
PREBUILT_UI = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
               "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")


def remove_prebuilt_ui(bundle: Path) -> None:
    for name in PREBUILT_UI:
        (bundle / name).unlink(missing_ok=True)


_HEADER = b"pagefind_dcd"


def _read_cbor(path: Path) -> Any:
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(_HEADER):
        raise SearchIndexError(f"{path.name} is not a Pagefind data file")
    return cbor2.loads(raw[len(_HEADER):])


def _write_cbor(folder: Path, prefix: str, suffix: str, data: object, digits: int) -> str:
    """Write `data` as a Pagefind data file named after its own content; returns the hash part."""
    packed = gzip.compress(_HEADER + cbor2.dumps(data), mtime=0)
    name = f"{prefix}{hashlib.sha256(packed).hexdigest()[:digits]}"
    (folder / f"{name}{suffix}").write_bytes(packed)
    return name


def canonicalize_index(bundle: Path) -> None:
    """Pagefind writes filter values and the filter list in hash-map order, which
    changes from run to run; sort them and rename the files after their new
    content so the same site always gives byte-identical search files."""
    entry_file = bundle / "pagefind-entry.json"
    entry = json.loads(entry_file.read_text(encoding="utf-8"))
    for language, info in entry["languages"].items():
        meta_file = bundle / f"pagefind.{info['hash']}.pf_meta"
        meta = _read_cbor(meta_file)
        filters = meta[3]  # [[filter name, file hash], ...]
        renamed = []
        for name, file_hash in filters:
            filter_file = bundle / "filter" / f"{file_hash}.pf_filter"
            filter_name, values = _read_cbor(filter_file)
            filter_file.unlink()
            values = sorted(values, key=lambda v: v[0])
            renamed.append([name, _write_cbor(bundle / "filter", f"{language}_", ".pf_filter",
                                              [filter_name, values], 7)])
        meta[3] = sorted(renamed)
        meta_file.unlink()
        info["hash"] = _write_cbor(bundle, f"pagefind.{language}_", ".pf_meta", meta, 10).removeprefix("pagefind.")
    entry_file.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
