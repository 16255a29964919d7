"""A process must not fork once it runs another thread (the child may wait for ever on a
lock that thread held; Python 3.12 warns of it). A build forks its workers and helpers while
it has one thread, and where a thread runs already (serve's web server) it works in its own
process instead; the site is the same bytes either way."""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from site_builder.cli import main
from site_builder.core import workers
from site_fixtures import digest_tree, write_articles

pytestmark = pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="no fork here")


@pytest.fixture
def forks(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """The number of this process's threads at each fork it makes."""
    seen: list[int] = []
    real_fork = os.fork

    def fork() -> int:
        seen.append(workers._threads())
        return real_fork()

    monkeypatch.setattr(os, "fork", fork)
    yield seen


def _site(project: Path, name: str) -> dict[str, str]:
    assert main(["build", "-j", "2", "--out", name]) == 0
    return digest_tree(project / name)


def test_a_parallel_build_and_ingest_fork_only_while_one_thread_runs(project: Path, forks: list[int]) -> None:
    assert main(["ingest", "-j", "2"]) == 0
    write_articles(project, 120, "x")
    assert main(["build", "-j", "2"]) == 0
    assert len(forks) >= 4  # ingest's and the build's workers, the search indexer, the related coverage
    assert set(forks) == {1}


def test_with_a_thread_running_the_build_works_in_its_own_process_and_gives_the_same_bytes(
        project: Path, forks: list[int]) -> None:
    write_articles(project, 120, "x")
    forked = _site(project, "forked")
    assert forks
    forks.clear()
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)  # as serve's web server runs beside its builds
    other.start()
    try:
        alone = _site(project, "alone")
    finally:
        stop.set()
        other.join()
    assert forks == []
    assert alone == forked
