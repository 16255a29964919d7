"""Every script and benchmark a doc tells a user to run can be loaded: its imports resolve.

A script that fails on an import (a module moved, a name renamed) is found here, not by
the next person who runs it. Each is loaded as a module, not run (`run_name` is not
"__main__"), since some act on their arguments without parsing them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
COMMANDS = sorted(path.relative_to(REPO).as_posix() for folder in ("scripts", "benchmarks")
                  for path in (REPO / folder).glob("*.py"))
# As `python FILE` would: the script's own folder first on the path.
LOAD = ("import os, runpy, sys; sys.path.insert(0, os.path.dirname(os.path.abspath(sys.argv[1]))); "
        "runpy.run_path(sys.argv[1], run_name='loaded_by_test'); print('loaded')")


def test_commands_are_found() -> None:
    assert "scripts/measure_wire.py" in COMMANDS and "benchmarks/run.py" in COMMANDS


@pytest.mark.parametrize("script", COMMANDS)
def test_script_loads(script: str) -> None:
    done = subprocess.run([sys.executable, "-c", LOAD, script], cwd=REPO, capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().endswith("loaded")
