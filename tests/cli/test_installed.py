"""The tool as a newsroom installs it: the wheel built from this checkout, installed into a
fresh virtualenv in a folder that holds no checkout, then `site-builder init`, and every
`run:` step of the CI file init wrote, in order, as the CI system runs it (bash, the same
lines). pip installs offline from a wheelhouse: this project's wheel and its dependencies,
packed again from the environment the tests run in."""

from __future__ import annotations

import base64
import hashlib
import os
import re
import subprocess
import sys
import zipfile
from importlib import metadata
from pathlib import Path

import pytest
import yaml
from conftest import REPO
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from site_builder import __version__
from site_builder.scaffold import starter_text

pytestmark = pytest.mark.slow

# What CI systems put in the environment that the recipes read.
GITHUB_PAGES_URL = "https://someone.github.io/news"
GITLAB_PAGES_URL = "https://someone.gitlab.io/news"


def _dependencies(name: str, extras: frozenset[str] = frozenset()) -> dict[str, metadata.Distribution]:
    """The installed distributions `name` needs (with `extras`), itself left out."""
    found: dict[str, metadata.Distribution] = {}
    pending = [(name, extras)]
    while pending:
        wanted, wanted_extras = pending.pop()
        for line in metadata.requires(wanted) or []:
            requirement = Requirement(line)
            if requirement.marker and not any(requirement.marker.evaluate({"extra": extra})
                                              for extra in wanted_extras | {""}):
                continue
            key = canonicalize_name(requirement.name)
            if key not in found:
                found[key] = metadata.distribution(requirement.name)
                pending.append((requirement.name, frozenset(requirement.extras)))
            elif requirement.extras:
                pending.append((requirement.name, frozenset(requirement.extras)))
    return found


def _record_hash(data: bytes) -> str:
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def _repack(dist: metadata.Distribution, into: Path) -> None:
    """An installed distribution as a wheel again: the files its RECORD lists inside
    site-packages (pip writes the console scripts anew from entry_points.txt)."""
    info = next(Path(str(f)) for f in dist.files or [] if str(f).endswith(".dist-info/WHEEL"))
    tags = [tag.split("-") for tag in re.findall(r"^Tag: (\S+)$", dist.read_text("WHEEL") or "", re.M)]
    assert tags, f"{dist.metadata['Name']} has no wheel tag"
    tag = "-".join(".".join(dict.fromkeys(part[i] for part in tags)) for i in range(3))  # py2.py3-none-any
    name = re.sub(r"[-_.]+", "_", dist.metadata["Name"])
    wheel = into / f"{name}-{dist.version}-{tag}.whl"
    record_name = f"{info.parent}/RECORD"
    rows = []
    with zipfile.ZipFile(wheel, "w", zipfile.ZIP_STORED) as archive:
        for file in dist.files or []:
            rel = str(file)
            if rel.startswith("..") or "__pycache__" in rel or rel == record_name or rel.endswith(
                    ("/INSTALLER", "/REQUESTED", "/direct_url.json")):
                continue
            path = Path(str(dist.locate_file(file)))
            data = path.read_bytes()
            entry = zipfile.ZipInfo(rel)
            entry.external_attr = path.stat().st_mode << 16  # a regular file; the Pagefind binary stays executable
            archive.writestr(entry, data)
            rows.append(f"{rel},{_record_hash(data)},{len(data)}")
        archive.writestr(record_name, "\n".join([*rows, f"{record_name},,"]) + "\n")


