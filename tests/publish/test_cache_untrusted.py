"""The build cache is input like any other: a cache folder that is a link out of the
project, a file where a folder belongs, or values nobody's content could give are
never trusted, never written through, and never stop a build."""

from __future__ import annotations

from pathlib import Path

import pytest

from site_builder.cli import main
from site_builder.publish.cache import SHARDS
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


def test_a_file_where_the_folder_holding_the_cache_belongs_is_named_once_and_kept(project: Path, capsys) -> None:
    # .cache is the project's, not the build's: a file there is left alone, and said so plainly.
    write_articles(project, 6, "x")
    (project / ".cache").write_text("someone's file", encoding="utf-8")
    for n in (1, 2):
        _edit(project, n, "More.")
        assert main(["build", "--no-search"]) == 0
        err = capsys.readouterr().err
        assert [line for line in err.splitlines() if line.startswith("notice")] == [
            "notice: .cache is a file, where the folder of the build cache belongs; the site is built without "
            "the cache (move the file away to use it)"]
    assert (project / ".cache").read_text(encoding="utf-8") == "someone's file"
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


def _craft_shards(project: Path, change) -> None:  # type: ignore[no-untyped-def]
    """Every cached page's entry changed by `change(article fields, problems)`."""
    import json
    for shard in sorted((project / CACHE / SHARDS).glob("*.json")):
        data = json.loads(shard.read_text(encoding="utf-8"))
        for article, problems, _print in data["pages"].values():
            change(article, problems)
        shard.write_text(json.dumps(data), encoding="utf-8")


def _field(name: str) -> int:
    from dataclasses import fields

    from site_builder.core.model import Article
    return [f.name for f in fields(Article)].index(name)


@pytest.mark.parametrize("name, value", [
    ("source_url", "javascript:alert(document.domain)"),
    ("source_url", "data:text/html,<script>alert(1)</script>"),
    ("slug", "../../../escape"),
    ("slug", "con"),
    ("section_slug", "../outside"),
    ("source_path", "../../../../etc/passwd"),
    ("aliases", ["../../outside/index.html"]),
    ("aliases", ["con/index.html"]),
    ("title", "Bell\u0007 \u001b[2J"),
    ("date", "0001-01-01T00:00:00+23:59"),
])
def test_a_crafted_cache_value_is_never_trusted(project: Path, capsys, name: str, value: object) -> None:
    write_articles(project, 6, "x")
    assert main(["build", "--no-search"]) == 0

    def change(article: list[object], _problems: list[object]) -> None:
        article[_field(name)] = value
    _craft_shards(project, change)
    _edit(project, 1, "More.")
    capsys.readouterr()
    assert main(["build", "--no-search"]) == 0
    err = capsys.readouterr().err
    assert "notice: " in err and "the build cache" in err and "damaged" in err
    site = project / "public"
    shown = "\n".join(p.read_text(encoding="utf-8") for p in site.rglob("*.html"))
    assert "javascript:" not in shown and "data:text/html" not in shown and "\u001b" not in shown
    assert not (project / "escape").exists() and not (project.parent / "outside").exists()
    _clean_build_matches(project)


def test_a_crafted_problem_from_the_cache_never_reaches_the_terminal(project: Path, capsys) -> None:
    write_articles(project, 6, "x")
    assert main(["build", "--no-search"]) == 0

    def change(_article: list[object], problems: list[object]) -> None:
        problems.append(["world/story-0.md", 1, "hostile \u001b]0;title\u0007 text", False])
    _craft_shards(project, change)
    _edit(project, 1, "More.")
    capsys.readouterr()
    assert main(["build", "--no-search"]) == 0
    err = capsys.readouterr().err
    assert "\u001b" not in err and "hostile" not in err


@pytest.mark.parametrize("part, value", [
    ("carried", ["../../outside.txt"]), ("carried", ["/etc/passwd"]),
    ("keys", {"../../escape.html": "=k"}), ("folders", {"../..": 1}),
    ("groups", {"home:1": ["x", ["../escape.html"]]}), ("index_docs", [["../x/index.html", "f"]]),
])
def test_a_crafted_output_record_naming_paths_outside_the_site_is_discarded(project: Path, capsys, part: str,
                                                                            value: object) -> None:
    import json
    write_articles(project, 6, "x")
    assert main(["build", "--no-search"]) == 0
    record = next((project / CACHE).glob("output-*.json"))
    data = json.loads(record.read_text(encoding="utf-8"))
    if isinstance(value, dict):
        data[part].update(value)
    else:
        data[part] = data[part] + value
    record.write_text(json.dumps(data), encoding="utf-8")
    _edit(project, 1, "More.")
    capsys.readouterr()
    assert main(["build", "--no-search"]) == 0
    assert f"notice: the build cache {record} is damaged" in capsys.readouterr().err
    assert not (project.parent / "outside.txt").exists() and not (project.parent / "escape.html").exists()
    _clean_build_matches(project)


def test_a_crafted_term_slug_in_the_cached_model_is_discarded(project: Path, capsys) -> None:
    import json
    write_articles(project, 6, "x")
    assert main(["build", "--no-search"]) == 0
    model = project / CACHE / "model.json"
    data = json.loads(model.read_text(encoding="utf-8"))
    data["terms"]["tags"][0][1] = "../../../escaped"
    model.write_text(json.dumps(data), encoding="utf-8")
    (project / "public").rename(project / "first")  # the next build makes the model again from the cache
    capsys.readouterr()
    assert main(["build", "--no-search"]) == 0
    assert f"notice: the build cache {model} is damaged" in capsys.readouterr().err
    assert not (project.parent / "escaped").exists() and not (project / "escaped").exists()
    _clean_build_matches(project)
