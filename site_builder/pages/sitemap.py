"""sitemap.xml: an index of sitemap files listing every HTML page (with base_url only)."""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence

from site_builder.content.dates import iso
from site_builder.core.digests import digest
from site_builder.core.layout import SITEMAP, SITEMAP_PART
from site_builder.core.model import OutputPage
from site_builder.pages.context import canonical_url, output_page
from site_builder.pages.group import PageGroup
from site_builder.pages.site_pages import SitePages
from site_builder.pages.views import SitemapEntry

SITEMAP_LIMIT = 50_000  # URLs per sitemap file, the sitemap protocol's cap


def sitemap_groups(site: SitePages, paths: Sequence[str] = ()) -> Iterator[PageGroup]:
    """The sitemap of `paths`, the paths of every page made before it."""
    dates = [(a.url, a.date) for a in site.articles if a.date is not None]
    yield PageGroup("sitemap", functools.partial(digest, *sorted(paths), repr(dates)),
                    functools.partial(sitemap_pages, site, paths))


def sitemap_pages(site: SitePages, paths: Sequence[str], limit: int = SITEMAP_LIMIT) -> Iterator[OutputPage]:
    """sitemap.xml is an index of sitemap-1.xml, sitemap-2.xml... of at most `limit`
    URLs each, `lastmod` an article's date. Sitemaps need absolute URLs, so they are
    written only when base_url is set."""
    base = site.config.base_url
    if not base:
        return
    dates = {a.url: iso(a.date)[:10] for a in site.articles if a.date is not None}
    urls = [SitemapEntry(canonical_url(base, p), dates.get(p)) for p in sorted(paths) if p.endswith(".html")]
    files = []
    for number, start in enumerate(range(0, len(urls), limit), start=1):
        chunk = tuple(urls[start:start + limit])
        path = SITEMAP_PART.format(number=number)
        files.append(SitemapEntry(base + path, max((u.lastmod for u in chunk if u.lastmod), default=None)))
        yield output_page(path, "sitemap.xml", {"urls": chunk})
    yield output_page(SITEMAP, "sitemap-index.xml", {"sitemaps": tuple(files)})
