"""ALL-CAPS lines (headlines, datelines): capitalisation says nothing there, so runs are matched
against names known from the prose and the gazetteer."""

from __future__ import annotations

from site_builder.ingest.entities import lexicon as lex
from site_builder.ingest.entities.classify import apply_context, lookup_alias
from site_builder.ingest.entities.mentions import STRONG, Mention, new_mention, span_text
from site_builder.ingest.entities.reference import Gazetteer
from site_builder.ingest.entities.tokens import Token, adjacent

_MAX_CAPS_NGRAM = 4


def caps_line_mentions(
    tokens: list[Token], text: str, gaz: Gazetteer, known: dict[str, tuple[str, str]]
) -> list[Mention]:
    """Greedy longest match of capitalised runs against known names and the gazetteer."""
    mentions: list[Mention] = []
    runs: list[list[Token]] = []
    current: list[Token] = []
    for tok in tokens:
        if tok.caps_line and tok.kind in ("word", "abbr") and tok.text[0].isupper():
            if current and not adjacent(current[-1], tok, text):
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
        apply_context(mention, tokens, index_of)
    return mentions


def _is_dateline(tokens: list[Token], index_of: dict[int, int], part: list[Token]) -> bool:
    """"CITY 1996-08-22" at the start of a line: a dateline names a place."""
    first = index_of[part[0].start]
    last = index_of[part[-1].start]
    starts_line = first == 0 or tokens[first - 1].line != part[0].line
    nxt = tokens[last + 1] if last + 1 < len(tokens) else None
    return starts_line and nxt is not None and nxt.kind == "num" and nxt.line == part[0].line and "-" in nxt.text


def _match_run(
    run: list[Token],
    text: str,
    gaz: Gazetteer,
    known: dict[str, tuple[str, str]],
    tokens: list[Token],
    index_of: dict[int, int],
) -> list[Mention]:
    found: list[Mention] = []
    index = 0
    while index < len(run):
        for size in range(min(_MAX_CAPS_NGRAM, len(run) - index), 0, -1):
            part = run[index : index + size]
            key = span_text(part, text).lower()
            if size == 1 and key in lex.COMMON_WORDS:
                continue
            hit = known.get(key) or lookup_alias(key)
            if hit is None and (key in gaz.countries or key in gaz.major_cities):
                hit = ("place", gaz.countries.get(key) or gaz.cities[key])
            if hit is None and _is_dateline(tokens, index_of, part):
                hit = ("place", span_text(part, text).title())
            following = run[index + size] if index + size < len(run) else None
            if following is not None and following.bare in lex.EVENT_SUFFIXES:
                hit = None  # "U.S. OPEN" names a tournament
            if hit is not None:
                found.append(new_mention(part, text, hit[0], hit[1], STRONG))
                index += size
                break
        else:
            index += 1
    return found
