"""A `site-builder serve` process for the tests: started in a project, read line by line,
and stopped with Ctrl-C."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import sys
import threading
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from site_fixtures import wait_for

REPO = Path(__file__).resolve().parents[1]

ARTICLE = "world/5-members-of-iran-backed-militia-killed-in-iraq-airstrike/index.html"


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:  # loopback only
        return response.read().decode("utf-8")


class Served:
    """`site-builder serve --port 0` in a child process; its output is collected line by line."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.process = process
        self.lines: list[str] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        assert wait_for(lambda: any("Serving" in line for line in self.lines) or process.poll() is not None), \
            self.lines
        serving = next((line for line in self.lines if "Serving" in line), "")
        assert serving, self.output
        self.base = re.search(r"http://127\.0\.0\.1:\d+/", serving).group(0)  # type: ignore[union-attr]

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line)

    @property
    def output(self) -> str:
        return "".join(self.lines)

    def wait_for_line(self, text: str, after: int = 0) -> str:
        assert wait_for(lambda: any(text in line for line in self.lines[after:])), self.output
        return next(line for line in self.lines[after:] if text in line)

    def page(self, rel: str) -> str:
        return fetch(self.base + rel)


@contextlib.contextmanager
def serving(project: Path, driver: str | None = None, env: dict[str, str] | None = None,
            args: list[str] | None = None) -> Iterator[Served]:
    command = [sys.executable, "-c", driver] if driver else [sys.executable, "-m", "site_builder"]
    environment = {key: value for key, value in os.environ.items() if key != "SITE_BUILDER_DEBUG"}
    environment.update({"PYTHONPATH": str(REPO), **(env or {})})
    process = subprocess.Popen([*command, "serve", "--port", "0", "--no-search", "-j", "1", *(args or [])],
                               cwd=project, env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True)
    served = None
    try:
        served = Served(process)
        yield served
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=20)
        if served:
            served.reader.join(timeout=5)
    assert process.returncode == 0, served.output if served else ""


def edit_title(project: Path, old: str, new: str) -> None:
    page = next((project / "content/world").glob("5-members*.md"))
    page.write_text(page.read_text(encoding="utf-8").replace(f"title: {old}", f"title: {new}"), encoding="utf-8")
