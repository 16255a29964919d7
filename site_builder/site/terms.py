"""Every tag and entity of the archive as Terms: its site-wide name, slug, spellings
and articles (names.resolve_names merges acronyms, aliases and spellings)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any, overload

from site_builder.core.model import KINDS, TAGS, Article
from site_builder.core.slugs import term_slugs
from site_builder.site.names import resolve_names
from site_builder.site.order import newest_first


class ArticleRun(Sequence[Article]):
    """Some of the archive's articles, named by their places in it: a term's articles as
    the indexes its row already holds (term_rows), not a tuple of its own. A site of
    100,000 articles has about a million places on term rows; a tuple per term held
    each one a second time. Reads as a tuple of the articles, and compares as one."""

    __slots__ = ("_archive", "_places")

    def __init__(self, archive: Sequence[Article], places: Sequence[int]) -> None:
        self._archive, self._places = archive, places

    @overload
    def __getitem__(self, index: int) -> Article: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[Article, ...]: ...

    def __getitem__(self, index: int | slice) -> Article | tuple[Article, ...]:
        if isinstance(index, slice):
            return tuple(map(self._archive.__getitem__, self._places[index]))
        return self._archive[self._places[index]]

    def __len__(self) -> int:
        return len(self._places)

    def __iter__(self) -> Iterator[Article]:
        return map(self._archive.__getitem__, self._places)

    def __eq__(self, other: object) -> bool:
        return tuple(self) == (tuple(other) if isinstance(other, ArticleRun) else other)

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return repr(tuple(self))


@dataclass(frozen=True, slots=True)
class Term:
    """A tag or an entity, with the articles that carry it (newest first). Slotted: an
    archive has a term for every few articles, and a dictionary each doubled their size."""

    kind: str  # a key of model.KINDS
    name: str
    slug: str
    aliases: tuple[str, ...]
    articles: Sequence[Article]  # an ArticleRun, or a tuple
    keys: frozenset[str] = frozenset()  # every casefolded spelling that leads to this term

    @property
    def url(self) -> str:
        return f"{KINDS[self.kind].folder}/{self.slug}/index.html"

    @property
    def feed(self) -> str:
        return f"{KINDS[self.kind].folder}/{self.slug}/feed.xml"


def make_terms(kind: str, rows: Sequence[Sequence[Any]], articles: Sequence[Article]) -> list[Term]:
    """The Terms of term_rows, over the same articles (each term's articles read
    through its row's indexes: see ArticleRun)."""
    return [Term(kind, name, slug, tuple(aliases), ArticleRun(articles, indexes), frozenset(keys))
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
    name, each with its articles newest first (check.entity_review reads them)."""
    return [replace(term, articles=tuple(newest_first(term.articles)))
            for term in make_terms(kind, term_rows(articles, kind), articles)]
