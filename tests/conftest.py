"""Shared fixtures: the sample site (the bundled seed with a hand-edited front matter)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "scripts"))

from sample_site import build_sample_site  # noqa: E402


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The built sample site (with its Pagefind index), shared by every test that only reads it."""
    return build_sample_site(tmp_path_factory.mktemp("sample") / "project")
