"""Site-wide names (site_builder.site.names): one entity, one page, across the archive."""

from __future__ import annotations

import pytest

from site_builder.core.model import Article, EntityRef
from site_builder.site.names import (
    firms_as_organizations,
    generic_institution,
    index_letter,
    names_an_event,
    person_sort_name,
    resolve_names,
    without_pageless_names,
)


def pages(kind: str, refs: list[tuple[str, tuple[str, ...]]]) -> dict[str, tuple[str, ...]]:
    """Page name -> aliases, for the groups some article names as an entity."""
    resolved = resolve_names(kind, refs)
    named = {resolved[name.casefold()] for name, _ in refs}
    return {group.name: group.aliases for group in named}


def test_an_acronym_defined_in_one_article_merges_everywhere() -> None:
    refs = [("European Central Bank", ("ECB",)), ("ECB", ()), ("ECB", ())]
    assert pages("organizations", refs) == {"European Central Bank": ("ECB",)}


def test_lexicon_aliases_apply_site_wide() -> None:
    assert pages("places", [("U.S.", ()), ("United States", ())]) == {"United States": ("U.S.",)}


def test_people_sharing_a_surname_stay_apart() -> None:
    refs = [("Hillary Clinton", ("Clinton",)), ("Bill Clinton", ("Clinton",)), ("Clinton", ())]
    assert pages("people", refs) == {"Hillary Clinton": (), "Bill Clinton": (), "Clinton": ()}


def test_a_surname_joins_the_one_full_name_that_uses_it() -> None:
    refs = [("Qassem Soleimani", ("Soleimani",)), ("Soleimani", ())]
    assert pages("people", refs) == {"Qassem Soleimani": ("Soleimani",)}


def test_an_alias_two_entities_claim_merges_neither() -> None:
    refs = [("Bank of America", ("BA",)), ("British Airways", ("BA",))]
    assert pages("organizations", refs) == {"Bank of America": (), "British Airways": ()}


def test_the_most_used_full_name_names_the_page() -> None:
    refs = [("Popular Mobilization Forces", ("Popular Mobilisation Forces", "PMF")),
            ("Popular Mobilization Forces", ()), ("Popular Mobilisation Forces", ()), ("PMF", ()), ("PMF", ()),
            ("PMF", ())]
    # The acronym is used most, but a full name names the page; of those, the one used most.
    assert pages("organizations", refs) == {"Popular Mobilization Forces": ("PMF", "Popular Mobilisation Forces")}


def test_tags_are_only_folded_by_case() -> None:
    assert pages("tags", [("Energy", ()), ("energy", ()), ("Oil", ())]) == {"Energy": (), "Oil": ()}


SORT_NAMES = [
    ("Qassem Soleimani", "Soleimani, Qassem"),
    ("Madonna", "Madonna"),  # a single name
    ("Xi Jinping", "Xi Jinping"),  # family name first already
    ("Kim Jong-un", "Kim Jong-un"),
    ("Osama bin Laden", "bin Laden, Osama"),  # a particle stays with the surname
    ("Ludwig van Beethoven", "van Beethoven, Ludwig"),
    ("Martin Luther King Jr.", "King, Martin Luther, Jr."),
    ("Shinzo Abe", "Abe, Shinzo"),  # Japanese names are written given name first in English news
    ("R. Croft", "Croft, R."),
]


@pytest.mark.parametrize("name, expected", SORT_NAMES)
def test_person_sort_name(name: str, expected: str) -> None:
    assert person_sort_name(name) == expected


@pytest.mark.parametrize("sort_name, letter", [("Soleimani, Qassem", "S"), ("bin Laden, Osama", "L"),
                                               ("Øster, Jan", "#"), ("van Beethoven, Ludwig", "B")])
def test_index_letter(sort_name: str, letter: str) -> None:
    assert index_letter(sort_name) == letter


def test_a_legal_form_does_not_make_another_company() -> None:
    refs = [("NEC Corp", ()), ("NEC", ()), ("NEC Co Ltd", ()), ("NECA", ())]
    assert pages("organizations", refs) == {"NEC Corp": ("NEC", "NEC Co Ltd"), "NECA": ()}


# --- one entity, one page: the merge rules, one row per rule ---------------------------------

