"""Where every page's template context is assembled: the fields all pages share
(root, path, title, document_title, canonical) and what each family adds.

Every URL here is relative to the site root and names a file ("world/index.html"),
so pages work from any sub-path and from file://; templates prefix `root`.
"""

from __future__ import annotations

from typing import Any

from site_builder.core.config import Config
from site_builder.core.model import OutputPage


def root_of(path: str) -> str:
    """The way from a page up to the site root: "" at the root, "../" one folder down."""
    return "../" * path.count("/")


def document_title(title: str, site_title: str) -> str:
    """What a page's <title> says: its own title, then the site's (once, when they are the same)."""
    return site_title if title == site_title else f"{title} · {site_title}"


def canonical_url(base_url: str, path: str) -> str:
    """The public address of a file of the site (base_url set): a folder for its index.html."""
    return base_url + path.removesuffix("index.html")


def output_page(path: str, template: str, context: dict[str, Any]) -> OutputPage:
    """A page as the templates get it. Every page of the site is made here, with its
    whole context: the one place to see, or change, what a template is given."""
    return OutputPage(path, template, context)


def html_page(config: Config, path: str, template: str, title: str, **context: Any) -> OutputPage:
    """An HTML page of the site with the fields every page template reads, then its own."""
    base = config.base_url
    return output_page(path, template, {"root": root_of(path), "path": path, "title": title,
                                        "document_title": document_title(title, config.title),
                                        "canonical": canonical_url(base, path) if base else None, **context})
