"""The build's render stage: every file of the new site into the staging folder, each
kept (linked from the current site) when its key is unchanged, else made: the pages
by forked workers (make.GroupMaker), the search indexes beside them, then the
pictures, the static files and the redirects."""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from site_builder.build.index import (
    Bundles,
    OfflineIndexJob,
    add_bundle_files,
    bundle_plan,
    offline_index,
    put,
)
from site_builder.build.make import GroupMaker, KeptGroups, MakeJob, Writer
from site_builder.build.plan import Prepared
from site_builder.content.frontmatter import key_line
from site_builder.core.errors import BuildError, Problem
from site_builder.core.files import walk
from site_builder.core.layout import ASSETS
from site_builder.core.model import Article
from site_builder.core.slugs import windows_reserved
from site_builder.core.wording import plural
from site_builder.core.workers import aside
from site_builder.pages.families import ARTICLES, CLOSING, LISTS, REDIRECTS, stage_groups
from site_builder.pages.redirects import redirect_pages
from site_builder.render.templates import compile_templates
from site_builder.search.offline import Fingerprints

Indexing = Callable[[tuple[Path, str, dict[str, list[str]]]], Callable[[], None]]  # workers.standby's send


@dataclass(frozen=True)
class Rendered:
    """The files of the new site, with their keys, and what the cache keeps of them."""

    keys: dict[str, str]
    maker: GroupMaker  # the pages rendered, their groups, what the indexer read of each
    bundles: Bundles
    docs: list[list[str]]  # the file:// index's documents
    fingerprint: Callable[[Article], str]  # of an article as the file:// index saw it, kept with its parse


def render(prepared: Prepared, writer: Writer, side: contextlib.ExitStack, indexer: Indexing | None) -> Rendered:
    """Every file of the new site, written or linked by `writer`. `side` holds the
    processes working beside this one; `indexer`, the Pagefind indexer's."""
    request, model, plan, looked = prepared.request, prepared.model, prepared.plan, prepared.looked
    store, out, site = prepared.store, request.out, model.site
    keys: dict[str, str] = {}
    groups = KeptGroups(plan.stored, plan.edited, plan.old_keys, keys, writer, out)
    searched = frozenset(url for pages in model.bundles.values() for url in pages)
    maker = GroupMaker(MakeJob(model.env, model.site_data, model.page_key, plan.old_keys, writer, out, searched,
                               request.plugins),
                       groups, request.jobs, request.progress)
    offline_job = OfflineIndexJob(site, looked.previous, prepared.loaded.parsed[0], out, writer,
                                  Fingerprints(store.stored_fingerprints if store else ()), prepared.loaded.corrections)
    index_offline = side.enter_context(aside(offline_index, offline_job, None))
    compile_templates(model.env)  # before the workers fork: they share the compiled templates
    maker.make(functools.partial(stage_groups, site, ARTICLES))  # first: all the indexer reads
    bundles = _bundles(prepared, maker, writer)
    # The indexer has all it reads: it runs while the rest of the site is made and written.
    staging = writer.base
    indexing = indexer((staging, request.config.language, bundles.stale)) if indexer else lambda: None
    maker.make(functools.partial(stage_groups, site, LISTS))
    for group in stage_groups(site, CLOSING, maker.listed):
        maker.make_here(group)
    docs, index_keys = index_offline()
    keys.update(index_keys)
    write_files(prepared, writer, keys)
    write_redirects(prepared, maker, keys)
    indexing()
    add_bundle_files(bundles, staging)
    return Rendered(keys, maker, bundles, docs, offline_job.fingerprint)


def _bundles(prepared: Prepared, maker: GroupMaker, writer: Writer) -> Bundles:
    """The Pagefind bundles to index again, once the articles' pages are made."""
    previous, out = prepared.looked.previous, prepared.request.out
    keys, old_keys, indexed = maker.keys, prepared.plan.old_keys, maker.indexed
    searched = {url for pages in prepared.model.bundles.values() for url in pages}
    for url in sorted(searched - indexed.keys()):  # not rendered: as the current site's, if it is known
        known_digest = previous.indexed.get(url) if previous and old_keys.get(url) == keys[url] else None
        indexed[url] = known_digest or f"page:{keys[url]}"
    return bundle_plan(prepared.model.bundles, indexed, prepared.request.config.language, previous,
                       lambda rel, key: writer.reuse(rel, out, key))


def write_files(prepared: Prepared, writer: Writer, keys: dict[str, str]) -> None:
    """The articles' pictures and the static files (the theme's, then the project's)."""
    request = prepared.request
    put_file = functools.partial(put, writer, request.out, prepared.plan.old_keys, keys)
    for image in sorted(prepared.loaded.images.values(), key=lambda i: i.url):
        put_file(image.url, image.source.read_bytes())
    problems = prepared.loaded.problems
    for rel, path in static_files(request.static_dirs, request.config.root, problems):
        put_file(f"{ASSETS}/{rel}", path.read_bytes())
    if request.strict and problems:
        raise BuildError(f"{plural(len(problems), 'problem')} in static files and --strict is on; "
                         "nothing was written", problems)


def write_redirects(prepared: Prepared, maker: GroupMaker, keys: dict[str, str]) -> None:
    """A redirect at each article's old address not taken by a file of the site."""
    site, problems = prepared.model.site, prepared.loaded.problems
    _pages, refused = redirect_pages(site, set(keys))
    problems += _alias_problems(prepared.request.content_dir, refused)
    if prepared.request.strict and refused:
        raise BuildError("an alias was refused and --strict is on; nothing was written", problems)
    for group in stage_groups(site, REDIRECTS, list(keys)):
        maker.make_here(group)


def static_files(sources: list[Path], root: Path, problems: list[Problem]) -> list[tuple[str, Path]]:
    """Theme assets, then the project's static/ over them: (path under assets/, file).
    Files refused by the link rule (see files.py) are left out with a warning."""
    written: dict[str, Path] = {}
    for source in sources:
        listing = walk(source)
        label = source.relative_to(root).as_posix() if source.is_relative_to(root) else str(source)
        problems += [Problem(f"{label}/{rel}", None, why, fatal=False) for rel, why in listing.skipped]
        for rel in listing.files:
            reserved = next((part for part in rel.split("/") if windows_reserved(part)), None)
            if reserved is not None:  # the site could not be checked out or copied there
                problems.append(Problem(f"{label}/{rel}", None, f"Windows cannot hold a file or folder so named "
                                        f"({reserved[:80]!r}: a device name like CON, NUL or COM1, with or "
                                        "without an extension, or a name ending in a dot or a space); it is "
                                        "skipped: rename it", fatal=False))
                continue
            written[rel] = source / rel
    return sorted(written.items())


def _alias_problems(content_dir: Path, refused: list[tuple[Article, str, str]]) -> list[Problem]:
    """Refused aliases as problems with file and line (the file is read again only then)."""
    problems = []
    for article, alias, why in refused:
        try:
            line = key_line((content_dir / article.source_path).read_text(encoding="utf-8"), "aliases")
        except (OSError, UnicodeDecodeError):
            line = None
        problems.append(Problem(article.source_path, line, f"the alias {alias.removesuffix('index.html')!r} "
                                f"{why}; no redirect is written there", fatal=False))
    return problems
