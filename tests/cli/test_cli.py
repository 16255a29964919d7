"""What a new user meets on the command line: every count, refusal and hint reads right."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from site_builder.cli import main

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_make_site_builds_what_was_ingested_then_fails(project: Path) -> None:
    (project / "seeds/broken.txt").write_bytes(b"")
    bin_dir = Path(sys.executable).parent
    assert (bin_dir / "site-builder").exists()
    result = subprocess.run(["make", "-f", str(REPO / "Makefile"), "site", f"BIN={bin_dir}", "STAMP="],
                            cwd=project, capture_output=True, text=True, env={**os.environ, "MAKEFLAGS": ""})
    assert result.returncode != 0, result.stdout + result.stderr
    assert "error: seeds/broken.txt: the file is empty" in result.stderr
    assert (project / "public/world/5-members-of-iran-backed-militia-killed-in-iraq-airstrike/index.html").is_file()


@pytest.mark.parametrize("command", [["ingest"], ["build"], ["serve"]])
@pytest.mark.parametrize("jobs", ["0", "-2", "many"])
def test_a_number_of_processes_below_one_is_refused(project: Path, capsys, command: list[str], jobs: str) -> None:
    with pytest.raises(SystemExit) as exit_:
        main([*command, "-j", jobs])
    assert exit_.value.code == 2
    assert f"argument -j/--jobs: {jobs!r} is not a number of processes; give a whole number, 1 or more" in \
        capsys.readouterr().err
    assert not (project / "content").exists()


def test_strict_names_the_content_folder_the_user_gave(project: Path, capsys) -> None:
    page = project / "articles/world/typed.md"
    page.parent.mkdir(parents=True)
    page.write_text("---\ntitle: Typed\nslug: typed\ndate: yesterday\n---\n", encoding="utf-8")
    assert main(["build", "--content", "articles", "--strict", "--no-search"]) == 2
    err = capsys.readouterr().err
    assert "1 problem in articles/ and --strict is on; nothing was written" in err
    assert "content/" not in err


@pytest.mark.parametrize("folder", ["no-such-site", "site.toml"])
def test_check_of_a_missing_folder_says_so(project: Path, capsys, folder: str) -> None:
    (project / "site.toml").write_text("", encoding="utf-8")
    assert main(["check", folder]) == 2
    err = capsys.readouterr().err
    expected = "does not exist (no such folder)" if folder == "no-such-site" else "is a file, not a folder"
    assert f"error: {folder} {expected}; build the site with `site-builder build`" in err
    assert "index.html" not in err


def test_ingest_of_an_empty_folder_says_where_it_looked(project: Path, capsys) -> None:
    (project / "empty").mkdir()
    assert main(["ingest", "empty"]) == 0
    captured = capsys.readouterr()
    assert "note: there are no seeds in empty/ (nor in its subfolders); put seed .txt files there" in captured.err
    assert "Ingested 0 seeds:" in captured.out


def test_summaries_say_one_article_not_one_articles(project: Path, capsys) -> None:
    (project / "seeds/broken.txt").write_bytes(b"")
    assert main(["ingest"]) == 1
    captured = capsys.readouterr()
    assert "Ingested 2 seeds: 1 new or refreshed," in captured.out
    assert "1 seed could not be ingested; the others were." in captured.err
    page = project / "content/world/bad.md"
    page.write_text("---\nslug: bad\n---\n", encoding="utf-8")
    assert main(["build", "--no-search"]) == 1
    captured = capsys.readouterr()
    assert re.search(r"Built \d+ HTML pages from 1 article in [\d.]+ s into public/, 1 content page skipped\.",
                     captured.out), captured.out
    assert "(s)" not in captured.out + captured.err and "1 articles" not in captured.out


def test_check_finds_the_site_where_build_put_it_when_the_output_setting_goes_through_a_missing_folder(
        project: Path, capsys) -> None:
    (project / "site.toml").write_text('output = "not-made/../public"\n', encoding="utf-8")
    assert main(["ingest"]) == 0
    assert main(["build", "--no-search"]) == 0
    assert (project / "public/index.html").is_file()
    capsys.readouterr()
    assert main(["check"]) == 0, capsys.readouterr().err
    assert "Checked" in capsys.readouterr().out


def test_build_and_check_count_the_same_html_pages(project: Path, capsys) -> None:
    assert main(["ingest"]) == 0
    assert main(["build"]) == 0  # with the search index: its bundle holds no pages; feeds are not pages
    built = re.search(r"Built ([\d,]+) HTML pages", capsys.readouterr().out)
    assert built
    assert main(["check"]) == 0
    checked = re.search(r"Checked ([\d,]+) HTML pages in public/", capsys.readouterr().out)
    on_disk = [p for p in (project / "public").rglob("*.html") if "pagefind" not in p.relative_to(project).parts]
    assert checked and built.group(1) == checked.group(1) == f"{len(on_disk):,}"
