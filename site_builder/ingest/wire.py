"""Wire copy made readable at ingest, with nothing lost.

Reuters copy comes raw: headlines in capitals, stock symbols in angle brackets inside
the text ("NORD RESOURCES CORP <NRD> 4TH QTR NET"), private companies in angle brackets
("<BIRDSBORO CORP>"), and a sign-off ending the story ("... the slump. REUTER"). Here:

- a symbol (`<NRD>`) leaves the text for the `tickers` list, tied to the company name
  written just before it when there is one;
- a bracketed company name keeps its text and loses its brackets;
- the sign-off at the very end of the last paragraph is dropped;
- a headline in capitals becomes sentence case. Which words are names is read from the
  article's own body, which wires write in mixed case: a word or a run of words the body
  spells capitalised (not merely at the start of a sentence) keeps that spelling; so does
  a word the body writes in capitals (an acronym: "EC", "U.S."). A headline with any
  lower-case letter is left as it is.

The raw headline is kept (`raw_title`) whenever it changes. All of it is linear in the
length of the text.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import replace

from site_builder.core.model import Ticker
from site_builder.ingest.entities import lexicon as lex
from site_builder.ingest.entities.lexicon import LEGAL_FORMS
from site_builder.ingest.entities.reference import gazetteer, is_dictionary_word
from site_builder.ingest.entities.wire import TICKER
from site_builder.ingest.seed import Seed

# Bump when the rules below change, so the next ingest refreshes the pages nobody edited.
WIRE_VERSION = "2"


# Inside angle brackets, as Reuters marks companies: up to 80 characters starting with a
# capital or a digit, either a stock symbol (`TICKER`) or a company's name.
_MARK = re.compile(r"<([A-Z0-9][^<>\n]{0,79})>")
# The sign-off: "REUTER" (any case, "Reuters" in capitals) ending the last paragraph, on its
# own or after a space, with the teleprinter's leftovers ("...", "^M", a desk code "11:43/VB").
# "Reuter"/"Reuters" in mixed case counts only after a sentence's end: "... told Reuters." stays.
_SIGN_OFF = re.compile(
    r"(?:(?:^|(?<=\s))(?:REUTERS?|reuter)|(?:^|(?<=[.!?\"”')]\s))Reuters?)"
    r"(?:\.\.\.|\^M|\d{1,2}:\d{2}/[A-Z]{1,4}|\s[A-Z]\b)*\s*\Z")
# A word: letters and digits, joined by an apostrophe, a dot, "&" or a hyphen ("U.S", "AT&T",
# "Brown-Forman", "Reagan's"); a final dot stays outside, where it may end a sentence.
_WORD = re.compile(r"[^\W_]+(?:['’.&-][^\W_]+)*")
_POSSESSIVE = re.compile(r"['’][sS]\Z")
_SENTENCE_END = ".!?:;"
MAX_PHRASE = 5  # words in a name matched as one run ("Merrill Lynch and Co")
MAX_COMPANY_WORDS = 8
_NAME_JOINERS = frozenset({"and", "of", "&", "de", "du", "la", "van", "von", "der", "des"})

# Acronyms a headline may use without its body spelling them out. The body's own
# spelling wins; this is only the fallback ("GNP" in a headline over "gross national product").
KNOWN_ACRONYMS = frozenset(word.rstrip(".") for word in
    """U.S. U.K. U.N. E.U. EC EEC OPEC GNP GDP IMF GATT OECD NATO USDA CCC SEC FDA EPA FCC ICO ECU
    NYSE AMEX NASDAQ IBM AT&T GM GE ITT RJR CBS NBC ABC RCA UAL TWA AMR BP ICI USSR UAE FOB CIF""".split())


def in_capitals(text: str) -> bool:
    """A line set in capitals: letters, and no lower-case one among them."""
    return any(c.isalpha() for c in text) and not any(c.islower() for c in text)


def _mostly_capitals(text: str) -> bool:
    """A table run into a paragraph ("IMPORTS ALLOCATIONS ARGENTINA nil 39,130"): more than
    half its words of letters in capitals. Its capitals are headings and names, not acronyms."""
    words: list[str] = [word for word in _WORD.findall(text) if any(c.isalpha() for c in word)]
    return sum(word.isupper() for word in words) * 2 > len(words)


def drop_sign_off(text: str) -> str:
    """`text` without the wire's sign-off at its very end."""
    match = _SIGN_OFF.search(text, max(0, len(text) - 40))
    return text[: match.start()].rstrip() if match else text


