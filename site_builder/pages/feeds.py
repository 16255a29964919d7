"""Atom feeds: the site's, each section's, each tag's and entity's."""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from site_builder.core.layout import FEED, INDEX
from site_builder.core.model import Article, OutputPage
from site_builder.pages.context import output_page, root_of
from site_builder.pages.group import PageGroup
from site_builder.pages.section import section_feed
from site_builder.pages.site_pages import SitePages, feed_time
from site_builder.pages.views import FeedEntry

FEED_SIZE = 50
TERM_FEED_SIZE = 20  # a tag's or an entity's feed: the newest few are what a reader follows
# The categories of a feed entry: its first tags, most salient first. Every tag's feed
# holds the entry, so all of them would make an article's feeds grow with the square
# of its tags (3,000 tags: 248 MB).
FEED_CATEGORIES = 20


@dataclass(frozen=True)
class Feed:
    """One feed: at `path`, of the newest of `articles`, linking to its list at `home`."""

    path: str
    title: str
    articles: Sequence[Article]
    home: str
    size: int = FEED_SIZE


def feed_groups(site: SitePages, _paths: Sequence[str] = ()) -> Iterator[PageGroup]:
    title = site.config.title
    yield feed_group(site, Feed(FEED, title, site.articles, INDEX))
    for slug, articles in site.sections.items():
        yield feed_group(site, Feed(section_feed(slug), f"{title}: {site.section_names[slug]}", articles,
                                    f"{slug}/index.html"))
    for terms in site.terms.values():
        for term in terms:
            yield feed_group(site, Feed(term.feed, f"{title}: {term.name}", term.articles, term.url,
                                        size=TERM_FEED_SIZE))


def feed_group(site: SitePages, feed: Feed) -> PageGroup:
    """A feed of the newest dated articles: an undated one has no honest <updated>, so it
    is left out (the build says how many). Lists put the undated last."""
    newest = list(itertools.islice((a for a in feed.articles if a.date is not None), feed.size))
    # A feed without a dated entry was last updated when the site was.
    head = (feed.title, feed.home) if newest else (feed.title, feed.home, site.newest_time)
    return PageGroup(f"feed:{feed.path}", lambda: site.list_inputs(head, newest),
                     lambda: [feed_page(site, feed, newest)])


def _public(prefix: str, path: str) -> str:
    """A page's address as feeds link it: the form canonical links use (a folder for its
    index.html), relative to the feed's own address when there is no base_url."""
    return prefix + path.removesuffix("index.html") or "./"


def feed_page(site: SitePages, feed: Feed, newest: Sequence[Article]) -> OutputPage:
    """An Atom feed of the newest articles. Without base_url its links are relative
    to the feed's own address, which feed readers resolve."""
    base, path = site.config.base_url, feed.path
    prefix = base or root_of(path)
    entries = tuple(FeedEntry(
        title=article.title, summary=article.summary, section=article.section,
        link=_public(prefix, article.url),
        # The id stays as it was first published: a new id is a new entry to every reader.
        id=f"{base}{article.url}" if base else f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, article.url)}",
        updated=feed_time(article.date), tags=article.tags[:FEED_CATEGORIES],
        author=article.author or site.config.title,  # Atom needs one; the site stands in
    ) for article in newest[:feed.size] if article.date is not None)
    updated = max((e.updated for e in entries), default=None) or site.newest_time
    return output_page(path, "feed.xml", {
        "feed_title": feed.title, "entries": entries, "updated": updated,
        "self_url": prefix + path, "home": _public(prefix, feed.home),
        "id": f"{base}{path}" if base else
        f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'{site.config.title}:{path}')}",
    })
