"""Sharded builds: `build --shard K/N` then `assemble` make the site one build makes, byte
for byte (the Pagefind index too: search.pagefind canonicalizes it), and parts that do
not belong together are refused with a sentence naming the part."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from site_builder.build.shard import MANIFEST, ShardError, parse_shard
from site_builder.cli import main
from site_builder.core.layout import MARKER
from site_fixtures import digest_tree, png

SECTIONS = ("World", "Business", "Sport", "Culture")


def _write_site(root: Path) -> None:
    """About thirty articles: sections, tags, people, organizations, places, undated
    ones, pictures, aliases, a static file and a base URL (so a sitemap)."""
    (root / "site.toml").write_text('title = "Shards"\nbase_url = "https://news.example.org/"\n', encoding="utf-8")
    (root / "static").mkdir()
    (root / "static" / "extra.css").write_text("body { color: #222; }\n", encoding="utf-8")
    for n in range(30):
        section = SECTIONS[n % 4]
        folder = root / "content" / section.lower()
        folder.mkdir(parents=True, exist_ok=True)
        lines = [f"title: Story {n}", f"slug: story-{n}", f"section: {section}", f"tags: [Tag {n % 5}, Tag {n % 7}]",
                 f"people: [Person {n % 6}]", f"organizations: [Firm {n % 4}]", f"places: [Town {n % 3}]"]
        if n % 9 != 4:  # some undated
            lines.append(f"date: 2021-{n % 12 + 1:02d}-{n % 27 + 1:02d}")
        if n % 10 == 3:
            lines += [f"image: photo-{n}.png", "image_alt: A picture"]
            (folder / f"photo-{n}.png").write_bytes(png(n + 2, 3))
        if n % 8 == 1:
            lines.append(f"aliases: [old/story-{n}/]")
        body = f"Story {n} is about Tag {n % 5}.\n\n" + f"Paragraph {n} of the story.\n\n" * 3
        (folder / f"story-{n}.md").write_text("---\n" + "\n".join(lines) + "\n---\n\n" + body, encoding="utf-8")


@pytest.fixture(scope="module")
def shards(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The fixture site built unsharded into whole/ and in three parts into public-part-K-of-3/."""
    root = tmp_path_factory.mktemp("shards") / "project"
    root.mkdir()
    _write_site(root)
    cwd = os.getcwd()
    os.chdir(root)
    try:
        assert main(["build", "--no-cache", "--out", "whole"]) == 0
        for number in (1, 2, 3):
            assert main(["build", "--shard", f"{number}/3"]) == 0
        yield root
    finally:
        os.chdir(cwd)


