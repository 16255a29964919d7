"""A theme built on another (the wire theme on the default), and site.toml's [theme] table."""

from __future__ import annotations

import base64
import re
from pathlib import Path

import pytest

from site_builder.build.run import build
from site_builder.core.config import ConfigError, load_config
from site_builder.render.templates import ThemeError, shipped_themes
from site_builder.render.themes import theme_chain
from site_fixtures import write_page

SHEETS = re.compile(r'<link rel="stylesheet" href="([^"]+)">')


def test_the_wire_theme_extends_the_default(tmp_path: Path) -> None:
    chain = theme_chain(tmp_path, "wire")
    assert [name for name, _folder in chain.themes] == ["wire", "default"]
    assert chain.template_dirs == [shipped_themes() / "wire/templates", shipped_themes() / "default/templates"]
    assert chain.static_dirs == [shipped_themes() / "default/static", shipped_themes() / "wire/static"]
    assert chain.stylesheets == ("style.css", "wire.css", "custom.css")


def test_the_wire_theme_holds_only_what_differs() -> None:
    templates = {p.name for p in (shipped_themes() / "wire/templates").iterdir()}
    assert templates == {"base.html", "_macros.html"}
    for name in templates:  # each builds on the default's
        assert '"default/' in (shipped_themes() / "wire/templates" / name).read_text(encoding="utf-8")


def test_the_sample_site_in_the_wire_theme(wire_site: Path, sample_site: Path) -> None:
    home = (wire_site / "index.html").read_text(encoding="utf-8")
    assert '<ol class="wire-list">' in home and 'class="teasers' not in home
    assert SHEETS.findall(home) == ["assets/style.css", "assets/wire.css", "assets/custom.css"]
    assert (wire_site / "assets/wire.css").is_file() and not (sample_site / "assets/wire.css").exists()
    article = next(wire_site.glob("world/5-*/index.html")).read_text(encoding="utf-8")
    assert 'class="wire-note">Newest first, as filed.</p>' in article  # the default's article.html, wire's base
    assert 'class="article"' in article
    not_found = (wire_site / "404.html").read_text(encoding="utf-8")
    sheets = [base64.b64decode(href.removeprefix("data:text/css;base64,")) for href in SHEETS.findall(not_found)]
    assert sheets == [(shipped_themes() / name).read_bytes()  # all its style in the page, served anywhere
                      for name in ("default/static/style.css", "wire/static/wire.css", "default/static/custom.css")]


def _project(tmp_path: Path, settings: str, articles: int = 1) -> Path:
    project = tmp_path / "project"
    project.mkdir(parents=True, exist_ok=True)
    (project / "site.toml").write_text(settings, encoding="utf-8")
    for n in range(articles):
        write_page(project, f"story-{n}", date=f"2020-01-{n + 1:02d}")
    return project


def test_accent_logo_and_items_per_page_reach_the_pages(tmp_path: Path) -> None:
    project = _project(tmp_path, '[theme]\nname = "wire"\naccent = "#b00"\nlogo = "static/brand/logo.svg"\n'
                                 'items_per_page = 2\n', articles=5)
    (project / "static/brand").mkdir(parents=True)
    (project / "static/brand/logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>', encoding="utf-8")
    config = load_config(project)
    assert config.theme == "wire" and config.page_size == 2
    out = build(config, jobs=1, use_cache=False).out
    home = (out / "index.html").read_text(encoding="utf-8")
    assert "--accent: #b00;" in home
    assert '<img class="site-logo" src="assets/brand/logo.svg" alt="">' in home
    assert (out / "assets/brand/logo.svg").is_file()
    assert home.count('class="wire-item"') == 2
    assert (out / "page/3/index.html").is_file() and not (out / "page/4").exists()
    plain = build(load_config(_project(tmp_path / "plain", "")), jobs=1, use_cache=False).out / "index.html"
    plain_home = plain.read_text(encoding="utf-8")
    assert "<style>" not in plain_home.split("</head>")[0] and "site-logo" not in plain_home


@pytest.mark.parametrize("table, said", [
    ('accent = "red"', "[theme] accent must be a hex colour"),
    ('logo = "../logo.svg"', "[theme] logo must be a file in the static folder 'static/'"),
    ('logo = "static/logo.txt"', "[theme] logo must be an image"),
    ('logo = "static/missing.svg"', "which is not a file"),
    ("items_per_page = 0", "[theme] items_per_page must be a whole number of articles per list page"),
    ('colour = "#b00"', "unknown key 'colour' in [theme]"),
    ("name = 3", "[theme] name must be the name of a theme"),
])
def test_theme_table_mistakes_are_sentences_naming_site_toml(tmp_path: Path, table: str, said: str) -> None:
    project = _project(tmp_path, f"[theme]\n{table}\n")
    with pytest.raises(ConfigError) as error:
        load_config(project)
    assert "site.toml" in str(error.value) and said in str(error.value)


def test_items_per_page_and_a_different_page_size_is_a_mistake(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="keep one of them"):
        load_config(_project(tmp_path, "page_size = 10\n[theme]\nitems_per_page = 30\n"))
    assert load_config(_project(tmp_path, "page_size = 30\n[theme]\nitems_per_page = 30\n")).page_size == 30


def test_theme_as_text_still_names_the_theme(tmp_path: Path) -> None:
    assert load_config(_project(tmp_path, 'theme = "wire"\n')).theme == "wire"


def _theme(project: Path, name: str, toml: str) -> None:
    (project / "themes" / name / "templates").mkdir(parents=True)
    (project / "themes" / name / "theme.toml").write_text(toml, encoding="utf-8")


def test_themes_extending_each_other_in_a_loop_are_refused(tmp_path: Path) -> None:
    _theme(tmp_path, "a", 'extends = "b"\n')
    _theme(tmp_path, "b", 'extends = "a"\n')
    with pytest.raises(ThemeError, match="loop .a -> b -> a."):
        theme_chain(tmp_path, "a")


@pytest.mark.parametrize("toml, said", [('extends = "../default"\n', "'extends' must be the name of a theme"),
                                        ('stylesheets = ["../x.css"]\n', "'stylesheets' must list .css files"),
                                        ('parent = "default"\n', "unknown key 'parent'")])
def test_theme_file_mistakes_are_named(tmp_path: Path, toml: str, said: str) -> None:
    _theme(tmp_path, "mine", toml)
    with pytest.raises(ThemeError, match=re.escape(said)):
        theme_chain(tmp_path, "mine")


def test_a_project_theme_overrides_one_block_of_a_default_template(tmp_path: Path) -> None:
    project = _project(tmp_path, 'theme = "mine"\n')
    _theme(project, "mine", 'extends = "default"\n')
    (project / "themes/mine/templates/base.html").write_text(
        '{% extends "default/base.html" %}{% block colophon %}<p>Mine.</p>{% endblock %}', encoding="utf-8")
    home = (build(load_config(project), jobs=1, use_cache=False).out / "index.html").read_text(encoding="utf-8")
    assert "<p>Mine.</p>" in home and 'class="teasers' in home  # the rest is the default's