MERGES = [
    # (kind, the names articles use, the pages expected: name -> aliases)
    ("organizations", [("Chrysler Corp", ()), ("Chrysler Corp.", ()), ("Chrysler Corp", ()), ("Chrysler", ())],
     {"Chrysler Corp": ("Chrysler", "Chrysler Corp.")}),  # legal form and punctuation
    ("organizations", [("Merrill Lynch & Co", ()), ("Merrill Lynch and Co Inc", ()), ("Merrill Lynch", ()),
                       ("Merrill Lynch", ())],
     {"Merrill Lynch": ("Merrill Lynch & Co", "Merrill Lynch and Co Inc")}),  # "&" is "and"
    ("organizations", [("FDIC", ()), ("FDIC", ()), ("Federal Deposit Insurance Corp", ())],
     {"Federal Deposit Insurance Corp": ("FDIC",)}),  # an acronym the archive never defines
    ("organizations", [("BA", ()), ("British Airways", ()), ("Bank of America", ())],
     {"BA": (), "British Airways": (), "Bank of America": ()}),  # the initials of two names: neither
    ("organizations", [("Moody's", ()), ("Moody's Investors Service", ()), ("Moody's Investors Service Inc", ())],
     {"Moody's Investors Service": ("Moody's", "Moody's Investors Service Inc")}),  # begins one longer name
    ("organizations", [("United Nations", ()), ("United Nations", ()), ("United Nations Command", ())],
     {"United Nations": (), "United Nations Command": ()}),  # the longer name is used less: apart
    ("organizations", [("Finance Ministry", ()), ("Finance Ministry", ()), ("Finance Corp", ())],
     {"Finance Ministry": (), "Finance Corp": ()}),  # a common word begins both: neither shortens
    ("organizations", [("Fed", ()), ("Fed", ()), ("Federal Reserve", ())], {"Federal Reserve": ("Fed",)}),
    ("organizations", [("USDA", ()), ("U.S. Agriculture Department", ())],
     {"U.S. Agriculture Department": ("USDA",)}),
    ("organizations", [("EC", ()), ("European Community", ()), ("EC Commission", ())],
     {"European Community": ("EC", "EC Commission")}),
    ("organizations", [("Tories", ()), ("Conservatives", ()), ("Conservative Party", ())],
     {"Conservative Party": ("Conservatives", "Tories")}),  # party name forms
    ("people", [("Reagan", ()), ("Reagan", ()), ("Reagan", ()), ("Ronald Reagan", ())],
     {"Ronald Reagan": ("Reagan",)}),  # a surname, though used more, joins its one full name
    ("people", [("Alex", ()), ("Alex Ferguson", ())], {"Alex Ferguson": ("Alex",)}),  # a given name alone
    ("people", [("Baker", ()), ("James Baker", ()), ("Howard Baker", ())],
     {"Baker": (), "James Baker": (), "Howard Baker": ()}),  # two people share it: it joins neither
]


@pytest.mark.parametrize("kind, refs, expected", MERGES)
def test_merge_rules(kind: str, refs: list[tuple[str, tuple[str, ...]]],
                     expected: dict[str, tuple[str, ...]]) -> None:
    assert pages(kind, refs) == expected


def _article(slug: str, people: tuple[str, ...] = (), organizations: tuple[str, ...] = ()) -> Article:
    return Article(title=slug, slug=slug, section="World", section_slug="world", body="", source_path=f"{slug}.md",
                   people=tuple(EntityRef(name) for name in people),
                   organizations=tuple(EntityRef(name) for name in organizations))


def test_a_firm_named_more_often_as_an_organization_is_one_everywhere() -> None:
    articles = [_article("a", people=("Merrill Lynch", "Paul Volcker")),
                _article("b", organizations=("Merrill Lynch and Co Inc",)),
                _article("c", organizations=("Merrill Lynch",))]
    moved = firms_as_organizations(articles)
    assert [[ref.name for ref in a.people] for a in moved] == [["Paul Volcker"], [], []]
    assert [[ref.name for ref in a.organizations] for a in moved] == [
        ["Merrill Lynch"], ["Merrill Lynch and Co Inc"], ["Merrill Lynch"]]


def test_a_firm_named_by_its_first_partner_is_an_organization() -> None:
    articles = [_article("a", people=("Smith Barney",)),
                _article("b", organizations=("Smith Barney, Harris Upham and Co",)),
                _article("c", organizations=("Smith Barney, Harris Upham and Co Inc",))]
    assert [[ref.name for ref in a.organizations] for a in firms_as_organizations(articles)] == [
        ["Smith Barney"], ["Smith Barney, Harris Upham and Co"], ["Smith Barney, Harris Upham and Co Inc"]]


