"""Front matter that ingest adds beyond what the seed says: entities and topic tags."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from site_builder.core.model import ENTITY_KINDS, KINDS, PLACES, TAGS
from site_builder.ingest.entities import ArticleText, Entity, article_text, by_salience, salient_entities
from site_builder.ingest.extractor import CommandExtractor, Request
from site_builder.ingest.seed import Seed
from site_builder.ingest.tags import suggest_tags

if TYPE_CHECKING:
    from site_builder.core.config import Config

# Bump when extraction changes, so the next ingest refreshes untouched pages.
EXTRACTOR_VERSION = "5"

# A news article is a few thousand characters; past this, a seed is a dump of some kind
# and its first part names who and what it is about.
MAX_ENTITY_TEXT = 100_000

def _fields(seed: Seed) -> tuple[str, str, str, str]:
    """title, summary, caption and body, as extraction reads them: the photo credit (kept apart
    by the seed's rule) names who took the photo, not who the article is about."""
    body = "\n\n".join(seed.paragraphs)[:MAX_ENTITY_TEXT]
    summary = "\n\n".join(filter(None, [seed.summary, seed.subheadline]))
    title, summary, caption = (text[:MAX_ENTITY_TEXT] for text in (seed.title, summary, seed.caption))
    return title, summary, caption, body


@dataclass(frozen=True)
class Parsed:
    """A seed read, parsed and enriched: what ingest writes a page from."""

    seed: Seed
    extra: dict[str, Any]  # the front matter enrichment found (tags, entities)


@dataclass(frozen=True)
class Refused:
    """A seed that gives no page this time, and why, in a sentence for the user."""

    reason: str


Prepared = Parsed | Refused


@dataclass(frozen=True)
class Enrichment:
    """What ingest adds to every seed, as site.toml sets it: entities from the built-in rules or
    an external command, and topic tags (automatic, from a fixed vocabulary, or none)."""

    auto_tags: bool = True
    tag_vocabulary: tuple[str, ...] = ()
    extractor: CommandExtractor | None = None

    @property
    def extractor_name(self) -> str:
        return self.extractor.name if self.extractor else "site_builder rules"

    @property
    def extractor_version(self) -> str:
        return self.extractor.version if self.extractor else EXTRACTOR_VERSION

    @property
    def recipe(self) -> str:
        """Changes whenever the same seed would give different front matter."""
        tags = "auto" if self.auto_tags else "off"
        return f"{self.extractor_name}:{self.extractor_version}:{tags}:{'|'.join(self.tag_vocabulary)}"

    def meta(self, seed: Seed, entities: list[Entity]) -> dict[str, Any]:
        """Front matter from the article's entities, most salient first."""
        title, _, _, body = _fields(seed)
        meta: dict[str, Any] = {TAGS.front_matter: []}
        if self.auto_tags:
            places = [entity for entity in entities if entity.type == PLACES.entity_type]
            meta[TAGS.front_matter] = suggest_tags(title, seed.summary[:MAX_ENTITY_TEXT], body, seed.section,
                                                   places, vocabulary=self.tag_vocabulary)
        for kind in (KINDS[key] for key in ENTITY_KINDS):
            meta[kind.front_matter] = [entity.name if not entity.aliases else {"name": entity.name,
                                                                               "aliases": list(entity.aliases)}
                                       for entity in entities if entity.type == kind.entity_type]
        return meta

    def __call__(self, seed: Seed) -> dict[str, Any]:
        """Enrich one seed with the built-in rules (the external command goes through `stream`)."""
        return self.meta(seed, salient_entities(*_fields(seed)))

    def stream(self, prepared: Iterator[Prepared]) -> Iterator[Prepared]:
        """Every seed parsed with no enrichment yet (`Parsed(seed, {})`), in order, enriched
        through the external command; a `Refused` seed passes through, and a seed the command
        failed on becomes one."""
        assert self.extractor is not None
        numbers = itertools.count(1)
        ranges: dict[int, ArticleText] = {}

        def request(item: Prepared) -> Request | None:
            if isinstance(item, Refused):
                return None
            article = article_text(*_fields(item.seed))
            ranges[id(item)] = article  # the item stays alive until it is answered
            return Request(str(next(numbers)), article.text)

        for item, found in self.extractor.stream(prepared, request):
            if isinstance(item, Refused) or found is None:
                yield item
                continue
            article = ranges.pop(id(item))
            if isinstance(found, str):
                yield Refused(found)
            else:
                yield Parsed(item.seed, self.meta(item.seed, by_salience(found, article)))


def enrichment_from_config(config: Config) -> Enrichment:
    command = CommandExtractor(list(config.entity_command), config.root) if config.entity_command else None
    return Enrichment(auto_tags=config.auto_tags, tag_vocabulary=tuple(config.tag_vocabulary), extractor=command)


enrich_seed = Enrichment()
