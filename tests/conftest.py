from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
SEED_FILE = SEEDS / "000_d516c940b5b60795.txt"
SHARED = REPO.parent / "shared"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh project folder holding a copy of the bundled seeds; the working
    directory, as the CLI reads site.toml from there."""
    shutil.copytree(SEEDS, tmp_path / "seeds")
    monkeypatch.chdir(tmp_path)
    return tmp_path
