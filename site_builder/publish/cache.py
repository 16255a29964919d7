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

A file's key is a digest of what decides its bytes: site_builder's version, the
templates and static files, the settings, and the page's own context as plain
data: if its context or a template changes, so does its key. Making a page's
context costs most of what rendering it does, so a page group whose inputs
digest (its articles as lists show them, and where their names lead) is the one
the current site was made from is not made at all: its files keep their keys.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import shutil
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from itertools import chain
from operator import itemgetter
from pathlib import Path
from typing import Any

# The cache is megabytes of JSON at 10,000 articles, read at the start of every build
# and written at its end: orjson reads it twice and writes it twenty times as fast.
import orjson

from site_builder import __version__
from site_builder.content.markup import MarkdownHtml
from site_builder.content.publication import HeldBack
from site_builder.content.read import ParsedPage, broken_rule, is_relative_path
from site_builder.core import gc_pause
from site_builder.core.config import Config
from site_builder.core.digests import digest
from site_builder.core.errors import Problem
from site_builder.core.files import walk
from site_builder.core.model import ENTITY_KINDS, KINDS, Article, EntityRef, OutputPage, Ticker
from site_builder.core.xmlchars import forbidden_in
from site_builder.pages.views import PageLinks
from site_builder.publish.output import marker_token
from site_builder.search.offline import Fingerprints
from site_builder.site.model import ModelFacts

FORMAT = "site-builder-cache/10"  # 10: each file's stamp; 9: what the indexer reads of each page; 8: page groups
DEFAULT_FOLDER = ".cache/site-builder"
SHARDS = "content"  # the folder of the parsed content pages
SHARD_DIGITS = 2  # a page is stored in the shard named by the first hex digits of its key: 256 shards
# What slugs.term_slugs makes: a slug, then "--" and a hash when names share it.
_TERM_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*(?:--[0-9a-f]{8})?")
_SHARD_FILE = re.compile(rf"[0-9a-f]{{{SHARD_DIGITS}}}\.json")


def tree_digest(folders: Iterable[Path]) -> str:
    """Every file under `folders` (names and bytes) as a build reads them (files.walk:
    a named pipe or a link leading out is never opened), in a stable order."""
    hasher = hashlib.sha256()
    for number, folder in enumerate(folders):
        listing = walk(folder, hidden=True)
        for rel, why in listing.skipped:
            hasher.update(f"{number}:{rel}:refused:{why}\0".encode())
        for rel in listing.files:
            hasher.update(f"{number}:{rel}\0".encode())
            hasher.update(hashlib.sha256((folder / rel).read_bytes()).digest())
    return hasher.hexdigest()[:32]


def settings_digest(config: Config) -> str:
    values = {f.name: getattr(config, f.name) for f in fields(config) if f.name != "root"}
    return digest(json.dumps(values, sort_keys=True, default=str))


def _plain(value: object) -> object:
    """Context values that are not JSON, as data that changes when they do."""
    if hasattr(type(value), "__dataclass_fields__"):  # the views templates receive, field by field
        return vars(value)
    if isinstance(value, MarkdownHtml):
        return {"markdown": value.source}
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, PageLinks):
        return {"page_links": [value.base, value.total]}
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=repr)
    # Anything else by its repr: a repr with an address changes every build, which
    # re-renders the page each time (slow) but never serves a stale one.
    return f"{type(value).__qualname__}:{value!r}"


def _json(value: object) -> str:
    return json.dumps(value, default=_plain, ensure_ascii=False, separators=(",", ":"))


def page_key(environment: str, page: OutputPage) -> str:
    """The key of one page's bytes: what it is rendered with, and from."""
    return digest(environment, page.path, page.template, _json(page.context))


def inputs_page_key(environment: str, path: str, template: str, inputs: str) -> str:
    """The key of a page whose group's inputs digest what it shows (pages.PageGroup.shows_inputs):
    quicker than page_key, which digests the whole context."""
    return digest(environment, "inputs", path, template, inputs)


