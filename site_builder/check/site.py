"""`site-builder check`: read a built site as a reader would meet it."""

from __future__ import annotations

import posixpath
import re
from collections import deque
from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import SplitResult, unquote

from site_builder.check.xml import atom_problems, sitemap_problems
from site_builder.core.files import printable, walk
from site_builder.core.urls import split_url
from site_builder.publish.output import PAGEFIND_DIR, html_pages

# Pagefind's own UI bundle is not ours to check.
_SKIP_DIRS = (PAGEFIND_DIR,)
# Hosts serve it for any missing address: nothing links to it, and its links start at the root.
NOT_FOUND = "404.html"


@dataclass
class PageInfo:
    links: list[str] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    h1: list[str] = field(default_factory=list)
    title: str = ""
    lang: str | None = None
    scripts: list[dict[str, str | None]] = field(default_factory=list)
    event_attributes: list[str] = field(default_factory=list)
    refresh: str | None = None  # where a redirect page (meta refresh) sends readers
    canonical: str | None = None


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
        if canonical:
            info.canonical = a.get("href")
        if tag == "meta" and (a.get("http-equiv") or "").lower() == "refresh":
            match = re.match(r"\s*\d+\s*;\s*url\s*=\s*['\"]?([^'\"]*)", a.get("content") or "", re.IGNORECASE)
            info.refresh = match.group(1).strip() if match else ""
            info.links.append(info.refresh)
        # A style sheet held in the page (the 404 page's, served at any address) is no link to follow.
        held = tag == "link" and a.get("rel") == "stylesheet" and (a.get("href") or "").startswith("data:text/css;")
        for key in ("href", "src", "action"):
            if a.get(key) is not None and not canonical and not held:
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


def _internal_target(page: str, link: str, parts: SplitResult) -> tuple[str, str] | None:
    """The site-relative file and fragment an internal link from `page` points at
    ("../x" when it leaves the site); None for external links. `parts` is the link
    split (urls.split_url). Pure string work: a large site has millions of links,
    and resolving each through the file system took minutes."""
    if parts.scheme or parts.netloc or link.startswith("//"):
        return None
    if not parts.path:
        return page, parts.fragment
    path = unquote(parts.path)
    if page == NOT_FOUND and path.startswith("/"):
        path = path.lstrip("/") or "./"
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
    if parts.path.endswith("/"):
        target = posixpath.join(target, "index.html")
    return target, parts.fragment


def site_files(site_dir: Path) -> set[str]:
    """Every file of a built site, by path relative to it, under the link rule of files.py."""
    return set(walk(site_dir, hidden=True).files)


def check_site(site_dir: Path) -> list[str]:
    """Every problem a reader would meet, as 'file: what is wrong'; empty when none.
    Each is printable as it is: file names, links and feed text come from the site,
    and control characters in them (an escape sequence that clears the terminal)
    are escaped (files.printable), whichever message they reach."""
    return [printable(problem) for problem in _site_problems(site_dir)]


def _site_problems(site_dir: Path) -> list[str]:
    site_dir = site_dir.resolve()
    if not (site_dir / "index.html").is_file():
        return [f"{site_dir}: there is no index.html; is this a built site?"]
    listing = walk(site_dir, hidden=True)  # links that lead out of the site or to nothing are problems
    problems: list[str] = [f"{printable(rel)}: {why}" for rel, why in listing.skipped]
    files = set(listing.files)
    pages = html_pages(files)
    infos = {rel: inspect_page((site_dir / rel).read_text(encoding="utf-8", errors="replace")) for rel in pages}
    graph: dict[str, set[str]] = {}  # page -> the pages it links to
    for rel in pages:
        problems += _page_problems(rel, infos[rel])
        problems += _link_problems(rel, infos, files, graph.setdefault(rel, set()))
    redirects = {rel for rel in pages if infos[rel].refresh is not None}
    problems += [f"{rel}: a redirect page needs a meta refresh with a url and a canonical link"
                 for rel in pages if rel in redirects and not (infos[rel].refresh and infos[rel].canonical)]
    problems += _orphans([p for p in pages if p not in redirects], graph)
    problems += _xml(site_dir, files)
    return problems


def _page_problems(rel: str, info: PageInfo) -> list[str]:
    """What the page itself lacks: a title, a language, one h1."""
    problems = []
    if not info.title:
        problems.append(f"{printable(rel)}: the page has no <title>")
    if not info.lang:
        problems.append(f"{printable(rel)}: <html> has no lang attribute")
    if len(info.h1) != 1:
        problems.append(f"{printable(rel)}: the page has {len(info.h1)} <h1> headings; it should have one")
    return problems


def _link_problems(rel: str, infos: dict[str, PageInfo], files: set[str], linked: set[str]) -> list[str]:
    """The page's unsafe links, links to no file and to missing anchors; the pages it
    links to are added to `linked`."""
    problems = []
    for link in infos[rel].links:
        if link.strip().lower().startswith(("javascript:", "data:", "vbscript:")):
            problems.append(f"{printable(rel)}: unsafe link {link[:60]!r}")
            continue
        parts = split_url(link)
        if parts is None:
            problems.append(f"{printable(rel)}: link {link!r} is not a valid URL (an unclosed [ or a port that is "
                            "not a number); correct it where the page gets it")
            continue
        target = _internal_target(rel, link, parts)
        if target is None:
            continue
        file, fragment = target
        if file not in files and f"{file}/index.html" in files:
            file = f"{file}/index.html"
        if file not in files:
            problems.append(f"{printable(rel)}: link {link!r} leads to no file")
            continue
        if fragment and file in infos and fragment not in infos[file].ids:
            problems.append(f"{printable(rel)}: link {link!r} names an anchor that is not on that page")
        if file in infos:
            linked.add(file)
    return problems


def _orphans(pages: list[str], graph: dict[str, set[str]]) -> list[str]:
    seen = {"index.html"}
    queue = deque(["index.html"])
    while queue:
        for nxt in graph.get(queue.popleft(), ()):
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    return [f"{printable(rel)}: no page links here, so readers cannot reach it from the home page"
            for rel in pages if rel not in seen and rel != NOT_FOUND]


def _xml(site_dir: Path, files: set[str]) -> list[str]:
    """The site feed must exist; every feed must be valid Atom, the sitemap index and
    its sitemaps valid and within the protocol's limits."""
    problems = [] if "feed.xml" in files else ["feed.xml: missing"]
    base_url = _base_url(site_dir)
    for name in sorted(f for f in files if f.endswith("feed.xml") and not f.startswith(_SKIP_DIRS)):
        problems += atom_problems(site_dir, name, files, base_url)
    if "sitemap.xml" in files:
        problems += sitemap_problems(site_dir, files, base_url)
    return problems


def _base_url(site_dir: Path) -> str:
    """The site's public address, as the home page's canonical link gives it ("" without)."""
    html = (site_dir / "index.html").read_text(encoding="utf-8", errors="replace")
    match = re.search(r'<link rel="canonical" href="([^"]+)"', html)
    return unescape(match.group(1)) if match else ""
