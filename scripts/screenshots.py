"""Screenshots of both shipped themes: `make screenshots`.

Builds the sample site (the bundled seed, see sample_site.py) in a temporary
folder, once in each theme, serves it on 127.0.0.1 and photographs the home,
article, entity, search and not-found pages at 390 px and 1280 px wide, light
and dark, into docs/screenshots/<page>-<width>-<scheme>.png (the default theme)
and docs/screenshots/wire-<page>-<width>-<scheme>.png (the wire theme).

Needs Chromium (set CHROMIUM to its path if it is not /usr/bin/chromium) and
the Python package playwright (in the test extras).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent))
from sample_site import PAGES, REPO, build_sample_site, serve

OUT = REPO / "docs" / "screenshots"
SHOTS = {"home": PAGES["home"], "article": PAGES["article"], "entity": PAGES["person"],
         "search": PAGES["search"] + "?q=Soleimani",
         "not-found": "world/no-such-story/"}  # a missing address, answered with 404.html
WIDTHS = {390: 844, 1280: 800}
MAX_HEIGHT = 2400  # long pages are cut here: the top is what the screenshot is for
THEMES = {"": "", "wire-": '[theme]\nname = "wire"\n'}  # file name prefix: more of site.toml


def main() -> int:
    chromium = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        for prefix, settings in THEMES.items():
            site = build_sample_site(Path(tmp) / f"project{prefix}", settings=settings)
            with serve(site) as base:
                _photograph(browser, base, prefix)
        browser.close()
    return 0


def _photograph(browser: Any, base: str, prefix: str) -> None:
    for width, height in WIDTHS.items():
        for scheme in ("light", "dark"):
            page = browser.new_page(viewport={"width": width, "height": height}, color_scheme=scheme)
            for name, rel in SHOTS.items():
                page.goto(base + rel)
                if name == "search":
                    page.locator(".search-result").first.wait_for()
                full = page.evaluate("document.documentElement.scrollHeight")
                target = OUT / f"{prefix}{name}-{width}-{scheme}.png"
                page.screenshot(path=str(target), full_page=True,
                                clip={"x": 0, "y": 0, "width": width, "height": min(full, MAX_HEIGHT)})
                print(target.relative_to(REPO))
            page.close()


if __name__ == "__main__":
    sys.exit(main())
