"""The link rule of files.py, with real symbolic links: a link is followed only while
it stays inside its folder; one that leads out, or to nothing, is refused and named,
in seeds/, content/, templates/, static/, the output folder and `check` alike."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from site_builder.check.site import check_site
from site_builder.cli import main
from site_builder.core.files import printable
from site_fixtures import digest_tree

SEED = "000_d516c940b5b60795.txt"
PAGE = "world/5-members-of-iran-backed-militia-killed-in-iraq-airstrike.md"
OUTSIDE_SEED = "World\n\nSecret outside headline\n\nA summary from outside the project.\n\nA body.\n"


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder beside the project folder, holding files no build may read."""
    folder = (tmp_path.parent / f"{tmp_path.name}-outside").resolve()
    folder.mkdir()
    (folder / "secret.txt").write_text(OUTSIDE_SEED, encoding="utf-8")
    (folder / "secret.md").write_text("---\ntitle: Secret outside page\nsection: World\n---\n\nSecret.\n",
                                      encoding="utf-8")
    return folder


def _all_text(folder: Path) -> str:
    return "".join(p.read_text(encoding="utf-8", errors="replace") for p in sorted(folder.rglob("*"))
                   if p.is_file() and not p.is_symlink())


def test_a_seed_linked_to_a_file_outside_seeds_is_refused_and_named(project: Path, outside: Path, capsys) -> None:
    (project / "seeds/linked.txt").symlink_to(outside / "secret.txt")
    (project / "seeds/passwd.txt").symlink_to("/etc/passwd")
    assert main(["ingest"]) == 1
    err = capsys.readouterr().err
    assert f"error: seeds/linked.txt: it is a symbolic link to {outside / 'secret.txt'}, outside seeds/" in err
    assert "error: seeds/passwd.txt: it is a symbolic link to /etc/passwd, outside seeds/" in err
    assert "put a copy of what it points at there instead" in err
    assert "Secret outside headline" not in _all_text(project / "content")
    assert "root:" not in _all_text(project / "content")
    assert (project / "content" / PAGE).exists()  # the other seed went through


def test_a_seed_linked_inside_seeds_is_followed(project: Path) -> None:
    (project / "seeds/more").mkdir()
    (project / "seeds/more/real.txt").write_text(OUTSIDE_SEED.replace("Secret outside", "Inside"), encoding="utf-8")
    (project / "seeds/alias.txt").symlink_to("more/real.txt")
    (project / "seeds/folder-link").symlink_to("more")  # a folder link is not walked: no third page
    assert main(["ingest"]) == 0
    pages = sorted(p.relative_to(project / "content").as_posix() for p in (project / "content").rglob("*.md"))
    assert len(pages) == 3  # the bundled seed, more/real.txt and alias.txt


def test_a_dangling_seed_link_is_refused_and_named(project: Path, capsys) -> None:
    (project / "seeds/gone.txt").symlink_to("nowhere.txt")
    assert main(["ingest"]) == 1
    err = capsys.readouterr().err
    target = (project / "seeds/nowhere.txt").resolve()
    assert f"error: seeds/gone.txt: it is a symbolic link to {target}, which does not exist; remove or repair " \
           "the link" in err


def test_a_content_page_linked_outside_content_is_not_published(project: Path, outside: Path, capsys) -> None:
    assert main(["ingest"]) == 0
    (project / "content/world/secret.md").symlink_to(outside / "secret.md")
    assert main(["build", "--no-search"]) == 1
    err = capsys.readouterr().err
    assert f"error: world/secret.md: it is a symbolic link to {outside / 'secret.md'}, outside content/" in err
    assert "Secret outside page" not in _all_text(project / "public")
    assert main(["build", "--no-search", "--strict"]) == 2


def test_a_content_section_folder_linked_outside_is_never_written_through(project: Path, outside: Path,
                                                                         capsys) -> None:
    (project / "content").mkdir()
    (project / "content/world").symlink_to(outside, target_is_directory=True)
    before = sorted(p.name for p in outside.iterdir())
    assert main(["ingest"]) == 1
    err = capsys.readouterr().err
    assert f"error: seeds/{SEED}: its page content/{PAGE} is not written: its folder content/world is a " \
           f"symbolic link to {outside}, outside content/" in err
    assert sorted(p.name for p in outside.iterdir()) == before
    # build does not read pages through it either
    assert main(["build", "--no-search"]) == 1
    assert f"error: world: it is a symbolic link to {outside}, outside content/" in capsys.readouterr().err


@pytest.fixture
def built(project: Path) -> Path:
    assert main(["ingest"]) == 0
    assert main(["build", "--no-search"]) == 0
    return project / "public"


def test_a_link_a_person_put_in_public_that_stays_inside_is_carried_as_a_link(built: Path) -> None:
    (built / "latest.xml").symlink_to("feed.xml")
    (built / "world-latest").symlink_to("world", target_is_directory=True)
    assert main(["build", "--no-search"]) == 0
    assert os.readlink(built / "latest.xml") == "feed.xml"
    assert os.readlink(built / "world-latest") == "world"
    assert check_site(built) == []


