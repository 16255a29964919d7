"""axe finds no violation on the pages of ways through time (a day, a month with its
calendar, a name's month, a page of a numbered list), in both themes, on a phone and a
laptop screen, in light and dark mode."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_accessibility import AXE_TAGS, RUN_AXE

from sample_site import TIME_PAGES, serve, write_time_site
from site_builder.build.run import build
from site_builder.core.config import load_config

THEMES = {"default": "", "wire": '[theme]\nname = "wire"\n'}
SCREENS = {"phone": {"width": 390, "height": 844}, "laptop": {"width": 1280, "height": 800}}


@pytest.fixture(scope="module")
def time_sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """The time site in each theme, served: theme → URL."""
    with contextlib.ExitStack() as servers:
        urls: dict[str, str] = {}
        for theme, settings in THEMES.items():
            project: Path = tmp_path_factory.mktemp(f"time-{theme}")
            write_time_site(project, settings)
            urls[theme] = servers.enter_context(serve(build(load_config(project)).out))
        yield urls


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("screen", sorted(SCREENS))
@pytest.mark.parametrize("theme", sorted(THEMES))
@pytest.mark.parametrize("name", sorted(TIME_PAGES))
def test_no_axe_violations_on_time_pages(page: Any, time_sites: dict[str, str], axe_source: str, name: str,
                                         theme: str, screen: str, scheme: str) -> None:
    page.set_viewport_size(SCREENS[screen])
    page.emulate_media(color_scheme=scheme)
    page.goto(time_sites[theme] + TIME_PAGES[name])
    page.add_script_tag(content=axe_source)
    violations = page.evaluate(RUN_AXE, AXE_TAGS)
    assert violations == [], f"{TIME_PAGES[name]} ({theme}, {screen}, {scheme}): {violations}"
