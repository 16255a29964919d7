"""Locks between runs: held exactly as long as the run that took them lives."""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from site_builder.core import workers
from site_builder.core.workers import Busy, exclusive

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _one_thread() -> None:
    """Workers fork only while one thread runs; with another one running they work in this
    process, where killing "a worker" would end the test run itself."""
    assert workers.can_fork(), f"another test left threads running: {threading.enumerate()}"

# Takes the lock as a build does, forks a child that outlives it (a worker not yet
# gone when its build is killed), prints the child's pid and waits to be killed.
# The child lives until its standard input closes.
RUN_WITH_A_FORKED_CHILD = """
import os, sys, time
from pathlib import Path
from site_builder.core.workers import exclusive
with exclusive(Path(sys.argv[1]), "the output folder public/"):
    child = os.fork()
    if child == 0:
        sys.stdin.buffer.read()
        os._exit(0)
    print(child, flush=True)
    time.sleep(600)
"""

# Holds a flock the way an older site-builder's worker did (inherited from a run that
# has ended): takes it, records a pid that is gone, forks, and the taker exits.
LEFTOVER_HOLDER = """
import fcntl, os, sys
handle = open(sys.argv[1], "a+")
fcntl.flock(handle, fcntl.LOCK_EX)
handle.seek(0); handle.truncate(); handle.write("pid " + sys.argv[2]); handle.flush()
if os.fork() == 0:
    print("holding", flush=True)
    sys.stdin.buffer.read()
    os._exit(0)
os._exit(0)
"""


