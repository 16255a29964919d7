"""The site as data: articles read from content/, and the pages built from them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from site_builder.core.errors import Problem


@dataclass(frozen=True)
class Kind:
    """A kind of term: tags, or one kind of entity. `KINDS` is the one table of them;
    every module and template that names a kind reads it from there."""

    key: str  # the Article field, the search filter group and the `kind` templates receive
    label: str  # one of them: "Person"
    plural: str  # the index page's title and the footer link: "People"
    folder: str  # the URL folder of the index and the term pages: people/index.html
    front_matter: str  # the key in a content page's front matter
    entity_type: str | None = None  # what the entity extractor calls one ("person"); None for tags


TAGS = Kind("tags", "Tag", "Tags", "tags", "tags")
PEOPLE = Kind("people", "Person", "People", "people", "people", "person")
ORGANIZATIONS = Kind("organizations", "Organization", "Organizations", "organizations", "organizations",
                     "organization")
PLACES = Kind("places", "Place", "Places", "places", "places", "place")

# Tags, or names of one kind, on one article past which its page gets a warning (content.py),
# and the names of one article that count toward the names shown with each other (pages.py).
MANY_NAMES = 100
KINDS: dict[str, Kind] = {kind.key: kind for kind in (TAGS, PEOPLE, ORGANIZATIONS, PLACES)}  # in display order
ENTITY_KINDS: tuple[str, ...] = tuple(key for key, kind in KINDS.items() if kind.entity_type)  # people, orgs, places
KIND_OF_TYPE = {kind.entity_type: kind for kind in KINDS.values() if kind.entity_type}  # "person" -> PEOPLE


def search_filter_groups() -> tuple[tuple[str, str], ...]:
    """The search filters, (key, label) in display order: the section, then each kind of the
    table. Read when asked, so the groups always follow the table."""
    return (("section", "Section"), *((kind.key, kind.plural) for kind in KINDS.values()))


@dataclass(frozen=True, repr=False)
class EntityRef:
    name: str
    aliases: tuple[str, ...] = ()

    def __repr__(self) -> str:  # the dataclass's own text, four times quicker: digests repr many
        return f"EntityRef(name={self.name!r}, aliases={self.aliases!r})"


@dataclass(frozen=True)
class Ticker:
    """A stock symbol, and the company it follows in wire copy ("" when none is known)."""

    symbol: str
    company: str = ""


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
    source_url: str = ""  # an http(s) address or "": content.py leaves any other out
    tickers: tuple[Ticker, ...] = ()
    raw_title: str = ""  # the headline as the wire sent it, when ingest made it readable (wire.py)
    draft: bool = False  # kept out of the build unless it asks for drafts
    aliases: tuple[str, ...] = ()  # old addresses, as files of the site ("world/old-slug/index.html")
    arrival: int | None = None  # the N-th page its content folder received (ingest): orders undated pages

    @cached_property
    def url(self) -> str:  # cached: a build asks for it a million times at 10,000 articles
        return f"{self.section_slug}/{self.slug}/index.html"

    def entities(self, kind: str) -> tuple[EntityRef, ...]:
        refs: tuple[EntityRef, ...] = getattr(self, kind)
        return refs


@dataclass(frozen=True)
class OutputPage:
    """One file of the built site: where it goes, which template renders it, with what
    (the page variables, views.py). Not a content page (frontmatter.ContentPage), which
    is a Markdown file under content/."""

    path: str  # relative to the output folder, always ending in .html/.xml/...
    template: str
    context: dict[str, Any] = field(default_factory=dict)


# A content page as read: its article (None when it was skipped), and its problems.
ParsedPage = tuple[Article | None, list[Problem]]


@dataclass(frozen=True)
class HeldBack:
    """How many articles a build held back (content.publication)."""

    drafts: int = 0
    embargoed: int = 0

    @property
    def total(self) -> int:
        return self.drafts + self.embargoed
