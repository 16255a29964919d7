"""Names every news reader knows by more than one form: the alias lexicon of `lexicon`, plus
party name forms, institutions named by one word, and well-known acronyms of news copy.

One table serves the extractor (a mention's type and canonical name) and the site-wide merge
(`names.resolve_names`), so an article and the archive agree on what a form means.
"""

from __future__ import annotations

from site_builder.ingest.entities import lexicon as lex

_ORG = "organization"
_PLACE = "place"

# Party name forms: members, adjectives and nicknames are the party ("Tories", "Lib Dems").
_PARTY_FORMS: dict[str, tuple[str, ...]] = {
    "Conservative Party": ("tory", "tories", "conservative", "conservatives", "conservative party",
                           "tory party"),
    "Labour Party": ("labour", "labour party", "new labour"),
    "Liberal Democrats": ("lib dem", "lib dems", "liberal democrat", "liberal democrats",
                          "liberal democrat party", "libdems"),
    "Democratic Party": ("democrat", "democrats", "democratic party"),
    "Republican Party": ("republican", "republicans", "republican party", "gop"),
}

# Institutions news copy names by one word or an acronym, and the name they stand for. Only
# forms that mean one institution wherever English news uses them.
_INSTITUTIONS: dict[str, tuple[str, ...]] = {
    "Federal Reserve": ("fed", "federal reserve", "federal reserve board", "u.s. federal reserve",
                        "federal reserve system"),
    "U.S. Agriculture Department": ("usda", "u.s. agriculture department", "u.s. department of agriculture",
                                    "agriculture department", "department of agriculture"),
    "European Community": ("ec", "e.c.", "european community", "european communities",
                           "european economic community", "eec", "ec commission"),
    "Treasury": ("treasury",),
    "Securities and Exchange Commission": ("sec", "securities and exchange commission"),
    "General Agreement on Tariffs and Trade": ("gatt", "general agreement on tariffs and trade"),
    "Organisation for Economic Co-operation and Development": (
        "oecd", "organisation for economic co-operation and development",
        "organization for economic cooperation and development"),
    "Reuters": ("reuters", "reuter", "reuters holdings", "reuters holdings plc"),
}

# Countries of the time that the gazetteer of today does not list, and regions named by one word.
_PLACES: dict[str, tuple[str, ...]] = {
    "West Germany": ("west germany",),
    "East Germany": ("east germany",),
}


# Holidays, festivals and awards: capitalised, in the surname lists, never a person or a body.
NOT_NAMES: frozenset[str] = frozenset(
    """christmas easter thanksgiving halloween ramadan eid hanukkah diwali passover lent advent
    oscar oscars grammy grammys emmy emmys bafta baftas""".split())


def _table() -> dict[str, tuple[str, str]]:
    table = dict(lex.ALIASES)
    for forms_of, etype in ((_PARTY_FORMS, _ORG), (_INSTITUTIONS, _ORG), (_PLACES, _PLACE)):
        for canonical, forms in forms_of.items():
            for form in forms:
                table[form] = (canonical, etype)
    return table


KNOWN_FORMS: dict[str, tuple[str, str]] = _table()


def known_form(key: str) -> tuple[str, str] | None:
    """(canonical name, type) of a lower-case form every reader knows ("fed", "tories"), else None."""
    return KNOWN_FORMS.get(key)
