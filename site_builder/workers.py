"""Forked worker processes for the CPU-heavy stages (ingest's extraction, rendering)."""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal


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
