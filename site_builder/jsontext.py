"""Reading JSON that someone else wrote: deep nesting is bad input, not a crash."""

from __future__ import annotations

import json
from typing import Any

from .errors import SiteBuilderError


class TooDeepError(SiteBuilderError, ValueError):
    """JSON nested deeper than the parser can follow: bad input like any other."""


def parse_json(text: str | bytes) -> Any:
    """json.loads, with a document nested deeper than Python's parser can follow
    (it recurses once per level) raised as a ValueError like any other bad JSON."""
    try:
        return json.loads(text)
    except RecursionError:
        raise TooDeepError("it is nested too deeply (arrays or objects inside one another "
                           "thousands of times over)") from None
