"""How counts read in the messages a user sees."""

from __future__ import annotations


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """'1 article', '2 articles', '0 articles'; `nouns` where adding an s is wrong."""
    return f"{count:,} {noun if count == 1 else nouns or noun + 's'}"