class PageKeys:
    """page_key for every page of one build, quicker: an article's teaser is the same
    object on every list that shows it (home, section, tags, names, archive), so each
    list item is digested once and a list page's key is made from those digests."""

    def __init__(self, environment: str) -> None:
        self.environment = environment
        self._items: dict[int, tuple[object, str]] = {}  # holding the item keeps its id from being reused

    def __call__(self, page: OutputPage) -> str:
        context = page.context
        items = context.get("items")
        if isinstance(items, (list, tuple)):
            context = {**context, "items": [self._item(item) for item in items]}
        return digest(self.environment, page.path, page.template, _json(context))

    def _item(self, item: object) -> str:
        known = self._items.get(id(item))
        if known is None or known[0] is not item:
            known = self._items[id(item)] = (item, "#" + digest(_json(item)))
        return known[1]


def data_key(data: str | bytes) -> str:
    return "=" + digest(data)


# -- content pages as JSON ---------------------------------------------------------
# An article is stored as a list of its fields in the order of `Article` (no key names:
# a third of the size, and far quicker to read), with its date as ISO 8601 text, its
# lists of text as lists, an entity as its name, or [name, *aliases] when it has
# aliases, and a stock symbol as [symbol, company]. Reading checks the type of every
# field, so a damaged entry is never trusted.

_ARTICLE_FIELDS = tuple(f.name for f in fields(Article))
_DATE = _ARTICLE_FIELDS.index("date")
_DRAFT = _ARTICLE_FIELDS.index("draft")
_TEXT_LISTS = tuple(_ARTICLE_FIELDS.index(name) for name in ("tags", "aliases"))
_ENTITY_LISTS = tuple(_ARTICLE_FIELDS.index(kind) for kind in ENTITY_KINDS)
_TICKERS = _ARTICLE_FIELDS.index("tickers")
_TEXTS = tuple(i for i, name in enumerate(_ARTICLE_FIELDS)
               if i not in (_DATE, _DRAFT, _TICKERS, *_TEXT_LISTS, *_ENTITY_LISTS))


def encode_article(article: Article) -> list[Any]:
    data: list[Any] = [getattr(article, name) for name in _ARTICLE_FIELDS]
    data[_DATE] = article.date.isoformat() if article.date is not None else None
    for i in _TEXT_LISTS:
        data[i] = list(data[i])
    for i in _ENTITY_LISTS:
        data[i] = [[ref.name, *ref.aliases] if ref.aliases else ref.name for ref in data[i]]
    data[_TICKERS] = [[ticker.symbol, ticker.company] for ticker in article.tickers]
    return data


class _Damaged(ValueError):
    """An entry of the cache that is not what encode_article writes."""


def _entity(item: object, names: dict[str, EntityRef]) -> EntityRef:
    if type(item) is str:
        known = names.get(item)
        if known is None:
            known = names[item] = EntityRef(item)  # one object for a name every article shares
        return known
    if type(item) is list and item and all(type(part) is str for part in item):
        return EntityRef(item[0], tuple(item[1:]))
    raise _Damaged("an entity is neither a name nor [name, *aliases]")


def decode_article(data: list[Any], names: dict[str, EntityRef] | None = None) -> Article:
    """The Article encode_article saw, or _Damaged when `data` is not one."""
    names = {} if names is None else names
    if type(data) is not list or len(data) != len(_ARTICLE_FIELDS):
        raise _Damaged("an article has the wrong number of fields")
    values = list(data)
    if any(type(values[i]) is not str for i in _TEXTS) or type(values[_DRAFT]) is not bool:
        raise _Damaged("an article field has the wrong type")
    date = values[_DATE]
    if date is not None:
        if type(date) is not str:
            raise _Damaged("a date is not text")
        values[_DATE] = dt.datetime.fromisoformat(date) if "T" in date else dt.date.fromisoformat(date)
    for i in _TEXT_LISTS:
        items = values[i]
        if type(items) is not list or any(type(item) is not str for item in items):
            raise _Damaged("a list of text holds something else")
        values[i] = tuple(items)
    for i in _ENTITY_LISTS:
        if type(values[i]) is not list:
            raise _Damaged("a list of entities is not a list")
        values[i] = tuple(_entity(item, names) for item in values[i])
    tickers = values[_TICKERS]
    if type(tickers) is not list or any(type(t) is not list or len(t) != 2 or any(type(p) is not str for p in t)
                                        for t in tickers):
        raise _Damaged("a list of stock symbols holds something else")
    values[_TICKERS] = tuple(Ticker(symbol, company) for symbol, company in tickers)
    article = Article(*values)
    broken = broken_rule(article)
    if broken is not None:  # the cache is input anyone could have written: no value of it is trusted
        raise _Damaged(f"an article that no content page gives: {broken}")
    return article


