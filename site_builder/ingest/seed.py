"""Parse a raw seed article (plain text as wires deliver it) into a `Seed`.

A seed is blocks separated by blank lines: an optional block of `Key: value`
metadata lines, the section name, the headline, the summary, an optional
sub-headline, an optional photo caption ending in "(Name/Agency)", then body
paragraphs.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from site_builder.content.dates import DateError, read_date
from site_builder.core.errors import LocatedError
from site_builder.core.model import Ticker
from site_builder.core.wording import plural
from site_builder.core.xmlchars import strip_forbidden


class SeedError(LocatedError):
    """A seed that cannot become an article; the message says why (and where)."""


@dataclass(frozen=True)
class Seed:
    section: str
    title: str
    summary: str = ""
    subheadline: str = ""
    caption: str = ""
    credit: str = ""
    paragraphs: tuple[str, ...] = ()
    date: dt.date | dt.datetime | None = None
    author: str = ""
    tags: tuple[str, ...] = ()
    slug: str = ""
    source_url: str = ""
    tickers: tuple[Ticker, ...] = ()  # taken out of wire copy at ingest (wire.py)
    raw_title: str = ""  # the headline as sent, when ingest changed it


METADATA_KEYS = {"date", "author", "tags", "section", "slug", "source url"}
_METADATA_LINE = re.compile(r"([A-Za-z][A-Za-z ]{0,20}?)[ \t]*:[ \t]*(.*)")
# "(Name/Agency)" at the very end of a caption; no nested parentheses, bounded so
# a long caption cannot make the match backtrack.
_CREDIT = re.compile(r"\(([^()\n/]{1,200}(?:/[^()\n/]{1,200}){1,3})\)\Z")
_SENTENCE_END = (".", "!", "?", "…", '"', "”", "’", "'", ":")
MAX_SUBHEADLINE = 200
MAX_SECTION = 60

# Control characters other than tab and newline carry no meaning in an article.
_CONTROL = {c: None for c in range(32) if c not in (9, 10)}
_CONTROL.update({0x7F: None})
_CONTROL.update(dict.fromkeys(range(0x80, 0xA0)))
_SPACES = {0x00A0: " ", 0x2007: " ", 0x202F: " ", 0x09: " ", 0xFEFF: None,
           0x2028: "\n", 0x2029: "\n\n"}


def decode_seed(data: bytes) -> str:
    """Bytes as delivered → text. UTF-8 (with or without BOM), UTF-16 with a BOM,
    or Windows-1252; anything else is refused with a reason."""
    if data.startswith(b"\x89PNG") or data.startswith(b"\xff\xd8\xff") or data.startswith(b"GIF8") \
            or data.startswith(b"%PDF") or data.startswith(b"PK\x03\x04"):
        raise SeedError("this is a binary file (an image, PDF or archive), not a text seed")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise SeedError(f"it starts with a UTF-16 byte order mark but is not valid UTF-16 ({exc.reason})") from None
    if b"\x00" in data:
        raise SeedError("it contains NUL bytes, so it is binary data, not a text seed")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as utf8_error:
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            line = data[: utf8_error.start].count(b"\n") + 1
            raise SeedError("the text is neither UTF-8 nor Windows-1252; save it as UTF-8", line) from None


def normalise_text(text: str) -> str:
    """Line endings, odd spaces and control characters made uniform; NFC."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = strip_forbidden(text.translate(_SPACES).translate(_CONTROL))  # U+FFFE, U+FFFF too
    text = unicodedata.normalize("NFC", text)
    return "\n".join(line.rstrip() for line in text.split("\n"))


def _blocks(text: str) -> list[tuple[int, list[str]]]:
    """Blank-line separated blocks as (first line number, stripped lines)."""
    blocks: list[tuple[int, list[str]]] = []
    current: list[str] = []
    start = 0
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
        if stripped:
            if not current:
                start = number
            current.append(stripped)
        elif current:
            blocks.append((start, current))
            current = []
    if current:
        blocks.append((start, current))
    return blocks


def _join(lines: list[str]) -> str:
    # Wires hard-wrap paragraphs; a block is one paragraph.
    return re.sub(r"[ ]{2,}", " ", " ".join(lines))


