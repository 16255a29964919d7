"""content/ → public/: the build, stage after stage, each in a module of its own:
load (the content, the settings, the site it replaces), model (the site's pages as
plain data), plan (what changed since that site), render (the pages made by forked
workers, the search indexes beside them), publish (the atomic swap, the cache)."""

from __future__ import annotations

import contextlib
import datetime as dt
import shutil
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypedDict, Unpack

from site_builder.build.index import run_indexer
from site_builder.build.load import Request, Scanned, load, look_at_output, resolved_folders, scan
from site_builder.build.model import model
from site_builder.build.plan import Prepared, plan
from site_builder.build.publish import open_staging, page_count, save_cache, swap
from site_builder.build.render import Indexing, render
from site_builder.build.shard import Shard, write_part
from site_builder.content.publication import HeldBack
from site_builder.core import gc_pause
from site_builder.core.config import Config
from site_builder.core.errors import BuildError, Problem
from site_builder.core.files import printable, write_failure
from site_builder.core.plugins import load_plugins
from site_builder.core.wording import plural
from site_builder.core.workers import exclusive, standby
from site_builder.publish import cache
from site_builder.publish.output import html_pages
from site_builder.render.themes import theme_chain


@dataclass
class BuildResult:
    pages: int = 0
    articles: int = 0
    seconds: float = 0.0
    out: Path = Path("public")
    problems: list[Problem] = field(default_factory=list)
    carried: list[str] = field(default_factory=list)
    held_back: HeldBack = HeldBack()
    notices: list[str] = field(default_factory=list)  # cache files found unusable and ignored
    rendered: int = 0  # HTML pages rendered; the others were unchanged and reused
    unchanged: bool = False  # nothing changed since the last build: no file was written


class BuildOptions(TypedDict, total=False):
    """What build() may be asked besides the settings (see build)."""

    out: Path | None
    content: Path | None
    strict: bool
    progress: Callable[[int, int | None], None] | None
    index_search: Callable[..., Any] | None
    jobs: int
    drafts: bool
    future: bool
    now: dt.datetime | None
    search: bool | None
    cache_dir: Path | None
    use_cache: bool
    shard: Shard | None


def build_request(config: Config, **options: Unpack[BuildOptions]) -> Request:
    """The build asked, its folders resolved (see build for the options)."""
    search = options.get("search")
    out, content_dir, templates, _theme = resolved_folders(config, options.get("out"), options.get("content"))
    chain = theme_chain(config.root, config.theme)  # the theme and those it extends
    return Request(config, out, content_dir, [templates, *chain.template_dirs],
                   [*chain.static_dirs, config.path(config.static)], options.get("now") or dt.datetime.now(dt.UTC),
                   strict=options.get("strict", False),
                   with_search=search if search is not None else options.get("index_search") is not None,
                   drafts=options.get("drafts", False), future=options.get("future", False),
                   jobs=options.get("jobs", 1), progress=options.get("progress"), plugins=load_plugins(config),
                   theme=chain)


def build(config: Config, **options: Unpack[BuildOptions]) -> BuildResult:
    """Build content/ into `out`. With the cache (`use_cache`, the default), only files
    whose key changed are rendered; the others are hard-linked from the current site.
    `search` turns the Pagefind index on; `index_search`, from before, does the same
    when given (any callable). `now` is the clock embargoes are compared with (an aware
    datetime; default the current time); `drafts` and `future` publish drafts and
    embargoed articles too; `jobs` is the number of processes rendering pages.
    `shard` makes only that part of the site (see build.shard), without the cache,
    into its own folder (`out`, by default beside the output folder)."""
    started = time.perf_counter()
    shard = options.get("shard")
    if shard is not None:  # a part is a clean build into a folder of its own
        options["out"] = options.get("out") or shard.folder(config.path(config.output))
    request = build_request(config, **options)
    store = cache.BuildCache(options.get("cache_dir") or config.path(cache.DEFAULT_FOLDER), config.root) \
        if options.get("use_cache", True) and shard is None else None
    scanned = scan(request)
    out = request.out
    with exclusive(out.parent / f".{out.name}.lock", f"the output folder {out.name}/"), gc_pause.settling(), \
            contextlib.ExitStack() as side:  # processes working beside this one
        result = _build_locked(request, scanned, store, side, shard)
    result.seconds = time.perf_counter() - started
    return result


