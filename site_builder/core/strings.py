"""The words a theme shows, in the site's language, and its dates through Babel.

A theme keeps one string table per language in its i18n/ folder (en.toml, fr.toml, ...): flat
`key = "text"` pairs, where "{name}" stands for a value the template passes. A theme built on
another reads the other's tables first, then its own, which may add languages or change words.
English is the fallback: a key a language lacks is shown in English, with one notice per key.
"""

from __future__ import annotations

import datetime as dt
import functools
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import babel
import babel.dates

from site_builder.core.errors import SiteBuilderError

FALLBACK = "en"
PLURAL_FORMS = ("zero", "one", "two", "few", "many", "other")  # as Babel and CLDR name them
STRINGS_FOLDER = "i18n"


class StringsError(SiteBuilderError, ValueError):
    pass


def _tables(folders: Sequence[Path], language: str) -> dict[str, str] | None:
    """The keys of one language's tables in `folders` (later folders win), or None when none has it."""
    found: dict[str, str] | None = None
    for folder in folders:
        file = folder / f"{language}.toml"
        if not file.is_file():
            continue
        try:
            data = tomllib.loads(file.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise StringsError(f"the string table {file} is not valid TOML ({exc}); fix it") from None
        wrong = sorted(key for key, value in data.items() if not isinstance(value, str))
        if wrong:
            raise StringsError(f"the string table {file} must hold only text, as key = \"text\"; "
                               f"{', '.join(repr(key) for key in wrong[:5])} {'is' if len(wrong) == 1 else 'are'} not")
        found = {**(found or {}), **data}
    return found


def _candidates(language: str) -> list[str]:
    """The table names to try for a language tag, most specific first: "pt-BR", then "pt"."""
    parts = language.split("-")
    return ["-".join(parts[:n]) for n in range(len(parts), 0, -1)]


def _locale(language: str) -> babel.Locale | None:
    try:
        return babel.Locale.parse(language, sep="-")
    except (ValueError, babel.UnknownLocaleError):
        return None


@dataclass(frozen=True)
class Strings:
    """One language's strings with English filling the gaps, and that language's dates."""

    language: str
    table: Mapping[str, str]
    english: Mapping[str, str]
    locale: babel.Locale
    notices: tuple[str, ...]  # what the build tells of missing strings and languages, once each
    _formatted: dict[tuple[str, str], str] = field(default_factory=dict, compare=False, repr=False)

    def __call__(self, key: str, **values: object) -> str:
        """`t("key", name=value)` in a template: the text with its "{name}" filled in."""
        text = self.table.get(key)
        if text is None:
            text = self.english.get(key)
        if text is None:
            raise StringsError(f"the theme shows the string {key!r}, which its string table "
                               f"{STRINGS_FOLDER}/{FALLBACK}.toml does not hold; add it there")
        try:
            return text.format_map(values) if values else text
        except (KeyError, IndexError, ValueError) as exc:
            raise StringsError(f"the string {key!r} of {self.language!r} ({text!r}) does not fit the values "
                               f"{sorted(values)} the theme gives it ({exc!r}); fix its table") from None

    def plural(self, key: str, count: int, **values: object) -> str:
        """`tn("key", count)`: the string `key_one`, `key_other` (or another of the language's
        plural forms, as Babel names them) that fits `count`, with "{count}" filled in."""
        form = f"{key}_{self.locale.plural_form(count)}"
        known = form in self.table or form in self.english
        return self(form if known else f"{key}_other", count=count, **values)

    def forms(self, key: str, **values: object) -> dict[str, str]:
        """Every plural form of `key` the language's table or English has ("one", "other", ...),
        with "{count}" left in: for a script that picks the form by the language's rules."""
        found = {form: f"{key}_{form}" for form in PLURAL_FORMS
                 if f"{key}_{form}" in self.table or f"{key}_{form}" in self.english}
        return {form: self(name, count="{count}", **values) for form, name in found.items()}

    def date(self, value: str | None) -> str:
        """An ISO 8601 date or time ("1987-03-02", "1987-03-02T10:00:00Z") as readers see it,
        in the pattern of the string `date_format`; None, the string `undated`."""
        if not value:
            return self("undated")
        return self._format(value[:10], "date_format")

    def month(self, value: str) -> str:
        """A month as "2020-01" gives it (or "1-01", year 1), in the pattern of the string `month_format`."""
        year, month = value.split("-")[:2]
        return self._format(dt.date(int(year), int(month), 1).isoformat(), "month_format")

    def weekday(self, value: str) -> str:
        """The day of the week of an ISO 8601 date, in the pattern of the string `weekday_format`."""
        return self._format(value[:10], "weekday_format")

    def month_names(self) -> dict[str, list[str]]:
        """The names of the twelve months as dates (MMMM, MMM) and alone (LLLL, LLL) write
        them, for a script that writes dates in the pattern of `date_format`."""
        def names(context: str, width: str) -> list[str]:
            return [str(self.locale.months[context][width][month]) for month in range(1, 13)]
        return {"MMMM": names("format", "wide"), "MMM": names("format", "abbreviated"),
                "LLLL": names("stand-alone", "wide"), "LLL": names("stand-alone", "abbreviated")}

    def _format(self, day: str, pattern_key: str) -> str:
        known = self._formatted.get((day, pattern_key))  # lists show the same dates again and again
        if known is None:
            known = babel.dates.format_date(dt.date.fromisoformat(day), self(pattern_key), locale=self.locale)
            self._formatted[(day, pattern_key)] = known
        return known


def load_strings(folders: Sequence[Path], language: str) -> Strings:
    """The strings of `language` from the i18n/ `folders` of a theme and those it builds on
    (the first builds on nothing, each later one adds to or changes the ones before)."""
    english = _tables(folders, FALLBACK)
    if english is None:
        raise StringsError(f"the theme has no English string table ({STRINGS_FOLDER}/{FALLBACK}.toml), which "
                           "every theme needs as the fallback; add one to the theme or the theme it extends")
    table: dict[str, str] | None = None
    for name in _candidates(language):
        table = _tables(folders, name)
        if table is not None:
            break
    notices: list[str] = []
    if table is None:
        table = english
        if language != FALLBACK:
            notices.append(f"the theme has no string table for the language {language!r} (site.toml 'language'); "
                           f"pages show its words in English: add {STRINGS_FOLDER}/{language}.toml to the theme")
    else:
        notices += [f"the string {key!r} is missing from the {language!r} string table; pages show it in English: "
                    f"add it to {STRINGS_FOLDER}/{language}.toml" for key in sorted(english.keys() - table.keys())]
    locale = _locale(language)
    if locale is None:
        notices.append(f"dates cannot be written in the language {language!r}, which Babel does not know; "
                       "they are written in English")
        locale = babel.Locale.parse(FALLBACK)
    return Strings(language, table, english, locale, tuple(notices))


@functools.cache
def default_strings() -> Strings:
    """The English of the default theme shipped with the tool: the words of pages made
    without a site's theme (a site's build passes its own, see build/model.py)."""
    folder = Path(str(resources.files("site_builder.themes"))) / "default" / STRINGS_FOLDER
    return load_strings([folder], FALLBACK)
