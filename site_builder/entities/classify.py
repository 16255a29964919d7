"""Classification of one chunk: titles, lexicons, the gazetteer and the words around it."""

from __future__ import annotations

from typing import Callable

from .. import _lexicon as lex
from .chunking import WEAK_CONNECTORS
from .mentions import Mention, STRONG, WEAK, new_mention, span_text
from .reference import Gazetteer, gazetteer, is_dictionary_word
from .tokens import Token, is_name_token


def _is_title(tok: Token) -> bool:
    return tok.bare in lex.TITLES


def _split_at_title(chunk: list[Token]) -> tuple[list[Token], list[Token], bool]:
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


def _trim_particles(tokens: list[Token]) -> list[Token]:
    start, end = 0, len(tokens)
    while start < end and not is_name_token(tokens[start]):
        start += 1
    while end > start and not is_name_token(tokens[end - 1]):
        end -= 1
    return tokens[start:end]


def _strip_leading(tokens: list[Token], strip: Callable[[Token], bool]) -> list[Token]:
    """Drop leading tokens matching ``strip`` and any particles they leave in front (one slice)."""
    start = 0
    while start < len(tokens) and (strip(tokens[start]) or not is_name_token(tokens[start])):
        start += 1
    return _trim_particles(tokens[start:])


def _strip_function_words(tokens: list[Token]) -> list[Token]:
    return _strip_leading(tokens, lambda tok: tok.bare in lex.FUNCTION_WORDS)


def _lookup_place(key: str, gaz: Gazetteer) -> tuple[str, int] | None:
    if key in gaz.countries:
        return gaz.countries[key], STRONG
    if key in gaz.cities:
        return gaz.cities[key], WEAK
    return None


def lookup_alias(key: str) -> tuple[str, str] | None:
    alias = lex.ALIASES.get(key)
    if alias is None:
        return None
    return alias[1], alias[0]


def _is_acronym(tok: Token) -> bool:
    text = tok.text.replace(".", "")
    return 2 <= len(text) <= 6 and text.isalpha() and text.isupper()


_MAX_LEXICON_TOKENS = 8


def _known_name(tokens: list[Token], text: str, gaz: Gazetteer, person_hint: bool) -> Mention | None:
    """Whole span found in the alias lexicon or the gazetteer."""
    if len(tokens) > _MAX_LEXICON_TOKENS:
        return None  # no listed name is this long; skipping keeps long runs linear
    key = span_text(tokens, text).lower()
    alias = lookup_alias(key)
    if alias is not None:
        return new_mention(tokens, text, alias[0], alias[1], STRONG)
    place = _lookup_place(key, gaz)
    if place is not None and not (person_hint and place[1] == WEAK):
        return new_mention(tokens, text, "place", place[0], place[1])
    return None


def _leading_country(tokens: list[Token], text: str, gaz: Gazetteer) -> int:
    """Number of leading tokens that name a country ("U.S." in "U.S. Senate"), or 0."""
    for size in range(min(3, len(tokens) - 1), 0, -1):
        key = span_text(tokens[:size], text).lower()
        alias = lookup_alias(key)
        if (alias is not None and alias[0] == "place") or key in gaz.countries:
            return size
    return 0


def _peel_countries(tokens: list[Token], text: str, gaz: Gazetteer, found: list[Mention]) -> int:
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


def _is_modifier(tok: Token, gaz: Gazetteer) -> bool:
    """Demonyms and titles in front of a name ("Iranian", "Foreign Minister")."""
    bare = tok.bare
    return bare in gaz.demonyms or bare in lex.TITLES or bare in lex.TITLE_MODIFIERS


