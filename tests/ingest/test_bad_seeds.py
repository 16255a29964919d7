"""Whatever the wires deliver: every bad seed is named with a reason, the good ones go through."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from site_builder.cli import main
from site_builder.content.frontmatter import parse_page, render_page
from site_builder.content.read import read_article
from site_builder.ingest.enrich import enrich_seed
from site_builder.ingest.run import seed_to_page
from site_builder.ingest.seed import SeedError, decode_seed, normalise_text, parse_seed
from site_builder.ingest.wire import readable

SEED_FILE = Path(__file__).resolve().parents[2] / "seeds/000_d516c940b5b60795.txt"
SEED_FILE = Path(__file__).resolve().parents[2] / "seeds/000_d516c940b5b60795.txt"
GOOD = SEED_FILE.read_text(encoding="utf-8")


def ingest_one(project: Path, name: str, data: bytes, capsys) -> tuple[int, str]:
    (project / "seeds" / name).write_bytes(data)
    status = main(["ingest"])
    return status, capsys.readouterr().err


@pytest.mark.parametrize("name, data, reason", [
    ("empty.txt", b"", "the file is empty"),
    ("blank.txt", b"  \n\t\n\n   \n", "the file is empty or holds only whitespace"),
    ("nul.txt", b"World\n\nHead\x00line\n\nSummary\n", "NUL bytes"),
    ("latin9.txt", b"World\n\nHeadline\n\n\x81\x8d\x90 summary\n", "neither UTF-8 nor Windows-1252"),
    ("image.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary file"),
    ("only-section.txt", b"World\n", "there is no headline"),
    ("bad-date.txt", b"Date: the day after tomorrow\n\nWorld\n\nHeadline\n\nSummary.\n", "line 1: the Date value"),
    ("unended-metadata.txt", b"Date: 2020-01-04\nAuthor: A. Writer\nWorld\n\nHeadline\n\nSummary.\n",
     "line 3: the metadata lines (`Key: value`) must be followed by a blank line; add an empty line before this one"),
])
def test_bad_seed_is_named_with_its_reason_and_the_good_one_ingested(
        project: Path, capsys, name: str, data: bytes, reason: str) -> None:
    status, err = ingest_one(project, name, data, capsys)
    assert status == 1
    assert re.search(rf"error: seeds/{re.escape(name)}: .*{re.escape(reason)}", err), err
    assert "1 seed could not be ingested" in err
    assert len(list((project / "content").rglob("*.md"))) == 1


def test_utf16_with_bom_is_decoded(project: Path, capsys) -> None:
    status, _ = ingest_one(project, "utf16.txt", GOOD.replace("5 members", "Five members").encode("utf-16"), capsys)
    assert status == 0
    assert (project / "content/world/five-members-of-iran-backed-militia-killed-in-iraq-airstrike.md").exists()


def test_invalid_utf8_names_the_line() -> None:
    with pytest.raises(SeedError) as error:
        decode_seed(b"World\n\nHeadline\n\n\x81 bad\n")
    assert error.value.line == 5


def test_control_characters_are_dropped() -> None:
    seed = parse_seed("World\n\nHead\x07line\x1b[31m here\n\nSum\x0bmary.\n\nBody.\n")
    assert seed.title == "Headline[31m here"
    assert seed.summary == "Summary."


def test_right_to_left_and_combining_text_survives() -> None:
    seed = parse_seed("العالم\n\nمقتل خمسة في غارة\n\nCafe\u0301 summary with e\u0301.\n\nBody.\n")
    assert seed.section == "العالم" and seed.title == "مقتل خمسة في غارة"
    assert seed.summary == "Caf\u00e9 summary with \u00e9."  # composed, so search and slugs agree


@pytest.mark.parametrize("headline", ["?!?!...", "🔥🚀🎉", "— – …"])
def test_headline_of_only_punctuation_or_emoji_gets_valid_unique_slugs(project: Path, headline: str) -> None:
    for n in (1, 2):
        (project / f"seeds/{n}.txt").write_text(f"World\n\n{headline}\n\nSummary.\n\nBody.\n", encoding="utf-8")
    assert main(["ingest"]) == 0
    slugs = sorted(p.stem for p in (project / "content/world").glob("*.md"))
    assert len(slugs) == 3 and all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", s) for s in slugs)
    assert main(["build", "--no-search"]) == 0


def test_two_thousand_character_headline(project: Path) -> None:
    headline = ("Officials say " + "very " * 400)[:2000].strip()
    (project / "seeds/long.txt").write_text(f"World\n\n{headline}\n\nSummary.\n\nBody.\n", encoding="utf-8")
    assert main(["ingest"]) == 0
    page = next(p for p in (project / "content/world").glob("officials-say*.md"))
    assert len(page.stem) <= 80
    assert parse_page(page.read_text(encoding="utf-8")).meta["title"] == headline


@pytest.mark.slow
@pytest.mark.scale
def test_huge_paragraph_and_huge_seed_are_ingested(project: Path) -> None:
    paragraph = "word " * 40_000  # 200,000 characters in one paragraph
    (project / "seeds/para.txt").write_text(f"World\n\nLong one\n\nSummary.\n\n{paragraph}\n", encoding="utf-8")
    body = "\n\n".join(f"Paragraph {n} of a very long wire story, repeated to make it large." for n in range(300_000))
    (project / "seeds/big.txt").write_text(f"World\n\nBig one\n\nSummary.\n\n{body}\n", encoding="utf-8")
    assert (project / "seeds/big.txt").stat().st_size > 20_000_000
    assert main(["ingest"]) == 0
    assert (project / "content/world/big-one.md").stat().st_size > 20_000_000


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(), st.binary(), st.lists(st.text(max_size=80), max_size=12).map("\n\n".join)))
def test_any_input_gives_a_valid_page_or_a_clear_error(raw: str | bytes) -> None:
    data = raw.encode("utf-8") if isinstance(raw, str) else raw
    try:
        seed = parse_seed(decode_seed(data))
    except SeedError as error:
        # A reason, and the line it names (if any) is inside the file.
        assert error.reason.strip()
        if error.line is not None:
            try:
                lines = normalise_text(decode_seed(data)).count("\n") + 1
            except SeedError:
                lines = data.count(b"\n") + 1
            assert 1 <= error.line <= lines, (error.line, lines)
        return
    page = seed_to_page(seed, "a-slug", "seed.txt", enrich_seed(seed))
    text = render_page(page)
    assert parse_page(text) == page
    article, problems = read_article("world/a-slug.md", text)
    assert article is not None, problems
    shown = readable(seed)  # the wire's marks handled: the headline as pages show it
    assert article.title == shown.title and problems == []
    assert article.raw_title == (seed.title if shown.title != seed.title else "")


def test_a_seed_name_that_is_not_utf8_is_refused_and_the_rest_ingested(project: Path, capsys) -> None:
    os.makedirs(b"seeds/more", exist_ok=True)
    with open(os.path.join(b"seeds", b"caf\xe9.txt"), "wb") as handle:
        handle.write(GOOD.replace("5 members", "Six members").encode("utf-8"))
    (project / "seeds/more/good.txt").write_text(GOOD.replace("5 members", "Seven members"), encoding="utf-8")
    assert main(["ingest"]) == 1
    err = capsys.readouterr().err
    assert "error: seeds/caf\\xe9.txt: its file name is not valid UTF-8 (the bytes shown as \\xNN); rename" in err
    pages = sorted(p.name for p in (project / "content").rglob("*.md"))
    assert pages == ["5-members-of-iran-backed-militia-killed-in-iraq-airstrike.md",
                     "seven-members-of-iran-backed-militia-killed-in-iraq-airstrike.md"]
    assert not [p for p in (project / "content").rglob("*") if ".tmp-" in p.name]
    assert main(["build", "--no-search", "--strict"]) == 0  # no page it wrote is refused
    assert main(["ingest"]) == 1  # and the next ingest says the same, it does not crash
    assert "caf\\xe9.txt" in capsys.readouterr().err


@pytest.mark.parametrize("name", ["new\nline.txt", "clear\x1b[2J\x1b[H.txt", "bell\x07\u202eevil.txt"])
def test_seed_names_with_control_characters_are_refused_and_printed_escaped(project: Path, capsys,
                                                                          name: str) -> None:
    (project / "seeds" / name).write_text(GOOD.replace("5 members", "Six members"), encoding="utf-8")
    (project / "seeds" / f"empty-{name}").write_bytes(b"")
    assert main(["ingest"]) == 1
    out, err = capsys.readouterr()
    escaped = name.encode("unicode_escape").decode("ascii")
    assert f"error: seeds/{escaped}: its file name holds control characters (shown escaped, like \\n or " \
           "\\x1b); rename the file and ingest again" in err
    assert f"error: seeds/empty-{escaped}: " in err
    assert not any(c in out + err for c in "\x1b\x07\u202e") and err.count("\n") == 3
    assert len(list((project / "content").rglob("*.md"))) == 1  # the bundled seed went through
    assert main(["build", "--no-search", "--strict"]) == 0
