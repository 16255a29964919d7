"""Files a person puts into the output folder by hand (a CNAME, a site verification
file) are never lost: the build carries them over and says so; one that stands
where the build now writes a page stops the build, named, with nothing changed."""

from __future__ import annotations

from pathlib import Path

import pytest

from site_builder.cli import main
from site_fixtures import digest_tree, write_articles


@pytest.mark.parametrize("cache", [True, False])
def test_a_hand_added_file_where_a_new_page_goes_stops_the_build_and_is_kept(project: Path, capsys,
                                                                            cache: bool) -> None:
    write_articles(project, 6, "x")
    flags = ["--no-search"] + ([] if cache else ["--no-cache"])
    assert main(["build", *flags]) == 0
    site = project / "public"
    (site / "world/story-6").mkdir()
    (site / "world/story-6/index.html").write_text("my own page\n")  # where story 6 will go
    (site / "CNAME").write_text("news.example.org\n")
    assert main(["build", *flags]) == 0  # carried over, and said
    assert "note: kept public/CNAME, which site-builder did not write" in capsys.readouterr().err
    before = digest_tree(site)
    write_articles(project, 7, "x")  # story 6 now has a page
    capsys.readouterr()
    assert main(["build", *flags]) == 2
    err = capsys.readouterr().err
    assert "public/world/story-6/index.html was not written by site-builder, and this build writes a file " \
        "there" in err and "nothing was changed" in err
    assert digest_tree(site) == before
    (site / "world/story-6/index.html").unlink()
    assert main(["build", *flags]) == 0
    assert "Story 6" in (site / "world/story-6/index.html").read_text(encoding="utf-8")
    assert (site / "CNAME").read_text() == "news.example.org\n"


def test_a_hand_added_file_where_the_build_needs_a_folder_stops_the_build(project: Path, capsys) -> None:
    write_articles(project, 3, "x")
    assert main(["build", "--no-search"]) == 0
    site = project / "public"
    (site / "page").write_text("mine\n")  # the home page's page/2/ will need this folder
    assert main(["build", "--no-search"]) == 0
    write_articles(project, 30, "x")
    capsys.readouterr()
    assert main(["build", "--no-search"]) == 2
    assert "public/page was not written by site-builder, and this build writes a folder there" \
        in capsys.readouterr().err
    assert (site / "page").read_text() == "mine\n"


@pytest.mark.parametrize("rel, built", [("Index.html", "index.html"), ("WORLD/Story-0/index.html",
                                                                      "world/story-0/index.html"),
                                        ("world/story-0/INDEX.HTML", "world/story-0/index.html"),
                                        ("Feed.XML/x", "feed.xml")])
def test_a_hand_added_file_differing_only_in_letter_case_from_a_built_one_stops_the_build(
        project: Path, capsys, rel: str, built: str) -> None:
    # On Windows and macOS they are one file: a copy of the site would keep whichever came last.
    write_articles(project, 3, "x")
    assert main(["build", "--no-search"]) == 0
    site = project / "public"
    (site / rel).parent.mkdir(parents=True, exist_ok=True)
    (site / rel).write_text("mine\n")
    before = digest_tree(site)
    capsys.readouterr()
    assert main(["build", "--no-search"]) == 2
    err = capsys.readouterr().err
    assert f"public/{rel} was not written by site-builder, and this build writes public/{built}, whose name " \
        "differs only in letter case; on Windows and macOS they would be one" in err and "nothing was changed" in err
    assert digest_tree(site) == before


def test_a_hand_added_file_in_a_folder_differing_only_in_letter_case_is_kept(project: Path, capsys) -> None:
    write_articles(project, 3, "x")
    assert main(["build", "--no-search"]) == 0
    (project / "public/Assets").mkdir()
    (project / "public/Assets/mine.css").write_text("mine\n")
    assert main(["build", "--no-search"]) == 0
    assert "note: kept public/Assets/mine.css" in capsys.readouterr().err
