"""The CI recipes: docs/deploy.md shows exactly the files `site-builder init --ci` writes, and
their build step fails on a content problem. tests/cli/test_installed.py runs every step of both,
with the tool installed from its wheel."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import REPO

from site_builder.scaffold import CI_FILES, starter_text
from site_fixtures import digest_tree

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
    assert [block for block in _yaml_blocks() if "--shard" not in block] == \
        [starter_text(starter) for starter, _target in CI_FILES.values()]


def test_a_strict_build_in_ci_fails_on_a_content_problem(project: Path, env: dict[str, str]) -> None:
    page = project / "content/world/broken.md"
    page.parent.mkdir(parents=True)
    page.write_text("---\ntitle: Broken\ndate: yesterday\n---\n\nBody.\n", encoding="utf-8")
    build = next(c for c in _gitlab_commands() if "--strict" in c)
    done = subprocess.run(["bash", "-ec", build], cwd=project, env={**env, "CI_PAGES_URL": "https://x.org"},
                          capture_output=True, text=True)
    assert done.returncode != 0 and "world/broken.md:3" in done.stderr
    assert not (project / "public").exists()


def _step(job: dict[str, Any], needle: str) -> str:
    command: str = next(step["run"] for step in job["steps"] if needle in step.get("run", ""))
    return command


def test_the_sharded_recipe_makes_the_site_one_build_makes(project: Path, env: dict[str, str]) -> None:
    """Each step of the matrix recipe run in turn, the artifacts moved as the actions would."""
    recipe = yaml.safe_load(next(block for block in _yaml_blocks() if "--shard" in block))
    jobs = recipe["jobs"]
    numbers = jobs["part"]["strategy"]["matrix"]["shard"]
    assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) > 1
    address = {"${{ needs.ingest.outputs.base_url }}": "https://x.org"}

    def run(command: str, **values: str) -> None:
        for name, value in {**address, **values}.items():
            command = command.replace(name, value)
        done = subprocess.run(["bash", "-ec", command], cwd=project, env=env, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr

    run(_step(jobs["ingest"], "site-builder ingest"))
    build = _step(jobs["part"], "--shard")
    assert f"/{len(numbers)} " in build
    for number in numbers:
        run(build, **{"${{ matrix.shard }}": str(number)})
        (project / "parts").mkdir(exist_ok=True)
        (project / "part").rename(project / "parts" / f"part-{number}")  # upload, then download, the artifact
    run(_step(jobs["assemble"], "site-builder assemble"))
    run(_step(jobs["assemble"], "site-builder check"))
    run("site-builder build --strict --no-cache --base-url https://x.org/ --out whole")
    assert digest_tree(project / "public") == digest_tree(project / "whole")
    assert (project / "public/sitemap.xml").is_file() and (project / "public/pagefind").is_dir()
