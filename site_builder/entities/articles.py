"""Entities of a news article: headline, summary, caption (without its photo credit) and body read
as one document."""

from __future__ import annotations

from .document import Entity, extract_entities


_MAX_CREDIT_LENGTH = 200
_ARTICLE_KEYS: dict[str, str] = {"person": "people", "organization": "organizations", "place": "places"}


def strip_caption_credit(caption: str) -> str:
    """Remove a trailing parenthesised photo credit such as "(Jane Doe/Agency)"."""
    trimmed = caption.rstrip()
    if not trimmed.endswith(")"):
        return caption
    opening = trimmed.rfind("(")
    inner = trimmed[opening + 1 : -1]
    # A credit names a photographer and an agency separated by a slash, on one short line.
    is_credit = opening >= 0 and "/" in inner and "\n" not in inner and len(inner) <= _MAX_CREDIT_LENGTH
    return trimmed[:opening].rstrip() if is_credit else caption


def salient_entities(title: str, summary: str, caption: str, body: str) -> list[Entity]:
    """Entities of a news article, most salient first: named in the headline, then in the lead
    (summary and first paragraph), then by how often the text names them; a name found only in
    the photo caption comes last.

    The fields are read as one document so a surname in the body links to a full name in the
    summary; the caption's photo credit is removed first.
    """
    lead = body.strip().split("\n\n", 1)[0] if body.strip() else ""
    fields = [("title", title), ("summary", summary), ("caption", strip_caption_credit(caption)),
              ("body", body)]
    parts: list[str] = []
    ranges: dict[str, tuple[int, int]] = {}
    offset = 0
    for name, field_text in fields:
        field_text = (field_text or "").strip()
        if not field_text:
            continue
        ranges[name] = (offset, offset + len(field_text))
        parts.append(field_text)
        offset += len(field_text) + 2
    text = "\n\n".join(parts)
    title_end = ranges.get("title", (0, 0))[1]
    lead_ranges = [ranges[k] for k in ("summary",) if k in ranges]
    if "body" in ranges:
        start = ranges["body"][0]
        lead_ranges.append((start, start + len(lead)))
    caption_range = ranges.get("caption", (0, 0))

    def salience(entity: Entity) -> tuple:
        starts = [start for start, _ in entity.mentions]
        in_title = any(start < title_end for start in starts)
        in_lead = any(a <= start < b for start in starts for a, b in lead_ranges)
        outside_caption = sum(1 for start in starts if not caption_range[0] <= start < caption_range[1])
        return (not in_title, not in_lead, outside_caption == 0, -outside_caption, starts[0], entity.name)

    return sorted(extract_entities(text), key=salience)


def article_entities(title: str, summary: str, caption: str, body: str) -> dict[str, list[dict]]:
    """Entities for a news article, grouped as people, organizations and places, each list most
    salient first (see `salient_entities`)."""
    result: dict[str, list[dict]] = {key: [] for key in _ARTICLE_KEYS.values()}
    for entity in salient_entities(title, summary, caption, body):
        result[_ARTICLE_KEYS[entity.type]].append({"name": entity.name, "aliases": list(entity.aliases)})
    return result
