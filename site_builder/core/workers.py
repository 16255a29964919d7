"""Processes: forked workers for the CPU-heavy stages, and locks between runs."""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import itertools
import multiprocessing
import os
import pickle
import queue
import re
import signal
import tempfile
import threading
import time
from collections.abc import Callable, Generator, Iterable, Iterator
from pathlib import Path
from typing import Any, Generic, TypeVar

from site_builder.core.errors import SiteBuilderError

try:
    import fcntl
except ImportError:  # not on Windows: runs there are not locked
    fcntl = None  # type: ignore[assignment]


S = TypeVar("S")
T = TypeVar("T")
R = TypeVar("R")


def die_with_parent(parent: int | None = None) -> None:
    """A worker must not outlive a run that was killed (Linux only; elsewhere the
    worker ends when its task queue closes). `parent` is the pid of the process that
    started it: one killed before this call sends no signal, so the worker ends here."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if parent is not None and os.getppid() != parent:
        os._exit(1)  # its parent is gone already: no task will come, and none is wanted


_IN_FLIGHT = 2  # chunks handed out per worker: one being worked on, one waiting
_WAIT = 1.0  # seconds between looks at whether a worker died while results are awaited


class WorkerDied(SiteBuilderError, RuntimeError):
    """A worker process ended without finishing its task (killed, out of memory)."""

    @classmethod
    def of(cls, exit_code: int | None) -> WorkerDied:
        return cls(f"a worker process ended (exit code {exit_code}) before finishing its task; "
                   "if it was out of memory, run again with fewer jobs (-j 1)")


def _serve(func: Callable[[Any, Any], Any], shared: Any, tasks: Any, results: Any, parent: int) -> None:
    """A worker: func(shared, item) over each chunk it is given, until None. `func` and
    `shared` are this process's own arguments, which fork hands over copy-on-write (never
    pickled, never kept anywhere else), so two maps at once cannot mix them up."""
    die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: it ends the workers
    while (task := tasks.get()) is not None:
        number, chunk = task
        try:
            answer = pickle.dumps((number, [func(shared, item) for item in chunk], None))
        except Exception as exc:  # noqa: BLE001 - handed to the parent, which raises it
            try:
                answer = pickle.dumps((number, None, exc))
            except Exception:  # noqa: BLE001 - an exception that does not pickle still gets there
                answer = pickle.dumps((number, None, RuntimeError(f"{type(exc).__name__}: {exc}")))
        results.put(answer)


def can_fork() -> bool:
    """Whether workers may be forked now: the platform forks, and this process runs no other
    thread. A process forked while another thread runs may deadlock (that thread may hold a
    lock the child then waits on for ever), and Python 3.12 warns of it; so the build starts
    its processes before any thread, and where threads run already (`serve`'s web server,
    ingest's external extractor) the work is done in this process instead."""
    return "fork" in multiprocessing.get_all_start_methods() and _threads() == 1


def _threads() -> int:
    """This process's threads, also those Python did not start (Linux counts them all)."""
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:
        return threading.active_count()


def _chunks(items: Iterable[T], size: int) -> Iterator[tuple[int, list[T]]]:
    """(number, the next `size` items), drawn from `items` only when asked for."""
    iterator = iter(items)
    for number in itertools.count():
        chunk = list(itertools.islice(iterator, size))
        if not chunk:
            return
        yield number, chunk


def fork_map(func: Callable[[S, T], R], shared: S, items: Iterable[T], jobs: int, chunksize: int = 1,
             ordered: bool = True) -> Generator[R, None, None]:
    """func(shared, item) for every item: in `jobs` forked processes, or in this one
    when jobs <= 1 or the platform cannot fork. Unordered results come as they finish.
    `items` may be a generator: it is drawn from as workers free up, a few chunks ahead.
    An exception in `func` is raised here; a worker that dies mid-task raises WorkerDied."""
    if jobs <= 1 or not can_fork():
        return (func(shared, item) for item in items)
    # The workers start now, in the caller's thread, before the caller starts any thread of
    # its own (ingest's extractor threads read the results).
    context = multiprocessing.get_context("fork")
    tasks, results = context.SimpleQueue(), context.Queue()
    workers = [context.Process(target=_serve, args=(func, shared, tasks, results, os.getpid()), daemon=True)
               for _ in range(jobs)]
    for worker in workers:
        worker.start()
    return _mapped(_chunks(items, chunksize), jobs, ordered, tasks, results, workers)


def _mapped(chunks: Iterator[tuple[int, list[T]]], jobs: int, ordered: bool, tasks: Any, results: Any,
            workers: list[Any]) -> Generator[R, None, None]:
    """fork_map's results, from its started workers; leaving early stops them."""
    try:
        sent = 0
        for task in itertools.islice(chunks, _IN_FLIGHT * jobs):
            tasks.put(task)
            sent += 1
        early: dict[int, list[R]] = {}  # ordered: results that came before their turn
        done = 0  # chunks yielded
        while done < sent:
            number, values, error = _next_result(results, workers)
            if error is not None:
                raise error
            following = next(chunks, None)
            if following is not None:
                tasks.put(following)
                sent += 1
            early[number if ordered else done] = values
            while done in early:
                yield from early.pop(done)
                done += 1
        for _ in workers:
            tasks.put(None)
        for worker in workers:
            worker.join()
    finally:
        for worker in workers:
            if worker.is_alive():
                worker.terminate()
                worker.join()
        results.close()


class Helper(Generic[S, T, R]):
    """A forked process that runs func(shared, item) once it is sent its item
    (workers.standby). It writes its answer to a file of its own and ends, so it gives its
    memory back as soon as the answer is ready: a helper that waited for its answer to be
    asked for held, at 100,000 articles, 640 MB until the build's end. (A thread reading
    the answer at once would do the same, but a process must not fork once it has
    threads: the build forks its workers after its helpers.)"""

    def __init__(self, func: Callable[[S, T], R], shared: S) -> None:
        self._func, self._shared = func, shared
        self._forked = can_fork()
        if self._forked:
            context = multiprocessing.get_context("fork")
            self._tasks = context.SimpleQueue()
            handle, name = tempfile.mkstemp(prefix="site-builder-answer-")
            os.close(handle)
            self._answer = Path(name)
            self._process = context.Process(target=_serve, args=(func, shared, self._tasks, _FileSender(self._answer),
                                                                  os.getpid()), daemon=True)
            self._process.start()

    def send(self, item: T) -> Callable[[], R]:
        """Start the work on `item` (pickled to the helper); returns the function that
        waits for its value (an exception in func is raised there)."""
        if not self._forked:  # where the platform cannot fork, func runs here when asked
            return lambda: self._func(self._shared, item)
        self._tasks.put((0, [item]))
        self._tasks.put(None)
        return self._value

    def _value(self) -> R:
        self._process.join()
        try:
            answer = self._answer.read_bytes()
        except OSError:
            answer = b""
        if self._process.exitcode != 0 or not answer:
            raise WorkerDied.of(self._process.exitcode)
        _number, values, error = pickle.loads(answer)  # an answer that does not unpickle raises here
        if error is not None:
            raise error
        result: R = values[0]
        return result

    def close(self) -> None:
        """Stop the helper if it still works or waits; wait until it has ended."""
        if not self._forked:
            return
        if self._process.exitcode is None:
            self._process.terminate()
        self._process.join()
        self._answer.unlink(missing_ok=True)


class _FileSender:
    """Where _serve puts a helper's answer (already pickled): its file, written whole before
    the helper ends (the parent reads it only once the helper has ended)."""

    def __init__(self, path: Path) -> None:
        self._path = path

    def put(self, answer: bytes) -> None:
        self._path.write_bytes(answer)


@contextlib.contextmanager
def standby(func: Callable[[S, T], R], shared: S) -> Iterator[Helper[S, T, R]]:
    """A helper process forked now, while this process is small, to be sent its item
    later. A process forked from a large one keeps the pages of everything its parent
    has since changed: the search indexer forked after the site model held 400 MB at
    100,000 articles, to run a binary. Leaving the context stops it if it still runs."""
    helper = Helper(func, shared)
    try:
        yield helper
    finally:
        helper.close()


@contextlib.contextmanager
def aside(func: Callable[[S, T], R], shared: S, item: T) -> Iterator[Callable[[], R]]:
    """func(shared, item) started at once in a forked process of its own, while this one
    goes on; the context gives a function that waits for its value (an exception in func
    is raised there). `shared` reaches it through fork, copy-on-write; `item` is pickled.
    Leaving the context stops the process if it still runs. Where the platform cannot
    fork, func runs here, when the value is asked for."""
    with standby(func, shared) as helper:
        yield helper.send(item)


def _next_result(results: Any, workers: list[Any]) -> tuple[int, Any, Exception | None]:
    """The next chunk's results; WorkerDied when a worker ended mid-task (it would never
    answer, and the map would wait for ever)."""
    while True:
        try:
            answer: tuple[int, Any, Exception | None] = pickle.loads(results.get(timeout=_WAIT))
            return answer
        except queue.Empty:
            ended = [worker.exitcode for worker in workers if worker.exitcode is not None]
            if ended:
                raise WorkerDied.of(ended[0]) from None


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


def _hold_ctrl_c() -> None:
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})


def _release_ctrl_c() -> None:
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def _child_ignores_ctrl_c() -> None:
    """Ctrl-C reaches every process of the terminal's group. A forked child leaves it to
    its parent, which ends it (die_with_parent): one caught mid-fork would otherwise die
    printing a traceback. SIGINT stays blocked across fork, so none is lost or half-handled."""
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    except ValueError:  # not the main thread of an interpreter: nothing of ours to set
        pass
    _release_ctrl_c()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_let_go_of_inherited_locks)
    if hasattr(signal, "pthread_sigmask"):
        os.register_at_fork(before=_hold_ctrl_c, after_in_parent=_release_ctrl_c,
                            after_in_child=_child_ignores_ctrl_c)

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