@pytest.fixture(scope="module")
def wheelhouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    house = tmp_path_factory.mktemp("wheelhouse")
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--quiet",
                           "--wheel-dir", str(house), str(REPO)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    for dist in _dependencies("site-builder").values():
        _repack(dist, house)
    return house


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory, wheelhouse: Path) -> dict[str, str]:
    """The environment of a shell in which `pip` and `site-builder` are a fresh virtualenv's,
    with the tool installed from its wheel and pip kept offline, to the wheelhouse."""
    venv = tmp_path_factory.mktemp("venv")
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    env = {**os.environ, "PATH": f"{venv / 'bin'}{os.pathsep}{os.environ['PATH']}", "PIP_NO_INDEX": "1",
           "PIP_FIND_LINKS": str(wheelhouse), "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    env.pop("PYTHONPATH", None)
    done = subprocess.run(["pip", "install", "--quiet", f"site-builder=={__version__}"], env=env,
                          capture_output=True, text=True, cwd=venv)
    assert done.returncode == 0, done.stderr
    return env


def _run(command: str, folder: Path, env: dict[str, str]) -> str:
    done = subprocess.run(["bash", "-ec", command], cwd=folder, env=env, capture_output=True, text=True)
    assert done.returncode == 0, f"{command}\n{done.stdout}\n{done.stderr}"
    return done.stdout + done.stderr


def test_the_installed_tool_runs_from_the_virtualenv_not_the_checkout(installed: dict[str, str],
                                                                       tmp_path: Path) -> None:
    where = _run("python -c 'import site_builder, sys; print(site_builder.__file__, sys.prefix)'", tmp_path, installed)
    module, prefix = where.split()
    assert Path(module).is_relative_to(prefix) and not Path(module).is_relative_to(REPO)
    assert _run("site-builder --version", tmp_path, installed).strip() == f"site-builder {__version__}"


# The installed tool with all its dependencies, pip and setuptools left out (they come with
# every virtualenv): 29 MB when this was written, 65 MB with Babel, whose CLDR data for
# every language (36 MB) gives the dates and month names of any language a site is in.
MAX_INSTALLED_BYTES = 80_000_000
INSTALLERS = ("pip", "setuptools", "_distutils_hack", "pkg_resources", "distutils-precedence.pth")


def test_the_installed_tool_with_its_dependencies_is_small(installed: dict[str, str], tmp_path: Path) -> None:
    site = Path(_run("python -c 'import sysconfig; print(sysconfig.get_path(\"purelib\"))'", tmp_path,
                     installed).strip())
    kept = [p for p in site.iterdir() if not p.name.startswith(INSTALLERS)]
    size = sum(f.stat().st_size for p in kept for f in ([p] if p.is_file() else p.rglob("*")) if f.is_file())
    assert 0 < size <= MAX_INSTALLED_BYTES, f"{size:,} bytes installed"


@pytest.mark.parametrize("ci", ["github", "gitlab"])
def test_a_new_archive_runs_its_ci_recipe_step_by_step(installed: dict[str, str], tmp_path: Path, ci: str) -> None:
    archive = tmp_path / "newsroom"
    _run(f"site-builder init newsroom --ci {ci}", tmp_path, installed)
    assert sorted(p.name for p in archive.iterdir()) == sorted(
        [".gitignore", "content", "requirements.txt", "seeds", "site.toml", "static",
         ".github" if ci == "github" else ".gitlab-ci.yml"])
    if ci == "github":
        workflow = yaml.safe_load((archive / ".github/workflows/publish.yml").read_text(encoding="utf-8"))
        steps = workflow["jobs"]["build"]["steps"]
        commands = [step["run"].replace("${{ steps.pages.outputs.base_url }}", GITHUB_PAGES_URL)
                    for step in steps if "run" in step]
        env = installed
        site = archive / next(s for s in steps if "upload-pages-artifact" in s.get("uses", ""))["with"]["path"]
        address = GITHUB_PAGES_URL
    else:
        job = yaml.safe_load((archive / ".gitlab-ci.yml").read_text(encoding="utf-8"))["pages"]
        commands = job["script"]
        env = {**installed, "CI_PAGES_URL": GITLAB_PAGES_URL, "CI_PROJECT_DIR": str(archive)}
        site = archive / job["artifacts"]["paths"][0]
        address = GITLAB_PAGES_URL
    assert [c.split()[:2] for c in commands] == [["python", "-m"], ["site-builder", "ingest"],
                                                 ["site-builder", "build"], ["site-builder", "check"]]
    for command in commands:
        _run(command, archive, env)
    assert "--strict" in commands[2]
    assert f'<link rel="canonical" href="{address}/">' in (site / "index.html").read_text(encoding="utf-8")
    assert f"Sitemap: {address}/sitemap.xml" in (site / "robots.txt").read_text(encoding="utf-8")
    assert (site / "pagefind" / "pagefind-entry.json").is_file()
    assert (archive / "content/.ingest.json").is_file()  # what the recipe's cache keeps
    assert (archive / "requirements.txt").read_text(encoding="utf-8") == starter_text("requirements.txt")
