"""Classification of one chunk: titles, lexicons, the gazetteer and the words around it."""

from __future__ import annotations

import re
from collections.abc import Callable

from site_builder.ingest.entities import lexicon as lex
from site_builder.ingest.entities import wire
from site_builder.ingest.entities.chunking import WEAK_CONNECTORS, and_legal_form
from site_builder.ingest.entities.known import NOT_NAMES, known_form
from site_builder.ingest.entities.mentions import STRONG, WEAK, Mention, abbreviates, new_mention, span_text
from site_builder.ingest.entities.reference import Gazetteer, gazetteer, is_dictionary_word
from site_builder.ingest.entities.tokens import Token, is_name_token


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
    """(type, canonical name) of a form every reader knows (`known.known_form`), else None."""
    alias = known_form(key)
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


_LETTER_PREFIX_RE = re.compile(r"[A-Z]-[A-Za-z]+")


def _is_role_noun(tok: Token, nxt: Token, gaz: Gazetteer) -> bool:
    """An ordinary noun before a first name: a role or the tail of a title ("Actor Rodrigo de la
    Serna", "Chancellor of the Exchequer Nigel Lawson"), not part of the name. Mid-sentence only
    a word that cannot start a place or a team's name ("New York Mets", "St. Louis Cardinals")."""
    bare = tok.bare
    if not tok.sent_start and (tok.text.endswith(".") or bare in lex.COMMON_WORDS or bare in gaz.cities):
        return False
    return (nxt.bare in gaz.first_names and bare not in gaz.first_names and bare in gaz.dictionary
            and bare not in lex.TITLES)


def _is_plural_noun(tok: Token, gaz: Gazetteer) -> bool:
    bare = tok.bare
    return (bare.endswith("s") and bare not in gaz.first_names and bare not in gaz.surnames
            and bare[:-1] in gaz.dictionary)


def _classify(chunk: list[Token], text: str, gaz: Gazetteer, person_hint: bool) -> list[Mention]:
    tokens = _strip_function_words(_trim_particles(chunk))
    if tokens and all(tok.bare in lex.LEGAL_FORMS or tok.bare in wire.TABLE_WORDS for tok in tokens):
        return []  # "Co Inc", "Avg Shrs"
    if len(tokens) >= 2 and tokens[-1].bare in lex.POST_NOMINALS and tokens[-1].text[0].isupper():
        tokens, person_hint = tokens[:-1], True  # "Andrew Tyrie MP"
    if len(tokens) >= 3 and tokens[0].sent_start and _is_plural_noun(tokens[0], gaz):
        tokens = tokens[1:]  # "Advisors Goldman Sachs are ..."
    if len(tokens) >= 3 and _is_role_noun(tokens[0], tokens[1], gaz):
        tokens = tokens[1:]  # "Actor Rodrigo de la Serna took ..."
    found: list[Mention] = []
    tokens, decided = _narrow_span(tokens, text, gaz, person_hint, found)
    if decided is not None:
        return decided
    if _is_no_name(tokens, gaz):
        return found
    return found + [_typed_mention(tokens, text, gaz, person_hint)]


def _narrow_span(tokens: list[Token], text: str, gaz: Gazetteer, person_hint: bool,
                 found: list[Mention]) -> tuple[list[Token], list[Mention] | None]:
    """Peels leading places (added to `found`), modifiers and trailing function words off
    `tokens` until a rule decides the span's mentions (the second value) or nothing more
    comes off (None: the tokens left are typed by `_typed_mention`)."""
    while tokens:
        if tokens[-1].bare in lex.EVENT_SUFFIXES:
            return tokens, found
        known = _known_name(tokens, text, gaz, person_hint)
        if known is not None:
            return tokens, found + [known]
        if tokens[-1].bare not in lex.ORG_SUFFIXES:
            # "U.S. Treasury Secretary" -> the place, then whatever follows it.
            start = _peel_countries(tokens, text, gaz, found)
            if start:
                tokens = _strip_function_words(tokens[start:])
                continue
        decided = _by_last_or_first_word(tokens, text, person_hint, found)
        if decided is not None:
            return tokens, decided
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
    return tokens, None


