"""Chunking: maximal runs of capitalised tokens, joined by name particles and connectors."""

from __future__ import annotations

from .. import _lexicon as lex
from .tokens import Token, adjacent, is_name_token

# Lower-case words that may join two capitalised parts of one name; spans joined by the
# weaker ones are split again unless the whole span turns out to be an organisation or place.
_STRONG_CONNECTORS = frozenset(lex.NAME_PARTICLES | {"&"})
WEAK_CONNECTORS = frozenset({"of", "for", "and", "on", "in"})


def _connector_allowed(connector: Token) -> bool:
    return connector.text in _STRONG_CONNECTORS or connector.text in WEAK_CONNECTORS


def chunks(tokens: list[Token], text: str) -> list[list[Token]]:
    """Maximal runs of capitalised tokens on mixed-case lines."""
    chunks: list[list[Token]] = []
    index = 0
    count = len(tokens)
    while index < count:
        tok = tokens[index]
        if tok.caps_line or not is_name_token(tok):
            index += 1
            continue
        chunk = [tok]
        index += 1
        while index < count and not chunk[-1].possessive:
            nxt = tokens[index]
            if is_name_token(nxt) and adjacent(chunk[-1], nxt, text) and not nxt.sent_start:
                chunk.append(nxt)
                index += 1
                continue
            after = tokens[index + 1] if index + 1 < count else None
            if (
                after is not None
                and not nxt.possessive
                and adjacent(chunk[-1], nxt, text)
                and adjacent(nxt, after, text)
                and is_name_token(after)
                and _connector_allowed(nxt)
            ):
                chunk.extend((nxt, after))
                index += 2
                continue
            break
        chunks.append(chunk)
    return chunks
