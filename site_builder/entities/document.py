"""Document-level resolution: confident types spread to repeats, surnames link to full names,
left-over spans get a default type; then mentions are grouped into entities."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from .. import _lexicon as lex
from .chunking import chunks
from .classify import chunk_mentions
from .headlines import caps_line_mentions
from .mentions import STRONG, Mention, abbreviates
from .reference import Gazetteer, gazetteer, is_dictionary_word
from .tokens import Token, tokenize

EntityType = Literal["person", "organization", "place"]


@dataclass(frozen=True)
class Entity:
    name: str
    type: EntityType
    mentions: tuple[tuple[int, int], ...]
    aliases: tuple[str, ...] = ()


def _person_surnames(mentions: list[Mention]) -> dict[str, str]:
    """Map a surname (lower-case) to the full name it abbreviates, when unambiguous."""
    candidates: dict[str, set[str]] = {}
    for mention in mentions:
        if mention.type == "person" and len(mention.tokens) >= 2:
            candidates.setdefault(mention.tokens[-1].text.lower(), set()).add(mention.canonical)
    return {key: min(names) for key, names in candidates.items() if len(names) == 1}


def _defined_acronyms(mentions: list[Mention], text: str) -> dict[str, tuple[str, str]]:
    """Acronyms the text defines, "the European Central Bank (ECB)", mapped to the (type, name) of
    their expansion, so every later "ECB" is that entity."""
    defined: dict[str, tuple[str, str]] = {}
    for name, short in zip(mentions, mentions[1:], strict=False):
        acronym = short.surface.replace(".", "")
        if (
            name.type in ("organization", "place")
            and len(name.tokens) >= 2
            and len(short.tokens) == 1
            and text[name.end : short.start] == " ("
            and text[short.end : short.end + 1] == ")"
            and 2 <= len(acronym) <= 8
            and (acronym.isupper() or acronym.istitle())  # "ECB"; "Apacs", as some papers write them
            and abbreviates(acronym.upper(), name.surface)
        ):
            defined.setdefault(short.surface, (name.type, name.canonical))
    return defined


def _organization_short_forms(mentions: list[Mention]) -> dict[str, str]:
    """Map a first word (lower-case) to the organisation it shortens ("Barrick" for "Barrick Gold
    Corp"), when unambiguous."""
    candidates: dict[str, set[str]] = {}
    for mention in mentions:
        if mention.type == "organization" and len(mention.tokens) >= 2 and mention.tokens[-1].bare in lex.ORG_SUFFIXES:
            first = mention.tokens[0]
            if first.kind == "word" and first.bare not in lex.COMMON_WORDS:
                candidates.setdefault(first.bare, set()).add(mention.canonical)
    return {key: min(names) for key, names in candidates.items() if len(names) == 1}


def _capitalised_mid_sentence(mentions: list[Mention]) -> set[str]:
    return {m.surface.lower() for m in mentions if not m.sent_start}


def _resolve_document(mentions: list[Mention], text: str, gaz: Gazetteer) -> list[Mention]:
    strong: dict[str, tuple[str, str]] = {}
    for mention in mentions:
        if mention.type is not None and mention.strength == STRONG:
            strong.setdefault(mention.surface.lower(), (mention.type, mention.canonical))
    acronyms = _defined_acronyms(mentions, text)
    for mention in mentions:
        if mention.surface in acronyms:
            mention.type, mention.canonical = acronyms[mention.surface]
            mention.strength = STRONG
    surnames = _person_surnames(mentions)
    short_forms = _organization_short_forms(mentions)
    mid_sentence = _capitalised_mid_sentence(mentions)
    lower_text_words = set(re.findall(r"\b[a-z]+\b", text))
    resolved: list[Mention] = []
    for mention in mentions:
        key = mention.surface.lower()
        single = len(mention.tokens) == 1
        if single and key in surnames and mention.type in (None, "person") or (
            single and key in surnames and mention.strength != STRONG
        ):
            mention.type, mention.canonical = "person", surnames[key]
        elif mention.strength != STRONG and key in strong:
            mention.type, mention.canonical = strong[key]
        elif single and mention.strength != STRONG and key in short_forms:
            mention.type, mention.canonical = "organization", short_forms[key]
        if mention.type is None and not mention.dropped:
            mention.type = _default_type(mention, gaz, mid_sentence, lower_text_words)
        if mention.type is not None:
            resolved.append(mention)
    return resolved


# Endings that mark a surname in many languages ("Medvedev", "Kowalski", "Petrenko", "Popescu").
_SURNAME_ENDING_RE = re.compile(
    r"(?:ov|ova|ev|eva|in|ina|sky|ski|ska|enko|escu|vic|vich|wicz|dze|shvili|ian|yan|oglu)$")


def _default_type(
    mention: Mention, gaz: Gazetteer, mid_sentence: set[str], lower_text_words: set[str]
) -> str | None:
    """Type for a capitalised span no rule recognised; None drops it."""
    word = mention.surface
    if len(mention.tokens) > 1 and word.isupper():
        return None  # a capitalised heading ("PRESS DIGEST") that no gazetteer knows
    if len(mention.tokens) == 1:
        if word.lower() in lower_text_words:
            return None  # the same word appears uncapitalised: an ordinary word
        if mention.sent_start and word.lower() not in mid_sentence and is_dictionary_word(word, gaz):
            return None
        return "person" if word.lower() in gaz.surnames or _SURNAME_ENDING_RE.search(word) else "organization"
    if len(mention.tokens) > 3:
        return "organization"
    first, last = mention.tokens[0].bare, mention.tokens[-1].bare
    if mention.tokens[0].text.isupper() and len(mention.tokens[0].text) >= 2 and "." not in mention.tokens[0].text:
        return "organization"  # "ABN Amro", "BP Amoco": an acronym starts a company name
    if first not in gaz.first_names and last not in gaz.first_names and (last in gaz.cities or last in gaz.countries):
        return "organization"  # "Ajax Amsterdam", "Gloria Bistrita": named after a place
    if first not in gaz.first_names and (first in gaz.cities or first in gaz.countries):
        return "organization"  # "Seattle Mariners", "Boston Globe"
    if first not in gaz.first_names and last not in gaz.first_names and is_dictionary_word(mention.tokens[0].text, gaz):
        return "organization"  # "Advanced Medical", "Crystal Clear": ordinary words, not a name
    return "person"


# ---------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------


def _document_mentions(text: str) -> list[Mention]:
    gaz = gazetteer()
    tokens = tokenize(text)
    index_of = {tok.start: i for i, tok in enumerate(tokens)}
    mentions: list[Mention] = []
    for chunk in chunks(tokens, text):
        mentions.extend(chunk_mentions(chunk, tokens, index_of, text, gaz))
    mentions = _resolve_document(mentions, text, gaz)
    known = {m.surface.lower(): (m.type, m.canonical) for m in mentions if m.type is not None}
    if any(tok.caps_line for tok in tokens):
        mentions.extend(caps_line_mentions(tokens, text, gaz, known))
    if _SPORTS_HEADLINE_RE.match(text):
        _towns_are_clubs(mentions, tokens, index_of, gaz)
    mentions.sort(key=lambda m: (m.start, m.end))
    return mentions


# Sports reports start "SOCCER - ...", "CRICKET - ..." on the wires.
_SPORTS_HEADLINE_RE = re.compile(
    r"\s*(?:SOCCER|FOOTBALL|BASEBALL|BASKETBALL|CRICKET|RUGBY(?: UNION| LEAGUE)?|TENNIS|ICE HOCKEY|HOCKEY"
    r"|NFL|NBA|NHL|AMERICAN FOOTBALL|AUSTRALIAN RULES|HANDBALL|VOLLEYBALL)\b")
_PLACE_PREPOSITIONS = frozenset("in at near from to of into outside".split())


def _towns_are_clubs(mentions: list[Mention], tokens: list[Token], index_of: dict[int, int], gaz: Gazetteer) -> None:
    """In a sports report a town, county or state named on its own is its club or team
    ("Barcelona beat Ajax"), unless a preposition makes it the place ("in Barcelona"); countries
    stay places (national sides), and so do datelines."""
    for mention in mentions:
        if mention.type != "place" or mention.canonical in gaz.nations:
            continue
        first = index_of[mention.tokens[0].start]
        last = index_of[mention.tokens[-1].start]
        previous = tokens[first - 1] if first > 0 else None
        following = tokens[last + 1] if last + 1 < len(tokens) else None
        if previous is not None and previous.text.lower() in _PLACE_PREPOSITIONS:
            continue
        if following is not None and following.kind == "num" and "-" in following.text and len(following.text) == 10:
            continue  # "BARCELONA 1996-08-22"
        mention.type = "organization"  # named like the town: "Barcelona" the club


def extract_entities(text: str) -> list[Entity]:
    """Deterministic; sorted by (type, name)."""
    grouped: dict[tuple[str, str], list[Mention]] = {}
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
