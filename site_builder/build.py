"""content/ → public/: read, model, render, write elsewhere, then swap in."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import itertools
import json
import os
import shutil
import time
import traceback
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from . import __version__, cache, collector
from .cache import settings_digest, tree_digest
from .config import Config
from .content import ParsedPage, Problem, load_articles, scan_content
from .digests import digest
from .errors import SiteBuilderError
from .files import shown, walk, write_failure
from .frontmatter import key_line
from .images import find_images
from .model import Article, OutputPage
from .offline_index import Fingerprints, index_docs, index_files, update_index_files
from .output import (
    MARKER,
    carry_over_foreign_files,
    changes_since,
    check_output_dir,
    folder_times,
    foreign_files,
    html_pages,
    marker_token,
    previous_dir,
    publish,
    remove_stale_staging,
    staging_dir,
    take_previous,
)
from .pages import PageGroup, SiteBuilder, archive_digests, newest_first
from .publication import HeldBack, publication_time, published
from .render import make_environment, render_template, theme_dir
from .search import MAIN_BUNDLE, index_bundles, indexed_digest, pagefind_version
from .search import shard_bundles as search_bundles
from .views import SiteData
from .wording import plural
from .workers import aside, exclusive, fork_map


class BuildError(SiteBuilderError, RuntimeError):
    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


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


class _Writer:
    """Writes files under one folder, refusing any path that would leave it. The
    folder may be the site before last, being brought up to date (see
    output.take_previous): `present` maps the files it holds to their keys. A file
    there is replaced by unlinking it first, never by writing into it, as its inode
    may be shared with the live site."""

    def __init__(self, base: Path, present: Mapping[str, str] | None = None) -> None:
        self.base = base
        self.present = present or {}
        self._made: set[str] = set()

    def _target(self, rel: str) -> Path:
        clean = os.path.normpath(rel)
        if os.path.isabs(clean) or clean == ".." or clean.startswith(("../", "..\\")) or clean == ".":
            raise BuildError(f"refusing to write {rel!r}: it would land outside the output folder")
        folder = os.path.dirname(clean)
        if folder and folder not in self._made:
            try:
                (self.base / folder).mkdir(parents=True, exist_ok=True)
            except (FileExistsError, NotADirectoryError):  # a file of the older site stands in the way
                self._clear_folders(folder)
                (self.base / folder).mkdir(parents=True, exist_ok=True)
            self._made.add(folder)
        target = self.base / clean
        _clear(target)
        return target

    def _clear_folders(self, folder: str) -> None:
        parts = folder.split(os.sep)
        for end in range(1, len(parts) + 1):
            path = self.base.joinpath(*parts[:end])
            if os.path.lexists(path) and (path.is_symlink() or not path.is_dir()):
                path.unlink()

    def write(self, rel: str, data: str | bytes) -> None:
        target = self._target(rel)
        try:
            target.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        except OSError as exc:
            raise BuildError(write_failure(exc, shown(os.path.normpath(rel))) + "; the previous site is unchanged") \
                from None

    def reuse(self, rel: str, previous: Path, key: str) -> bool:
        """The file of the live site `previous` whose key is `key`, unchanged: the one
        already here when it has that key (the same inode), else a hard link (a copy
        keeping its mtime where links fail). Its inode and mtime stay, so rsync and
        CDN uploads see it unchanged. False when the live site lacks it."""
        if self.present.get(rel) == key:
            return True
        source = previous / rel
        target = self._target(rel)
        try:
            os.link(source, target, follow_symlinks=False)
        except FileNotFoundError:
            return False
        except OSError:
            if not source.is_file() or source.is_symlink():
                return False
            shutil.copy2(source, target)
        return True

    def remove_all_but(self, wanted: Collection[str]) -> None:
        """Remove the files of the older site the new one does not have, and the
        folders that leaves empty."""
        emptied: set[str] = set()
        for rel in self.present:
            if rel not in wanted:
                with contextlib.suppress(FileNotFoundError, IsADirectoryError, NotADirectoryError):
                    os.unlink(self.base / rel)
                    emptied.add(os.path.dirname(rel))
        for folder in sorted(emptied, key=lambda f: -f.count("/")):
            while folder:
                try:
                    os.rmdir(self.base / folder)
                except OSError:  # not empty (or gone already)
                    break
                folder = os.path.dirname(folder)


def _clear(path: Path) -> None:
    """Nothing at `path` any more (a file, a link or a folder of the older site)."""
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
    except OSError:
        if not path.is_dir() or path.is_symlink():
            raise
        shutil.rmtree(path)


def _static_files(sources: list[Path], root: Path, problems: list[Problem]) -> list[tuple[str, Path]]:
    """Theme assets, then the project's static/ over them: (path under assets/, file).
    Files refused by the link rule (see files.py) are left out with a warning."""
    written: dict[str, Path] = {}
    for source in sources:
        listing = walk(source)
        label = source.relative_to(root).as_posix() if source.is_relative_to(root) else str(source)
        problems += [Problem(f"{label}/{rel}", None, why, fatal=False) for rel, why in listing.skipped]
        for rel in listing.files:
            written[rel] = source / rel
    return sorted(written.items())


CHUNK = 200  # pages per task handed to a render worker


def _render_list(env: jinja2.Environment, pages: list[OutputPage], site_data: SiteData, writer: _Writer,
                 indexed: Collection[str] = ()) -> list[tuple[str, str]]:
    """Render and write `pages`; returns the search.indexed_digest of those in `indexed`."""
    digests = []
    for page in pages:
        try:
            html = render_template(env, page, site_data)
        except Exception as exc:  # noqa: BLE001 - a template can raise anything; name where
            raise BuildError(f"template {_template_location(exc, page.template)} failed while rendering "
                             f"{page.path}: {type(exc).__name__}: {exc}") from None
        writer.write(page.path, html)
        if page.path in indexed:
            digests.append((page.path, indexed_digest(html)))
    return digests


def _template_location(exc: Exception, fallback: str) -> str:
    """file:line of the template frame that raised (Jinja rewrites tracebacks so
    template lines appear as frames of the template file)."""
    if isinstance(exc, jinja2.TemplateSyntaxError) and exc.lineno:
        return f"{exc.filename or exc.name or fallback}:{exc.lineno}"
    where = fallback
    for frame, line in traceback.walk_tb(exc.__traceback__):
        name = frame.f_code.co_filename
        if name.endswith((".html", ".xml")):
            where = f"{name}:{line}"
    return where


_RenderJob = tuple[jinja2.Environment, SiteData, Path, Collection[str]]


def _render_chunk(job: _RenderJob, pages: list[OutputPage]) -> tuple[int, list[tuple[str, str]], str | None]:
    env, site_data, staging, indexed = job
    try:
        digests = _render_list(env, pages, site_data, _Writer(staging), indexed)
    except BuildError as exc:
        return 0, [], str(exc)  # a message pickles back to the parent; the exception may not
    return len(pages), digests, None


def chunked(pages: Iterable[OutputPage], size: int = CHUNK) -> Iterator[list[OutputPage]]:
    chunk: list[OutputPage] = []
    for page in pages:
        chunk.append(page)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


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


def render_pages(env: jinja2.Environment, pages: Iterable[OutputPage], site_data: SiteData, staging: Path, jobs: int,
                 progress: Callable[[int, int | None], None] | None = None, indexed: Collection[str] = (),
                 digests: dict[str, str] | None = None) -> int:
    """Render every page into `staging`, in `jobs` forked processes. Pages are made
    as the workers ask for chunks of them, so the whole site never sits in memory.
    The search.indexed_digest of each page in `indexed` goes into `digests`.
    Returns how many pages were rendered."""
    done = 0
    chunks = chunked(pages)
    first = list(itertools.islice(chunks, 2))
    workers = jobs if len(first) == 2 else 1  # a pool for one chunk costs more than it saves
    results = fork_map(_render_chunk, (env, site_data, staging, indexed), itertools.chain(first, chunks), workers,
                       ordered=False)
    with contextlib.closing(results):  # stops the pool at once if a chunk fails
        for count, found, error in results:
            if error:
                raise BuildError(error)
            if digests is not None:
                digests.update(found)
            done += count
            if progress:
                progress(done, None)
    return done


def _index_bundles(where: tuple[Path, str], bundles: dict[str, list[str]]) -> None:
    """search.index_bundles, as workers.aside calls it."""
    site_dir, language = where
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

    store = cache.BuildCache(cache_dir or config.path(cache.DEFAULT_FOLDER)) if use_cache else None
    template_dirs = [templates, theme / "templates"]
    static_dirs = [theme / "static", config.path(config.static)]
    environment = _environment_digest(config, template_dirs, static_dirs)
    clock = now or dt.datetime.now(dt.UTC)
    sources = dict(scan_content(content_dir))
    inputs = digest(environment, str(with_search), str(strict), str(drafts), str(future),
                    *(f"{rel}:{key}" for rel, key in sources.items()))
    with exclusive(out.parent / f".{out.name}.lock", f"the output folder {out.name}/"), collector.settling():
        result = _build_locked(config, out, content_dir, strict, progress, jobs, with_search, store, template_dirs,
                               static_dirs, environment, (inputs, sources), (clock, drafts, future))
    result.seconds = time.perf_counter() - started
    return result


def _offline_index(builder: SiteBuilder, previous: cache.Published | None, known: dict[str, ParsedPage], out: Path,
                   put: Callable[[str, str], None], writer: _Writer, old_keys: dict[str, str],
                   keys: dict[str, str], fingerprint: Callable[[Article], str]) -> list[list[str]]:
    """search-index/: brought up to date from the current site's when its doc ids
    stay (edits, articles added at the end), else made anew. Returns its docs."""
    filters = builder.search_filters()
    files = None
    if previous is not None and previous.index_docs:
        def read(rel: str) -> str | None:
            try:
                return (out / rel).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                return None

        before = {article.url: article for article, _problems in known.values() if article is not None}
        files = update_index_files(builder.articles, filters, previous.index_docs, before, read,
                                   fingerprint=fingerprint)
    if files is None:
        for rel, text in index_files(builder.articles, filters):
            put(rel, text)
    else:
        for file in files:
            if file.unchanged and file.path in old_keys and writer.reuse(file.path, out, old_keys[file.path]):
                keys[file.path] = old_keys[file.path]
            else:
                put(file.path, file.text())
    return index_docs(builder.articles, fingerprint)


def _look_at_output(out: Path, previous: cache.Published | None) -> tuple[list[str], bool]:
    """The files in the output folder the build did not write, and whether the
    folder is as the last build left it. Files of the last build removed by hand
    are struck from `previous`, so they are written again."""
    if previous is None or not previous.folders:
        found = foreign_files(out)
        return found, previous is not None and found == previous.carried
    tree = previous.tree()
    changes = changes_since(out, lambda: (rel for rel, key in _tree_files(tree).items() if key), previous.carried,
                            previous.folders)
    if changes is None:
        return previous.carried, True
    found, missing = changes
    for rel in missing:
        previous.keys.pop(rel, None)
    for bundle, files in previous.bundles.items():
        if missing.intersection(files[1:]):
            previous.bundles[bundle] = ["missing", *files[1:]]  # indexed again
    return found, False


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
                  publishing: tuple[dt.datetime, bool, bool]) -> BuildResult:
    """The build with the output folder locked: nothing changed (nothing to do), or
    render what changed into a staging folder, link the rest, and swap it in."""
    inputs, sources = scanned
    previous = store.published(out, out / MARKER) if store else None
    clock, drafts, future = publishing
    foreign, untouched = _look_at_output(out, previous)
    if previous is not None and previous.inputs == inputs and not previous.released_by(clock) and untouched:
        if strict and previous.problems:
            raise BuildError(f"{len(previous.problems)} problem(s) in content/ and --strict is on; "
                             "nothing was written", previous.problems)
        return BuildResult(pages=previous.pages, articles=previous.articles, out=out,
                           problems=previous.problems, notices=store.notices if store else [], unchanged=True,
                           held_back=previous.held_back, carried=previous.carried)

    seen: dict[str, ParsedPage] = {}
    parsed_before = store.parsed_pages() if store else {}
    articles, problems = load_articles(content_dir, parsed_before, seen, sources)
    collector.settle()
    embargoes = [publication_time(a.date) for a in articles if a.date is not None and not a.draft
                 and publication_time(a.date) > clock]
    articles, held_back = published(articles, clock, drafts, future)
    images, no_images = find_images(content_dir, articles, config.path(config.static))
    problems += _image_problems(content_dir, no_images)
    result = BuildResult(articles=len(articles), out=out, problems=problems, held_back=held_back,
                         notices=store.notices if store else [])
    if strict and problems:
        raise BuildError(f"{plural(len(problems), 'problem')} in {content_dir.name}/ and --strict is on; "
                         "nothing was written", problems)

    ordered = newest_first(articles)
    bundles = search_bundles([a.url for a in ordered]) if with_search else {}
    model_key, listed = archive_digests(ordered)
    facts = store.model_facts(model_key, len(ordered)) if store else None
    image_views = {url: image.view() for url, image in sorted(images.items())}
    builder = SiteBuilder(config, ordered, search_bundles=[f"{b}/" for b in bundles if b != MAIN_BUNDLE],
                          images=image_views, facts=facts)
    env = make_environment(template_dirs)
    collector.settle()  # the site model too
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
    rendered: list[str] = []

    remove_stale_staging(out)
    staging = staging_dir(out)
    # The site before last, kept beside the output by the last build, is brought up to
    # date in place of a new folder: only what differs is written, linked or removed.
    older = previous.older if previous else None
    present = _tree_files(older) if store and take_previous(out, staging, older.token if older else []) \
        and older else {}
    if not present:
        staging.mkdir(parents=True)
    writer = _Writer(staging, present)
    try:
        def changed(pages: Iterable[OutputPage]) -> Iterator[OutputPage]:
            """The pages whose key changed; the others are linked from the current site."""
            for page in pages:
                key = keys[page.path] = page_key(page)
                if old_keys.get(page.path) != key or not writer.reuse(page.path, out, key):
                    rendered.append(page.path)
                    yield page

        def put(rel: str, data: str | bytes) -> None:
            key = keys[rel] = cache.data_key(data)
            if old_keys.get(rel) != key or not writer.reuse(rel, out, key):
                writer.write(rel, data)

        stored = previous.groups if previous and previous.environment == page_environment else {}
        groups = _KeptGroups(stored, edited, old_keys, keys, writer, out)
        searched = frozenset(url for pages in bundles.values() for url in pages)
        indexed: dict[str, str] = {}  # what the indexer reads of each page searched (search.indexed_digest)
        article_pages, other_pages = builder.page_parts(groups)
        made = render_pages(env, changed(article_pages), site_data, staging, jobs, progress, searched, indexed)
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
        # The indexer has all it reads: it runs, in a process of its own, while the rest of the
        # site is made and written.
        with aside(_index_bundles, (staging, config.language), stale) as indexing:
            render_pages(env, changed(other_pages), site_data, staging, jobs,
                         progress and (lambda done, total: progress(made + done, total)))
            docs = _offline_index(builder, previous, parsed_before, out, put, writer, old_keys, keys,
                                  store.fingerprints if store else Fingerprints())
            for image in sorted(images.values(), key=lambda i: i.url):
                put(image.url, image.source.read_bytes())
            for rel, path in _static_files(static_dirs, config.root, problems):
                put(f"assets/{rel}", path.read_bytes())
            if strict and problems:
                raise BuildError(f"{plural(len(problems), 'problem')} in static files and --strict is on; "
                                 "nothing was written", problems)
            redirects, refused = builder.redirect_pages(set(keys))
            result.problems += _alias_problems(content_dir, refused)
            if strict and refused:
                raise BuildError("an alias was refused and --strict is on; nothing was written", result.problems)
            render_pages(env, changed(redirects), site_data, staging, 1)
            indexing()
        for bundle in stale:
            reused_bundles[bundle] += sorted(p.relative_to(staging).as_posix()
                                             for p in (staging / bundle).rglob("*") if p.is_file())
        written = sorted(set(keys) | {f for files in reused_bundles.values() for f in files[1:]})
        writer.remove_all_but(set(written))
        result.carried = carry_over_foreign_files(out, staging, foreign)
        result.pages = len(html_pages([*written, *result.carried]))
        writer.write(MARKER, "\n".join(written) + "\n")
        kept = publish(staging, out, previous_dir(out) if previous and store else None)
    except OSError as exc:  # the disk filled up, a folder is not writable: not a bug
        shutil.rmtree(staging, ignore_errors=True)
        what = shown(exc.filename) if exc.filename else "the new site"
        raise BuildError(write_failure(exc, what) + "; the previous site is unchanged") from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    result.rendered = len(html_pages(rendered))
    if store:
        store.save_parsed_pages(seen)
        if facts is None:
            store.save_model_facts(model_key, builder.facts())
        store.save_published(out, cache.Published(
            inputs=inputs, token=marker_token(out / MARKER), keys=keys, bundles=reused_bundles,
            pages=result.pages, articles=result.articles, problems=result.problems, held_back=held_back,
            carried=result.carried, index_docs=docs, folders=folder_times(out, [*written, *result.carried, MARKER]),
            older=cache.Tree(previous.token, previous.keys, previous.bundles, foreign) if kept and previous else None,
            release=min(embargoes).isoformat() if embargoes and not future else "",
            listing=listing, sources=sources, groups=groups.groups, environment=page_environment, indexed=indexed))
    return result


class _KeptGroups:
    """pages.GroupReuse for one build: a group of pages is kept, not made, when its
    inputs are those the current site's were made from and each of its files can be
    linked from there. `edited`, when given, names the only groups that may have
    changed (see _edited_articles): the others are kept without their inputs made."""

    def __init__(self, stored: Mapping[str, list[Any]], edited: set[str] | None, old_keys: Mapping[str, str],
                 keys: dict[str, str], writer: _Writer, out: Path) -> None:
        self.stored, self.edited, self.old_keys, self.keys, self.writer, self.out = \
            stored, edited, old_keys, keys, writer, out
        self.groups: dict[str, list[Any]] = {}  # for the next build: name → [inputs, paths]
        self._inputs: dict[str, str] = {}

    def kept(self, group: PageGroup) -> list[str] | None:
        old = self.stored.get(group.name)
        if old is None or group.inputs is None:
            return None
        inputs, paths = old
        if self.edited is None or group.name in self.edited:
            inputs = self._inputs[group.name] = group.inputs()
        if inputs != old[0]:
            return None
        for rel in paths:
            key = self.old_keys.get(rel)
            if key is None or not self.writer.reuse(rel, self.out, key):
                return None  # gone from the current site: made again
            self.keys[rel] = key
        self.groups[group.name] = old
        return list(paths)

    def made(self, group: PageGroup, paths: list[str]) -> None:
        if group.inputs is not None:
            inputs = self._inputs.pop(group.name, None) or group.inputs()
            self.groups[group.name] = [inputs, paths]


def _edited_articles(previous: cache.Published | None, listing: str, sources: Mapping[str, str],
                     articles: Iterable[Article]) -> set[str] | None:
    """The page groups of the articles whose content file changed since the current
    site was built, when nothing else any page shows did (the same listing digest):
    no other page can have changed. None when other pages may have changed too."""
    if previous is None or not previous.listing or previous.listing != listing:
        return None
    edited = {rel for rel, key in sources.items() if previous.sources.get(rel) != key}
    return {f"article:{article.url}" for article in articles if article.source_path in edited}
