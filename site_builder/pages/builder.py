"""Articles → the pages of the site, as plain data for the templates.

Every URL here is relative to the site root and names a file ("world/index.html"),
so pages work from any sub-path and from file://; templates prefix `root`.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import itertools
import operator
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, fields, replace
from typing import Any, Protocol

from site_builder.content.dates import human, iso
from site_builder.content.markup import MarkdownHtml
from site_builder.core import gc_pause
from site_builder.core.config import Config
from site_builder.core.digests import digest
from site_builder.core.layout import ARCHIVE, FEED, INDEX, NOT_FOUND, ROBOTS, SEARCH, SITEMAP, SITEMAP_PART
from site_builder.core.model import (
    ENTITY_KINDS,
    KINDS,
    MANY_NAMES,
    ORGANIZATIONS,
    PEOPLE,
    PLACES,
    TAGS,
    Article,
    OutputPage,
    search_filter_groups,
)
from site_builder.core.slugs import term_slugs
from site_builder.core.workers import aside
from site_builder.pages.views import (
    ArchiveMonth,
    ArticleView,
    EntityList,
    FeedEntry,
    ImageView,
    IndexEntry,
    LetterGroup,
    Link,
    PageLinks,
    Pagination,
    RelatedArticle,
    RelatedTerm,
    SiteData,
    SitemapEntry,
    Taxonomy,
    Teaser,
    TermView,
    TickerView,
    page_path,
)
from site_builder.site.names import index_letter, person_sort_name, resolve_names, without_legal_form
from site_builder.site.related import related_articles

FEED_SIZE = 50
TERM_FEED_SIZE = 20  # a tag's or an entity's feed: the newest few are what a reader follows
# The categories of a feed entry: its first tags, most salient first. Every tag's feed
# holds the entry, so all of them would make an article's feeds grow with the square
# of its tags (3,000 tags: 248 MB).
FEED_CATEGORIES = 20
SITEMAP_LIMIT = 50_000  # URLs per sitemap file, the sitemap protocol's cap
# The names a teaser shows, most salient first: a few people, the main organization, places.
TEASER_NAMES = {PEOPLE.key: 3, ORGANIZATIONS.key: 1, PLACES.key: 2}


@dataclass(frozen=True)
class Term:
    """A tag or an entity, with the articles that carry it (newest first)."""

    kind: str  # a key of model.KINDS
    name: str
    slug: str
    aliases: tuple[str, ...]
    articles: tuple[Article, ...]
    keys: frozenset[str] = frozenset()  # every casefolded spelling that leads to this term

    @property
    def url(self) -> str:
        return f"{KINDS[self.kind].folder}/{self.slug}/index.html"


def newest_first(articles: Iterable[Article]) -> list[Article]:
    """Dated articles newest first, then undated ones by title: the same order every build."""
    dated = sorted((a for a in articles if a.date is not None),
                   key=lambda a: (iso(a.date), a.section_slug, a.slug), reverse=True)  # type: ignore[arg-type]
    undated = sorted((a for a in articles if a.date is None), key=lambda a: (a.title.casefold(), a.url))
    return dated + undated


# Fields of an article only its own page shows. Every other field may show on a list,
# a feed, a term page or the sitemap: see archive_keys.
OWN_PAGE_FIELDS = frozenset({"body", "subheadline", "caption", "credit", "image", "image_alt", "source_url",
                             "source", "tickers", "raw_title"})


_NAMES = ("tags", *ENTITY_KINDS)  # the fields ModelFacts are worked out from (with the order)


@dataclass(frozen=True)
class ArchiveKeys:
    """What archive_keys works out in its one pass over the articles."""

    facts_key: str  # all that ModelFacts are worked out from: the same key, the same facts
    listing_key: str  # every article field any page but the article's own may show
    listed_texts: dict[str, str]  # by URL: the repr of what lists show of an article (see SiteBuilder._item)


def archive_keys(articles: Sequence[Article]) -> ArchiveKeys:
    """Two keys of the articles, digests (newest first), and what lists show of each, made in one pass:
    - the facts key: the articles' order and each one's tags and names;
    - the listing key: while it stays the same, an edit can change no page but
      the pages of the articles edited (see build.py);
    - `listed_texts`: the text SiteBuilder._item digests, so it is not made twice.
    Values are digested by their repr, which differs between Python versions at
    worst: then the cache is not used, never wrongly used."""
    facts, listing = hashlib.sha256(), hashlib.sha256()
    listed_texts: dict[str, str] = {}
    for article in articles:
        names = repr(tuple(getattr(article, name) for name in _NAMES)).encode("utf-8")
        facts.update(repr(article.url).encode("utf-8") + names + b"\n")
        listed = listed_texts[article.url] = _listed(article)  # the names too
        listing.update((listed + repr(_unshown(article)) + "\n").encode("utf-8"))
    return ArchiveKeys(facts.hexdigest()[:32], listing.hexdigest()[:32], listed_texts)


@dataclass(frozen=True)
class ModelFacts:
    """What SiteBuilder works out across the whole archive, as plain data a cache can
    keep: every tag and entity (kind → term_rows) and each article's related coverage
    (indexes), where an index is an article's place in the newest-first order. Valid
    for articles with the same facts key (archive_keys)."""

    terms: dict[str, list[list[Any]]]
    related: list[list[int]]


def make_terms(kind: str, rows: Sequence[Sequence[Any]], articles: Sequence[Article]) -> list[Term]:
    """The Terms of term_rows, over the same articles."""
    at = articles.__getitem__
    return [Term(kind, name, slug, tuple(aliases), tuple(map(at, indexes)), frozenset(keys))
            for name, slug, aliases, indexes, keys in rows]


def term_rows(articles: Sequence[Article], kind: str) -> list[list[Any]]:
    """One row per entity of `kind` across the archive, as plain data, sorted by name:
    [name, slug, aliases, its articles' indexes in `articles`, every casefolded
    spelling that leads to it]. names.resolve_names merges acronyms, aliases and
    spellings; tags by case only. With `articles` newest first, so are a row's."""
    refs_of = [[(t, ()) for t in article.tags] if kind == TAGS.key else
               [(r.name, r.aliases) for r in article.entities(kind)] for article in articles]
    resolved = resolve_names(kind, (ref for refs in refs_of for ref in refs))
    grouped: dict[str, list[int]] = defaultdict(list)
    names: dict[str, str] = {}
    aliases: dict[str, set[str]] = defaultdict(set)
    keys: dict[str, frozenset[str]] = {}
    for index, refs in enumerate(refs_of):
        for name, alias_list in refs:
            group = resolved[name.casefold()]
            key = group.name.casefold()
            names[key], keys[key] = group.name, group.members
            indexes = grouped[key]
            if not indexes or indexes[-1] != index:  # two names of one article in one group
                indexes.append(index)
            aliases[key].update(alias_list, group.aliases, [name])
    slugs = term_slugs(grouped, kind)
    return [[names[key], slugs[key], sorted(a for a in aliases[key] if a.casefold() != key), grouped[key],
             sorted(keys[key])] for key in sorted(grouped, key=lambda k: (names[k].casefold(), names[k]))]


