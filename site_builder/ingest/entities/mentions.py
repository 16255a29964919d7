"""A mention: a classified (or still unresolved) span of one document."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from site_builder.ingest.entities.tokens import Token

STRONG = 2
WEAK = 1


@dataclass
class Mention:
    start: int
    end: int
    surface: str
    type: str | None  # None: unresolved until the document pass
    canonical: str
    strength: int
    tokens: list[Token] = field(default_factory=list)
    sent_start: bool = False
    by_first_name: bool = False  # a person only because the span starts with a first name
    dropped: bool = False  # the context shows it is no entity (a film, an album)


def span_text(tokens: list[Token], text: str) -> str:
    return text[tokens[0].start : tokens[-1].end]


def new_mention(tokens: list[Token], text: str, etype: str | None, canonical: str | None, strength: int) -> Mention:
    surface = span_text(tokens, text)
    return Mention(
        tokens[0].start,
        tokens[-1].end,
        surface,
        etype,
        canonical or surface,
        strength,
        tokens,
        tokens[0].sent_start,
    )


_ACRONYM_SKIPPED_WORDS = frozenset({"of", "the", "and", "for", "&", "de", "du", "des", "la", "le", "on", "in"})


def initials(name: str) -> tuple[str, str]:
    """The acronyms a name may have, without and with its small words: "ECB" for "European
    Central Bank", "OPEC" for "Organisation of Petroleum Exporting Countries"; a dotted
    abbreviation gives all its letters ("USDA", "U.S. Department of Agriculture")."""
    words = [w for w in re.split(r"[\s\-]+", name) if w]

    def letters(word: str) -> str:
        return word.replace(".", "") if word.count(".") >= 2 else word[0]

    strict = "".join(letters(w) for w in words if w.lower() not in _ACRONYM_SKIPPED_WORDS).upper()
    every = "".join(letters(w) for w in words).upper()
    return strict, every


def abbreviates(acronym: str, name: str) -> bool:
    """True when `acronym` is made of the initials of `name` (see `initials`), small words optional."""
    return acronym.replace(".", "") in initials(name)