def _encode_problem(problem: Problem) -> list[Any]:
    return [problem.path, problem.line, problem.message, problem.fatal]


def _decode_problem(data: list[Any]) -> Problem:
    if type(data) is not list or len(data) != 4:
        raise _Damaged("a problem is not [path, line, message, fatal]")
    path, line, message, fatal = data
    if type(path) is not str or (line is not None and type(line) is not int) or type(message) is not str \
            or type(fatal) is not bool:
        raise _Damaged("a problem field has the wrong type")
    if not is_relative_path(path) or not message.isprintable():  # it is printed as it is
        raise _Damaged("a problem names no content file or holds control characters")
    return Problem(path, line, message, fatal)


def _site_path(rel: object, root: bool = False) -> str:
    """A path the output record names inside the site, or ValueError: the build links,
    copies and deletes files by these paths."""
    if type(rel) is not str or not (is_relative_path(rel) or (root and rel == "")):
        raise ValueError("a path that leaves the site")
    return rel


def _site_paths(values: Iterable[object]) -> list[str]:
    return [_site_path(rel) for rel in values]


@dataclass
class Tree:
    """An older site kept in the cache (output.previous_dir): the token of its
    file list, and its files as Published records them."""

    token: list[int]
    keys: dict[str, str]
    bundles: dict[str, list[str]]
    carried: list[str]
    stamps: dict[str, list[int]] = field(default_factory=dict)  # as Published.stamps

    def encode(self, live: dict[str, str], live_stamps: dict[str, list[int]]) -> list[Any]:
        """Its keys and stamps as they differ from `live` and `live_stamps`, those of
        the site published after it: the two share all but the files one build
        changed, and the record is read and written on every build."""
        differing = {rel: key for rel, key in self.keys.items() if live.get(rel) != key}
        gone = [rel for rel in live if rel not in self.keys]
        stamps = {rel: stamp for rel, stamp in self.stamps.items() if live_stamps.get(rel) != stamp}
        return [self.token, differing, gone, self.bundles, self.carried, stamps]

    @classmethod
    def decode(cls, data: list[Any] | None, live: dict[str, str], live_stamps: dict[str, list[int]]) -> Tree | None:
        if data is None:
            return None
        token, differing, gone, bundles, carried, stamps = data
        absent = set(_site_paths(gone))
        keys = {rel: key for rel, key in live.items() if rel not in absent}
        keys.update((_site_path(rel), str(key)) for rel, key in differing.items())
        own_stamps = {rel: stamp for rel, stamp in live_stamps.items() if rel in keys}
        own_stamps.update((_site_path(rel), stamp) for rel, stamp in stamps.items())
        return cls([int(n) for n in token], keys, {k: _bundle(v) for k, v in bundles.items()},
                   _site_paths(carried), own_stamps)


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


