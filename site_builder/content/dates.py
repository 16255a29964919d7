"""Reading the dates that sources write, and showing them to readers.

One rule for every reader of a date (seeds, front matter): `read_date` accepts only
dates that can be shown and converted to UTC, so no later stage (sorting, the
archive, the feed) can fail on one.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re

from site_builder.core.errors import SiteBuilderError

_FORMATS = ("%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y", "%Y/%m/%d", "%d.%m.%Y")
_ISO_LIKE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}")
_RFC_2822_YEAR = re.compile(r"\b\d{1,2}\s+[A-Za-z]{3}\s+(\d{4})\b")
HOW_TO_WRITE = "write it as YYYY-MM-DD"


class DateError(SiteBuilderError, ValueError):
    """A value that is not a date the site can use; the message says why."""


def read_date(value: object) -> dt.date | dt.datetime:
    """A date or datetime from ISO 8601, "January 3, 2020", "3 Jan 2020" or an
    RFC 2822 stamp (or an already constructed date), or DateError saying why not."""
    if isinstance(value, dt.datetime | dt.date):
        return _usable(value, value.isoformat())
    if not isinstance(value, str):
        raise DateError(f"{_quoted(value)} is not a date; {HOW_TO_WRITE}")
    text = value.strip()
    if not text or len(text) > 64:
        raise DateError(f"{_quoted(value)} is not a date; {HOW_TO_WRITE}")
    iso_problem = ""
    try:
        if len(text) == 10:
            return dt.date.fromisoformat(text)
        return _usable(dt.datetime.fromisoformat(text.replace("Z", "+00:00")), text)
    except ValueError as exc:
        if _ISO_LIKE.match(text):
            iso_problem = f" ({exc})"
    for fmt in _FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    try:
        stamp = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        raise DateError(f"{_quoted(text)} is not a date{iso_problem}; {HOW_TO_WRITE}") from None
    year = _RFC_2822_YEAR.search(text)
    if year and int(year.group(1)) != stamp.year:  # the email parser reads "0001" as 2001
        try:
            stamp = stamp.replace(year=int(year.group(1)))
        except ValueError as exc:
            raise DateError(f"{_quoted(text)} is not a date ({exc}); {HOW_TO_WRITE}") from None
    return _usable(stamp, text)


def _usable(value: dt.date | dt.datetime, text: str) -> dt.date | dt.datetime:
    # A time with an offset must have a UTC equivalent inside years 1-9999: the feed
    # and the sort order convert it ("9999-12-31T23:00:00-05:00" has none).
    if isinstance(value, dt.datetime) and value.utcoffset() is not None:
        try:
            value.astimezone(dt.UTC)
        except OverflowError:
            raise DateError(f"{_quoted(text)} falls outside the years 1 to 9999 once converted to UTC; "
                            f"{HOW_TO_WRITE}") from None
    return value


def _quoted(value: object) -> str:
    return repr(str(value)[:40])


def sort_key(value: dt.date | dt.datetime | None) -> tuple[int, str]:
    """Orders dated articles newest first by ISO string; undated last."""
    if value is None:
        return (1, "")
    return (0, iso(value))


def iso(value: dt.date | dt.datetime) -> str:
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            return value.isoformat(timespec="seconds")
        return value.astimezone(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    return value.isoformat()


def human(value: dt.date | dt.datetime | None) -> str:
    if value is None:
        return "Undated"
    day = value.date() if isinstance(value, dt.datetime) else value
    return f"{day.day} {day.strftime('%B')} {day.year}"
