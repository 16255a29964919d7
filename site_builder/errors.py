"""The errors site-builder reports to its user, and those about a user's file that carry
the line at fault."""

from __future__ import annotations


class SiteBuilderError(Exception):
    """Something the user can fix (a file, a setting, a folder), said in a sentence. Every
    such error derives from this; `cli.main` reports them all in one place."""


class LocatedError(SiteBuilderError, ValueError):
    def __init__(self, reason: str, line: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.line = line

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}" if self.line else self.reason