def collect_terms(articles: Sequence[Article], kind: str) -> list[Term]:
    """One Term per entity of `kind` across the archive (see term_rows), sorted by
    name, each with its articles newest first."""
    return [replace(term, articles=tuple(newest_first(term.articles)))
            for term in make_terms(kind, term_rows(articles, kind), articles)]


def _related_coverage(articles: Sequence[Article], _: None) -> list[list[int]]:
    """related_articles, as workers.aside calls it."""
    return related_articles(articles)


def _root(path: str) -> str:
    return "../" * path.count("/")


def articles_text(count: int) -> str:
    """A number of articles as pages say it: "1 article", "1500 articles"."""
    return f"{count} {'article' if count == 1 else 'articles'}"


def document_title(title: str, site_title: str) -> str:
    """What a page's <title> says: its own title, then the site's (once, when they are the same)."""
    return site_title if title == site_title else f"{title} · {site_title}"


def distinct_titles(articles: Iterable[Article]) -> dict[str, str]:
    """By URL, the <title> of each article whose headline another article has too: the
    headline with its date, then its section, then a number in URL order, as far as it
    takes to tell them apart ("Fed adds reserves (2 March 1987)"). Depends on nothing but
    the articles, so every build names them alike."""
    groups: dict[str, list[Article]] = defaultdict(list)
    for article in articles:
        groups[article.title.casefold()].append(article)
    titles: dict[str, str] = {}
    for group in groups.values():
        if len(group) < 2:
            continue
        labels = {a.url: [human(a.date)] for a in group}
        for more in (operator.attrgetter("section"), None):
            counts = Counter(tuple(label) for label in labels.values())
            numbers: Counter[tuple[str, ...]] = Counter()
            for article in sorted(group, key=operator.attrgetter("url")):
                label = tuple(labels[article.url])
                if counts[label] > 1:
                    numbers[label] += 1
                    labels[article.url].append(more(article) if more else f"story {numbers[label]}")
        for article in group:
            titles[article.url] = f"{article.title} ({', '.join(labels[article.url])})"
    return titles


def canonical_url(base_url: str, path: str) -> str:
    """The public address of a file of the site (base_url set): a folder for its index.html."""
    return base_url + path.removesuffix("index.html")