@pytest.fixture
def copy(shards: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the built project, to assemble (or break) in; the working directory."""
    root = tmp_path / "project"
    shutil.copytree(shards, root, symlinks=True)
    monkeypatch.chdir(root)
    return root


PARTS = [f"public-part-{n}-of-3" for n in (1, 2, 3)]


def _pages(part: Path) -> set[str]:
    return set(json.loads((part / MANIFEST).read_text(encoding="utf-8"))["pages"])


def test_three_parts_assemble_into_the_site_one_build_makes(copy: Path) -> None:
    assert main(["assemble", *PARTS]) == 0
    whole, assembled = digest_tree(copy / "whole"), digest_tree(copy / "public")
    # the fixture reaches every kind of file: pictures, static files, redirects, sitemap, both search indexes
    for kind in ("assets/images/", "assets/extra.css", "old/story-1/index.html", "sitemap.xml", "pagefind/",
                 "search-index/", "tags/", "people/"):
        assert any(rel.startswith(kind) for rel in whole), kind
    assert assembled == whole
    # each part made its own share of the pages, and only that
    pages = [_pages(copy / part) for part in PARTS]
    assert all(len(part) > 10 for part in pages)
    assert not (pages[0] & pages[1]) and not (pages[1] & pages[2]) and not (pages[0] & pages[2])
    assert max(map(len, pages)) - min(map(len, pages)) <= 2


def test_the_parts_are_dealt_by_kind_of_page(copy: Path) -> None:
    """Every part gets articles and term pages: a balance of work, not only of count."""
    articles = [sum(p.startswith(("world/", "business/", "sport/", "culture/")) for p in _pages(copy / part))
                for part in PARTS]
    tags = [sum(p.startswith("tags/") for p in _pages(copy / part)) for part in PARTS]
    assert min(articles) >= 5 and max(articles) - min(articles) <= 1
    assert min(tags) >= 2 and max(tags) - min(tags) <= 1


def test_one_part_is_the_whole_build(copy: Path) -> None:
    assert main(["build", "--shard", "1/1"]) == 0
    assert main(["assemble", "public-part-1-of-1", "--out", "single"]) == 0
    assert digest_tree(copy / "single") == digest_tree(copy / "whole")


def test_assemble_replaces_the_live_site_only_when_all_is_well(copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["assemble", *PARTS]) == 0
    before = digest_tree(copy / "public")
    capsys.readouterr()
    assert main(["assemble", *PARTS[:2]]) == 2
    assert "part 3 of 3 is missing" in capsys.readouterr().err
    assert digest_tree(copy / "public") == before
    assert not [p for p in copy.iterdir() if p.name.startswith(".public.building")]


def test_a_part_given_twice_is_refused(copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copytree(copy / PARTS[1], copy / "again")
    assert main(["assemble", *PARTS, "again"]) == 2
    assert "are both part 2 of 3; give each part once" in capsys.readouterr().err
    assert not (copy / "public").exists()


def test_parts_of_different_builds_are_refused(copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    story = copy / "content/world/story-0.md"
    story.write_text(story.read_text(encoding="utf-8").replace("Story 0 is", "Story zero is"), encoding="utf-8")
    assert main(["build", "--shard", "3/3"]) == 0
    capsys.readouterr()
    assert main(["assemble", *PARTS]) == 2
    err = capsys.readouterr().err
    assert "public-part-3-of-3 and public-part-1-of-3 are parts of different builds" in err
    assert not (copy / "public").exists()


def test_parts_of_other_sources_than_the_project_are_refused(copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (copy / "content/world/story-0.md").unlink()
    assert main(["assemble", *PARTS]) == 2
    assert "the parts were built from other content, settings or options than this project's" in \
        capsys.readouterr().err
    assert not (copy / "public").exists()


def test_a_part_missing_a_file_or_its_manifest_is_refused(copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    files = json.loads((copy / PARTS[0] / MANIFEST).read_text(encoding="utf-8"))["files"]
    (copy / PARTS[0] / sorted(files)[0]).unlink()
    assert main(["assemble", *PARTS]) == 2
    assert f"public-part-1-of-3 lacks {sorted(files)[0]}, which its manifest lists" in capsys.readouterr().err
    assert main(["assemble", *PARTS[1:], "content"]) == 2
    assert f"content holds no {MANIFEST}: it is not a part of a sharded build" in capsys.readouterr().err
    assert not (copy / "public").exists()


def test_a_file_two_parts_hold_differently_is_refused(copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first = json.loads((copy / PARTS[0] / MANIFEST).read_text(encoding="utf-8"))
    manifest = copy / PARTS[1] / MANIFEST
    second = json.loads(manifest.read_text(encoding="utf-8"))
    rel = sorted(first["files"])[0]
    second["files"][rel] = "another key"
    manifest.write_text(json.dumps(second), encoding="utf-8")
    assert main(["assemble", *PARTS]) == 2
    assert f"public-part-1-of-3 and public-part-2-of-3 both hold {rel}, and not the same" in capsys.readouterr().err


@pytest.mark.parametrize(("given", "said"), [
    ("4/3", "'4/3' names part 4 of 3; K must be from 1 to 3"),
    ("0/3", "'0/3' names part 0 of 3; K must be from 1 to 3"),
    ("1/0", "'1/0' splits the build into no part; N must be 1 or more"),
    ("two", "'two' is not a part of a build; give it as K/N, like 2/3"),
    ("1-3", "'1-3' is not a part of a build; give it as K/N"),
])
def test_a_bad_shard_is_a_usage_error(copy: Path, capsys: pytest.CaptureFixture[str], given: str, said: str) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["build", "--shard", given])
    assert exit_.value.code == 2
    assert said in capsys.readouterr().err
    with pytest.raises(ShardError):
        parse_shard(given)


def test_a_part_lists_its_files_so_a_later_build_may_replace_it(copy: Path) -> None:
    part = copy / PARTS[0]
    before = digest_tree(part)
    assert set((part / MARKER).read_text(encoding="utf-8").splitlines()) == set(before) - {MARKER}
    assert main(["build", "--shard", "1/3"]) == 0  # into the same folder again: it is the build's own
    after = digest_tree(part)
    assert {rel: after[rel] for rel in after if rel != MANIFEST} == {rel: before[rel] for rel in before
                                                                     if rel != MANIFEST}


def test_assembling_into_a_part_is_refused(copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = digest_tree(copy / PARTS[0])
    assert main(["assemble", *PARTS, "--out", PARTS[0]]) == 2
    assert "cannot assemble into public-part-1-of-3, a part being assembled" in capsys.readouterr().err
    assert digest_tree(copy / PARTS[0]) == before


def test_a_damaged_manifest_is_refused(copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    manifest = copy / PARTS[2] / MANIFEST
    data = json.loads(manifest.read_text(encoding="utf-8"))
    manifest.write_text(json.dumps({**data, "files": ["index.html"]}), encoding="utf-8")
    assert main(["assemble", *PARTS]) == 2
    assert "the manifest of the part public-part-3-of-3 is damaged; build that part again" in capsys.readouterr().err
    manifest.write_text(json.dumps({**data, "files": {"../escaped.html": "key"}}), encoding="utf-8")
    assert main(["assemble", *PARTS]) == 2
    assert "names ../escaped.html, outside the site; build that part again" in capsys.readouterr().err
    assert not (copy / "escaped.html").exists()
    manifest.write_text(json.dumps({**data, "format": 99}), encoding="utf-8")
    assert main(["assemble", *PARTS]) == 2
    assert "is not one this version of site-builder reads" in capsys.readouterr().err
    assert not (copy / "public").exists()
