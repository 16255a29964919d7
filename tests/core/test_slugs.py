from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from slugify import slugify

from site_builder.cli import main
from site_builder.core.slugs import MAX_SLUG, RESERVED, WINDOWS_DEVICES, make_slug, unique_slug


def test_headline_slug_is_readable() -> None:
    assert make_slug("5 members of Iran-backed militia killed in Iraq airstrike", "a.txt") == \
        "5-members-of-iran-backed-militia-killed-in-iraq-airstrike"


def test_punctuation_or_emoji_headline_still_gets_a_valid_stable_slug() -> None:
    first = make_slug("!!! ??? 🔥🔥", "seed-a.txt")
    assert re.fullmatch(r"[a-z0-9-]+", first)
    assert first == make_slug("!!! ??? 🔥🔥", "seed-a.txt")
    assert first != make_slug("!!! ??? 🔥🔥", "seed-b.txt")


def test_long_headline_is_cut_at_a_word() -> None:
    slug = make_slug("word " * 500, "x")
    assert len(slug) <= 80 and not slug.endswith("-")


def test_reserved_names_are_avoided() -> None:
    assert make_slug("Page", "x") != "page"


def test_duplicates_get_distinct_suffixes_that_do_not_depend_on_order() -> None:
    taken = {"storm-hits-coast"}
    a = unique_slug("storm-hits-coast", "a.txt", taken)
    b = unique_slug("storm-hits-coast", "b.txt", taken)
    assert len({a, b, "storm-hits-coast"}) == 3
    assert a == unique_slug("storm-hits-coast", "a.txt", taken | {b})


@pytest.mark.parametrize("text", ["CON", "aux", "Nul", "prn", "COM1", "com9", "LPT1", "lpt0", "con.txt", "Aux.md"])
def test_windows_device_names_are_never_slugs(text: str) -> None:
    for prefix in ("article", "section", "tag", "person"):
        assert make_slug(text, "x", prefix=prefix) not in WINDOWS_DEVICES
    assert make_slug("con", "x", prefix="section") == "con-section"


def test_windows_device_names_never_become_files_or_folders(project: Path, capsys) -> None:
    (project / "content/world").mkdir(parents=True)
    (project / "content/world/a.md").write_text(
        "---\ntitle: Con\nsection: Aux\ntags: [NUL, com1]\npeople: [Lpt1]\n---\n\nText.\n", encoding="utf-8")
    (project / "content/world/b.md").write_text("---\ntitle: B\nslug: con\n---\n\nText.\n", encoding="utf-8")
    assert main(["build", "--no-search"]) == 1
    assert "world/b.md:3: the slug 'con' is a device name Windows reserves" in capsys.readouterr().err
    names = {part.split(".")[0].lower() for p in (project / "public").rglob("*")
             for part in p.relative_to(project / "public").parts}
    assert not names & WINDOWS_DEVICES
    assert (project / "public/aux-section/con-article/index.html").exists()


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="abcxyz0189", min_size=1, max_size=12), min_size=1, max_size=12))
def test_plain_names_get_the_slug_slugify_would_give_them(words: list[str]) -> None:
    """Lower-case ASCII words take a quick path: it must give slugify's very slug,
    also where the text is too long and slugify cuts it at a word."""
    text = " ".join(words)
    expected = slugify(text[:MAX_SLUG * 4], max_length=MAX_SLUG, word_boundary=True, save_order=True)
    if expected in RESERVED or expected in WINDOWS_DEVICES:
        expected += "-tag"
    assert make_slug(text, "key", prefix="tag") == expected
