"""The offline search index: its scripts, its parts and the weights it stores."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from site_builder.cli import main
from site_builder.core.model import Article, EntityRef
from site_builder.search.offline import (
    DIGITS,
    FILTER_VALUES,
    FOLDER,
    PART_BYTES,
    PreviousIndex,
    decode_postings,
    encode_postings,
    fold,
    index_docs,
    index_files,
    part_file,
    plain_text,
    split_terms,
    update_index_files,
    words,
)
from site_fixtures import digest_tree, write_articles

EVIL = "<img src=x onerror=alert(1)> </script><script>alert(2)</script> \u2028\u2029"
_REGISTER = re.compile(r'^SiteSearchOffline\.register\(("[^"]*"),(.*)\);\n\Z', re.DOTALL)


def article(n: int, title: str = "", body: str = "", **extra: object) -> Article:
    return Article(title=title or f"Story {n}", slug=f"story-{n}", section="World", section_slug="world",
                   body=body or f"Paragraph {n}.", source_path=f"world/story-{n}.md",
                   date=dt.date(2020, 1, 1) + dt.timedelta(days=n), **extra)  # type: ignore[arg-type]


def parts(articles: list[Article], filters: dict | None = None, part_bytes: int = PART_BYTES) -> dict[str, object]:
    """The index as {part name: data}, checking each file registers the part it is named after."""
    out: dict[str, object] = {}
    for rel, text in index_files(articles, filters or {}, part_bytes):
        match = _REGISTER.match(text)
        assert match, text[:200]
        name = json.loads(match.group(1))
        assert rel == f"{FOLDER}/{name}.js"
        out[name] = json.loads(match.group(2))
    return out


def decode(postings: str) -> list[tuple[int, int]]:
    """Doc ids and weights of a postings string (the decoder search-offline.js has)."""
    out, doc, value, shift = [], 0, 0, 0
    expect_weight = False
    for char in postings:
        digit = DIGITS.index(char)
        if expect_weight:
            out.append((doc, digit))
            expect_weight = False
            continue
        value += (digit & 31) << shift
        shift += 5
        if digit < 32:
            doc += value
            value, shift, expect_weight = 0, 0, True
    return out


def test_words_are_folded_like_the_browser_folds_queries() -> None:
    assert words("Café CRÈME, Zürich's naïve—coöperation 2020") == \
        ["cafe", "creme", "zurich", "s", "naive", "cooperation", "2020"]
    assert fold("ＡＢＣ ﬁ") == "abc fi"  # compatibility forms, as NFKD gives them
    assert words("x" * 33 + " kept") == ["kept"]


def test_plain_text_drops_markdown_but_keeps_the_words() -> None:
    assert plain_text("# Head\n\nSee [the report](https://example.org/x) \\*now\\*.\n\n- item") == \
        "Head See the report *now*. item"


def test_postings_give_every_article_with_the_word_and_weigh_the_headline_above_the_body() -> None:
    docs = [article(0, body="The minister spoke."), article(1, title="Minister resigns"), article(2)]
    index = parts(docs)
    manifest = index["index"]
    assert manifest["docs"] == 3  # type: ignore[index]
    term_parts = [data for name, data in index.items() if name.startswith("t/")]
    minister = next(decode(p["minister"]) for p in term_parts if "minister" in p)  # type: ignore[operator,index]
    assert [doc for doc, _ in minister] == [0, 1]
    weights = dict(minister)
    assert weights[1] > weights[0]
    assert index["d/1"]["t"] == "Minister resigns" and index["d/1"]["u"] == "world/story-1/index.html"


def test_doc_ids_run_oldest_first_so_new_articles_append() -> None:
    old, new = article(0), article(5)
    undated = Article(title="Undated", slug="u", section="World", section_slug="world", body="x", source_path="u.md")
    index = parts([new, undated, old])
    assert [index[f"d/{n}"]["t"] for n in range(3)] == ["Undated", "Story 0", "Story 5"]  # type: ignore[index]
    first = dict(index_files([old], {}))
    assert dict(index_files([old, new], {}))[f"{FOLDER}/d/0.js"] == first[f"{FOLDER}/d/0.js"]


def test_filters_list_each_value_with_its_articles() -> None:
    docs = [article(0, people=(EntityRef("Ann Lee"),)), article(1, people=(EntityRef("Ann Lee"),)), article(2)]
    filters = {"people": {"Ann Lee": [d.url for d in docs[:2]]}, "section": {"World": [d.url for d in docs]}}
    index = parts(docs, filters)
    assert index["f/people"] == {"values": ["Ann Lee"], "docs": ["AB"]}  # ids 0, then +1
    assert index["f/section"] == {"values": ["World"], "docs": ["ABB"]}
    assert set(index["index"]["filters"]) == {"section", "tags", "people", "organizations", "places"}  # type: ignore[index]
    people = parts([docs[0]], filters)["f/people"]
    assert people == {"values": ["Ann Lee"], "docs": ["A"]}  # URLs of other sites' articles are left out


def test_a_filter_group_keeps_its_most_common_values() -> None:
    docs = [article(n) for n in range(3)]
    rare = {f"Rare {n:03d}": [docs[0].url] for n in range(FILTER_VALUES + 20)}
    common = {"Zed Common": [d.url for d in docs], "Also Common": [docs[1].url, docs[2].url]}
    group = parts(docs, {"people": {**rare, **common}})["f/people"]
    assert len(group["values"]) == FILTER_VALUES  # type: ignore[index]
    assert group["values"][:2] == ["Also Common", "Rare 000"]  # type: ignore[index]  # by name
    assert "Zed Common" in group["values"] and "Rare 119" not in group["values"]  # type: ignore[index,operator]


def test_term_parts_stay_within_the_bound_and_cover_every_term_in_order() -> None:
    vocabulary = [f"{a}{b}{c}word" for a in "abcdefgh" for b in "abcdefgh" for c in "abcd"]
    docs = [article(n, body=" ".join(vocabulary[n % 7::7] * 3)) for n in range(300)]
    index = parts(docs, part_bytes=2000)
    keys = [key for key, _name in index["index"]["parts"]]  # type: ignore[index]
    assert keys == sorted(keys) and keys[0] == "" and len(keys) > 5
    seen: list[str] = []
    for key, name in index["index"]["parts"]:  # type: ignore[index]
        data = index[name]
        text = json.dumps(data, separators=(",", ":"))
        assert len(text.encode("utf-8")) <= 2000 or len(data) == 1  # type: ignore[arg-type]
        assert all(term >= key for term in data)  # type: ignore[union-attr]
        seen += list(data)  # type: ignore[arg-type]
    assert seen == sorted(set(seen))  # each term once, in order
    assert set(seen) == {*vocabulary, *words(" ".join(f"Story {n}" for n in range(300)))}


def test_split_terms_cuts_at_prefixes_and_gives_a_huge_term_its_own_part() -> None:
    terms = ["aa", "ab", "ba", "bb", "bc", "huge", "z"]
    size = dict.fromkeys(terms, 10) | {"huge": 500}
    chunks = split_terms(terms, size, bound=30)
    assert ["huge"] in chunks
    assert [t for c in chunks for t in c] == terms
    assert all(sum(size[t] for t in c) <= 30 for c in chunks if c != ["huge"])


def test_part_file_names_are_safe_for_any_word() -> None:
    assert part_file("ab1") == "ab1"
    assert part_file("") == "_"
    assert part_file("é/..") == "_e9_2f_2e_2e"
    assert re.fullmatch(r"h[0-9a-f]{24}", part_file("\u4e2d" * 20))


def test_hostile_text_stays_inside_the_json_string() -> None:
    docs = [article(0, title=EVIL, body=EVIL, summary=EVIL, people=(EntityRef(EVIL),))]
    files = dict(index_files(docs, {"people": {EVIL: [docs[0].url]}}))
    for text in files.values():
        assert "<" not in text and "\u2028" not in text and "\u2029" not in text
    assert parts(docs, {"people": {EVIL: [docs[0].url]}})["d/0"]["t"] == EVIL  # type: ignore[index]


@pytest.mark.slow
def test_the_index_is_byte_identical_on_rebuild_and_in_any_input_order(project: Path) -> None:
    write_articles(project, 60, marker="Zürich café")
    assert main(["build", "--no-search"]) == 0
    first = {k: v for k, v in digest_tree(project / "public").items() if k.startswith(FOLDER)}
    assert f"{FOLDER}/index.js" in first and f"{FOLDER}/d/59.js" in first
    assert main(["build", "--no-search"]) == 0
    assert {k: v for k, v in digest_tree(project / "public").items() if k.startswith(FOLDER)} == first
    docs = [article(n) for n in range(30)]
    assert list(index_files(docs, {})) == list(index_files(list(reversed(docs)), {}))


VOCABULARY = ["oil", "wheat", "bank", "rates", "Ölpreis", "crude", "gold", "tariff", "oilseed", "ban"]
STEPS = st.lists(st.tuples(st.sampled_from(["edit", "add", "add early", "delete", "tag"]), st.integers(0, 9),
                           st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=8)), min_size=1, max_size=8)


def _site(bodies: dict[int, tuple[str, str]]) -> tuple[list[Article], dict[str, dict[str, list[str]]]]:
    docs = [article(n, body=body, tags=(tag,)) for n, (body, tag) in sorted(bodies.items())]
    tags: dict[str, list[str]] = {}
    for doc in docs:
        tags.setdefault(doc.tags[0], []).append(doc.url)
    return docs, {"tags": tags, "section": {"World": [d.url for d in docs]}}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(STEPS)
def test_an_index_brought_up_to_date_equals_one_made_anew(steps: list[tuple[str, int, list[str]]]) -> None:
    assert steps  # each step is checked against the index before it
    bodies = {n: (f"{VOCABULARY[n]} report", "Tag a") for n in range(5)}
    docs, filters = _site(bodies)
    previous = (index_docs(docs), {d.url: d for d in docs}, dict(index_files(docs, filters, part_bytes=40)))
    for kind, n, text in steps:
        if kind == "edit" and bodies:
            n = sorted(bodies)[n % len(bodies)]
            bodies[n] = (" ".join(text), bodies[n][1])
        elif kind == "tag" and bodies:
            n = sorted(bodies)[n % len(bodies)]
            bodies[n] = (bodies[n][0], text[0])
        elif kind == "add":
            bodies[max(bodies, default=0) + 1] = (" ".join(text), "Tag a")
        elif kind == "add early":
            bodies[-n - 1] = (" ".join(text), "Tag b")
        elif kind == "delete":
            bodies.pop(n, None)
        docs, filters = _site(bodies)
        fresh = dict(index_files(docs, filters, part_bytes=40))
        before_docs, before_articles, before_files = previous
        files = update_index_files(docs, filters, PreviousIndex(before_docs, before_articles, before_files.get),
                                   part_bytes=40)
        if kind in ("edit", "add", "tag") and before_docs:
            assert files is not None, kind  # ids stay: always brought up to date
        if files is not None:
            assert {f.path: f.text() for f in files} == fresh
            for file in files:
                if file.unchanged:
                    assert before_files[file.path] == fresh[file.path]
        previous = (index_docs(docs), {d.url: d for d in docs}, fresh)


def test_an_edit_redoes_only_its_doc_and_the_parts_with_its_words() -> None:
    docs = [article(n, body=f"{VOCABULARY[n]} prices rose") for n in range(8)]
    before = dict(index_files(docs, {}, part_bytes=40))
    edited = [*docs[:3], article(3, body="zebra prices rose"), *docs[4:]]
    files = update_index_files(edited, {}, PreviousIndex(index_docs(docs), {d.url: d for d in docs}, before.get),
                               part_bytes=40)
    assert files is not None
    redone = {f.path for f in files if not f.unchanged}
    assert f"{FOLDER}/d/3.js" in redone and f"{FOLDER}/d/2.js" not in redone
    assert {f.path for f in files if f.unchanged and f.path.startswith(f"{FOLDER}/t/")}  # most parts kept
    fresh = dict(index_files(edited, {}, part_bytes=40))
    assert {f.path: f.text() for f in files} == fresh


def test_the_index_is_made_anew_when_an_article_leaves_or_its_old_words_are_unknown() -> None:
    docs = [article(n) for n in range(4)]
    before = dict(index_files(docs, {}))
    known = {d.url: d for d in docs}
    assert update_index_files(docs[:3], {}, PreviousIndex(index_docs(docs), known, before.get)) is None
    edited = [*docs[:3], article(3, body="Changed.")]
    # The old article is not known, then the old index's files are not there.
    assert update_index_files(edited, {}, PreviousIndex(index_docs(docs), {}, before.get)) is None
    assert update_index_files(edited, {}, PreviousIndex(index_docs(docs), known, {}.get)) is None


def test_postings_decode_to_the_ids_and_weights_they_encode() -> None:
    pairs = [(0, 5), (1, 63), (40, 1), (1_000_000, 7)]
    assert decode_postings(encode_postings(pairs)) == pairs == decode(encode_postings(pairs))


@given(st.lists(st.tuples(st.integers(0, 3_000_000), st.integers(1, 63)), max_size=40))
def test_postings_decode_to_what_the_browser_decodes(pairs: list[tuple[int, int]]) -> None:
    ordered = sorted(dict(pairs).items())
    assert decode_postings(encode_postings(ordered)) == ordered == decode(encode_postings(ordered))


@pytest.mark.parametrize("damaged", ["A", "gA", "A!", "B\u00e9"])
def test_what_is_not_postings_is_refused(damaged: str) -> None:
    with pytest.raises(ValueError):
        decode_postings(damaged)


@pytest.mark.parametrize("damage", ["gg", 17])
def test_the_index_is_made_anew_when_a_term_part_holds_what_is_not_postings(damage: object) -> None:
    docs = [article(n, body=f"{VOCABULARY[n]} prices rose") for n in range(4)]
    before = dict(index_files(docs, {}, part_bytes=40))
    part = next(rel for rel, text in before.items() if '"prices":' in text)
    before[part] = re.sub(r'"prices":"[^"]*"', f'"prices":{json.dumps(damage)}', before[part])
    edited = [*docs[:3], article(3, body="zebra prices fell")]
    assert update_index_files(edited, {}, PreviousIndex(index_docs(docs), {d.url: d for d in docs}, before.get),
                              part_bytes=40) is None
