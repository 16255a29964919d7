"""`site-builder serve`: build, serve the site on 127.0.0.1, rebuild when a source changes.

For editors curating content/: save a page, reload the browser. A build that fails
(bad front matter, a template error, a broken site.toml, anything at all) leaves the
last good site being served.
"""

from __future__ import annotations

import functools
import http.server
import os
import sys
import threading
import traceback
import urllib.parse
from collections.abc import Callable, Iterable
from http import HTTPStatus
from pathlib import Path
from typing import Any

from watchfiles import watch

from .config import Config

NOT_FOUND_PAGE = "404.html"  # a site's own "page not found" page, at its root
_PLAIN_NOT_FOUND = (b'<!doctype html>\n<html lang="en"><meta charset="utf-8"><title>Page not found</title>\n'
                    b"<h1>Page not found</h1>\n<p>There is no page at this address.</p></html>\n")


class _SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site as a static host would: files only (no folder listings), a
    missing page answered with the site's 404.html, a malformed path with 400."""

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the standard library's name
        pass

    def send_head(self) -> Any:
        path = urllib.parse.unquote(urllib.parse.urlsplit(self.path).path, errors="replace")
        if "\x00" in path:  # no file name holds a NUL byte; the file system would refuse it
            self.send_error(HTTPStatus.BAD_REQUEST, "The address holds a NUL byte")
            return None
        return super().send_head()

    def list_directory(self, path: str | os.PathLike[str]) -> None:
        self.send_error(HTTPStatus.NOT_FOUND)
        return None

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        if code != HTTPStatus.NOT_FOUND:
            super().send_error(code, message, explain)
            return
        try:
            body = (Path(self.directory) / NOT_FOUND_PAGE).read_bytes()
        except OSError:
            body = _PLAIN_NOT_FOUND
        self.send_response(code)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


class _SiteServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A browser closing a connection early is no reason for a traceback.
        if os.environ.get("SITE_BUILDER_DEBUG"):
            traceback.print_exc()
        else:
            kind, error = sys.exc_info()[:2]
            if kind is not None and not issubclass(kind, ConnectionError):
                print(f"note: a request failed ({kind.__name__}: {error})", file=sys.stderr)


def watched_paths(config: Config, theme: Path) -> list[Path]:
    """Everything a build reads: content, the project's templates and static files,
    the theme, and site.toml."""
    candidates = [config.path(config.content), config.path(config.templates), config.path(config.static),
                  theme, config.root / "site.toml"]
    return [path for path in candidates if path.exists()]


def start_server(site: Path, port: int) -> http.server.ThreadingHTTPServer:
    """Serve `site` on 127.0.0.1 in a background thread; port 0 picks a free one.
    OSError (a port in use) and OverflowError (no such port) come from binding."""
    handler = functools.partial(_SiteHandler, directory=str(site))
    server = _SiteServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def rebuild_on_change(paths: Iterable[Path], rebuild: Callable[[], None], stop: threading.Event,
                      output: Path, ready: Callable[[], None] = lambda: None) -> None:
    """Call `rebuild` after each batch of changes under `paths` until `stop` is set;
    `ready` once the watcher is live, so that no change after it can be missed.
    Changes inside the output folder (when it sits in a watched folder) are ignored."""
    out = output.resolve()

    def relevant(_change: object, path: str) -> bool:
        resolved = Path(path).resolve()
        return not resolved.is_relative_to(out) and not resolved.name.startswith(".")

    watching = False
    for changes in watch(*paths, watch_filter=relevant, stop_event=stop, debounce=300, rust_timeout=500,
                         yield_on_timeout=True):
        if not watching:  # the first yield, changes or a timeout, comes from a live watcher
            watching = True
            ready()
        if changes:
            rebuild()
