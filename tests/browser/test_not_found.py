"""404.html as hosts use it: served, with status 404, for any missing address at any
depth, by a server that mounts the site at its root or under a sub-path."""

from __future__ import annotations

import contextlib
import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest


class _NotFoundHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site under `prefix`; a missing file gets the site's 404.html, as
    GitHub Pages, Netlify or nginx's `error_page 404 /404.html` do."""

    prefix = "/"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the standard library's name
        pass

    def translate_path(self, path: str) -> str:
        clean = urlsplit(path).path
        if not clean.startswith(self.prefix):
            return str(Path(self.directory) / "no such file")
        return super().translate_path("/" + clean[len(self.prefix):])

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@contextlib.contextmanager
def _host(site: Path, prefix: str) -> Iterator[str]:
    handler = functools.partial(type("H", (_NotFoundHandler,), {"prefix": prefix}), directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("prefix", ["/", "/news/archive/"])
@pytest.mark.parametrize("link, lands_on", [("Latest briefings", "index.html"), ("Search", "search/index.html"),
                                            ("Browse by date", "archive/index.html")])
def test_links_of_the_404_page_work_from_a_nested_missing_address(page: Any, sample_site: Path, prefix: str,
                                                                  link: str, lands_on: str) -> None:
    with _host(sample_site, prefix) as base:
        response = page.goto(base + "world/no/such/story/here/")
        assert response.status == 404
        assert page.locator("h1").inner_text() == "Page not found"
        # styled: the theme's stylesheet reached it (the accent rule on the masthead)
        page.wait_for_function("getComputedStyle(document.querySelector('.masthead')).borderTopWidth === '4px'")
        target = page.locator("main").get_by_role("link", name=link, exact=True)
        # The page's script moves its links under the sub-path once a HEAD request found it.
        page.wait_for_function("([el, p]) => el.getAttribute('href').startsWith(p)",
                               arg=[target.element_handle(), prefix])
        target.click()
        page.wait_for_load_state()
        assert page.url == base + lands_on
        if lands_on == "search/index.html":  # the search page loads its filters at once: let it finish
            page.locator(".search-filter-label").first.wait_for()
        assert page.locator("h1").count() == 1 and "Page not found" not in page.title()


def test_the_404_page_search_box_searches_the_site(page: Any, sample_site: Path) -> None:
    with _host(sample_site, "/news/") as base:
        page.goto(base + "a/b/c/missing.html")
        page.wait_for_function("document.querySelector('form.search-box').getAttribute('action')"
                               " === '/news/search/index.html'")
        page.fill("#site-search", "Soleimani")
        page.press("#site-search", "Enter")
        page.locator(".search-result-link").first.wait_for()
        assert page.url.startswith(base + "search/index.html?q=Soleimani")


@pytest.mark.parametrize("address", ["//attacker.example/x", "//attacker.example/a/b/", "///attacker.example/x",
                                     "/%2F%2Fattacker.example/x", "/%2f/attacker.example/x",
                                     "/\\attacker.example/x", "/news//attacker.example/x"])
def test_the_404_page_never_loads_or_links_anything_from_another_host(page: Any, sample_site: Path,
                                                                    address: str) -> None:
    """An address like //attacker.example/x must not make the page find its "root" on
    another host: the attacker's host answers everything (CORS allowed), and yet no
    request may leave the site's origin and every link must stay on it."""
    left: list[str] = []

    def answer(route: Any) -> None:
        url = route.request.url
        if urlsplit(url).hostname != "127.0.0.1":
            left.append(url)
            return route.fulfill(status=200, body="body { background: red }", content_type="text/css",
                                 headers={"Access-Control-Allow-Origin": "*"})
        return route.continue_()

    page.route("**/*", answer)
    with _host(sample_site, "/") as base:
        origin = base.rstrip("/")
        response = page.goto(origin + address)
        assert response.status == 404
        page.wait_for_load_state("networkidle")  # the script's probes have all been answered
        targets = page.eval_on_selector_all(  # the style sheets in the page (data:) are of no host
            "[href]:not([href^='data:']), [src], [action]",
            "els => els.map(e => new URL(e.getAttribute('href') || e.getAttribute('src')"
            " || e.getAttribute('action'), location.href).origin)")
        assert targets and set(targets) == {origin}
        assert left == []


@pytest.fixture(scope="module")
def published_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample site built for its public address, as a preview host also serves it."""
    from sample_site import build_sample_site
    settings = 'base_url = "https://news.example.org/archive/"\n'
    return build_sample_site(tmp_path_factory.mktemp("published") / "project", search=False, settings=settings)


@pytest.mark.parametrize("prefix", ["/", "/preview/pr-26/"])
def test_the_404_page_is_styled_where_a_preview_host_serves_a_site_built_for_another_address(
        page: Any, published_site: Path, prefix: str) -> None:
    """With base_url set, the page's links lead to the public site, which a preview does not
    reach (here nothing outside 127.0.0.1 answers); its style is its own, inline."""
    left: list[str] = []

    def answer(route: Any) -> None:
        if urlsplit(route.request.url).hostname != "127.0.0.1":
            left.append(route.request.url)
            return route.abort("blockedbyclient")
        return route.continue_()

    page.route("**/*", answer)
    with _host(published_site, prefix) as base:
        response = page.goto(base + "world/no/such/story/")
        assert response.status == 404
        assert page.locator("h1").inner_text() == "Page not found"
        assert page.locator(".masthead").evaluate("m => getComputedStyle(m).borderTopWidth") == "4px"
        assert page.locator(".site-name").evaluate("a => getComputedStyle(a).textDecorationLine") == "none"
        assert not [url for url in left if url.endswith(".css")]  # its style came from nowhere else
