"""The archive: an index of months, then each month's list (and the undated articles')."""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence

from site_builder.core.digests import digest
from site_builder.core.layout import ARCHIVE, INDEX
from site_builder.core.model import Article, OutputPage
from site_builder.pages.group import PageGroup
from site_builder.pages.lists import PagedList, list_groups
from site_builder.pages.site_pages import SitePages
from site_builder.pages.views import ArchiveMonth

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
        yield from list_groups(site, PagedList(f"archive:{year}-{month:02d}", f"{ARCHIVE}/{year}/{month:02d}/",
                                               "list.html", f"{dt.date(year, month, 1):%B} {year}", articles,
                                               context=lambda: {"kind": "archive"}))
    if undated:
        yield from list_groups(site, PagedList("archive:undated", f"{ARCHIVE}/undated/", "list.html",
                                               "Undated articles", undated, context=lambda: {"kind": "archive"}))


def archive_index(site: SitePages, months: Mapping[tuple[int, int], Sequence[Article]],
                  undated: Sequence[Article]) -> list[OutputPage]:
    entries = [ArchiveMonth(f"{dt.date(y, m, 1):%B} {y}", y, f"{y}-{m:02d}", f"{ARCHIVE}/{y}/{m:02d}/{INDEX}",
                            len(items)) for (y, m), items in months.items()]
    if undated:
        entries.append(ArchiveMonth("Undated", None, None, f"{ARCHIVE}/undated/{INDEX}", len(undated)))
    return [site.page(f"{ARCHIVE}/{INDEX}", "archive.html", "Archive", months=tuple(entries))]
