"""Helpers the tests share: content written in bulk, and a built site as one value."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import struct
import sys
import time
import zlib
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from types import ModuleType
from typing import Any

from hypothesis import HealthCheck, settings

from site_builder.core.model import OutputPage
from site_builder.pages.families import ARTICLES, CLOSING, LISTS, stage_groups
from site_builder.pages.site_pages import SitePages


def digest_tree(root: Path) -> dict[str, str]:
    """Every file under `root` by path, with a hash of its bytes."""
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def write_articles(project: Path, count: int, marker: str = "", tags: bool = True) -> None:
    """`count` dated content pages in three sections, with people (and tags)."""
    for n in range(count):
        section = ("World", "Business", "Sport")[n % 3]
        path = project / "content" / section.lower() / f"story-{n}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        tag_line = f"tags: [Tag {n % 40}]\n" if tags else ""
        path.write_text(f"---\ntitle: Story {n} {marker}\nslug: story-{n}\nsection: {section}\n"
                        f"date: 2020-{n % 12 + 1:02d}-{n % 28 + 1:02d}\n{tag_line}"
                        f"people: [Person {n % 60}]\n---\n\n" + f"Paragraph about {marker}.\n\n" * 8,
                        encoding="utf-8")


def wait_for(condition: Callable[[], object], seconds: float = 30.0) -> bool:
    """Poll `condition` until it holds or `seconds` pass: tests wait on what they can
    observe, with a bound, never on a bare sleep."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


class _Filters(HTMLParser):
    """The text of each element with a data-pagefind-filter, by filter."""

    def __init__(self) -> None:
        super().__init__()
        self.found: dict[str, list[str]] = {}
        self._open: list[str | None] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        group = dict(attrs).get("data-pagefind-filter")
        self._open.append(group)
        if group:
            self.found.setdefault(group, []).append("")

    def handle_endtag(self, tag: str) -> None:
        if self._open:
            self._open.pop()

    def handle_data(self, data: str) -> None:
        if self._open and self._open[-1]:
            self.found[self._open[-1]][-1] += data


def names_on_page(page: Path) -> dict[str, list[str]]:
    """What an article page lists as a reader sees it: kind ("people", "tags", ...) -> the
    names shown, in order."""
    parser = _Filters()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.found


def write_page(project: Path, slug: str, section: str = "World", date: str = "2020-01-01", body: str = "Body.",
               **names: list[str]) -> Path:
    """A content page with the given names: tags, people, organizations, places."""
    path = project / "content" / section.lower() / f"{slug}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [f"title: {slug.replace('-', ' ').title()}", f"slug: {slug}", f"section: {section}", f"date: {date}"]
    lines += [f"{kind}: {json.dumps(values)}" for kind, values in names.items()]
    path.write_text("---\n" + "\n".join(lines) + f"\n---\n\n{body}\n", encoding="utf-8")
    return path
def property_settings(ci_examples: int, thorough_examples: int) -> Any:
    """Settings for a property test that runs whole builds. By default (and in CI) it
    walks the same `ci_examples` examples every run, without a deadline or an example
    database, so a failure is reproducible and the suite's time is bounded; with
    SITE_BUILDER_PROPERTIES=thorough it explores `thorough_examples` new ones each run."""
    thorough = os.environ.get("SITE_BUILDER_PROPERTIES") == "thorough"
    return settings(max_examples=thorough_examples if thorough else ci_examples, deadline=None,
                    derandomize=not thorough, database=None, print_blob=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.filter_too_much])


def load_script(name: str) -> ModuleType:
    """A script of scripts/ (which is not a package) as a module, for its tests."""
    path = Path(__file__).resolve().parents[1] / "scripts" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module


# Each is impossible (no such day, month or hour) or has no UTC equivalent in years 1-9999.
BAD_DATES = [
    ("2020-02-30", "day is out of range for month"),
    ("2020-13-01", "month must be in 1..12"),
    ("2020-01-01 25:00:00", "hour must be in 0..23"),
    ("9999-12-31T23:00:00-05:00", "falls outside the years 1 to 9999 once converted to UTC"),
    ("0001-01-01T00:00:00+01:00", "falls outside the years 1 to 9999 once converted to UTC"),
    ("Fri, 31 Dec 9999 23:00:00 -0500", "falls outside the years 1 to 9999 once converted to UTC"),
    ("Mon, 01 Jan 0001 00:00:00 +0100", "falls outside the years 1 to 9999 once converted to UTC"),
]


def png(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    raw = b"".join(b"\0" + b"\0\0\0" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def site_pages(site: SitePages) -> list[OutputPage]:
    """Every page a build makes of `site` but the redirects, as it walks the page
    families (pages.families): the articles' own pages, the lists, then the sitemap of
    their paths, 404.html and robots.txt."""
    made = [page for stage in (ARTICLES, LISTS) for group in stage_groups(site, stage) for page in group.make()]
    paths = [page.path for page in made]
    return made + [page for group in stage_groups(site, CLOSING, paths) for page in group.make()]

