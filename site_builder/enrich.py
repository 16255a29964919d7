"""Front matter that ingest adds beyond what the seed says: entities and topic tags."""

from __future__ import annotations

from typing import Any

from .entities import salient_entities
from .tags import suggest_tags
from .seed import Seed


# Bump when extraction changes, so the next ingest refreshes untouched pages.
EXTRACTOR_VERSION = "2"

# A news article is a few thousand characters; past this, a seed is a dump of some kind
# and its first part names who and what it is about.
MAX_ENTITY_TEXT = 100_000


def enrich_seed(seed: Seed) -> dict[str, Any]:
    """people/organizations/places as names (or {name, aliases}) and 2-6 topic tags."""
    body = "\n\n".join(seed.paragraphs)[:MAX_ENTITY_TEXT]
    caption = f"{seed.caption} ({seed.credit})" if seed.credit else seed.caption
    summary = "\n\n".join(filter(None, [seed.summary, seed.subheadline]))
    title, summary, caption = (text[:MAX_ENTITY_TEXT] for text in (seed.title, summary, caption))
    entities = salient_entities(title, summary, caption, body)
    places = [entity for entity in entities if entity.type == "place"]
    meta: dict[str, Any] = {"tags": suggest_tags(title, seed.summary[:MAX_ENTITY_TEXT], body, seed.section, places)}
    for kind, etype in (("people", "person"), ("organizations", "organization"), ("places", "place")):
        meta[kind] = [entity.name if not entity.aliases else {"name": entity.name, "aliases": list(entity.aliases)}
                      for entity in entities if entity.type == etype]
    return meta
