"""The search page, which loads the Pagefind index."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from site_builder.core.layout import INDEX, SEARCH
from site_builder.core.model import OutputPage, search_filter_groups
from site_builder.pages.group import PageGroup
from site_builder.pages.site_pages import SitePages


def search_groups(site: SitePages, _paths: Sequence[str] = ()) -> Iterator[PageGroup]:
    yield PageGroup("search", None, lambda: search_page(site))


def search_page(site: SitePages) -> list[OutputPage]:
    return [site.page(f"{SEARCH}/{INDEX}", "search.html", "Search", bundles=tuple(site.extras.search_bundles),
                      filter_groups=search_filter_groups())]
