"""A mention: a classified (or still unresolved) span of one document."""

from __future__ import annotations

from dataclasses import dataclass, field

from .tokens import Token


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