def _is_symbol(inside: str) -> bool:
    return TICKER.fullmatch(inside) is not None


def _company_before(text: str, end: int) -> str:
    """The company name written just before `end`: a run of capitalised words (with joiners
    such as "and", "of"), without a possessive "'s" or leading function words."""
    words = re.split(r"[ /]", text[max(0, end - 200): end].rstrip().rstrip(","))
    run: list[str] = []
    for word in reversed(words):
        bare = _POSSESSIVE.sub("", word) if not run else word
        capitalised = all(part[:1].isupper() or part[:1].isdigit() for part in bare.split("-"))
        if not bare or not (capitalised or bare.lower() in _NAME_JOINERS):
            break
        if any(c in bare for c in "/()\"<>;:") or (run and bare.endswith(",")):
            break
        run.insert(0, bare)
        if len(run) >= MAX_COMPANY_WORDS:
            break
    while run and (run[0].lower() in _NAME_JOINERS or run[0].lower() in lex.FUNCTION_WORDS):
        run.pop(0)
    while run and run[-1].lower() in _NAME_JOINERS:
        run.pop()
    return " ".join(run)


def take_marks(text: str, found: dict[str, Ticker]) -> str:
    """`text` with its symbols taken out (added to `found`, tied to the company before
    them) and the brackets around company names dropped."""
    if "<" not in text:
        return text
    out: list[str] = []
    at = 0
    for match in _MARK.finditer(text):
        inside = match.group(1)
        before = text[at: match.start()]
        if _is_symbol(inside):
            company = _company_before(text, match.start())
            known = found.get(inside)
            # The first mention names the company, unless a later one spells it in mixed case.
            if known is None or (company and (not known.company or (in_capitals(known.company)
                                                                    and not in_capitals(company)))):
                found[inside] = Ticker(inside, company)
            out.append(before.rstrip(" ") if before.strip() else before)
            after = text[match.end(): match.end() + 1]
            if after and after.isalnum() and out and out[-1] and not out[-1][-1].isspace():
                out.append(" ")  # "INTERGROUP<NII> TO" keeps its words apart
        else:
            out.append(before + inside)
        at = match.end()
    out.append(text[at:])
    return re.sub(r"[ ]{2,}", " ", "".join(out)).strip()


