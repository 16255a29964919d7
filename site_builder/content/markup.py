"""Markdown in and out: article bodies render with raw HTML off, and plain seed
text is escaped so it renders as exactly the text it was."""

from __future__ import annotations

import re
from functools import lru_cache

from markdown_it import MarkdownIt

from site_builder.core.urls import is_web_address, split_url

_SAFE_SCHEMES = ("http:", "https:", "mailto:")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def _validate_link(url: str) -> bool:
    """Only web and mail links, and relative ones: no javascript:, data:, vbscript:..."""
    candidate = re.sub(r"[\x00-\x20]", "", url).lower()
    if candidate.startswith(("http:", "https:")):
        return is_web_address(url)
    if _SCHEME.match(candidate):
        return candidate.startswith(_SAFE_SCHEMES)
    return split_url(url) is not None  # a relative link `check` could not read is no link either


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.validateLink = _validate_link  # type: ignore[method-assign]  # markdown-it documents this hook
    return md


def render_markdown(text: str) -> str:
    html: str = _parser().render(text)
    return html


class MarkdownHtml:
    """An article body as HTML, rendered only when a template prints it (`__html__` is
    how Jinja and MarkupSafe ask for markup): the site model keeps the Markdown, so
    no page holds the HTML of bodies it is not rendering."""

    __slots__ = ("source",)

    def __init__(self, source: str) -> None:
        self.source = source

    def __html__(self) -> str:
        return render_markdown(self.source)

    def __str__(self) -> str:
        return self.__html__()

    def __eq__(self, other: object) -> bool:
        return isinstance(other, MarkdownHtml) and other.source == self.source

    def __hash__(self) -> int:
        return hash(self.source)


_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>&!])")
_LINE_START = re.compile(r"^([#>+=|~-]|\d{1,9}(?=[.)]))")


def escape_markdown(paragraph: str) -> str:
    """Plain text → Markdown that renders as that same text, in one paragraph."""
    escaped = _INLINE_SPECIAL.sub(r"\\\1", paragraph)
    match = _LINE_START.match(escaped)
    if match:
        token = match.group(1)
        if token[0].isdigit():
            # "2015. was a year" would start an ordered list: escape the dot.
            escaped = token + "\\" + escaped[len(token):]
        else:
            escaped = "\\" + escaped
    return escaped


def paragraphs_to_markdown(paragraphs: tuple[str, ...] | list[str]) -> str:
    return "\n\n".join(escape_markdown(p) for p in paragraphs) + ("\n" if paragraphs else "")
