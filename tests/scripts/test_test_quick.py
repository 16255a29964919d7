"""`make test-quick` (scripts/test_quick.py) runs every test file, in shares of nearly equal time;
and pytest's configuration leaves no folder of tests/ out of `make test`."""

from __future__ import annotations

import fnmatch
import tomllib
from pathlib import Path

from test_quick import REPO, every_test_file, shares


def test_the_shares_hold_every_file_once_and_balance_the_recorded_time() -> None:
    seconds = {"a.py": 10.0, "b.py": 6.0, "c.py": 5.0, "d.py": 1.0}
    split = shares(["a.py", "b.py", "c.py", "d.py", "new.py"], seconds, 2)
    assert sorted(name for share in split for name in share) == ["a.py", "b.py", "c.py", "d.py", "new.py"]
    assert sorted(sum(seconds.get(name, 1.0) for name in share) for share in split) == [11.0, 12.0]


def test_more_processes_than_files_leave_none_empty() -> None:
    assert shares(["a.py"], {}, 3) == [["a.py"]]


def test_no_folder_of_tests_is_left_out_of_collection() -> None:
    """pytest skips folders matching norecursedirs; its default list names "build", which once
    left tests/build out of every run."""
    options = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["pytest"]["ini_options"]
    skipped = options["norecursedirs"]
    folders = {Path(name).parent for name in every_test_file()}
    assert Path("tests/build") in folders
    assert [str(f) for f in folders for part in f.parts for pattern in skipped if fnmatch.fnmatch(part, pattern)] == []
