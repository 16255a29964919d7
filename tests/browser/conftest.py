"""Chromium driven by Playwright, with axe-core from node_modules (`npm ci`).

Every test here is marked `browser` and is skipped, with the reason, when Chromium,
the Python package playwright or node_modules/axe-core is missing; .ci/run installs all three.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sample_site import serve

REPO = Path(__file__).resolve().parent.parent.parent
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    in_browser = {id(item) for item in items if here in Path(str(item.fspath)).parents}
    for item in items:
        if id(item) in in_browser:
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.slow)  # a browser per test: most of the suite's time
    # The browser and the sample site's server live for the session, as threads of the test
    # process; a build forks its workers only while one thread runs (workers.can_fork), so the
    # browser tests come last and every other test sees the process as a build would.
    items.sort(key=lambda item: id(item) in in_browser)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium, or set CHROMIUM)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="the Python package playwright is not installed")
    with sync_api.sync_playwright() as pw:
        launched = pw.chromium.launch(executable_path=str(CHROMIUM), args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync"])
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE.is_file():
        pytest.skip("node_modules/axe-core is missing (run `npm ci`)")
    return AXE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def site_url(sample_site: Path) -> Iterator[str]:
    """The sample site over http://127.0.0.1 on a free port."""
    with serve(sample_site) as url:
        yield url


@pytest.fixture(scope="session")
def wire_site_url(wire_site: Path) -> Iterator[str]:
    """The sample site in the wire theme, served."""
    with serve(wire_site) as url:
        yield url


@pytest.fixture(scope="session")
def french_site_url(french_site: Path) -> Iterator[str]:
    """The sample site in French, served."""
    with serve(french_site) as url:
        yield url


def _tab(browser: Any, **options: Any) -> Iterator[Any]:
    """A tab of a fresh browser context made with `options`; a JavaScript error on it fails the test."""
    context = browser.new_context(**options)
    context.set_default_timeout(10_000)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    yield tab
    context.close()
    assert not errors, f"JavaScript errors: {errors}"


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    yield from _tab(browser, viewport={"width": 1280, "height": 800})


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:
    """A phone's screen (390×844), touch and mobile layout."""
    yield from _tab(browser, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
