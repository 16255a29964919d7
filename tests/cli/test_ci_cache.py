"""A CI run keeps `.cache/site-builder/` and `public/` between runs (docs/deploy.md): the
cache step restores them as copies, with new inodes and the same times, and the next
build renders only what changed."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from site_builder.cli import main
from site_builder.scaffold import starter_text
from site_fixtures import digest_tree, write_articles


def _restore(saved: Path, project: Path) -> None:
    """What a cache step does in a fresh checkout: the folders back, as copies keeping times."""
    for name in ("public", ".cache"):
        shutil.copytree(saved / name, project / name, copy_function=shutil.copy2)


def test_a_site_restored_with_its_cache_renders_only_what_changed(project: Path, tmp_path: Path, capsys) -> None:
    write_articles(project, 30, "x")
    assert main(["build", "--no-search"]) == 0
    saved = tmp_path / "ci-cache"
    for name in ("public", ".cache"):
        shutil.copytree(project / name, saved / name, copy_function=shutil.copy2)
    for leftover in ("public", ".cache"):
        shutil.rmtree(project / leftover, ignore_errors=True)

    _restore(saved, project)
    capsys.readouterr()
    assert main(["build", "--no-search"]) == 0
    assert "nothing changed, no file written" in capsys.readouterr().out

    shutil.rmtree(project / "public")
    shutil.rmtree(project / ".cache")
    _restore(saved, project)
    page = project / "content/world/story-3.md"
    page.write_text(page.read_text(encoding="utf-8").replace("Paragraph about x.", "A new paragraph.", 1),
                    encoding="utf-8")
    capsys.readouterr()
    assert main(["build", "--no-search"]) == 0
    assert "(1 rendered, " in capsys.readouterr().out
    assert main(["build", "--no-search", "--no-cache", "--out", "clean"]) == 0
    assert digest_tree(project / "public") == digest_tree(project / "clean")


def test_the_ci_recipes_keep_the_cache_and_the_ingest_record_keyed_on_the_pinned_version() -> None:
    workflow = yaml.safe_load(starter_text("publish.yml"))
    steps = workflow["jobs"]["build"]["steps"]
    names = [s.get("name") for s in steps]
    cache = next(s for s in steps if s.get("uses", "").startswith("actions/cache@"))
    assert cache["with"]["path"].split() == [".cache/site-builder", "content/.ingest.json", "public"]
    assert "requirements.txt" in cache["with"]["key"] and "${{ github.sha }}" in cache["with"]["key"]
    assert names.index(cache["name"]) < names.index("Ingest") < names.index("Build")
    gitlab = yaml.safe_load(starter_text("gitlab-ci.yml"))["pages"]
    assert {".cache/site-builder/", "content/.ingest.json"} <= set(gitlab["cache"]["paths"])
    assert gitlab["cache"]["key"]["files"] == ["requirements.txt"]
    assert gitlab["variables"]["CACHE_COMPRESSION_FORMAT"] == "tarzstd"  # not the default zip
