from __future__ import annotations

import datetime as dt
import html

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from site_builder.content.frontmatter import ContentPage, FrontMatterError, add_to_list, parse_page, render_page
from site_builder.content.markup import escape_markdown, render_markdown
from site_builder.ingest.seed import normalise_text

SAMPLE = ContentPage(meta={"title": "A: tricky \"title\" # not a comment", "slug": "a-title",
                           "date": dt.date(2020, 1, 4), "tags": ["Iraq", "yes", "null", "3"],
                           "summary": "Line one\nline two", "people": [{"name": "Ali", "aliases": ["A."]}]},
                     body="Para one.\n\nPara two.\n")


def test_round_trip_keeps_every_value_and_type() -> None:
    assert parse_page(render_page(SAMPLE)) == SAMPLE


def test_rendered_page_is_front_matter_then_body() -> None:
    text = render_page(SAMPLE)
    assert text.startswith("---\ntitle: ")
    assert text.endswith("---\n\nPara one.\n\nPara two.\n")


def test_object_constructing_yaml_tags_are_refused() -> None:
    with pytest.raises(FrontMatterError, match="not allowed"):
        parse_page("---\ntitle: x\nbad: !!python/object/apply:os.system ['true']\n---\nbody\n")


def test_yaml_error_reports_the_file_line() -> None:
    with pytest.raises(FrontMatterError) as error:
        parse_page("---\ntitle: ok\ntags: [unclosed\nslug: x\n---\n")
    assert error.value.line is not None and error.value.line >= 3


def test_unclosed_front_matter() -> None:
    with pytest.raises(FrontMatterError, match="never closed"):
        parse_page("---\ntitle: x\n")


yaml_scalars = st.one_of(st.text(), st.integers(), st.booleans(), st.none(), st.dates(),
                         st.floats(allow_nan=False, allow_infinity=False))
metas = st.dictionaries(st.text(min_size=1).filter(lambda k: k.strip() == k and k != ""),
                        st.one_of(yaml_scalars, st.lists(st.text(), max_size=4)), max_size=6)
# A page body as the page holds it: no CR (parse_page reads CRLF as LF), ends in one newline.
bodies = st.text().map(lambda t: t.replace("\r", "").strip("\n")).map(lambda t: t + "\n" if t else "")


@settings(max_examples=300, deadline=None)
@given(meta=metas, body=bodies)
def test_parse_of_render_is_identity(meta: dict, body: str) -> None:
    page = ContentPage(meta=meta, body=body)
    assert parse_page(render_page(page)) == page


# Line breaks of every kind are excluded: a one-line text stays one line.
LINE_BREAKS = "\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters=LINE_BREAKS), min_size=1))
def test_escaped_text_renders_as_itself(text: str) -> None:
    # Seed text reaches the escaper normalised, as ingest does it.
    text = " ".join(normalise_text(text).split())
    if not text:
        return
    rendered = render_markdown(escape_markdown(text))
    expected = html.escape(text, quote=False).replace('"', "&quot;")
    assert rendered == f"<p>{expected}</p>\n"


PAGE = "---\ntitle: A story\n{aliases}slug: new\n---\n\nBody.\n"


@pytest.mark.parametrize(("aliases", "expected"), [
    ("", "aliases: [world/old/]\n"),  # absent: one line before the closing ---
    ("aliases:\n", "aliases: [world/old/]\n"),
    ("aliases: []\n", "aliases: [world/old/]\n"),
    ("aliases: [world/first/]\n", "aliases: [world/first/, world/old/]\n"),
    ("aliases: [world/first/,\n  /world/second/]  # moved twice\n",
     "aliases: [world/first/, /world/second/, world/old/]\n"),
    ("aliases:\n- world/first/\n", "aliases:\n- world/first/\n- world/old/\n"),
    ("aliases:  # old homes\n  - world/first/\n  # a comment of yours\n  - world/second/\n",
     "aliases:  # old homes\n  - world/first/\n  # a comment of yours\n  - world/second/\n  - world/old/\n"),
])
def test_add_to_list_adds_at_the_end_and_leaves_every_other_line(aliases: str, expected: str) -> None:
    edited = add_to_list(PAGE.format(aliases=aliases), "aliases", "world/old/")
    if aliases:
        assert edited == PAGE.format(aliases=expected)
    else:
        assert edited == "---\ntitle: A story\nslug: new\naliases: [world/old/]\n---\n\nBody.\n"


def test_add_to_list_keeps_crlf_line_ends_and_nested_keys_of_the_same_name() -> None:
    page = ("---\r\npeople:\r\n- name: Qassem Soleimani\r\n  aliases: [Soleimani]\r\naliases:\r\n- world/a/\r\n"
            "title: T\r\n---\r\n\r\nBody.\r\n")
    assert add_to_list(page, "aliases", "world/b/") == page.replace("- world/a/\r\n", "- world/a/\r\n- world/b/\r\n")


@pytest.mark.parametrize("aliases", ["aliases: world/first/\n", "aliases: {a: b}\n",
                                     "aliases: [world/a/]\naliases: [world/b/]\n"])
def test_add_to_list_refuses_what_it_cannot_extend_safely(aliases: str) -> None:
    assert add_to_list(PAGE.format(aliases=aliases), "aliases", "world/old/") is None
    assert add_to_list("---\ntitle: [unclosed\n---\n", "aliases", "world/old/") is None
