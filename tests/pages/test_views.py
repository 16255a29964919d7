"""docs/themes.md and the data templates really receive cannot drift apart: every table
there names a view dataclass or a template, and lists exactly its fields or page variables,
with the view classes it says a value holds."""

from __future__ import annotations

import dataclasses
import datetime as dt
import inspect
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

from site_builder.content.images import ImageView
from site_builder.content.markup import MarkdownHtml
from site_builder.core.config import Config
from site_builder.core.model import Article, EntityRef, OutputPage, Ticker
from site_builder.pages import views
from site_builder.pages.redirects import redirect_pages
from site_builder.pages.site_pages import PageExtras, SitePages
from site_fixtures import site_pages

THEMES_MD = Path(__file__).resolve().parents[2] / "docs" / "themes.md"
# ImageView is made where pictures are found (content/images.py) and is one of the views too.
VIEW_CLASSES = {name: cls for name, cls in inspect.getmembers(views, inspect.isclass)
                if dataclasses.is_dataclass(cls) and (cls.__module__ == views.__name__ or cls is ImageView)}
TEMPLATES = Path(__file__).resolve().parents[2] / "themes" / "default" / "templates"


@dataclasses.dataclass
class Table:
    heading: str
    rows: dict[str, str]  # each name in a row's first cell -> the row's value cell


def _tables() -> list[Table]:
    tables = []
    for section in re.split(r"^### ", THEMES_MD.read_text(encoding="utf-8"), flags=re.M)[1:]:
        heading, _, body = section.partition("\n")
        rows: dict[str, str] = {}
        for line in body.splitlines():
            if line.startswith("| `"):
                names, value = re.split(r"(?<!\\)\|", line.strip().strip("|"), maxsplit=1)
                for name in re.findall(r"`([^`]+)`", names):
                    rows[name] = value
        tables.append(Table(heading, rows))
    return tables


def _class_tables() -> dict[str, Table]:
    found = {}
    for table in _tables():
        match = re.search(r"\(`(\w+)`\)\s*$", table.heading)
        if match:
            found[match.group(1)] = table
    return found


def _template_tables() -> list[tuple[list[str], Table]]:
    found = []
    for table in _tables():
        if table.heading.startswith("`") and not re.search(r"\(`(\w+)`\)\s*$", table.heading):
            names = re.findall(r"`([\w.-]+\.(?:html|xml|txt))`", table.heading.split(":")[0])
            if names:
                found.append((names, table))
    return found


def _classes_named(value_cell: str) -> list[type]:
    """The view classes a value cell says the value holds: "(`Link`)", "(`RelatedArticle`; ...)"."""
    return [VIEW_CLASSES[name] for name in re.findall(r"\(`(\w+)`", value_cell) if name in VIEW_CLASSES]


def _article(slug: str, day: int | None, section: str = "World", **fields: Any) -> Article:
    return Article(title=slug.title(), slug=slug, section=section, section_slug=section.lower(), body="Some *text*.",
                   source_path=f"{section.lower()}/{slug}.md", date=dt.date(2020, 1, day) if day else None,
                   **fields)


@pytest.fixture(scope="module")
def built() -> tuple[views.SiteData, list[OutputPage]]:
    """A small archive that has every page family, with base_url (sitemaps), search bundles,
    a picture, an alias, an undated article and a list of several pages over two years."""
    names: dict[str, Any] = {"people": (EntityRef("Ada Lovelace"), EntityRef("Alan Turing")),
                             "organizations": (EntityRef("Royal Society", ("RS",)),),
                             "places": (EntityRef("London"),), "tags": ("Maths",)}
    articles = [_article(f"story-{n}", n + 1, **names) for n in range(5)]
    articles.append(dataclasses.replace(_article("story-old", 1, **names), date=dt.date(2019, 12, 31)))  # a 2nd year
    articles += [_article("undated", None, section="Business", author="Ann Author", summary="A summary.",
                          source_url="https://example.org/story", caption="A caption", credit="A/Credit",
                          aliases=("business/old-undated/index.html",), tags=("Maths",),
                          tickers=(Ticker("RS.L", "Royal Society"), Ticker("XYZ")))]
    image = views.ImageView("assets/images/abc.png", "A picture", 640, 480)
    builder = SitePages(Config(base_url="https://example.org/", page_size=2, entity_min_articles=1), articles,
                        extras=PageExtras(search_bundles=["pagefind-shards/1/"], images={articles[0].url: image}))
    pages = site_pages(builder)
    redirects, refused = redirect_pages(builder, {p.path for p in pages})
    assert redirects and not refused
    return builder.site_data(pagefind=True), pages + redirects


