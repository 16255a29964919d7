"""`make test-quick`: the tests but the browser and scale ones, in two pytest processes side by side.

One process cannot use a second CPU, and pytest-xdist runs its tests beside a second thread
(execnet's), where the build may not fork its workers (`site_builder.core.workers.can_fork`), so
the build tests would no longer exercise forked workers. Here each process is a plain
single-threaded pytest on its own share of the test files. The shares are balanced by each file's
time recorded in scripts/test_quick_durations.json; `--record` writes that file anew from the run.

    python scripts/test_quick.py [--jobs N] [--record] [pytest options...]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import IO

REPO = Path(__file__).resolve().parent.parent
DURATIONS = REPO / "scripts" / "test_quick_durations.json"
MARKERS = "not browser and not scale"
# A file not yet recorded counts as this many seconds: most test files take less than one.
UNRECORDED = 1.0
# pytest's exit status when a process's share held no selected test (all deselected by marker).
NO_TESTS = 5


def every_test_file() -> list[str]:
    """Every test file, as a path relative to the repository."""
    return sorted(p.relative_to(REPO).as_posix() for p in (REPO / "tests").rglob("test_*.py"))


def shares(files: list[str], seconds: dict[str, float], jobs: int) -> list[list[str]]:
    """The files in `jobs` shares of nearly equal recorded time: the longest first, each to the
    share with the least time so far."""
    split: list[list[str]] = [[] for _ in range(jobs)]
    totals = [0.0] * jobs
    for name in sorted(files, key=lambda f: (-seconds.get(f, UNRECORDED), f)):
        least = totals.index(min(totals))
        split[least].append(name)
        totals[least] += seconds.get(name, UNRECORDED)
    return [sorted(share) for share in split if share]


def relay(stream: IO[str], prefix: str) -> None:
    """Copies a process's output line by line, each line marked with the process it comes from."""
    for line in stream:
        sys.stdout.write(f"{prefix}{line}")
        sys.stdout.flush()


def run(split: list[list[str]], pytest_args: list[str], reports: Path | None) -> list[int]:
    """Runs one pytest per share at once; their exit statuses."""
    processes = []
    for number, share in enumerate(split, 1):
        command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-m", MARKERS]
        if reports is not None:
            command.append(f"--junitxml={reports / f'share-{number}.xml'}")
        command += [*pytest_args, *share]
        process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                   text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
        thread = threading.Thread(target=relay, args=(process.stdout, f"[{number}] "))
        thread.start()
        processes.append((process, thread))
    try:
        for process, thread in processes:
            process.wait()
            thread.join()
    except KeyboardInterrupt:
        for process, _ in processes:
            process.terminate()
        raise
    return [process.returncode for process, _ in processes]


def recorded(reports: Path) -> dict[str, float]:
    """Seconds per test file (setup, call and teardown of its tests) from the processes' JUnit reports."""
    seconds: dict[str, float] = {}
    for report in sorted(reports.glob("share-*.xml")):
        for case in ET.parse(report).iter("testcase"):
            name = case.get("classname", "").split(".")
            # classname is the module's dotted path, then the test class if there is one.
            while name and not (REPO / Path(*name).with_suffix(".py")).is_file():
                name.pop()
            if name:
                path = Path(*name).with_suffix(".py").as_posix()
                seconds[path] = seconds.get(path, 0.0) + float(case.get("time", "0"))
    return {path: round(s, 1) for path, s in sorted(seconds.items())}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=2, help="pytest processes side by side (default 2)")
    parser.add_argument("--record", action="store_true",
                        help=f"write each file's time to {DURATIONS.relative_to(REPO)} after a passing run")
    args, pytest_args = parser.parse_known_args(argv)
    seconds = json.loads(DURATIONS.read_text(encoding="utf-8")) if DURATIONS.is_file() else {}
    split = shares(every_test_file(), seconds, max(1, args.jobs))
    with tempfile.TemporaryDirectory() as scratch:
        reports = Path(scratch) if args.record else None
        statuses = run(split, pytest_args, reports)
        failed = [n for n, status in enumerate(statuses, 1) if status not in (0, NO_TESTS)]
        if reports is not None and not failed:
            DURATIONS.write_text(json.dumps(recorded(reports), indent=1) + "\n", encoding="utf-8")
    if failed:
        print(f"test-quick: pytest process {', '.join(map(str, failed))} failed; its lines are marked "
              f"[{failed[0]}] above.", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