@dataclass(frozen=True)
class PageGroup:
    """Pages made together from the same data, mostly one: a page of a list, a feed,
    an article's page, an index; the sitemap's files. `inputs` digests everything they
    are made from besides the templates and settings, so a build can tell, without
    making them, that they are as the last build made them."""

    name: str  # unique in the site: "home:1", "feed:feed.xml", "article:<url>", "term:people:<slug>:2", ...
    inputs: Callable[[], str] | None  # None: always made (cheap pages)
    make: Callable[[], Iterable[OutputPage]]
    # True: `inputs` digests what the pages show and nothing more, so it can stand for a
    # page's whole context in its key (cache.inputs_page_key). An article's inputs stand
    # for its whole content file, so an edit that shows nowhere changes them too.
    shows_inputs: bool = True


class GroupReuse(Protocol):
    """What SiteBuilder.pages asks of a build that keeps unchanged groups."""

    def kept(self, group: PageGroup) -> Sequence[str] | None:
        """The paths of the group's pages if they are kept as they are, else None."""

    def made(self, group: PageGroup, paths: list[str]) -> None:
        """The group was made, into these pages."""


# What lists, feeds and related links show of an article: not its file's place, whether it
# is a draft (drafts are left out of a build, or shown as any article), nor its old addresses.
_SHOWN = tuple(f.name for f in fields(Article)
               if f.name not in OWN_PAGE_FIELDS and f.name not in {"source_path", "draft", "aliases"})
_listed_fields = operator.attrgetter(*_SHOWN)
# The fields lists do not show but a build must notice (see archive_keys).
_unshown = operator.attrgetter(*(f.name for f in fields(Article)
                                 if f.name not in OWN_PAGE_FIELDS and f.name not in _SHOWN))


def _listed(article: Article) -> str:
    """What lists show of an article, as text to digest (see SiteBuilder._item)."""
    return repr(list(_listed_fields(article)))


def _names_of(article: Article) -> Iterator[tuple[str, str]]:
    """(kind, name) of each tag and entity of the article, in order."""
    for tag in article.tags:
        yield TAGS.key, tag
    for kind in ENTITY_KINDS:
        for ref in article.entities(kind):
            yield kind, ref.name


