"""Python's cycle collector, paused where a build makes many objects and no cycles,
and kept off what a build keeps to its end.

The collector runs after every 700 new container objects and walks the young ones;
reading or writing the build cache (10,000 articles, the record of the site, the
model facts) or bringing the file:// index up to date makes hundreds of thousands of
small lists and tuples, and the walks were half to two thirds of the time those
steps took. Nothing made there refers to itself, so reference counting frees all of
it; the collector is switched back on (if it was on) as soon as they end.

What a build keeps until its end (the articles, the site model) is settled: the
collector stops walking it until the build ends, and walks only what is made after.
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


def settle() -> None:
    """Everything made so far lives until the build ends (the articles, the site model):
    the collector stops walking it (gc.freeze). Each full collection walked all of it,
    a fifth of the CPU time of a small incremental build at 10,000 articles. It also
    keeps forked workers from writing to the pages they share with the build."""
    gc.freeze()


@contextlib.contextmanager
def settling() -> Iterator[None]:
    """The span in which settle() may be called: at its end what was settled is handed
    back to the collector (gc.unfreeze), so a long-running process (serve) frees it."""
    try:
        yield
    finally:
        gc.unfreeze()
