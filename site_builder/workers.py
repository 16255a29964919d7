"""Processes: forked workers for the CPU-heavy stages, and locks between runs."""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import multiprocessing
import os
import re
import signal
import time
from collections.abc import Callable, Generator, Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from .errors import SiteBuilderError

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


class _Task:
    """func(shared, item) in a worker. Its one instance lives in the worker process only: the
    pool's initializer makes it from arguments that fork hands over copy-on-write, never
    pickled (pages, an enricher), and every worker the pool ever forks gets the same ones.
    Nothing is set in the parent, so two pools at once never see each other's function."""

    current: _Task | None = None

    def __init__(self, func: Callable[[Any, Any], Any], shared: Any) -> None:
        self.func, self.shared = func, shared

    @staticmethod
    def start(func: Callable[[Any, Any], Any], shared: Any) -> None:
        die_with_parent()
        _Task.current = _Task(func, shared)

    @staticmethod
    def run(item: Any) -> Any:
        task = _Task.current
        assert task is not None, "run only in a worker started by _Task.start"
        return task.func(task.shared, item)


def fork_map(func: Callable[[S, T], R], shared: S, items: Iterable[T], jobs: int, chunksize: int = 1,
             ordered: bool = True) -> Generator[R, None, None]:
    """func(shared, item) for every item: in `jobs` forked processes, or in this one
    when jobs <= 1 or the platform cannot fork. Unordered results come as they finish.
    `items` may be a generator: the pool draws from it as workers free up."""
    if jobs <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        yield from (func(shared, item) for item in items)
        return
    with multiprocessing.get_context("fork").Pool(jobs, initializer=_Task.start, initargs=(func, shared)) as pool:
        mapper = pool.imap if ordered else pool.imap_unordered
        yield from mapper(_Task.run, items, chunksize=chunksize)


def default_jobs() -> int:
    """One process per CPU, at most 8 (beyond that the file system is the limit)."""
    return max(1, min(os.cpu_count() or 1, 8))


class Busy(SiteBuilderError, RuntimeError):
    """Another site-builder process holds the lock."""


# Locks this process holds, by file descriptor. A flock belongs to the open file, and
# fork() copies the descriptor (O_CLOEXEC acts only at exec): a forked worker would hold
# the lock until it dies, which after a killed build is a moment later than the build.
# Each child lets go of them at once, so a lock lives exactly as long as its process.
_HELD_LOCKS: set[int] = set()


def _let_go_of_inherited_locks() -> None:
    if not _HELD_LOCKS:
        return
    null = os.open(os.devnull, os.O_RDONLY | os.O_CLOEXEC)
    for fd in _HELD_LOCKS:
        os.dup2(null, fd, inheritable=False)  # the number stays valid; the lock's file is let go
    os.close(null)
    _HELD_LOCKS.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_let_go_of_inherited_locks)

LEFTOVER_WAIT = 10.0  # seconds to wait for what a dead run left holding its lock


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, someone else's
        return True
    return True


def _wait_while_holder_is_dead(handle: Any, holder: str) -> bool:
    """True once the lock is ours. A lock whose recorded holder has ended is held by
    leftovers of that run (workers of an older version, on their way out): wait for
    them, a bounded time, instead of refusing."""
    match = re.fullmatch(r"pid (\d+)", holder)
    if not match or _running(int(match.group(1))):
        return False
    deadline = time.monotonic() + LEFTOVER_WAIT
    while time.monotonic() < deadline:
        _pause(0.05)
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            continue
        return True
    return False


def _pause(seconds: float) -> None:
    time.sleep(seconds)


@contextlib.contextmanager
def exclusive(lock_file: Path, what: str) -> Iterator[None]:
    """Hold an exclusive lock on `lock_file` for the duration, or raise Busy at once:
    two builds swapping one output folder, or two ingests writing one manifest,
    would undo each other's work. Forked workers do not hold it (see _HELD_LOCKS)."""
    if fcntl is None:
        yield
        return
    lock_file.parent.mkdir(parents=True, exist_ok=True)
    try:  # never through a symbolic link: truncating the lock would truncate what it points at
        fd = os.open(lock_file, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o644)
    except OSError as exc:
        if exc.errno != errno.ELOOP:
            raise
        raise Busy(f"{what} cannot be locked: its lock file {lock_file.name} is a symbolic link, not a file "
                   "site-builder made; remove it") from None
    with open(fd, "a+", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            if not _wait_while_holder_is_dead(handle, holder):
                raise Busy(f"{what} is in use by site-builder ({holder}); wait for it to finish") from None
        _HELD_LOCKS.add(handle.fileno())
        try:
            handle.seek(0)
            handle.truncate()
            handle.write(f"pid {os.getpid()}")
            handle.flush()
            yield
        finally:
            _HELD_LOCKS.discard(handle.fileno())
            fcntl.flock(handle, fcntl.LOCK_UN)
