"""The CI recipes: docs/deploy.md shows exactly the files `site-builder init --ci` writes, and
their build step fails on a content problem. tests/cli/test_installed.py runs every step of both,
with the tool installed from its wheel."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import REPO

from site_builder.scaffold import CI_FILES, starter_text

DEPLOY = REPO / "docs" / "deploy.md"


def _yaml_blocks() -> list[str]:
    return re.findall(r"```yaml\n(.*?)```", DEPLOY.read_text(encoding="utf-8"), re.S)


def _gitlab_commands() -> list[str]:
    commands: list[str] = yaml.safe_load(starter_text("gitlab-ci.yml"))["pages"]["script"]
    return commands


@pytest.fixture
def env() -> dict[str, str]:
    return {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}


def test_the_docs_show_the_ci_files_init_writes() -> None:
    assert _yaml_blocks() == [starter_text(starter) for starter, _target in CI_FILES.values()]


def test_a_strict_build_in_ci_fails_on_a_content_problem(project: Path, env: dict[str, str]) -> None:
    page = project / "content/world/broken.md"
    page.parent.mkdir(parents=True)
    page.write_text("---\ntitle: Broken\ndate: yesterday\n---\n\nBody.\n", encoding="utf-8")
    build = next(c for c in _gitlab_commands() if "--strict" in c)
    done = subprocess.run(["bash", "-ec", build], cwd=project, env={**env, "CI_PAGES_URL": "https://x.org"},
                          capture_output=True, text=True)
    assert done.returncode != 0 and "world/broken.md:3" in done.stderr
    assert not (project / "public").exists()