def test_a_person_named_as_often_as_a_firm_stays_a_person() -> None:
    articles = [_article("a", people=("Ford",)), _article("b", organizations=("Ford Motor Co",))]
    assert firms_as_organizations(articles) == articles


NOT_INVERTED = ["Treasury Secretary James Baker", "Harris Upham & Co", "Reagan Administration", "Merrill Lynch Inc",
                "Chancellor Kohl", "NBC News Anchor"]


@pytest.mark.parametrize("name", NOT_INVERTED)
def test_the_a_z_inversion_needs_a_given_name(name: str) -> None:
    assert person_sort_name(name) == name


# --- Names that get no page (without_pageless_names) -------------------------------------------

@pytest.mark.parametrize(("name", "event"), [
    ("Six Nations", True), ("RBS Six Nations", True), ("Five Nations", True), ("Tri-Nations", True),
    ("World Cup", True), ("Ryder Cup", True), ("Australian Open", True), ("Grand Slam", True),
    ("Commonwealth Games", True), ("World Championships", True), ("Summer Olympics", True),
    ("Monaco Grand Prix", True), ("World Series", True),
    ("United Nations", False), ("League of Nations", False), ("Nations", False), ("Cup", False),
    ("Games Workshop Group", False), ("World Bank", False),
])
def test_a_tournament_is_not_an_organization(name: str, event: bool) -> None:
    assert names_an_event(name) is event


@pytest.mark.parametrize(("name", "generic"), [
    ("Finance Ministry", True), ("Foreign Ministry", True), ("the Finance Ministry", True),
    ("Ministry of Finance", True), ("Ministry of Foreign Affairs", True), ("Agriculture Ministry", True),
    ("Posts and Telecommunications Ministry", True), ("Central Bank", True), ("Supreme Court", True),
    ("Japanese Finance Ministry", False), ("West German Finance Ministry", False),
    ("Ivory Coast Agriculture Ministry", False), ("Brazil Finance Ministry", False),
    ("Central Bank of Brazil", False), ("Bundesbank and Finance Ministry", False),
    ("Treasury", False), ("Parliament", False), ("Congress", False), ("Bank of England", False),
    ("European Central Bank", False), ("U.S. Supreme Court", False),
])
def test_an_institution_every_country_has_needs_its_country(name: str, generic: bool) -> None:
    assert generic_institution(name) is generic


def test_pageless_organizations_leave_every_article() -> None:
    articles = [_article("a", organizations=("Finance Ministry", "Bank of Japan", "Six Nations")),
                _article("b", organizations=("Japanese Finance Ministry", "World Cup")),
                _article("c")]
    articles[2] = Article(title="c", slug="c", section="World", section_slug="world", body="", source_path="c.md",
                          organizations=(EntityRef("Ministry of International Trade and Industry", ("MITI",)),))
    kept = without_pageless_names(articles)
    assert [[ref.name for ref in a.organizations] for a in kept] == [
        ["Bank of Japan"], ["Japanese Finance Ministry"], ["Ministry of International Trade and Industry"]]


@pytest.mark.parametrize(("archive", "kept"), [
    # Two full names start with the given name: it names neither, and gets no page.
    ([("Alex",), ("Alex Ferguson",), ("Alex Salmond",)], [[], ["Alex Ferguson"], ["Alex Salmond"]]),
    ([("Andy", "Tony Blair"), ("Andy Robinson",), ("Andy Roddick",)],
     [["Tony Blair"], ["Andy Robinson"], ["Andy Roddick"]]),
    # One full name starts with it: merge_surnames joins it to that one.
    ([("Alex",), ("Alex Ferguson",)], [["Alex"], ["Alex Ferguson"]]),
    # A full name ends with it: it is a surname too ("Howard" of Michael Howard).
    ([("Howard",), ("Howard Baker",), ("Howard Davies",), ("Michael Howard",)],
     [["Howard"], ["Howard Baker"], ["Howard Davies"], ["Michael Howard"]]),
    # No full name starts with it: someone known by one name ("King Fahd") keeps the page.
    ([("Fahd",)], [["Fahd"]]),
    # Not a given name at all.
    ([("Baker",), ("Baker Smith",), ("Baker Jones",)], [["Baker"], ["Baker Smith"], ["Baker Jones"]]),
])
def test_a_given_name_alone_that_several_full_names_share_gets_no_page(
        archive: list[tuple[str, ...]], kept: list[list[str]]) -> None:
    articles = [_article(str(i), people=people) for i, people in enumerate(archive)]
    assert [[ref.name for ref in a.people] for a in without_pageless_names(articles)] == kept
