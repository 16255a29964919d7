"""robots.txt."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from site_builder.core.layout import ROBOTS, SITEMAP
from site_builder.core.model import OutputPage
from site_builder.pages.context import output_page
from site_builder.pages.group import PageGroup
from site_builder.pages.site_pages import SitePages


def robots_groups(site: SitePages, _paths: Sequence[str] = ()) -> Iterator[PageGroup]:
    yield PageGroup("robots", None, lambda: [robots_page(site)])


def robots_page(site: SitePages) -> OutputPage:
    """robots.txt lets every crawler in and, when base_url is set, names the sitemap."""
    sitemap = f"{site.config.base_url}{SITEMAP}" if site.config.base_url else None
    return output_page(ROBOTS, "robots.txt", {"sitemap": sitemap})
