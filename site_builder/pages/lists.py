"""A paginated list of articles, one page group per page: the home page, a section,
a tag or an entity, a month of the archive."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from site_builder.core.digests import digest
from site_builder.core.model import Article, OutputPage
from site_builder.pages.group import PageGroup
from site_builder.pages.site_pages import SitePages
from site_builder.pages.views import DateJump, PageLinks, Pagination, page_path


@dataclass(frozen=True)
class PagedList:
    """A list of articles: `base` ("" for the home page, "world/" for a section) is page 1,
    then base + "page/N/" (views.page_path). `context()` gives what every page of the
    list shows besides its items, and `shared()` a digest of what that is made from;
    with `lead`, page 1 draws its first story large (`lead_first`)."""

    name: str  # its groups are named "<name>:<page number>"
    base: str
    template: str
    title: str
    articles: Sequence[Article]
    shared: Callable[[], str] = str
    context: Callable[[], dict[str, Any]] = dict
    lead: bool = False


@dataclass(frozen=True)
class ListPage:
    """Page `number` of `total` of a list, showing `chunk`."""

    of: PagedList
    number: int
    total: int
    chunk: Sequence[Article]
    years: tuple[DateJump, ...] = ()


def list_groups(site: SitePages, paged: PagedList) -> Iterator[PageGroup]:
    """One group per page of the list."""
    size = site.config.page_size
    total = max(1, -(-len(paged.articles) // size))
    years = date_jumps(paged, size) if total > 1 else ()
    for number in range(1, total + 1):
        page = ListPage(paged, number, total, paged.articles[(number - 1) * size:number * size], years)
        yield PageGroup(f"{paged.name}:{number}", functools.partial(page_inputs, site, page),
                        functools.partial(list_page, site, page))


def date_jumps(paged: PagedList, size: int) -> tuple[DateJump, ...]:
    """Each year of a list, with the page its first story in the list's order is on: a way
    to a date without paging through every page before it. None for a list of one year."""
    first_page: dict[int, int] = {}
    for position, article in enumerate(paged.articles):
        if article.date is not None:
            first_page.setdefault(article.date.year, position // size + 1)
    if len(first_page) < 2:
        return ()
    return tuple(DateJump(year, page_path(paged.base, number)) for year, number in first_page.items())


def page_inputs(site: SitePages, page: ListPage) -> str:
    return digest(page.of.shared(), page.of.title, str(page.number), str(page.total), repr(page.years),
                  *map(site.item, page.chunk))


def list_page(site: SitePages, page: ListPage) -> list[OutputPage]:
    paged, number, total = page.of, page.number, page.total
    base = paged.base
    pagination = Pagination(
        current=number, total=total,
        prev=page_path(base, number - 1) if number > 1 else None,
        next=page_path(base, number + 1) if number < total else None,
        pages=PageLinks(base, total),
        years=page.years,
    )
    title = paged.title if number == 1 else site.words("list_page_title", title=paged.title, number=number,
                                                      total=total)
    return [site.page(page_path(base, number), paged.template, title, items=tuple(map(site.teaser, page.chunk)),
                      pagination=pagination, heading=paged.title, lead_first=paged.lead and number == 1,
                      **paged.context())]
