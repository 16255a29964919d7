"""404.html, which hosts serve for any missing address."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from site_builder.core.layout import NOT_FOUND
from site_builder.core.model import OutputPage
from site_builder.pages.context import document_title, output_page
from site_builder.pages.group import PageGroup
from site_builder.pages.site_pages import SitePages


def not_found_groups(site: SitePages, _paths: Sequence[str] = ()) -> Iterator[PageGroup]:
    yield PageGroup("404", None, lambda: [not_found_page(site)])


def not_found_page(site: SitePages) -> OutputPage:
    """404.html, served for a missing address at any depth: its links start from
    base_url, or from the host's root when there is none."""
    title = site.words("not_found_title")
    return output_page(NOT_FOUND, "404.html", {"root": site.config.base_url or "/", "path": NOT_FOUND,
                                               "title": title,
                                               "document_title": document_title(title, site.config.title),
                                               "canonical": None})
