"""What templates receive: small frozen dataclasses, built by the page families (pages/).

Each class is one shape a template reads (`{{ item.title }}`, `{{ item["title"] }}`);
docs/themes.md documents every field and tests/pages/test_views.py holds the two together.
URLs are relative to the site root and name a file; templates prefix `root`.
Sequences are tuples, so views can be shared between pages and never change.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import overload

from site_builder.content.images import ImageView as ImageView  # one of the views; made where pictures are found
from site_builder.content.markup import MarkdownHtml
from site_builder.core.layout import INDEX, PAGES


@dataclass(frozen=True)
class Link:
    """A page of the site by name: a section, or a tag or entity (whose `url` is None when
    it has no page, fewer than `entity_min_articles` articles: shown as text)."""

    name: str
    url: str | None


@dataclass(frozen=True)
class Taxonomy:
    """An index of one kind in `site.taxonomies`."""

    kind: str  # a key of model.KINDS
    label: str  # the plural: "People"
    url: str


@dataclass(frozen=True)
class SiteData:
    """`site`: what every page shows of the site as a whole."""

    title: str
    description: str
    language: str
    base_url: str
    sections: tuple[Link, ...]
    taxonomies: tuple[Taxonomy, ...]
    pagefind: bool
    share_image: ImageView | None = None


@dataclass(frozen=True)
class Teaser:
    """An article as lists show it."""

    title: str
    url: str
    summary: str
    section: Link
    date: str | None  # ISO 8601
    date_human: str
    tags: tuple[Link, ...]
    entities: Mapping[str, tuple[Link, ...]]  # kind -> names, most salient first
    chips: tuple[Link, ...]  # the names a teaser shows (pages.TEASER_NAMES)


@dataclass(frozen=True)
class RelatedArticle:
    """Another article on the same subject, under an article."""

    title: str
    url: str
    date: str | None
    date_human: str
    section: Link


@dataclass(frozen=True)
class EntityList:
    """One kind of entity an article names, for its footer."""

    kind: str
    label: str  # the plural: "People"
    names: tuple[Link, ...]


@dataclass(frozen=True)
class TickerView:
    """A stock symbol on an article, with its company and that company's page (None: none)."""

    symbol: str
    company: str
    url: str | None


@dataclass(frozen=True)
class ArticleView(Teaser):
    """`article` on article.html: a teaser and the rest of the article."""

    subheadline: str
    caption: str
    credit: str
    author: str
    source_url: str  # an http(s) address or ""
    body_html: MarkdownHtml
    slug: str
    related: tuple[RelatedArticle, ...]
    image: ImageView | None
    entity_lists: tuple[EntityList, ...]
    tickers: tuple[TickerView, ...] = ()


@dataclass(frozen=True)
class PageLink:
    number: int
    url: str


def page_path(base: str, number: int) -> str:
    """Page 1 of a list is `base` + index.html, page N is `base` + page/N/index.html."""
    return f"{base}{INDEX}" if number == 1 else f"{base}{PAGES}/{number}/{INDEX}"


class PageLinks(Sequence[PageLink]):
    """`pagination.pages`: a link to every page of one list, made when a template asks.
    Each of a list's N pages holding all N links would make the model grow as N²."""

    __slots__ = ("base", "total")

    def __init__(self, base: str, total: int) -> None:
        self.base, self.total = base, total

    def __len__(self) -> int:
        return self.total

    @overload
    def __getitem__(self, index: int) -> PageLink: ...

    @overload
    def __getitem__(self, index: slice) -> list[PageLink]: ...

    def __getitem__(self, index: int | slice) -> PageLink | list[PageLink]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self.total))]
        number = range(1, self.total + 1)[index]  # IndexError past the end, negative indexes count back
        return PageLink(number, page_path(self.base, number))

    def __eq__(self, other: object) -> bool:
        return list(self) == list(other) if isinstance(other, Sequence) else NotImplemented

    def __hash__(self) -> int:
        return hash((self.base, self.total))

    def __repr__(self) -> str:
        return f"PageLinks({self.base!r}, {self.total})"


@dataclass(frozen=True)
class DateJump:
    """A year of a list ordered by date, and the page of the list where that year starts."""

    year: int
    url: str


@dataclass(frozen=True)
class Pagination:
    """Where a page is in its list."""

    current: int
    total: int
    prev: str | None  # URL of the page before, None on the first
    next: str | None
    pages: PageLinks
    years: tuple[DateJump, ...] = ()  # empty unless the list spans years and pages


@dataclass(frozen=True)
class TermView:
    """`term` on term.html: the tag or entity the page is about."""

    name: str
    kind: str
    label: str  # the singular: "Person"
    aliases: tuple[str, ...]
    index: Taxonomy  # the A-Z index of its kind


@dataclass(frozen=True)
class RelatedTerm:
    """An entity often named with the one a page is about."""

    name: str
    url: str | None
    kind: str  # the singular label: "Person"
    count: int  # articles naming both
    count_text: str  # "1 article", "3 articles"


@dataclass(frozen=True)
class IndexEntry:
    """A tag or entity on the A-Z index of its kind."""

    name: str  # people surname first: "Soleimani, Qassem"
    url: str
    count: int
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class LetterGroup:
    letter: str  # an upper-case initial or "#"
    terms: tuple[IndexEntry, ...]


@dataclass(frozen=True)
class ArchiveMonth:
    """A month on archive.html (or the undated articles, with `year` and `datetime` None)."""

    label: str  # "January 2020"
    year: int | None
    datetime: str | None  # "2020-01", for <time datetime>
    url: str
    count: int


@dataclass(frozen=True)
class CalendarDay:
    """A day of a month's calendar."""

    day: int  # 1 to 31
    datetime: str  # "2020-01-05"
    url: str | None  # the day's page, None when no story has that date
    count: int


@dataclass(frozen=True)
class CalendarMonth:
    """`calendar` on the pages of a month of the archive: its weeks, Monday first."""

    datetime: str  # "2020-01"
    weekdays: tuple[str, ...]  # a Monday to Sunday as "2001-01-01": the theme names them in its language
    days: tuple[CalendarDay | None, ...]  # seven a week; None before the 1st and after the last day


@dataclass(frozen=True)
class TimelineBar:
    """A month of a term's coverage timeline."""

    label: str  # "March 1987"
    datetime: str  # "1987-03"
    url: str | None  # the term's stories of that month, None for a month without any
    count: int
    height: int  # 0 to 40, in proportion to the term's busiest month


@dataclass(frozen=True)
class FeedEntry:
    """An article in an Atom feed."""

    title: str
    summary: str
    section: str
    link: str
    id: str
    updated: str
    tags: tuple[str, ...]
    author: str


@dataclass(frozen=True)
class SitemapEntry:
    """A URL of sitemap-N.xml, or a sitemap file of sitemap.xml."""

    loc: str
    lastmod: str | None