class Evidence:
    """How an article's mixed-case text spells its words: the spellings of capitalised
    words not at a sentence's start, runs of capitalised words (names: "Nord Resources
    Corp"), the words it writes in lower case, and those it writes in capitals."""

    def __init__(self, texts: Iterable[str]) -> None:
        self.spellings: dict[str, Counter[str]] = defaultdict(Counter)  # word key -> capitalised spellings
        self.lower: set[str] = set()
        self.capitals: set[str] = set()
        self.phrases: dict[tuple[str, ...], tuple[str, ...]] = {}  # run of word keys -> its first spelling
        self.in_names: dict[str, str] = {}  # word key -> its first spelling inside a run of capitalised words
        for text in texts:
            if not in_capitals(text):  # a table heading in capitals says nothing of names
                self._read(text, capitals=not _mostly_capitals(text))

    def _read(self, text: str, capitals: bool = True) -> None:
        """Reads the spellings of `text`; `capitals`: whether a word in capitals there is an
        acronym (not in a table row, whose column heads are capitals too)."""
        run: list[str] = []  # capitalised words in a row, the first marked when it starts a sentence
        previous_end = -1
        for match in _WORD.finditer(text):
            word = _POSSESSIVE.sub("", match.group(0))
            gap = text[max(previous_end, 0): match.start()]
            first = previous_end < 0 or any(c in _SENTENCE_END for c in gap) or gap.strip() in ("-", "--", "—")
            previous_end = match.end()
            key = _key(word)
            if capitals and word.isupper() and sum(c.isalpha() for c in word) > 1:
                self.capitals.add(key)
            if word[0].isupper():
                if first or not run or gap != " ":
                    self._add_run(run)
                    run = []
                run.append(("\0" if first else "") + word)
            elif run and gap == " " and word in _NAME_JOINERS:
                run.append(word)  # "Bank of England"
            else:
                self._add_run(run)
                run = []
                if word.islower():
                    self.lower.add(key)
        self._add_run(run)

    def _add_run(self, run: list[str]) -> None:
        if run and run[0].startswith("\0"):
            # At a sentence's start a capital says nothing; a run of two or more may still be a name.
            first = run[0][1:]
            run = [first, *run[1:]] if len(run) > 1 and first.lower() not in lex.COMMON_WORDS else run[1:]
        while run and run[0] in _NAME_JOINERS:
            run = run[1:]
        while run and run[-1] in _NAME_JOINERS:
            run = run[:-1]
        keys = [_key(word) for word in run]
        for key, word in zip(keys, run, strict=True):
            if not word.isupper() and word[:1].isupper():
                self.in_names.setdefault(key, word)
        # A single word is a name where it stands alone, ends a name ("Nord", "Reagan" of "President
        # Reagan") or starts one with a word no common one ("BankAmerica" of "BankAmerica Corp");
        # inside one ("Tin" of "International Tin Council") it says little.
        edges = {len(run) - 1} | ({0} if run and run[0].lower() not in lex.COMMON_WORDS else set())
        for at in sorted(edges):
            word = run[at] if run else ""
            if word and not word.isupper() and word[0].isupper() and word.lower() not in lex.FUNCTION_WORDS:
                self.spellings[keys[at]][word] += 1
        for start in range(len(run)):
            for end in range(start + 2, min(len(run), start + MAX_PHRASE) + 1):
                self.phrases.setdefault(tuple(keys[start:end]), tuple(run[start:end]))

    def word(self, key: str) -> str | None:
        """The body's spelling of a word as a name, or None when the body writes it in lower case."""
        if key in self.lower or key not in self.spellings:
            return None
        return self.spellings[key].most_common(1)[0][0]


def _key(word: str) -> str:
    return _POSSESSIVE.sub("", word).casefold()


MAX_ACRONYM = 4
# The wire's own abbreviations: words, not acronyms ("4TH QTR NET", "10 MLN DLRS").
_WIRE_WORDS = frozenset("""qtr qtrs mln bln dlr dlrs stg cts ct avg oper shr shrs yr yrs mth mths wk wks vs
    pct ups cos intl natl""".split())
_MONTHS = frozenset("january february march april june july august september october november december".split())
_MONTHS_SHORT = frozenset("jan feb mar apr may jun jul aug sep sept oct nov dec".split())
_WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())


def _place(key: str) -> str | None:
    """A place or people the gazetteer knows under exactly this name ("canada", "new south
    wales", "canadian"), as it spells it."""
    gaz = gazetteer()
    for table in (gaz.countries, gaz.cities):
        canonical = table.get(key)
        if canonical is not None and canonical.casefold() == key and (table is gaz.countries
                                                                      or key in gaz.major_cities):
            return canonical
    return key.title() if key in gaz.demonyms else None


