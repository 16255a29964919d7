"""An article's old address (`aliases`) sends readers on, over http and from disk,
without JavaScript."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from sample_site import ARTICLE, PAGES


@pytest.mark.parametrize("javascript", [True, False])
def test_an_old_address_leads_to_the_article_over_http(browser: Any, site_url: str, javascript: bool) -> None:
    context = browser.new_context(java_script_enabled=javascript)
    try:
        tab = context.new_page()
        with tab.expect_navigation(url=site_url + ARTICLE):
            tab.goto(site_url + PAGES["redirect"])
        assert tab.locator("h1").inner_text() == "5 members of Iran-backed militia killed in Iraq airstrike"
    finally:
        context.close()


def test_an_old_address_leads_to_the_article_from_disk(page: Any, sample_site: Path) -> None:
    target = (sample_site / ARTICLE).as_uri()
    with page.expect_navigation(url=target):
        page.goto((sample_site / PAGES["redirect"]).as_uri())
    assert page.locator("h1").inner_text() == "5 members of Iran-backed militia killed in Iraq airstrike"
