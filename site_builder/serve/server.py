"""`site-builder serve`: build, serve the site on 127.0.0.1, rebuild when a source changes.

For editors curating content/: save a page and the browser shows it. Every HTML
page served gets a small script (added on its way out, never written into the site,
so neither a normal build nor the search index ever holds it) that asks this server,
once a second, which version of the site it serves, and reloads the page when a
rebuild has succeeded since the page was sent. A build that fails (bad front matter,
a template error, a broken site.toml, anything at all) leaves the last good site
being served, and open pages as they are.
"""

from __future__ import annotations

import functools
import http.server
import io
import json
import os
import sys
import threading
import time
import traceback
import urllib.parse
from collections.abc import Callable, Iterable
from http import HTTPStatus
from pathlib import Path
from typing import Any

from watchfiles import watch

from site_builder.core.config import Config
from site_builder.site.edits import EDITS_NAME

NOT_FOUND_PAGE = "404.html"  # a site's own "page not found" page, at its root
_PLAIN_NOT_FOUND = (b'<!doctype html>\n<html lang="en"><meta charset="utf-8"><title>Page not found</title>\n'
                    b"<h1>Page not found</h1>\n<p>There is no page at this address.</p></html>\n")


# Where served pages ask which version of the site is served: a hidden folder name,
# which no page, alias or asset of a built site has.
RELOAD_PATH = "/.site-builder/version"
RELOAD_MARK = "data-site-builder-reload"  # the injected script's attribute, for tests and curious readers
_RELOAD_SCRIPT = """<script {mark}>
(() => {{
  // Added by site-builder serve, not part of the site: reload after a rebuild that succeeded.
  const shown = {version};
  const check = () => fetch("{path}", {{cache: "no-store"}})
    .then((answer) => answer.ok ? answer.text() : shown)
    .then((served) => {{ if (served === shown) setTimeout(check, 1000); else location.reload(); }},
          () => setTimeout(check, 1000));
  setTimeout(check, 1000);
}})();
</script>
"""


def with_reload_script(html: bytes, version: str) -> bytes:
    """`html` with the reload script before its last </body> (at its end when it has none)."""
    script = _RELOAD_SCRIPT.format(mark=RELOAD_MARK, version=json.dumps(version), path=RELOAD_PATH).encode()
    at = html.lower().rfind(b"</body>")
    return html + script if at < 0 else html[:at] + script + html[at:]


