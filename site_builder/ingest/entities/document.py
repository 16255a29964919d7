"""Document-level resolution: confident types spread to repeats, surnames link to full names,
left-over spans get a default type; then mentions are grouped into entities."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from site_builder.ingest.entities import lexicon as lex
from site_builder.ingest.entities.chunking import chunks, join_comma_firms
from site_builder.ingest.entities.classify import chunk_mentions
from site_builder.ingest.entities.headlines import caps_line_mentions
from site_builder.ingest.entities.mentions import STRONG, Mention, abbreviates
from site_builder.ingest.entities.reference import Gazetteer, gazetteer, is_dictionary_word
from site_builder.ingest.entities.tokens import Token, tokenize

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
    Corp"), and a firm's name without its legal form ("merrill lynch" for "Merrill Lynch and Co
    Inc"), when unambiguous."""
    candidates: dict[str, set[str]] = {}
    for mention in mentions:
        if mention.type != "organization" or len(mention.tokens) < 2:
            continue
        if mention.tokens[-1].bare in lex.ORG_SUFFIXES:
            first = mention.tokens[0]
            if first.kind == "word" and first.bare not in lex.COMMON_WORDS:
                candidates.setdefault(first.bare, set()).add(mention.canonical)
        end = len(mention.tokens)
        while end > 1 and (mention.tokens[end - 1].bare in lex.LEGAL_FORMS or mention.tokens[end - 1].text in "&and,"):
            end -= 1
        if 1 < end < len(mention.tokens):
            base = " ".join(tok.text for tok in mention.tokens[:end] if tok.kind != "punct").lower()
            candidates.setdefault(base, set()).add(mention.canonical)
    return {key: min(names) for key, names in candidates.items() if len(names) == 1}


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
    # Sports reports name teams by plain words ("Orioles"): there the older, looser rule holds.
    sports = _SPORTS_HEADLINE_RE.match(text) is not None
    mid_sentence = {m.surface.lower() for m in mentions if not m.sent_start} if sports else None
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
        elif (single and mention.strength != STRONG or not single and mention.type in (None, "person")
              and (mention.strength != STRONG or mention.by_first_name)) and key in short_forms:
            mention.type, mention.canonical = "organization", short_forms[key]  # "Merrill Lynch" of "... and Co"
        if mention.type == "place" and mention.strength != STRONG and single and _town_without_evidence(
                mention, text, gaz, lower_text_words):
            mention.type = None
        if mention.type is None and not mention.dropped:
            mention.type = _default_type(mention, gaz, lower_text_words, text, mid_sentence)
        if mention.type is not None:
            resolved.append(mention)
    return resolved


_PLACE_CUE_RE = re.compile(r"(?:\b(?:in|at|near|from|outside|of)|,)\s*$")


def _town_without_evidence(mention: Mention, text: str, gaz: Gazetteer, lower_text_words: set[str]) -> bool:
    """A town named like a common word ("Sale", "Bank", "Reading") is the town only with place
    evidence: "in Sale", "Sale, Cheshire". A big city keeps its name ("Nice", "Mobile") unless
    the text also writes the word in lower case."""
    key = mention.surface.lower()
    if not is_dictionary_word(key, gaz):
        return False
    if key in lower_text_words:
        return True
    if key in gaz.major_cities:
        return False
    return not _PLACE_CUE_RE.search(text, max(0, mention.start - 12), mention.start) \
        and not text.startswith(",", mention.end)


# Endings that mark a surname in many languages ("Medvedev", "Kowalski", "Petrenko", "Popescu").
_SURNAME_ENDING_RE = re.compile(
    r"(?:ov|ova|ev|eva|in|ina|sky|ski|ska|enko|escu|vic|vich|wicz|dze|shvili|ian|yan|oglu)$")


# "Fowler said he ...": a pronoun in the same sentence, a few words on, makes a word a person.
_PRONOUN_FOLLOWS_RE = re.compile(r"[^.!?\n]{0,40}?\b(?:he|she|his|her)\b")


def _default_type(mention: Mention, gaz: Gazetteer, lower_text_words: set[str], text: str,
                  mid_sentence: set[str] | None) -> str | None:
    """Type for a capitalised span no rule recognised; None drops it."""
    word = mention.surface
    if len(mention.tokens) > 1 and word.isupper():
        return None  # a capitalised heading ("PRESS DIGEST") that no gazetteer knows
    if len(mention.tokens) == 1:
        if word.lower() in lower_text_words:
            return None  # the same word appears uncapitalised: an ordinary word
        if mid_sentence is not None:
            # Team nicknames are plain words ("Orioles"); a word only ever capitalised at a
            # sentence start is a table's heading ("Scorers").
            if mention.sent_start and word.lower() not in mid_sentence and is_dictionary_word(word, gaz):
                return None
        elif is_dictionary_word(word, gaz) and word.lower() not in gaz.major_cities:
            # "House", "Class", "Chapter": a common word is a name only with evidence: a title or
            # a full name it shortens (the rules before this one), or "he"/"she" after it.
            return "person" if not mention.sent_start and _PRONOUN_FOLLOWS_RE.match(text, mention.end) else None
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
    for chunk in join_comma_firms(chunks(tokens, text), text):
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