def _by_last_or_first_word(tokens: list[Token], text: str, person_hint: bool,
                           found: list[Mention]) -> list[Mention] | None:
    """An organisation by its suffix ("... Corp"), which drops the places peeled before it, or
    a place by its suffix or first word ("... Island", "Lake ..."); None when neither."""
    if len(tokens) < 2 or person_hint:
        return None
    if tokens[-1].bare in lex.ORG_SUFFIXES:
        return [new_mention(tokens, text, "organization", None, STRONG)]
    if tokens[-1].bare in lex.PLACE_SUFFIXES or tokens[0].bare in lex.PLACE_FIRST_WORDS:
        return found + [new_mention(tokens, text, "place", None, STRONG)]
    return None


def _is_no_name(tokens: list[Token], gaz: Gazetteer) -> bool:
    if not tokens or _names_nothing(tokens, gaz):
        return True
    if all(tok.bare in lex.COMMON_WORDS for tok in tokens):
        return True  # "New Year"
    # "A-Team", "X-Ray"
    return len(tokens) == 1 and bool(_LETTER_PREFIX_RE.fullmatch(tokens[0].text)) \
        and is_dictionary_word(tokens[0].text[2:], gaz)


def _typed_mention(tokens: list[Token], text: str, gaz: Gazetteer, person_hint: bool) -> Mention:
    """The mention of a span no rule above decided: typed by its first or last word, weak and
    untyped when nothing tells."""
    mention = new_mention(tokens, text, None, None, WEAK)
    if len(tokens) >= 2 and (tokens[0].bare in wire.FIRM_FIRST_WORDS or tokens[-1].bare in wire.FIRM_LAST_WORDS):
        mention.type, mention.strength = "organization", STRONG  # "Banque Paribas", "Airbus Industrie"
    elif person_hint:
        mention.type, mention.strength = "person", STRONG
    elif len(tokens) >= 2 and (tokens[0].bare in gaz.first_names or tokens[0].is_initial):
        mention.type, mention.strength = "person", STRONG
        mention.by_first_name = not tokens[0].is_initial
    elif len(tokens) == 1 and _is_acronym(tokens[0]):
        mention.type, mention.strength = "organization", STRONG
    return mention


def _names_nothing(tokens: list[Token], gaz: Gazetteer) -> bool:
    """Spans that are never an entity: one common word, demonym or title ("Chancellor"); legal
    forms and table abbreviations on their own ("Co Inc", "Avg", "Oper"); an amount of money
    ("H.K. Dlrs"); a demonym with a direction ("West German", "South African")."""
    bares = [tok.bare for tok in tokens]
    if " ".join(bares) in NOT_NAMES:
        return True
    if len(bares) == 1 and (bares[0] in lex.COMMON_WORDS or bares[0] in gaz.demonyms or bares[0] in lex.TITLES
                            or bares[0] in lex.TITLE_MODIFIERS or bares[0] in wire.TABLE_WORDS):
        return True
    if all(bare in lex.LEGAL_FORMS or bare in wire.TABLE_WORDS or bare == "&" for bare in bares):
        return True
    if bares[-1] in wire.CURRENCY_WORDS or len(bares) > 1 and bares[-1] in wire.MEASURE_WORDS:
        return True
    if len(bares) == 1 and tokens[0].text[:-1].isupper() and tokens[0].text.endswith("s") \
            and bares[0][:-1] in lex.COMMON_WORDS:
        return True  # "PCs", "CDs": the plural of a common abbreviation
    return bares[-1] in gaz.demonyms and all(bare in _DIRECTIONS for bare in bares[:-1])


_DIRECTIONS: frozenset[str] = frozenset(
    "north south east west northeast northwest southeast southwest".split()
)


def _followed_by_place_noun(tokens: list[Token], last: int) -> bool:
    return last + 1 < len(tokens) and tokens[last + 1].text in lex.PLACE_FOLLOWERS


def _place_context(tokens: list[Token], first: int) -> bool:
    """True for "in X", "near X", "north of X" and similar."""
    if first == 0:
        return False
    prev = tokens[first - 1]
    if prev.text in ("in", "near", "outside"):
        return True
    return prev.text == "of" and first >= 2 and tokens[first - 2].text.lower() in _DIRECTIONS


