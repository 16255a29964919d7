"""A term's coverage over time: its articles per month, as the bars of a small chart on its
page, each bar linking to a page of the term's stories of that month (made only for months
that have some, so the chart needs no script and no page is empty)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence

from site_builder.core.layout import INDEX
from site_builder.core.model import Article
from site_builder.pages.views import TimelineBar

BAR_HEIGHT = 40  # the tallest bar, in the chart's units


def term_months(articles: Sequence[Article]) -> dict[tuple[int, int], list[Article]]:
    """The dated articles by (year, month), oldest month first, each in the list's order."""
    months: dict[tuple[int, int], list[Article]] = {}
    for article in articles:
        if article.date is not None:
            months.setdefault((article.date.year, article.date.month), []).append(article)
    return dict(sorted(months.items()))


def month_folder(base: str, year: int, month: int) -> str:
    """A term's month page folder: people/ada-lovelace/2020/01/."""
    return f"{base}{year}/{month:02d}/"


def _every_month(first: tuple[int, int], last: tuple[int, int]) -> Iterator[tuple[int, int]]:
    year, month = first
    while (year, month) <= last:
        yield year, month
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def timeline(base: str, months: Mapping[tuple[int, int], Sequence[Article]],
             month_name: Callable[[str], str]) -> tuple[TimelineBar, ...]:
    """A bar for every month from the term's first to its last, empty months included (as
    gaps, without a link), heights in proportion to the month's articles; `month_name`
    names a month ("1987-03") in the site's language."""
    if not months:
        return ()
    most = max(len(items) for items in months.values())
    bars = []
    for year, month in _every_month(min(months), max(months)):
        count = len(months.get((year, month), ()))
        url = f"{month_folder(base, year, month)}{INDEX}" if count else None
        label = month_name(f"{year}-{month:02d}")
        bars.append(TimelineBar(label, f"{year}-{month:02d}", url, count, -(-count * BAR_HEIGHT // most)))
    return tuple(bars)
