"""`site-builder serve`: the site is served on 127.0.0.1 and rebuilt when content changes."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

from site_builder.cli import main

ARTICLE = "world/5-members-of-iran-backed-militia-killed-in-iraq-airstrike/index.html"


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - loopback only
        return response.read().decode("utf-8")


def wait_for(condition, seconds: float = 30.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def test_serve_rebuilds_after_an_edit_and_keeps_the_last_good_site(project: Path) -> None:
    assert main(["ingest"]) == 0
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    process = subprocess.Popen([sys.executable, "-m", "site_builder", "serve", "--port", "0", "--no-search"],
                               cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines: list[str] = []

    def read_output() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.append(line)

    reader = threading.Thread(target=read_output, daemon=True)
    reader.start()
    try:
        assert wait_for(lambda: any("Serving" in line for line in lines)), lines
        serving = next(line for line in lines if "Serving" in line)
        base = re.search(r"http://127\.0\.0\.1:\d+/", serving).group(0)  # type: ignore[union-attr]
        assert "5 members of Iran-backed militia" in fetch(base + ARTICLE)

        page = next((project / "content/world").glob("*.md"))
        page.write_text(page.read_text(encoding="utf-8").replace("title: 5 members", "title: Five members"),
                        encoding="utf-8")
        assert wait_for(lambda: "Five members of Iran-backed militia" in fetch(base + ARTICLE))

        (project / "templates").mkdir()  # a template error fails the next rebuild
        (project / "templates/article.html").write_text("{% extends 'base.html' %}{% block main %}{{ x.y }}"
                                                         "{% endblock %}", encoding="utf-8")
        page.write_text(page.read_text(encoding="utf-8").replace("title: Five", "title: Six"), encoding="utf-8")
        assert wait_for(lambda: any("still serving the last good site" in line for line in lines)), lines
        assert "Five members of Iran-backed militia" in fetch(base + ARTICLE)
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=20)
        reader.join(timeout=5)
    assert process.returncode == 0, lines
