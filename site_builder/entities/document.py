"""Document-level resolution: confident types spread to repeats, surnames link to full names,
left-over spans get a default type; then mentions are grouped into entities."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from .chunking import chunks
from .classify import chunk_mentions
from .headlines import caps_line_mentions
from .mentions import Mention, STRONG
from .reference import Gazetteer, gazetteer, is_dictionary_word
from .tokens import tokenize


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


def _capitalised_mid_sentence(mentions: list[Mention]) -> set[str]:
    return {m.surface.lower() for m in mentions if not m.sent_start}


def _resolve_document(mentions: list[Mention], text: str, gaz: Gazetteer) -> list[Mention]:
    strong: dict[str, tuple[str, str]] = {}
    for mention in mentions:
        if mention.type is not None and mention.strength == STRONG:
            strong.setdefault(mention.surface.lower(), (mention.type, mention.canonical))
    surnames = _person_surnames(mentions)
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
        if mention.type is None:
            mention.type = _default_type(mention, gaz, mid_sentence, lower_text_words)
        if mention.type is not None:
            resolved.append(mention)
    return resolved


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
        return "person" if word.lower() in gaz.surnames else "organization"
    return "person" if len(mention.tokens) <= 3 else "organization"


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
    mentions.sort(key=lambda m: (m.start, m.end))
    return mentions


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
