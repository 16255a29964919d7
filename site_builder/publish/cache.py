"""What the last build knew, so the next one redoes only what changed.

The cache folder (`.cache/site-builder/` in the project; safe to delete at any time)
holds these JSON files:

- `content/<xx>.json`, 256 shards: each content page's parse result (`Article`,
  problems, and the fingerprint the file:// search index compares), keyed by a
  digest of its path and bytes (never by mtime: CI checkouts reset mtimes), in the
  shard named by the key's first two hex digits, so an edit rewrites one or two
  shards, not the parse of the whole archive;
- `model.json`: the last build's site.model.ModelFacts (every tag and entity with its
  articles, each article's related coverage) with their facts key, so a build whose
  articles have the same names in the same order need not work them out again;
- `output-<digest of the output folder>.json`: for the site last published there,
  the key of every file it holds, the digest of all inputs, the doc ids of its
  file:// search index (so the next build can bring that index up to date), the
  mtime of each of its folders (a file added or removed by hand changes one), the
  listing digest of its articles and the key of each content file it was built from
  (while the digest stays, only the pages of edited files can change), each page
  group's inputs digest and paths (pages.PageGroup), what the search indexer reads
  of each article page (search.indexed_digest: a bundle is indexed again only when
  that changes), the same record of the older
  site kept in the cache (output.previous_dir; its keys only where they differ from the
  live site's), and a token of the file list the build left in it (so a site
  rebuilt without the cache, or replaced by hand, is never trusted).

Every file is JSON, written and read by msgspec against the types below: a file of
another format, a damaged one or one nobody's content could give is ignored with a
notice, and the build is a clean one. The keys of the files are made by
render.keys; this module only stores them, and knows no more than the model.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields
from itertools import chain
from pathlib import Path
from typing import Annotated, Any, Protocol, TypeVar

# Every build reads megabytes of the cache at 10,000 articles and writes them again: msgspec
# reads JSON into these types, checking each value's type as it goes, quicker than
# parsing it and checking every value by hand, and writes it about as fast as orjson.
import msgspec

from site_builder import __version__
from site_builder.core import gc_pause
from site_builder.core.digests import digest
from site_builder.core.errors import Problem
from site_builder.core.files import is_relative_path
from site_builder.core.model import (
    KINDS,
    Article,
    EntityRef,
    HeldBack,
    ParsedPage,
    Ticker,
)
from site_builder.core.xmlchars import forbidden_in

# 12: an article's arrival; 11: read and written by msgspec; 10: each file's stamp; 9: what the indexer reads
FORMAT = "site-builder-cache/12"
DEFAULT_FOLDER = ".cache/site-builder"
SHARDS = "content"  # the folder of the parsed content pages
SHARD_DIGITS = 2  # a page is stored in the shard named by the first hex digits of its key: 256 shards
# What slugs.term_slugs makes: a slug, then "--" and a hash when names share it.
_TERM_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*(?:--[0-9a-f]{8})?")
_SHARD_FILE = re.compile(rf"[0-9a-f]{{{SHARD_DIGITS}}}\.json")


# -- what the files hold -----------------------------------------------------------
# An article is stored as a list of its fields in the order of `Article` (no key names:
# a third of the size, and far quicker to read), with its date as ISO 8601 text, an
# entity as its name, or [name, *aliases] when it has aliases, and a stock symbol as
# [symbol, company]. msgspec checks the type of every value as it reads it, and
# decode_article what the types cannot say, so a damaged entry is never trusted.

_Entity = str | Annotated[list[str], msgspec.Meta(min_length=1)]
_Pair = Annotated[list[str], msgspec.Meta(min_length=2, max_length=2)]  # as Published.index_docs holds them


class StoredArticle(msgspec.Struct, array_like=True, gc=False):
    title: str
    slug: str
    section: str
    section_slug: str
    body: str
    source_path: str
    date: str | None
    author: str
    summary: str
    subheadline: str
    caption: str
    credit: str
    image: str
    image_alt: str
    tags: list[str]
    people: list[_Entity]
    organizations: list[_Entity]
    places: list[_Entity]
    source: str
    source_url: str
    tickers: list[tuple[str, str]]
    raw_title: str
    draft: bool
    aliases: list[str]
    arrival: Annotated[int, msgspec.Meta(ge=1)] | None


if StoredArticle.__struct_fields__ != tuple(f.name for f in fields(Article)):  # pragma: no cover
    raise ImportError("StoredArticle must list the fields of Article, in its order")


class StoredProblem(msgspec.Struct, array_like=True, gc=False):
    path: str
    line: int | None
    message: str
    fatal: bool


class StoredPage(msgspec.Struct, array_like=True, gc=False):
    """A content page's parse: its article, its problems, and the fingerprint the
    file:// search index compares (search.offline.fingerprint)."""

    article: StoredArticle | None
    problems: list[StoredProblem]
    fingerprint: str | None


