"""A site in French says nothing in English: neither the templates' words nor those the
builder makes (titles, kinds, counts, month and day headings) nor those search.js draws."""

from __future__ import annotations

import json
import re
import tomllib
from html.parser import HTMLParser
from pathlib import Path

from site_builder.build.run import build
from site_builder.core.config import load_config
from site_builder.render.templates import shipped_themes

TABLES = shipped_themes() / "default" / "i18n"
NAMES = {"tags": ["Économie"], "people": ["Jacques Chirac"], "organizations": ["Banque de France"],
         "places": ["Lyon"]}
# Attributes whose words a reader meets: read aloud, shown on hover, or shown when shared.
READ_ATTRIBUTES = {"aria-label", "placeholder", "title", "alt", "content", "data-groups"}


class _Words(HTMLParser):
    """The text of a page a reader meets: its text, the words of READ_ATTRIBUTES and the
    string values of its JSON scripts (the words search.js draws), but no code."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = False
        self._json = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.parts += [value for name, value in attrs if name in READ_ATTRIBUTES and value]
        kind = dict(attrs).get("type")
        self._json = tag == "script" and kind == "application/json"
        self._skip = tag in ("script", "style") and not self._json

    def handle_endtag(self, tag: str) -> None:
        self._skip = self._json = False

    def handle_data(self, data: str) -> None:
        if self._json:
            self.parts += _strings(json.loads(data))
        elif not self._skip:
            self.parts.append(data)


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in _strings(item)]
    if isinstance(value, list):
        return [text for item in value for text in _strings(item)]
    return []


def page_words(page: Path) -> str:
    parser = _Words()
    parser.feed(page.read_text(encoding="utf-8"))
    return "\n".join(parser.parts)


def english_phrases() -> set[str]:
    """The English table's words that French does not share: each value's text between its
    "{name}" marks, less date patterns and the pieces a French value holds too ("page", "Articles")."""
    english = tomllib.loads((TABLES / "en.toml").read_text(encoding="utf-8"))
    french = tomllib.loads((TABLES / "fr.toml").read_text(encoding="utf-8"))
    french_text = "\n".join(french.values())
    phrases = set()
    for key, text in english.items():
        if key.endswith("_format") or text == french.get(key):
            continue
        for piece in re.split(r"\{\w+\}", text):
            piece = piece.strip(" :·,.()←→…")
            if sum(c.isalpha() for c in piece) >= 3 and not re.search(rf"\b{re.escape(piece)}\b", french_text):
                phrases.add(piece)
    return phrases


def _page(root: Path, name: str, date: str | None, title: str) -> None:
    path = root / "content" / "monde" / f"{name}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    front = [f"title: {title}", f"slug: {name}", "section: Monde", *([f"date: {date}"] if date else []),
             *(f"{kind}: {json.dumps(values)}" for kind, values in NAMES.items())]
    path.write_text("---\n" + "\n".join(front) + "\n---\n\nLe marché a ouvert en hausse à Lyon.\n", encoding="utf-8")


def test_a_french_site_shows_no_english_word(tmp_path: Path) -> None:
    (tmp_path / "site.toml").write_text('title = "Le Fil"\nlanguage = "fr"\npage_size = 2\n', encoding="utf-8")
    for number, date in enumerate(["2020-01-04", "2020-01-04", "2020-02-10", "2020-02-11", None]):
        # the first two share a headline, a day and a section: their titles are told apart by a number
        _page(tmp_path, f"depeche-{number}", date, "Hausse des taux" if number < 2 else f"Dépêche {number}")
    build(load_config(tmp_path), out=tmp_path / "public", jobs=1)
    public = tmp_path / "public"
    pages = {"home": "index.html", "home page 2": "page/2/index.html", "section": "monde/index.html",
             "tag": "tags/economie/index.html", "tag index": "tags/index.html",
             "person": "people/jacques-chirac/index.html", "person month": "people/jacques-chirac/2020/01/index.html",
             "day": "archive/2020/01/04/index.html", "month": "archive/2020/01/index.html",
             "archive": "archive/index.html", "undated": "archive/undated/index.html",
             "article": "monde/depeche-0/index.html", "search": "search/index.html", "404": "404.html"}
    phrases = english_phrases()
    assert {"Latest briefings", "People", "Undated articles", "results", "No stories mention"} <= phrases
    english = {name: sorted(p for p in phrases if re.search(rf"\b{re.escape(p)}\b", page_words(public / path)))
               for name, path in pages.items()}
    assert english == {name: [] for name in pages}
    assert "An archive" not in page_words(public / "index.html")  # the description site.toml does not set
    home = page_words(public / "page/2/index.html")
    assert "Dernières nouvelles (page 2 sur 3)" in home
    assert "Hausse des taux (4 janvier 2020, Monde, article 1)" in page_words(public / "monde/depeche-0/index.html")
    assert "Jacques Chirac : janvier 2020" in page_words(public / "people/jacques-chirac/2020/01/index.html")
    words = json.loads(re.search(r'id="search-words">(.*?)</script>',
                                 (public / "search/index.html").read_text(encoding="utf-8")).group(1))
    assert words["results"] == {"one": "{count} résultat", "other": "{count} résultats"}
    assert words["months"]["MMMM"][0] == "janvier"
