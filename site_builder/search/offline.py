"""The search index a browser can read from disk (file://), where Pagefind cannot run.

Browsers load nothing from file:// but plain `<script>` tags, so the index is many
small scripts under `search-index/`, each calling `SiteSearchOffline.register(name,
data)`; `assets/search-offline.js` loads only the ones a query needs:

- `index.js`, the manifest: the number of articles, where the term parts start,
  and the filter groups;
- `t/<prefix>.js`, the term dictionary cut at prefix boundaries into parts of at
  most PART_BYTES (a single term with longer postings gets a part of its own):
  term → postings, the doc ids delta-encoded, each followed by its precomputed
  BM25 weight (headline and names count more than the body);
- `d/<id>.js`, one per article: URL, headline, section, date, standfirst and the
  start of the body (excerpts are cut from it);
- `f/<group>.js`, one per filter group: its FILTER_VALUES most common values →
  doc ids (all entity names would weigh some 900 KB at 10,000 articles, more than
  a query may load; a filter list that long is of no use to a reader either).

Doc ids count articles oldest first, so a new article appends an id instead of
renumbering the archive. Every file's bytes depend only on what it holds (no
timestamps, sorted keys), and the writer keeps one compact byte string per term,
so memory grows linearly with the archive.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import groupby
from typing import Any

from site_builder.content.dates import iso, sort_key
from site_builder.core import gc_pause
from site_builder.core.jsontext import parse_json
from site_builder.core.layout import OFFLINE_INDEX
from site_builder.core.model import ENTITY_KINDS, Article, search_filter_groups

FOLDER = OFFLINE_INDEX
PART_BYTES = 16_000  # a term part's size bound, before a lone term overflows it
EXCERPT_WORDS = 250  # body words kept per article for excerpts
MAX_WORD = 32  # longer "words" (hashes, URLs run together) are not indexed
FILTER_GROUPS = tuple(key for key, _ in search_filter_groups())  # as the search page lists them
FILTER_VALUES = 100  # values per filter group, those with the most articles

# BM25F: a term's frequency in each field, weighted, then saturated with k1 and
# normalised by the article's length against a fixed reference length (a corpus
# average would change every posting whenever an article is added).
FIELD_WEIGHTS = {"title": 4, "names": 3, "tags": 2, "summary": 2, "body": 1}
K1, B, REFERENCE_LENGTH = 1.2, 0.75, 300
SCORE_STEPS = 63  # a posting's weight is stored as one digit 1..63

DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
_WORD = re.compile(r"[^\W_]+")


def fold(text: str) -> str:
    """Lower case without accents; search-offline.js folds queries the same way
    (toLowerCase, NFKD, drop every mark)."""
    if text.isascii():  # most text: no accents, and decomposing changes nothing
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.lower())
    marks = [c for c in set(decomposed) if unicodedata.category(c).startswith("M")]  # each letter looked at once
    return decomposed.translate(dict.fromkeys(map(ord, marks))) if marks else decomposed


def words(text: str) -> list[str]:
    """The indexed words of `text`: runs of letters and digits, folded."""
    return [w for w in _WORD.findall(fold(text)) if len(w) <= MAX_WORD]


_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")
_BLOCK_MARK = re.compile(r"^ {0,3}(?:#{1,6} +|> ?|[-*+] +|\d{1,9}[.)] +)", re.MULTILINE)


def plain_text(markdown: str) -> str:
    """The words a reader sees in a Markdown body, for excerpts: link text without
    its address, escapes and block markers removed, whitespace collapsed."""
    text = _BLOCK_MARK.sub("", _LINK.sub(r"\1", markdown))
    return " ".join(_ESCAPED.sub(r"\1", text).split())


@functools.lru_cache(maxsize=1 << 14)  # most deltas between doc ids are small: the same few thousand strings
def encode_number(value: int) -> str:
    """A varint in DIGITS: five bits per digit, low digits first; digits 32-63 say
    'more follows'."""
    out = []
    while value >= 32:
        out.append(DIGITS[32 + (value & 31)])
        value >>= 5
    out.append(DIGITS[value])
    return "".join(out)


def encode_ids(ids: Iterable[int]) -> str:
    previous, out = 0, []
    for doc in ids:
        out.append(encode_number(doc - previous))
        previous = doc
    return "".join(out)


def script(name: str, data: object) -> str:
    """A part as a script that hands its data to the page. The JSON cannot end the
    script or break a line in older parsers: `<`, U+2028 and U+2029 are escaped."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    text = text.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f"SiteSearchOffline.register({json.dumps(name)},{text});\n"