class _Header(msgspec.Struct, kw_only=True):
    """What every cache file starts with: read alone when the whole is not what this
    site-builder writes, to say why."""

    format: str = ""
    version: str = ""


class _ShardFile(_Header, kw_only=True):
    pages: dict[str, StoredPage]


class _TermRow(msgspec.Struct, array_like=True, gc=False):
    """pages.term_rows: [name, slug, aliases, article indexes, spellings]."""

    name: str
    slug: str
    aliases: list[str]
    indexes: list[int]
    keys: list[str]


class _FactsFile(_Header, kw_only=True):
    key: str
    terms: dict[str, list[_TermRow]]
    related: list[list[int]]


class _StoredTree(msgspec.Struct, array_like=True, gc=False):
    """A Tree by what differs from the live site's record (Tree.encode)."""

    token: list[int]
    differing: dict[str, str]
    gone: list[str]
    bundles: dict[str, list[str]]
    carried: list[str]
    stamps: dict[str, list[int]]


class _OutputFile(_Header, kw_only=True):
    inputs: str
    token: list[int]
    keys: dict[str, str]
    bundles: dict[str, list[str]]
    pages: int
    articles: int
    problems: list[StoredProblem]
    held_back: tuple[int, int]
    release: str
    carried: list[str]
    index_docs: list[_Pair]
    older: _StoredTree | None
    folders: dict[str, int]
    stamps: dict[str, list[int]]
    listing: str
    sources: dict[str, str]
    groups: dict[str, tuple[str, list[str]]]
    environment: str
    indexed: dict[str, str]


_File = TypeVar("_File", bound=_Header)
_ENCODER = msgspec.json.Encoder()


class _Damaged(ValueError):
    """An entry of the cache that no content page gives."""


# -- articles and problems ---------------------------------------------------------

def encode_article(article: Article) -> StoredArticle:
    a = article
    return StoredArticle(
        a.title, a.slug, a.section, a.section_slug, a.body, a.source_path,
        a.date.isoformat() if a.date is not None else None, a.author, a.summary, a.subheadline, a.caption,
        a.credit, a.image, a.image_alt, list(a.tags),
        [[r.name, *r.aliases] if r.aliases else r.name for r in a.people],  # written out thrice: the quickest
        [[r.name, *r.aliases] if r.aliases else r.name for r in a.organizations],
        [[r.name, *r.aliases] if r.aliases else r.name for r in a.places],
        a.source, a.source_url, [(t.symbol, t.company) for t in a.tickers], a.raw_title, a.draft, list(a.aliases),
        a.arrival)


def _entities(items: list[_Entity], names: dict[str, EntityRef]) -> tuple[EntityRef, ...]:
    refs = []
    for item in items:
        if type(item) is str:
            known = names.get(item)
            if known is None:
                known = names[item] = EntityRef(item)  # one object for a name every article shares
            refs.append(known)
        else:
            refs.append(EntityRef(item[0], tuple(item[1:])))
    return tuple(refs)


