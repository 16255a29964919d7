"""The build cache is input like any other: a cache folder that is a link out of the
project, a file where a folder belongs, or values nobody's content could give are
never trusted, never written through, and never stop a build."""

from __future__ import annotations

from pathlib import Path

import pytest

from site_builder.cache import SHARDS
from site_builder.cli import main
from site_fixtures import digest_tree, write_articles

CACHE = ".cache/site-builder"


def _clean_build_matches(project: Path) -> None:
    assert main(["build", "--no-search", "--no-cache", "--out", "clean"]) == 0
    assert digest_tree(project / "public") == digest_tree(project / "clean")


def _edit(project: Path, n: int, text: str) -> None:
    page = project / f"content/{('world', 'business', 'sport')[n % 3]}/story-{n}.md"
    page.write_text(page.read_text(encoding="utf-8") + f"\n{text}\n", encoding="utf-8")


@pytest.mark.parametrize("linked", [".cache", CACHE, f"{CACHE}/{SHARDS}"])
def test_a_cache_folder_that_is_a_symbolic_link_is_never_written_through(project: Path, tmp_path: Path, capsys,
                                                                         linked: str) -> None:
    write_articles(project, 6, "x")
    elsewhere = tmp_path.parent / f"{tmp_path.name}-elsewhere"
    (elsewhere / SHARDS).mkdir(parents=True)
    (elsewhere / "keep.txt").write_text("someone's file", encoding="utf-8")
    (elsewhere / SHARDS / "00.json").write_text("someone's file", encoding="utf-8")
    before = digest_tree(elsewhere)
    link = project / linked
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(elsewhere, target_is_directory=True)
    for n in range(2):
        _edit(project, n, "More.")
        assert main(["build", "--no-search"]) == 0
    err = capsys.readouterr().err
    assert f"{linked} is a symbolic link" in err and "built without the cache" in err
    assert digest_tree(elsewhere) == before
    _clean_build_matches(project)


@pytest.mark.parametrize("blocked", [CACHE, f"{CACHE}/{SHARDS}", f"{CACHE}/model.json", "shard", "output record"])
def test_a_file_or_folder_where_the_cache_expects_the_other_is_a_clean_build(project: Path, capsys,
                                                                             blocked: str) -> None:
    write_articles(project, 6, "x")
    assert main(["build", "--no-search"]) == 0
    cache = project / CACHE
    if blocked == "shard":
        path = sorted((cache / SHARDS).glob("*.json"))[0]
    elif blocked == "output record":
        path = next(cache.glob("output-*.json"))
    else:
        path = project / blocked
    was_folder = path.is_dir()
    if was_folder:
        import shutil
        shutil.rmtree(path)
        path.write_text("not a folder", encoding="utf-8")
    else:
        path.unlink()
        (path / "inside").mkdir(parents=True)
    for n in (1, 2, 3):
        _edit(project, n, "More.")
        assert main(["build", "--no-search"]) == 0
    err = capsys.readouterr().err
    assert "Traceback" not in err and "bug" not in err
    assert "notice: the build cache" in err
    _clean_build_matches(project)
    assert (cache / SHARDS).is_dir() and not (cache / SHARDS / "inside").exists()
