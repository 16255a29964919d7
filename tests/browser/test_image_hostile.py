"""An article's picture in Chromium: hostile alt text, caption and credit stay text
(no dialog, no element from the data), the picture loads at its size, and axe
finds no violation on the page."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from test_accessibility import AXE_TAGS, RUN_AXE

from sample_site import serve
from site_builder.build.run import build
from site_builder.core.config import load_config
from site_fixtures import png

FRONT_MATTER = {
    "title": "A harbour at dawn",
    "slug": "a-harbour-at-dawn",
    "section": "World",
    "date": "2020-01-02",
    "summary": "Boats came in before the storm.",
    "image": "harbour.png",
    "image_alt": '<script>alert(1)</script> "><img src=x onerror=alert(2)> \' onerror=\'alert(3)\' x="',
    "caption": '<img src=x onerror=alert(4)> "Quoted" <script>alert(5)</script> & more',
    "credit": '"><svg onload=alert(6)>/Agency',
}
ARTICLE = "world/a-harbour-at-dawn/index.html"


@pytest.fixture(scope="module")
def picture_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("picture")
    page = project / "content/world/harbour.md"
    page.parent.mkdir(parents=True)
    page.write_text("---\n" + yaml.safe_dump(FRONT_MATTER, allow_unicode=True) + "---\n\nThe boats came in.\n",
                    encoding="utf-8")
    (project / "content/world/harbour.png").write_bytes(png(64, 48))
    result = build(load_config(project))
    assert result.problems == []
    return result.out


@pytest.fixture(scope="module")
def picture_url(picture_site: Path) -> Iterator[str]:
    with serve(picture_site) as url:
        yield url


@pytest.mark.parametrize("scheme", ["http", "file"])
def test_hostile_alt_text_and_caption_stay_text(page: Any, picture_site: Path, picture_url: str,
                                                scheme: str) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(picture_url + ARTICLE if scheme == "http" else (picture_site / ARTICLE).as_uri())
    picture = page.locator("main img")
    assert picture.count() == 1
    assert picture.get_attribute("alt") == FRONT_MATTER["image_alt"]
    picture.scroll_into_view_if_needed()  # lazy-loaded: it loads once near the view
    page.wait_for_function("document.querySelector('main img').complete")
    assert picture.evaluate("img => [img.naturalWidth, img.naturalHeight]") == [64, 48]
    figcaption = page.locator("main figcaption")
    assert figcaption.text_content() == f"{FRONT_MATTER['caption']} {FRONT_MATTER['credit']}"
    assert figcaption.inner_text().split("\n") == [FRONT_MATTER["caption"], FRONT_MATTER["credit"]]  # as shown
    assert page.locator("main script, main svg, body > img, figure img + img").count() == 0
    assert page.locator("figure > *").evaluate_all("nodes => nodes.map(n => n.tagName)") == ["IMG", "FIGCAPTION"]
    assert page.locator("figcaption *").evaluate_all("nodes => nodes.map(n => n.className)") == ["credit"]
    assert dialogs == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_axe_violations_on_an_article_with_a_picture(page: Any, picture_url: str, axe_source: str,
                                                        scheme: str) -> None:
    page.emulate_media(color_scheme=scheme)
    page.goto(picture_url + ARTICLE)
    assert page.locator("main figure img").count() == 1
    page.add_script_tag(content=axe_source)
    violations = page.evaluate(RUN_AXE, AXE_TAGS)
    assert violations == [], f"{ARTICLE} ({scheme}): {violations}"
