"""Tokens: a linear regular expression, then marks for sentence starts, possessives and ALL-CAPS
lines (headlines, datelines)."""

from __future__ import annotations

import re
from dataclasses import dataclass

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
class Token:
    start: int
    end: int
    text: str
    kind: str  # "abbr", "word", "num" or "punct"
    line: int
    sent_start: bool = False
    caps_line: bool = False
    possessive: bool = False
    # Lower-case text without a trailing dot, for lexicon look-ups: set once the text is final
    # (see `bare_text`), as every rule reads it many times.
    bare: str = ""

    @property
    def is_initial(self) -> bool:
        return len(self.text) == 2 and self.text[0].isupper() and self.text[1] == "."


def tokenize(text: str) -> list[Token]:
    tokens: list[Token] = []
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
        tokens.append(Token(start, end, word, kind, line))
    _attach_abbreviation_dots(tokens, text)
    tokens = [tok for tok in tokens if tok.kind != "merged"]
    _split_possessives(tokens)
    _mark_modifiers(tokens, text)
    _mark_sentence_starts(tokens)
    _mark_caps_lines(tokens)
    for tok in tokens:
        tok.bare = bare_text(tok.text)
    return tokens


def bare_text(text: str) -> str:
    """Lower-case text without a trailing dot; an initial ("A.") stays as it is, never the article "a"."""
    if len(text) == 2 and text[0].isupper() and text[1] == ".":
        return text
    return text.rstrip(".").lower()


def _attach_abbreviation_dots(tokens: list[Token], text: str) -> None:
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


def _split_possessives(tokens: list[Token]) -> None:
    for tok in tokens:
        if tok.kind == "word" and len(tok.text) > 2 and tok.text[-2:] in ("'s", "’s"):
            tok.text = tok.text[:-2]
            tok.end -= 2
            tok.possessive = True


def _mark_modifiers(tokens: list[Token], text: str) -> None:
    # "U.S.-led" is an adjective, not a mention of the place.
    for tok in tokens:
        if tok.kind == "abbr" and text[tok.end : tok.end + 1] == "-":
            tok.kind = "modifier"


def _mark_sentence_starts(tokens: list[Token]) -> None:
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


def _mark_caps_lines(tokens: list[Token]) -> None:
    # Headlines and datelines are written in capitals; there capitalisation says nothing.
    by_line: dict[int, list[Token]] = {}
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


def is_name_token(tok: Token) -> bool:
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


def adjacent(left: Token, right: Token, text: str) -> bool:
    gap = text[left.end : right.start]
    return left.line == right.line and (gap == "" or gap.isspace()) and len(gap) <= 2
