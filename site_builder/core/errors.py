"""What site-builder reports to its user: a `Problem` found in a file of the project, and the
errors that stop a command, those about a user's file carrying the line at fault."""

from __future__ import annotations

from dataclasses import dataclass

from site_builder.core.files import printable


@dataclass(frozen=True)
class Problem:
    """Something wrong in a file of the project (content/, entities.toml, static/), at a line
    when known; a fatal one made the page be skipped, the others are warnings."""

    path: str
    line: int | None
    message: str
    fatal: bool  # True: the page was skipped

    def __str__(self) -> str:
        where = f"{printable(self.path)}:{self.line}" if self.line else printable(self.path)
        return f"{where}: {self.message}"


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
