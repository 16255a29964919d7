"""The keys that decide whether a file of the site must be made again: a file's key is a
digest of what decides its bytes (site_builder's version, the templates and static files,
the settings, and the page's own context as plain data). If its context or a template
changes, so does its key; the build cache only stores them."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable
from dataclasses import fields
from pathlib import Path

from site_builder.content.markup import MarkdownHtml
from site_builder.core.config import Config
from site_builder.core.digests import digest
from site_builder.core.files import walk
from site_builder.core.model import OutputPage
from site_builder.pages.views import PageLinks


def tree_digest(folders: Iterable[Path]) -> str:
    """Every file under `folders` (names and bytes) as a build reads them (files.walk:
    a named pipe or a link leading out is never opened), in a stable order."""
    hasher = hashlib.sha256()
    for number, folder in enumerate(folders):
        listing = walk(folder, hidden=True)
        for rel, why in listing.skipped:
            hasher.update(f"{number}:{rel}:refused:{why}\0".encode())
        for rel in listing.files:
            hasher.update(f"{number}:{rel}\0".encode())
            hasher.update(hashlib.sha256((folder / rel).read_bytes()).digest())
    return hasher.hexdigest()[:32]


def settings_digest(config: Config) -> str:
    values = {f.name: getattr(config, f.name) for f in fields(config) if f.name != "root"}
    return digest(json.dumps(values, sort_keys=True, default=str))


def _plain(value: object) -> object:
    """Context values that are not JSON, as data that changes when they do."""
    if hasattr(type(value), "__dataclass_fields__"):  # the views templates receive, field by field
        return vars(value)
    if isinstance(value, MarkdownHtml):
        return {"markdown": value.source}
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, PageLinks):
        return {"page_links": [value.base, value.total]}
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=repr)
    # Anything else by its repr: a repr with an address changes every build, which
    # re-renders the page each time (slow) but never serves a stale one.
    return f"{type(value).__qualname__}:{value!r}"


def _json(value: object) -> str:
    return json.dumps(value, default=_plain, ensure_ascii=False, separators=(",", ":"))


def page_key(environment: str, page: OutputPage) -> str:
    """The key of one page's bytes: what it is rendered with, and from."""
    return digest(environment, page.path, page.template, _json(page.context))


def inputs_page_key(environment: str, path: str, template: str, inputs: str) -> str:
    """The key of a page whose group's inputs digest what it shows (pages.PageGroup.shows_inputs):
    quicker than page_key, which digests the whole context."""
    return digest(environment, "inputs", path, template, inputs)


class PageKeys:
    """page_key for every page of one build, quicker: an article's teaser is the same
    object on every list that shows it (home, section, tags, names, archive), so each
    list item is digested once and a list page's key is made from those digests."""

    def __init__(self, environment: str) -> None:
        self.environment = environment
        self._items: dict[int, tuple[object, str]] = {}  # holding the item keeps its id from being reused

    def __call__(self, page: OutputPage) -> str:
        context = page.context
        items = context.get("items")
        if isinstance(items, (list, tuple)):
            context = {**context, "items": [self._item(item) for item in items]}
        return digest(self.environment, page.path, page.template, _json(context))

    def _item(self, item: object) -> str:
        known = self._items.get(id(item))
        if known is None or known[0] is not item:
            known = self._items[id(item)] = (item, "#" + digest(_json(item)))
        return known[1]


def data_key(data: str | bytes) -> str:
    """The key of a file copied as it is (a picture, a static file)."""
    return "=" + digest(data)
