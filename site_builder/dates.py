"""Reading the dates that sources write, and showing them to readers."""

from __future__ import annotations

import datetime as dt
import email.utils

_FORMATS = ("%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y", "%Y/%m/%d", "%d.%m.%Y")


def parse_date(value: object) -> dt.date | dt.datetime | None:
    """A date or datetime from ISO 8601, "January 3, 2020", "3 Jan 2020" or an
    RFC 2822 stamp; None when the value is not one of those."""
    if isinstance(value, dt.datetime | dt.date):
        return value
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text or len(text) > 64:
        return None
    try:
        if len(text) == 10:
            return dt.date.fromisoformat(text)
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        pass
    for fmt in _FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    try:
        return email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None


def sort_key(value: dt.date | dt.datetime | None) -> tuple[int, str]:
    """Orders dated articles newest first by ISO string; undated last."""
    if value is None:
        return (1, "")
    return (0, iso(value))


def iso(value: dt.date | dt.datetime) -> str:
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            return value.isoformat(timespec="seconds")
        return value.astimezone(dt.timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")
    return value.isoformat()


def human(value: dt.date | dt.datetime | None) -> str:
    if value is None:
        return "Undated"
    day = value.date() if isinstance(value, dt.datetime) else value
    return f"{day.day} {day.strftime('%B')} {day.year}"
