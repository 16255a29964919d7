"""Wire copy made readable at ingest (wire.py): headlines in sentence case, stock symbols
out of the text, company brackets dropped, the sign-off gone; nothing lost, a person's
edits kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from site_builder.cli import main
from site_builder.content.frontmatter import parse_page
from site_builder.core.model import Ticker
from site_builder.ingest.seed import Seed
from site_builder.ingest.wire import drop_sign_off, readable, take_marks


def _seed(title: str, *paragraphs: str, summary: str = "") -> Seed:
    return Seed(section="Business", title=title, summary=summary, paragraphs=paragraphs)


@pytest.mark.parametrize(("headline", "body", "expected"), [
    # the body spells the company as a name; a figure word and wire abbreviations go lower case
    ("NORD RESOURCES CORP <NRD> 4TH QTR NET", "Shares of Nord Resources Corp rose.", "Nord Resources Corp 4th qtr net"),
    # a bracketed company with no body to go by: the brackets mark it a name
    ("<BIRDSBORO CORP> 4TH QTR LOSS", "Shr loss 12 cts vs profit 10 cts", "Birdsboro Corp 4th qtr loss"),
    # acronyms the body writes in capitals, and known ones it does not use
    ("IBM SEES HIGHER GNP IN U.S. AND EC", "Officials at IBM said growth would pick up.",
     "IBM sees higher GNP in U.S. and EC"),
    ("OPEC MEETS IN VIENNA", "Ministers met on Monday.", "OPEC meets in Vienna"),
    # a person the body names mid-sentence, with the headline's possessive
    ("REAGAN'S HOPES OF REBOUND DIMINISH", "The report hurt President Reagan, aides said.",
     "Reagan's hopes of rebound diminish"),
    # a word the body writes in lower case is not a name, even where it starts a sentence
    ("NET PROFIT RISES AT BANKAMERICA", "BankAmerica Corp said net profit rose. Net profit rose.",
     "Net profit rises at BankAmerica"),
    # a word inside a longer name elsewhere is not a name on its own
    ("TALKS ON TIN EXTENSION", "The International Tin Council met.", "Talks on tin extension"),
    # a short word no dictionary knows is an acronym; the wire's abbreviations are words
    ("NWA INC 4TH QTR NET", "Shr 1.05 dlrs vs 88 cts", "NWA Inc 4th qtr net"),
    # a hyphenated name the body spells whole, even only at a sentence's start
    ("HEWLETT-PACKARD UNVEILS NEW PRODUCTS", "Hewlett-Packard Co said it introduced them.",
     "Hewlett-Packard unveils new products"),
    # months and places
    ("CANADA SUGAR IMPORTS UP IN MARCH", "Imports rose.", "Canada sugar imports up in March"),
    # headlines in mixed case are left exactly as they are
    ("Venezuela's biggest private debtor faces default", "The debtor said.",
     "Venezuela's biggest private debtor faces default"),
    ("SUN ALLIANCE reports sharp profit rise", "Sun Alliance said.", "SUN ALLIANCE reports sharp profit rise"),
])
def test_a_headline_in_capitals_becomes_sentence_case(headline: str, body: str, expected: str) -> None:
    assert readable(_seed(headline, body)).title == expected


def test_a_table_in_capitals_does_not_make_a_headline_word_an_acronym() -> None:
    """Column heads in capitals ("IMPORTS ALLOCATIONS") are not how the text spells the word:
    "imports" in a sentence is."""
    seed = _seed("SUGAR QUOTA IMPORTS DETAILED -- USDA",
                 "The U.S. Agriculture Department said cumulative sugar imports were as follows.",
                 "IMPORTS ALLOCATIONS ARGENTINA nil 39,130 AUSTRALIA nil 75,530 BRAZIL nil 131,950")
    assert readable(seed).title == "Sugar quota imports detailed -- USDA"


@pytest.mark.parametrize(("text", "expected_text", "expected_tickers"), [
    ("Nord Resources Corp <NRD> said net rose.", "Nord Resources Corp said net rose.",
     [Ticker("NRD", "Nord Resources Corp")]),
    ("a unit of Merrill Lynch and Co <MER> and Texas Air Corp's <TXN> unit",
     "a unit of Merrill Lynch and Co and Texas Air Corp's unit",
     [Ticker("MER", "Merrill Lynch and Co"), Ticker("TXN", "Texas Air Corp")]),
    ("The four -- Exxon Corp <XON>, Mobil <MOB.N>", "The four -- Exxon Corp, Mobil",
     [Ticker("XON", "Exxon Corp"), Ticker("MOB.N", "Mobil")]),
    ("NATIONAL INTERGROUP<NII> TO OFFER UNITS", "NATIONAL INTERGROUP TO OFFER UNITS",
     [Ticker("NII", "NATIONAL INTERGROUP")]),
    ("it sold the unit to <Sedio N.V.> for cash", "it sold the unit to Sedio N.V. for cash", []),
    ("a symbol with no company: <ABC> here", "a symbol with no company: here", [Ticker("ABC")]),
    # not wire marks: left exactly as written
    ("if a < b and c > d", "if a < b and c > d", []),
    ("<script>alert(1)</script>", "<script>alert(1)</script>", []),
])
def test_symbols_leave_the_text_and_company_brackets_go(text: str, expected_text: str,
                                                        expected_tickers: list[Ticker]) -> None:
    found: dict[str, Ticker] = {}
    assert take_marks(text, found) == expected_text
    assert list(found.values()) == expected_tickers


def test_a_symbol_is_tied_to_the_company_the_body_names_in_mixed_case() -> None:
    seed = readable(_seed("CHAMPION PRODUCTS <CH> APPROVES STOCK SPLIT",
                          "Champion Products Inc <CH> said its board approved a split."))
    assert seed.title == "Champion Products approves stock split"
    assert seed.tickers == (Ticker("CH", "Champion Products Inc"),)
    assert seed.paragraphs == ("Champion Products Inc said its board approved a split.",)


@pytest.mark.parametrize(("last", "expected"), [
    ("It expects growth after the slump. REUTER", "It expects growth after the slump."),
    ("It expects growth. Reuter", "It expects growth."),
    ("It expects growth. reuter", "It expects growth."),
    ("It expects growth. REUTER...^M", "It expects growth."),
    ("It expects growth. REUTERS", "It expects growth."),
    # "Reuters" in a sentence is the agency, not a sign-off
    ("Details were given, an official told Reuters.", "Details were given, an official told Reuters."),
    ("Reuters said the deal was done.", "Reuters said the deal was done."),
    ("The system was bought from Reuters Holdings PLC.", "The system was bought from Reuters Holdings PLC."),
])
def test_the_sign_off_ending_a_story_is_dropped(last: str, expected: str) -> None:
    assert drop_sign_off(last) == expected


def test_the_sign_off_goes_only_from_the_end_of_the_last_paragraph() -> None:
    seed = readable(_seed("Markets calm", "Traders wrote REUTER on the board.", "A first. REUTER",
                          "The end. REUTER"))
    assert seed.paragraphs == ("Traders wrote REUTER on the board.", "A first. REUTER", "The end.")
    alone = readable(_seed("Markets calm", "The end.", "REUTER"))
    assert alone.paragraphs == ("The end.",)
    # a one-paragraph story: the summary repeats it, sign-off and all
    short = readable(_seed("Markets calm", "Quiet day. REUTER", summary="Quiet day. REUTER"))
    assert (short.summary, short.paragraphs) == ("Quiet day.", ("Quiet day.",))


def test_readable_is_idempotent_and_keeps_the_raw_headline() -> None:
    once = readable(_seed("NORD RESOURCES CORP <NRD> 4TH QTR NET", "Nord Resources Corp <NRD> said. REUTER"))
    assert once.raw_title == "NORD RESOURCES CORP <NRD> 4TH QTR NET"
    assert readable(once) == once
    plain = readable(_seed("Markets calm", "Quiet day."))
    assert plain.raw_title == "" and plain.tickers == ()


WIRE_SEED = """Date: 1987-02-26

