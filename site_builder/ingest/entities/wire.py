"""Wire-copy vocabulary: words news agencies write in capitals that name nothing.

Agency copy is not prose: it ends with a sign-off, quotes stock tickers, sets results out as
tables of abbreviations ("Shr 1.22 dlrs vs 1.06", "Avg shrs", "Oper net") and writes US states
the AP way ("Chicago, Ill."). Each list is small and closed, so it is kept by hand here.
"""

from __future__ import annotations

import re

from site_builder.ingest.entities.lexicon import LEGAL_FORMS

# The agency's name closing a story ("... the sources said. REUTER"): a sign-off, not a mention.
SIGN_OFFS: frozenset[str] = frozenset("reuter reuters ap afp upi dpa ansa kyodo xinhua tass".split())

# A stock symbol, as agencies write one in angle brackets after the company ("Unilever PLC <UL>",
# "<ATLC.MN>"): capitals and digits, at most five, with up to two exchange suffixes ("NRD",
# "BPCL.L", "FMS.A.TO"). Anything else in brackets is a company's name ("<BIRDSBORO CORP>").
TICKER: re.Pattern[str] = re.compile(r"[A-Z][A-Z0-9]{0,4}(?:\.[A-Z0-9]{1,2}){0,2}")

# Abbreviations of results tables and market reports, capitalised only because a line starts
# with them: share, average shares, operating net, revenues, quarter, months, million ...
TABLE_WORDS: frozenset[str] = frozenset(
    """
    shr shrs avg oper revs rev pretax qtr qtrly mths mth mln mlns bln blns cts ct pct yr
    dlr dlrs ecu ecus stg yen lire francs marks guilders nil vs
    gnp gdp cpi ppi libor pibor m1 m2 m3
    """.split()
)

# Last words of a rate, an index or an average: a measure, not an entity ("London Interbank
# Offered Rate", "Dow Jones Industrial Average").
MEASURE_WORDS: frozenset[str] = frozenset("rate rates average averages index indices".split())

# Lower-case words after a name that show it is a firm: "Merrill Lynch analyst", "Ford shares".
FIRM_FOLLOWERS: frozenset[str] = frozenset(
    "analyst analysts economist economists strategist strategists shares stock shareholders".split())

# Currency abbreviations; a span ending in one is an amount of money ("N.Z. Dlrs", "H.K. Dlrs").
CURRENCY_WORDS: frozenset[str] = frozenset("dlr dlrs ecu ecus stg".split())

# Words that may follow a possessive inside a firm's name ("Moody's Investors Service Inc",
# "Standard and Poor's Corp", "McDonald's Corp").
FIRM_TAIL_WORDS: frozenset[str] = LEGAL_FORMS | frozenset("investors service services holdings group".split())

# Words of other languages that make a name a firm, first ("Banque Paribas", "Banco do Brasil",
# "Societe Generale", "Credit Suisse") or last ("Airbus Industrie"): wire copy names many
# European banks and groups this way.
FIRM_FIRST_WORDS: frozenset[str] = frozenset(
    """banco banque banca bankhaus compagnie compagnia compania companhia societe société sociedad
    societa società groupe gruppo grupo credit crédit caisse cie""".split())
FIRM_LAST_WORDS: frozenset[str] = frozenset(
    "industrie industria industrias industries gruppe groupe gruppo grupo bancorp banken".split())

# The AP abbreviations of US states, as datelines and wire copy write them after a town
# ("Peoria, Ill.", "Denver, Colo."): the state, a place.
US_STATE_ABBREVIATIONS: dict[str, str] = {
    "ala": "Alabama", "ariz": "Arizona", "ark": "Arkansas", "calif": "California", "colo": "Colorado",
    "conn": "Connecticut", "del": "Delaware", "fla": "Florida", "ga": "Georgia", "ill": "Illinois",
    "ind": "Indiana", "kan": "Kansas", "kans": "Kansas", "ky": "Kentucky", "la": "Louisiana",
    "md": "Maryland", "mass": "Massachusetts", "mich": "Michigan", "minn": "Minnesota",
    "miss": "Mississippi", "mo": "Missouri", "mont": "Montana", "neb": "Nebraska", "nev": "Nevada",
    "okla": "Oklahoma", "ore": "Oregon", "pa": "Pennsylvania", "tenn": "Tennessee", "tex": "Texas",
    "vt": "Vermont", "va": "Virginia", "wash": "Washington", "wis": "Wisconsin", "wyo": "Wyoming",
    "n.j.": "New Jersey", "n.y.": "New York", "n.c.": "North Carolina", "s.c.": "South Carolina",
    "n.h.": "New Hampshire", "n.m.": "New Mexico", "n.d.": "North Dakota", "s.d.": "South Dakota",
    "r.i.": "Rhode Island", "w.va.": "West Virginia", "d.c.": "District of Columbia",
}
