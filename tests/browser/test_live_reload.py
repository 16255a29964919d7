"""`site-builder serve` reloads open pages after a rebuild that succeeded, and only then.

serve runs as a user runs it; Chromium opens an article from it; the content page
is edited and the test waits (bounded, on what the page shows) for the new title.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from serving import ARTICLE, edit_title, serving
from site_builder.cli import main
from site_builder.serve.server import RELOAD_MARK, RELOAD_PATH
from site_fixtures import wait_for


def _heading(page: Any) -> str:
    """The page's h1. (Any call into the page also lets Playwright deliver the events
    it has seen, such as finished requests, to the listeners of the test.)"""
    try:
        return str(page.locator("h1").inner_text(timeout=1000))
    except Exception:  # noqa: BLE001 - mid-reload the page has no document to read yet
        return ""


def test_an_open_page_reloads_after_a_rebuild_and_not_after_a_failed_one(page: Any, project: Path) -> None:
    assert main(["ingest"]) == 0
    with serving(project) as served:
        requests: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        polls: list[str] = []
        page.on("requestfinished", lambda request: polls.append(request.url)
                if urlsplit(request.url).path == RELOAD_PATH else None)
        loads: list[str] = []
        page.on("framenavigated", lambda frame: loads.append(frame.url) if frame == page.main_frame else None)
        page.goto(served.base + ARTICLE)
        assert _heading(page) == "5 members of Iran-backed militia killed in Iraq airstrike"
        assert page.locator(f"script[{RELOAD_MARK}]").count() == 1

        edit_title(project, "5 members", "Five members")
        assert wait_for(lambda: _heading(page) == "Five members of Iran-backed militia killed in Iraq airstrike"), \
            served.output

        # A rebuild that fails (a template error) leaves the page as it is. Three polls
        # answered after the failure was reported: had one of the first two found a new
        # version, the third would come from the reloaded page.
        page.evaluate("window.stillTheSamePage = true")
        (project / "templates").mkdir()
        (project / "templates/article.html").write_text("{% extends 'base.html' %}{% block main %}{{ x.y }}"
                                                         "{% endblock %}", encoding="utf-8")
        mark = len(served.lines)
        edit_title(project, "Five members", "Six members")
        served.wait_for_line("still serving the last good site", after=mark)
        answered, loaded = len(polls), len(loads)
        assert wait_for(lambda: _heading(page) and len(polls) >= answered + 3), served.output
        assert len(loads) == loaded and page.evaluate("window.stillTheSamePage") is True
        assert _heading(page) == "Five members of Iran-backed militia killed in Iraq airstrike"

    host = urlsplit(served.base).netloc
    assert requests and all(urlsplit(url).netloc == host for url in requests), requests  # nothing but serve asked
    assert not [p for p in (project / "public").rglob("*") if p.is_file() and RELOAD_MARK.encode() in p.read_bytes()]