def _name_word(word: str) -> str:
    """A word of a company's name with no other evidence: "NORD" → "Nord"; a short one is an
    acronym ("TWA", "CCX"), unless it is a legal form ("Co", "Inc")."""
    letters = [c for c in word.lower() if c.isalpha()]
    if word.casefold() not in LEGAL_FORMS and (len(letters) <= 3 or not set(letters) & set("aeiouy")):
        return word
    return word[:1] + word[1:].lower()


def _case_word(word: str, evidence: Evidence, following: str = "") -> str:
    """One word of a headline in capitals, as the article's body would write it; then as an
    acronym, a date or a place; else in lower case."""
    suffix = ""
    possessive = _POSSESSIVE.search(word)
    if possessive:
        word, suffix = word[: possessive.start()], possessive.group(0).lower()
    key = word.casefold()
    spelled = evidence.word(key)
    if spelled is not None:
        return spelled + suffix
    if key in evidence.capitals or word in KNOWN_ACRONYMS or re.fullmatch(r"(?:[A-Z]\.)+[A-Z]", word):
        return word + suffix  # "EC", "U.S", "N.Z"
    if key in _WEEKDAYS or (key in _MONTHS and key != "may") or \
            (key in _MONTHS_SHORT and following[:1].isdigit()):
        return word.title() + suffix  # "Feb 28", "March sales"; "may" only before a day
    if "-" in word:  # a name the body spells whole ("Hewlett-Packard"), else part by part
        whole = evidence.in_names.get(key)
        return (whole or "-".join(_case_word(part, evidence) for part in word.split("-"))) + suffix
    place = _place(key)
    if place is not None:
        return place + suffix
    if 2 <= len(word) <= MAX_ACRONYM and word.isalpha() and key not in evidence.lower and \
            key not in _WIRE_WORDS and key not in LEGAL_FORMS and not is_dictionary_word(key, gazetteer()):
        return word + suffix  # a short word no dictionary knows is an acronym: "NWA", "FNMA"
    return word.lower() + suffix


def _legal_form(word: str) -> str:
    """A legal form as wires write it after a name: "Inc", "Corp", "Plc"; "AG", "NV" in capitals."""
    return word.upper() if len(word.rstrip(".")) <= 2 and word.casefold() not in ("co", "co.") else word.title()


def _phrase(keys: tuple[str, ...], evidence: Evidence) -> tuple[str, ...] | None:
    """How the body (then the gazetteer) spells a run of words as one name, or None."""
    spelled = evidence.phrases.get(keys)
    if spelled is None:
        place = _place(" ".join(keys))
        spelled = tuple(place.split(" ")) if place is not None and len(place.split(" ")) == len(keys) else None
    return spelled


def sentence_case(headline: str, evidence: Evidence, capitalise_first: bool = True) -> str:
    """A headline in capitals in sentence case; any other headline as it is."""
    if not in_capitals(headline):
        return headline
    matches = list(_WORD.finditer(headline))
    words = [m.group(0) for m in matches]
    cased: list[str | None] = [None] * len(words)
    index = 0
    while index < len(words):  # runs of words spelled as one name, longest first
        for size in range(min(MAX_PHRASE, len(words) - index), 1, -1):
            span = matches[index: index + size]
            if any(headline[a.end(): b.start()] != " " for a, b in zip(span, span[1:], strict=False)):
                continue
            spelled = _phrase(tuple(_key(w) for w in words[index: index + size]), evidence)
            if spelled is not None:
                for offset, spelling in enumerate(spelled):
                    tail = _POSSESSIVE.search(words[index + offset])
                    cased[index + offset] = _POSSESSIVE.sub("", spelling) + (tail.group(0).lower() if tail else "")
                index += size
                break
        else:
            index += 1
    out: list[str] = []
    at = 0
    for number, match in enumerate(matches):
        following = words[number + 1] if number + 1 < len(words) else ""
        word = cased[number] or _case_word(match.group(0), evidence, following)
        if out and word.casefold() in LEGAL_FORMS and out[-1][-1:].isalpha() and \
                out[-1].rsplit(" ", 1)[-1][:1].isupper():
            word = _legal_form(word)  # ends the company name before it: "NWA Inc"
        if number == 0 and capitalise_first and word[:1].islower():
            word = word[0].upper() + word[1:]
        out.append(headline[at: match.start()] + word)
        at = match.end()
    out.append(headline[at:])
    return "".join(out)


