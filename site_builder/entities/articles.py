"""Entities of a news article: headline, summary, caption (without its photo credit) and body read
as one document."""

from __future__ import annotations

from .document import extract_entities


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


def article_entities(title: str, summary: str, caption: str, body: str) -> dict[str, list[dict]]:
    """Entities for a news article, grouped as people, organizations and places.

    The fields are read as one document so a surname in the body links to a full name in the
    summary; the caption's photo credit is removed first.
    """
    fields = [title, summary, strip_caption_credit(caption), body]
    text = "\n\n".join(field_text.strip() for field_text in fields if field_text and field_text.strip())
    result: dict[str, list[dict]] = {key: [] for key in _ARTICLE_KEYS.values()}
    for entity in extract_entities(text):
        result[_ARTICLE_KEYS[entity.type]].append({"name": entity.name, "aliases": list(entity.aliases)})
    for items in result.values():
        items.sort(key=lambda item: item["name"])
    return result
