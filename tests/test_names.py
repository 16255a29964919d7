"""Site-wide names (site_builder.names): one entity, one page, across the archive."""

from __future__ import annotations

import pytest

from site_builder.names import index_letter, person_sort_name, resolve_names


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
