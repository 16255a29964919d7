from __future__ import annotations

import json
from pathlib import Path

import pytest

from site_builder.cli import main
from site_builder.content.frontmatter import parse_page

PAGE = Path("content/world/5-members-of-iran-backed-militia-killed-in-iraq-airstrike.md")


def test_seed_becomes_a_content_page(project: Path) -> None:
    assert main(["ingest"]) == 0
    page = parse_page(PAGE.read_text(encoding="utf-8"))
    assert page.meta["title"] == "5 members of Iran-backed militia killed in Iraq airstrike"
    assert page.meta["section"] == "World"
    assert page.meta["credit"] == "Alaa al-Marjani/Reuters"
    assert page.meta["source"] == "000_d516c940b5b60795.txt"
    assert "date" not in page.meta
    assert page.body.count("\n\n") == 9


def test_reingest_keeps_a_hand_edit(project: Path, capsys) -> None:
    main(["ingest"])
    edited = PAGE.read_text(encoding="utf-8").replace("title: 5 members", "title: Five members")
    PAGE.write_text(edited, encoding="utf-8")
    assert main(["ingest"]) == 0
    assert PAGE.read_text(encoding="utf-8") == edited
    assert "kept your edits in content/world/5-members" in capsys.readouterr().err


def test_edit_is_kept_even_when_the_seed_changes(project: Path) -> None:
    main(["ingest"])
    edited = PAGE.read_text(encoding="utf-8") + "\nAn editor's note.\n"
    PAGE.write_text(edited, encoding="utf-8")
    seed = project / "seeds/000_d516c940b5b60795.txt"
    seed.write_text(seed.read_text(encoding="utf-8") + "\nA late paragraph.\n", encoding="utf-8")
    main(["ingest"])
    assert PAGE.read_text(encoding="utf-8") == edited


def test_untouched_page_is_refreshed_when_the_seed_changes(project: Path) -> None:
    main(["ingest"])
    seed = project / "seeds/000_d516c940b5b60795.txt"
    seed.write_text(seed.read_text(encoding="utf-8") + "\nA late paragraph.\n", encoding="utf-8")
    main(["ingest"])
    assert PAGE.read_text(encoding="utf-8").endswith("A late paragraph.\n")


def test_force_overwrites_an_edit(project: Path) -> None:
    main(["ingest"])
    PAGE.write_text(PAGE.read_text(encoding="utf-8") + "\nnote\n", encoding="utf-8")
    main(["ingest", "--force"])
    assert not PAGE.read_text(encoding="utf-8").endswith("note\n")


def test_lost_manifest_does_not_duplicate_pages(project: Path) -> None:
    main(["ingest"])
    (project / "content/.ingest.json").unlink()
    main(["ingest"])
    assert sorted(p.name for p in (project / "content").rglob("*.md")) == [PAGE.name]


def test_lost_manifest_finds_a_page_whose_seed_name_yaml_quotes(project: Path) -> None:
    """The page's `source` is read as YAML reads it: a name that YAML writes quoted
    (`'"Breaking" news.txt'`) still names its seed."""
    seed = project / "seeds/000_d516c940b5b60795.txt"
    seed.rename(project / 'seeds/"Breaking" news.txt')
    main(["ingest"])
    (project / "content/.ingest.json").unlink()
    main(["ingest"])
    assert sorted(p.name for p in (project / "content").rglob("*.md")) == [PAGE.name]


def _as_version_1(entry: dict[str, object]) -> dict[str, object]:
    """A manifest entry as versions before 2 wrote it: the content file under `page`."""
    return {("page" if key == "content_file" else key): value for key, value in entry.items()}


