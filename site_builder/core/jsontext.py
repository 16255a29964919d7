"""Reading JSON that someone else wrote: deep nesting is bad input, not a crash, and
so is a number JSON cannot hold (NaN, Infinity, 1e400), which Python would read as
a float that no JSON written back could hold."""

from __future__ import annotations

import json
import math
from typing import Any

from site_builder.core.errors import SiteBuilderError


class TooDeepError(SiteBuilderError, ValueError):
    """JSON nested deeper than the parser can follow: bad input like any other."""


def parse_json(text: str | bytes) -> Any:
    """json.loads, with a document nested deeper than Python's parser can follow
    (it recurses once per level), or a number JSON cannot hold, raised as a ValueError
    like any other bad JSON."""
    try:
        return json.loads(text, parse_constant=_no_constant, parse_float=_finite)
    except RecursionError:
        raise TooDeepError("it is nested too deeply (arrays or objects inside one another "
                           "thousands of times over)") from None


def _no_constant(name: str) -> float:
    raise ValueError(f"{name} is not a JSON number")


def _finite(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise ValueError(f"the number {text[:40]} is too large for JSON")
    return number
