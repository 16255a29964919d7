""""Related coverage": for each article, the others that share its rarest names and tags.

An inverted index from each term (a tag, person, organization or place) to its articles
gives every article its candidates without comparing all pairs: the work is the sum, over
an article's terms, of how many articles carry each. Terms on more than `common` articles
are left out: they say little about any two articles and would make that sum quadratic."""

from __future__ import annotations

import heapq
import math
import operator
from collections import defaultdict
from collections.abc import Sequence

from site_builder.core.model import ENTITY_KINDS, Article

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
    weighted = {key: (math.log(1 + total / len(ids)), ids) for key, ids in postings.items() if 1 < len(ids) <= common}
    related: list[list[int]] = []
    for index, keys in enumerate(terms):
        scores: dict[int, float] | None = None
        for key in keys:  # sorted, so equal sets of shared terms give bit-identical sums
            entry = weighted.get(key)
            if entry is None:
                continue
            weight, ids = entry
            if scores is None:  # most articles have few weighted terms: the first in one C call
                scores = dict.fromkeys(ids, weight)
                score = scores.get
            else:
                for other in ids:
                    scores[other] = score(other, 0.0) + weight
        if scores is None:
            related.append([])
            continue
        scores.pop(index, None)
        # The heaviest first, then the newest (the lowest index): (-weight, index) pairs, compared in C.
        best = heapq.nsmallest(size, zip(map(operator.neg, scores.values()), scores, strict=True))
        related.append([other for _, other in best])
    return related
