"""The page families of the site, in the one table a build walks (stage_groups).

A family makes its pages in page groups (group.PageGroup) at one stage of the build:
- ARTICLES first: the articles' own pages, all the search indexer reads;
- LISTS: every other page made from the articles alone;
- CLOSING: pages of the paths of all those before (the sitemap), and the fixed files;
- REDIRECTS last, around every other file of the site (images, assets, the search index).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from site_builder.pages.archive import archive_groups
from site_builder.pages.article import article_groups
from site_builder.pages.feeds import feed_groups
from site_builder.pages.group import PageGroup
from site_builder.pages.home import home_groups
from site_builder.pages.not_found import not_found_groups
from site_builder.pages.redirects import redirect_groups
from site_builder.pages.robots import robots_groups
from site_builder.pages.search import search_groups
from site_builder.pages.section import section_groups
from site_builder.pages.site_pages import SitePages
from site_builder.pages.sitemap import sitemap_groups
from site_builder.pages.term import term_groups

ARTICLES, LISTS, CLOSING, REDIRECTS = "articles", "lists", "closing", "redirects"
STAGES = (ARTICLES, LISTS, CLOSING, REDIRECTS)


@dataclass(frozen=True)
class Family:
    """Pages of one kind. `groups(site, paths)` yields its page groups; `paths` are the
    paths of the pages (or, for REDIRECTS, the files) made before its stage."""

    name: str
    stage: str  # one of STAGES
    groups: Callable[[SitePages, Sequence[str]], Iterator[PageGroup]]


FAMILIES = (
    Family("article", ARTICLES, article_groups),
    Family("home", LISTS, home_groups),
    Family("section", LISTS, section_groups),
    Family("term", LISTS, term_groups),  # tags and entities
    Family("archive", LISTS, archive_groups),
    Family("search", LISTS, search_groups),
    Family("feeds", LISTS, feed_groups),
    Family("sitemap", CLOSING, sitemap_groups),
    Family("not_found", CLOSING, not_found_groups),
    Family("robots", CLOSING, robots_groups),
    Family("redirects", REDIRECTS, redirect_groups),
)


def stage_groups(site: SitePages, stage: str, paths: Sequence[str] = ()) -> Iterator[PageGroup]:
    """The page groups of every family made at `stage`, in the table's order."""
    for family in FAMILIES:
        if family.stage == stage:
            yield from family.groups(site, paths)