def decode_article(stored: StoredArticle, names: dict[str, EntityRef] | None = None,
                   vet: Callable[[Article], str | None] | None = None) -> Article:
    """The Article encode_article saw, or _Damaged when `stored` is not one: `vet` says
    which rule of a content page an article breaks (content.read.broken_rule)."""
    names = {} if names is None else names
    s = stored
    date: dt.date | None = None
    if s.date is not None:
        try:
            date = dt.datetime.fromisoformat(s.date) if "T" in s.date else dt.date.fromisoformat(s.date)
        except ValueError:
            raise _Damaged("a date that is not ISO 8601") from None
    article = Article(
        s.title, s.slug, s.section, s.section_slug, s.body, s.source_path, date, s.author, s.summary,
        s.subheadline, s.caption, s.credit, s.image, s.image_alt, tuple(s.tags), _entities(s.people, names),
        _entities(s.organizations, names), _entities(s.places, names), s.source, s.source_url,
        tuple(Ticker(symbol, company) for symbol, company in s.tickers), s.raw_title, s.draft, tuple(s.aliases),
        s.arrival)
    broken = vet(article) if vet is not None else None
    if broken is not None:  # the cache is input anyone could have written: no value of it is trusted
        raise _Damaged(f"an article that no content page gives: {broken}")
    return article


def _encode_problem(problem: Problem) -> StoredProblem:
    return StoredProblem(problem.path, problem.line, problem.message, problem.fatal)


def _decode_problem(stored: StoredProblem) -> Problem:
    if not is_relative_path(stored.path) or not stored.message.isprintable():  # it is printed as it is
        raise _Damaged("a problem names no content file or holds control characters")
    return Problem(stored.path, stored.line, stored.message, stored.fatal)


def _site_path(rel: str, root: bool = False) -> str:
    """A path the output record names inside the site, or ValueError: the build links,
    copies and deletes files by these paths."""
    if not (is_relative_path(rel) or (root and rel == "")):
        raise ValueError("a path that leaves the site")
    return rel


def _site_paths(values: Iterable[str]) -> list[str]:
    return [_site_path(rel) for rel in values]


def _checked_keys(values: dict[str, Any]) -> dict[str, Any]:
    """`values`, once every key is checked as a path inside the site."""
    for rel in values:
        _site_path(rel)
    return values


def _bundle(value: list[str]) -> list[str]:
    """A search bundle's record: [its key, *its files]."""
    key, *files = value
    return [key, *_site_paths(files)]


@dataclass
class Tree:
    """An older site kept in the cache (output.previous_dir): the token of its
    file list, and its files as Published records them."""

    token: list[int]
    keys: dict[str, str]
    bundles: dict[str, list[str]]
    carried: list[str]
    stamps: dict[str, list[int]] = field(default_factory=dict)  # as Published.stamps

    def encode(self, live: dict[str, str], live_stamps: dict[str, list[int]]) -> _StoredTree:
        """Its keys and stamps as they differ from `live` and `live_stamps`, those of
        the site published after it: the two share all but the files one build
        changed, and the record is read and written on every build."""
        differing = {rel: key for rel, key in self.keys.items() if live.get(rel) != key}
        gone = [rel for rel in live if rel not in self.keys]
        stamps = {rel: stamp for rel, stamp in self.stamps.items() if live_stamps.get(rel) != stamp}
        return _StoredTree(self.token, differing, gone, self.bundles, self.carried, stamps)

    @classmethod
    def decode(cls, stored: _StoredTree | None, live: dict[str, str],
               live_stamps: dict[str, list[int]]) -> Tree | None:
        if stored is None:
            return None
        absent = set(_site_paths(stored.gone))
        keys = {rel: key for rel, key in live.items() if rel not in absent}
        keys.update(_checked_keys(stored.differing))
        own_stamps = {rel: stamp for rel, stamp in live_stamps.items() if rel in keys}
        own_stamps.update(_checked_keys(stored.stamps))
        return cls(stored.token, keys, {k: _bundle(v) for k, v in stored.bundles.items()},
                   _site_paths(stored.carried), own_stamps)


