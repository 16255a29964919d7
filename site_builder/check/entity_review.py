"""`site-builder entities --review`: the most-linked entity pages of each type, with what
makes each one suspect and a line for entities.toml that would fix it, so a newsroom can
clean its index in minutes. It reads content/ and entities.toml as a build does."""

from __future__ import annotations

import datetime as dt
import functools
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from site_builder.content.publication import published
from site_builder.content.read import broken_rule, load_articles
from site_builder.core.config import Config
from site_builder.core.errors import Problem
from site_builder.core.files import printable
from site_builder.core.model import ENTITY_KINDS, KINDS, ORGANIZATIONS, PEOPLE, Article
from site_builder.ingest.entities.lexicon import COMMON_WORDS, POST_NOMINALS
from site_builder.publish import cache
from site_builder.site.edits import apply_edits, edit_line, load_edits
from site_builder.site.names import without_legal_form, without_pageless_names  # the one rule of what a legal form is
from site_builder.site.terms import Term, collect_terms

# A page is suspect of the wrong type when other articles file its name under another
# type in at least one in this many of its own articles.
SHARE_TYPED_ELSEWHERE = 10
TEXT_SAMPLE = 50  # articles of a term read for its spelling: enough to find it, quick on a big archive


@dataclass(frozen=True)
class Suspect:
    """A page in the review: its name, how many articles link it, what makes it suspect
    (nothing for a page that looks right) and the entities.toml line that would fix it."""

    name: str
    articles: int
    signals: tuple[str, ...]
    suggestion: str | None


@dataclass(frozen=True)
class KindReview:
    kind: str  # a key of model.KINDS
    pages: int  # every page of the kind
    top: tuple[Suspect, ...]


def review(config: Config, top: int, now: dt.datetime | None = None) -> tuple[list[KindReview], list[Problem]]:
    """The `top` most-linked pages of each entity type, as the next build would make them."""
    # The last build's parses, read only: a page unchanged since is not parsed again.
    known = cache.BuildCache(config.path(cache.DEFAULT_FOLDER)).parsed_pages(broken_rule)
    articles, problems = load_articles(config.path(config.content), known)
    articles, _held = published(articles, now or dt.datetime.now(dt.UTC), drafts=False, future=False)
    edits = load_edits(config.root)
    articles, edit_problems = apply_edits(articles, edits)
    problems += edits.problems + edit_problems
    articles = without_pageless_names(articles)  # as the build: such names get no page
    typed = _types_by_name(articles)
    terms = {kind: [t for t in collect_terms(articles, kind) if len(t.articles) >= config.entity_min_articles]
             for kind in ENTITY_KINDS}
    surnames = _full_names_by_surname(terms[PEOPLE.key])
    reviews = []
    for kind in ENTITY_KINDS:
        ranked = sorted(terms[kind], key=lambda t: (-len(t.articles), t.name.casefold(), t.name))[:top]
        reviews.append(KindReview(kind, len(terms[kind]),
                                  tuple(_suspect(term, typed, surnames) for term in ranked)))
    return reviews, problems


def _types_by_name(articles: Sequence[Article]) -> dict[str, Counter[str]]:
    """Casefolded name -> in how many articles each kind names it."""
    typed: dict[str, Counter[str]] = defaultdict(Counter)
    for article in articles:
        for kind in ENTITY_KINDS:
            for key in {ref.name.casefold() for ref in article.entities(kind)}:
                typed[key][kind] += 1
    return typed


def _full_names_by_surname(people: Sequence[Term]) -> dict[str, Term]:
    """Surname (casefolded) -> the most-linked person page whose full name ends in it."""
    found: dict[str, Term] = {}
    for term in sorted(people, key=lambda t: (-len(t.articles), t.name)):
        words = [w for w in term.name.split() if w.rstrip(".").casefold() not in POST_NOMINALS]
        if len(words) > 1:
            found.setdefault(words[-1].casefold(), term)
    return found


def _folded(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _suspect(term: Term, typed: dict[str, Counter[str]], surnames: dict[str, Term]) -> Suspect:
    kind, name = term.kind, term.name
    signals: list[str] = []
    fixes: list[str] = []
    words = name.split()
    folded = _folded(name)
    if folded != name:
        texts = [f"{a.title}\n{a.summary}\n{a.body}" for a in term.articles[:TEXT_SAMPLE]]
        if not any(name in text for text in texts):
            signals.append(f"accent not in the text, which writes {folded!r}")
            if any(folded in text for text in texts):
                fixes.append(edit_line("display", name, folded))
    if kind != ORGANIZATIONS.key and without_legal_form(name.casefold()) != name.casefold():
        signals.append(f"legal form '{words[-1]}'")
        fixes.append(edit_line("retype", name, ORGANIZATIONS.entity_type or ""))
    elsewhere = Counter[str]()
    for key in term.keys:
        for other, count in typed.get(key, Counter()).items():
            if other != kind:
                elsewhere[other] += count
    other, count = min(elsewhere.items(), key=lambda item: (-item[1], ENTITY_KINDS.index(item[0])),
                       default=("", 0))
    if count * SHARE_TYPED_ELSEWHERE >= len(term.articles):  # a stray article or two is the extractor's noise
        signals.append(f"typed {KINDS[other].entity_type} in {count} article{'s' if count != 1 else ''}")
        if count > len(term.articles):
            fixes.append(edit_line("retype", name, KINDS[other].entity_type or ""))
    # A capitalised everyday word is a person's or a place's name only by mistake; an
    # organization's single word often is one ("Congress", "Treasury").
    common = len(words) == 1 and kind != ORGANIZATIONS.key and name.casefold() in COMMON_WORDS | _dictionary_words()
    if kind == PEOPLE.key and len(words) == 1:
        signals.append("single word")
        full = None if common else surnames.get(name.casefold())
        fixes.append(edit_line("merge", name, full.name) if full else edit_line("block", name, True))
    if common:
        signals.append("common English word")
        fixes.append(edit_line("block", name, True))
    return Suspect(name, len(term.articles), tuple(signals), fixes[0] if fixes else None)


@functools.cache
def _dictionary_words() -> frozenset[str]:
    """Ordinary English words that are not also a known place ("china", "turkey" are places here)."""
    from site_builder.ingest.entities.reference import gazetteer  # loaded only for a review: it takes a moment
    gaz = gazetteer()
    return gaz.dictionary - gaz.countries.keys() - gaz.cities.keys()


def report(reviews: Sequence[KindReview]) -> str:
    """The review as text: per type its most-linked pages, each suspect with its signals and
    the line to paste into entities.toml."""
    lines: list[str] = []
    suspects = 0
    for kind_review in reviews:
        label = KINDS[kind_review.kind].plural
        lines.append(f"{label}: the {len(kind_review.top)} most-linked of {kind_review.pages} pages")
        for suspect in kind_review.top:
            note = f"  ({'; '.join(suspect.signals)})" if suspect.signals else ""
            lines.append(f"  {suspect.articles:>6}  {printable(suspect.name)}{note}")  # names come from content
            if suspect.suggestion:
                lines.append(f"          {printable(suspect.suggestion)}")
            suspects += bool(suspect.signals)
        lines.append("")
    lines.append(f"{suspects} suspect page{'s' if suspects != 1 else ''}. Paste the lines you agree with into "
                 "entities.toml beside site.toml and build again; nothing needs ingesting.")
    return "\n".join(lines) + "\n"
