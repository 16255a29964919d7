"""Read content/ into `Article`s, reporting every problem with file and line."""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import os
import re
import sys
import weakref
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from site_builder.content.dates import DateError, read_date
from site_builder.content.frontmatter import FrontMatterError, key_line, parse_page
from site_builder.content.images import is_image_name
from site_builder.core.errors import Problem
from site_builder.core.files import Listing, printable, walk
from site_builder.core.files import is_relative_path as is_relative_path  # where it was; the cache reads it from core
from site_builder.core.layout import is_build_name
from site_builder.core.model import ENTITY_KINDS, KINDS, MANY_NAMES, TAGS, Article, EntityRef, Kind, Ticker
from site_builder.core.model import ParsedPage as ParsedPage  # model types the build cache stores, once here
from site_builder.core.slugs import RESERVED, make_slug, section_slug, windows_reserved
from site_builder.core.urls import is_web_address
from site_builder.core.xmlchars import FORBIDDEN, forbidden_in, strip_forbidden, strip_forbidden_in

_VALID_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

# Front-matter keys whose value is plain text, each read into the `Article` field of its name.
TEXT_KEYS = ("author", "summary", "subheadline", "caption", "credit")
# Every key `read_article` reads, in the order it reads them: the one list a key is checked
# against, so that a typing slip (`sumary:`) is said, never silently ignored.
FRONT_MATTER_KEYS = ("title", "section", "slug", "date", "source_url",
                     *(KINDS[kind].front_matter for kind in ENTITY_KINDS), "image", "image_alt", *TEXT_KEYS,
                     TAGS.front_matter, "tickers", "raw_title", "source", "draft", "aliases", "arrival")
_KNOWN_KEYS = frozenset(FRONT_MATTER_KEYS)

# One object for each name, ticker and repeated word of the archive, shared by every article
# that has it: at 100,000 articles the copies each page's YAML gives would take a few hundred
# megabytes. They are immutable, so sharing them changes nothing but memory; entries go
# when the last article holding them does.
# (Keyed by their text, not by themselves: a key is held strongly, and would keep them all.)
_SHARED_REFS: weakref.WeakValueDictionary[tuple[str, tuple[str, ...]], EntityRef] = weakref.WeakValueDictionary()
_SHARED_TICKERS: weakref.WeakValueDictionary[tuple[str, str], Ticker] = weakref.WeakValueDictionary()


def _shared_ref(ref: EntityRef) -> EntityRef:
    return _SHARED_REFS.setdefault((ref.name, ref.aliases), ref)


def _shared_ticker(ticker: Ticker) -> Ticker:
    return _SHARED_TICKERS.setdefault((ticker.symbol, ticker.company), ticker)


def _shared_words(values: tuple[str, ...]) -> tuple[str, ...]:
    """Tags and the like: short words many articles repeat."""
    return tuple(map(sys.intern, values))


class _PageProblems:
    def __init__(self, path: str, text: str) -> None:
        self.path, self.text = path, text
        self.found: list[Problem] = []

    def warn(self, key: str, message: str) -> None:
        self.found.append(Problem(self.path, key_line(self.text, key), message, fatal=False))

    def skip(self, key: str | None, message: str, line: int | None = None) -> None:
        line = line if line is not None else (key_line(self.text, key) if key else None)
        self.found.append(Problem(self.path, line, message + "; the page is skipped", fatal=True))

    @property
    def fatal(self) -> bool:
        return any(p.fatal for p in self.found)


def content_listing(content_dir: Path) -> Listing:
    """Markdown files under content/ (hidden files and folders left out), and the
    ones refused: links leading out of content/ or to nothing, named pipes."""
    return walk(content_dir, lambda name: name.endswith(".md"))


def content_files(content_dir: Path) -> list[str]:
    """The pages under content/, relative to it, sorted."""
    return content_listing(content_dir).files


def _text_list(value: Any, key: str, problems: _PageProblems) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        problems.warn(key, f"'{key}' should be a list; read the text as a comma-separated list")
        value = [v.strip() for v in value.split(",")]
    if not isinstance(value, list):
        problems.warn(key, f"'{key}' should be a list of text; ignored")
        return ()
    items = [str(v).strip() for v in value if isinstance(v, str | int | float) and str(v).strip()]
    if len(items) != len([v for v in value if v is not None]):
        problems.warn(key, f"'{key}' holds entries that are not text; they are ignored")
    return tuple(dict.fromkeys(items))