Earnings

NORD RESOURCES CORP <NRD> 4TH QTR NET

Nord Resources Corp <NRD> said fourth quarter net rose on higher sales.

Shr 12 cts vs 10 cts

The company expects further growth after the slump. REUTER
"""
PAGE = Path("content/earnings/nord-resources-corp-4th-qtr-net.md")


def test_ingest_writes_readable_copy_with_the_raw_headline_and_tickers(project: Path) -> None:
    (project / "seeds/nord.txt").write_text(WIRE_SEED, encoding="utf-8")
    assert main(["ingest"]) == 0
    page = parse_page(PAGE.read_text(encoding="utf-8"))
    assert page.meta["title"] == "Nord Resources Corp 4th qtr net"
    assert page.meta["raw_title"] == "NORD RESOURCES CORP <NRD> 4TH QTR NET"
    assert page.meta["tickers"] == [{"symbol": "NRD", "company": "Nord Resources Corp"}]
    assert page.meta["summary"] == "Nord Resources Corp said fourth quarter net rose on higher sales."
    assert "<NRD>" not in page.body and "REUTER" not in page.body
    assert page.body.rstrip().endswith("after the slump.")


@pytest.mark.parametrize(("old", "new"), [
    ("title: Nord Resources Corp 4th qtr net", "title: Nord Resources 4th quarter profit"),
    ("- symbol: NRD", "- symbol: NRDX"),
])
def test_a_persons_edit_to_title_or_tickers_survives_reingest(project: Path, old: str, new: str) -> None:
    seed = project / "seeds/nord.txt"
    seed.write_text(WIRE_SEED, encoding="utf-8")
    assert main(["ingest"]) == 0
    text = PAGE.read_text(encoding="utf-8")
    assert old in text
    edited = text.replace(old, new)
    PAGE.write_text(edited, encoding="utf-8")
    assert main(["ingest"]) == 0
    seed.write_text(WIRE_SEED + "\nA late paragraph.\n", encoding="utf-8")  # even when the seed changes
    assert main(["ingest"]) == 0
    assert PAGE.read_text(encoding="utf-8") == edited


def _write_page(project: Path, slug: str, front_matter: str) -> None:
    path = project / "content/business" / f"{slug}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\ntitle: {slug}\nslug: {slug}\nsection: Business\ndate: 1987-02-26\n{front_matter}---\n\n"
                    "Some text.\n", encoding="utf-8")


def _chips(html: str) -> str:
    return html.split('<h2 id="ent-tickers">Stock symbols</h2>')[1].split("</ul>")[0]


def test_tickers_are_chips_linked_to_the_companys_page_when_the_site_has_one(tmp_path: Path,
                                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    company = "organizations: [Nord Resources]\n"  # two articles: the company has a page
    _write_page(tmp_path, "nord-one", company + "tickers:\n- symbol: NRD\n  company: Nord Resources Corp\n- XYZ\n")
    _write_page(tmp_path, "nord-two", company)
    _write_page(tmp_path, "plain", "")
    assert main(["build", "--no-search"]) == 0
    chips = _chips((tmp_path / "public/business/nord-one/index.html").read_text(encoding="utf-8"))
    assert '<a href="../../organizations/nord-resources/index.html">NRD (Nord Resources Corp)</a>' in chips
    assert "<span>XYZ</span>" in chips
    assert "Stock symbols" not in (tmp_path / "public/business/plain/index.html").read_text(encoding="utf-8")