class SiteBuilder:
    """Turns the articles into `OutputPage`s, in page groups (page_groups, pages)."""

    def __init__(self, config: Config, articles: Sequence[Article], search_bundles: Sequence[str] = (),
                 images: Mapping[str, ImageView] | None = None, facts: ModelFacts | None = None,
                 sources: Mapping[str, str] | None = None, listed_texts: Mapping[str, str] | None = None,
                 share_image: ImageView | None = None) -> None:
        """`facts`, when given, are the ModelFacts of articles with the same facts key,
        kept from an earlier build: they are used instead of being worked out again.
        `sources` maps an article's content file to the key of its bytes (content.scan_content),
        which stands for the whole article in its page's inputs digest; `listed_texts`,
        from archive_keys, what lists show of each article, so it is not worked out twice."""
        self.config = config
        self.sources = dict(sources or {})
        self._listed_texts = listed_texts or {}  # by URL: what lists show of an article, from archive_keys
        self.images = dict(images or {})  # by article URL (see images.py)
        self.share_image = share_image  # for link previews of pages without a picture of their own
        self.search_bundles = list(search_bundles)  # Pagefind bundles the search page merges into its first
        self.articles = newest_first(articles)
        # Every tag and entity (search filters, names on article pages) ...
        with gc_pause.paused():  # many small objects, no cycles (see core/gc_pause.py)
            if facts:
                self._term_rows, self._related_indexes = facts.terms, facts.related
            else:  # related coverage is worked out meanwhile, in a process of its own
                with aside(_related_coverage, self.articles, None) as related:  # articles go by fork, unpickled
                    self._term_rows = {kind: term_rows(self.articles, kind) for kind in KINDS}
                    self._related_indexes = related()
            self.all_terms = {kind: make_terms(kind, rows, self.articles) for kind, rows in self._term_rows.items()}
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
        self._teasers: dict[str, Teaser] = {}
        self._links: dict[tuple[str, str], Link] = {}  # see _term_link
        self._place = {a.url: i for i, a in enumerate(self.articles)}  # an article's index in self.articles
        self._titles = distinct_titles(self.articles)  # the <title> of articles sharing a headline
        self._names_linked: dict[str, list[tuple[str, tuple[str, str]]]] = {}  # see _linked_names
        self._items: dict[str, str] = {}  # see _item
        self._term_digests: dict[str, str] = {}  # see _term_inputs
        # The related names of the term whose pages are being made: on each of them. One term
        # at a time, as its pages come one after another; all of them would hold 24 per term.
        self._term_related: tuple[str, tuple[RelatedTerm, ...]] = ("", ())

    # -- plain data for templates (views.py) ------------------------------------
    def site_data(self, pagefind: bool = False) -> SiteData:
        """`site` in every template; `pagefind` when the build writes the Pagefind index."""
        c = self.config
        return SiteData(
            title=c.title, description=c.description, language=c.language, base_url=c.base_url,
            sections=tuple(self._section_link(s) for s in self.sections),
            # No counts here: every page is rendered with `site`, so a number that moves with
            # each new name would re-render the whole site on an incremental build.
            taxonomies=tuple(self._taxonomy(k) for k in KINDS if self.terms[k]),
            pagefind=pagefind, share_image=self.share_image,
        )

    def _taxonomy(self, kind: str) -> Taxonomy:
        return Taxonomy(kind, KINDS[kind].plural, f"{KINDS[kind].folder}/index.html")

    def _section_link(self, slug: str) -> Link:
        return Link(self.section_names[slug], f"{slug}/index.html")

    def _term_link(self, kind: str, name: str) -> Link:
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
        entities = {k: tuple(self._term_link(k, r.name) for r in article.entities(k)) for k in ENTITY_KINDS}
        return Teaser(
            title=article.title, url=article.url, summary=article.summary,
            section=Link(article.section, f"{article.section_slug}/index.html"),
            date=iso(article.date) if article.date else None, date_human=human(article.date),
            tags=tuple(self._term_link(TAGS.key, t) for t in article.tags),
            entities=entities,
            chips=tuple(link for kind, count in TEASER_NAMES.items() for link in entities[kind][:count]),
        )

    def article_view(self, article: Article) -> ArticleView:
        teaser = self.teaser(article)
        return ArticleView(
            **{f.name: getattr(teaser, f.name) for f in fields(Teaser)},
            subheadline=article.subheadline, caption=article.caption, credit=article.credit,
            author=article.author, source_url=article.source_url,
            body_html=MarkdownHtml(article.body), slug=article.slug,
            related=self.related_coverage(article),
            image=self.images.get(article.url),
            entity_lists=tuple(EntityList(k, KINDS[k].plural, teaser.entities[k])
                               for k in ENTITY_KINDS if teaser.entities[k]),
            tickers=self._tickers(article),
        )

    def _tickers(self, article: Article) -> tuple[TickerView, ...]:
        """The article's stock symbols, each linked to its company's page when the site has
        one (under the company's name, or that name without its legal form: "NEC Corp", "NEC")."""
        views = []
        for ticker in article.tickers:
            url = None
            for name in dict.fromkeys((ticker.company, without_legal_form(ticker.company.casefold()))):
                url = url or (self._term_link(ORGANIZATIONS.key, name).url if name else None)
            views.append(TickerView(ticker.symbol, ticker.company, url))
        return tuple(views)

    def related_coverage(self, article: Article) -> tuple[RelatedArticle, ...]:
        """Up to five other articles sharing the rarest names and tags (see related.py);
        worked out for all articles at once, when the builder is made."""
        return tuple(RelatedArticle(a.title, a.url, iso(a.date) if a.date else None, human(a.date),
                                    Link(a.section, f"{a.section_slug}/index.html"))
                     for a in self._related_to(article))

    def _related_to(self, article: Article) -> list[Article]:
        return [self.articles[j] for j in self._related_indexes[self._place[article.url]]]

    def facts(self) -> ModelFacts:
        """The ModelFacts of these articles, for a later build to start from."""
        return ModelFacts(self._term_rows, self._related_indexes)

    def page(self, path: str, template: str, title: str, **context: Any) -> OutputPage:
        base = self.config.base_url
        return OutputPage(path, template, {"root": _root(path), "path": path, "title": title,
                                     "document_title": document_title(title, self.config.title),
                                     "canonical": canonical_url(base, path) if base else None, **context})

    # -- page families, in groups made together ------------------------------------
    def _list_groups(self, name: str, base: str, template: str, title: str, articles: Sequence[Article],
                     shared: Callable[[], str] = str, context: Callable[[], dict[str, Any]] = dict,
                     lead: bool = False) -> Iterator[PageGroup]:
        """A paginated list, one group per page: `base` ("" for the home page, "world/" for
        a section) page 1, then base + "page/N/" (views.page_path). `context()` gives what every page of the
        list shows besides its items, and `shared()` a digest of what that is made from;
        with `lead`, page 1 draws its first story large (`lead_first`)."""
        size = self.config.page_size
        total = max(1, -(-len(articles) // size))
        for number in range(1, total + 1):
            chunk = articles[(number - 1) * size:number * size]
            yield PageGroup(f"{name}:{number}", functools.partial(self._page_inputs, shared, title, number, total,
                                                                  chunk),
                            functools.partial(self._list_page, base, template, title, number, total, chunk,
                                              context, lead and number == 1))

    def _page_inputs(self, shared: Callable[[], str], title: str, number: int, total: int,
                     chunk: Sequence[Article]) -> str:
        return digest(shared(), title, str(number), str(total), *map(self._item, chunk))

    def _list_page(self, base: str, template: str, title: str, number: int, total: int, chunk: Sequence[Article],
                   context: Callable[[], dict[str, Any]], lead_first: bool) -> list[OutputPage]:
        pagination = Pagination(
            current=number, total=total,
            prev=page_path(base, number - 1) if number > 1 else None,
            next=page_path(base, number + 1) if number < total else None,
            pages=PageLinks(base, total),
        )
        page_title = title if number == 1 else f"{title} (page {number} of {total})"
        return [self.page(page_path(base, number), template, page_title, items=tuple(self.teaser(a) for a in chunk),
                          pagination=pagination, heading=title, lead_first=lead_first, **context())]

    def _feed_group(self, path: str, title: str, articles: Sequence[Article], home: str,
                    size: int = FEED_SIZE) -> PageGroup:
        """A feed of the newest dated articles: an undated one has no honest <updated>, so it
        is left out (build.py says how many). Lists put the undated last."""
        newest = list(itertools.islice((a for a in articles if a.date is not None), size))
        # A feed without a dated entry was last updated when the site was.
        head = (title, home) if newest else (title, home, self._newest_time)
        return PageGroup(f"feed:{path}", functools.partial(self._list_inputs, head, newest),
                         lambda: [self._feed(path, title, newest, home, size)])

    @functools.cached_property
    def _newest_time(self) -> str:
        """The newest date of the site's articles, as feeds write it."""
        return max((_feed_time(a.date) for a in self.articles if a.date is not None), default=_NO_DATE)

    def _item(self, article: Article) -> str:
        """A digest of all a list, a feed or a related link shows of `article`: every
        field but those only its own page shows, and where each of its names leads.
        Made once per article, as it is on many lists."""
        cached = self._items.get(article.url)
        if cached is None:
            links = [(self.term_names.get(key, name), self.term_urls.get(key))
                     for kind, name in _names_of(article) for key in [(kind, name.casefold())]]
            listed = self._listed_texts.get(article.url) or _listed(article)
            cached = self._items[article.url] = digest(listed, repr(links))
        return cached

    def article_groups(self) -> Iterator[PageGroup]:
        """The articles' own pages, one group each: all the search index reads."""
        for article in self.articles:
            yield PageGroup(f"article:{article.url}", functools.partial(self._article_inputs, article),
                            functools.partial(self._article_page, article), shows_inputs=False)

    def page_groups(self) -> Iterator[PageGroup]:
        """Every page but the articles' own (article_groups), 404.html, robots.txt and
        the sitemap, in groups (mostly of one page), each with a digest of what it is
        made from."""
        title = self.config.title
        yield from self._list_groups("home", "", "list.html", "Latest briefings", self.articles,
                                     context=lambda: {"kind": "home"}, lead=True)
        yield self._feed_group(FEED, title, self.articles, INDEX)
        for slug, articles in self.sections.items():
            name, feed = self.section_names[slug], f"{slug}/feed.xml"
            yield from self._list_groups(f"section:{slug}", f"{slug}/", "list.html", name, articles,
                                         context=functools.partial(dict, kind="section", feed=feed))
            yield self._feed_group(feed, f"{title}: {name}", articles, f"{slug}/index.html")
        # A name that is also a section, a term of another kind or a headline ("Economy" the
        # section and the tag) is told apart in the page's title by its kind: "Economy (tag)".
        names = Counter(name.casefold() for name in self.section_names.values())
        names.update(t.name.casefold() for terms in self.terms.values() for t in terms)
        names.update({a.title.casefold() for a in self.articles})
        for kind, terms in self.terms.items():
            if not terms:
                continue
            yield PageGroup(f"terms:{kind}", functools.partial(self._index_inputs, kind),
                            functools.partial(self._term_index, kind))
            for term in terms:
                term_title = term.name if names[term.name.casefold()] < 2 else \
                    f"{term.name} ({KINDS[kind].label.lower()})"
                yield from self._list_groups(f"term:{kind}:{term.slug}", f"{KINDS[kind].folder}/{term.slug}/",
                                             "term.html", term_title, term.articles,
                                             functools.partial(self._term_inputs, term),
                                             functools.partial(self._term_context, term))
                yield self._feed_group(_term_feed(term), f"{title}: {term.name}", term.articles, term.url,
                                       size=TERM_FEED_SIZE)
        months, undated = self._months()
        yield PageGroup("archive", lambda: digest(repr([(m, len(a)) for m, a in months.items()]), str(len(undated))),
                        functools.partial(self._archive_index, months, undated))
        for (year, month), articles in months.items():
            yield from self._list_groups(f"archive:{year}-{month:02d}", f"{ARCHIVE}/{year}/{month:02d}/", "list.html",
                                         f"{dt.date(year, month, 1):%B} {year}", articles,
                                         context=lambda: {"kind": "archive"})
        if undated:
            yield from self._list_groups("archive:undated", f"{ARCHIVE}/undated/", "list.html", "Undated articles",
                                         undated, context=lambda: {"kind": "archive"})
        yield PageGroup("search", None, self._search_page)

    def _list_inputs(self, head: tuple[str, ...], articles: Sequence[Article]) -> str:
        return digest(*head, *map(self._item, articles))

    def _index_inputs(self, kind: str) -> str:
        return digest(repr([(t.name, t.slug, len(t.articles), t.aliases) for t in self.terms[kind]]))

    def _term_inputs(self, term: Term) -> str:
        """What every page of a term shows besides its items (its names, the names found
        beside it in all its articles), as a digest; made once per term."""
        cached = self._term_digests.get(term.url)
        if cached is None:
            cached = self._term_digests[term.url] = self._list_inputs((term.name, repr(term.aliases)), term.articles)
        return cached

    def _term_context(self, term: Term) -> dict[str, Any]:
        kind = term.kind
        url, related = self._term_related
        if url != term.url:
            related = self._related(term) if kind != TAGS.key else ()
            self._term_related = (term.url, related)
        view = TermView(term.name, kind, KINDS[kind].label, term.aliases, self._taxonomy(kind))
        return {"kind": kind, "term": view, "related": related, "feed": _term_feed(term)}

    def _article_inputs(self, article: Article) -> str:
        # An article is parsed from its file's bytes and path alone: their key stands for it.
        whole = self.sources.get(article.source_path) or repr(article)
        return digest(whole, repr(self.images.get(article.url)), self._item(article), repr(self._tickers(article)),
                      self._titles.get(article.url, ""),
                      *map(self._item, self._related_to(article)))

    def _article_page(self, article: Article) -> list[OutputPage]:
        view = self.article_view(article)
        # Link previews read only absolute addresses: relative to the page where the site knows none.
        share_image = (self.config.base_url or _root(article.url)) + view.image.url if view.image else None
        page = self.page(article.url, "article.html", article.title, article=view, share_image=share_image)
        if article.url in self._titles:  # another article has the same headline
            page.context["document_title"] = document_title(self._titles[article.url], self.config.title)
        return [page]

    def _term_index(self, kind: str) -> list[OutputPage]:
        """The A–Z of one kind. People are listed by surname ("Soleimani, Qassem"); other kinds as named."""
        index = sorted((IndexEntry(person_sort_name(t.name) if kind == PEOPLE.key else t.name, t.url,
                                   len(t.articles), t.aliases) for t in self.terms[kind]),
                       key=lambda entry: (entry.name.casefold(), entry.name))
        letters: dict[str, list[IndexEntry]] = defaultdict(list)
        for entry in index:
            letters[index_letter(entry.name)].append(entry)
        return [self.page(f"{KINDS[kind].folder}/index.html", "terms.html", KINDS[kind].plural, kind=kind,
                          letters=tuple(LetterGroup(k, tuple(v)) for k, v in sorted(letters.items())))]

    def _related(self, term: Term) -> tuple[RelatedTerm, ...]:
        """Entities that appear in the same articles, most shared first."""
        counts: dict[tuple[str, str], int] = defaultdict(int)
        own_url = term.url
        for article in term.articles:
            # its first names only: counting all of them on each of their pages is work
            # that grows with the square of the names of one article
            for url, name in self._linked_names(article)[:MANY_NAMES]:
                if url != own_url:
                    counts[name] += 1
        ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0][1].casefold(), kv[0][0]))[:24]
        return tuple(RelatedTerm(link.name, link.url, KINDS[kind].label, n, articles_text(n))
                     for (kind, name), n in ranked for link in [self._term_link(kind, name)])

    def _linked_names(self, article: Article) -> list[tuple[str, tuple[str, str]]]:
        """The names of `article` that have a page, each page once (its first name):
        (page URL, (kind, name)). Made once per article, as every term page of the
        article counts them."""
        cached = self._names_linked.get(article.url)
        if cached is None:
            cached = self._names_linked[article.url] = []
            seen: set[tuple[str, str]] = set()
            links = self.teaser(article).entities  # each name's _term_link, in order
            for kind in ENTITY_KINDS:
                for ref, link in zip(article.entities(kind), links[kind], strict=True):
                    if link.url is not None and (kind, link.url) not in seen:
                        seen.add((kind, link.url))
                        cached.append((link.url, (kind, link.name or ref.name)))
        return cached

    def _months(self) -> tuple[dict[tuple[int, int], list[Article]], list[Article]]:
        """The dated articles by (year, month), newest month first, and the undated ones."""
        months: dict[tuple[int, int], list[Article]] = defaultdict(list)
        undated: list[Article] = []
        for article in self.articles:
            if article.date is None:
                undated.append(article)
            else:
                months[(article.date.year, article.date.month)].append(article)
        return dict(sorted(months.items(), reverse=True)), undated

    def _archive_index(self, months: Mapping[tuple[int, int], Sequence[Article]],
                       undated: Sequence[Article]) -> list[OutputPage]:
        entries = [ArchiveMonth(f"{dt.date(y, m, 1):%B} {y}", y, f"{y}-{m:02d}", f"{ARCHIVE}/{y}/{m:02d}/{INDEX}",
                                len(items)) for (y, m), items in months.items()]
        if undated:
            entries.append(ArchiveMonth("Undated", None, None, f"{ARCHIVE}/undated/{INDEX}", len(undated)))
        return [self.page(f"{ARCHIVE}/{INDEX}", "archive.html", "Archive", months=tuple(entries))]

    def _search_page(self) -> list[OutputPage]:
        return [self.page(f"{SEARCH}/{INDEX}", "search.html", "Search", bundles=tuple(self.search_bundles),
                          filter_groups=search_filter_groups())]

    def not_found_page(self) -> OutputPage:
        """404.html, which hosts serve for any missing address at any depth: its links
        start from base_url, or from the host's root when there is none."""
        title = "Page not found"
        return OutputPage(NOT_FOUND, "404.html", {"root": self.config.base_url or "/", "path": NOT_FOUND,
                                                   "title": title,
                                                   "document_title": document_title(title, self.config.title),
                                                   "canonical": None})

    def redirect_pages(self, taken: Collection[str]) -> tuple[list[OutputPage], list[tuple[Article, str, str]]]:
        """A small page at each old address (`aliases`) that sends readers on to the article:
        a meta refresh and a canonical link, with a relative target that works from file://.
        Returns the pages and the refused aliases as (article, alias, why): one that is a
        file of the site already, lies inside one, or another article took first."""
        pages: list[OutputPage] = []
        refused: list[tuple[Article, str, str]] = []
        owners: dict[str, tuple[str, str]] = {}  # by the alias case-folded: (alias, its page's file)
        # Letter case aside: on Windows and macOS two names differing only in case are one file.
        files = {path.casefold(): path for path in taken}
        for article in sorted(self.articles, key=lambda a: a.source_path):
            for alias in article.aliases:
                folded = alias.casefold()
                folders = [folded.rsplit("/", n)[0] for n in range(1, alias.count("/") + 1)]
                if alias in taken:
                    refused.append((article, alias, "is a page of the site"))
                elif folded in files:
                    refused.append((article, alias, _same_but_case(files[folded], "a page of the site")))
                elif any(folder in files for folder in folders):
                    refused.append((article, alias, "lies inside a file of the site"))
                elif folded in owners and owners[folded][0] != alias:
                    other, owner = owners[folded]
                    refused.append((article, alias, _same_but_case(other, f"an alias of {owner}")))
                elif folded in owners:
                    refused.append((article, alias, f"is already an alias of {owners[folded][1]}"))
                else:
                    owners[folded] = (alias, article.source_path)
                    target = _root(alias) + article.url
                    base = self.config.base_url
                    canonical = canonical_url(base, article.url) if base else target
                    pages.append(OutputPage(alias, "redirect.html", {
                        "root": _root(alias), "path": alias, "title": article.title,
                        "target": target, "canonical": canonical}))
        return sorted(pages, key=lambda p: p.path), refused

    def robots_page(self) -> Iterable[OutputPage]:
        """robots.txt lets every crawler in and, when base_url is set, names the sitemap."""
        sitemap = f"{self.config.base_url}{SITEMAP}" if self.config.base_url else None
        yield OutputPage(ROBOTS, "robots.txt", {"sitemap": sitemap})

    def _feed(self, path: str, title: str, articles: Sequence[Article], home: str, size: int = FEED_SIZE) -> OutputPage:
        """An Atom feed of the newest articles. Without base_url its links are relative
        to the feed's own address, which feed readers resolve."""
        base = self.config.base_url
        prefix = base or _root(path)
        entries = tuple(FeedEntry(
            title=article.title, summary=article.summary, section=article.section,
            link=_public(prefix, article.url),
            # The id stays as it was first published: a new id is a new entry to every reader.
            id=f"{base}{article.url}" if base else f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, article.url)}",
            updated=_feed_time(article.date), tags=article.tags[:FEED_CATEGORIES],
            author=article.author or self.config.title,  # Atom needs one; the site stands in
        ) for article in articles[:size] if article.date is not None)
        updated = max((e.updated for e in entries), default=None) or self._newest_time
        return OutputPage(path, "feed.xml", {
            "feed_title": title, "entries": entries, "updated": updated,
            "self_url": prefix + path, "home": _public(prefix, home),
            "id": f"{base}{path}" if base else
            f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'{self.config.title}:{path}')}",
        })

    def sitemap_pages(self, paths: Sequence[str], limit: int = SITEMAP_LIMIT) -> Iterable[OutputPage]:
        """sitemap.xml is an index of sitemap-1.xml, sitemap-2.xml... of at most `limit`
        URLs each, `lastmod` an article's date. Sitemaps need absolute URLs, so they are
        written only when base_url is set."""
        base = self.config.base_url
        if not base:
            return
        dates = {a.url: iso(a.date)[:10] for a in self.articles if a.date is not None}
        urls = [SitemapEntry(canonical_url(base, p), dates.get(p)) for p in sorted(paths) if p.endswith(".html")]
        files = []
        for number, start in enumerate(range(0, len(urls), limit), start=1):
            chunk = tuple(urls[start:start + limit])
            path = SITEMAP_PART.format(number=number)
            files.append(SitemapEntry(base + path, max((u.lastmod for u in chunk if u.lastmod), default=None)))
            yield OutputPage(path, "sitemap.xml", {"urls": chunk})
        yield OutputPage(SITEMAP, "sitemap-index.xml", {"sitemaps": tuple(files)})

    def search_filters(self) -> dict[str, dict[str, list[str]]]:
        """The offline search's filters: group → value → URLs of its articles, with
        the same names as the section, tag and entity pages."""
        filters = {"section": {self.section_names[s]: [a.url for a in items] for s, items in self.sections.items()}}
        for kind, terms in self.all_terms.items():
            filters[kind] = {t.name: [a.url for a in t.articles] for t in terms}
        return filters

    def pages(self, reuse: GroupReuse | None = None) -> Iterator[OutputPage]:
        """Every page, one group at a time: a page's context exists only while it is
        rendered, so memory grows with the number of articles, not with the pages times
        their lists. `reuse` may keep a group whose inputs did not change, which is then
        not made; it is told the pages of every group that is."""
        listed: list[str] = []
        for group in itertools.chain(self.article_groups(), self.page_groups()):
            yield from _made(group, reuse, listed)
        for group in self.closing_groups(listed):
            yield from _made(group, reuse, [])

    def closing_groups(self, listed: Sequence[str]) -> Iterator[PageGroup]:
        """The groups made after all others: the sitemap, of `listed` (the paths of every
        other page), 404.html and robots.txt."""
        dates = [(a.url, a.date) for a in self.articles if a.date is not None]
        yield PageGroup("sitemap", functools.partial(digest, *sorted(listed), repr(dates)),
                        functools.partial(self.sitemap_pages, listed))
        yield PageGroup("404", None, lambda: [self.not_found_page()])
        yield PageGroup("robots", None, lambda: list(self.robots_page()))