class BuildCache:
    """The cache folder; `notices` says what was found unusable and discarded.
    A cache folder reached through a symbolic link (see linked_folder) is not used
    at all: nothing is read from it or written to it."""

    def __init__(self, folder: Path, project: Path | None = None) -> None:
        self.folder = folder
        self.notices: list[str] = []
        self._shards: dict[str, dict[str, Any]] = {}  # the entries of each shard as read or written, by key
        self._names: dict[str, EntityRef] = {}  # entities without aliases, one object per name
        self.fingerprints = Fingerprints()  # of the articles read, as stored with them
        link = linked_folder(folder, project or folder.parent)
        self.usable = link is None
        if link is not None:
            self.notices.append(f"{link} is a symbolic link, and the build cache ({folder}) is written and "
                                "deleted in; the site is built without the cache (remove the link to use it)")
        elif (blocking := file_above(folder, project or folder.parent)) is not None:
            self.usable = False
            self.notices.append(f"{blocking} is a file, where the folder of the build cache belongs; the site is "
                                "built without the cache (move the file away to use it)")

    def _read(self, name: str, unusable: list[tuple[Path, str]] | None = None) -> dict[str, Any] | None:
        """The data of one cache file; None when there is none, or it is unusable: then
        a notice, or the file and why added to `unusable` when given."""
        path = self.folder / name
        if not self.usable or not path.exists():
            return None
        why = None
        data: dict[str, Any] = {}
        try:
            found = orjson.loads(path.read_bytes())
        except (OSError, ValueError) as exc:  # orjson.JSONDecodeError is a ValueError (bad UTF-8 too)
            why = f"is unreadable ({type(exc).__name__})"
        else:
            if isinstance(found, dict) and found.get("format") == FORMAT:
                data = found
            else:
                why = "was not written by this site-builder"
        if why is not None:
            if unusable is None:
                self.notices.append(f"the build cache {path} {why}; it is ignored and will be rewritten")
            else:
                unusable.append((path, why))
            return None
        if data.get("version") != __version__:
            return None  # another version of site_builder: everything is redone, nothing to warn about
        return data

    @gc_pause.paused()  # encoding megabytes of JSON makes many chunks, no cycle
    def _write(self, name: str, data: dict[str, Any]) -> None:
        """Replace one cache file. What stands in the way inside the cache folder (a file
        where a folder belongs, a folder where a file does) is damage: it is removed.
        A file that cannot be written is a notice: the next build is then a clean one."""
        if not self.usable:
            return
        path = self.folder / name
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        try:
            self._clear_the_way(path)
            temporary.write_bytes(orjson.dumps({"format": FORMAT, "version": __version__, **data},
                                               option=orjson.OPT_NON_STR_KEYS))
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

    def parsed_pages(self) -> dict[str, ParsedPage]:
        """Every content page the shards hold, by key; a damaged or foreign shard is
        left out with a notice (and rewritten by save_parsed_pages)."""
        pages: dict[str, ParsedPage] = {}
        self._shards = {}
        unusable: list[tuple[Path, str]] = []
        with gc_pause.paused():  # most of the time reading took was the cycle collector's
            for shard in self._shard_files():
                data = self._read(f"{SHARDS}/{shard}.json", unusable)
                if data is None:
                    continue
                stored = data.get("pages")
                try:
                    if not isinstance(stored, dict):
                        raise _Damaged("it holds no pages")
                    for key, entry in stored.items():
                        if type(entry) is not list or len(entry) != 3:
                            raise _Damaged("an entry is not [article, problems, fingerprint]")
                        article, problems, print_ = entry
                        parsed = (decode_article(article, self._names) if article is not None else None,
                                  [_decode_problem(p) for p in problems])
                        if parsed[0] is not None and type(print_) is str:
                            self.fingerprints.remember(parsed[0], print_)
                        pages[key] = parsed
                except (_Damaged, TypeError, ValueError) as exc:
                    unusable.append((self.folder / SHARDS / f"{shard}.json", f"is damaged ({exc})"))
                    for key in stored if isinstance(stored, dict) else ():
                        pages.pop(key, None)
                    continue
                self._shards[shard] = stored
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

    def save_parsed_pages(self, pages: dict[str, ParsedPage]) -> None:
        """Write what `pages` holds; a page read from the cache keeps the form it had
        there (the same key, the same bytes, the same parse). Only the shards whose
        set of pages changed are written: an edit rewrites the one the old version of
        the page was in and the one the new one goes to."""
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
            entries = {}
            for key in keys:
                entry = stored.get(key)
                if entry is None:
                    article, problems = pages[key]
                    entry = [encode_article(article) if article is not None else None,
                             [_encode_problem(p) for p in problems],
                             self.fingerprints(article) if article is not None else None]
                entries[key] = entry
            self._write(f"{SHARDS}/{shard}.json", {"pages": entries})
            self._shards[shard] = entries
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
    def published(self, out: Path, marker: Path) -> Published | None:
        """The record of the site in `out`, if it is still the one the cache describes."""
        data = self._read(self._output_name(out))
        if data is None:
            return None
        try:
            # Every path is checked: the build links, copies and deletes files by them.
            keys = {_site_path(rel): str(key) for rel, key in data["keys"].items()}
            # A stamp is only ever compared: a damaged one is a file made again.
            stamps = {_site_path(rel): stamp for rel, stamp in data["stamps"].items()}
            record = Published(inputs=str(data["inputs"]), token=list(data["token"]), keys=keys,
                               bundles={k: _bundle(v) for k, v in data["bundles"].items()},
                               pages=int(data["pages"]), articles=int(data["articles"]),
                               problems=[_decode_problem(p) for p in data["problems"]],
                               held_back=HeldBack(*data["held_back"]), release=str(data["release"]),
                               carried=_site_paths(data["carried"]),
                               index_docs=[[_site_path(url), str(key)] for url, key in data["index_docs"]],
                               older=Tree.decode(data["older"], keys, stamps), stamps=stamps,
                               folders={_site_path(k, root=True): int(v) for k, v in data["folders"].items()},
                               listing=str(data["listing"]),
                               sources={_site_path(k): str(v) for k, v in data["sources"].items()},
                               groups={str(k): [str(inputs), _site_paths(paths)]
                                       for k, (inputs, paths) in data["groups"].items()},
                               environment=str(data["environment"]),
                               indexed={_site_path(k): str(v) for k, v in data["indexed"].items()})
        except (TypeError, ValueError, KeyError, AttributeError) as exc:
            self.notices.append(f"the build cache {self.folder / self._output_name(out)} is damaged "
                                f"({type(exc).__name__}); it is ignored and will be rewritten")
            return None
        if not record.token or record.token != marker_token(marker):
            return None  # the output folder changed since: trust nothing in it
        return record

    def save_published(self, out: Path, record: Published) -> None:
        self._write(self._output_name(out), {
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
    def model_facts(self, key: str, articles: int) -> ModelFacts | None:
        """The ModelFacts saved for `key` (of so many articles), or None (none saved,
        another key, damaged)."""
        data = self._read("model.json")
        if data is None or data.get("key") != key:
            return None
        try:
            related, terms = data["related"], data["terms"]
            rows = [row for kind in KINDS for row in terms[kind]]
            if set(terms) != set(KINDS) or any(len(row) != 5 for row in rows):
                raise ValueError("not the terms of this site-builder")
            # Checked column by column: a damaged or foreign file must not reach the pages.
            for column, kind in ((0, str), (1, str), (2, list), (3, list), (4, list)):
                _only(map(itemgetter(column), rows), kind)
            for column in (2, 4):
                _only(chain.from_iterable(map(itemgetter(column), rows)), str)
            if not all(map(_TERM_SLUG.fullmatch, map(itemgetter(1), rows))):  # each names a folder of the site
                raise ValueError("a term's slug that slugs.term_slugs does not make")
            if forbidden_in([[row[0], *row[2], *row[4]] for row in rows]):
                raise ValueError("a term's name holds characters XML does not allow")
            _only(related, list)
            if len(related) != articles:
                raise ValueError("not one row of related coverage per article")
            indexes = [*chain.from_iterable(map(itemgetter(3), rows)), *chain.from_iterable(related)]
            _only(indexes, int)
            if indexes and (min(indexes) < 0 or max(indexes) >= len(related)):
                raise ValueError("an article index out of range")
        except (TypeError, ValueError, KeyError, AttributeError) as exc:
            self.notices.append(f"the build cache {self.folder / 'model.json'} is damaged "
                                f"({type(exc).__name__}); it is ignored and will be rewritten")
            return None
        return ModelFacts(terms, related)

    def save_model_facts(self, key: str, facts: ModelFacts) -> None:
        self._write("model.json", {"key": key, "terms": facts.terms, "related": facts.related})


def _bundle(value: list[Any]) -> list[str]:
    """A search bundle's record: [its key, *its files]."""
    key, *files = value
    return [str(key), *_site_paths(files)]


def _only(values: Iterable[object], kind: type) -> None:
    """Every one of `values` is exactly of type `kind` (else ValueError)."""
    if not set(map(type, values)) <= {kind}:
        raise ValueError(f"a value that is not a {kind.__name__}")
