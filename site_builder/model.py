"""The site as data: articles read from content/, and the pages built from them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

ENTITY_KINDS = ("people", "organizations", "places")


@dataclass(frozen=True)
class EntityRef:
    name: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Article:
    title: str
    slug: str
    section: str
    section_slug: str
    body: str  # Markdown
    source_path: str  # the content file, relative to content/
    date: dt.date | dt.datetime | None = None
    author: str = ""
    summary: str = ""
    subheadline: str = ""
    caption: str = ""
    credit: str = ""
    image: str = ""  # a picture file under content/, as front matter names it (see images.py)
    image_alt: str = ""
    tags: tuple[str, ...] = ()
    people: tuple[EntityRef, ...] = ()
    organizations: tuple[EntityRef, ...] = ()
    places: tuple[EntityRef, ...] = ()
    source: str = ""
    source_url: str = ""
    draft: bool = False  # kept out of the build unless it asks for drafts
    aliases: tuple[str, ...] = ()  # old addresses, as files of the site ("world/old-slug/index.html")

    @property
    def url(self) -> str:
        return f"{self.section_slug}/{self.slug}/index.html"

    def entities(self, kind: str) -> tuple[EntityRef, ...]:
        refs: tuple[EntityRef, ...] = getattr(self, kind)
        return refs


@dataclass(frozen=True)
class Page:
    """One output file: where it goes, which template renders it, with what."""

    path: str  # relative to the output folder, always ending in .html/.xml/...
    template: str
    context: dict[str, Any] = field(default_factory=dict)
