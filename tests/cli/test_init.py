"""`site-builder init`: a new archive with every setting explained, and nothing overwritten;
the default theme comes from the package when the project has none."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from site_builder import __version__
from site_builder.cli import main
from site_builder.core.config import Config, load_config
from site_builder.render.templates import shipped_themes, theme_dir
from site_builder.scaffold import starter_text


def test_site_toml_names_every_key_commented_out_with_its_default(tmp_path: Path) -> None:
    text = starter_text("site.toml")
    keys = {f.name for f in dataclasses.fields(Config)} - {"root", "theme_options"}
    assert set(re.findall(r"^# (\w+) = ", text, re.M)) == keys
    assert set(re.findall(r"^#   (\w+) = ", text, re.M)) == {"name", "accent", "logo", "items_per_page"}  # [theme]
    assert load_config(_with(tmp_path, text)) == Config(root=tmp_path)  # all commented: the defaults
    uncommented = re.sub(r"^# (\w+ = )", r"\1", text, flags=re.M)
    assert load_config(_with(tmp_path, uncommented)) == Config(root=tmp_path)  # and the values shown are them


def _with(folder: Path, site_toml: str) -> Path:
    (folder / "site.toml").write_text(site_toml, encoding="utf-8")
    return folder


def test_init_makes_an_archive_that_ingests_and_builds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["init", "news", "--ci", "gitlab"]) == 0
    archive = tmp_path / "news"
    assert {p.relative_to(archive).as_posix() for p in archive.rglob("*")} == {
        ".gitignore", ".gitlab-ci.yml", "content", "requirements.txt", "seeds", "seeds/example.txt", "site.toml",
        "static"}
    assert f"site-builder=={__version__}" in (archive / "requirements.txt").read_text(encoding="utf-8")
    ignored = (archive / ".gitignore").read_text(encoding="utf-8").split()
    assert "/public/" in ignored and "/public-part-*/" in ignored  # the parts of a sharded build too
    monkeypatch.chdir(archive)
    assert main(["ingest"]) == 0
    assert main(["build", "--strict", "--no-search"]) == 0
    assert main(["check"]) == 0
    assert "Galway" in (archive / "public/index.html").read_text(encoding="utf-8")


def test_init_overwrites_nothing_and_names_what_is_there(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "site.toml").write_text('title = "Ours"\n', encoding="utf-8")
    assert main(["init", str(tmp_path), "--ci", "github"]) == 2
    assert "site.toml already; nothing was written" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site.toml"]
    assert (tmp_path / "site.toml").read_text(encoding="utf-8") == 'title = "Ours"\n'


def test_init_refuses_a_file_for_a_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "news").write_text("", encoding="utf-8")
    assert main(["init", str(tmp_path / "news")]) == 2
    assert "is a file; name a folder" in capsys.readouterr().err


def test_the_default_theme_ships_with_the_package_and_a_project_theme_comes_first(tmp_path: Path) -> None:
    assert theme_dir(tmp_path, "default") == shipped_themes() / "default"
    assert (shipped_themes() / "default/templates/article.html").is_file()
    own = tmp_path / "themes/default/templates"
    own.mkdir(parents=True)
    assert theme_dir(tmp_path, "default") == tmp_path / "themes/default"


def test_version_prints_the_package_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out.strip() == f"site-builder {__version__}"


@pytest.mark.parametrize("where, blocked", [("news/archive", "news"), ("archive", "archive/seeds"),
                                            ("archive", "archive/static")])
def test_init_with_a_file_where_it_needs_a_folder_names_it(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                           where: str, blocked: str) -> None:
    (tmp_path / blocked).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / blocked).write_text("mine", encoding="utf-8")
    assert main(["init", str(tmp_path / where)]) == 2
    err = capsys.readouterr().err
    assert f"{tmp_path / blocked} is a file, where init makes a folder" in err and "bug" not in err
    assert (tmp_path / blocked).read_text(encoding="utf-8") == "mine"
    assert not (tmp_path / where / "site.toml").exists()