def oldest_first(articles: Sequence[Article]) -> list[Article]:
    """Doc id order: undated articles (by URL) first, then dated ones oldest first,
    so new articles, usually the newest, get the next ids."""
    return sorted(articles, key=lambda a: (a.date is not None, sort_key(a.date)[1], a.url))


def article_fields(article: Article) -> dict[str, list[str]]:
    names = [n for k in ENTITY_KINDS for ref in article.entities(k) for n in (ref.name, *ref.aliases)]
    return {
        "title": words(article.title),
        "names": words(" ".join(names)),
        "tags": words(" ".join(article.tags)),
        "summary": words(" ".join((article.summary, article.subheadline, article.caption))),
        "body": words(plain_text(article.body)),
    }


def term_weights(fields: Mapping[str, list[str]]) -> dict[str, int]:
    """Each word of an article with its BM25F weight, quantised to 1..SCORE_STEPS."""
    weighted: Counter[str] = Counter()
    for field, tokens in fields.items():
        for token, count in Counter(tokens).items():
            weighted[token] += FIELD_WEIGHTS[field] * count
    length = sum(len(tokens) for tokens in fields.values())
    norm = K1 * (1 - B + B * length / REFERENCE_LENGTH)
    return {term: max(1, round(tf * (K1 + 1) / (tf + norm) / (K1 + 1) * SCORE_STEPS))
            for term, tf in weighted.items()}


def doc_record(article: Article) -> dict[str, object]:
    body = plain_text(article.body).split(" ")
    return {"u": article.url, "t": article.title, "s": article.section,
            "d": iso(article.date) if article.date else None,
            "x": article.summary, "b": " ".join(body[:EXCERPT_WORDS])}


def split_terms(terms: list[str], size: Mapping[str, int], bound: int = PART_BYTES, depth: int = 0) -> list[list[str]]:
    """Sorted terms cut into runs of at most `bound` bytes at prefix boundaries:
    a prefix too big for one part is split by its next letter, and neighbouring
    small runs are joined again. Cutting at prefixes keeps most parts unchanged
    when words are added elsewhere."""
    if len(terms) == 1 or sum(size[t] for t in terms) <= bound:
        return [terms]
    chunks: list[list[str]] = []
    for _prefix, group in groupby(terms, key=lambda t: t[:depth + 1]):
        chunks += split_terms(list(group), size, bound, depth + 1)
    merged: list[list[str]] = []
    totals: list[int] = []
    for chunk in chunks:
        total = sum(size[t] for t in chunk)
        if merged and totals[-1] + total <= bound:
            merged[-1] += chunk
            totals[-1] += total
        else:
            merged.append(chunk)
            totals.append(total)
    return merged


def part_key(first: str, previous_last: str | None) -> str:
    """The shortest prefix of a part's first term that sorts after the previous
    part's last term: the part holds every term from this key on."""
    if previous_last is None:
        return ""
    for end in range(1, len(first) + 1):
        if first[:end] > previous_last:
            return first[:end]
    return first


def part_file(key: str) -> str:
    """A file name for a part key: letters a-z and digits as they are, anything else
    as its code point; hashed when that would be too long for a file system."""
    name = "".join(c if c.isascii() and c.isalnum() else f"_{ord(c):x}" for c in key) or "_"
    return name if len(name) <= 64 else "h" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:24]


