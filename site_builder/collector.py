"""Python's cycle collector, paused where a build makes many objects and no cycles.

The collector runs after every 700 new container objects and walks the young ones;
reading or writing the build cache (10,000 articles, the record of the site, the
model facts) or bringing the file:// index up to date makes hundreds of thousands of
small lists and tuples, and the walks were half to two thirds of the time those
steps took. Nothing made there refers to itself, so reference counting frees all of
it; the collector is switched back on (if it was on) as soon as they end.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def paused() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