_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _followed_by_score(tokens: list[Token], last: int) -> bool:
    """True when a name is followed by a number on a line full of numbers (a results table)."""
    if last + 1 >= len(tokens) or tokens[last + 1].kind != "num":
        return False
    if _DATE_RE.fullmatch(tokens[last + 1].text):
        return False  # a dateline: "NEW YORK 1996-08-22"
    line = tokens[last].line
    numbers = 0
    for tok in tokens[last + 1 : last + 12]:
        if tok.line != line:
            break
        numbers += tok.kind == "num"
    return numbers >= 2 or (last + 2 >= len(tokens) or tokens[last + 2].line != line)


def _names_a_work(tokens: list[Token], last: int) -> bool:
    return last + 1 < len(tokens) and tokens[last + 1].text in lex.WORK_NOUNS


def _organization_cue(tokens: list[Token], first: int, last: int) -> bool:
    """ "investment bank X", "spokesman for X", "shares of X", "X are": the name is an organisation."""
    if first >= 1 and tokens[first - 1].text in lex.ORG_APPOSITIVES:
        return True
    if last + 1 < len(tokens) and tokens[last + 1].text in ("are", "were", "have") and not tokens[last].possessive:
        # A plural verb after one name: British usage for a firm or a team ("Goldman Sachs are").
        return first == 0 or tokens[first - 1].text not in ("and", "&", ",", "or", "nor")
    return first >= 2 and (tokens[first - 2].text.lower(), tokens[first - 1].text) in lex.ORG_CUE_PAIRS


def _followed_by(tokens: list[Token], last: int, words: frozenset[str]) -> bool:
    return last + 1 < len(tokens) and tokens[last + 1].text in words


def _is_score(tok: Token) -> bool:
    return tok.kind == "num" and tok.text.isdigit() and len(tok.text) <= 2


_RESULT_LINE_TOKENS = 24


def _is_result_line(tokens: list[Token], last: int) -> bool:
    """A match result, "Team 3 Other Team 2": two names, each followed by a goal count."""
    if last + 1 >= len(tokens) or not _is_score(tokens[last + 1]):
        return False
    line = tokens[last].line
    # A results line is short: looking at most _RESULT_LINE_TOKENS either way keeps a long line linear.
    begin = last
    while begin > 0 and tokens[begin - 1].line == line:
        begin -= 1
        if last - begin > _RESULT_LINE_TOKENS:
            return False
    end = last + 1
    while end < len(tokens) and tokens[end].line == line:
        end += 1
        if end - last > _RESULT_LINE_TOKENS:
            return False
    scores = sum(1 for i in range(begin + 1, end) if _is_score(tokens[i]) and tokens[i - 1].kind == "word")
    numbers = sum(1 for i in range(begin, end) if tokens[i].kind == "num")
    return scores == 2 and numbers == 2


def _split_weak_connectors(chunk: list[Token]) -> list[list[Token]]:
    """The parts between connectors; "and" before legal forms only stays in ("Merrill Lynch and Co Inc")."""
    parts: list[list[Token]] = [[]]
    for index, tok in enumerate(chunk):
        if tok.text in WEAK_CONNECTORS and not and_legal_form(chunk, index):
            parts.append([])
        else:
            parts[-1].append(tok)
    return [part for part in parts if part]


def _and_legal_form(chunk: list[Token], index: int) -> bool:
    """ "and" and legal forms that end the span: "Merrill Lynch and Co Inc"."""
    return chunk[index].text == "and" and all(tok.bare in lex.LEGAL_FORMS for tok in chunk[index + 1:])


def _joined_name_type(chunk: list[Token], text: str, gaz: Gazetteer, last_possessive: bool) -> str | None:
    """Type of a span joined by "of"/"for"/"and" when the whole span is one name."""
    key = span_text(chunk, text).lower()
    if lookup_alias(key) is not None or key in gaz.countries or key in gaz.cities:
        return "known"
    head, last = chunk[0].bare, chunk[-1].bare
    if last in lex.EVENT_SUFFIXES:
        return None
    first_connector = next(i for i, tok in enumerate(chunk) if tok.text in WEAK_CONNECTORS)
    before = chunk[:first_connector]
    if _and_legal_form(chunk, first_connector):
        return "organization"  # "Merrill Lynch and Co Inc": a firm and its legal form
    if chunk[first_connector].text == "and" and last_possessive:
        return "organization"  # "Standard and Poor's": a firm named after its founders
    if len(before) >= 2 and head in gaz.first_names and before[-1].bare not in lex.ORG_HEADS:
        return None  # "John Smith of Acme Corp." is a person and an organisation
    if last in lex.ORG_SUFFIXES or (head in lex.ORG_HEADS and chunk[1].text in ("of", "for")):
        return "organization"
    if chunk[first_connector].text in ("of", "for") and chunk[first_connector - 1].bare in lex.ORG_SUFFIXES:
        return "organization"  # "Patriotic Union of X", "News Agency of X"
    if head in lex.PLACE_HEADS and chunk[1].text == "of":
        return "place"
    return None