def _term_parts(postings: Mapping[str, str], part_bytes: int) -> list[tuple[str, str, list[str]]]:
    """The term dictionary cut into parts: (key, name, its terms in order)."""
    terms = sorted(postings)
    size = {t: len(postings[t]) + len(t.encode("utf-8")) + 6 for t in terms}
    parts: list[tuple[str, str, list[str]]] = []
    previous: str | None = None
    for chunk in split_terms(terms, size, part_bytes) if terms else []:
        key = part_key(chunk[0], previous)
        parts.append((key, f"t/{part_file(key)}", chunk))
        previous = chunk[-1]
    return parts


def _filter_files(ids: Mapping[str, int], filters: Mapping[str, Mapping[str, Sequence[str]]],
                  ) -> tuple[list[tuple[str, str]], dict[str, str]]:
    """One script per filter group, and the groups as the manifest names them."""
    files: list[tuple[str, str]] = []
    groups: dict[str, str] = {}
    for group in FILTER_GROUPS:
        values = {value: [ids[u] for u in urls if u in ids] for value, urls in filters.get(group, {}).items()}
        common = sorted(sorted(values, key=lambda v: (-len(values[v]), v))[:FILTER_VALUES])
        name = f"f/{group}"
        groups[group] = name
        data = {"values": common, "docs": [encode_ids(sorted(values[v])) for v in common]}
        files.append((f"{FOLDER}/{name}.js", script(name, data)))
    return files, groups


def _manifest(docs: int, parts: list[tuple[str, str, list[str]]], groups: dict[str, str]) -> tuple[str, str]:
    return f"{FOLDER}/index.js", script("index", {
        "version": 1, "docs": docs, "parts": [[key, name] for key, name, _terms in parts], "filters": groups})


def index_files(articles: Sequence[Article], filters: Mapping[str, Mapping[str, Sequence[str]]],
                part_bytes: int = PART_BYTES) -> Iterator[tuple[str, str]]:
    """Every file of the offline index as (path relative to the site, text).
    `filters` maps a filter group to its values, each with the URLs of its articles."""
    ordered = oldest_first(articles)
    ids = {article.url: number for number, article in enumerate(ordered)}
    encoded: dict[str, bytearray] = {}
    last: dict[str, int] = {}
    for number, article in enumerate(ordered):
        for term, weight in sorted(term_weights(article_fields(article)).items()):
            entry = encoded.get(term)
            if entry is None:
                entry = encoded[term] = bytearray()
            entry += (encode_number(number - last.get(term, 0)) + DIGITS[weight]).encode("ascii")
            last[term] = number
        yield f"{FOLDER}/d/{number}.js", script(f"d/{number}", doc_record(article))

    postings = {term: entry.decode("ascii") for term, entry in encoded.items()}
    del encoded
    parts = _term_parts(postings, part_bytes)
    for _key, name, chunk in parts:
        yield f"{FOLDER}/{name}.js", script(name, {t: postings[t] for t in chunk})
    filter_files, groups = _filter_files(ids, filters)
    yield from filter_files
    yield _manifest(len(ordered), parts, groups)


# -- bringing the previous index up to date ----------------------------------------

def fingerprint(article: Article) -> str:
    """A digest of everything of an article the index shows or weighs, and its place
    in the doc id order: the same fingerprint, the same postings and doc file."""
    hasher = hashlib.sha256()
    names = [[ref.name, *ref.aliases] for kind in ENTITY_KINDS for ref in article.entities(kind)]
    for part in (article.url, article.title, article.section, iso(article.date) if article.date else "",
                 article.summary, article.subheadline, article.caption, article.body,
                 json.dumps([article.tags, names], ensure_ascii=False)):
        hasher.update(part.encode("utf-8"))
        hasher.update(b"\0")
    return hasher.hexdigest()[:32]