@pytest.mark.parametrize("target, why", [("/etc/passwd", "outside public/"),
                                         ("/etc", "outside public/"),
                                         ("missing.html", "which does not exist")])
def test_a_link_in_public_that_leads_out_or_nowhere_stops_the_build_and_is_kept(
        built: Path, capsys, target: str, why: str) -> None:
    (built / "link").symlink_to(target)
    before = digest_tree(built)
    assert main(["build", "--no-search"]) == 2
    err = capsys.readouterr().err
    assert "error: public/link, which site-builder did not write, is refused: it is a symbolic link to" in err
    assert why in err and "nothing was changed" in err
    assert os.readlink(built / "link") == target  # the person's link is not lost
    assert digest_tree(built) == before
    assert not list(built.parent.glob(".public.building-*"))
    problems = check_site(built)
    assert any(p.startswith("link: it is a symbolic link to") and why in p for p in problems)
    assert main(["check"]) == 1  # a sentence, not a crash


@pytest.mark.parametrize("links", [{"loop": "loop"}, {"a": "b", "b": "a"}])
def test_a_link_in_public_that_leads_round_in_a_loop_is_named_not_a_crash(built: Path, capsys,
                                                                         links: dict[str, str]) -> None:
    for name, target in links.items():
        (built / name).symlink_to(target)
    before = digest_tree(built)
    assert main(["build", "--no-search"]) == 2
    err = capsys.readouterr().err
    first = sorted(links)[0]
    assert f"error: public/{first}, which site-builder did not write, is refused: it is a symbolic link that " \
        "leads round in a loop; remove or repair the link" in err and "bug" not in err
    assert digest_tree(built) == before
    assert main(["check"]) == 1
    assert f"{first}: it is a symbolic link that leads round in a loop" in capsys.readouterr().out


def test_check_does_not_read_a_page_linked_out_of_the_site(built: Path, outside: Path) -> None:
    (outside / "page.html").write_text("<html><title>x</title><h1>a</h1><h1>b</h1></html>")
    (built / "outside.html").symlink_to(outside / "page.html")
    problems = check_site(built)
    assert [p for p in problems if p.startswith("outside.html:")] == [
        f"outside.html: it is a symbolic link to {outside / 'page.html'}, outside public/; links may not lead "
        "out of public/: put a copy of what it points at there instead; it is skipped"]


def test_a_template_linked_out_of_templates_is_refused(project: Path, outside: Path, capsys) -> None:
    assert main(["ingest"]) == 0
    (project / "templates").mkdir()
    (outside / "article.html").write_text("{{ 'leaked' }}")
    (project / "templates/article.html").symlink_to(outside / "article.html")
    assert main(["build", "--no-search"]) == 2
    err = capsys.readouterr().err
    assert "the template " in err and f"is a symbolic link to {outside / 'article.html'}, outside " in err
    assert not (project / "public").exists()


def test_a_static_file_linked_out_of_static_is_left_out_with_a_warning(project: Path, outside: Path,
                                                                         capsys) -> None:
    assert main(["ingest"]) == 0
    (project / "static").mkdir()
    (project / "static/passwd.css").symlink_to("/etc/passwd")
    (project / "static/ok.css").write_text("body{}")
    (project / "static/alias.css").symlink_to("ok.css")
    assert main(["build", "--no-search"]) == 0
    err = capsys.readouterr().err
    assert "warning: static/passwd.css: it is a symbolic link to /etc/passwd, outside static/" in err
    assert not (project / "public/assets/passwd.css").exists()
    assert (project / "public/assets/alias.css").read_text() == "body{}"
    assert main(["build", "--no-search", "--strict"]) == 2


def test_names_are_printed_with_control_characters_escaped() -> None:
    assert printable("caf\udce9.txt") == "caf\\xe9.txt"  # a byte that is not UTF-8, as os.fsdecode keeps it
    assert printable("a\nb\x1b[2J\u202e.txt") == "a\\nb\\x1b[2J\\u202e.txt"
    assert printable("Zürich – نص.txt") == "Zürich – نص.txt"


def test_a_lock_file_that_is_a_link_is_never_written_through(project: Path, outside: Path, capsys) -> None:
    precious = outside / "precious.txt"
    precious.write_text("keep me\n")
    (project / "content").mkdir()
    (project / "content/.ingest.json.lock").symlink_to(precious)
    (project / ".public.lock").symlink_to(precious)
    assert main(["ingest"]) == 2
    assert "content/ cannot be locked: its lock file .ingest.json.lock is a symbolic link" in capsys.readouterr().err
    (project / "content/.ingest.json.lock").unlink()
    assert main(["ingest"]) == 0
    assert main(["build", "--no-search"]) == 2
    assert precious.read_text() == "keep me\n"