def _is_ticker(chunk: list[Token], text: str) -> bool:
    """A stock symbol in angle brackets, as wires write them: "Unilever PLC <UL>", "<ATLC.MN>"."""
    start = chunk[0].start
    opening = text.rfind("<", max(0, start - 12), start + 1)
    if len(chunk) != 1 or not chunk[0].text.isupper() or opening < 0:
        return False
    closing = text.find(">", start)
    return closing >= 0 and wire.TICKER.fullmatch(text, opening + 1, closing) is not None


def _is_sign_off(chunk: list[Token], tokens: list[Token], index_of: dict[int, int]) -> bool:
    """The agency's name alone at the end of a story or a line ("... said. REUTER")."""
    if len(chunk) != 1 or chunk[0].bare not in wire.SIGN_OFFS:
        return False
    where = index_of[chunk[0].start]
    after = tokens[where + 1] if where + 1 < len(tokens) else None
    before = tokens[where - 1] if where else None
    while after is not None and after.kind == "punct" and after.line == chunk[0].line:
        where += 1
        after = tokens[where + 1] if where + 1 < len(tokens) else None
    ends_line = after is None or after.line != chunk[0].line
    starts_sentence = before is None or before.line != chunk[0].line or before.text in ".!?\"'”"
    return ends_line and starts_sentence


def _state_abbreviation(chunk: list[Token], tokens: list[Token], index_of: dict[int, int], text: str) -> str | None:
    """The state a US state abbreviation after a town names ("Peoria, Ill."), else None."""
    if len(chunk) != 1:
        return None
    tok = chunk[0]
    state = wire.US_STATE_ABBREVIATIONS.get(tok.text.lower()) or wire.US_STATE_ABBREVIATIONS.get(tok.bare)
    if state is None or not tok.text[0].isupper():
        return None
    where = index_of[tok.start]
    after_comma = where > 0 and tokens[where - 1].text == ","
    dotted = tok.text.endswith(".") or text[tok.end : tok.end + 1] == "."
    return state if after_comma and dotted else None


# Words after a possessive that show it is no firm's name: "Moody's said", "at Moody's.".
_VERBS_AFTER_FIRM = frozenset(
    """said says say cut cuts raised raises lowered lowers downgraded downgrades upgraded upgrades
    affirmed affirms rated rates placed places put puts reported reports has had is was will would
    also expects expected estimated estimates""".split())


def _ends_in_firm_possessive(chunk: list[Token], tokens: list[Token], index_of: dict[int, int]) -> bool:
    """True when the chunk ends in a possessive that no noun follows: a firm named with "'s"
    ("Moody's said", "Standard and Poor's", "rated by Moody's.")."""
    last = chunk[-1]
    if not last.possessive or last.bare in wire.SIGN_OFFS:
        return False
    if any(tok.text in ("&", "and") for tok in chunk):
        return True  # "Standard & Poor's", "Marks and Spencer's": partners joined, then "'s"
    where = index_of[last.start]
    after = tokens[where + 1] if where + 1 < len(tokens) else None
    return after is None or after.text in _VERBS_AFTER_FIRM or after.text in ",.;:)" or after.line != last.line


def _names_a_place(chunk: list[Token], text: str, gaz: Gazetteer) -> bool:
    key = span_text(chunk, text).lower()
    known = lookup_alias(key)
    return (known is not None and known[0] == "place") or key in gaz.countries or key in gaz.cities


def _firm_possessive(chunk: list[Token], text: str) -> Mention:
    """A firm's name with its "'s" ("Moody's"), which the tokenizer took off."""
    mention = new_mention(chunk, text, "organization", None, STRONG)
    mention.end += 2
    mention.surface = mention.canonical = text[mention.start : mention.end]
    return mention


_PARENTHESISED_ACRONYM_RE = re.compile(r" \(([A-Z][A-Z.&]{1,9})\)")


