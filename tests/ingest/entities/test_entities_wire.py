"""Wire copy is not prose: one table per class of error the archive's busiest entity pages showed
(sign-offs, table abbreviations and legal forms as names, firms read as people, common words as
people, titles inside names, towns respelled to match a word)."""

from __future__ import annotations

import pytest

from site_builder.ingest.entities import extract_entities


def found(text: str) -> set[tuple[str, str]]:
    return {(entity.type, entity.name) for entity in extract_entities(text)}


def names(text: str) -> set[str]:
    return {entity.name for entity in extract_entities(text)}


# --- never entities -------------------------------------------------------------------------

NOT_ENTITIES = [
    # (text, a name that must not come out)
    ("The company expects a loss in the first quarter, the sources said. REUTER", "REUTER"),
    ("Shipments resumed on Monday, the ministry said.\n\nReuter", "Reuter"),
    ("The unit was sold for an undisclosed sum. Reuters...", "Reuters"),
    ("Avg shrs 2,332,397 vs 1,428,000", "Avg"),
    ("Oper net 5.1 mln vs 4.2 mln", "Oper"),
    ("Revs 104,606,000 vs 110,311,000", "Revs"),
    ("The issue raised 500 mln Ecus on Tuesday.", "Ecus"),
    ("The bonds pay 100 H.K. Dlrs each.", "H.K. Dlrs"),
    ("Acme Holdings said its unit, Acme Co Inc, would merge. Co Inc said nothing.", "Co Inc"),
    ("The firm was renamed. Corp officials declined comment.", "Corp"),
    ("Real GNP rose 3.5 pct in the quarter.", "GNP"),
    ("The loan is priced over the London Interbank Offered Rate.", "London Interbank Offered Rate"),
    ("Sales of PCs rose in the quarter.", "PCs"),
    ("Fuji Bank Corp <FBC> said its net profit rose.", "FBC"),  # a stock ticker
]


@pytest.mark.parametrize("text, name", NOT_ENTITIES)
def test_wire_vocabulary_names_nothing(text: str, name: str) -> None:
    assert name not in names(text)


def test_the_agency_named_in_a_sentence_is_still_the_agency() -> None:
    text = "The figures were given in a Reuter survey of oil traders on Monday."
    assert ("organization", "Reuters") in found(text)


# --- US state abbreviations are the state ---------------------------------------------------

STATES = [
    ("Caterpillar Inc of Peoria, Ill., said it would cut jobs.", "Illinois"),
    ("The bank, based in Denver, Colo., said profits rose.", "Colorado"),
    ("Apple Computer Inc of Cupertino, Calif., said sales rose.", "California"),
    ("The utility in Newark, N.J., said rates would rise.", "New Jersey"),
]


@pytest.mark.parametrize("text, state", STATES)
def test_a_state_abbreviation_after_a_town_is_the_state(text: str, state: str) -> None:
    assert ("place", state) in found(text)


# --- firms ------------------------------------------------------------------------------------

FIRMS = [
    ("Standard and Poor's Corp said it downgraded the debt.", "Standard and Poor's Corp"),
    ("The rating was cut by Standard & Poor's on Monday.", "Standard & Poor's"),
    ("Moody's Investors Service Inc said it may lower the rating.", "Moody's Investors Service Inc"),
    ("The rating agency Moody's said it was reviewing the bonds.", "Moody's"),
    ("Merrill Lynch and Co Inc said it would buy the unit.", "Merrill Lynch and Co Inc"),
    ("The offering is managed by Smith Barney, Harris Upham and Co Inc on behalf of the state.",
     "Smith Barney, Harris Upham and Co Inc"),
    ("The shares were placed by Goldman, Sachs and Co on Tuesday.", "Goldman, Sachs and Co"),
    ("Shares of Salomon Brothers rose on the news.", "Salomon Brothers"),
    ("The loan was arranged by Banque Paribas on behalf of the state.", "Banque Paribas"),
    ("Banco do Brasil said it would lend 50 mln dlrs.", "Banco do Brasil"),
    ("The order went to Airbus Industrie after a long fight.", "Airbus Industrie"),
    ("Morgan Stanley analyst Jay Palmer said the shares were cheap.", "Morgan Stanley"),
]


