"""Entities of a news article: headline, summary, caption and body read as one document. The
caption comes without its photo credit (`seed.split_credit` is the rule that takes it off)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from site_builder.core.model import ENTITY_KINDS, KIND_OF_TYPE
from site_builder.ingest.entities.document import Entity, extract_entities


@dataclass(frozen=True)
class ArticleText:
    """An article's fields read as one document, and where the parts that make a name salient
    are in it."""

    text: str
    title: tuple[int, int]
    lead: tuple[tuple[int, int], ...]  # the summary and the first paragraph
    caption: tuple[int, int]


def article_text(title: str, summary: str, caption: str, body: str) -> ArticleText:
    """The fields joined by blank lines."""
    fields = (("title", title), ("summary", summary), ("caption", caption), ("body", body))
    parts: list[str] = []
    ranges: dict[str, tuple[int, int]] = {}
    offset = 0
    for name, field_text in fields:
        field_text = (field_text or "").strip()
        if field_text:
            ranges[name] = (offset, offset + len(field_text))
            parts.append(field_text)
            offset += len(field_text) + 2
    lead = [ranges["summary"]] if "summary" in ranges else []
    if "body" in ranges:
        start = ranges["body"][0]
        lead.append((start, start + len(body.strip().split("\n\n", 1)[0])))
    return ArticleText("\n\n".join(parts), ranges.get("title", (0, 0)), tuple(lead), ranges.get("caption", (0, 0)))


def by_salience(entities: list[Entity], article: ArticleText) -> list[Entity]:
    """Most salient first: named in the headline, then in the lead, then by how often the text
    names them; a name found only in the photo caption comes last."""

    def salience(entity: Entity) -> tuple[bool, bool, bool, int, int, str]:
        starts = [start for start, _ in entity.mentions] or [len(article.text)]
        in_title = any(article.title[0] <= start < article.title[1] for start in starts)
        in_lead = any(a <= start < b for start in starts for a, b in article.lead)
        outside_caption = sum(1 for start in starts if not article.caption[0] <= start < article.caption[1])
        return (not in_title, not in_lead, outside_caption == 0, -outside_caption, starts[0], entity.name)

    return sorted(entities, key=salience)


def salient_entities(title: str, summary: str, caption: str, body: str) -> list[Entity]:
    """Entities of a news article, most salient first (see `by_salience`). The fields are read as
    one document so a surname in the body links to a full name in the summary."""
    article = article_text(title, summary, caption, body)
    return by_salience(extract_entities(article.text), article)


def article_entities(title: str, summary: str, caption: str, body: str) -> dict[str, list[dict[str, Any]]]:
    """Entities for a news article, grouped as people, organizations and places, each list most
    salient first (see `salient_entities`)."""
    result: dict[str, list[dict[str, Any]]] = {key: [] for key in ENTITY_KINDS}
    for entity in salient_entities(title, summary, caption, body):
        result[KIND_OF_TYPE[entity.type].key].append({"name": entity.name, "aliases": list(entity.aliases)})
    return result
