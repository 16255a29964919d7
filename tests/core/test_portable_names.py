"""Names a site could not hold on every file system it may be checked out, copied or
served from: device names Windows reserves, and names differing only in letter case."""

from __future__ import annotations

from pathlib import Path

import pytest

from site_builder.cli import main
from site_builder.content.read import alias_file, read_article
from site_builder.core.slugs import windows_reserved


def _write(project: Path, rel: str, text: str) -> None:
    path = project / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.mark.parametrize("name", ["con", "CON", "Nul", "aux", "prn", "com1", "COM9", "lpt1", "con.txt", "NUL.html",
                                  "aux.tar.gz", "com1.md", "story.", "story ", "story. ", "con "])
def test_names_windows_cannot_hold_are_reserved(name: str) -> None:
    assert windows_reserved(name)


@pytest.mark.parametrize("name", ["console", "connect.html", "com", "com10", "lpt", "nully", "story", "a.b", "icon"])
def test_ordinary_names_are_not_reserved(name: str) -> None:
    assert not windows_reserved(name)


@pytest.mark.parametrize("alias", ["con/", "CON/", "world/nul/", "world/con.txt/", "aux.html", "world/COM1.html",
                                   "lpt1/old.html", "old./", "world/old../index.html"])
def test_an_alias_windows_cannot_hold_is_not_a_file_of_the_site(alias: str) -> None:
    assert alias_file(alias) is None


def test_an_alias_windows_cannot_hold_is_refused_with_file_and_line(project: Path, capsys) -> None:
    _write(project, "content/world/hello.md", "---\ntitle: Hello\nslug: hello\nsection: World\ndate: 2024-05-06\n"
           "aliases: [world/con.txt/, old./, world/fine/]\n---\n\nBody.\n")
    assert main(["build", "--no-search"]) == 0
    err = capsys.readouterr().err
    assert "world/hello.md:6: the alias 'world/con.txt/'" in err and "Windows" in err
    assert "world/hello.md:6: the alias 'old./'" in err
    site = project / "public"
    assert (site / "world/fine/index.html").is_file()
    assert not (site / "world/con.txt").exists() and not (site / "old.").exists()


@pytest.mark.parametrize("slug", ["con", "nul", "com1"])
def test_a_slug_windows_reserves_skips_the_page(slug: str) -> None:
    article, problems = read_article("world/x.md", f"---\ntitle: X\nslug: {slug}\nsection: World\n---\n\nBody.\n")
    assert article is None
    assert [p.line for p in problems] == [3] and "Windows" in problems[0].message


def test_aliases_differing_only_in_letter_case_are_named(project: Path, capsys) -> None:
    _write(project, "content/world/hello.md", "---\ntitle: Hello\nslug: hello\nsection: World\ndate: 2024-05-06\n"
           "aliases: [World/Old-Hello/]\n---\n\nBody.\n")
    _write(project, "content/world/second.md", "---\ntitle: Second\nslug: second\nsection: World\n"
           "date: 2024-05-07\naliases: [world/old-hello/, World/Hello/, WORLD/index.html, Feed.XML/x/]\n---\n\nBody.\n")
    assert main(["build", "--no-search"]) == 0
    err = capsys.readouterr().err
    assert "world/second.md:6: the alias 'world/old-hello/' differs only in letter case from " \
           "'World/Old-Hello/', an alias of world/hello.md" in err
    assert "world/second.md:6: the alias 'World/Hello/' differs only in letter case from 'world/hello/', " \
           "a page of the site" in err
    assert "the alias 'WORLD/' differs only in letter case from 'world/', a page of the site" in err
    assert "the alias 'Feed.XML/x/' lies in Feed.XML, a name the build writes at the top of the site" in err
    site = project / "public"
    assert "Hello" in (site / "World/Old-Hello/index.html").read_text(encoding="utf-8")
    assert not (site / "world/old-hello").exists()
    assert not (site / "World").joinpath("Hello").exists() and not (site / "WORLD").exists()
    assert "Second" in (site / "world/second/index.html").read_text(encoding="utf-8")
    assert main(["build", "--no-search", "--strict"]) == 2


@pytest.mark.parametrize("name", ["CONIN$", "conout$.txt", "COM\u00b9", "lpt\u00b3.css", "com\u00b2"])
def test_the_console_and_superscript_device_names_are_reserved_too(name: str) -> None:
    assert windows_reserved(name)


def test_a_static_file_windows_cannot_hold_is_skipped_with_a_warning(project: Path, capsys) -> None:
    for rel in ("static/aux.css", "static/fonts/CONIN$", "static/old.", "static/lpt9/x.css", "static/ok.css"):
        _write(project, rel, "x")
    _write(project, "content/world/hello.md", "---\ntitle: Hello\nslug: hello\nsection: World\n---\n\nBody.\n")
    assert main(["build", "--no-search"]) == 0
    err = capsys.readouterr().err
    assets = sorted(p.relative_to(project / "public/assets").as_posix()
                    for p in (project / "public/assets").rglob("*") if p.is_file())
    assert "ok.css" in assets
    assert [name for name in assets if any(map(windows_reserved, name.split("/")))] == []
    for rel in ("static/aux.css", "static/fonts/CONIN$", "static/old.", "static/lpt9/x.css"):
        assert f"warning: {rel}: Windows cannot hold a file or folder so named" in err
