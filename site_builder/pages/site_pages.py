"""The site as its pages see it: the articles newest first, their terms and sections,
and the views lists show of them (teasers, links), each made once. The page families
(pages/families.py) make their page groups from it; the build decides
where the work runs (it forks nothing).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from site_builder.content.dates import iso
from site_builder.core import gc_pause
from site_builder.core.config import Config
from site_builder.core.digests import digest
from site_builder.core.model import ENTITY_KINDS, KINDS, ORGANIZATIONS, PEOPLE, PLACES, TAGS, Article, OutputPage
from site_builder.core.strings import Strings, default_strings
from site_builder.pages.context import html_page
from site_builder.pages.views import ImageView, Link, SiteData, Taxonomy, Teaser
from site_builder.site.model import ModelFacts, distinct_titles, listed, model_facts, names_of
from site_builder.site.order import newest_first
from site_builder.site.terms import make_terms

# The names a teaser shows, most salient first: a few people, the main organization, places.
TEASER_NAMES = {PEOPLE.key: 3, ORGANIZATIONS.key: 1, PLACES.key: 2}
# The description of a site whose site.toml sets none: said in the site's language instead.
UNSET_DESCRIPTION = Config().description
# A feed's <updated> when no article of the site has a date: Atom needs one, and the
# first instant it can write claims no real day (the Unix epoch reads as 1 January 1970).
NO_DATE = "0001-01-01T00:00:00Z"


@dataclass(frozen=True)
class PageExtras:
    """What pages show besides the articles and settings."""

    search_bundles: Sequence[str] = ()  # Pagefind bundles the search page merges into its first
    images: Mapping[str, ImageView] = field(default_factory=dict)  # by article URL (see images.py)
    # An article's content file → the key of its bytes (content.scan_content), which stands
    # for the whole article in its page's inputs digest.
    sources: Mapping[str, str] = field(default_factory=dict)
    listed_texts: Mapping[str, str] = field(default_factory=dict)  # by URL: what lists show (site.model.archive_keys)
    share_image: ImageView | None = None  # for link previews of pages without a picture of their own


def feed_time(value: dt.date | dt.datetime) -> str:
    """An article's date as Atom writes it."""
    if isinstance(value, dt.datetime):
        stamp = value if value.tzinfo else value.replace(tzinfo=dt.UTC)
        return iso(stamp)  # isoformat, not strftime: strftime writes year 1 as "1"
    return f"{value.isoformat()}T00:00:00Z"


