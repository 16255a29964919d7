"""Chunking: maximal runs of capitalised tokens, joined by name particles and connectors."""

from __future__ import annotations

from site_builder.ingest.entities import lexicon as lex
from site_builder.ingest.entities.tokens import Token, adjacent, is_name_token
from site_builder.ingest.entities.wire import FIRM_TAIL_WORDS

# Lower-case words that may join two capitalised parts of one name; spans joined by the
# weaker ones are split again unless the whole span turns out to be an organisation or place.
_STRONG_CONNECTORS = frozenset(lex.NAME_PARTICLES | {"&", "do"})  # "do": "Banco do Brasil"
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
        while index < count and (not chunk[-1].possessive or _firm_tail(tokens, index, text)):
            nxt = tokens[index]
            if is_name_token(nxt) and (chunk[-1].possessive or adjacent(chunk[-1], nxt, text)) and not nxt.sent_start:
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


def join_comma_firms(found: list[list[Token]], text: str) -> list[list[Token]]:
    """Old wire style writes a firm's partners with commas: "Goldman, Sachs and Co", "Smith
    Barney, Harris Upham and Co". A short chunk followed by ", " and a chunk ending in "and"
    plus legal forms is one name."""
    joined: list[list[Token]] = []
    for chunk in found:
        previous = joined[-1] if joined else None
        if (previous is not None and len(previous) <= 3 and text[previous[-1].end : chunk[0].start] == ", "
                and _ends_in_and_legal_form(chunk) and not previous[0].caps_line):
            comma = Token(previous[-1].end, previous[-1].end + 1, ",", "punct", previous[-1].line, bare=",")
            joined[-1] = [*previous, comma, *chunk]
        else:
            joined.append(chunk)
    return joined


def _ends_in_and_legal_form(chunk: list[Token]) -> bool:
    """True when "and"/"&" in the chunk is followed by legal forms only, up to the chunk's end
    or its next connector ("Sachs and Co", "Sachs and Co on Tuesday")."""
    return any(tok.text in ("and", "&") and and_legal_form(chunk, index) for index, tok in enumerate(chunk))


def and_legal_form(chunk: list[Token], index: int) -> bool:
    """True when chunk[index] is "and"/"&" followed by one or more legal forms, then the end of
    the chunk or another connector: the "and Co Inc" of a firm's name."""
    end = index + 1
    while end < len(chunk) and chunk[end].bare in lex.LEGAL_FORMS:
        end += 1
    return chunk[index].text in ("and", "&") and end > index + 1 and (
        end == len(chunk) or chunk[end].text in WEAK_CONNECTORS)


def _firm_tail(tokens: list[Token], index: int, text: str) -> bool:
    """True when the words from `index` on finish a firm's name after its possessive ("Moody's
    Investors Service Inc", "Standard and Poor's Corp"): capitalised firm words to the end of
    the run."""
    possessive = tokens[index - 1]
    gap = text[possessive.end + 2 : tokens[index].start] if index < len(tokens) else "-"
    if possessive.line != tokens[index].line or not gap.isspace() or len(gap) > 2:
        return False
    end = index
    while end < len(tokens) and is_name_token(tokens[end]) and (
            end == index or adjacent(tokens[end - 1], tokens[end], text)):
        if tokens[end].bare not in FIRM_TAIL_WORDS or tokens[end].possessive:
            return False
        end += 1
    return end > index
