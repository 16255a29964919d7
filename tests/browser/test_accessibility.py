"""axe-core finds no violation on any kind of page, in light and in dark mode, in the default
theme, the wire theme and in French."""

from __future__ import annotations

from typing import Any

import pytest

from sample_site import ARTICLE, PAGES

# WCAG 2.0-2.2 A and AA, and axe's best practices.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
  return result.violations.map(v => ({id: v.id, help: v.help,
    nodes: v.nodes.map(n => n.target.join(" ") + ": " + n.failureSummary)}));
}"""


# French words change no colour: light mode is enough there.
@pytest.mark.parametrize("site, scheme", [("site_url", "light"), ("site_url", "dark"), ("wire_site_url", "light"),
                                          ("wire_site_url", "dark"), ("french_site_url", "light")])
@pytest.mark.parametrize("name", sorted(PAGES))
def test_no_axe_violations(page: Any, request: pytest.FixtureRequest, axe_source: str, name: str, scheme: str,
                           site: str) -> None:
    site_url = request.getfixturevalue(site)
    page.emulate_media(color_scheme=scheme)
    if name == "search":  # with results showing, the page at its fullest
        page.goto(site_url + PAGES[name] + "?q=Soleimani")
        page.locator(".search-result-link").first.wait_for()
        page.locator(".search-filter-label").first.click()  # a filter group open, its checkboxes showing
        page.locator(".search-filter-checkbox").first.wait_for()
    elif name == "redirect":  # stays on the redirect page: the move it asks for is cancelled
        page.route(site_url + ARTICLE, lambda route: route.abort("aborted"))
        with page.expect_event("requestfailed"):
            page.goto(site_url + PAGES[name])
        assert page.url == site_url + PAGES[name]
    else:
        page.goto(site_url + PAGES[name])
    page.add_script_tag(content=axe_source)
    violations = page.evaluate(RUN_AXE, AXE_TAGS)
    assert violations == [], f"{PAGES[name]} ({scheme}): {violations}"


def test_axe_does_find_a_violation(page: Any, site_url: str, axe_source: str) -> None:
    """The check above can fail: an image without alt text is reported."""
    page.goto(site_url + PAGES["home"])
    page.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend', '<img src=\"x.png\">')")
    page.add_script_tag(content=axe_source)
    assert "image-alt" in [v["id"] for v in page.evaluate(RUN_AXE, AXE_TAGS)]
