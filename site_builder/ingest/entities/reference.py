"""Reference data: places (GeoNames), first names (US SSA and Census), surnames (US Census) and
ordinary English words (Webster's 1934 list), loaded lazily, once per process, from the files in
site_builder/data/ that scripts/make_reference_data.py writes (NOTICE gives their sources)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from site_builder.ingest.entities import lexicon as lex

_CITY_MIN_POPULATION_FOR_ALTERNATES = 100_000
_ASCII_NAME_RE = re.compile(r"[A-Z][a-z]+(?:[ -][A-Z][a-z]+){0,3}")


@dataclass(frozen=True)
class Gazetteer:
    countries: dict[str, str]  # lower-case surface -> canonical name (also states, continents, regions)
    nations: frozenset[str]  # canonical names of sovereign countries only
    cities: dict[str, str]
    major_cities: frozenset[str]  # lower-case; safe to match inside ALL-CAPS headlines
    first_names: frozenset[str]  # lower-case
    surnames: frozenset[str]  # lower-case
    demonyms: frozenset[str]  # lower-case
    dictionary: frozenset[str]  # lower-case English words that are not only proper nouns


def _data_lines(name: str) -> Iterator[str]:
    """The lines of a data file in site_builder/data/ (written by scripts/make_reference_data.py,
    which NOTICE credits), without its '#' header."""
    text = resources.files("site_builder").joinpath("data", name).read_text(encoding="utf-8")
    return (line for line in text.splitlines() if line and not line.startswith("#"))


@dataclass(frozen=True)
class _Place:
    kind: str  # country, continent, state (of the US) or city
    name: str
    population: int
    alternates: tuple[str, ...]


@lru_cache(maxsize=1)
def _places() -> tuple[_Place, ...]:
    places = []
    for line in _data_lines("places.tsv"):
        kind, name, population, alternates = line.split("\t")
        places.append(_Place(kind, name, int(population), tuple(alternates.split("|")) if alternates else ()))
    return tuple(places)


def _places_of(kind: str) -> Iterator[_Place]:
    return (place for place in _places() if place.kind == kind)


def _load_countries() -> dict[str, str]:
    names: dict[str, str] = {}
    for country in _places_of("country"):
        name = country.name
        if name.startswith("The "):
            name = name[4:]
        names[name.lower()] = name
    for continent in _places_of("continent"):
        names[continent.name.lower()] = continent.name
    for state in _places_of("state"):
        names[state.name.lower()] = state.name
    for region in lex.REGIONS:
        names[region] = region.title()
    for surface, (canonical, etype) in lex.ALIASES.items():
        if etype == "place":
            names[surface] = canonical
    return names


def _load_nations() -> frozenset[str]:
    names = {country.name.removeprefix("The ") for country in _places_of("country")}
    return frozenset(names | {canonical for canonical, etype in lex.ALIASES.values() if etype == "place"})


def _usable_city_name(name: str) -> bool:
    # City names that are everyday words ("Of", "March", "Police") would fire on every
    # capitalised sentence start, so they are excluded.
    lower = name.lower()
    if lower in lex.COMMON_WORDS or lower in lex.TITLES or lower in lex.ORG_SUFFIXES:
        return False
    return len(name) > 2


_MAJOR_CITY_POPULATION = 250_000


def without_accents(name: str) -> str:
    """"Montreal" for "Montréal": the spelling English copy uses."""
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))


def _plain_spellings(name: str) -> set[str]:
    lower = name.lower()
    spellings = {lower, without_accents(lower)}
    for spelling in list(spellings):
        for saint in ("saint ", "st. ", "st "):
            if spelling.startswith(saint):
                spellings |= {prefix + spelling[len(saint):] for prefix in ("saint ", "st. ", "st ")}
    return spellings


def _load_cities() -> tuple[dict[str, str], frozenset[str], frozenset[str]]:
    """Cities by lower-case spelling, the spellings of big ones, and the spellings that are not a
    city's own name ("sale" for "Salé")."""
    cities: dict[str, str] = {}
    major: set[str] = set()
    respelled: set[str] = set()
    for city in _places_of("city"):
        name = city.name
        if _usable_city_name(name):
            # "Montréal" is written "Montreal" in English news, "Saint Louis" as "St. Louis" or "ST LOUIS".
            for spelling in _plain_spellings(name):
                # A name is never respelled to match: text writing "Montreal" or "Bank" shows
                # that spelling, not the gazetteer's "Montréal" or "Bānk".
                cities.setdefault(spelling, name if spelling == name.lower() else without_accents(name))
                if city.population >= _MAJOR_CITY_POPULATION:
                    major.add(spelling)
                if spelling != name.lower():
                    respelled.add(spelling)
        # Well-known cities have common English spellings only among the alternates
        # ("Basra" for "Basrah"); small towns' alternates are too noisy to use. The data file
        # keeps only the alternates of such cities that match _ASCII_NAME_RE.
        if city.population >= _CITY_MIN_POPULATION_FOR_ALTERNATES:
            for alt in city.alternates:
                if _ASCII_NAME_RE.fullmatch(alt) and _usable_city_name(alt):
                    cities.setdefault(alt.lower(), alt)
    return cities, frozenset(major), frozenset(respelled)


def _load_surnames() -> frozenset[str]:
    return frozenset(_data_lines("surnames.txt"))


def _load_dictionary() -> frozenset[str]:
    return frozenset(_data_lines("words.txt"))


def _load_first_names() -> frozenset[str]:
    excluded = lex.COMMON_WORDS | lex.TITLES | lex.ORG_SUFFIXES | lex.DEMONYMS
    return frozenset(name for name in _data_lines("first_names.txt") if len(name) >= 2 and name not in excluded)


def _derive_demonyms(countries: Iterable[str]) -> frozenset[str]:
    # Regular demonyms are formed from the country name ("Iran" -> "Iranian", "Iraq" -> "Iraqi").
    derived: set[str] = set(lex.DEMONYMS)
    for country in countries:
        if " " in country or len(country) < 4:
            continue
        stems = {country, country[:-1]} if country[-1] in "aeoy" else {country}
        for stem in stems:
            for suffix in ("n", "an", "ian", "i", "ese", "ans", "ians", "is"):
                derived.add(stem + suffix)
    return frozenset(derived)


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    countries = _load_countries()
    cities, major_cities, respelled = _load_cities()
    dictionary = _load_dictionary()
    # A big city is safe to match in capitals, unless only by taking accents off an English word
    # ("SALE" is no "Salé").
    major_cities = major_cities - {key for key in respelled if key in dictionary}
    demonyms = _derive_demonyms(countries.keys()) - countries.keys() - cities.keys()
    demonyms = demonyms | lex.DEMONYMS
    return Gazetteer(
        countries=countries,
        nations=_load_nations(),
        cities=cities,
        major_cities=major_cities,
        first_names=_load_first_names(),
        surnames=_load_surnames(),
        demonyms=demonyms,
        dictionary=dictionary,
    )


_INFLECTIONS: tuple[tuple[str, str], ...] = (
    ("ies", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"), ("ing", ""), ("ing", "e"), ("ly", ""),
)


def is_dictionary_word(word: str, gaz: Gazetteer) -> bool:
    """True for ordinary English words, including simple inflections ("Officials")."""
    lower = word.lower()
    if lower in gaz.dictionary or lower in lex.COMMON_WORDS:
        return True
    for suffix, replacement in _INFLECTIONS:
        if lower.endswith(suffix) and len(lower) - len(suffix) >= 3:
            if lower[: -len(suffix)] + replacement in gaz.dictionary:
                return True
    return False