@pytest.mark.parametrize("text, firm", FIRMS)
def test_a_firm_is_one_organization_with_its_name(text: str, firm: str) -> None:
    assert ("organization", firm) in found(text)


def test_a_firm_named_by_its_partners_links_its_short_form_in_the_story() -> None:
    text = "Merrill Lynch and Co Inc said it would buy the unit. Merrill Lynch did not say more."
    entities = extract_entities(text)
    assert [(e.type, e.name, e.aliases) for e in entities] == [
        ("organization", "Merrill Lynch and Co Inc", ("Merrill Lynch",))]


# --- people need evidence ---------------------------------------------------------------------

NOT_PEOPLE = [
    ("The House voted on the bill after a long debate.", "House"),
    ("Class A shares will be offered to the public.", "Class"),
    ("Sales rose sharply in the weeks before Christmas, retailers said.", "Christmas"),
    ("The Chancellor said the budget would be balanced.", "Chancellor"),
    ("The Board approved the dividend on Monday.", "Board"),
    ("Oliver's Stores Inc said it will reorganize under Chapter 11 of the bankruptcy code.", "Chapter"),
]


@pytest.mark.parametrize("text, word", NOT_PEOPLE)
def test_a_common_word_alone_is_no_person(text: str, word: str) -> None:
    assert word not in names(text)


def test_a_pronoun_after_a_surname_is_a_person_cue() -> None:
    assert ("person", "Fowler") in found("The case went badly, and later Fowler said he would appeal.")


NOT_PEOPLE_OR_ORGANIZATIONS = [
    ("West German banks cut their rates on Thursday.", "West German"),
    ("South African gold output fell in March.", "South African"),
    ("The Congressional budget office said so.", "Congressional"),
]


@pytest.mark.parametrize("text, word", NOT_PEOPLE_OR_ORGANIZATIONS)
def test_a_demonym_or_adjective_is_no_entity(text: str, word: str) -> None:
    assert word not in names(text)


TITLES_AND_ROLES = [
    ("Chancellor of the Exchequer Nigel Lawson said sterling was firm.", ("person", "Nigel Lawson")),
    ("The Reagan Administration said it would veto the bill.", ("organization", "Reagan Administration")),
]


@pytest.mark.parametrize("text, entity", TITLES_AND_ROLES)
def test_titles_are_not_part_of_names(text: str, entity: tuple[str, str]) -> None:
    result = found(text)
    assert entity in result
    assert not any(etype == "person" and "Exchequer" in name or name == "Reagan Administration" and etype == "person"
                   for etype, name in result)


PARTY_FORMS = [
    ("The Tories lost the seat to Labour.", {("organization", "Conservative Party"), ("organization", "Labour Party")}),
    ("Conservatives and Lib Dems voted against the plan.",
     {("organization", "Conservative Party"), ("organization", "Liberal Democrats")}),
]


@pytest.mark.parametrize("text, expected", PARTY_FORMS)
def test_party_name_forms_are_the_party(text: str, expected: set[tuple[str, str]]) -> None:
    assert found(text) == expected


# --- keep the archive's spelling ------------------------------------------------------------

SPELLINGS = [
    # (text, a spelling that may not appear, the spelling the text uses if it is a place)
    ("The Bank said it would hold rates, and the bank's governor agreed.", "Bānk", None),
    ("Mr Bush said the talks would go on.", "Būsh", None),
    ("God knows what the market will do, the trader said.", "Göd", None),
    ("The studio moved from Los Angeles to New York.", "Los Ángeles", "Los Angeles"),
    ("Shares traded in Montreal rose.", "Montréal", "Montreal"),
]


@pytest.mark.parametrize("text, respelled, kept", SPELLINGS)
def test_the_gazetteer_never_respells_a_name(text: str, respelled: str, kept: str | None) -> None:
    result = found(text)
    assert all(name != respelled for _, name in result)
    if kept is not None:
        assert ("place", kept) in result


def test_a_town_named_like_a_word_needs_place_evidence() -> None:
    assert "Sale" not in names("Sale of the unit is expected to close in June.")
    assert ("place", "Sale") in found("The plant is in Sale, near Manchester.")
