"""The build's plan stage: what changed since the site it replaces, so what may be
kept of it (page groups whose inputs are the same) and what only may have changed."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from site_builder.build.load import Loaded, Looked, Request, Scanned
from site_builder.build.model import Model
from site_builder.core.model import Article
from site_builder.publish import cache


@dataclass(frozen=True)
class Plan:
    """What the current site's pages may be kept from."""

    old_keys: Mapping[str, str]  # each file of the current site, with its key
    stored: Mapping[str, list[Any]]  # the current site's page groups: name → [inputs, paths]
    edited: set[str] | None  # the only page groups that may have changed; None: any may have


def plan(looked: Looked, model: Model, sources: Mapping[str, str]) -> Plan:
    previous = looked.previous
    edited = _edited_articles(previous, model.listing, sources, model.site.articles) if looked.untouched else None
    stored = previous.groups if previous and previous.environment == model.page_environment else {}
    return Plan(previous.keys if previous else {}, stored, edited)


def _edited_articles(previous: cache.Published | None, listing: str, sources: Mapping[str, str],
                     articles: Iterable[Article]) -> set[str] | None:
    """The page groups of the articles whose content file changed since the current
    site was built, when nothing else any page shows did (the same listing digest):
    no other page can have changed. None when other pages may have changed too."""
    if previous is None or not previous.listing or previous.listing != listing:
        return None
    edited = {rel for rel, key in sources.items() if previous.sources.get(rel) != key}
    return {f"article:{article.url}" for article in articles if article.source_path in edited}


@dataclass(frozen=True)
class Prepared:
    """All a build has worked out before it writes a file: its stages' results."""

    request: Request
    scanned: Scanned
    looked: Looked
    loaded: Loaded
    model: Model
    plan: Plan
    store: cache.BuildCache | None