def _build_locked(request: Request, scanned: Scanned, store: cache.BuildCache | None,
                  side: contextlib.ExitStack, shard: Shard | None = None) -> BuildResult:
    """The build with the output folder locked: nothing changed (nothing to do), or
    render what changed into a staging folder, link the rest, and swap it in. `side`
    holds the processes working beside this one; it is closed before anything is cleared."""
    looked = look_at_output(request.out, store)
    previous = looked.previous
    if previous is not None and previous.inputs == scanned.inputs and not previous.released_by(request.clock) \
            and looked.untouched:
        if request.strict and previous.problems:
            raise BuildError(f"{len(previous.problems)} problem(s) in content/ and --strict is on; "
                             "nothing was written", previous.problems)
        return BuildResult(pages=previous.pages, articles=previous.articles, out=request.out,
                           problems=previous.problems, notices=store.notices if store else [], unchanged=True,
                           held_back=previous.held_back, carried=previous.carried)

    # The search indexer runs a binary: it is forked now, while this process is small.
    indexer = side.enter_context(standby(run_indexer, None)) if request.with_search and shard is None else None
    loaded = load(request, scanned, store)
    result = BuildResult(articles=len(loaded.articles), out=request.out, problems=loaded.problems,
                         held_back=loaded.held_back, notices=store.notices if store else [])
    undated = sum(article.date is None for article in loaded.articles)
    if undated:  # one notice for all: a wire archive may hold thousands
        result.notices.append(f"{plural(undated, 'undated article')} {'is' if undated == 1 else 'are'} left out of "
                              "the feeds, which date every entry; give them a date: to list them there")
    if request.strict and loaded.problems:
        raise BuildError(f"{plural(len(loaded.problems), 'problem')} in {request.content_dir.name}/ and --strict "
                         "is on; nothing was written", loaded.problems)
    site_model = model(request, scanned, loaded, store)
    result.notices += site_model.notices  # strings the site's language lacks
    prepared = Prepared(request, scanned, looked, loaded, site_model, plan(looked, site_model, loaded.sources),
                        store)
    if shard is not None:  # the Pagefind index is made when the parts are assembled
        part = write_part(prepared, shard)
        result.pages = len(html_pages(part.pages))
        result.rendered = result.pages
        return result
    return _write(prepared, side, indexer.send if indexer else None, result)


def _write(prepared: Prepared, side: contextlib.ExitStack, indexer: Indexing | None,
           result: BuildResult) -> BuildResult:
    """The new site written into the staging folder and swapped in, then the cache saved.
    On failure the staging folder is removed and the live site stays as it was."""
    staging = open_staging(prepared.request.out, prepared.store, prepared.looked.previous)
    folder, trash = staging.writer.base, staging.trash
    clearing: threading.Thread | None = None  # removes the trash folder once the site is published
    try:
        if trash:
            trash.mkdir()
        rendered = render(prepared, staging.writer, side, indexer)
        site = swap(prepared, staging, rendered)
    except OSError as exc:  # the disk filled up, a folder is not writable: not a bug
        side.close()
        shutil.rmtree(folder, ignore_errors=True)
        what = printable(exc.filename) if exc.filename else "the new site"
        raise BuildError(write_failure(exc, what) + "; the previous site is unchanged") from None
    except BaseException:
        side.close()
        shutil.rmtree(folder, ignore_errors=True)
        raise
    else:
        if trash:  # removed while the cache is written: deleting files is mostly waiting on the disk
            clearing = threading.Thread(target=shutil.rmtree, args=(trash,), kwargs={"ignore_errors": True})
            clearing.start()
    finally:
        side.close()
        if trash and clearing is None:
            shutil.rmtree(trash, ignore_errors=True)
    # The new site is live in the output folder: the plugins' site_written hooks run now; a
    # failure there leaves the cache unsaved, so the next build does the work again.
    prepared.request.plugins.site_written(prepared.request.out, site.written)
    result.carried, result.pages = site.carried, page_count(site)
    try:
        result.rendered = len(html_pages(rendered.maker.rendered))
        save_cache(prepared, rendered, site, result.pages)
    finally:
        if clearing:
            clearing.join()
    return result
