"""`site-builder entities --review`: the most-linked pages of each type, each suspect one with
its signals and a line of entities.toml that fixes it."""

from __future__ import annotations

from pathlib import Path

import pytest

from site_builder.cli import main
from site_fixtures import write_page


@pytest.fixture
def archive(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    pages = [  # (people, organizations, places, body)
        (["Mikhail Gorbachev", "Gorbachev", "Wall Street"], ["Unilever"], ["São Paulo", "Wall Street"],
         "Talks in Sao Paulo."),
        (["Mikhail Gorbachev", "Gorbachev", "Wall Street"], ["Unilever"], ["São Paulo", "Wall Street"],
         "Sao Paulo again."),
        (["Mikhail Gorbachev", "Police"], [], ["Unilever Corp", "Wall Street"], "Body."),
        # A second Gorbachev keeps the build's own rules from merging the lone surname.
        (["Police", "Raisa Gorbachev"], [], ["Unilever Corp"], "Body."),
    ]
    for n, (people, organizations, places, body) in enumerate(pages):
        write_page(tmp_path, f"story-{n}", date=f"2020-01-0{n + 1}", body=body, people=people,
                   organizations=organizations, places=places)
    return tmp_path


def _review(capsys: pytest.CaptureFixture[str]) -> list[str]:
    assert main(["entities", "--review", "--top", "5"]) == 0
    return capsys.readouterr().out.splitlines()


def _entry(lines: list[str], name: str) -> tuple[str, str]:
    """The line of a page in the review, and the suggestion under it ("" when none)."""
    at = next(i for i, line in enumerate(lines) if line.split("(")[0].split()[1:] == name.split())
    following = lines[at + 1] if at + 1 < len(lines) else ""
    return lines[at], following.strip() if following.startswith(" " * 10) else ""


# (page, a signal the review gives it, the line it suggests)
SIGNALS = [
    ("Gorbachev", "single word", 'merge."Gorbachev" = "Mikhail Gorbachev"'),
    ("Police", "common English word", 'block."Police" = true'),
    ("Wall Street", "typed place in 3 articles", 'retype."Wall Street" = "place"'),
    ("Unilever Corp", "legal form 'Corp'", 'retype."Unilever Corp" = "organization"'),
    ("São Paulo", "accent not in the text, which writes 'Sao Paulo'", 'display."São Paulo" = "Sao Paulo"'),
]


@pytest.mark.parametrize("name, signal, suggestion", SIGNALS)
def test_the_review_names_what_makes_a_page_suspect(archive: Path, capsys: pytest.CaptureFixture[str], name: str,
                                                     signal: str, suggestion: str) -> None:
    line, suggested = _entry(_review(capsys), name)
    assert signal in line
    assert suggested == suggestion


def test_a_page_that_looks_right_has_no_signal(archive: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = _review(capsys)
    assert [_entry(lines, name) for name in ("Mikhail Gorbachev", "Unilever")] == [
        ("       3  Mikhail Gorbachev", ""), ("       2  Unilever", "")]
    assert lines[-1].startswith("6 suspect pages.")  # both types of "Wall Street" are


def test_the_suggested_lines_make_a_valid_entities_toml_that_clears_the_review(
        archive: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = _review(capsys)
    suggestions = [line.strip() for line in lines if line.startswith(" " * 10)]
    assert len(suggestions) == 5
    (archive / "entities.toml").write_text("\n".join(suggestions) + "\n", encoding="utf-8")
    again = _review(capsys)
    assert again[-1].startswith("0 suspect pages."), again
    assert main(["build", "--no-search"]) == 0
    assert capsys.readouterr().err == ""


def test_top_without_review_is_refused(archive: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["entities", "--top", "3"]) == 2
    assert "--top works with --review only" in capsys.readouterr().err


def test_the_review_reads_content_as_the_last_build_left_it_and_as_it_is_now(
        archive: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", "--no-search"]) == 0  # leaves its parses in the cache
    write_page(archive, "story-4", date="2020-01-05", people=["Police"])  # a page the cache does not know
    assert _entry(_review(capsys), "Police")[0].split()[0] == "3"


def test_a_stray_article_of_another_type_is_no_signal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    for n in range(11):
        write_page(tmp_path, f"london-{n}", date=f"2020-01-{n + 1:02d}", places=["London", "Tokyo"])
    write_page(tmp_path, "odd-one", date="2020-02-01", organizations=["London"], places=["Tokyo"])
    write_page(tmp_path, "odd-two", date="2020-02-02", organizations=["Tokyo"])
    write_page(tmp_path, "odd-three", date="2020-02-03", organizations=["Tokyo"])
    lines = _review(capsys)
    assert _entry(lines, "London") == ("      11  London", "")  # 1 in 11: the extractor's noise
    # The organization "Tokyo" (listed before places) is the place of most articles.
    assert _entry(lines, "Tokyo") == ("       2  Tokyo  (typed place in 12 articles)", 'retype."Tokyo" = "place"')


def test_a_name_holding_terminal_codes_is_shown_escaped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    # U+009B starts a terminal escape sequence as ESC [ does; XML allows it, so a name may hold it.
    monkeypatch.chdir(tmp_path)
    for n in range(2):
        write_page(tmp_path, f"story-{n}", date=f"2020-01-0{n + 1}", people=["\x9b2JAnn Example", "\u202eBob Lee"])
    assert main(["entities", "--review"]) == 0
    out = capsys.readouterr().out
    assert "\x9b" not in out and "\u202e" not in out
    assert "\\x9b2JAnn Example" in out and "\\u202eBob Lee" in out