def _metadata(start: int, lines: list[str]) -> dict[str, tuple[int, str]] | None:
    """The block as metadata if every line is a known `Key: value`, else None."""
    found: dict[str, tuple[int, str]] = {}
    for offset, line in enumerate(lines):
        match = _METADATA_LINE.fullmatch(line)
        if not match or match.group(1).strip().lower() not in METADATA_KEYS:
            return None
        found[match.group(1).strip().lower()] = (start + offset, match.group(2).strip())
    return found


def _refuse_unended_metadata(start: int, lines: list[str]) -> None:
    """A block that opens with `Key: value` lines and goes on with other text is
    metadata missing the blank line that ends it: say so, at the line that needs it."""
    known = 0
    for line in lines:
        match = _METADATA_LINE.fullmatch(line)
        if not match or match.group(1).strip().lower() not in METADATA_KEYS:
            break
        known += 1
    if known:
        raise SeedError("the metadata lines (`Key: value`) must be followed by a blank line; "
                        "add an empty line before this one", start + known)


def _credit(text: str) -> re.Match[str] | None:
    # Only the tail can hold a credit; searching all of a huge paragraph would be quadratic.
    tail_start = max(0, len(text) - 1000)
    return _CREDIT.search(text, tail_start)


def split_credit(caption: str) -> tuple[str, str]:
    """A caption and its photo credit: "Troops in Basra. (Jane Doe/Agency)" → ("Troops in
    Basra.", "Jane Doe/Agency"); a text that ends in no credit → (text, ""). The one rule
    for a credit: ingest keeps the two apart, and entity extraction reads the caption only."""
    match = _credit(caption)
    if match is None:
        return caption, ""
    return caption[: match.start()].rstrip(), match.group(1).strip()


def _is_subheadline(lines: list[str]) -> bool:
    text = _join(lines)
    return len(lines) == 1 and len(text) <= MAX_SUBHEADLINE and not text.endswith(_SENTENCE_END) \
        and not _credit(text) and reads_like_a_headline(text)


