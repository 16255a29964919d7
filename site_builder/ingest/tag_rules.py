"""Which tags are worth a page: the rules a tag must pass, applied by ingest to the tags it
suggests and by every build to the whole archive (tag_rules) (so pages ingested before a rule came in,
and tags written by hand, follow it too, without ingesting again).

- No filler: "News" and "General" say nothing about an article.
- No tag repeating the article's section: the page links the section already.
- "A–B Relations" only between two sovereign states, and only when at least two articles
  of the archive carry it (a tag of one article leads nowhere).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from site_builder.core.model import Article
from site_builder.ingest.entities.lexicon import SOVEREIGN_STATES

FILLER_TAGS = frozenset({"news", "general"})  # casefolded
RELATIONS_MIN_ARTICLES = 2
# Short forms used in relation tags ("Iran–US Relations").
RELATION_SHORT_NAMES: dict[str, str] = {"United States": "US", "United Kingdom": "UK"}
_LONG_NAMES = {short: name for name, short in RELATION_SHORT_NAMES.items()}
# "A–B Relations" as ingest writes it; a hyphen or a plain dash as an editor may type it.
_RELATIONS = re.compile(r"(.+?)\s*[–—-]\s*(.+?)\s+Relations", re.IGNORECASE)


def relations_tag(first: str, second: str) -> str:
    """The tag for two states ("United States", "Iran" → "Iran–US Relations"), names in A–Z order."""
    a, b = sorted(RELATION_SHORT_NAMES.get(name, name) for name in (first, second))
    return f"{a}–{b} Relations"


def is_state(name: str) -> bool:
    """A sovereign state, by the gazetteer's name or a relation tag's short form ("US")."""
    return _LONG_NAMES.get(name, name) in SOVEREIGN_STATES


def _relations_sides(tag: str) -> tuple[str, str] | None:
    """The two sides of an "A–B Relations" tag, None for any other tag. A country's own name
    with a hyphen ("Guinea-Bissau") is one side, not two."""
    found = _RELATIONS.fullmatch(tag.strip())
    if found is None:
        return None
    body = tag.strip()[: -len("Relations")].strip()
    for separator in ("–", "—", " - ", "-"):
        parts = body.split(separator)
        for cut in range(1, len(parts)):
            first, second = separator.join(parts[:cut]).strip(), separator.join(parts[cut:]).strip()
            if is_state(first) and is_state(second):
                return first, second
    return found.group(1), found.group(2)


def is_relations_tag(tag: str) -> bool:
    return _relations_sides(tag) is not None


def wanted_on_article(tag: str, section: str) -> bool:
    """The article-level rules: no filler, no repeat of the section, relations only between states."""
    key = tag.strip().casefold()
    if not key or key in FILLER_TAGS or key == section.strip().casefold():
        return False
    sides = _relations_sides(tag)
    return sides is None or (sides[0] != sides[1] and is_state(sides[0]) and is_state(sides[1]))


@dataclass(frozen=True)
class TagRules:
    """The rules as they stand for one archive: `relations`, the relations tags (casefolded)
    enough of its articles carry. `apply` takes any article, also one of an earlier build
    (the file:// index compares with those)."""

    relations: frozenset[str]

    def apply(self, article: Article) -> Article:
        """The article with only the tags worth a page; the very same object when it keeps all."""
        tags = tuple(t for t in article.tags if wanted_on_article(t, article.section)
                     and (t.casefold() in self.relations or not is_relations_tag(t)))
        return article if tags == article.tags else replace(article, tags=tags)


def tag_rules(articles: Sequence[Article]) -> TagRules:
    """The rules over these articles. Deterministic: they depend on the articles alone, not
    on their order."""
    carried: Counter[str] = Counter()
    for article in articles:
        wanted = {t.casefold(): t for t in article.tags if wanted_on_article(t, article.section)}
        carried.update(key for key, tag in wanted.items() if is_relations_tag(tag))
    return TagRules(frozenset(key for key, count in carried.items() if count >= RELATIONS_MIN_ARTICLES))