class Fingerprints:
    """fingerprint(), made once per article: the build cache keeps each article's
    fingerprint with its parse (BuildCache.stored_fingerprints, given as `known`), so an
    unchanged article is not digested again."""

    def __init__(self, known: Iterable[tuple[Article, str]] = ()) -> None:
        # Holding the article keeps its id from being reused.
        self._known: dict[int, tuple[Article, str]] = {id(article): (article, value) for article, value in known}

    def __call__(self, article: Article) -> str:
        known = self._known.get(id(article))
        if known is None or known[0] is not article:
            known = self._known[id(article)] = (article, fingerprint(article))
        return known[1]


def index_docs(articles: Sequence[Article], fingerprint: Callable[[Article], str] = fingerprint) -> list[list[str]]:
    """[URL, fingerprint] of each article by doc id: what the cache keeps of an index."""
    return [[article.url, fingerprint(article)] for article in oldest_first(articles)]


@dataclass(frozen=True)
class IndexFile:
    path: str  # relative to the site
    text: Callable[[], str]  # made only when needed
    unchanged: bool  # the previous index holds this very file


_POSTING = re.compile(r"([g-z0-9_-]*[A-Za-f])([A-Za-z0-9_-])")  # a varint (see encode_number), then a weight
_POSTINGS = re.compile(r"(?:[g-z0-9_-]*[A-Za-f][A-Za-z0-9_-])*")


def decode_postings(encoded: str) -> list[tuple[int, int]]:
    """(doc id, weight) pairs of a postings string: the inverse of encoding them.
    ValueError when `encoded` is not postings."""
    if _POSTINGS.fullmatch(encoded) is None:
        raise ValueError("not a postings string")
    found = _POSTING.findall(encoded)
    docs = itertools.accumulate(_decode_number(number) for number, _weight in found)
    return [(doc, _DIGIT_VALUE[weight]) for doc, (_number, weight) in zip(docs, found, strict=True)]


@functools.lru_cache(maxsize=1 << 14)
def _decode_number(digits: str) -> int:
    value = 0
    for shift, digit in enumerate(digits):
        value |= (_DIGIT_VALUE[digit] & 31) << (5 * shift)
    return value


def encode_postings(pairs: Iterable[tuple[int, int]]) -> str:
    """Postings from (doc id, weight) pairs in doc id order."""
    previous, out = 0, []
    for doc, weight in pairs:
        out.append(encode_number(doc - previous))
        out.append(DIGITS[weight])
        previous = doc
    return "".join(out)


_DIGIT_VALUE = {digit: value for value, digit in enumerate(DIGITS)}
_REGISTERED = re.compile(r'SiteSearchOffline\.register\("[^"]*",(.*)\);\n\Z', re.DOTALL)


def read_script(text: str | None) -> Any:
    """The data a script of the index registers (None when it is not such a script)."""
    match = _REGISTERED.match(text or "")
    if match is None:
        return None
    try:
        return parse_json(match.group(1))
    except ValueError:
        return None


@dataclass(frozen=True)
class PreviousIndex:
    """The index the last build wrote: its `index_docs`, the articles it was made from (by URL)
    and its files, read by path (None: not there or not readable)."""

    docs: Sequence[Sequence[str]]
    articles: Mapping[str, Article]
    read: Callable[[str], str | None]


def update_index_files(articles: Sequence[Article], filters: Mapping[str, Mapping[str, Sequence[str]]],
                       previous: PreviousIndex, part_bytes: int = PART_BYTES,
                       fingerprint: Callable[[Article], str] = fingerprint) -> list[IndexFile] | None:
    """The files of index_files(articles, filters), made from the `previous` index by redoing
    only the articles that changed and the term parts holding their words. None when that is
    not possible: an article left, or one came in before the end of the doc id order (ids
    would move), or the previous index cannot be read. `fingerprint` may be a Fingerprints
    that already knows most of them."""
    with gc_pause.paused():
        return _updated_files(articles, filters, previous, part_bytes, fingerprint)


