"""The model's table of kinds is the one place a kind is named: change a row, and the
pages, links, labels and front matter keys of that kind change with it."""

from __future__ import annotations

import dataclasses
import html
import json
import re
import typing
from pathlib import Path

import pytest

from site_builder.build.run import build
from site_builder.core import model
from site_builder.core.config import load_config
from site_builder.ingest.entities import EntityType
from site_builder.ingest.extractor import TYPES


def _project(root: Path, entity_key: str) -> Path:
    (root / "content" / "world").mkdir(parents=True)
    (root / "site.toml").write_text('title = "Tiny Times"\nentity_min_articles = 1\n', encoding="utf-8")
    (root / "content" / "world" / "hello.md").write_text(
        f"---\ntitle: Hello\nslug: hello\nsection: World\ndate: 2024-05-06\n{entity_key}: [Ada Lovelace]\n"
        "tags: [Maths]\n---\n\nBody text.\n", encoding="utf-8")
    return root


def test_every_page_takes_a_kinds_folder_and_key_from_the_table_and_its_words_from_the_theme(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The folder and front matter key come from the table; the words pages show for the kind
    from the theme's string table (`kind_people`), in the site's language, as every word."""
    renamed = dataclasses.replace(model.PEOPLE, label="Individual", plural="Individuals", folder="who",
                                  front_matter="persons")
    monkeypatch.setitem(model.KINDS, "people", renamed)
    project = _project(tmp_path, "persons")
    theme = project / "themes" / "mine"
    (theme / "i18n").mkdir(parents=True)
    (theme / "templates").mkdir()  # a theme needs one, even empty: it takes every template from the default
    (theme / "theme.toml").write_text('extends = "default"\n', encoding="utf-8")
    (theme / "i18n" / "en.toml").write_text('kind_people = "Individuals"\nkind_people_one = "Individual"\n',
                                           encoding="utf-8")
    with (project / "site.toml").open("a", encoding="utf-8") as settings:
        settings.write('theme = "mine"\n')
    build(load_config(project), use_cache=False)
    site = project / "public"
    assert not (site / "people").exists()
    index = (site / "who" / "index.html").read_text(encoding="utf-8")
    assert '<h1 class="page-title">Individuals</h1>' in index
    assert '<a href="../who/ada-lovelace/index.html">Lovelace, Ada</a>' in index  # still sorted by surname
    person = (site / "who" / "ada-lovelace" / "index.html").read_text(encoding="utf-8")
    assert '<a href="../../who/index.html">Individuals</a>' in person  # the kicker and the footer
    assert (site / "who" / "ada-lovelace" / "feed.xml").is_file()
    article = (site / "world" / "hello" / "index.html").read_text(encoding="utf-8")
    assert '<h2 id="ent-people">Individuals</h2>' in article
    assert '<a href="../../who/ada-lovelace/index.html" data-pagefind-filter="people">Ada Lovelace</a>' in article
    home = (site / "index.html").read_text(encoding="utf-8")
    assert '<li><a href="who/ada-lovelace/index.html">Ada Lovelace</a></li>' in home  # the teaser's names
    search = (site / "search" / "index.html").read_text(encoding="utf-8")
    groups = json.loads(html.unescape(re.search(r"data-groups='([^']*)'", search).group(1)))
    assert groups == [["section", "Section"], ["tags", "Tags"], ["people", "Individuals"],
                      ["organizations", "Organizations"], ["places", "Places"]]  # the search filters


def test_the_front_matter_key_of_a_kind_is_the_tables(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With the table's own key, `people:` front matter is read; a key the table does not name is not."""
    project = _project(tmp_path / "a", "people")
    build(load_config(project), use_cache=False)
    assert (project / "public" / "people" / "ada-lovelace" / "index.html").is_file()
    monkeypatch.setitem(model.KINDS, "people", dataclasses.replace(model.PEOPLE, front_matter="persons"))
    project = _project(tmp_path / "b", "people")
    build(load_config(project), use_cache=False)
    assert not (project / "public" / "people" / "ada-lovelace").exists()


def test_the_extractors_entity_types_are_the_tables() -> None:
    """Every type the built-in extractor gives and an external one may give has a row, and back."""
    entity_types = {kind.entity_type for kind in model.KINDS.values() if kind.entity_type}
    assert set(typing.get_args(EntityType)) == entity_types == set(TYPES) == set(model.KIND_OF_TYPE)
    assert model.ENTITY_KINDS == ("people", "organizations", "places")  # the order pages and search show them in


def test_an_entity_reference_reads_as_the_dataclass_would_write_it() -> None:
    """Digests of the site model (pages.archive_keys, page group inputs) repr many of
    them: its quicker repr must be the very text the dataclass wrote, field for field."""
    plain = dataclasses.make_dataclass("EntityRef", [(f.name, f.type, f) for f in dataclasses.fields(model.EntityRef)],
                                       frozen=True)
    for ref in (model.EntityRef("Ali Khamenei"), model.EntityRef("IMF", ("International Monetary Fund", "it's")),
                model.EntityRef('Quote "\\ name', ("\u00e9",))):
        assert repr(ref) == repr(plain(**dataclasses.asdict(ref)))
    assert [f.name for f in dataclasses.fields(model.EntityRef)] == ["name", "aliases"]  # all that repr shows
