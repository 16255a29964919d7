"""The CI recipes in docs/deploy.md, run: their shell commands, taken from the documented
YAML, build and check a sample project. The hosting itself is not tested."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import REPO

DEPLOY = REPO / "docs" / "deploy.md"


def _yaml_blocks() -> list[dict]:
    return [yaml.safe_load(block) for block in re.findall(r"```yaml\n(.*?)```", DEPLOY.read_text(encoding="utf-8"),
                                                          re.S)]


def _github_commands() -> list[str]:
    workflow = next(b for b in _yaml_blocks() if "jobs" in b)
    return [step["run"] for step in workflow["jobs"]["build"]["steps"] if "run" in step]


def _gitlab_commands() -> list[str]:
    return next(b for b in _yaml_blocks() if "pages" in b)["pages"]["script"]


def _run(commands: list[str], project: Path, env: dict[str, str]) -> None:
    """Each command as CI runs it, in bash, in the project; `pip install .` is skipped:
    the package is already installed here, and CI has the network this test lacks."""
    ran = 0
    for command in commands:
        if command.startswith("pip install"):
            continue
        done = subprocess.run(["bash", "-ec", command], cwd=project, env=env, capture_output=True, text=True)
        assert done.returncode == 0, f"{command}\n{done.stdout}\n{done.stderr}"
        ran += 1
    assert ran >= 2  # the build and the check


@pytest.fixture
def env() -> dict[str, str]:
    return {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}


def test_the_github_workflow_builds_strictly_checks_and_uploads_public(project: Path, env: dict[str, str]) -> None:
    commands = _github_commands()
    assert any("--strict" in c for c in commands) and any(c.startswith("site-builder check") for c in commands)
    assert subprocess.run([Path(sys.executable).parent / "site-builder", "ingest"], cwd=project).returncode == 0
    github = [c.replace("${{ steps.pages.outputs.base_url }}", "https://someone.github.io/news") for c in commands]
    _run(github, project, env)
    workflow = next(b for b in _yaml_blocks() if "jobs" in b)
    upload = next(s for s in workflow["jobs"]["build"]["steps"] if "upload-pages-artifact" in s.get("uses", ""))
    site = project / upload["with"]["path"]
    assert (site / "404.html").is_file()
    assert "Sitemap: https://someone.github.io/news/sitemap.xml" in (site / "robots.txt").read_text()


def test_the_gitlab_job_builds_strictly_checks_and_keeps_public(project: Path, env: dict[str, str]) -> None:
    commands = _gitlab_commands()
    assert any("--strict" in c for c in commands) and any(c.startswith("site-builder check") for c in commands)
    assert subprocess.run([Path(sys.executable).parent / "site-builder", "ingest"], cwd=project).returncode == 0
    _run(commands, project, {**env, "CI_PAGES_URL": "https://someone.gitlab.io/news"})
    jobs = next(b for b in _yaml_blocks() if "pages" in b)
    site = project / jobs["pages"]["artifacts"]["paths"][0]
    assert '<link rel="canonical" href="https://someone.gitlab.io/news/">' in (site / "index.html").read_text()


def test_a_strict_build_in_ci_fails_on_a_content_problem(project: Path, env: dict[str, str]) -> None:
    page = project / "content/world/broken.md"
    page.parent.mkdir(parents=True)
    page.write_text("---\ntitle: Broken\ndate: yesterday\n---\n\nBody.\n", encoding="utf-8")
    build = next(c for c in _gitlab_commands() if "--strict" in c)
    done = subprocess.run(["bash", "-ec", build], cwd=project, env={**env, "CI_PAGES_URL": "https://x.org"},
                          capture_output=True, text=True)
    assert done.returncode != 0 and "world/broken.md:3" in done.stderr
    assert not (project / "public").exists()