def _same_but_case(other: str, what: str) -> str:
    """Why an alias is refused that differs from `other` (a file of the site) only in letter case."""
    return (f"differs only in letter case from {other.removesuffix('index.html')!r}, {what}; on Windows and "
            "macOS they would be one file")


def _made(group: PageGroup, reuse: GroupReuse | None, listed: list[str]) -> Iterator[OutputPage]:
    """The pages of `group`, unless `reuse` keeps them; their paths are added to `listed`."""
    paths = reuse.kept(group) if reuse else None
    if paths is None:
        made = []
        for page in group.make():
            made.append(page.path)
            yield page
        if reuse:
            reuse.made(group, made)
        paths = made
    listed += paths


# A feed's <updated> when no article of the site has a date: Atom needs one, and the
# first instant it can write claims no real day (the Unix epoch reads as 1 January 1970).
_NO_DATE = "0001-01-01T00:00:00Z"


def _public(prefix: str, path: str) -> str:
    """A page's address as feeds link it: the form canonical links use (a folder for its
    index.html), relative to the feed's own address when there is no base_url."""
    return prefix + path.removesuffix("index.html") or "./"


def _feed_time(value: dt.date | dt.datetime) -> str:
    if isinstance(value, dt.datetime):
        stamp = value if value.tzinfo else value.replace(tzinfo=dt.UTC)
        return iso(stamp)  # isoformat, not strftime: strftime writes year 1 as "1"
    return f"{value.isoformat()}T00:00:00Z"


def _term_feed(term: Term) -> str:
    return f"{KINDS[term.kind].folder}/{term.slug}/feed.xml"
