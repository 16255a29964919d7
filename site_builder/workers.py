"""Processes: forked workers for the CPU-heavy stages, and locks between runs."""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import multiprocessing
import os
import signal
from pathlib import Path
from typing import Any, Callable, Generator, Iterable, Iterator, TypeVar

try:
    import fcntl
except ImportError:  # not on Windows: runs there are not locked
    fcntl = None  # type: ignore[assignment]


S = TypeVar("S")
T = TypeVar("T")
R = TypeVar("R")


def die_with_parent() -> None:
    """A worker must not outlive a run that was killed (Linux only; elsewhere the
    worker ends when its task queue closes)."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


# What forked workers call: set just before the pool forks, so the function and its
# shared data (pages, an enricher) reach the workers copy-on-write, never pickled.
_SHARED: tuple[Callable[[Any, Any], Any], Any] | None = None


def _call_shared(item: Any) -> Any:
    assert _SHARED is not None
    func, shared = _SHARED
    return func(shared, item)


def fork_map(func: Callable[[S, T], R], shared: S, items: Iterable[T], jobs: int, chunksize: int = 1,
             ordered: bool = True) -> Generator[R, None, None]:
    """func(shared, item) for every item: in `jobs` forked processes, or in this one
    when jobs <= 1 or the platform cannot fork. Unordered results come as they finish.
    `items` may be a generator: the pool draws from it as workers free up."""
    global _SHARED
    if jobs <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        yield from (func(shared, item) for item in items)
        return
    _SHARED = (func, shared)
    try:
        with multiprocessing.get_context("fork").Pool(jobs, initializer=die_with_parent) as pool:
            mapper = pool.imap if ordered else pool.imap_unordered
            yield from mapper(_call_shared, items, chunksize=chunksize)
    finally:
        _SHARED = None


def default_jobs() -> int:
    """One process per CPU, at most 8 (beyond that the file system is the limit)."""
    return max(1, min(os.cpu_count() or 1, 8))


class Busy(RuntimeError):
    """Another site-builder process holds the lock."""


@contextlib.contextmanager
def exclusive(lock_file: Path, what: str) -> Iterator[None]:
    """Hold an exclusive lock on `lock_file` for the duration, or raise Busy at once:
    two builds swapping one output folder, or two ingests writing one manifest,
    would undo each other's work."""
    if fcntl is None:
        yield
        return
    lock_file.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_file, "a+", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise Busy(f"{what} is in use by site-builder ({holder}); wait for it to finish") from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}")
        handle.flush()
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
