"""The archive: an index of months, then each month's list with its calendar, each day's
list, and the undated articles' list."""

from __future__ import annotations

import calendar
import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from site_builder.core.digests import digest
from site_builder.core.layout import ARCHIVE, INDEX
from site_builder.core.model import Article, OutputPage
from site_builder.pages.group import PageGroup
from site_builder.pages.lists import PagedList, list_groups
from site_builder.pages.site_pages import SitePages
from site_builder.pages.views import ArchiveMonth, CalendarDay, CalendarMonth

Months = dict[tuple[int, int], list[Article]]


def months_of(articles: Sequence[Article]) -> tuple[Months, list[Article]]:
    """The dated articles by (year, month), newest month first, and the undated ones."""
    months: Months = defaultdict(list)
    undated: list[Article] = []
    for article in articles:
        if article.date is None:
            undated.append(article)
        else:
            months[(article.date.year, article.date.month)].append(article)
    return dict(sorted(months.items(), reverse=True)), undated


def archive_groups(site: SitePages, _paths: Sequence[str] = ()) -> Iterator[PageGroup]:
    months, undated = months_of(site.articles)
    yield PageGroup("archive", lambda: digest(repr([(m, len(a)) for m, a in months.items()]), str(len(undated))),
                    functools.partial(archive_index, site, months, undated))
    for (year, month), articles in months.items():
        days = days_of(articles)
        yield from list_groups(site, PagedList(f"archive:{year}-{month:02d}", f"{ARCHIVE}/{year}/{month:02d}/",
                                               "list.html", site.words.month(f"{year}-{month:02d}"), articles,
                                               shared=functools.partial(repr, {d: len(a) for d, a in days.items()}),
                                               context=functools.partial(month_context, year, month, days)))
        for day, day_articles in days.items():
            yield from list_groups(site, PagedList(f"archive:{day.isoformat()}", day_url(day), "list.html",
                                                   site.words.date(day.isoformat()), day_articles,
                                                   context=lambda: {"kind": "archive"}))
    if undated:
        yield from list_groups(site, PagedList("archive:undated", f"{ARCHIVE}/undated/", "list.html",
                                               site.words("undated_title"), undated,
                                               context=lambda: {"kind": "archive"}))


def day_url(day: dt.date) -> str:
    """The folder of a day's page: archive/2020/01/05/."""
    return f"{ARCHIVE}/{day.year}/{day.month:02d}/{day.day:02d}/"


def days_of(articles: Sequence[Article]) -> dict[dt.date, list[Article]]:
    """The articles of a month by day, newest day first, each day in the month's order."""
    days: dict[dt.date, list[Article]] = defaultdict(list)
    for article in articles:
        if article.date is not None:  # a date, or a datetime: its day
            days[dt.date(article.date.year, article.date.month, article.date.day)].append(article)
    return dict(sorted(days.items(), reverse=True))


def calendar_of(year: int, month: int, days: Mapping[dt.date, Sequence[Article]]) -> CalendarMonth:
    """The month's weeks, Monday first, each day linked to its page when it has stories."""
    def cell(day: int) -> CalendarDay | None:
        if day == 0:
            return None
        date = dt.date(year, month, day)
        found = days.get(date, ())
        return CalendarDay(day, date.isoformat(), f"{day_url(date)}{INDEX}" if found else None, len(found))

    weeks = calendar.Calendar(calendar.MONDAY).monthdayscalendar(year, month)
    return CalendarMonth(f"{year}-{month:02d}", tuple(f"2001-01-{d:02d}" for d in range(1, 8)),
                         tuple(cell(day) for week in weeks for day in week))


def month_context(year: int, month: int, days: Mapping[dt.date, Sequence[Article]]) -> dict[str, Any]:
    return {"kind": "archive", "calendar": calendar_of(year, month, days)}


def archive_index(site: SitePages, months: Mapping[tuple[int, int], Sequence[Article]],
                  undated: Sequence[Article]) -> list[OutputPage]:
    entries = [ArchiveMonth(site.words.month(f"{y}-{m:02d}"), y, f"{y}-{m:02d}", f"{ARCHIVE}/{y}/{m:02d}/{INDEX}",
                            len(items)) for (y, m), items in months.items()]
    if undated:
        entries.append(ArchiveMonth(site.words("undated"), None, None, f"{ARCHIVE}/undated/{INDEX}", len(undated)))
    return [site.page(f"{ARCHIVE}/{INDEX}", "archive.html", site.words("archive"), months=tuple(entries))]
