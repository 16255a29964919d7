"""content/ → public/: read, model, render, write elsewhere, then swap in."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import functools
import json
import os
import shutil
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from site_builder import __version__
from site_builder.build.groups import GroupMaker, KeptGroups, MakeJob, Writer
from site_builder.content.frontmatter import key_line
from site_builder.content.images import find_images, share_card
from site_builder.content.publication import HeldBack, publication_time, published
from site_builder.content.read import ParsedPage, Problem, load_articles, scan_content
from site_builder.core import gc_pause
from site_builder.core.config import Config
from site_builder.core.digests import digest
from site_builder.core.errors import BuildError
from site_builder.core.files import folder_name, shown, walk, write_failure
from site_builder.core.layout import ASSETS
from site_builder.core.model import Article
from site_builder.core.slugs import windows_reserved
from site_builder.core.wording import plural
from site_builder.core.workers import aside, exclusive, standby
from site_builder.ingest.tag_rules import TagRules, tag_rules
from site_builder.pages.builder import PageGroup, SiteBuilder, archive_digests, newest_first
from site_builder.publish import cache
from site_builder.publish.cache import settings_digest, tree_digest
from site_builder.publish.output import (
    MARKER,
    altered_files,
    carry_over_foreign_files,
    changes_since,
    check_output_dir,
    file_stamps,
    folder_times,
    foreign_files,
    html_pages,
    marker_token,
    previous_dir,
    publish,
    remove_old_previous,
    remove_stale_staging,
    staging_dir,
    take_previous,
)
from site_builder.render.templates import theme_dir
from site_builder.render.themes import theme_chain, themed_environment
from site_builder.search.offline import Fingerprints, index_docs, index_files, update_index_files
from site_builder.search.pagefind import MAIN_BUNDLE, index_bundles, pagefind_version
from site_builder.search.pagefind import shard_bundles as search_bundles
from site_builder.site.edits import EditPlan, EntityEdits, load_edits, plan_edits
from site_builder.site.names import firms_as_organizations, without_pageless_names


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


def _static_files(sources: list[Path], root: Path, problems: list[Problem]) -> list[tuple[str, Path]]:
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


def _image_problems(content_dir: Path, refused: list[tuple[Article, str]]) -> list[Problem]:
    """Pictures left out, as problems with file and line (the file is read again only then)."""
    problems = []
    for article, why in refused:
        try:
            line = key_line((content_dir / article.source_path).read_text(encoding="utf-8"), "image")
        except (OSError, UnicodeDecodeError):
            line = None
        problems.append(Problem(article.source_path, line, why, fatal=False))
    return problems


def _index_bundles(_: None, job: tuple[Path, str, dict[str, list[str]]]) -> None:
    """search.index_bundles, as a workers.standby helper calls it."""
    site_dir, language, bundles = job
    index_bundles(site_dir, bundles, language)


def _environment_digest(config: Config, template_dirs: list[Path], static_dirs: list[Path]) -> str:
    """What every output file depends on besides its own data."""
    return digest(__version__, cache.FORMAT, settings_digest(config), tree_digest(template_dirs),
                  tree_digest(static_dirs))


def build(config: Config, out: Path | None = None, content: Path | None = None, strict: bool = False,
          progress: Callable[[int, int | None], None] | None = None,
          index_search: Callable[..., Any] | None = None,
          jobs: int = 1, drafts: bool = False, future: bool = False,
          now: dt.datetime | None = None, search: bool | None = None, cache_dir: Path | None = None,
          use_cache: bool = True) -> BuildResult:
    """Build content/ into `out`. With the cache (the default), only files whose
    key changed are rendered; the others are hard-linked from the current site.
    `search` turns the Pagefind index on; `index_search`, from before, does the
    same when given (any callable). `now` is the clock embargoes are compared with
    (an aware datetime; default the current time); `drafts` and `future` publish
    drafts and embargoed articles too."""
    started = time.perf_counter()
    with_search = search if search is not None else index_search is not None
    content_dir = content or config.path(config.content)
    out = out or config.path(config.output)
    theme = theme_dir(config.root, config.theme)
    templates = config.path(config.templates)
    out = check_output_dir(out, {"the project": config.root, "content/": content_dir,
                                 "seeds/": config.path(config.seeds), "the theme": theme,
                                 "templates/": templates, "static/": config.path(config.static),
                                 "themes/": config.root / "themes"})
    if not content_dir.is_dir():
        raise BuildError(f"there is no content folder at {content_dir}; run `site-builder ingest` first")

    store = cache.BuildCache(cache_dir or config.path(cache.DEFAULT_FOLDER), config.root) if use_cache else None
    chain = theme_chain(config.root, config.theme)  # the theme and those it extends
    template_dirs = [templates, *chain.template_dirs]
    static_dirs = [*chain.static_dirs, config.path(config.static)]
    environment = _environment_digest(config, [templates, *chain.folders], static_dirs)  # theme.toml, i18n/ too
    clock = now or dt.datetime.now(dt.UTC)
    sources = dict(scan_content(content_dir))
    edits = load_edits(config.root)
    inputs = digest(environment, str(with_search), str(strict), str(drafts), str(future), edits.text,
                    *(f"{rel}:{key}" for rel, key in sources.items()))
    with exclusive(out.parent / f".{out.name}.lock", f"the output folder {out.name}/"), gc_pause.settling(), \
            contextlib.ExitStack() as side:  # processes working beside this one
        result = _build_locked(config, out, content_dir, strict, progress, jobs, with_search, store, template_dirs,
                               static_dirs, environment, (inputs, sources), (clock, drafts, future), side, edits)
    result.seconds = time.perf_counter() - started
    return result


def _put(writer: Writer, live: Path, old_keys: Mapping[str, str], keys: dict[str, str], rel: str,
         data: str | bytes) -> None:
    """A file of the new site, keyed in `keys`: the live site's linked when its key is
    the same (old_keys), else written."""
    key = keys[rel] = cache.data_key(data)
    if old_keys.get(rel) != key or not writer.reuse(rel, live, key):
        writer.write(rel, data)


@dataclass(frozen=True)
class _OfflineIndexJob:
    """What the offline index is made from; it reaches its process through fork."""

    builder: SiteBuilder
    previous: cache.Published | None
    known: dict[str, ParsedPage]  # the content pages as the cache held them
    out: Path  # the live site
    writer: Writer
    fingerprint: Callable[[Article], str]
    corrections: tuple[EditPlan, TagRules]  # what this build changes of each article as read


def _corrected(job: _OfflineIndexJob, article: Article) -> Article:
    """An article of the parse cache as this build shows it (entities.toml, the tag rules)."""
    plan, rules = job.corrections
    return rules.apply(plan.apply(article))


def _offline_index(job: _OfflineIndexJob, _: None) -> tuple[list[list[str]], dict[str, str]]:
    """search-index/, written: brought up to date from the current site's when its
    doc ids stay (edits, articles added at the end), else made anew. Returns its docs
    and the key of each of its files. It needs only the site model, so it is made in a
    process of its own (workers.aside) while the pages are."""
    builder, previous, out, writer = job.builder, job.previous, job.out, job.writer
    old_keys = previous.keys if previous else {}
    keys: dict[str, str] = {}
    put = functools.partial(_put, writer, out, old_keys, keys)
    filters = builder.search_filters()
    files = None
    if previous is not None and previous.index_docs:
        def read(rel: str) -> str | None:
            if rel not in old_keys:  # changed by hand since (see _look_at_output), or not the build's
                return None
            try:
                return (out / rel).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                return None

        # As this build shows them: when the corrections are as the last build's, an article
        # that did not change has the fingerprint it was indexed under.
        before = {article.url: _corrected(job, article) for article, _problems in job.known.values()
                  if article is not None}
        files = update_index_files(builder.articles, filters, previous.index_docs, before, read,
                                   fingerprint=job.fingerprint)
    if files is None:
        for rel, text in index_files(builder.articles, filters):
            put(rel, text)
    else:
        for file in files:
            if file.unchanged and file.path in old_keys and writer.reuse(file.path, out, old_keys[file.path]):
                keys[file.path] = old_keys[file.path]
            else:
                put(file.path, file.text())
    return index_docs(builder.articles, job.fingerprint), keys


def _look_at_output(out: Path, previous: cache.Published | None) -> tuple[list[str], bool, list[str]]:
    """The files in the output folder the build did not write, whether the folder is
    as the last build left it, and the files of the last build changed in place
    since (their stamps differ: output.altered_files). Files of the last build
    removed or changed by hand are struck from `previous`, so they are made again."""
    if previous is None:
        return foreign_files(out), False, []
    altered = altered_files(out, previous.stamps)
    missing: set[str] = set()
    if not previous.folders:
        found = foreign_files(out)
        untouched = found == previous.carried
    else:
        tree = previous.tree()
        changes = changes_since(out, lambda: (rel for rel, key in _tree_files(tree).items() if key),
                                previous.carried, previous.folders)
        found, missing = changes if changes is not None else (previous.carried, set())
        untouched = changes is None
    gone = missing.union(altered)
    for rel in gone:
        previous.keys.pop(rel, None)
    for bundle, files in previous.bundles.items():
        if gone.intersection(files[1:]):
            previous.bundles[bundle] = ["missing", *files[1:]]  # indexed again
    return found, untouched and not altered, [rel for rel in altered if os.path.lexists(out / rel)]


_SEARCH = "search:"  # a search bundle file's key: this prefix and its bundle's key


def _tree_files(tree: cache.Tree) -> dict[str, str]:
    """Every file of a site the cache describes, with its key (files the build did
    not write have none: they are always carried over afresh)."""
    files = dict.fromkeys(tree.carried, "")
    files.update(tree.keys)
    for bundle in tree.bundles.values():
        files.update(dict.fromkeys(bundle[1:], _SEARCH + bundle[0]))
    return files


def _build_locked(config: Config, out: Path, content_dir: Path, strict: bool,
                  progress: Callable[[int, int | None], None] | None, jobs: int, with_search: bool,
                  store: cache.BuildCache | None, template_dirs: list[Path], static_dirs: list[Path],
                  environment: str, scanned: tuple[str, dict[str, str]],
                  publishing: tuple[dt.datetime, bool, bool], side: contextlib.ExitStack,
                  edits: EntityEdits) -> BuildResult:
    """The build with the output folder locked: nothing changed (nothing to do), or
    render what changed into a staging folder, link the rest, and swap it in. `side`
    holds the processes working beside this one; it is closed before anything is cleared."""
    inputs, sources = scanned
    previous = store.published(out, out / MARKER) if store else None
    clock, drafts, future = publishing
    foreign, untouched, altered = _look_at_output(out, previous)
    if altered and store:
        store.notices.append(f"{plural(len(altered), 'file')} of {folder_name(out)} changed since the last build "
                             f"wrote them (the first, {shown(altered[0])}); they are made again from their sources")
    if previous is not None and previous.inputs == inputs and not previous.released_by(clock) and untouched:
        if strict and previous.problems:
            raise BuildError(f"{len(previous.problems)} problem(s) in content/ and --strict is on; "
                             "nothing was written", previous.problems)
        return BuildResult(pages=previous.pages, articles=previous.articles, out=out,
                           problems=previous.problems, notices=store.notices if store else [], unchanged=True,
                           held_back=previous.held_back, carried=previous.carried)

    # The search indexer runs a binary: it is forked now, while this process is small.
    indexer = side.enter_context(standby(_index_bundles, None)) if with_search else None
    seen: dict[str, ParsedPage] = {}
    parsed_before = store.parsed_pages() if store else {}
    articles, problems = load_articles(content_dir, parsed_before, seen, sources)
    gc_pause.settle()
    embargoes = [publication_time(a.date) for a in articles if a.date is not None and not a.draft
                 and publication_time(a.date) > clock]
    articles, held_back = published(articles, clock, drafts, future)
    # The editor's entities.toml and the site-wide tag rules: every page, list and key
    # below is made from the articles as they leave them, so an edit there changes the
    # pages it affects, and only those, as an edit of the content would.
    plan, edit_problems = plan_edits(articles, edits)
    problems += edits.problems + edit_problems
    articles = [plan.apply(article) for article in articles]
    rules = tag_rules(articles)
    articles = [rules.apply(article) for article in articles]
    images, no_images = find_images(content_dir, articles, config.path(config.static))
    problems += _image_problems(content_dir, no_images)
    result = BuildResult(articles=len(articles), out=out, problems=problems, held_back=held_back,
                         notices=store.notices if store else [])
    undated = sum(article.date is None for article in articles)
    if undated:  # one notice for all: a wire archive may hold thousands
        result.notices.append(f"{plural(undated, 'undated article')} {'is' if undated == 1 else 'are'} left out of "
                              "the feeds, which date every entry; give them a date: to list them there")
    if strict and problems:
        raise BuildError(f"{plural(len(problems), 'problem')} in {content_dir.name}/ and --strict is on; "
                         "nothing was written", problems)

    # before anything is made of their names
    ordered = without_pageless_names(firms_as_organizations(newest_first(articles)))
    bundles = search_bundles([a.url for a in ordered]) if with_search else {}
    digests = archive_digests(ordered)
    model_key, listed = digests.facts_key, digests.listing
    facts = store.model_facts(model_key, len(ordered)) if store else None
    image_views = {url: image.view() for url, image in sorted(images.items())}
    builder = SiteBuilder(config, ordered, search_bundles=[f"{b}/" for b in bundles if b != MAIN_BUNDLE],
                          images=image_views, facts=facts, sources=sources,
                          shown=digests.shown, share_image=share_card(static_dirs, config.title))
    env, string_notices = themed_environment(config, theme_chain(config.root, config.theme), template_dirs,
                                             static_dirs)
    result.notices += string_notices
    gc_pause.settle()  # the site model too
    site_data = builder.site_data(pagefind=with_search)
    page_environment = digest(environment, json.dumps(dataclasses.asdict(site_data), sort_keys=True,
                                                      ensure_ascii=False))
    page_key = cache.PageKeys(page_environment)
    # While this stays the same, no page but an edited article's own can change.
    listing = digest(page_environment, listed,
                     json.dumps([[url, dataclasses.asdict(view)] for url, view in image_views.items()]))
    edited = _edited_articles(previous, listing, sources, ordered) if untouched else None
    old_keys = previous.keys if previous else {}
    keys: dict[str, str] = {}

    remove_stale_staging(out)
    staging = staging_dir(out)
    # The site before last, kept in the cache by the last build, is brought up to
    # date in place of a new folder: only what differs is written, linked or removed.
    older = previous.older if previous else None
    keep = previous_dir(out, store.folder) if store and store.usable else None
    remove_old_previous(out)
    present = _tree_files(older) if keep and take_previous(keep, staging, older.token if older else []) \
        and older else {}
    if present and older:  # its files changed in place since it was published are not reused
        for rel in altered_files(staging, {rel: older.stamps.get(rel, []) for rel, key in present.items() if key}):
            del present[rel]
            with contextlib.suppress(OSError):
                os.unlink(staging / rel)
    if not present:
        staging.mkdir(parents=True)
    # Where the older site's files that this build replaces go; deleted once it ends.
    trash = staging.with_name(staging.name + ".trash") if present else None
    writer = Writer(staging, present, trash)
    clearing: threading.Thread | None = None  # removes the trash folder once the site is published
    try:
        if trash:
            trash.mkdir()

        put = functools.partial(_put, writer, out, old_keys, keys)
        stored = previous.groups if previous and previous.environment == page_environment else {}
        groups = KeptGroups(stored, edited, old_keys, keys, writer, out)
        searched = frozenset(url for pages in bundles.values() for url in pages)
        maker = GroupMaker(MakeJob(env, site_data, page_key, old_keys, writer, out, searched), groups, jobs, progress)
        indexed = maker.indexed  # what the indexer reads of each page searched (search.indexed_digest)
        offline_job = _OfflineIndexJob(builder, previous, parsed_before, out, writer,
                                       store.fingerprints if store else Fingerprints(), (plan, rules))
        offline_index = side.enter_context(aside(_offline_index, offline_job, None))
        maker.make(builder.article_groups)  # first: all the indexer reads
        for url in searched - indexed.keys():  # not rendered: as the current site's, if it is known
            known_digest = previous.indexed.get(url) if previous and old_keys.get(url) == keys[url] else None
            indexed[url] = known_digest or f"page:{keys[url]}"
        reused_bundles: dict[str, list[str]] = {}
        stale: dict[str, list[str]] = {}
        for bundle, pages in bundles.items():
            key = digest(pagefind_version(), config.language, *(f"{u}:{indexed[u]}" for u in pages))
            known = previous.bundles.get(bundle, []) if previous else []
            if known[:1] == [key] and all(writer.reuse(f, out, _SEARCH + key) for f in known[1:]):
                reused_bundles[bundle] = known
            else:
                stale[bundle] = pages
                reused_bundles[bundle] = [key]
        # The indexer has all it reads: it runs while the rest of the site is made and written.
        indexing = indexer.send((staging, config.language, stale)) if indexer else lambda: None
        maker.make(builder.page_groups)
        for group in builder.closing_groups(maker.listed):
            maker.make_here(group)
        docs, index_keys = offline_index()
        keys.update(index_keys)
        for image in sorted(images.values(), key=lambda i: i.url):
            put(image.url, image.source.read_bytes())
        for rel, path in _static_files(static_dirs, config.root, problems):
            put(f"{ASSETS}/{rel}", path.read_bytes())
        if strict and problems:
            raise BuildError(f"{plural(len(problems), 'problem')} in static files and --strict is on; "
                             "nothing was written", problems)
        redirects, refused = builder.redirect_pages(set(keys))
        result.problems += _alias_problems(content_dir, refused)
        if strict and refused:
            raise BuildError("an alias was refused and --strict is on; nothing was written", result.problems)
        maker.make_here(PageGroup("redirects", None, lambda: redirects))
        indexing()
        for bundle in stale:
            reused_bundles[bundle] += sorted(p.relative_to(staging).as_posix()
                                             for p in (staging / bundle).rglob("*") if p.is_file())
        written = sorted(set(keys) | {f for files in reused_bundles.values() for f in files[1:]})
        writer.remove_all_but(set(written))
        result.carried = carry_over_foreign_files(out, staging, foreign)
        result.pages = len(html_pages([*written, *result.carried]))
        writer.write(MARKER, "\n".join(written) + "\n")
        kept = publish(staging, out, keep if previous else None)
    except OSError as exc:  # the disk filled up, a folder is not writable: not a bug
        side.close()
        shutil.rmtree(staging, ignore_errors=True)
        what = shown(exc.filename) if exc.filename else "the new site"
        raise BuildError(write_failure(exc, what) + "; the previous site is unchanged") from None
    except BaseException:
        side.close()
        shutil.rmtree(staging, ignore_errors=True)
        raise
    else:
        if trash:  # removed while the cache is written: deleting files is mostly waiting on the disk
            clearing = threading.Thread(target=shutil.rmtree, args=(trash,), kwargs={"ignore_errors": True})
            clearing.start()
    finally:
        side.close()
        if trash and clearing is None:
            shutil.rmtree(trash, ignore_errors=True)
    try:
        result.rendered = len(html_pages(maker.rendered))
        if store:
            store.save_parsed_pages(seen)
            if facts is None:
                store.save_model_facts(model_key, builder.facts())
            store.save_published(out, cache.Published(
                inputs=inputs, token=marker_token(out / MARKER), keys=keys, bundles=reused_bundles,
                pages=result.pages, articles=result.articles, problems=result.problems, held_back=held_back,
                carried=result.carried, index_docs=docs,
                folders=folder_times(out, [*written, *result.carried, MARKER]),
                # the files changed in place are kept in the older site's list, keyed as no page
                # is, so the build that brings it up to date replaces or removes them
                older=cache.Tree(previous.token, {**previous.keys, **dict.fromkeys(altered, "")}, previous.bundles,
                                 foreign, previous.stamps) if kept and previous else None,
                stamps=file_stamps(out, written),
                release=min(embargoes).isoformat() if embargoes and not future else "",
                listing=listing, sources=sources, groups=groups.groups, environment=page_environment,
                indexed=indexed))
    finally:
        if clearing:
            clearing.join()
    return result


def _edited_articles(previous: cache.Published | None, listing: str, sources: Mapping[str, str],
                     articles: Iterable[Article]) -> set[str] | None:
    """The page groups of the articles whose content file changed since the current
    site was built, when nothing else any page shows did (the same listing digest):
    no other page can have changed. None when other pages may have changed too."""
    if previous is None or not previous.listing or previous.listing != listing:
        return None
    edited = {rel for rel, key in sources.items() if previous.sources.get(rel) != key}
    return {f"article:{article.url}" for article in articles if article.source_path in edited}
