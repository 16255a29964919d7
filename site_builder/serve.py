"""`site-builder serve`: build, serve the site on 127.0.0.1, rebuild when a source changes.

For editors curating content/: save a page, reload the browser. A build that fails
(bad front matter, a template error) leaves the last good site being served.
"""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path
from typing import Any, Callable, Iterable

from watchfiles import watch

from .config import Config


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the standard library's name
        pass


def watched_paths(config: Config, theme: Path) -> list[Path]:
    """Everything a build reads: content, the project's templates and static files,
    the theme, and site.toml."""
    candidates = [config.path(config.content), config.path(config.templates), config.path(config.static),
                  theme, config.root / "site.toml"]
    return [path for path in candidates if path.exists()]


def start_server(site: Path, port: int) -> http.server.ThreadingHTTPServer:
    """Serve `site` on 127.0.0.1 in a background thread; port 0 picks a free one."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def rebuild_on_change(paths: Iterable[Path], rebuild: Callable[[], None], stop: threading.Event,
                      output: Path) -> None:
    """Call `rebuild` after each batch of changes under `paths` until `stop` is set.
    Changes inside the output folder (when it sits in a watched folder) are ignored."""
    out = output.resolve()

    def relevant(_change: object, path: str) -> bool:
        resolved = Path(path).resolve()
        return not resolved.is_relative_to(out) and not resolved.name.startswith(".")

    for _changes in watch(*paths, watch_filter=relevant, stop_event=stop, debounce=300, rust_timeout=500,
                          yield_on_timeout=False):
        rebuild()