class SitePages:
    """The articles and what every page family makes of them (see pages/families.py)."""

    def __init__(self, config: Config, articles: Sequence[Article], facts: ModelFacts | None = None,
                 extras: PageExtras = PageExtras(), words: Strings | None = None) -> None:
        """`facts`, when given, are the ModelFacts of articles with the same facts key
        (kept from an earlier build, or worked out beside it): else they are worked out here.
        `words` are the theme's strings in the site's language (English when not given): the
        titles and labels made here, like the words of the templates."""
        self.config, self.extras = config, extras
        self.words = words or default_strings()
        self.images = dict(extras.images)
        self.articles = newest_first(articles)
        with gc_pause.paused():  # many small objects, no cycles (see core/gc_pause.py)
            self.facts = facts or model_facts(self.articles)
            # Every tag and entity (search filters, names on article pages) ...
            self.all_terms = {kind: make_terms(kind, rows, self.articles) for kind, rows in self.facts.terms.items()}
        self.term_names = {(t.kind, key): t.name for ts in self.all_terms.values() for t in ts for key in t.keys}
        # ... and those with a page: an entity needs `entity_min_articles` articles.
        minimum = config.entity_min_articles
        self.terms = {kind: [t for t in terms if kind == TAGS.key or len(t.articles) >= minimum]
                      for kind, terms in self.all_terms.items()}
        self.term_urls = {(t.kind, key): t.url for ts in self.terms.values() for t in ts for key in t.keys}
        sections: dict[str, list[Article]] = defaultdict(list)
        for article in self.articles:
            sections[article.section_slug].append(article)
        self.sections = dict(sorted(sections.items()))
        self.section_names = {slug: items[0].section for slug, items in self.sections.items()}
        # the <title> of articles sharing a headline
        self.titles = distinct_titles(self.articles, self.human_date, self.words("title_story"))
        self._place = {a.url: i for i, a in enumerate(self.articles)}  # an article's index in self.articles
        self._teasers: dict[str, Teaser] = {}
        self._links: dict[tuple[str, str], Link] = {}  # see term_link
        self._items: dict[str, str] = {}  # see item

    # -- plain data for templates (views.py) ------------------------------------
    def site_data(self, pagefind: bool = False) -> SiteData:
        """`site` in every template; `pagefind` when the build writes the Pagefind index."""
        c = self.config
        return SiteData(
            title=c.title, language=c.language, base_url=c.base_url,
            description=self.words("site_description") if c.description == UNSET_DESCRIPTION else c.description,
            sections=tuple(self.section_link(s) for s in self.sections),
            # No counts here: every page is rendered with `site`, so a number that moves with
            # each new name would re-render the whole site on an incremental build.
            taxonomies=tuple(self.taxonomy(k) for k in KINDS if self.terms[k]),
            pagefind=pagefind, share_image=self.extras.share_image,
        )

    def taxonomy(self, kind: str) -> Taxonomy:
        return Taxonomy(kind, self.kind_label(kind), f"{KINDS[kind].folder}/index.html")

    def kind_label(self, kind: str, count: int = 2) -> str:
        """A kind's name in the site's language: "People" (its index, its filter), or with
        `count` 1 one of them, "Person"."""
        return self.words(f"kind_{kind}" if count != 1 else f"kind_{kind}_one")

    def section_link(self, slug: str) -> Link:
        return Link(self.section_names[slug], f"{slug}/index.html")

    def term_link(self, kind: str, name: str) -> Link:
        """The entity's site-wide name, and its page (None when it has none: shown as text)."""
        link = self._links.get((kind, name))
        if link is None:  # one Link per spelling: a build asks for a hundred thousand
            key = (kind, name.casefold())
            link = self._links[(kind, name)] = Link(self.term_names.get(key, name), self.term_urls.get(key))
        return link

    def teaser(self, article: Article) -> Teaser:
        """An article as list pages show it; built once, as it appears on many lists."""
        cached = self._teasers.get(article.url)
        if cached is None:
            cached = self._teasers[article.url] = self._make_teaser(article)
        return cached

    def _make_teaser(self, article: Article) -> Teaser:
        entities = {k: tuple(self.term_link(k, r.name) for r in article.entities(k)) for k in ENTITY_KINDS}
        return Teaser(
            title=article.title, url=article.url, summary=article.summary,
            section=Link(article.section, f"{article.section_slug}/index.html"),
            date=iso(article.date) if article.date else None, date_human=self.human_date(article),
            tags=tuple(self.term_link(TAGS.key, t) for t in article.tags),
            entities=entities,
            chips=tuple(link for kind, count in TEASER_NAMES.items() for link in entities[kind][:count]),
        )

    def human_date(self, article: Article) -> str:
        """An article's date as readers read it, in the site's language ("Undated" without one)."""
        return self.words.date(article.date.isoformat() if article.date else None)

    def related_to(self, article: Article) -> list[Article]:
        """Up to five other articles sharing the rarest names and tags (see site/related.py)."""
        return [self.articles[j] for j in self.facts.related[self._place[article.url]]]

    def page(self, path: str, template: str, title: str, **context: Any) -> OutputPage:
        """An HTML page of the site (context.html_page)."""
        return html_page(self.config, path, template, title, **context)

    # -- digests of what pages show (PageGroup.inputs) ---------------------------------
    def item(self, article: Article) -> str:
        """A digest of all a list, a feed or a related link shows of `article`: every
        field but those only its own page shows, and where each of its names leads.
        Made once per article, as it is on many lists."""
        cached = self._items.get(article.url)
        if cached is None:
            links = [(self.term_names.get(key, name), self.term_urls.get(key))
                     for kind, name in names_of(article) for key in [(kind, name.casefold())]]
            text = self.extras.listed_texts.get(article.url) or listed(article)
            cached = self._items[article.url] = digest(text, repr(links))
        return cached

    def list_inputs(self, head: tuple[str, ...], articles: Sequence[Article]) -> str:
        return digest(*head, *map(self.item, articles))

    # -- across the archive ----------------------------------------------------------
    @functools.cached_property
    def newest_time(self) -> str:
        """The newest date of the site's articles, as feeds write it."""
        return max((feed_time(a.date) for a in self.articles if a.date is not None), default=NO_DATE)

    def search_filters(self) -> dict[str, dict[str, list[str]]]:
        """The offline search's filters: group → value → URLs of its articles, with
        the same names as the section, tag and entity pages."""
        filters = {"section": {self.section_names[s]: [a.url for a in items] for s, items in self.sections.items()}}
        for kind, terms in self.all_terms.items():
            filters[kind] = {t.name: [a.url for a in t.articles] for t in terms}
        return filters
