""""Related coverage": for each article, the others that share its rarest names and tags.

An inverted index from each term (a tag, person, organization or place) to its articles
gives every article its candidates without comparing all pairs: the work is the sum, over
an article's terms, of how many articles carry each. Terms on more than `common` articles
are left out: they say little about any two articles and would make that sum quadratic."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence

from .model import ENTITY_KINDS, Article

RELATED_SIZE = 5
COMMON_TERM = 200  # a term on more articles than this is too common to relate two of them

Term = tuple[str, str]  # (kind, name folded to lower case)


def article_terms(article: Article) -> list[Term]:
    """The article's tags and entities, each once, in a fixed order."""
    terms = {("tags", t.casefold()) for t in article.tags}
    terms.update((kind, ref.name.casefold()) for kind in ENTITY_KINDS for ref in article.entities(kind))
    return sorted(terms)


def related_articles(articles: Sequence[Article], size: int = RELATED_SIZE,
                     common: int = COMMON_TERM) -> list[list[int]]:
    """For each of `articles` (newest first), the indexes of up to `size` others, by the
    summed weight of the terms they share, heaviest first; on a tie, the newer first.
    A term's weight is its inverse document frequency, log(1 + N / articles carrying it),
    so a name two articles share says more than a country two hundred share."""
    postings: dict[Term, list[int]] = defaultdict(list)
    terms = [article_terms(article) for article in articles]
    for index, keys in enumerate(terms):
        for key in keys:
            postings[key].append(index)
    total = len(articles)
    weight = {key: math.log(1 + total / len(ids)) for key, ids in postings.items() if 1 < len(ids) <= common}
    related: list[list[int]] = []
    for index, keys in enumerate(terms):
        scores: dict[int, float] = defaultdict(float)
        for key in keys:  # sorted, so equal sets of shared terms give bit-identical sums
            w = weight.get(key)
            if w is not None:
                for other in postings[key]:
                    scores[other] += w
        scores.pop(index, None)
        ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
        related.append([other for other, _ in ranked[:size]])
    return related
