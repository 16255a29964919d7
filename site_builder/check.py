"""`site-builder check`: read a built site as a reader would meet it."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

# Pagefind's own UI bundle is not ours to check.
_SKIP_DIRS = ("pagefind/",)


@dataclass
class PageInfo:
    links: list[str] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    h1: list[str] = field(default_factory=list)
    title: str = ""
    lang: str | None = None
    scripts: list[dict[str, str | None]] = field(default_factory=list)
    event_attributes: list[str] = field(default_factory=list)


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.info = PageInfo()
        self._capture: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        info = self.info
        if a.get("id"):
            info.ids.add(a["id"])  # type: ignore[arg-type]
        if tag == "a" and a.get("name"):
            info.ids.add(a["name"])  # type: ignore[arg-type]
        if tag == "html":
            info.lang = a.get("lang")
        canonical = tag == "link" and a.get("rel") == "canonical"
        for key in ("href", "src", "action"):
            if a.get(key) is not None and not canonical:
                info.links.append(a[key])  # type: ignore[arg-type]
        if tag == "script":
            info.scripts.append(a)
        info.event_attributes += [f"<{tag} {k}>" for k in a if k.startswith("on")]
        if tag in ("h1", "title"):
            self._capture, self._text = tag, []

    def handle_endtag(self, tag: str) -> None:
        if tag == self._capture:
            text = " ".join("".join(self._text).split())
            if tag == "h1":
                self.info.h1.append(text)
            else:
                self.info.title = text
            self._capture = None

    def handle_data(self, data: str) -> None:
        if self._capture:
            self._text.append(data)


def inspect_page(html: str) -> PageInfo:
    parser = _PageParser()
    parser.feed(html)
    parser.close()
    return parser.info


def _internal_target(page: Path, link: str) -> tuple[Path, str] | None:
    """The file and fragment an internal link points at; None for external links."""
    parts = urlsplit(link)
    if parts.scheme or parts.netloc or link.startswith("//"):
        return None
    target = (page.parent / unquote(parts.path)) if parts.path else page
    return target.resolve(), parts.fragment


def check_site(site: Path) -> list[str]:
    """Every problem a reader would meet, as 'file: what is wrong'; empty when none."""
    site = site.resolve()
    if not (site / "index.html").is_file():
        return [f"{site}: there is no index.html; is this a built site?"]
    problems: list[str] = []
    pages = {p.resolve(): p.relative_to(site).as_posix() for p in sorted(site.rglob("*.html"))
             if not p.relative_to(site).as_posix().startswith(_SKIP_DIRS)}
    infos = {path: inspect_page(path.read_text(encoding="utf-8", errors="replace")) for path in pages}
    graph: dict[Path, set[Path]] = {}

    for path, rel in pages.items():
        info = infos[path]
        if not info.title:
            problems.append(f"{rel}: the page has no <title>")
        if not info.lang:
            problems.append(f"{rel}: <html> has no lang attribute")
        if len(info.h1) != 1:
            problems.append(f"{rel}: the page has {len(info.h1)} <h1> headings; it should have one")
        graph[path] = set()
        for link in info.links:
            if link.strip().lower().startswith(("javascript:", "data:", "vbscript:")):
                problems.append(f"{rel}: unsafe link {link[:60]!r}")
                continue
            target = _internal_target(path, link)
            if target is None:
                continue
            file, fragment = target
            if file.is_dir():
                file = file / "index.html"
            if not file.is_relative_to(site) or not file.is_file():
                problems.append(f"{rel}: link {link!r} leads to no file")
                continue
            if fragment and file in infos and fragment not in infos[file].ids:
                problems.append(f"{rel}: link {link!r} names an anchor that is not on that page")
            if file in pages:
                graph[path].add(file)

    problems += _orphans(site, pages, graph)
    problems += _feeds(site)
    return problems


def _orphans(site: Path, pages: dict[Path, str], graph: dict[Path, set[Path]]) -> list[str]:
    home = (site / "index.html").resolve()
    seen = {home}
    queue = deque([home])
    while queue:
        for nxt in graph.get(queue.popleft(), ()):
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    return [f"{rel}: no page links here, so readers cannot reach it from the home page"
            for path, rel in pages.items() if path not in seen]


def _feeds(site: Path) -> list[str]:
    """The site feed must exist; it, every section feed and the sitemap must parse."""
    problems = [] if (site / "feed.xml").exists() else ["feed.xml: missing"]
    atom, sitemap = "{http://www.w3.org/2005/Atom}feed", "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset"
    files = [(p, atom) for p in sorted(site.rglob("feed.xml"))
             if not p.relative_to(site).as_posix().startswith(_SKIP_DIRS)]
    if (site / "sitemap.xml").exists():
        files.append((site / "sitemap.xml", sitemap))
    for file, root_tag in files:
        name = file.relative_to(site).as_posix()
        try:
            root = ET.parse(file).getroot()
        except ET.ParseError as exc:
            problems.append(f"{name}: is not well-formed XML ({exc})")
            continue
        if root.tag != root_tag:
            problems.append(f"{name}: the root element is {root.tag}, expected {root_tag}")
    return problems
