"""The one order of the archive every page, list and digest follows."""

from __future__ import annotations

from collections.abc import Iterable

from site_builder.content.dates import iso
from site_builder.core.model import Article


def newest_first(articles: Iterable[Article]) -> list[Article]:
    """Dated articles newest first, then undated ones as they arrived, the latest first (their
    `arrival`, which ingest writes), then those without one in the order of their content
    files' paths: the same order every build."""
    dated = sorted((a for a in articles if a.date is not None),
                   key=lambda a: (iso(a.date), a.section_slug, a.slug), reverse=True)  # type: ignore[arg-type]
    undated = sorted((a for a in articles if a.date is None),
                     key=lambda a: (a.arrival is None, -(a.arrival or 0), a.source_path, a.url))
    return dated + undated
