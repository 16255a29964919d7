"""Which articles a build publishes: drafts and embargoed articles are held back.

An article is embargoed while its date lies after the build's clock. A date-only value
counts from the start of that day in UTC, a date-time without a zone is read as UTC,
so the moment is the same wherever the build runs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from site_builder.core.model import Article
from site_builder.core.model import HeldBack as HeldBack  # a model type the build cache stores


def publication_time(date: dt.date | dt.datetime) -> dt.datetime:
    """The moment an article dated `date` may appear, as an aware UTC datetime."""
    if isinstance(date, dt.datetime):
        return date if date.tzinfo else date.replace(tzinfo=dt.UTC)
    return dt.datetime(date.year, date.month, date.day, tzinfo=dt.UTC)


def published(articles: Sequence[Article], now: dt.datetime, drafts: bool = False,
              future: bool = False) -> tuple[list[Article], HeldBack]:
    """The articles to publish at `now` (an aware datetime), and how many were held back.
    `drafts` and `future` let drafts and embargoed articles through (a preview)."""
    if now.tzinfo is None:
        raise ValueError("the build's clock must be an aware datetime")
    kept: list[Article] = []
    held_drafts = held_embargoed = 0
    for article in articles:
        if article.draft and not drafts:
            held_drafts += 1
        elif article.date is not None and not future and publication_time(article.date) > now:
            held_embargoed += 1
        else:
            kept.append(article)
    return kept, HeldBack(held_drafts, held_embargoed)