def _classify(chunk: list[Token], text: str, gaz: Gazetteer, person_hint: bool) -> list[Mention]:
    tokens = _strip_function_words(_trim_particles(chunk))
    found: list[Mention] = []
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
            return [new_mention(tokens, text, "organization", None, STRONG)]
        if _is_modifier(tokens[0], gaz) and len(tokens) > 1:
            tokens = _strip_leading(tokens, lambda tok: _is_modifier(tok, gaz) or tok.bare in lex.FUNCTION_WORDS)
            continue
        if len(tokens) > 1 and tokens[-1].bare in lex.FUNCTION_WORDS:
            end = len(tokens)
            while end > 0 and (tokens[end - 1].bare in lex.FUNCTION_WORDS or not is_name_token(tokens[end - 1])):
                end -= 1
            tokens = tokens[:end]
            continue
        break
    if not tokens:
        return found
    if len(tokens) == 1 and (tokens[0].bare in lex.COMMON_WORDS or tokens[0].bare in gaz.demonyms):
        return found
    mention = new_mention(tokens, text, None, None, WEAK)
    if person_hint:
        mention.type, mention.strength = "person", STRONG
    elif len(tokens) >= 2 and (tokens[0].bare in gaz.first_names or tokens[0].is_initial):
        mention.type, mention.strength = "person", STRONG
    elif len(tokens) == 1 and _is_acronym(tokens[0]):
        mention.type, mention.strength = "organization", STRONG
    return found + [mention]


_DIRECTIONS: frozenset[str] = frozenset(
    "north south east west northeast northwest southeast southwest".split()
)


def _place_context(tokens: list[Token], first: int) -> bool:
    """True for "in X", "near X", "north of X" and similar."""
    if first == 0:
        return False
    prev = tokens[first - 1]
    if prev.text in ("in", "near", "outside"):
        return True
    return prev.text == "of" and first >= 2 and tokens[first - 2].text.lower() in _DIRECTIONS


def _followed_by_score(tokens: list[Token], last: int) -> bool:
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


def _split_weak_connectors(chunk: list[Token]) -> list[list[Token]]:
    parts: list[list[Token]] = [[]]
    for tok in chunk:
        if tok.text in WEAK_CONNECTORS:
            parts.append([])
        else:
            parts[-1].append(tok)
    return [part for part in parts if part]


def _joined_name_type(chunk: list[Token], text: str, gaz: Gazetteer) -> str | None:
    """Type of a span joined by "of"/"for"/"and" when the whole span is one name."""
    key = span_text(chunk, text).lower()
    if lookup_alias(key) is not None or key in gaz.countries or key in gaz.cities:
        return "known"
    head, last = chunk[0].bare, chunk[-1].bare
    if last in lex.EVENT_SUFFIXES:
        return None
    first_connector = next(i for i, tok in enumerate(chunk) if tok.text in WEAK_CONNECTORS)
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


def chunk_mentions(
    chunk: list[Token], tokens: list[Token], index_of: dict[int, int], text: str, gaz: Gazetteer
) -> list[Mention]:
    chunk = _strip_function_words(chunk)
    if not chunk:
        return []
    if any(tok.text in WEAK_CONNECTORS for tok in chunk):
        joined = _joined_name_type(chunk, text, gaz)
        if joined is None:
            found: list[Mention] = []
            for part in _split_weak_connectors(chunk):
                found.extend(chunk_mentions(part, tokens, index_of, text, gaz))
            return found
        if joined != "known":
            return [new_mention(chunk, text, joined, None, STRONG)]
    before, after, titled = _split_at_title(chunk)
    mentions: list[Mention] = []
    if before:
        mentions.extend(_classify(before, text, gaz, person_hint=False))
    if after:
        mentions.extend(_classify(after, text, gaz, person_hint=titled))
    for mention in mentions:
        apply_context(mention, tokens, index_of)
    return mentions


def apply_context(mention: Mention, tokens: list[Token], index_of: dict[int, int]) -> None:
    first = index_of[mention.tokens[0].start]
    last = index_of[mention.tokens[-1].start]
    is_country = mention.type == "place" and mention.strength == STRONG
    plain_word = mention.type is None and mention.sent_start and len(mention.tokens) == 1
    if plain_word and is_dictionary_word(mention.surface, gazetteer()):
        return  # "Halftime 1-0", "Attendance 25,000"
    if mention.type != "person" and not is_country and _followed_by_score(tokens, last):
        # Clubs are named after their towns; national sides keep the country as a place.
        mention.type, mention.strength, mention.canonical = "organization", STRONG, mention.surface
    elif mention.type is None and _place_context(tokens, first):
        mention.type = "place"
