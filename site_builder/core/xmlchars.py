"""Characters XML 1.0 forbids: C0 controls other than tab, newline and carriage
return, unpaired surrogates, U+FFFE and U+FFFF. A feed or sitemap holding one does
not parse, so text is rid of them where it enters: at ingest and at build."""

from __future__ import annotations

import re
from typing import Any

FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def strip_forbidden(text: str) -> str:
    return FORBIDDEN.sub("", text)


def forbidden_in(value: Any) -> list[str]:
    """The forbidden characters in a string, or in the strings of a list or mapping,
    as U+XXXX, each once, in order of first appearance."""
    found: dict[str, None] = {}
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            found.update((f"U+{ord(c):04X}", None) for c in FORBIDDEN.findall(item))
        elif isinstance(item, list):
            stack.extend(reversed(item))
        elif isinstance(item, dict):
            stack.extend(reversed(list(item.values())))
    return list(found)


def strip_forbidden_in(value: Any) -> Any:
    """`value` with the forbidden characters left out of every string in it."""
    if isinstance(value, str):
        return strip_forbidden(value)
    if isinstance(value, list):
        return [strip_forbidden_in(v) for v in value]
    if isinstance(value, dict):
        return {k: strip_forbidden_in(v) for k, v in value.items()}
    return value