# What a sub-headline is not, in wire copy: a figures line ("Net 2,656,000 vs 1,712,000"),
# a label ("Payable May one", "----", "CURRENT WEEK YEAR"), a date or dateline
# ("Saturday, 26 February", "LONDON, March 3 -"), or a sentence cut off mid-way.
_WORD_TOKEN = re.compile(r"[\"'“‘(]*[^\W\d_][^\W_]*(?:['’.&/-][^\W_]+)*\.?[\"'”’),;!?]*")
_CALENDAR = {m.lower() for m in (
    "January February March April May June July August September October November December "
    "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec "
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday Mon Tue Tues Wed Thu Thur Thurs Fri Sat Sun").split()}
_NUMBER_WORDS = set("one two three four five six seven eight nine ten eleven twelve first second third".split())
_FIGURE_WORDS = _NUMBER_WORDS | set("nil zero mln billion pct cts ct cent cents dlrs dlr".split())
_DATELINE = re.compile(r"[A-Z][A-Z .'&-]+(?:,\s|\s[-–—]\s)")
MAX_SUBHEADLINE_WORDS = 20
_LEFT_OPEN = (",", ";", "-", "–", "—", "(", "/", "&", "+")
_CUT_OFF_WORDS = set("a an the and or but of to in on at for with by from as that which who were was is are "
                     "be been will would its their his her than said".split())


def reads_like_a_headline(text: str) -> bool:
    """A short line reads like a headline: three or more words, nearly all of them words
    (not figures), in sentence or title case, neither a date, a dateline nor a label,
    and not cut off mid-sentence."""
    tokens = text.split()
    words = [t for t in tokens if _WORD_TOKEN.fullmatch(t)]
    if len(words) < 3 or len(words) < 0.8 * len(tokens) or len(tokens) > MAX_SUBHEADLINE_WORDS:
        return False  # a label, a figures line, only punctuation; or a paragraph
    plain = [t.strip("\"'“”‘’(),;.!?").lower() for t in tokens]
    figures = sum(w in _FIGURE_WORDS or any(c.isdigit() for c in w) for w in plain)
    if sum(c.isdigit() for c in text) > 8 or (figures and ("vs" in plain or figures * 3 > len(plain))):
        return False  # "Shr loss three cts vs loss nine cts", "Dividend nil (no comparison)"
    letters = [c for c in text if c.isalpha()]
    if sum(c.isupper() for c in letters) > 0.6 * len(letters):
        return False  # a table heading or a shouted label
    if not (text[0].isupper() or text[0].isdigit() or not text[0].isalpha()):
        return False  # the rest of a sentence
    if text.endswith(_LEFT_OPEN) or tokens[-1].lower() in _CUT_OFF_WORDS:
        return False
    if _DATELINE.match(text):
        return False
    if any(w in _CALENDAR for w in plain):
        rest = [w for w in plain if w not in _CALENDAR and w not in _NUMBER_WORDS and not w.isdigit() and w]
        if len(rest) <= 1:
            return False  # "Saturday, 26 February", "Payable May one"
    return True


def _split_tags(value: str) -> tuple[str, ...]:
    tags = [t.strip() for t in re.split(r"[,;]", value)]
    return tuple(dict.fromkeys(t for t in tags if t))


Block = tuple[int, list[str]]  # first line number, stripped lines
Metadata = dict[str, tuple[int, str]]  # key -> (line, value)


def parse_seed(text: str) -> Seed:
    """Text of one seed → `Seed`, or `SeedError` naming the line at fault."""
    blocks = _blocks(normalise_text(text))
    if not blocks:
        raise SeedError("the file is empty or holds only whitespace")
    meta, blocks = _take_metadata(blocks)
    section, blocks = _take_section(blocks, meta.get("section", (0, ""))[1])
    if not blocks:
        raise SeedError("there is no headline: a seed needs a section line, then the headline")
    summary, subheadline, caption, credit, rest = _take_standfirst(blocks[1:])
    return Seed(
        section=section,
        title=_join(blocks[0][1]),
        summary=summary,
        subheadline=subheadline,
        caption=caption,
        credit=credit,
        paragraphs=tuple(_join(lines) for _, lines in rest),
        date=_date(meta),
        author=meta.get("author", (0, ""))[1],
        tags=_split_tags(meta.get("tags", (0, ""))[1]),
        slug=meta.get("slug", (0, ""))[1],
        source_url=meta.get("source url", (0, ""))[1],
    )


def _take_metadata(blocks: list[Block]) -> tuple[Metadata, list[Block]]:
    """The `Key: value` block that may open a seed, and the blocks after it."""
    meta = _metadata(*blocks[0])
    if meta is None:
        _refuse_unended_metadata(*blocks[0])
        return {}, blocks
    return meta, blocks[1:]


def _take_section(blocks: list[Block], meta_section: str) -> tuple[str, list[Block]]:
    """The section (the metadata's wins), and the blocks after the section line; with a
    Section in the metadata the line is there only if the first block repeats it."""
    if not blocks or (meta_section and not _looks_like_section(blocks[0][1], meta_section)):
        return meta_section, blocks
    section_line, section_lines = blocks[0]
    section = _join(section_lines)
    if len(section_lines) > 1 or len(section) > MAX_SECTION:
        raise SeedError(
            "the first block should be the section name on one short line "
            f"(found {plural(len(section), 'character')} on {plural(len(section_lines), 'line')})", section_line)
    return meta_section or section, blocks[1:]


def _take_standfirst(rest: list[Block]) -> tuple[str, str, str, str, list[Block]]:
    """What follows the headline before the body: summary, sub-headline (a short line
    that reads like one, with more after it), caption and its credit (a block ending in
    one, with more after it); and the body's blocks."""
    summary = _join(rest[0][1]) if rest else ""
    rest = rest[1:]
    subheadline = ""
    if rest and _is_subheadline(rest[0][1]) and len(rest) > 1:
        subheadline = _join(rest[0][1])
        rest = rest[1:]
    caption, credit = split_credit(_join(rest[0][1])) if len(rest) > 1 else ("", "")
    if credit:
        rest = rest[1:]
    else:
        caption = ""  # a block that ends in no credit is a paragraph, not a caption
    return summary, subheadline, caption, credit, rest


def _date(meta: Metadata) -> dt.date | dt.datetime | None:
    if "date" not in meta:
        return None
    line, value = meta["date"]
    try:
        return read_date(value)
    except DateError as exc:
        raise SeedError(f"the Date value {exc}", line) from None


def _looks_like_section(lines: list[str], meta_section: str) -> bool:
    """With a Section in the metadata, the section line is optional: it is there
    only if the first block repeats it."""
    return _join(lines).casefold() == meta_section.casefold()
