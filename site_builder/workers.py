"""Processes: forked workers for the CPU-heavy stages, and locks between runs."""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import signal
from pathlib import Path
from typing import Iterator

try:
    import fcntl
except ImportError:  # not on Windows: runs there are not locked
    fcntl = None  # type: ignore[assignment]


def die_with_parent() -> None:
    """A worker must not outlive a run that was killed (Linux only; elsewhere the
    worker ends when its task queue closes)."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


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
