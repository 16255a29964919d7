"""What the last build knew, so the next one redoes only what changed.

The cache folder (`.cache/site-builder/` in the project; safe to delete at any time)
holds two kinds of JSON file:

- `content.json`: each content page's parse result (`Article` and problems), keyed
  by a digest of its path and bytes (never by mtime: CI checkouts reset mtimes);
- `model.json`: the last build's pages.ModelFacts (every tag and entity with its
  articles, each article's related coverage) with their facts_key, so a build whose
  articles have the same names in the same order need not work them out again;
- `output-<digest of the output folder>.json`: for the site last published there,
  the key of every file it holds, the digest of all inputs, the doc ids of its
  file:// search index (so the next build can bring that index up to date), the
  mtime of each of its folders (a file added or removed by hand changes one), the
  listing_digest of its articles and the key of each content file it was built from
  (while the digest stays, only the pages of edited files can change), the same
  record of the older site kept beside it (output.previous_dir), and a token of the
  file list the build left in it (so a site rebuilt without the cache, or replaced
  by hand, is never trusted).

A file's key is a digest of what decides its bytes: site_builder's version, the
templates and static files, the settings, and the page's own context as plain
data. Any page family renders incrementally without a dependency list of its own:
if its context or a template changes, so does its key.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from itertools import chain
from operator import itemgetter
from pathlib import Path
from typing import Any

from . import __version__
from .config import Config
from .content import ParsedPage, Problem
from .files import walk
from .markup import MarkdownHtml
from .model import ENTITY_KINDS, KINDS, Article, EntityRef, OutputPage
from .output import marker_token
from .pages import ModelFacts
from .publication import HeldBack
from .views import PageLinks

FORMAT = "site-builder-cache/5"  # 5: model.json; the site's listing digest and sources
DEFAULT_FOLDER = ".cache/site-builder"


def digest(*parts: str | bytes) -> str:
    hasher = hashlib.sha256()
    for part in parts:
        hasher.update(part.encode("utf-8") if isinstance(part, str) else part)
        hasher.update(b"\0")
    return hasher.hexdigest()[:32]


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

def _encode_date(value: dt.date | dt.datetime | None) -> list[str] | None:
    if value is None:
        return None
    return ["datetime" if isinstance(value, dt.datetime) else "date", value.isoformat()]


def _decode_date(value: list[str] | None) -> dt.date | dt.datetime | None:
    if value is None:
        return None
    kind, text = value
    return dt.datetime.fromisoformat(text) if kind == "datetime" else dt.date.fromisoformat(text)


def encode_article(article: Article) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for f in fields(Article):
        value = getattr(article, f.name)
        data[f.name] = list(value) if isinstance(value, tuple) else value
    data["date"] = _encode_date(article.date)
    for kind in ENTITY_KINDS:
        data[kind] = [[r.name, list(r.aliases)] for r in article.entities(kind)]
    return data


def decode_article(data: dict[str, Any]) -> Article:
    """The Article encode_article saw: its lists of text are tuples again."""
    values: dict[str, Any] = {key: tuple(value) if isinstance(value, list) else value for key, value in data.items()}
    values["date"] = _decode_date(data["date"])
    for kind in ENTITY_KINDS:
        values[kind] = tuple(EntityRef(name, tuple(aliases)) for name, aliases in data[kind])
    return Article(**values)


def _encode_problem(problem: Problem) -> list[Any]:
    return [problem.path, problem.line, problem.message, problem.fatal]


def _decode_problem(data: list[Any]) -> Problem:
    return Problem(*data)



@dataclass
class Tree:
    """An older site kept beside the output (output.previous_dir): the token of its
    file list, and its files as Published records them."""

    token: list[int]
    keys: dict[str, str]
    bundles: dict[str, list[str]]
    carried: list[str]

    def encode(self) -> list[Any]:
        return [self.token, self.keys, self.bundles, self.carried]

    @classmethod
    def decode(cls, data: list[Any] | None) -> Tree | None:
        if data is None:
            return None
        token, keys, bundles, carried = data
        return cls([int(n) for n in token], dict(keys), {k: list(v) for k, v in bundles.items()},
                   [str(rel) for rel in carried])


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

    def tree(self) -> Tree:
        return Tree(self.token, self.keys, self.bundles, self.carried)

    def released_by(self, clock: dt.datetime) -> bool:
        """An embargo ended since: the same inputs now make another site."""
        return bool(self.release) and dt.datetime.fromisoformat(self.release) <= clock


class BuildCache:
    """The cache folder; `notices` says what was found unusable and discarded."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.notices: list[str] = []
        self._stored_pages: dict[str, Any] = {}  # content.json's pages as read, by key

    def _read(self, name: str) -> dict[str, Any] | None:
        path = self.folder / name
        if not path.exists():
            return None
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            self.notices.append(f"the build cache {path} is unreadable ({type(exc).__name__}); "
                                "it is ignored and will be rewritten")
            return None
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            self.notices.append(f"the build cache {path} was not written by this site-builder; "
                                "it is ignored and will be rewritten")
            return None
        if data.get("version") != __version__:
            return None  # another version of site_builder: everything is redone, nothing to warn about
        return data

    def _write(self, name: str, data: dict[str, Any]) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / name
        temporary = path.with_name(f".{name}.{os.getpid()}.tmp")
        temporary.write_text(json.dumps({"format": FORMAT, "version": __version__, **data},
                                        ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        os.replace(temporary, path)  # a build killed here leaves the old file whole

    def parsed_pages(self) -> dict[str, ParsedPage]:
        data = self._read("content.json")
        try:
            pages = {key: (decode_article(article) if article is not None else None,
                           [_decode_problem(p) for p in problems])
                     for key, (article, problems) in (data or {}).get("pages", {}).items()}
        except (TypeError, ValueError, KeyError) as exc:
            self.notices.append(f"the build cache {self.folder / 'content.json'} is damaged "
                                f"({type(exc).__name__}); it is ignored and will be rewritten")
            return {}
        self._stored_pages = (data or {}).get("pages", {})
        return pages

    def save_parsed_pages(self, pages: dict[str, ParsedPage]) -> None:
        """Write what `pages` holds; a page read from the cache keeps the form it had
        there (the same key, the same bytes, the same parse), and an unchanged set of
        pages is not written at all."""
        stored = self._stored_pages
        if pages.keys() == stored.keys():
            return
        self._write("content.json", {"pages": {
            key: stored[key] if key in stored else
            [encode_article(article) if article is not None else None, [_encode_problem(p) for p in problems]]
            for key, (article, problems) in pages.items()}})

    @staticmethod
    def _output_name(out: Path) -> str:
        return f"output-{digest(str(out))[:16]}.json"

    def published(self, out: Path, marker: Path) -> Published | None:
        """The record of the site in `out`, if it is still the one the cache describes."""
        data = self._read(self._output_name(out))
        if data is None:
            return None
        try:
            record = Published(inputs=str(data["inputs"]), token=list(data["token"]), keys=dict(data["keys"]),
                               bundles={k: list(v) for k, v in data["bundles"].items()},
                               pages=int(data["pages"]), articles=int(data["articles"]),
                               problems=[_decode_problem(p) for p in data["problems"]],
                               held_back=HeldBack(*data["held_back"]), release=str(data["release"]),
                               carried=[str(rel) for rel in data["carried"]],
                               index_docs=[[str(url), str(key)] for url, key in data["index_docs"]],
                               older=Tree.decode(data["older"]),
                               folders={str(k): int(v) for k, v in data["folders"].items()},
                               listing=str(data["listing"]),
                               sources={str(k): str(v) for k, v in data["sources"].items()})
        except (TypeError, ValueError, KeyError) as exc:
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
            "older": record.older.encode() if record.older else None, "folders": record.folders,
            "listing": record.listing, "sources": record.sources})

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


def _only(values: Iterable[object], kind: type) -> None:
    """Every one of `values` is exactly of type `kind` (else ValueError)."""
    if not set(map(type, values)) <= {kind}:
        raise ValueError(f"a value that is not a {kind.__name__}")