@dataclass
class Published:
    """What the cache knows of the site last published into one output folder."""

    inputs: str = ""
    token: list[int] = field(default_factory=list)
    keys: dict[str, str] = field(default_factory=dict)
    bundles: dict[str, list[str]] = field(default_factory=dict)  # search bundle → [key, *files]
    index_docs: list[list[str]] = field(default_factory=list)  # the file:// index's [URL, fingerprint] by doc id
    pages: int = 0
    articles: int = 0
    problems: list[Problem] = field(default_factory=list)
    held_back: HeldBack = HeldBack()
    carried: list[str] = field(default_factory=list)  # files in the folder the build did not write
    release: str = ""  # when the first embargoed article it held back is due (ISO 8601), or ""
    older: Tree | None = None  # the site before it, kept to be brought up to date by the next build
    folders: dict[str, int] = field(default_factory=dict)  # every folder of the site with its mtime
    listing: str = ""  # the digest of what its pages show of all articles but their own pages (pages.py)
    sources: dict[str, str] = field(default_factory=dict)  # content file → its content_key, as built
    groups: dict[str, list[Any]] = field(default_factory=dict)  # page group → [its inputs, its paths] (pages.py)
    environment: str = ""  # the digest of all its pages share (templates, settings, site data): groups hold for it
    indexed: dict[str, str] = field(default_factory=dict)  # page searched → what the indexer reads of it (digest)
    # Each file the build wrote → [size, mtime in ns] as published (output.stamp): a file
    # changed in place since (its inode may be shared with the older site) is never reused.
    stamps: dict[str, list[int]] = field(default_factory=dict)

    def tree(self) -> Tree:
        return Tree(self.token, self.keys, self.bundles, self.carried, self.stamps)

    def released_by(self, clock: dt.datetime) -> bool:
        """An embargo ended since: the same inputs now make another site."""
        return bool(self.release) and dt.datetime.fromisoformat(self.release) <= clock


def linked_folder(folder: Path, project: Path) -> str | None:
    """The first of the folders from `project` (or, outside it, from the cache's own
    parent) down to `folder` and its shards that is a symbolic link, as the user
    would write it; None when there is none. A build writes and deletes files in the
    cache: through a link it would do so wherever the link leads."""
    start = project if folder.is_relative_to(project) else folder.parent
    current = start
    for part in (folder / SHARDS).relative_to(start).parts:
        current = current / part
        if current.is_symlink():
            return current.relative_to(start).as_posix()
    return None


def file_above(folder: Path, project: Path) -> str | None:
    """The first of the folders from `project` down to the one holding `folder` that is
    a file, as the user would write it (".cache"); None when there is none. It is the
    project's, not the cache's: the build leaves it alone and goes without the cache."""
    if not folder.is_relative_to(project):
        return None
    current = project
    for part in folder.parent.relative_to(project).parts:
        current = current / part
        if current.exists() and not current.is_dir():
            return current.relative_to(project).as_posix()
    return None


class Facts(Protocol):
    """pages.ModelFacts, as the cache stores it."""

    @property
    def terms(self) -> dict[str, list[list[Any]]]: ...

    @property
    def related(self) -> list[list[int]]: ...


