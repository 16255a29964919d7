"""The build's first stage: what it is asked (Request), the content and settings it
reads (Scanned), the site it replaces (Looked) and the articles (Loaded)."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from site_builder import __version__
from site_builder.build.index import SEARCH_KEY
from site_builder.content.frontmatter import key_line
from site_builder.content.images import SiteImage, find_images
from site_builder.content.publication import HeldBack, publication_time, published
from site_builder.content.read import ParsedPage, broken_rule, load_articles, scan_content
from site_builder.core import gc_pause
from site_builder.core.config import Config
from site_builder.core.digests import digest
from site_builder.core.errors import BuildError, Problem
from site_builder.core.files import folder_name, printable
from site_builder.core.model import Article
from site_builder.core.plugins import NO_PLUGINS, Plugins
from site_builder.core.wording import plural
from site_builder.ingest.tag_rules import TagRules, tag_rules
from site_builder.publish import cache
from site_builder.publish.output import (
    MARKER,
    altered_files,
    changes_since,
    check_output_dir,
    foreign_files,
    marker_token,
)
from site_builder.render.keys import settings_digest, tree_digest
from site_builder.render.templates import theme_dir
from site_builder.render.themes import ThemeChain
from site_builder.site.edits import EditPlan, EntityEdits, load_edits, plan_edits


@dataclass(frozen=True)
class Request:
    """A build as asked, its folders resolved."""

    config: Config
    out: Path
    content_dir: Path
    template_dirs: list[Path]
    static_dirs: list[Path]
    clock: dt.datetime  # embargoes are compared with it
    strict: bool = False
    with_search: bool = False  # the Pagefind index
    drafts: bool = False
    future: bool = False
    jobs: int = 1
    progress: Callable[[int, int | None], None] | None = None
    plugins: Plugins = NO_PLUGINS  # site.toml's plugins, loaded
    theme: ThemeChain | None = None  # the theme and those it extends (render.themes.theme_chain)


def theme_folders(request: Request) -> list[Path]:
    """The folders every page depends on all of: templates/ and each theme's whole folder
    (its templates, theme.toml and string tables)."""
    if request.theme is None:
        return request.template_dirs
    return [request.template_dirs[0], *request.theme.folders]


def resolved_folders(config: Config, out: Path | None, content: Path | None) -> tuple[Path, Path, Path, Path]:
    """The output folder (checked: see output.check_output_dir), content/, templates/ and
    the theme's folder. A content folder missing is an error."""
    content_dir = content or config.path(config.content)
    theme = theme_dir(config.root, config.theme)
    templates = config.path(config.templates)
    out = check_output_dir(out or config.path(config.output),
                           {"the project": config.root, "content/": content_dir,
                            "seeds/": config.path(config.seeds), "the theme": theme,
                            "templates/": templates, "static/": config.path(config.static),
                            "themes/": config.root / "themes"})
    if not content_dir.is_dir():
        raise BuildError(f"there is no content folder at {content_dir}; run `site-builder ingest` first")
    return out, content_dir, templates, theme


@dataclass(frozen=True)
class Scanned:
    """What the build reads before it takes the output folder: while `inputs` is the
    last build's, and the output folder as it left it, nothing can have changed."""

    environment: str  # what every output file depends on besides its own data
    sources: dict[str, str]  # content file → the key of its bytes
    edits: EntityEdits
    inputs: str


def scan(request: Request) -> Scanned:
    config = request.config
    environment = digest(__version__, cache.FORMAT, settings_digest(config), tree_digest(theme_folders(request)),
                         tree_digest(request.static_dirs), *request.plugins.code)
    sources = dict(scan_content(request.content_dir))
    edits = load_edits(config.root)
    inputs = digest(environment, str(request.with_search), str(request.strict), str(request.drafts),
                    str(request.future), edits.text, *(f"{rel}:{key}" for rel, key in sources.items()))
    return Scanned(environment, sources, edits, inputs)


@dataclass(frozen=True)
class Looked:
    """The output folder as found: the last build's record of it (its files removed or
    changed by hand since struck out), the files the build did not write, whether it
    is as the last build left it, and the last build's files changed in place."""

    previous: cache.Published | None
    foreign: list[str]
    untouched: bool
    altered: list[str]