def _reachable(value: object) -> Iterator[object]:
    """Every view object a template can reach from `value`."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        yield value
        for field in dataclasses.fields(value):
            yield from _reachable(getattr(value, field.name))
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from _reachable(item)
    elif isinstance(value, (tuple, list, views.PageLinks)):
        for item in value:
            yield from _reachable(item)


def _holds(value: object, classes: list[type]) -> bool:
    """`value` is one of `classes`, a sequence of them, or None (an optional value)."""
    if value is None:
        return True
    if isinstance(value, (tuple, views.PageLinks)):
        return all(item is None or isinstance(item, tuple(classes)) for item in value)
    return isinstance(value, tuple(classes))


def test_every_view_class_is_documented_with_exactly_its_fields() -> None:
    tables = _class_tables()
    assert sorted(tables) == sorted(VIEW_CLASSES)
    for name, cls in VIEW_CLASSES.items():
        inherited = {f.name for base in cls.__mro__[1:] if dataclasses.is_dataclass(base)
                     for f in dataclasses.fields(base)}
        own = [f.name for f in dataclasses.fields(cls) if f.name not in inherited]
        assert sorted(tables[name].rows) == sorted(own), f"docs/themes.md on {name}"


def test_every_documented_field_holds_what_the_docs_say_on_real_objects(built) -> None:
    site_data, pages = built
    reached: dict[type, list[object]] = {}
    for value in [site_data, *(v for page in pages for v in page.context.values())]:
        for view in _reachable(value):
            reached.setdefault(type(view), []).append(view)
    assert sorted(c.__name__ for c in reached) == sorted(VIEW_CLASSES)  # every class reaches a template
    for name, table in _class_tables().items():
        for field, value_cell in table.rows.items():
            classes = _classes_named(value_cell)
            for view in reached[VIEW_CLASSES[name]]:
                value = getattr(view, field)
                if classes and field != "entities":
                    assert _holds(value, classes), f"{name}.{field} is {value!r}"
    entities = reached[views.Teaser][0].entities  # documented as a mapping of kinds to Links
    assert set(entities) == {"people", "organizations", "places"}
    assert all(_holds(links, [views.Link]) for links in entities.values())
    assert isinstance(reached[views.ArticleView][0].body_html, MarkdownHtml)


def test_every_template_is_documented_with_exactly_its_page_variables(built) -> None:
    _, pages = built
    real: dict[str, set[str]] = {}
    for page in pages:
        real.setdefault(page.template, set()).update(page.context)
    documented = _template_tables()
    assert sorted(t for names, _ in documented for t in names) == sorted(real)
    for names, table in documented:
        got = set().union(*(real[name] for name in names))
        assert sorted(table.rows) == sorted(got), f"docs/themes.md on {', '.join(names)}"
        for key, value_cell in table.rows.items():
            classes = _classes_named(value_cell)
            for page in pages:
                if classes and page.template in names and key in page.context:
                    assert _holds(page.context[key], classes), f"{page.path}: {key} is {page.context[key]!r}"


def test_the_theme_has_a_template_for_every_page_and_reads_site_as_documented(built) -> None:
    site_data, pages = built
    assert {p.template for p in pages} <= {p.name for p in TEMPLATES.iterdir()}
    used = set()
    for template in TEMPLATES.iterdir():
        used.update(re.findall(r"\bsite\.(\w+)", template.read_text(encoding="utf-8")))
    assert used <= {f.name for f in dataclasses.fields(site_data)}
