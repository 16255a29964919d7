"""A section's list of articles ("world/index.html")."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from site_builder.pages.group import PageGroup
from site_builder.pages.lists import PagedList, list_groups
from site_builder.pages.site_pages import SitePages


def section_feed(slug: str) -> str:
    return f"{slug}/feed.xml"


def section_groups(site: SitePages, _paths: Sequence[str] = ()) -> Iterator[PageGroup]:
    for slug, articles in site.sections.items():
        context: Callable[[], dict[str, Any]] = functools.partial(dict, kind="section", feed=section_feed(slug))
        yield from list_groups(site, PagedList(f"section:{slug}", f"{slug}/", "list.html", site.section_names[slug],
                                               articles, context=context))