def _entities(value: Any, key: str, problems: _PageProblems) -> tuple[EntityRef, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        problems.warn(key, f"'{key}' should be a list of names; ignored")
        return ()
    refs: dict[str, EntityRef] = {}
    for item in value:
        if isinstance(item, str) and item.strip():
            refs.setdefault(item.strip(), _shared_ref(EntityRef(sys.intern(item.strip()))))
        elif isinstance(item, dict) and isinstance(item.get("name"), str) and item["name"].strip():
            aliases = item.get("aliases") or []
            aliases = tuple(a.strip() for a in aliases if isinstance(a, str) and a.strip()) \
                if isinstance(aliases, list) else ()
            refs.setdefault(item["name"].strip(),
                            _shared_ref(EntityRef(sys.intern(item["name"].strip()), _shared_words(aliases))))
        else:
            problems.warn(key, f"'{key}' has an entry that is neither a name nor {{name, aliases}}; ignored")
    return tuple(refs.values())


def _tickers(value: Any, problems: _PageProblems) -> tuple[Ticker, ...]:
    """`tickers`: each a symbol, or {symbol, company}; one entry per symbol."""
    if value is None:
        return ()
    if not isinstance(value, list):
        problems.warn("tickers", "'tickers' should be a list of symbols, or of {symbol, company}; ignored")
        return ()
    found: dict[str, Ticker] = {}
    for item in value:
        if isinstance(item, dict):
            symbol, company = item.get("symbol"), item.get("company") or ""
        else:
            symbol, company = item, ""
        if isinstance(symbol, str) and symbol.strip() and isinstance(company, str):
            found.setdefault(symbol.strip(), _shared_ticker(Ticker(sys.intern(symbol.strip()),
                                                                   sys.intern(company.strip()))))
        else:
            problems.warn("tickers", "'tickers' has an entry that is neither a symbol nor {symbol, company}; "
                                     "it is ignored")
    return tuple(found.values())


def _text(meta: dict[str, Any], key: str, problems: _PageProblems) -> str:
    value = meta.get(key)
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        problems.warn(key, f"'{key}' should be text; ignored")
        return ""
    return str(value).strip()


def read_article(path: str, text: str) -> tuple[Article | None, list[Problem]]:
    """One content page → `Article` (None when it must be skipped) and its problems."""
    problems = _PageProblems(path, text)
    try:
        page = parse_page(text)
    except FrontMatterError as exc:
        problems.skip(None, exc.reason, exc.line or 1)
        return None, problems.found
    meta = page.meta
    _warn_unknown_keys(meta, problems)
    for key, at in page.duplicate_keys:
        problems.found.append(Problem(path, at, f"the key {key[:80]!r} is given again here; only this last "
                                                  "value is used: remove the earlier one", fatal=False))
    body = _without_forbidden_characters(meta, page.body, problems)
    title = _title(meta, problems)
    if title is None:
        return None, problems.found
    section = _text(meta, "section", problems)
    if not section:
        section = _folder_section(Path(path).parent.name, problems)
    slug = _slug(meta, title, problems)
    if slug is None:
        return None, problems.found
    date = _date(meta, problems)
    source_url = _source_url(meta, problems)
    entities: dict[str, Any] = {kind: _entities(meta.get(KINDS[kind].front_matter), KINDS[kind].front_matter,
                                                problems) for kind in ENTITY_KINDS}
    image, image_alt = _image(meta, problems)
    texts: dict[str, Any] = {key: _text(meta, key, problems) for key in TEXT_KEYS}
    texts["author"] = sys.intern(texts["author"])
    article = Article(
        title=title,
        slug=slug,
        section=sys.intern(section),
        section_slug=sys.intern(section_slug(section)),
        body=body,
        source_path=path,
        date=date,
        image=image,
        image_alt=image_alt,
        **texts,
        tags=_shared_words(_text_list(meta.get(TAGS.front_matter), TAGS.front_matter, problems)),
        tickers=_tickers(meta.get("tickers"), problems),
        raw_title=_text(meta, "raw_title", problems),
        source=sys.intern(_text(meta, "source", problems)),
        source_url=source_url,
        draft=_draft(meta, problems),
        aliases=_aliases(meta.get("aliases"), problems),
        arrival=_arrival(meta, problems),
        **entities,
    )
    for kind in KINDS.values():
        _warn_of_many(len(article.tags) if kind is TAGS else len(article.entities(kind.key)), kind, problems)
    return article, problems.found


def _folder_section(folder: str, problems: _PageProblems) -> str:
    """The section a page's folder names when its front matter names none ("world-news"
    gives "World News"), without the characters XML forbids (a folder name may hold
    any): they would break its feed and sitemap."""
    if forbidden_in(folder):
        problems.found.append(Problem(problems.path, None, f"the folder name {folder[:80]!r} holds characters XML "
                                                           "does not allow, which are left out of the section it "
                                                           "names", False))
        folder = strip_forbidden(folder)
    section = folder.replace("-", " ").title().strip()
    return section or "News"


def _warn_of_many(count: int, kind: Kind, problems: _PageProblems) -> None:
    """Each tag and name gets a page and a feed of its own that list the article:
    hundreds on one article are a list pasted in by mistake more often than not,
    and cost as many pages."""
    if count > MANY_NAMES:
        key = kind.front_matter
        problems.warn(key, f"'{key}' lists {count} {kind.plural.lower()}; more than {MANY_NAMES} on one article "
                           "is likely a mistake, as each gets a page and a feed of its own: keep those the "
                           "article is about")


def _without_forbidden_characters(meta: dict[Any, Any], body: str, problems: _PageProblems) -> str:
    """Characters XML forbids (they would break the feed and sitemap) left out of every
    front-matter value, in place, and of the body, which is returned; each with a warning."""
    for key, value in list(meta.items()):
        bad = forbidden_in(value)
        if bad:
            problems.warn(str(key), f"'{key}' holds characters XML does not allow ({', '.join(bad[:5])}); "
                                    "they are left out")
            meta[key] = strip_forbidden_in(value)
    if not FORBIDDEN.search(body):
        return body
    text = problems.text
    lines = text.split("\n")
    closing = next(i for i in range(1, len(lines)) if lines[i].rstrip() == "---")  # ends the front matter
    first = FORBIDDEN.search(text, sum(len(line) + 1 for line in lines[:closing + 1]))
    line = text.count("\n", 0, first.start()) + 1 if first else None
    problems.found.append(Problem(problems.path, line, "the body holds characters XML does "
                                  f"not allow ({', '.join(forbidden_in(body)[:5])}); they are left out", False))
    return strip_forbidden(body)


def _title(meta: dict[Any, Any], problems: _PageProblems) -> str | None:
    """The title as text; None (the page is skipped) without one."""
    title = meta.get("title")
    if not isinstance(title, str | int | float) or isinstance(title, bool) or not str(title).strip():
        problems.skip("title", "the page has no 'title' (text) in its front matter",
                      key_line(problems.text, "title") or 1)
        return None
    return str(title).strip()


def _slug(meta: dict[Any, Any], title: str, problems: _PageProblems) -> str | None:
    """The page's slug, made from the title when none is written; None (the page is
    skipped) when the written one cannot name a folder of the site."""
    raw_slug = meta.get("slug")
    if raw_slug is None or raw_slug == "":
        return make_slug(title, problems.path)
    if not isinstance(raw_slug, str) or not _VALID_SLUG.fullmatch(raw_slug) or len(raw_slug) > 200:
        problems.skip("slug", f"the slug {str(raw_slug)[:80]!r} may hold only lower-case letters, digits "
                              "and single hyphens (it names a folder of the site)")
    elif windows_reserved(raw_slug):
        problems.skip("slug", f"the slug {raw_slug!r} is a device name Windows reserves (like CON, NUL, COM1): "
                              "a folder so named cannot exist there; choose another")
    elif raw_slug in RESERVED:
        problems.skip("slug", f"the slug {raw_slug!r} is a name the site uses itself; choose another")
    else:
        return raw_slug
    return None


def broken_rule(article: Article) -> str | None:
    """Which rule of read_article `article` breaks (None when it keeps them all): for an
    article from anywhere but a content page, the build cache above all, which anyone
    could have written. Links, paths and text are checked as read_article makes them."""
    if not is_relative_path(article.source_path) or not article.source_path.endswith(".md"):
        return "its content file is not a path inside content/"
    if not _VALID_SLUG.fullmatch(article.slug) or windows_reserved(article.slug) or article.slug in RESERVED:
        return "its slug cannot name a folder of the site"
    if article.section_slug != section_slug(article.section):
        return "its section's slug is not the one its section gives"
    if article.source_url and not is_web_address(article.source_url):
        return "its source_url is not an http:// or https:// address"
    if any(alias_file(alias) != alias for alias in article.aliases):
        return "an alias is not an address inside the site"
    if forbidden_in([getattr(article, key) for key in ("title", "section", "body", "source", "image", "image_alt",
                                                       *TEXT_KEYS)] + list(article.tags) + list(article.aliases)
                    + [part for kind in ENTITY_KINDS for ref in article.entities(kind)
                       for part in (ref.name, *ref.aliases)]
                    + [part for ticker in article.tickers for part in (ticker.symbol, ticker.company)]):
        return "its text holds characters XML does not allow"
    if article.date is not None:
        try:
            read_date(article.date)
        except DateError:
            return "its date cannot be shown or converted to UTC"
    return None


def _date(meta: dict[Any, Any], problems: _PageProblems) -> dt.date | dt.datetime | None:
    if meta.get("date") in (None, ""):
        return None
    try:
        return read_date(meta["date"])
    except DateError as exc:
        problems.warn("date", f"the date {exc}; the article is shown as undated")
        return None


def _source_url(meta: dict[Any, Any], problems: _PageProblems) -> str:
    source_url = _text(meta, "source_url", problems)
    if source_url and not is_web_address(source_url):  # templates link it as it is
        problems.warn("source_url", "'source_url' must be an http:// or https:// address; it is left out")
        return ""
    return source_url


def _image(meta: dict[Any, Any], problems: _PageProblems) -> tuple[str, str]:
    """(image, image_alt); a picture without its text for readers who cannot see it is left out."""
    image, image_alt = _text(meta, "image", problems).strip(), _text(meta, "image_alt", problems).strip()
    if image and not image_alt:
        problems.warn("image", "'image' needs 'image_alt', a text saying what the picture shows for readers who "
                               "cannot see it; the image is left out until it has one")
        return "", image_alt
    return image, image_alt


def _warn_unknown_keys(meta: dict[Any, Any], problems: _PageProblems) -> None:
    """A key the reader does not know is most often a typing slip: say so, with the
    known key it is closest to."""
    for key in meta:
        if key in _KNOWN_KEYS:
            continue
        name = str(key)
        close = difflib.get_close_matches(name, FRONT_MATTER_KEYS, n=1)
        hint = f"did you mean '{close[0]}'?" if close else "docs/content-format.md lists the keys"
        problems.warn(name, f"{name[:80]!r} is not a front-matter key site-builder reads, so it is ignored; {hint}")


_ALIAS = re.compile(r"[A-Za-z0-9._~%+-]+(?:/[A-Za-z0-9._~%+-]+)*/?")


def alias_file(alias: str) -> str | None:
    """An old address as written in `aliases` ("world/old-slug/", "/old.html") → the file a
    redirect there is written to ("world/old-slug/index.html"); None when it is not a path
    inside the site (a scheme, "..", "//", a query) or lies where the site keeps its own files."""
    path = alias.strip()
    path = path[1:] if path.startswith("/") else path  # "/x/" is the site's x/; "//host/x" is refused below
    if not _ALIAS.fullmatch(path) or any(part in (".", "..") for part in path.split("/")):
        return None
    if is_build_name(path.split("/")[0]) or any(map(windows_reserved, path.split("/"))):
        return None  # a name the build writes at the top of the site (layout.py), or one Windows cannot hold
    if path.endswith("/"):
        return path + "index.html"
    return path if path.endswith((".html", ".htm")) else path + "/index.html"


def _aliases(value: Any, problems: _PageProblems) -> tuple[str, ...]:
    found: list[str] = []
    for alias in _text_list(value, "aliases", problems):
        file = alias_file(alias)
        top = alias.strip().removeprefix("/").split("/")[0]
        if file is None and is_build_name(top):
            problems.warn("aliases", f"the alias {alias[:80]!r} lies in {printable(top)[:80]}, a name the build writes "
                                     "at the top of the site itself; choose another address; it is left out")
        elif file is None and any(map(windows_reserved, alias.strip().split("/"))):
            problems.warn("aliases", f"the alias {alias[:80]!r} holds a name Windows cannot hold (a device name "
                                     "like CON, NUL or COM1, with or without an extension, or one ending in a dot "
                                     "or a space), so the site could not be copied there; it is left out")
        elif file is None:
            problems.warn("aliases", f"the alias {alias[:80]!r} is not an address inside the site (write it as "
                                     "a path like world/old-slug/, without ../ or http://, outside assets/, "
                                     "pagefind/ and the like); it is left out")
        else:
            found.append(file)
    return tuple(dict.fromkeys(found))


def _arrival(meta: dict[str, Any], problems: _PageProblems) -> int | None:
    """`arrival: 17`, the order ingest received the page in (a whole number from 1)."""
    value = meta.get("arrival")
    if value is None or (isinstance(value, int) and not isinstance(value, bool) and value >= 1):
        return value
    problems.warn("arrival", f"'arrival' should be a whole number from 1, not {str(value)[:40]!r}; the page is "
                             "listed among the undated by its content file's path")
    return None


def _draft(meta: dict[str, Any], problems: _PageProblems) -> bool:
    """`draft: true` holds a page back. Anything but true or false is read as a draft:
    a page someone meant to hold back must never go out by a typing slip."""
    value = meta.get("draft")
    if value is None or isinstance(value, bool):
        return bool(value)
    problems.warn("draft", f"'draft' should be true or false, not {str(value)[:40]!r}; the page is held back "
                           "as a draft")
    return True


def content_key(rel: str, data: bytes) -> str:
    """Identifies a content page by path and bytes (never by mtime, which a CI
    checkout resets)."""
    return hashlib.sha256(rel.encode("utf-8") + b"\0" + data).hexdigest()[:32]


def scan_content(content_dir: Path) -> list[tuple[str, str]]:
    """(path relative to content/, content_key) of every page and picture, and
    the refused files with their reason, to tell whether anything changed."""
    listing = walk(content_dir, lambda name: name.endswith(".md") or is_image_name(name))
    scanned = [(rel, f"refused: {why}") for rel, why in listing.skipped]
    base = os.fspath(content_dir)
    for rel in listing.files:
        try:
            scanned.append((rel, content_key(rel, _read_bytes(f"{base}/{rel}"))))
        except OSError as exc:
            scanned.append((rel, f"unreadable: {exc.strerror}"))
    return scanned


def _read_bytes(path: str) -> bytes:
    """A file's bytes, with plain system calls: at 10,000 pages a third quicker than
    Path.read_bytes, which builds a path object and a buffered file for each."""
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        chunks = []
        while chunk := os.read(descriptor, 1 << 20):
            chunks.append(chunk)
    finally:
        os.close(descriptor)
    return b"".join(chunks)


def _page_text(data: bytes) -> str:
    """As a file opened in text mode reads: UTF-8, universal newlines."""
    return data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")


def _parse_file(rel: str, data: bytes) -> ParsedPage:
    try:
        text = _page_text(data)
    except UnicodeDecodeError as exc:
        return None, [Problem(rel, None, f"the page is not UTF-8 ({exc.reason}); the page is skipped", True)]
    return read_article(rel, text)


def load_articles(content_dir: Path, known: Mapping[str, ParsedPage] | None = None,
                  seen: dict[str, ParsedPage] | None = None,
                  scanned: Mapping[str, str] | None = None) -> tuple[list[Article], list[Problem]]:
    """Every readable article under content/, and every problem found on the way.
    Where two pages claim one URL, the first by path keeps it. A page whose
    content_key is in `known` is taken from there instead of being parsed again;
    every page parsed or taken is recorded in `seen`. `scanned` (scan_content's
    keys, by path) spares reading again a page whose key is known: the parse
    taken is the parse of the very bytes scanned."""
    articles: list[Article] = []
    problems: list[Problem] = []
    owners: dict[str, str] = {}
    listing = content_listing(content_dir)
    problems += [Problem(rel, None, why, fatal=True) for rel, why in listing.skipped]
    for rel in listing.files:
        key = scanned.get(rel, "") if scanned is not None else ""
        parsed = _parse_of(rel, known.get(key)) if known is not None else None
        if parsed is None:
            try:
                data = (content_dir / rel).read_bytes()
            except OSError as exc:
                problems.append(Problem(rel, None, f"cannot read it ({exc.strerror}); the page is skipped", True))
                continue
            key = content_key(rel, data)
            parsed = _parse_of(rel, known.get(key)) if known is not None else None
            if parsed is None:
                parsed = _parse_file(rel, data)
        if seen is not None:
            seen[key] = parsed
        article, found = parsed
        problems.extend(found)
        if article is None:
            continue
        if article.url in owners:
            problems.append(Problem(rel, _slug_line(content_dir / rel),
                                    f"the slug {article.slug!r} in section {article.section!r} is already used by "
                                    f"{owners[article.url]}; give one of them another slug; the page is skipped",
                                    True))
            continue
        owners[article.url] = rel
        articles.append(article)
    return articles, problems


def _parse_of(rel: str, parsed: ParsedPage | None) -> ParsedPage | None:
    """`parsed` when it is a parse of the content file `rel` (a cache, which anyone could
    have written, may offer another file's), else None."""
    if parsed is None or (parsed[0] is not None and parsed[0].source_path != rel) \
            or any(problem.path != rel for problem in parsed[1]):
        return None
    return parsed


def _slug_line(path: Path) -> int | None:
    try:
        return key_line(_page_text(path.read_bytes()), "slug")
    except (OSError, UnicodeDecodeError):
        return None
