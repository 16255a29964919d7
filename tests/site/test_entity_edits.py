"""The editor's entities.toml: block, retype, merge and rename names at build time, without
ingesting again; every mistake named with file and line while the rest is applied."""

from __future__ import annotations

from pathlib import Path

import pytest

from site_builder.build import index as index_stage
from site_builder.build.run import build
from site_builder.cli import main
from site_builder.core.config import load_config
from site_builder.serve.server import watched_paths
from site_builder.site.edits import parse_edits
from site_fixtures import digest_tree, names_on_page, write_page


@pytest.fixture
def newsroom(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Four articles; every name has a page (entity_min_articles = 1). Two people share the surname
    Blair, so the build's own rules leave "Blair" a page of its own: only the editor can merge it."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "site.toml").write_text("entity_min_articles = 1\n", encoding="utf-8")
    write_page(tmp_path, "budget-talks", date="2020-01-01", people=["Tony Blair", "Monday"],
               organizations=["Reuters"])
    write_page(tmp_path, "blair-visits", date="2020-01-02", people=["Blair", "Wall Street"],
               organizations=["Reuters"], places=["Iraq"])
    write_page(tmp_path, "acme-results", section="Business", date="2020-01-03", people=["Monday", "Cherie Blair"],
               organizations=["Acme"], places=["Iraq"])
    write_page(tmp_path, "cup-final", section="Sport", date="2020-01-04", people=["Jane Striker"])
    return tmp_path


def _article(project: Path, section: str, slug: str) -> dict[str, list[str]]:
    return names_on_page(project / "public" / section / slug / "index.html")


def _edit(project: Path, text: str) -> None:
    (project / "entities.toml").write_text(text, encoding="utf-8")


EDIT_CASES = [
    # (entities.toml, article whose page shows the change, kind, names it then lists, page gone, page made)
    ('block."Monday" = true\n', ("world", "budget-talks"), "people", ["Tony Blair"],
     "people/monday", None),
    ('retype."Wall Street" = "place"\n', ("world", "blair-visits"), "places", ["Iraq", "Wall Street"],
     "people/wall-street", "places/wall-street"),
    ('merge."Blair" = "Tony Blair"\n', ("world", "blair-visits"), "people", ["Tony Blair", "Wall Street"],
     "people/blair", None),
    ('display."Acme" = "Acme Corporation"\n', ("business", "acme-results"), "organizations",
     ["Acme Corporation"], "organizations/acme", "organizations/acme-corporation"),
    ('[retype]\n"Wall Street" = "place"\n', ("world", "blair-visits"), "places", ["Iraq", "Wall Street"],
     "people/wall-street", "places/wall-street"),  # the table form says the same
]


@pytest.mark.parametrize("toml, article, kind, names, gone, made", EDIT_CASES)
def test_each_edit_changes_the_built_pages_without_ingesting(
        newsroom: Path, toml: str, article: tuple[str, str], kind: str, names: list[str], gone: str,
        made: str | None) -> None:
    assert main(["build", "--no-search"]) == 0
    before = _article(newsroom, *article)
    assert before.get(kind) != names
    assert (newsroom / "public" / gone / "index.html").is_file()
    content = digest_tree(newsroom / "content")
    _edit(newsroom, toml)
    assert main(["build", "--no-search"]) == 0
    assert _article(newsroom, *article)[kind] == names
    assert not (newsroom / "public" / gone).exists()
    if made:
        assert (newsroom / "public" / made / "index.html").is_file()
    assert digest_tree(newsroom / "content") == content  # the content pages were not touched


def test_a_merged_name_leads_to_one_page_listing_both_articles_and_the_spelling(newsroom: Path) -> None:
    _edit(newsroom, 'merge."Blair" = "Tony Blair"\n')
    assert main(["build", "--no-search"]) == 0
    page = (newsroom / "public/people/tony-blair/index.html").read_text(encoding="utf-8")
    assert "Budget Talks" in page and "Blair Visits" in page
    assert "Blair" in page.split("Tony Blair", 2)[-1]  # the old spelling, as an alias


def test_an_incremental_build_after_editing_entities_toml_equals_a_clean_build(newsroom: Path) -> None:
    config = load_config(newsroom)
    build(config)
    untouched = newsroom / "public/sport/cup-final/index.html"
    inode = untouched.stat().st_ino
    for text in ('merge."Blair" = "Tony Blair"\nblock."Monday" = true\n',
                 'merge."Blair" = "Tony Blair"\n',
                 'retype."Reuters" = "place"\ndisplay."Iraq" = "Republic of Iraq"\n',
                 ""):
        _edit(newsroom, text)
        incremental = build(config)
        clean = build(config, out=newsroom / "clean", use_cache=False)
        assert digest_tree(newsroom / "public") == digest_tree(newsroom / "clean"), text
        assert 0 < incremental.rendered < clean.rendered, text  # only the pages the edit affects
        assert untouched.stat().st_ino == inode  # an article no edit touches is the same file
        (newsroom / "entities.toml").unlink()
        build(config, out=newsroom / "clean", use_cache=False)  # keeps "clean" a clean build's folder
        _edit(newsroom, text)
        assert build(config).unchanged  # nothing changed since: nothing written


MISTAKES = [
    # (a line of entities.toml, what the message says)
    ('blok."Monday" = true', "unknown key 'blok'; did you mean 'block'?"),
    ('retype."Wall Street" = "city"', "'Wall Street' cannot be retyped to 'city': the types are person, "
                                      "organization, place"),
    ('merge."Blair" = 3', "merge.'Blair' must be a name in quotes"),
    ('block."Reuters" = "yes"', "block.'Reuters' must be true (or false)"),
]


@pytest.mark.parametrize("line, message", MISTAKES)
def test_a_mistake_is_named_with_its_line(line: str, message: str) -> None:
    edits = parse_edits(f'# corrections\nblock."Monday" = true\n{line}\n')
    assert [(p.path, p.line) for p in edits.problems] == [("entities.toml", 3)]
    assert message in edits.problems[0].message
    assert [(e.action, e.name) for e in edits.edits] == [("block", "Monday")]  # the rest is applied


def test_conflicting_edits_and_a_cycle_of_merges_are_named_and_not_applied() -> None:
    edits = parse_edits('[block]\n"Monday" = true\n\n[retype]\n"Monday" = "place"\n"Acme" = "organization"\n\n'
                        '[merge]\n"A" = "B"\n"B" = "C"\n"C" = "A"\n"Blair" = "Tony Blair"\n')
    said = {(p.line, p.message.split(";")[0]) for p in edits.problems}
    assert said == {(2, "'Monday' is both blocked and retyped (lines 2 and 5)"),
                    (9, "the merges A → B → C → A go round in a circle")}
    assert sorted((e.action, e.name) for e in edits.edits) == [("merge", "Blair"), ("retype", "Acme")]


def test_invalid_toml_is_named_with_its_line_and_nothing_is_applied() -> None:
    edits = parse_edits('block."Monday" = true\nretype."X" = \n')
    assert [p.line for p in edits.problems] == [2]
    assert "is not valid TOML" in edits.problems[0].message
    assert edits.edits == []


def test_the_build_names_mistakes_that_need_the_articles_and_applies_the_rest(
        newsroom: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _edit(newsroom, 'merge."Blair" = "Tony Blaire"\nblock."Monday" = true\nretype."Nobody" = "place"\n'
                    'merge."Reuters" = "Monday"\n')
    assert main(["build", "--no-search"]) == 1
    err = capsys.readouterr().err
    assert "error: entities.toml:1: 'Blair' cannot be merged into 'Tony Blaire': no article names " \
           "'Tony Blaire'" in err
    assert "warning: entities.toml:3: no article names 'Nobody', so this line does nothing" in err
    assert "error: entities.toml:4: 'Reuters' is merged into 'Monday', which is blocked" in err
    assert "content page" not in err  # no page was skipped
    assert "Monday" not in _article(newsroom, "world", "budget-talks")["people"]  # the good line is applied
    assert _article(newsroom, "world", "blair-visits")["people"] == ["Blair", "Wall Street"]


def test_an_edit_of_an_article_brings_the_file_index_up_to_date_rather_than_anew(
        newsroom: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The file:// index is updated in place when an article's old version, corrected as this
    build corrects it (entities.toml, the tag rules), is what it was indexed as."""
    made_anew = newsroom / "made-anew"

    def index_files(*args: object, **kwargs: object) -> object:
        made_anew.touch()  # the index is made in a process of its own: it leaves a file to say so
        return original(*args, **kwargs)

    original = index_stage.index_files
    monkeypatch.setattr(index_stage, "index_files", index_files)
    _edit(newsroom, 'block."Monday" = true\n')
    write_page(newsroom, "budget-talks", date="2020-01-01", tags=["News", "Energy"],
               people=["Tony Blair", "Monday"], organizations=["Reuters"])
    config = load_config(newsroom)
    build(config)
    assert made_anew.exists()
    made_anew.unlink()
    write_page(newsroom, "budget-talks", date="2020-01-01", tags=["News", "Energy"],
               people=["Tony Blair", "Monday"], organizations=["Reuters"], body="An edited body.")
    build(config)
    assert not made_anew.exists()
    assert names_on_page(newsroom / "public/world/budget-talks/index.html")["tags"] == ["Energy"]


def test_serve_watches_entities_toml(newsroom: Path) -> None:
    config = load_config(newsroom)
    assert newsroom / "entities.toml" not in watched_paths(config, newsroom / "themes/default")
    _edit(newsroom, 'block."Monday" = true\n')
    assert newsroom / "entities.toml" in watched_paths(config, newsroom / "themes/default")


@pytest.mark.parametrize("text", ["x = " + "[" * 100_000 + "]" * 100_000,
                                  "[drop]\n'Ann' = " + "{a = " * 100_000 + "1" + "}" * 100_000,
                                  "[drop]\n'Ann' = " + "[" * 300 + "]" * 300])
def test_entities_toml_nested_thousands_of_levels_deep_is_a_named_problem(text: str) -> None:
    edits = parse_edits(text)
    assert edits.problems and all("entities.toml" in str(p) for p in edits.problems)


def test_a_build_with_entities_toml_nested_too_deeply_names_the_file(newsroom: Path, capsys) -> None:
    (newsroom / "entities.toml").write_text("x = " + "[" * 100_000 + "]" * 100_000, encoding="utf-8")
    assert main(["build", "--no-search"]) == 1  # as for any entities.toml that is not TOML
    err = capsys.readouterr().err
    assert "entities.toml:1: is not valid TOML (values nested thousands of levels deep)" in err and "bug" not in err