class BuildCache:
    """The cache folder; `notices` says what was found unusable and discarded.
    A cache folder reached through a symbolic link (see linked_folder) is not used
    at all: nothing is read from it or written to it."""

    def __init__(self, folder: Path, project: Path | None = None) -> None:
        self.folder = folder
        self.notices: list[str] = []
        self._shards: dict[str, dict[str, StoredPage]] = {}  # the entries of each shard as read or written, by key
        self._names: dict[str, EntityRef] = {}  # entities without aliases, one object per name
        # Each article read with the fingerprint stored beside it (search.offline.Fingerprints).
        self.stored_fingerprints: list[tuple[Article, str]] = []
        link = linked_folder(folder, project or folder.parent)
        self.usable = link is None
        if link is not None:
            self.notices.append(f"{link} is a symbolic link, and the build cache ({folder}) is written and "
                                "deleted in; the site is built without the cache (remove the link to use it)")
        elif (blocking := file_above(folder, project or folder.parent)) is not None:
            self.usable = False
            self.notices.append(f"{blocking} is a file, where the folder of the build cache belongs; the site is "
                                "built without the cache (move the file away to use it)")

    def _read(self, name: str, kind: type[_File], unusable: list[tuple[Path, str]] | None = None) -> _File | None:
        """The data of one cache file; None when there is none, or it is unusable: then
        a notice, or the file and why added to `unusable` when given."""
        path = self.folder / name
        if not self.usable or not path.exists():
            return None
        why: str | None = None
        found: _File | None = None
        try:
            raw = path.read_bytes()
            found = msgspec.json.decode(raw, type=kind)
        except msgspec.ValidationError as exc:
            why = _why_unusable(raw, exc)
        except (OSError, msgspec.DecodeError) as exc:  # msgspec.DecodeError: not JSON at all (or not UTF-8)
            why = f"is unreadable ({type(exc).__name__})"
        else:
            if found.format != FORMAT:
                why = "was not written by this site-builder"
        if why is not None:
            if unusable is None:
                self.notices.append(f"the build cache {path} {why}; it is ignored and will be rewritten")
            else:
                unusable.append((path, why))
            return None
        if found is None or found.version != __version__:
            return None  # another version of site_builder: everything is redone, nothing to warn about
        return found

    @gc_pause.paused()  # encoding megabytes of JSON makes many chunks, no cycle
    def _write(self, name: str, data: _Header | dict[str, Any]) -> None:
        """Replace one cache file. What stands in the way inside the cache folder (a file
        where a folder belongs, a folder where a file does) is damage: it is removed.
        A file that cannot be written is a notice: the next build is then a clean one."""
        if not self.usable:
            return
        path = self.folder / name
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        try:
            self._clear_the_way(path)
            temporary.write_bytes(_ENCODER.encode(data))
            os.replace(temporary, path)  # a build killed here leaves the old file whole
        except OSError as exc:
            if temporary.parent.is_dir():
                temporary.unlink(missing_ok=True)
            self.usable = False  # one notice, and no half-written cache
            self.notices.append(f"the build cache {path} cannot be written ({exc.strerror or exc}); the next "
                                "build will not use what it holds (delete the folder if this goes on)")

    def _clear_the_way(self, path: Path) -> None:
        """The folders from the cache folder down to `path` exist as folders, and `path`
        is not one: anything else there is removed, with a notice."""
        current = self.folder
        for part in [*path.parent.relative_to(self.folder).parts, None]:
            if current.is_symlink() or (current.exists() and not current.is_dir()):
                self.notices.append(f"the build cache held a file where the folder {current} belongs; it is "
                                    "removed and the cache rewritten")
                current.unlink()
            current.mkdir(parents=True, exist_ok=True)
            if part is not None:
                current = current / part
        if path.is_dir() and not path.is_symlink():
            self.notices.append(f"the build cache held a folder where the file {path} belongs; it is removed "
                                "and the cache rewritten")
            shutil.rmtree(path)

    def parsed_pages(self, vet: Callable[[Article], str | None]) -> dict[str, ParsedPage]:
        """Every content page the shards hold, by key; a damaged or foreign shard is
        left out with a notice (and rewritten by save_parsed_pages). `vet` says which
        rule of a content page an article breaks (content.read.broken_rule), if any."""
        pages: dict[str, ParsedPage] = {}
        self._shards = {}
        self.stored_fingerprints = []
        unusable: list[tuple[Path, str]] = []
        with gc_pause.paused():  # most of the time reading took was the cycle collector's
            for shard in self._shard_files():
                name = f"{SHARDS}/{shard}.json"
                data = self._read(name, _ShardFile, unusable)
                if data is None:
                    continue
                found: dict[str, ParsedPage] = {}
                prints: list[tuple[Article, str]] = []
                try:
                    for key, entry in data.pages.items():
                        article = decode_article(entry.article, self._names, vet) if entry.article else None
                        found[key] = (article, [_decode_problem(p) for p in entry.problems])
                        if article is not None and entry.fingerprint is not None:
                            prints.append((article, entry.fingerprint))
                except ValueError as exc:  # _Damaged among them
                    unusable.append((self.folder / name, f"is damaged ({exc})"))
                    continue
                pages.update(found)
                self.stored_fingerprints += prints
                self._shards[shard] = data.pages
        if len(unusable) == 1:
            path, why = unusable[0]
            self.notices.append(f"the build cache {path} {why}; it is ignored and will be rewritten")
        elif unusable:  # one notice, not one per shard (a cache of another format has 256)
            path, why = unusable[0]
            self.notices.append(f"{len(unusable)} shards of the build cache {self.folder / SHARDS} are unusable "
                                f"(the first, {path.name}, {why}); they are ignored and will be rewritten")
        return pages

    def _shard_files(self) -> list[str]:
        if not self.usable:
            return []
        try:
            names = os.listdir(self.folder / SHARDS)
        except OSError:  # no shards yet (or no folder)
            return []
        return sorted(name[:-5] for name in names if _SHARD_FILE.fullmatch(name))

    @gc_pause.paused()  # tens of thousands of small records, no cycle: the collector would only slow it
    def save_parsed_pages(self, pages: dict[str, ParsedPage], fingerprint: Callable[[Article], str]) -> None:
        """Write what `pages` holds, each article with its `fingerprint`; a page read
        from the cache keeps the form it had there (the same key, the same bytes, the
        same parse). Only the shards whose set of pages changed are written: an edit
        rewrites the one the old version of the page was in and the one the new one goes to."""
        wanted: dict[str, list[str]] = {}
        for key in pages:
            wanted.setdefault(key[:SHARD_DIGITS], []).append(key)
        folder = self.folder / SHARDS
        for shard in set(self._shard_files()) - set(wanted):
            self._remove(folder / f"{shard}.json")
        for shard, keys in sorted(wanted.items()):
            stored = self._shards.get(shard)
            if stored is not None and stored.keys() == set(keys):
                continue
            stored = stored or {}
            entries: dict[str, StoredPage] = {}
            for key in keys:
                entry = stored.get(key)
                if entry is None:
                    article, problems = pages[key]
                    entry = StoredPage(encode_article(article) if article is not None else None,
                                       [_encode_problem(p) for p in problems],
                                       fingerprint(article) if article is not None else None)
                entries[key] = entry
            self._write(f"{SHARDS}/{shard}.json", _ShardFile(format=FORMAT, version=__version__, pages=entries))
            # Not kept: a copy of every article, bodies and all, held to the build's end for nothing
            # (a later call encodes the shard again, as it would a new one).
            self._shards.pop(shard, None)
        self._remove(self.folder / "content.json")  # the single file of cache format 4

    def _remove(self, path: Path) -> None:
        """A file of the cache no longer wanted, whatever it is (a folder in a damaged cache)."""
        if not self.usable:
            return
        try:
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            else:
                path.unlink(missing_ok=True)
        except OSError as exc:
            self.notices.append(f"the build cache {path} cannot be removed ({exc.strerror or exc})")

    @staticmethod
    def _output_name(out: Path) -> str:
        return f"output-{digest(str(out))[:16]}.json"

    @gc_pause.paused()  # megabytes of JSON at 10,000 articles: many small objects, no cycle
    def published(self, out: Path, token: list[int]) -> Published | None:
        """The record of the site in `out`, if it is still the one the cache describes:
        `token` is the token of the file list in it now (output.marker_token)."""
        data = self._read(self._output_name(out), _OutputFile)
        if data is None:
            return None
        try:
            # Every path is checked: the build links, copies and deletes files by them.
            # A stamp is only ever compared: a damaged one is a file made again.
            keys, stamps = _checked_keys(data.keys), _checked_keys(data.stamps)
            for rel in data.folders:
                _site_path(rel, root=True)
            record = Published(inputs=data.inputs, token=data.token, keys=keys,
                               bundles={k: _bundle(v) for k, v in data.bundles.items()},
                               pages=data.pages, articles=data.articles,
                               problems=[_decode_problem(p) for p in data.problems],
                               held_back=HeldBack(*data.held_back), release=data.release,
                               carried=_site_paths(data.carried),
                               index_docs=[[_site_path(url), key] for url, key in data.index_docs],
                               older=Tree.decode(data.older, keys, stamps), stamps=stamps, folders=data.folders,
                               listing=data.listing, sources=_checked_keys(data.sources),
                               groups={k: [inputs, _site_paths(paths)] for k, (inputs, paths) in data.groups.items()},
                               environment=data.environment, indexed=_checked_keys(data.indexed))
        except ValueError as exc:
            self.notices.append(f"the build cache {self.folder / self._output_name(out)} is damaged "
                                f"({exc}); it is ignored and will be rewritten")
            return None
        if not record.token or record.token != token:
            return None  # the output folder changed since: trust nothing in it
        return record

    @gc_pause.paused()  # megabytes of JSON at 10,000 articles: many small objects, no cycle
    def save_published(self, out: Path, record: Published) -> None:
        # The record's own lists and maps, each of the form its _OutputFile field is read as:
        # copied into structs, the tens of thousands of entries would take longer than writing them.
        self._write(self._output_name(out), {
            "format": FORMAT, "version": __version__,
            "inputs": record.inputs, "token": record.token, "keys": record.keys, "bundles": record.bundles,
            "pages": record.pages, "articles": record.articles,
            "problems": [_encode_problem(p) for p in record.problems],
            "held_back": [record.held_back.drafts, record.held_back.embargoed], "release": record.release,
            "carried": record.carried, "index_docs": record.index_docs,
            "older": record.older.encode(record.keys, record.stamps) if record.older else None,
            "folders": record.folders, "stamps": record.stamps,
            "listing": record.listing, "sources": record.sources, "groups": record.groups,
            "environment": record.environment, "indexed": record.indexed})

    @gc_pause.paused()  # megabytes of JSON at 10,000 articles: many small objects, no cycle
    def model_facts(self, key: str, articles: int) -> tuple[dict[str, list[list[Any]]], list[list[int]]] | None:
        """The terms and related coverage of the pages.ModelFacts saved for `key` (of
        so many articles), or None (none saved, another key, damaged)."""
        data = self._read("model.json", _FactsFile)
        if data is None or data.key != key:
            return None
        try:
            rows = [row for kind in KINDS for row in data.terms[kind]]
            if set(data.terms) != set(KINDS):
                raise ValueError("not the terms of this site-builder")
            if not all(_TERM_SLUG.fullmatch(row.slug) for row in rows):  # each names a folder of the site
                raise ValueError("a term's slug that slugs.term_slugs does not make")
            if forbidden_in([[row.name, *row.aliases, *row.keys] for row in rows]):
                raise ValueError("a term's name holds characters XML does not allow")
            if len(data.related) != articles:
                raise ValueError("not one row of related coverage per article")
            indexes = [*chain.from_iterable(row.indexes for row in rows), *chain.from_iterable(data.related)]
            if indexes and (min(indexes) < 0 or max(indexes) >= articles):
                raise ValueError("an article index out of range")
        except (ValueError, KeyError) as exc:
            self.notices.append(f"the build cache {self.folder / 'model.json'} is damaged "
                                f"({type(exc).__name__}); it is ignored and will be rewritten")
            return None
        terms = {kind: [[row.name, row.slug, row.aliases, row.indexes, row.keys] for row in data.terms[kind]]
                 for kind in KINDS}
        return terms, data.related

    @gc_pause.paused()  # as save_published
    def save_model_facts(self, key: str, facts: Facts) -> None:
        # Its rows as they are, each the array a _TermRow is read from: making a struct of
        # each of tens of thousands would take longer than writing them.
        self._write("model.json", {"format": FORMAT, "version": __version__, "key": key, "terms": facts.terms,
                                   "related": facts.related})


def _why_unusable(raw: bytes, exc: msgspec.ValidationError) -> str | None:
    """Why a cache file that is JSON, but not of the form this site-builder writes, is
    not used; None when another version wrote it (nothing to warn about)."""
    try:
        header = msgspec.json.decode(raw, type=_Header)
    except msgspec.DecodeError:
        return "was not written by this site-builder"
    if header.format != FORMAT:
        return "was not written by this site-builder"
    if header.version != __version__:
        return None
    return f"is damaged ({exc})"
