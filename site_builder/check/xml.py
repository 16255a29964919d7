"""The XML a build writes, read as feed readers and crawlers read it: Atom feeds
(RFC 4287) and the sitemap index with its sitemaps (sitemaps.org protocol)."""

from __future__ import annotations

import posixpath
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote

from site_builder.core.urls import split_url

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
SITEMAP_MAX_URLS = 50_000
SITEMAP_MAX_BYTES = 50 * 1024 * 1024
_RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})\Z")
_W3C_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?)?)?\Z")


def _parse(site_dir: Path, name: str, problems: list[str]) -> ET.Element | None:
    try:
        return ET.parse(site_dir / name).getroot()
    except ET.ParseError as exc:
        problems.append(f"{name}: is not well-formed XML ({exc})")
    except OSError as exc:
        problems.append(f"{name}: cannot be read ({exc.strerror})")
    return None


def _local_file(url: str, relative_to: str, base_url: str, files: set[str]) -> str | None:
    """The site file a URL in `relative_to` names, "" for a URL outside the site,
    None when it names a file the site does not have."""
    parts = split_url(url)
    if parts is None:  # malformed: no file of any site
        return None
    if parts.scheme or parts.netloc:
        if not base_url or not url.startswith(base_url):
            return ""
        inside = split_url(url[len(base_url):])
        if inside is None:
            return None
        path = unquote(inside.path)
    else:
        path = posixpath.join(posixpath.dirname(relative_to), unquote(parts.path))
    if path == "" or path.endswith("/"):
        path += "index.html"
    path = posixpath.normpath(path)
    return path if path in files else None


def atom_problems(site_dir: Path, name: str, files: set[str], base_url: str) -> list[str]:
    """What a strict Atom reader would refuse in the feed `name`."""
    problems: list[str] = []
    feed = _parse(site_dir, name, problems)
    if feed is None:
        return problems
    if feed.tag != f"{ATOM}feed":
        return [f"{name}: the root element is {feed.tag}, expected {ATOM}feed"]
    problems += _required(feed, name, "the feed")
    if not any(link.get("rel") == "self" for link in feed.findall(f"{ATOM}link")):
        problems.append(f"{name}: the feed has no <link rel=\"self\">")
    entries = feed.findall(f"{ATOM}entry")
    if feed.find(f"{ATOM}author") is None and any(e.find(f"{ATOM}author") is None for e in entries):
        problems.append(f"{name}: an entry has no <author> and the feed names none")
    ids: set[str] = set()
    for number, entry in enumerate(entries, start=1):
        where = f"entry {number}"
        problems += _required(entry, name, where)
        entry_id = entry.findtext(f"{ATOM}id", "")
        if entry_id in ids:
            problems.append(f"{name}: {where} repeats the id {entry_id!r}")
        ids.add(entry_id)
        links = [link.get("href", "") for link in entry.findall(f"{ATOM}link") if link.get("rel", "alternate")
                 == "alternate"]
        if not links and entry.find(f"{ATOM}content") is None:
            problems.append(f"{name}: {where} has neither <content> nor <link rel=\"alternate\">")
        for href in links:
            if split_url(href) is None:
                problems.append(f"{name}: {where} links {href!r}, which is not a valid URL")
            elif _local_file(href, name, base_url, files) is None:
                problems.append(f"{name}: {where} links {href!r}, which leads to no file")
    return problems


def _required(element: ET.Element, name: str, where: str) -> list[str]:
    problems = []
    for child in ("id", "title", "updated"):
        found = element.findall(f"{ATOM}{child}")
        if len(found) != 1:
            problems.append(f"{name}: {where} has {len(found)} <{child}> elements; it needs exactly one")
    updated = element.findtext(f"{ATOM}updated")
    if updated is not None and not _RFC3339.match(updated.strip()):
        problems.append(f"{name}: {where} has <updated>{updated}</updated>, which is not an RFC 3339 date-time")
    ident = element.findtext(f"{ATOM}id")
    if ident is not None and not re.match(r"[a-zA-Z][a-zA-Z0-9+.-]*:\S+\Z", ident.strip()):
        problems.append(f"{name}: {where} has the id {ident!r}, which is not an absolute IRI")
    return problems


def sitemap_problems(site_dir: Path, files: set[str], base_url: str) -> list[str]:
    """sitemap.xml, an index of sitemaps (or one sitemap): every file it lists exists,
    holds at most 50,000 URLs and 50 MB, and every URL is a page of this site."""
    problems: list[str] = []
    root = _parse(site_dir, "sitemap.xml", problems)
    if root is None:
        return problems
    if root.tag == f"{SITEMAP}urlset":
        return _urlset("sitemap.xml", root, site_dir, files, base_url)
    if root.tag != f"{SITEMAP}sitemapindex":
        return [f"sitemap.xml: the root element is {root.tag}, expected {SITEMAP}sitemapindex or urlset"]
    for entry in root.findall(f"{SITEMAP}sitemap"):
        loc = (entry.findtext(f"{SITEMAP}loc") or "").strip()
        problems += _lastmod("sitemap.xml", entry)
        target = _local_file(loc, "sitemap.xml", base_url, files) if base_url and loc.startswith(base_url) else None
        if not target:
            problems.append(f"sitemap.xml: lists {loc!r}, which is not a file of this site")
            continue
        child = _parse(site_dir, target, problems)
        if child is not None and child.tag != f"{SITEMAP}urlset":
            problems.append(f"{target}: the root element is {child.tag}, expected {SITEMAP}urlset")
        elif child is not None:
            problems += _urlset(target, child, site_dir, files, base_url)
    return problems


def _urlset(name: str, root: ET.Element, site_dir: Path, files: set[str], base_url: str) -> list[str]:
    urls = root.findall(f"{SITEMAP}url")
    problems = []
    if len(urls) > SITEMAP_MAX_URLS:
        problems.append(f"{name}: holds {len(urls)} URLs; a sitemap may hold at most {SITEMAP_MAX_URLS}")
    if (site_dir / name).stat().st_size > SITEMAP_MAX_BYTES:
        problems.append(f"{name}: is larger than 50 MB, the most a sitemap may be")
    for url in urls:
        loc = (url.findtext(f"{SITEMAP}loc") or "").strip()
        problems += _lastmod(name, url)
        if not base_url or not loc.startswith(base_url) or not _local_file(loc, name, base_url, files):
            problems.append(f"{name}: lists {loc!r}, which is not a page of this site")
    return problems


def _lastmod(name: str, element: ET.Element) -> list[str]:
    value = element.findtext(f"{SITEMAP}lastmod")
    if value is not None and not _W3C_DATE.match(value.strip()):
        return [f"{name}: <lastmod>{value}</lastmod> is not a W3C date"]
    return []
