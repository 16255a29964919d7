"""The errors site-builder reports to its user, and those about a user's file that carry
the line at fault."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from site_builder.content.read import Problem


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


class BuildError(SiteBuilderError, RuntimeError):
    """A build that stopped, with the problems in content/ that stopped it, if any."""

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []
