"""Test helper: read a built site as a browser would and collect its links."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


class PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.h1: list[str] = []
        self.title = ""
        self.lang = None
        self.scripts: list[str | None] = []
        self._stack: list[str] = []
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if "id" in a and a["id"]:
            self.ids.add(a["id"])
        if tag == "html":
            self.lang = a.get("lang")
        for key in ("href", "src"):
            if a.get(key) is not None and not (tag == "link" and a.get("rel") == "canonical"):
                self.links.append(a[key])  # type: ignore[arg-type]
        if tag == "form" and a.get("action"):
            self.links.append(a["action"])  # type: ignore[arg-type]
        if tag == "script":
            self.scripts.append(a.get("src") or a.get("type"))
        self._stack.append(tag)
        self._text = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "h1":
            self.h1.append("".join(self._text).strip())
        if tag == "title":
            self.title = "".join(self._text).strip()
        if self._stack and self._stack[-1] == tag:
            self._stack.pop()

    def handle_data(self, data: str) -> None:
        self._text.append(data)


def parse_html(path: Path) -> PageParser:
    parser = PageParser()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def broken_links(site: Path) -> list[str]:
    """Every internal link or asset of every HTML page that does not resolve to a
    written file (or a missing #anchor), as 'page -> link'."""
    broken = []
    pages = sorted(site.rglob("*.html"))
    ids = {p: parse_html(p).ids for p in pages}
    for page in pages:
        for link in parse_html(page).links:
            parts = urlsplit(link)
            if parts.scheme or link.startswith("//"):
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if not target.is_relative_to(site.resolve()) or not target.is_file():
                broken.append(f"{page.relative_to(site)} -> {link}")
            elif parts.fragment and target.suffix == ".html" and parts.fragment not in ids.get(target, set()):
                broken.append(f"{page.relative_to(site)} -> {link} (no such anchor)")
    return broken