class _SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site as a static host would: files only (no folder listings), a
    missing page answered with the site's 404.html, a malformed path with 400. With
    live reload, HTML pages carry the reload script and nothing is cached unchecked."""

    server: _SiteServer

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the standard library's name
        pass

    def end_headers(self) -> None:
        if self.server.live_reload:  # a reload must show the rebuilt stylesheet too, not a cached one
            self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def send_head(self) -> Any:
        if not self._for_this_server():
            self.send_error(HTTPStatus.MISDIRECTED_REQUEST, "This server answers only requests for localhost")
            return None
        path = urllib.parse.unquote(urllib.parse.urlsplit(self.path).path, errors="replace")
        if "\x00" in path:  # no file name holds a NUL byte; the file system would refuse it
            self.send_error(HTTPStatus.BAD_REQUEST, "The address holds a NUL byte")
            return None
        if not self._inside_site(Path(self.translate_path(self.path))):
            self.send_error(HTTPStatus.NOT_FOUND)
            return None
        if self.server.live_reload:
            if path == RELOAD_PATH:
                return self._answer(HTTPStatus.OK, "text/plain; charset=utf-8", self.server.version.encode())
            page = self._html_file(path)
            if page is not None:
                try:
                    body = page.read_bytes()
                except OSError:
                    return super().send_head()
                return self._answer(HTTPStatus.OK, "text/html; charset=utf-8",
                                    with_reload_script(body, self.server.version))
        return super().send_head()

    def _for_this_server(self) -> bool:
        """True when the Host header names this server by a loopback name and its port (or
        there is none, as in a request typed by hand). A page of another site whose name
        is made to resolve to 127.0.0.1 (DNS rebinding) sends its own name: it is refused,
        so it cannot read the drafts and previews served here."""
        host = self.headers.get("Host")
        if host is None:
            return True
        port = self.server.server_address[1]
        names = {"localhost", "127.0.0.1", "[::1]", _host_name(str(self.server.server_address[0]))}
        # Without a port too: no page of another site can make a browser send these names.
        return host.strip().lower() in names | {f"{name}:{port}" for name in names}

    def _inside_site(self, file: Path) -> bool:
        """True when `file` (a link followed) lies inside the site and may name a file at
        all: a static host serves nothing through a symbolic link out of its folder, and
        a name longer than any file system allows is simply not there."""
        if any(len(os.fsencode(part)) > _LONGEST_NAME for part in file.parts):
            return False
        site = Path(self.directory).resolve()
        try:
            return file.resolve().is_relative_to(site)
        except (OSError, RuntimeError):  # a loop of links
            return False

    def _html_file(self, path: str) -> Path | None:
        """The HTML file `path` names (index.html for a folder named with its final /)."""
        file = Path(self.translate_path(self.path))  # the raw address: translate_path unquotes it
        if path.endswith("/"):
            file = file / "index.html"
        try:
            return file if file.suffix in (".html", ".htm") and file.is_file() else None
        except OSError:  # unreadable: the standard answer (404) follows
            return None

    def _answer(self, code: int, kind: str, body: bytes) -> io.BytesIO:
        self.send_response(code)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

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
        if self.server.live_reload:  # a page created while its address is open shows up
            body = with_reload_script(body, self.server.version)
        self.send_response(code)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


_LONGEST_NAME = 255  # bytes in one file name, on every common file system


def _host_name(address: str) -> str:
    """An address as a Host header names it: an IPv6 one in brackets."""
    return f"[{address}]" if ":" in address else address


class _SiteServer(http.server.ThreadingHTTPServer):
    daemon_threads = True
    live_reload = False
    version = ""  # changes after every rebuild that succeeded; served pages compare it

    def site_rebuilt(self) -> None:
        """A rebuild succeeded: open pages reload."""
        self.version = f"{time.time_ns():x}"

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
    the theme, site.toml, the editor's entities.toml and the plugins in the project's folder."""
    plugins = [config.root / f"{top}{end}" for top in sorted({name.partition(".")[0] for name in config.plugins})
               for end in (".py", "")]  # a module, or a package's folder
    candidates = [config.path(config.content), config.path(config.templates), config.path(config.static),
                  theme, config.root / "site.toml", config.root / EDITS_NAME, *plugins]
    return [path for path in candidates if path.exists()]


def start_server(site_dir: Path, port: int, live_reload: bool = False) -> _SiteServer:
    """Serve `site_dir` on 127.0.0.1 in a background thread; port 0 picks a free one.
    `live_reload` adds the reload script to every HTML page served (call
    `site_rebuilt()` after each successful rebuild). OSError (a port in use) and
    OverflowError (no such port) come from binding."""
    handler = functools.partial(_SiteHandler, directory=str(site_dir))
    server = _SiteServer(("127.0.0.1", port), handler)
    server.live_reload = live_reload
    server.site_rebuilt()
    # shutdown() waits for the loop's next look at its stop flag: every 0.05 s rather than the
    # default 0.5 s, so that Ctrl-C ends `serve` at once; the wake-ups cost nothing measurable.
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    return server


def rebuild_on_change(paths: Iterable[Path], rebuild: Callable[[], None], stop: threading.Event,
                      output: Path, ready: Callable[[], None] = lambda: None) -> None:
    """Call `rebuild` after each batch of changes under `paths` until `stop` is set;
    `ready` once the watcher is live, so that no change after it can be missed.
    Changes inside the output folder (when it sits in a watched folder) are ignored."""
    out = output.resolve()

    def relevant(_change: object, path: str) -> bool:
        resolved = Path(path).resolve()
        return not resolved.is_relative_to(out) and not resolved.name.startswith(".") \
            and "__pycache__" not in resolved.parts  # written by importing a plugin's package

    watching = False
    for changes in watch(*paths, watch_filter=relevant, stop_event=stop, debounce=300, rust_timeout=500,
                         yield_on_timeout=True):
        if not watching:  # the first yield, changes or a timeout, comes from a live watcher
            watching = True
            ready()
        if changes:
            rebuild()
