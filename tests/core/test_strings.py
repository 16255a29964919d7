"""String tables: a language's words, English for what it lacks (with a notice naming the key),
dates and month names through Babel, plural forms, and a built French site."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from site_builder.build.run import build
from site_builder.core.config import load_config
from site_builder.core.strings import StringsError, load_strings
from site_builder.render.templates import shipped_themes
from site_fixtures import write_page

SHIPPED = shipped_themes() / "default" / "i18n"


def _tables(folder: Path, **tables: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for language, text in tables.items():
        (folder / f"{language}.toml").write_text(text, encoding="utf-8")
    return folder


def test_every_shipped_language_has_every_english_string() -> None:
    english = load_strings([SHIPPED], "en").english
    for language in ("fr", "de", "es"):
        strings = load_strings([SHIPPED], language)
        assert strings.notices == ()
        assert set(strings.table) == set(english)
    assert len(english) > 30


def test_a_missing_string_is_english_with_one_notice_naming_the_key_and_language(tmp_path: Path) -> None:
    folder = _tables(tmp_path, en='hello = "Hello"\nbye = "Goodbye"\n', fr='hello = "Bonjour"\n')
    strings = load_strings([folder], "fr")
    assert strings("hello") == "Bonjour"
    assert strings("bye") == "Goodbye"
    assert len(strings.notices) == 1
    assert "'bye'" in strings.notices[0] and "'fr'" in strings.notices[0] and "fr.toml" in strings.notices[0]


def test_a_language_without_a_table_is_english_with_one_notice(tmp_path: Path) -> None:
    strings = load_strings([SHIPPED], "ja")
    assert strings("archive") == "Archive"
    assert len(strings.notices) == 1 and "'ja'" in strings.notices[0]
    assert "1月" in strings.date("2020-01-04")  # Babel knows Japanese dates: the month is Japanese


def test_a_regional_language_uses_its_language_table_and_regional_dates() -> None:
    strings = load_strings([SHIPPED], "fr-CA")
    assert strings.notices == ()
    assert strings("archive") == "Archives"
    assert strings.month("2020-08") == "août 2020"


def test_a_string_unknown_even_in_english_stops_with_its_name() -> None:
    with pytest.raises(StringsError, match="'no_such_key'"):
        load_strings([SHIPPED], "en")("no_such_key")


def test_a_later_theme_adds_languages_and_changes_words(tmp_path: Path) -> None:
    child = _tables(tmp_path / "child", en='archive = "Old news"\n', it='archive = "Archivio"\n')
    assert load_strings([SHIPPED, child], "en")("archive") == "Old news"
    italian = load_strings([SHIPPED, child], "it")
    assert italian("archive") == "Archivio"
    assert italian("latest") == "Latest"  # English, from the theme it builds on
    assert any("'latest'" in notice for notice in italian.notices)


@pytest.mark.parametrize("language, day, month", [("en", "4 January 2020", "January 2020"),
                                                  ("fr", "4 janvier 2020", "janvier 2020"),
                                                  ("de", "4. Januar 2020", "Januar 2020"),
                                                  ("es", "4 de enero de 2020", "enero de 2020")])
def test_dates_and_months_in_each_shipped_language(language: str, day: str, month: str) -> None:
    strings = load_strings([SHIPPED], language)
    assert strings.date("2020-01-04") == day
    assert strings.date("2020-01-04T09:30:00Z") == day
    assert strings.month("2020-01") == month
    assert strings.date(None) == strings("undated")


def test_the_first_and_last_years_have_their_months() -> None:
    english = load_strings([SHIPPED], "en")
    assert english.month("1-01") == "January 1"  # the archive writes year 1 as "1-01"
    assert english.date("0001-01-01") == "1 January 1"
    assert english.month("9999-12") == "December 9999"


def test_plural_forms_follow_the_language() -> None:
    english, french = load_strings([SHIPPED], "en"), load_strings([SHIPPED], "fr")
    assert english.plural("together", 1, kind="Person") == "Person · 1 article together"
    assert english.plural("together", 0, kind="Person") == "Person · 0 articles together"
    assert french.plural("together", 0, kind="Personne") == "Personne · 0 article en commun"  # French: 0 is one
    assert french.plural("together", 2, kind="Personne") == "Personne · 2 articles en commun"


def test_a_table_that_is_not_text_is_refused_with_its_file(tmp_path: Path) -> None:
    folder = _tables(tmp_path, en='archive = 3\n')
    with pytest.raises(StringsError, match="en.toml.*'archive'"):
        load_strings([folder], "en")


def _site(project: Path, settings: str) -> Path:
    project.mkdir(parents=True)
    (project / "site.toml").write_text(settings, encoding="utf-8")
    write_page(project, "talks-resume", date="2020-03-02", tags=["Trade"], people=["Jane Doe"])
    write_page(project, "talks-end", date="2020-03-05", tags=["Trade"], people=["Jane Doe"])
    return build(load_config(project), jobs=1, use_cache=False).out


def test_a_german_site_is_german_throughout_and_the_english_one_unchanged(tmp_path: Path) -> None:
    german = _site(tmp_path / "de", 'language = "de"\n')
    home = (german / "index.html").read_text(encoding="utf-8")
    assert '<html lang="de">' in home and "Zum Inhalt springen" in home
    assert '<time datetime="2020-03-05">5. März 2020</time>' in home
    archive = (german / "archive/index.html").read_text(encoding="utf-8")
    assert "<title>Archiv · " in archive and '<time datetime="2020-03">März 2020</time>' in archive
    assert "Seite nicht gefunden" in (german / "404.html").read_text(encoding="utf-8")
    english = (_site(tmp_path / "en", "") / "index.html").read_text(encoding="utf-8")
    assert "Skip to content" in english and '<time datetime="2020-03-05">5 March 2020</time>' in english


def test_the_build_reports_each_missing_string_once(tmp_path: Path) -> None:
    project = tmp_path / "project"
    theme = project / "themes" / "mine"
    (theme / "templates").mkdir(parents=True)
    (theme / "theme.toml").write_text('extends = "default"\n', encoding="utf-8")
    _tables(theme / "i18n", it='archive = "Archivio"\n')
    (project / "site.toml").write_text('language = "it"\ntheme = "mine"\n', encoding="utf-8")
    write_page(project, "one")
    result = build(load_config(project), jobs=1, use_cache=False)
    latest = [notice for notice in result.notices if "'latest'" in notice]
    assert len(latest) == 1 and "'it'" in latest[0]
    assert "Archivio" in (result.out / "index.html").read_text(encoding="utf-8")
    assert ">Latest</a>" in (result.out / "index.html").read_text(encoding="utf-8")


def test_the_search_index_speaks_the_site_language(french_site: Path) -> None:
    entry = json.loads((french_site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert list(entry["languages"]) == ["fr"]
