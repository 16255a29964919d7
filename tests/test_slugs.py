from __future__ import annotations

import re

from site_builder.slugs import make_slug, unique_slug


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