def _followed_by_own_acronym(chunk: list[Token], text: str) -> bool:
    match = _PARENTHESISED_ACRONYM_RE.match(text, chunk[-1].end)
    return match is not None and abbreviates(match.group(1), span_text(chunk, text))


def chunk_mentions(
    chunk: list[Token], tokens: list[Token], index_of: dict[int, int], text: str, gaz: Gazetteer
) -> list[Mention]:
    chunk = _strip_function_words(chunk)
    if not chunk or _is_ticker(chunk, text) or _is_sign_off(chunk, tokens, index_of):
        return []
    state = _state_abbreviation(chunk, tokens, index_of, text)
    if state is not None:
        return [new_mention(chunk, text, "place", state, STRONG)]
    if _ends_in_firm_possessive(chunk, tokens, index_of) and not _names_a_place(chunk, text, gaz):
        return [_firm_possessive(chunk, text)]
    if len(chunk) >= 3 and chunk[1].text == "of" and _is_plural_noun(chunk[0], gaz):
        chunk = chunk[2:]  # "Shares of Merrill Lynch and Co Inc rose"
    if any(tok.text in WEAK_CONNECTORS for tok in chunk):
        connected = _weakly_connected_mentions(chunk, tokens, index_of, text, gaz)
        if connected is not None:
            return connected
    before, after, titled = _split_at_title(chunk)
    mentions: list[Mention] = []
    if before:
        mentions.extend(_classify(before, text, gaz, person_hint=False))
    if after:
        mentions.extend(_classify(after, text, gaz, person_hint=titled))
    for mention in mentions:
        apply_context(mention, tokens, index_of)
    return mentions


def _weakly_connected_mentions(chunk: list[Token], tokens: list[Token], index_of: dict[int, int], text: str,
                               gaz: Gazetteer) -> list[Mention] | None:
    """The mentions of a chunk holding "and", "of" or the like: one name when the whole is one,
    else those of each part; None for a known name, which is read as any other chunk."""
    joined = _joined_name_type(chunk, text, gaz, _ends_in_firm_possessive(chunk, tokens, index_of))
    if joined is None and _followed_by_own_acronym(chunk, text):
        joined = "organization"  # "Liberation Tigers of Tamil Eelam (LTTE)"
    if joined is None:
        found: list[Mention] = []
        for part in _split_weak_connectors(chunk):
            found.extend(chunk_mentions(part, tokens, index_of, text, gaz))
        return found
    if joined != "known":
        return [new_mention(chunk, text, joined, None, STRONG)]
    return None


def apply_context(mention: Mention, tokens: list[Token], index_of: dict[int, int]) -> None:
    first = index_of[mention.tokens[0].start]
    last = index_of[mention.tokens[-1].start]
    # National sides keep the country as a place; a state or city in a results table is a club.
    is_country = mention.type == "place" and mention.canonical in gazetteer().nations
    plain_word = mention.type is None and mention.sent_start and len(mention.tokens) == 1
    if plain_word and is_dictionary_word(mention.surface, gazetteer()):
        return  # "Halftime 1-0", "Attendance 25,000"
    if _names_a_work(tokens, last) and mention.strength != STRONG or (
        _names_a_work(tokens, last) and mention.by_first_name
    ):
        mention.type, mention.dropped = None, True  # "the Achtung Baby album"
    elif mention.type is None and _followed_by_place_noun(tokens, last):
        mention.type = "place"  # "Stansted airport", "Andhra Pradesh state"
    elif (mention.type is None or mention.by_first_name) and (
            _organization_cue(tokens, first, last) or _followed_by(tokens, last, wire.FIRM_FOLLOWERS)):
        mention.type, mention.strength, mention.by_first_name = "organization", STRONG, False
    elif mention.by_first_name and _is_result_line(tokens, last):
        # "Fortuna Sittard 1 Willem II Tilburg 0": a club, though it starts like a first name.
        mention.type, mention.canonical, mention.by_first_name = "organization", mention.surface, False
    elif mention.type != "person" and not is_country and _followed_by_score(tokens, last):
        # Clubs are named after their towns; national sides keep the country as a place.
        # Weak, so a cricketer in a scorecard ("Croft 12") still links to "R. Croft".
        mention.type, mention.strength, mention.canonical = "organization", WEAK, mention.surface
    elif mention.type is None and _place_context(tokens, first):
        mention.type = "place"