def look_at_output(out: Path, store: cache.BuildCache | None) -> Looked:
    """The output folder, against the cache's record of it. Files of the last build
    removed or changed by hand are struck from `previous`, so they are made again."""
    previous = store.published(out, marker_token(out / MARKER)) if store else None
    if previous is None:
        return Looked(None, foreign_files(out), False, [])
    altered = altered_files(out, previous.stamps)
    missing: set[str] = set()
    if not previous.folders:
        found = foreign_files(out)
        untouched = found == previous.carried
    else:
        tree = previous.tree()
        changes = changes_since(out, lambda: (rel for rel, key in tree_files(tree).items() if key),
                                previous.carried, previous.folders)
        found, missing = changes if changes is not None else (previous.carried, set())
        untouched = changes is None
    gone = missing.union(altered)
    for rel in gone:
        previous.keys.pop(rel, None)
    for bundle, files in previous.bundles.items():
        if gone.intersection(files[1:]):
            previous.bundles[bundle] = ["missing", *files[1:]]  # indexed again
    changed = [rel for rel in altered if os.path.lexists(out / rel)]
    if changed and store:
        store.notices.append(f"{plural(len(changed), 'file')} of {folder_name(out)} changed since the last build "
                             f"wrote them (the first, {printable(changed[0])}); they are made again from their sources")
    return Looked(previous, found, untouched and not altered, changed)


def tree_files(tree: cache.Tree) -> dict[str, str]:
    """Every file of a site the cache describes, with its key (files the build did
    not write have none: they are always carried over afresh)."""
    files = dict.fromkeys(tree.carried, "")
    files.update(tree.keys)
    for bundle in tree.bundles.values():
        files.update(dict.fromkeys(bundle[1:], SEARCH_KEY + bundle[0]))
    return files


@dataclass(frozen=True)
class Loaded:
    """The articles as the site shows them, and what reading them found."""

    articles: list[Article]  # published, with the editor's entities.toml and the tag rules applied
    problems: list[Problem]
    held_back: HeldBack
    release: str  # when the next embargoed article is due ("" for none)
    parsed: tuple[dict[str, ParsedPage], dict[str, ParsedPage]]  # the content pages as cached, and as read now
    corrections: tuple[EditPlan, TagRules]  # what this build changes of each article as read
    images: dict[str, SiteImage]  # by article URL
    sources: dict[str, str]  # content file → the key of its article (a plugin's change included)


def load(request: Request, scanned: Scanned, store: cache.BuildCache | None) -> Loaded:
    """content/ read (a page unchanged since the last build from the cache), then
    published, corrected and given its pictures."""
    seen: dict[str, ParsedPage] = {}
    parsed_before = store.parsed_pages(broken_rule) if store else {}
    articles, problems = load_articles(request.content_dir, parsed_before, seen, scanned.sources)
    gc_pause.settle()
    clock = request.clock
    embargoes = [publication_time(a.date) for a in articles if a.date is not None and not a.draft
                 and publication_time(a.date) > clock]
    articles, held_back = published(articles, clock, request.drafts, request.future)
    # The editor's entities.toml and the site-wide tag rules: every page, list and key
    # below is made from the articles as they leave them, so an edit there changes the
    # pages it affects, and only those, as an edit of the content would.
    plan, edit_problems = plan_edits(articles, scanned.edits)
    problems += scanned.edits.problems + edit_problems
    articles = [plan.apply(article) for article in articles]
    rules = tag_rules(articles)
    articles = [rules.apply(article) for article in articles]
    # The articles of the site are all here, as every page will show them: the plugins may change them.
    articles, sources = request.plugins.articles_loaded(articles, scanned.sources)
    images, no_images = find_images(request.content_dir, articles, request.config.path(request.config.static))
    problems += _image_problems(request.content_dir, no_images)
    release = min(embargoes).isoformat() if embargoes and not request.future else ""
    return Loaded(articles, problems, held_back, release, (parsed_before, seen), (plan, rules), images,
                  sources)


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
