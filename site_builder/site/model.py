"""What the site's pages are worked out from across the whole archive: the facts a
cache keeps (ModelFacts), the digests that tell a build what may have changed
(archive_keys), and the titles of articles sharing a headline."""

from __future__ import annotations

import hashlib
import operator
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, fields
from typing import Any

from site_builder.content.dates import human
from site_builder.core.digests import digest
from site_builder.core.model import ENTITY_KINDS, KINDS, TAGS, Article
from site_builder.site.related import related_articles
from site_builder.site.terms import term_rows

# Fields of an article only its own page shows. Every other field may show on a list,
# a feed, a term page or the sitemap: see archive_keys.
OWN_PAGE_FIELDS = frozenset({"body", "subheadline", "caption", "credit", "image", "image_alt", "source_url",
                             "source", "tickers", "raw_title"})

_NAMES = ("tags", *ENTITY_KINDS)  # the fields ModelFacts are worked out from (with the order)

# What lists, feeds and related links show of an article: not its file's place, whether it
# is a draft (drafts are left out of a build, or shown as any article), nor its old addresses.
_SHOWN = tuple(f.name for f in fields(Article)
               if f.name not in OWN_PAGE_FIELDS and f.name not in {"source_path", "draft", "aliases"})
_listed_fields = operator.attrgetter(*_SHOWN)
# The fields lists do not show but a build must notice (see archive_keys).
_unshown = operator.attrgetter(*(f.name for f in fields(Article)
                                 if f.name not in OWN_PAGE_FIELDS and f.name not in _SHOWN))


def listed(article: Article) -> str:
    """A digest of what lists show of an article (see pages.SitePages.item): a digest, not
    the text, as the build keeps one for every article until its end."""
    return digest(repr(list(_listed_fields(article))))


def names_of(article: Article) -> Iterator[tuple[str, str]]:
    """(kind, name) of each tag and entity of the article, in order."""
    for tag in article.tags:
        yield TAGS.key, tag
    for kind in ENTITY_KINDS:
        for ref in article.entities(kind):
            yield kind, ref.name


@dataclass(frozen=True)
class ArchiveKeys:
    """What archive_keys works out in its one pass over the articles."""

    facts_key: str  # all that ModelFacts are worked out from: the same key, the same facts
    listing_key: str  # every article field any page but the article's own may show
    listed_texts: dict[str, str]  # by URL: the digest of what lists show of an article (see listed)


def archive_keys(articles: Sequence[Article]) -> ArchiveKeys:
    """Two keys of the articles (digests, newest first), and what lists show of each, made in one pass:
    - the facts key: the articles' order and each one's tags and names;
    - the listing key: while it stays the same, an edit can change no page but
      the pages of the articles edited (see build/plan.py);
    - `listed_texts`: listed(article), which pages.SitePages.item digests, so it is not made twice.
    Values are digested by their repr, which differs between Python versions at
    worst: then the cache is not used, never wrongly used."""
    facts, listing = hashlib.sha256(), hashlib.sha256()
    listed_texts: dict[str, str] = {}
    for article in articles:
        names = repr(tuple(getattr(article, name) for name in _NAMES)).encode("utf-8")
        facts.update(repr(article.url).encode("utf-8") + names + b"\n")
        text = listed_texts[article.url] = listed(article)  # the names too
        listing.update((text + repr(_unshown(article)) + "\n").encode("utf-8"))
    return ArchiveKeys(facts.hexdigest()[:32], listing.hexdigest()[:32], listed_texts)


@dataclass(frozen=True)
class ModelFacts:
    """What the pages are worked out from across the whole archive, as plain data a
    cache can keep: every tag and entity (kind → terms.term_rows) and each article's
    related coverage (indexes), where an index is an article's place in the
    newest-first order. Valid for articles with the same facts key (archive_keys)."""

    terms: dict[str, list[list[Any]]]
    related: list[list[int]]


def model_facts(articles: Sequence[Article]) -> ModelFacts:
    """The ModelFacts of `articles` (newest first), worked out here, in this process."""
    return ModelFacts({kind: term_rows(articles, kind) for kind in KINDS}, related_articles(articles))


def distinct_titles(articles: Iterable[Article], day: Callable[[Article], str] = lambda a: human(a.date),
                    story: str = "story {number}") -> dict[str, str]:
    """By URL, the <title> of each article whose headline another article has too: the
    headline with its date, then its section, then a number in URL order, as far as it
    takes to tell them apart ("Fed adds reserves (2 March 1987)"). Depends on nothing but
    the articles, so every build names them alike. `day` and `story` write the date and
    the number in the site's language."""
    groups: dict[str, list[Article]] = defaultdict(list)
    for article in articles:
        groups[article.title.casefold()].append(article)
    titles: dict[str, str] = {}
    for group in groups.values():
        if len(group) < 2:
            continue
        labels = {a.url: [day(a)] for a in group}
        for more in (operator.attrgetter("section"), None):
            counts = Counter(tuple(label) for label in labels.values())
            numbers: Counter[tuple[str, ...]] = Counter()
            for article in sorted(group, key=operator.attrgetter("url")):
                label = tuple(labels[article.url])
                if counts[label] > 1:
                    numbers[label] += 1
                    labels[article.url].append(more(article) if more else story.format(number=numbers[label]))
        for article in group:
            titles[article.url] = f"{article.title} ({', '.join(labels[article.url])})"
    return titles
