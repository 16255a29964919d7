"""The one rule for a URL a person wrote (a page's source_url, a link in a body,
base_url) and one `check` reads in a built site: split without ever raising.
`urlsplit` raises ValueError on some text (`https://[::1/x`, an unclosed IPv6
host; a port that is not a number is only found when `.port` is read), so every
URL from outside is split here and a malformed one is a named problem, never a crash."""

from __future__ import annotations

import re
from urllib.parse import SplitResult, urlsplit

_WHITESPACE_OR_CONTROL = re.compile(r"[\x00-\x20\x7f]")


def split_url(url: str) -> SplitResult | None:
    """The parts of `url`, or None when it is malformed (an unclosed `[`, a port
    that is not a number from 0 to 65535)."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018  # read for its check: it raises on a port that is not one
    except ValueError:
        return None
    return parts


def is_web_address(url: str) -> bool:
    """An absolute http:// or https:// address with a host, no spaces or control
    characters, that splits cleanly: what a page may link as it is."""
    if _WHITESPACE_OR_CONTROL.search(url):
        return False
    parts = split_url(url)
    return parts is not None and parts.scheme.lower() in ("http", "https") and bool(parts.hostname)
