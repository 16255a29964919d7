"""Tag and entity pages: each kind's A–Z index, then each term's list of articles with
the names found beside it."""

from __future__ import annotations

import functools
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from site_builder.core.digests import digest
from site_builder.core.model import ENTITY_KINDS, KINDS, MANY_NAMES, PEOPLE, TAGS, Article, OutputPage
from site_builder.pages.group import PageGroup
from site_builder.pages.lists import PagedList, list_groups
from site_builder.pages.site_pages import SitePages
from site_builder.pages.timeline import month_folder, term_months, timeline
from site_builder.pages.views import IndexEntry, LetterGroup, RelatedTerm, TermView, TimelineBar
from site_builder.site.names import index_letter, person_sort_name
from site_builder.site.terms import Term


def term_groups(site: SitePages, _paths: Sequence[str] = ()) -> Iterator[PageGroup]:
    """Each kind's index, then each of its terms' pages."""
    terms = _TermPages(site)
    for kind, kind_terms in site.terms.items():
        if not kind_terms:
            continue
        yield PageGroup(f"terms:{kind}", functools.partial(terms.index_inputs, kind),
                        functools.partial(terms.index, kind))
        for term in kind_terms:
            yield from list_groups(site, PagedList(f"term:{kind}:{term.slug}", f"{KINDS[kind].folder}/{term.slug}/",
                                                   "term.html", terms.title(term), term.articles,
                                                   functools.partial(terms.inputs, term),
                                                   functools.partial(terms.context, term)))
            yield from term_month_groups(site, term, terms.title(term))


def term_month_groups(site: SitePages, term: Term, title: str) -> Iterator[PageGroup]:
    """The term's stories of each month that has some: where its timeline's bars lead."""
    base = f"{KINDS[term.kind].folder}/{term.slug}/"
    context: Callable[[], dict[str, Any]] = functools.partial(dict, kind="archive", term_url=term.url,
                                                              term_name=term.name)
    for (year, month), articles in term_months(term.articles).items():
        yield from list_groups(site, PagedList(f"term:{term.kind}:{term.slug}:{year}-{month:02d}",
                                               month_folder(base, year, month), "list.html",
                                               site.words("term_month_title", name=title,
                                                          month=site.words.month(f"{year}-{month:02d}")),
                                               articles,
                                               context=context))


class _TermPages:
    """What the term pages of one walk over the groups share, each made once."""

    def __init__(self, site: SitePages) -> None:
        self.site = site
        # A name that is also a section, a term of another kind or a headline ("Economy" the
        # section and the tag) is told apart in the page's title by its kind: "Economy (tag)".
        self.names = Counter(name.casefold() for name in site.section_names.values())
        self.names.update(t.name.casefold() for terms in site.terms.values() for t in terms)
        self.names.update({a.title.casefold() for a in site.articles})
        self._names_linked: dict[str, list[tuple[str, tuple[str, str]]]] = {}  # see linked_names
        self._digests: dict[str, str] = {}  # see inputs
        # The related names of the term whose pages are being made: on each of them. One term
        # at a time, as its pages come one after another; all of them would hold 24 per term.
        self._related: tuple[str, tuple[RelatedTerm, ...]] = ("", ())
        self._timeline: tuple[str, tuple[TimelineBar, ...]] = ("", ())  # the same, for its timeline

    def title(self, term: Term) -> str:
        if self.names[term.name.casefold()] < 2:
            return term.name
        return self.site.words("term_title_kind", name=term.name, kind=self.site.words(f"kind_{term.kind}_note"))

    def index_inputs(self, kind: str) -> str:
        return digest(repr([(t.name, t.slug, len(t.articles), t.aliases) for t in self.site.terms[kind]]))

    def index(self, kind: str) -> list[OutputPage]:
        """The A–Z of one kind. People are listed by surname ("Soleimani, Qassem"); other kinds as named."""
        index = sorted((IndexEntry(person_sort_name(t.name) if kind == PEOPLE.key else t.name, t.url,
                                   len(t.articles), t.aliases) for t in self.site.terms[kind]),
                       key=lambda entry: (entry.name.casefold(), entry.name))
        letters: dict[str, list[IndexEntry]] = defaultdict(list)
        for entry in index:
            letters[index_letter(entry.name)].append(entry)
        return [self.site.page(f"{KINDS[kind].folder}/index.html", "terms.html", self.site.kind_label(kind), kind=kind,
                               letters=tuple(LetterGroup(k, tuple(v)) for k, v in sorted(letters.items())))]

    def inputs(self, term: Term) -> str:
        """What every page of a term shows besides its items (its names, the names found
        beside it in all its articles), as a digest; made once per term."""
        cached = self._digests.get(term.url)
        if cached is None:
            cached = self._digests[term.url] = self.site.list_inputs((term.name, repr(term.aliases)), term.articles)
        return cached

    def context(self, term: Term) -> dict[str, Any]:
        kind = term.kind
        url, related = self._related
        if url != term.url:
            related = self.related(term) if kind != TAGS.key else ()
            self._related = (term.url, related)
        view = TermView(term.name, kind, self.site.kind_label(kind, 1), term.aliases, self.site.taxonomy(kind))
        if self._timeline[0] != term.url:
            self._timeline = (term.url, timeline(f"{KINDS[kind].folder}/{term.slug}/", term_months(term.articles),
                                                 self.site.words.month))
        return {"kind": kind, "term": view, "related": related, "feed": term.feed, "timeline": self._timeline[1]}

    def related(self, term: Term) -> tuple[RelatedTerm, ...]:
        """Entities that appear in the same articles, most shared first."""
        counts: dict[tuple[str, str], int] = defaultdict(int)
        own_url = term.url
        for article in term.articles:
            # its first names only: counting all of them on each of their pages is work
            # that grows with the square of the names of one article
            for url, name in self.linked_names(article)[:MANY_NAMES]:
                if url != own_url:
                    counts[name] += 1
        ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0][1].casefold(), kv[0][0]))[:24]
        site = self.site
        return tuple(RelatedTerm(link.name, link.url, site.kind_label(kind, 1), n,
                                 site.words.plural("articles_count", n))
                     for (kind, name), n in ranked for link in [site.term_link(kind, name)])

    def linked_names(self, article: Article) -> list[tuple[str, tuple[str, str]]]:
        """The names of `article` that have a page, each page once (its first name):
        (page URL, (kind, name)). Made once per article, as every term page of the
        article counts them."""
        cached = self._names_linked.get(article.url)
        if cached is None:
            cached = self._names_linked[article.url] = []
            seen: set[tuple[str, str]] = set()
            links = self.site.teaser(article).entities  # each name's term_link, in order
            for kind in ENTITY_KINDS:
                for ref, link in zip(article.entities(kind), links[kind], strict=True):
                    if link.url is not None and (kind, link.url) not in seen:
                        seen.add((kind, link.url))
                        cached.append((link.url, (kind, link.name or ref.name)))
        return cached
