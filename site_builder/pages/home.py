"""The home page: the latest articles, the first drawn large."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from site_builder.pages.group import PageGroup
from site_builder.pages.lists import PagedList, list_groups
from site_builder.pages.site_pages import SitePages


def home_groups(site: SitePages, _paths: Sequence[str] = ()) -> Iterator[PageGroup]:
    yield from list_groups(site, PagedList("home", "", "list.html", site.words("home_title"), site.articles,
                                           context=lambda: {"kind": "home"}, lead=True))
