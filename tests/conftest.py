"""Shared fixtures: a fresh project with the bundled seeds, and the built sample site."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import settings

# In CI the property tests walk the same examples every run, so a red build always
# means a change in this project; locally they keep exploring new inputs. Neither times an
# example (speed is shown by the benchmarks): on a busy machine a deadline fails correct code.
settings.register_profile("ci", derandomize=True, print_blob=True, deadline=None)
settings.register_profile("local", deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "local")

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
SEED_FILE = SEEDS / "000_d516c940b5b60795.txt"
SHARED = REPO.parent / "shared"
sys.path.insert(0, str(REPO / "scripts"))

from sample_site import build_sample_site  # noqa: E402
from site_builder.cli import main  # noqa: E402


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh project folder holding a copy of the bundled seeds; the working
    directory, as the CLI reads site.toml from there."""
    shutil.copytree(SEEDS, tmp_path / "seeds")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The built sample site (with its Pagefind index), shared by every test that only reads it."""
    return build_sample_site(tmp_path_factory.mktemp("sample") / "project")


@pytest.fixture(scope="session")
def built_seeds(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., Path]:
    """A project of the bundled seeds, ingested and built with the given build options once a
    session. Tests copy it (`copy_of_built_seeds`) rather than change it."""
    built: dict[tuple[str, ...], Path] = {}

    def project(*options: str) -> Path:
        if options not in built:
            root = tmp_path_factory.mktemp("seeds-built") / "project"
            shutil.copytree(SEEDS, root / "seeds")
            cwd = os.getcwd()
            os.chdir(root)
            try:
                assert main(["ingest"]) == 0
                assert main(["build", *options]) == 0
            finally:
                os.chdir(cwd)
            built[options] = root
        return built[options]

    return project


@pytest.fixture
def copy_of_built_seeds(built_seeds: Callable[..., Path], tmp_path: Path,
                        monkeypatch: pytest.MonkeyPatch) -> Callable[..., Path]:
    """A test's own copy of a built seed project (the working directory, as for `project`):
    a copy is the same as ingesting and building anew, at a fraction of the time."""
    def copy(*options: str) -> Path:
        project = tmp_path / "project"
        shutil.copytree(built_seeds(*options), project, symlinks=True)
        monkeypatch.chdir(project)
        return project

    return copy


# The sample site again with other settings: the wire theme, and French.
WIRE_SETTINGS = '[theme]\nname = "wire"\n'
FRENCH_SETTINGS = 'language = "fr"\n'


@pytest.fixture(scope="session")
def wire_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample site in the wire theme (a theme extending the default)."""
    return build_sample_site(tmp_path_factory.mktemp("wire") / "project", settings=WIRE_SETTINGS)


@pytest.fixture(scope="session")
def french_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample site in French: the theme's words, dates and the search index."""
    return build_sample_site(tmp_path_factory.mktemp("french") / "project", settings=FRENCH_SETTINGS)