def _updated_files(articles: Sequence[Article], filters: Mapping[str, Mapping[str, Sequence[str]]],
                   previous: PreviousIndex, part_bytes: int,
                   fingerprint: Callable[[Article], str]) -> list[IndexFile] | None:
    ordered = oldest_first(articles)
    docs = index_docs(ordered, fingerprint)
    if not previous.docs or len(docs) < len(previous.docs) \
            or any(docs[i][0] != previous.docs[i][0] for i in range(len(previous.docs))):
        return None
    changed = {i for i in range(len(docs)) if i >= len(previous.docs) or docs[i][1] != previous.docs[i][1]}
    term_parts = _read_term_parts(previous)
    if term_parts is None:
        return None
    old_parts, postings = term_parts
    affected = _terms_indexed_before(changed, previous, fingerprint)
    if affected is None:
        return None
    weights = {number: term_weights(article_fields(ordered[number])) for number in sorted(changed)}
    for found in weights.values():
        affected.update(found)
    if not _post_again(postings, affected, changed, weights):
        return None

    files = [IndexFile(f"{FOLDER}/d/{number}.js", functools.partial(_doc_script, number, article),
                       number not in changed) for number, article in enumerate(ordered)]
    parts = _term_parts(postings, part_bytes)
    for _key, name, chunk in parts:
        files.append(IndexFile(f"{FOLDER}/{name}.js", functools.partial(_part_script, name, chunk, postings),
                               old_parts.get(name) == chunk and affected.isdisjoint(chunk)))
    filter_files, groups = _filter_files({url: number for number, (url, _fp) in enumerate(docs)}, filters)
    for rel, text in [*filter_files, _manifest(len(ordered), parts, groups)]:
        files.append(IndexFile(rel, functools.partial(str, text), False))
    return files


def _read_term_parts(previous: PreviousIndex) -> tuple[dict[str, list[str]], dict[str, str]] | None:
    """The previous index's term parts (each part's name -> its terms) and its postings (term ->
    encoded postings); None when its manifest or a part cannot be read or is not its own."""
    manifest = read_script(previous.read(f"{FOLDER}/index.js"))
    if not isinstance(manifest, dict) or manifest.get("docs") != len(previous.docs):
        return None
    old_parts: dict[str, list[str]] = {}
    postings: dict[str, str] = {}
    for _key, name in manifest.get("parts", []):
        part = read_script(previous.read(f"{FOLDER}/{name}.js"))
        if not isinstance(part, dict):
            return None
        old_parts[name] = list(part)
        postings.update(part)
    return old_parts, postings


def _terms_indexed_before(changed: set[int], previous: PreviousIndex,
                          fingerprint: Callable[[Article], str]) -> set[str] | None:
    """The terms the changed articles were indexed under; None when one of them is not known
    as it was then (its words are unknown)."""
    terms: set[str] = set()
    for number in sorted(changed):
        if number < len(previous.docs):
            old = previous.articles.get(previous.docs[number][0])
            if old is None or fingerprint(old) != previous.docs[number][1]:
                return None
            terms.update(term_weights(article_fields(old)))
    return terms


def _post_again(postings: dict[str, str], affected: set[str], changed: set[int],
                weights: Mapping[int, Mapping[str, int]]) -> bool:
    """Rewrites in `postings` each affected term's postings: the unchanged articles' as they were,
    the changed ones' anew. False when a term's postings are not postings (a term part this
    site_builder did not write)."""
    for term in affected:
        try:
            pairs = [pair for pair in decode_postings(postings.get(term, "")) if pair[0] not in changed]
        except (TypeError, ValueError):
            return False
        pairs += [(number, found[term]) for number, found in weights.items() if term in found]
        if pairs:
            postings[term] = encode_postings(sorted(pairs))
        else:
            postings.pop(term, None)
    return True


def _doc_script(number: int, article: Article) -> str:
    return script(f"d/{number}", doc_record(article))


def _part_script(name: str, chunk: list[str], postings: Mapping[str, str]) -> str:
    return script(name, {t: postings[t] for t in chunk})