def _run(script: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-c", script, *args], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            text=True, env={**os.environ, "PYTHONPATH": str(REPO)})


def _a_dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_a_killed_runs_lock_is_free_at_once_even_while_its_forked_child_lives(tmp_path: Path) -> None:
    lock = tmp_path / ".public.lock"
    run = _run(RUN_WITH_A_FORKED_CHILD, str(lock))
    assert run.stdout is not None and run.stdin is not None
    child = int(run.stdout.readline())
    try:
        with pytest.raises(Busy):  # the run holds it
            with exclusive(lock, "the output folder public/"):
                pass
        run.send_signal(signal.SIGKILL)
        run.wait()
        os.kill(child, 0)  # the forked child is still alive...
        with exclusive(lock, "the output folder public/"):  # ...and holds no lock
            pass
    finally:
        run.stdin.close()  # the child ends


def test_a_lock_left_to_the_children_of_an_ended_run_is_waited_for_not_refused(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lock = tmp_path / ".public.lock"
    holder = _run(LEFTOVER_HOLDER, str(lock), str(_a_dead_pid()))
    assert holder.stdout is not None and holder.stdin is not None
    assert holder.stdout.readline().strip() == "holding"
    pauses: list[float] = []

    def end_the_leftover(seconds: float) -> None:  # while exclusive() waits, the leftover exits
        pauses.append(seconds)
        holder.stdin.close()
        holder.stdout.read()  # EOF: the leftover has exited, closing its copy of the lock
        holder.wait()

    monkeypatch.setattr(workers, "_pause", end_the_leftover)
    with exclusive(lock, "the output folder public/"):
        assert lock.read_text() == f"pid {os.getpid()}"
    assert len(pauses) == 1


def test_a_lock_of_a_live_run_is_refused_at_once(tmp_path: Path) -> None:
    lock = tmp_path / ".public.lock"
    run = _run(RUN_WITH_A_FORKED_CHILD, str(lock))
    assert run.stdout is not None and run.stdin is not None
    int(run.stdout.readline())
    try:
        with pytest.raises(Busy, match=rf"in use by site-builder \(pid {run.pid}\); wait for it to finish"):
            with exclusive(lock, "the output folder public/"):
                pass
    finally:
        run.send_signal(signal.SIGKILL)
        run.wait()
        run.stdin.close()


# --- fork_map ---------------------------------------------------------------


def test_forked_workers_see_the_function_and_shared_data_without_pickling_them() -> None:
    lock = threading.Lock()  # cannot be pickled: it must reach the workers through fork
    offset = 1000

    def work(shared: tuple[threading.Lock, int], item: int) -> tuple[int, int]:
        with shared[0]:
            return item + shared[1], os.getpid()

    results = list(workers.fork_map(work, (lock, offset), range(40), jobs=2, chunksize=4))
    assert [value for value, _pid in results] == [item + offset for item in range(40)]
    assert os.getpid() not in {pid for _value, pid in results}


def test_two_fork_maps_at_once_each_call_their_own_function() -> None:
    first = workers.fork_map(lambda shared, item: ("first", shared, item), "a", range(30), jobs=2)
    assert next(first) == ("first", "a", 0)
    second = list(workers.fork_map(lambda shared, item: ("second", shared, item), "b", range(30), jobs=2,
                                   ordered=False))
    assert sorted(second) == [("second", "b", item) for item in range(30)]
    assert list(first) == [("first", "a", item) for item in range(1, 30)]


def test_an_error_in_a_worker_is_raised_to_the_caller() -> None:
    def work(shared: None, item: int) -> int:
        if item == 7:
            raise ValueError(f"bad item {item}")
        return item

    with pytest.raises(ValueError, match="bad item 7"):
        list(workers.fork_map(work, None, range(20), jobs=2))
    assert multiprocessing.active_children() == []


def test_a_worker_killed_mid_task_is_reported_not_waited_for() -> None:
    """A worker the system kills (out of memory) never answers: the map must say so,
    not wait for ever."""
    def work(shared: None, item: int) -> int:
        if item == 5:
            os.kill(os.getpid(), signal.SIGKILL)
        return item

    with pytest.raises(workers.WorkerDied, match="exit code -9"):
        list(workers.fork_map(work, None, range(20), jobs=2))
    assert multiprocessing.active_children() == []


def test_a_map_left_early_ends_its_workers() -> None:
    results = workers.fork_map(lambda shared, item: item, None, range(1000), jobs=2)
    assert next(results) == 0
    results.close()
    assert multiprocessing.active_children() == []


def test_items_are_drawn_as_workers_free_up_not_all_at_once() -> None:
    drawn: list[int] = []

    def items() -> Iterator[int]:
        for item in range(100):
            drawn.append(item)
            yield item

    results = workers.fork_map(lambda shared, item: item, None, items(), jobs=2, ordered=False)
    first = next(results)
    assert len(drawn) == 2 * 2 + 1  # two chunks per worker, and one more for the one that answered
    assert sorted([first, *results]) == list(range(100))


# --- aside ------------------------------------------------------------------


def test_work_set_aside_runs_in_another_process_while_this_one_goes_on(tmp_path: Path) -> None:
    started = tmp_path / "started"

    def work(shared: Path, item: int) -> tuple[int, int]:
        shared.write_text("yes")
        return item * 2, os.getpid()

    with workers.aside(work, started, 21) as value:
        for _ in range(500):  # it starts without being asked for its value
            if started.exists():
                break
            threading.Event().wait(0.01)
        assert started.exists()
        doubled, pid = value()
    assert doubled == 42 and pid != os.getpid()
    assert multiprocessing.active_children() == []


def test_an_error_in_work_set_aside_is_raised_when_its_value_is_asked_for() -> None:
    def work(shared: None, item: str) -> None:
        raise ValueError(f"bad {item}")

    with workers.aside(work, None, "item") as value, pytest.raises(ValueError, match="bad item"):
        value()
    assert multiprocessing.active_children() == []


def test_work_set_aside_and_never_asked_for_is_stopped_on_leaving() -> None:
    def work(shared: None, item: float) -> None:
        threading.Event().wait(item)

    with pytest.raises(KeyError), workers.aside(work, None, 60.0):
        raise KeyError("the caller failed")  # the build failed before it needed the value
    assert multiprocessing.active_children() == []


def test_work_set_aside_that_is_killed_is_reported_not_waited_for() -> None:
    def work(shared: None, item: int) -> None:
        os.kill(os.getpid(), signal.SIGKILL)

    with workers.aside(work, None, 0) as value, pytest.raises(workers.WorkerDied, match="exit code -9"):
        value()
    assert multiprocessing.active_children() == []


def test_a_helper_ends_as_soon_as_its_answer_is_ready_not_when_it_is_asked_for() -> None:
    """An answer larger than a pipe's buffer kept the helper (and all its memory) alive
    until the build asked for it, at its very end."""
    def work(shared: None, item: int) -> bytes:
        return b"x" * item

    with workers.aside(work, None, 4_000_000) as value:
        for _ in range(1000):
            if not multiprocessing.active_children():
                break
            threading.Event().wait(0.01)
        assert multiprocessing.active_children() == []  # ended while its value was not yet asked for
        assert value() == b"x" * 4_000_000


def _unreadable() -> None:
    raise ValueError("this answer cannot be read back")


class _ReadsBackBadly:
    def __reduce__(self) -> tuple[object, tuple[()]]:
        return _unreadable, ()


def test_an_answer_that_cannot_be_read_back_is_raised_where_it_is_asked_for() -> None:
    with workers.aside(lambda shared, item: _ReadsBackBadly(), None, 0) as value, \
            pytest.raises(ValueError, match="cannot be read back"):
        value()
    assert multiprocessing.active_children() == []


_MADE_AFTER_FORK: list[str] = []


def test_a_helper_on_standby_is_forked_when_made_and_works_when_sent_its_item() -> None:
    def work(shared: str, item: str) -> tuple[str, list[str], int]:
        return shared + item, list(_MADE_AFTER_FORK), os.getpid()

    with workers.standby(work, "forked ") as helper:
        _MADE_AFTER_FORK.append("made after the fork")
        try:
            joined, seen, pid = helper.send("early")()
        finally:
            _MADE_AFTER_FORK.clear()
    assert joined == "forked early" and pid != os.getpid()
    assert seen == []  # it was forked before this process made more
    assert multiprocessing.active_children() == []


def test_a_helper_never_sent_an_item_is_stopped_on_leaving() -> None:
    with pytest.raises(KeyError), workers.standby(lambda shared, item: item, None):
        raise KeyError("the build failed before the helper was needed")
    assert multiprocessing.active_children() == []


def test_a_worker_whose_parent_died_before_it_asked_to_die_with_it_ends_at_once() -> None:
    """A run killed between forking a worker and the worker's PR_SET_PDEATHSIG sends it no
    signal: the worker would wait for ever for a task (a killed build's search indexer did)."""
    pid = os.fork()
    if pid == 0:
        try:
            workers.die_with_parent(parent=os.getppid() + 1_000_000)  # not its parent: as if that one had died
        finally:
            os._exit(7)  # reached only if it did not end
    _pid, status = os.waitpid(pid, 0)
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 1
    pid = os.fork()
    if pid == 0:
        try:
            workers.die_with_parent(parent=os.getppid())
        finally:
            os._exit(7)
    _pid, status = os.waitpid(pid, 0)
    assert os.WEXITSTATUS(status) == 7  # its parent lives: it goes on