def test_a_manifest_of_version_1_still_owns_its_pages(project: Path, capsys) -> None:
    """Manifests before version 2 named each seed's content file `page`: a page such a
    manifest records is refreshed when its seed changes, not kept as a person's edit,
    and the manifest is written back in today's form."""
    main(["ingest"])
    manifest_file = project / "content/.ingest.json"
    manifest = json.loads(manifest_file.read_text(encoding="utf-8"))
    old = {**manifest, "version": 1, "seeds": {source: _as_version_1(entry)
                                               for source, entry in manifest["seeds"].items()}}
    manifest_file.write_text(json.dumps(old), encoding="utf-8")
    seed = project / "seeds/000_d516c940b5b60795.txt"
    seed.write_text(seed.read_text(encoding="utf-8") + "\nA late paragraph.\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["ingest"]) == 0
    assert PAGE.read_text(encoding="utf-8").endswith("A late paragraph.\n")
    assert "kept your edits" not in capsys.readouterr().err
    rewritten = json.loads(manifest_file.read_text(encoding="utf-8"))
    assert rewritten["version"] == 2
    assert rewritten["seeds"]["000_d516c940b5b60795.txt"]["content_file"] == PAGE.relative_to("content").as_posix()
    assert "page" not in rewritten["seeds"]["000_d516c940b5b60795.txt"]


def test_a_journal_of_version_1_is_replayed(project: Path) -> None:
    """A run of an older version killed mid-way left journal entries naming `page`: the
    next run still reads them."""
    from site_builder.ingest.manifest import JOURNAL, load_manifest

    main(["ingest"])
    content = project / "content"
    entry = load_manifest(content)["000_d516c940b5b60795.txt"]
    record = {"source": "000_d516c940b5b60795.txt", "before": "0" * 64,
              "entry": _as_version_1({**entry, "sha256": "1" * 64})}
    (content / JOURNAL).write_text(json.dumps(record) + "\n", encoding="utf-8")
    replayed = load_manifest(content)["000_d516c940b5b60795.txt"]
    assert replayed["content_file"] == entry["content_file"]
    assert replayed["sha256"] == "1" * 64 and replayed["also"] == ["0" * 64]


def test_same_headline_twice_gives_two_stable_slugs(project: Path) -> None:
    seed = (project / "seeds/000_d516c940b5b60795.txt").read_text(encoding="utf-8")
    (project / "seeds/001_copy.txt").write_text(seed, encoding="utf-8")
    main(["ingest"])
    first = sorted(p.name for p in (project / "content/world").glob("*.md"))
    assert len(first) == 2
    main(["ingest"])
    assert sorted(p.name for p in (project / "content/world").glob("*.md")) == first


def test_bad_seed_is_reported_and_the_rest_ingested(project: Path, capsys) -> None:
    (project / "seeds/empty.txt").write_text("", encoding="utf-8")
    (project / "seeds/photo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    assert main(["ingest"]) == 1
    err = capsys.readouterr().err
    assert "seeds/empty.txt: the file is empty" in err
    assert "seeds/photo.png: this is a binary file" in err
    assert "2 seeds could not be ingested" in err
    assert PAGE.exists()


def test_removed_seed_keeps_its_page(project: Path, capsys) -> None:
    main(["ingest"])
    (project / "seeds/000_d516c940b5b60795.txt").unlink()
    main(["ingest"])
    assert PAGE.exists()
    assert "the seed of content/world/5-members" in capsys.readouterr().err


def test_unchanged_seed_is_not_parsed_again(project: Path) -> None:
    from site_builder.ingest.run import ingest

    calls: list[str] = []

    def counting(seed):
        calls.append(seed.title)
        return {}

    ingest(project / "seeds", project / "content", enrich=counting)
    report = ingest(project / "seeds", project / "content", enrich=counting)
    assert calls == ["5 members of Iran-backed militia killed in Iraq airstrike"]
    assert report.unchanged == [PAGE.relative_to("content").as_posix()]
    PAGE.write_text(PAGE.read_text(encoding="utf-8") + "\nedit\n", encoding="utf-8")
    report = ingest(project / "seeds", project / "content", enrich=counting)
    assert len(calls) == 2 and report.kept  # an edited page is looked at again, and kept


@pytest.mark.slow
def test_parallel_ingest_writes_the_same_pages(project: Path) -> None:
    from site_builder.ingest.run import ingest

    seed = (project / "seeds/000_d516c940b5b60795.txt").read_text(encoding="utf-8")
    for n in range(80):
        (project / f"seeds/{n:03d}.txt").write_text(seed.replace("5 members", f"{n} members"), encoding="utf-8")
    (project / "seeds/zz-bad.txt").write_text("", encoding="utf-8")
    serial = ingest(project / "seeds", project / "one", jobs=1)
    parallel = ingest(project / "seeds", project / "two", jobs=2)
    assert serial.written == parallel.written and len(serial.written) == 81
    assert serial.failed == parallel.failed == [("zz-bad.txt", "the file is empty or holds only whitespace")]
    for page in (project / "one").rglob("*"):
        if page.is_file():
            assert page.read_bytes() == (project / "two" / page.relative_to(project / "one")).read_bytes()


def test_a_slug_changed_by_hand_gets_the_old_address_as_an_alias(project: Path, capsys) -> None:
    from site_builder.cli import main
    assert main(["ingest"]) == 0
    page = project / "content/world/5-members-of-iran-backed-militia-killed-in-iraq-airstrike.md"
    edited = page.read_text(encoding="utf-8").replace(
        "slug: 5-members-of-iran-backed-militia-killed-in-iraq-airstrike", "slug: militia-members-killed")
    page.write_text(edited, encoding="utf-8")
    assert main(["ingest"]) == 0
    assert "added its old address world/5-members-of-iran-backed-militia-killed-in-iraq-airstrike/" \
        in capsys.readouterr().err
    text = page.read_text(encoding="utf-8")
    assert text.replace("aliases: [world/5-members-of-iran-backed-militia-killed-in-iraq-airstrike/]\n", "") \
        == edited  # one line added, the person's page otherwise untouched
    assert main(["ingest"]) == 0 and page.read_text(encoding="utf-8") == text  # added once
    assert main(["build", "--no-search"]) == 0
    old = project / "public/world/5-members-of-iran-backed-militia-killed-in-iraq-airstrike/index.html"
    assert 'url=../../world/militia-members-killed/index.html"' in old.read_text(encoding="utf-8")


OLD_ADDRESS = "world/5-members-of-iran-backed-militia-killed-in-iraq-airstrike/"


def _move_by_hand(project: Path, aliases: str) -> str:
    """Ingest, then change the page's slug and give it `aliases` lines, as a person would."""
    assert main(["ingest"]) == 0
    page = project / PAGE
    text = page.read_text(encoding="utf-8")
    edited = text.replace("slug: 5-members-of-iran-backed-militia-killed-in-iraq-airstrike",
                          "slug: militia-members-killed").replace("\n---\n", f"\n{aliases}---\n", 1) \
        .replace("title: 5 members", "title: Five members")
    assert edited.count(aliases) == 1
    page.write_text(edited, encoding="utf-8")
    return edited


@pytest.mark.parametrize(("aliases", "added"), [
    ("aliases: [world/an-older-address/]\n", f"aliases: [world/an-older-address/, {OLD_ADDRESS}]\n"),
    ("aliases:\n  # where it lived in 2019\n  - world/an-older-address/\n",
     f"aliases:\n  # where it lived in 2019\n  - world/an-older-address/\n  - {OLD_ADDRESS}\n"),
])
def test_a_slug_changed_by_hand_adds_the_old_address_to_existing_aliases(project: Path, capsys, aliases: str,
                                                                         added: str) -> None:
    edited = _move_by_hand(project, aliases)
    assert main(["ingest"]) == 0
    assert f"added its old address {OLD_ADDRESS}" in capsys.readouterr().err
    text = (project / PAGE).read_text(encoding="utf-8")
    assert text == edited.replace(aliases, added)  # the title edit and the comment stay
    assert main(["ingest"]) == 0 and (project / PAGE).read_text(encoding="utf-8") == text  # added once
    assert main(["build", "--no-search"]) == 0
    for old in (OLD_ADDRESS, "world/an-older-address/"):
        redirect = (project / "public" / old / "index.html").read_text(encoding="utf-8")
        assert "url=../../world/militia-members-killed/index.html" in redirect


def test_an_old_address_already_among_the_aliases_is_not_added_again(project: Path, capsys) -> None:
    edited = _move_by_hand(project, f"aliases: [/{OLD_ADDRESS}]\n")  # written with a leading /
    assert main(["ingest"]) == 0
    assert "added its old address" not in capsys.readouterr().err
    assert (project / PAGE).read_text(encoding="utf-8") == edited


def test_aliases_that_are_not_a_list_are_left_as_they_are_with_a_warning(project: Path, capsys) -> None:
    edited = _move_by_hand(project, "aliases: world/an-older-address/\n")
    assert main(["ingest"]) == 0
    err = capsys.readouterr().err
    assert (f"warning: the slug of content/{PAGE.relative_to('content')} was changed by hand, but its old address "
            f"{OLD_ADDRESS} could not be added to its aliases, which must be one list") in err
    assert (project / PAGE).read_text(encoding="utf-8") == edited
