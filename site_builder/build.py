"""content/ → public/: read, model, render, write elsewhere, then swap in."""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import os
import shutil
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from .config import Config
from .content import Problem, load_articles
from .errors import SiteBuilderError
from .files import shown, walk, write_failure
from .frontmatter import key_line
from .model import Article, Page
from .offline_index import index_files
from .output import (
    MARKER,
    carry_over_foreign_files,
    check_output_dir,
    html_pages,
    publish,
    remove_stale_staging,
    staging_dir,
)
from .publication import HeldBack, published
from .render import make_environment, render_page, theme_dir
from .site import SiteBuilder
from .wording import plural
from .workers import exclusive, fork_map


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


class _Writer:
    """Writes files under one folder, refusing any path that would leave it."""

    def __init__(self, base: Path) -> None:
        self.base = base
        self._made: set[str] = set()

    def write(self, rel: str, data: str | bytes) -> None:
        clean = os.path.normpath(rel)
        if os.path.isabs(clean) or clean == ".." or clean.startswith(("../", "..\\")) or clean == ".":
            raise BuildError(f"refusing to write {rel!r}: it would land outside the output folder")
        folder = os.path.dirname(clean)
        if folder and folder not in self._made:
            (self.base / folder).mkdir(parents=True, exist_ok=True)
            self._made.add(folder)
        try:
            (self.base / clean).write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        except OSError as exc:
            raise BuildError(write_failure(exc, shown(clean)) + "; the previous site is unchanged") from None


def _copy_static(sources: list[Path], dest: Path, root: Path, problems: list[Problem]) -> list[str]:
    """Theme assets, then the project's static/ over them, into the site as-is.
    Files refused by the link rule (see files.py) are left out with a warning."""
    written: dict[str, Path] = {}
    for source in sources:
        listing = walk(source)
        label = source.relative_to(root).as_posix() if source.is_relative_to(root) else str(source)
        problems += [Problem(f"{label}/{rel}", None, why, fatal=False) for rel, why in listing.skipped]
        for rel in listing.files:
            written[rel] = source / rel
    for rel, path in sorted(written.items()):
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    return sorted(written)


CHUNK = 200  # pages per task handed to a render worker


def _render_list(env: jinja2.Environment, pages: list[Page], site: dict[str, Any], writer: _Writer) -> None:
    for page in pages:
        try:
            html = render_page(env, page, site)
        except Exception as exc:  # noqa: BLE001 - a template can raise anything; name where
            raise BuildError(f"template {_template_location(exc, page.template)} failed while rendering "
                             f"{page.path}: {type(exc).__name__}: {exc}") from None
        writer.write(page.path, html)


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


_RenderJob = tuple[jinja2.Environment, dict[str, Any], Path]


def _render_chunk(job: _RenderJob, pages: list[Page]) -> tuple[int, str | None]:
    env, site, staging = job
    try:
        _render_list(env, pages, site, _Writer(staging))
    except BuildError as exc:
        return 0, str(exc)  # a message pickles back to the parent; the exception may not
    return len(pages), None


def chunked(pages: Iterable[Page], size: int = CHUNK) -> Iterator[list[Page]]:
    chunk: list[Page] = []
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


def render_pages(env: jinja2.Environment, pages: Iterable[Page], site: dict[str, Any], staging: Path, jobs: int,
                 progress: Callable[[int, int | None], None] | None = None) -> int:
    """Render every page into `staging`, in `jobs` forked processes. Pages are made
    as the workers ask for chunks of them, so the whole site never sits in memory.
    Returns how many pages were rendered."""
    done = 0
    chunks = chunked(pages)
    first = list(itertools.islice(chunks, 2))
    workers = jobs if len(first) == 2 else 1  # a pool for one chunk costs more than it saves
    results = fork_map(_render_chunk, (env, site, staging), itertools.chain(first, chunks), workers, ordered=False)
    with contextlib.closing(results):  # stops the pool at once if a chunk fails
        for count, error in results:
            if error:
                raise BuildError(error)
            done += count
            if progress:
                progress(done, None)
    return done


def build(config: Config, out: Path | None = None, content: Path | None = None, strict: bool = False,
          progress: Callable[[int, int | None], None] | None = None,
          index_search: Callable[[Path, list[str], str], int] | None = None,
          jobs: int = 1, drafts: bool = False, future: bool = False,
          now: dt.datetime | None = None) -> BuildResult:
    """`now` is the clock embargoes are compared with (an aware datetime; default the
    current time); `drafts` and `future` publish drafts and embargoed articles too."""
    started = time.perf_counter()
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

    articles, problems = load_articles(content_dir)
    articles, held_back = published(articles, now or dt.datetime.now(dt.UTC), drafts, future)
    result = BuildResult(articles=len(articles), out=out, problems=problems, held_back=held_back)
    if strict and problems:
        raise BuildError(f"{plural(len(problems), 'problem')} in {content_dir.name}/ and --strict is on; "
                         "nothing was written", problems)

    builder = SiteBuilder(config, articles)
    env = make_environment([templates, theme / "templates"])
    site = {**builder.site_data(), "pagefind": index_search is not None}

    with exclusive(out.parent / f".{out.name}.lock", f"the output folder {out.name}/"):
        remove_stale_staging(out)
        staging = staging_dir(out)
        staging.mkdir(parents=True)
        writer = _Writer(staging)
        try:
            written: list[str] = []

            def recorded(pages: Iterable[Page]) -> Iterator[Page]:
                for page in pages:
                    written.append(page.path)
                    yield page

            render_pages(env, recorded(builder.pages()), site, staging, jobs, progress)
            for rel, text in index_files(builder.articles, builder.search_filters()):
                writer.write(rel, text)
                written.append(rel)
            assets = _copy_static([theme / "static", config.path(config.static)], staging / "assets", config.root,
                                  problems)
            if strict and problems:
                raise BuildError(f"{plural(len(problems), 'problem')} in static files and --strict is on; "
                                 "nothing was written", problems)
            written += [f"assets/{a}" for a in assets]
            redirects, refused = builder.redirect_pages(set(written))
            result.problems += _alias_problems(content_dir, refused)
            if strict and refused:
                raise BuildError("an alias was refused and --strict is on; nothing was written",
                                 result.problems)
            render_pages(env, recorded(redirects), site, staging, 1)
            if index_search is not None:
                index_search(staging, [a.url for a in builder.articles], config.language)
                written += sorted(p.relative_to(staging).as_posix() for p in (staging / "pagefind").rglob("*")
                                  if p.is_file()) if (staging / "pagefind").is_dir() else []
            result.carried = carry_over_foreign_files(out, staging)
            result.pages = len(html_pages([*written, *result.carried]))
            writer.write(MARKER, "\n".join(sorted(written)) + "\n")
            publish(staging, out)
        except OSError as exc:  # the disk filled up, a folder is not writable: not a bug
            shutil.rmtree(staging, ignore_errors=True)
            what = shown(exc.filename) if exc.filename else "the new site"
            raise BuildError(write_failure(exc, what) + "; the previous site is unchanged") from None
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    result.seconds = time.perf_counter() - started
    return result