def _headline_names(title: str, evidence: Evidence) -> None:
    """Company names a headline in capitals marks itself: in angle brackets, or just before
    a symbol (the last few words not written in lower case in the body). The body's own
    spelling of a name stays first."""
    if not in_capitals(title):
        return
    names: list[list[str]] = []
    for match in _MARK.finditer(title):
        if _is_symbol(match.group(1)):
            words = _company_before(title, match.start()).split(" ")
            kept: list[str] = []
            for word in reversed(words[-MAX_PHRASE:]):
                if not word or _key(word) in evidence.lower:
                    break
                kept.insert(0, word)
            names.append(kept)
        else:
            names.append(match.group(1).split(" "))
    for name in names:
        words = [w for w in name if _WORD.fullmatch(_POSSESSIVE.sub("", w))]
        if not words or len(words) != len(name):
            continue
        keys = tuple(_key(w) for w in words)
        spelled = [evidence.word(k) or evidence.in_names.get(k) or
                   (w if k in evidence.capitals else _name_word(_POSSESSIVE.sub("", w)))
                   for k, w in zip(keys, words, strict=True)]
        if len(keys) > 1:
            evidence.phrases.setdefault(keys, tuple(spelled))
        else:
            evidence.spellings.setdefault(keys[0], Counter({spelled[0]: 1}))


def readable(seed: Seed) -> Seed:
    """The seed with its wire marks handled (see the module's docstring); a seed without
    any comes back as it is. Applying it twice changes nothing more."""
    tickers: dict[str, Ticker] = {ticker.symbol: ticker for ticker in seed.tickers}
    paragraphs = list(seed.paragraphs)
    last_raw = paragraphs[-1] if paragraphs else seed.summary
    title = take_marks(seed.title, tickers)
    texts = {key: take_marks(getattr(seed, key), tickers) for key in ("summary", "subheadline", "caption")}
    paragraphs = [take_marks(p, tickers) for p in paragraphs]
    if paragraphs:
        paragraphs[-1] = drop_sign_off(paragraphs[-1])
        if not paragraphs[-1]:
            paragraphs.pop()  # "REUTER" on a line of its own
    if not paragraphs or seed.summary == last_raw:  # the summary is the last text, or repeats it
        texts["summary"] = drop_sign_off(texts["summary"])
    symbols = list(tickers.values())
    if in_capitals(title) or any(in_capitals(t.company) for t in symbols):  # else no need of the evidence
        evidence = Evidence([*texts.values(), *paragraphs])
        _headline_names(seed.title, evidence)
        title = sentence_case(title, evidence)
        symbols = [Ticker(t.symbol, _cased_company(t.company, evidence)) for t in symbols]
    raw_title = seed.raw_title or (seed.title if title != seed.title else "")
    return replace(seed, title=title or seed.title, paragraphs=tuple(paragraphs), tickers=tuple(symbols),
                   raw_title=raw_title, summary=texts["summary"], subheadline=texts["subheadline"],
                   caption=texts["caption"])


def _cased_company(name: str, evidence: Evidence) -> str:
    """A company name as the body spells it. One taken from a headline in capitals keeps
    only the words that end it and that the body shows to be a name; else it is none."""
    if not in_capitals(name):
        return name
    keep: list[str] = []
    for word in reversed(sentence_case(name, evidence, capitalise_first=False).split(" ")):
        if not (word[:1].isupper() or word[:1].isdigit() or (keep and word in _NAME_JOINERS)):
            break
        keep.insert(0, word)
    while keep and keep[0] in _NAME_JOINERS:
        keep.pop(0)
    return " ".join(keep)
