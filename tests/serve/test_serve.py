"""`site-builder serve`: the site is served on 127.0.0.1 and rebuilt when content changes."""

from __future__ import annotations

import contextlib
import functools
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from serving import ARTICLE, edit_title, fetch, serving
from site_builder.cli import main
from site_builder.serve.server import RELOAD_MARK, RELOAD_PATH, start_server
from site_fixtures import wait_for


@pytest.mark.slow
def test_serve_rebuilds_after_an_edit_and_keeps_the_last_good_site(project: Path) -> None:
    assert main(["ingest"]) == 0
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
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


REPO = Path(__file__).resolve().parents[2]
# Runs `site-builder serve` with a build that raises an unexpected error while
# content/fail-next-build exists: a stand-in for any bug a rebuild could hit.
FAILING_BUILD_DRIVER = """
import pathlib, sys
import site_builder.cli as cli
real_build = cli.build
def build(config, **options):
    if (pathlib.Path.cwd() / "content/fail-next-build").exists():
        raise ZeroDivisionError("simulated failure deep inside the build")
    return real_build(config, **options)
cli.build = build
sys.exit(cli.main(sys.argv[1:]))
"""


@pytest.mark.slow
@pytest.mark.parametrize("debug", [False, True])
def test_serve_survives_an_unexpected_rebuild_failure(project: Path, debug: bool) -> None:
    assert main(["ingest"]) == 0
    with serving(project, FAILING_BUILD_DRIVER, {"SITE_BUILDER_DEBUG": "1"} if debug else None) as served:
        assert "5 members of Iran-backed militia" in served.page(ARTICLE)
        (project / "content/fail-next-build").write_text("", encoding="utf-8")
        line = served.wait_for_line("failed unexpectedly")
        assert "(ZeroDivisionError: simulated failure deep inside the build); still serving the last good site" \
            in line
        assert ("Traceback" in served.output) is debug  # printed before the sentence, when asked for
        assert "5 members of Iran-backed militia" in served.page(ARTICLE)

        (project / "content/fail-next-build").unlink()
        edit_title(project, "5 members", "Five members")
        assert wait_for(lambda: "Five members of Iran-backed militia" in served.page(ARTICLE)), served.output


@pytest.mark.slow
def test_serve_rereads_site_toml_and_refuses_an_unknown_key_as_build_does(project: Path, capsys) -> None:
    assert main(["ingest"]) == 0
    config = project / "site.toml"
    config.write_text('title = "First Title"\n', encoding="utf-8")
    with serving(project) as served:
        assert "First Title" in served.page("index.html")
        config.write_text('title = "Second Title"\n', encoding="utf-8")
        assert wait_for(lambda: "Second Title" in served.page("index.html")), served.output

        config.write_text('title = "Third Title"\ncolour = "red"\n', encoding="utf-8")
        assert main(["build", "--no-search"]) == 2
        refusal = capsys.readouterr().err.strip().removeprefix("error: ")
        assert "unknown key 'colour'" in refusal
        line = served.wait_for_line("unknown key 'colour'")
        assert f"error: {refusal} (still serving the last good site)" in line
        assert "Second Title" in served.page("index.html")

        mark = len(served.lines)
        config.write_text('title = "Third Title"\n[broken\n', encoding="utf-8")
        served.wait_for_line("is not valid TOML", after=mark)
        config.write_text('title = "Third Title"\n', encoding="utf-8")
        assert wait_for(lambda: "Third Title" in served.page("index.html")), served.output
    assert "Traceback" not in served.output and "This is a bug" not in served.output


@pytest.mark.slow
def test_serve_warns_about_bad_dates_and_keeps_serving(project: Path) -> None:
    from site_fixtures import BAD_DATES

    assert main(["ingest"]) == 0
    with serving(project) as served:
        for number, (value, _) in enumerate(BAD_DATES):
            (project / f"content/world/dated-{number}.md").write_text(
                f"---\ntitle: Dated {number}\nslug: dated-{number}\ndate: {value}\n---\n\nBody.\n",
                encoding="utf-8")
        for number, (value, reason) in enumerate(BAD_DATES):
            line = served.wait_for_line(f"warning: world/dated-{number}.md:4: the date {value!r}")
            assert reason in line
        for number in range(len(BAD_DATES)):
            assert wait_for(functools.partial(_exists, served.base + f"world/dated-{number}/index.html")), served.output
            assert "Undated" in served.page(f"world/dated-{number}/index.html")
    assert "This is a bug" not in served.output and "Traceback" not in served.output


def _exists(url: str) -> bool:
    try:
        fetch(url)
    except urllib.error.HTTPError:
        return False
    return True


def test_a_busy_port_is_a_sentence_and_exit_2(project: Path, capsys) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert main(["serve", "--port", str(port), "--no-search"]) == 2
    err = capsys.readouterr().err
    assert f"error: cannot serve on port {port}: it is in use by another program; choose another with --port" in err
    assert "This is a bug" not in err


@pytest.mark.parametrize("port", ["70000", "-1", "eighty"])
def test_an_invalid_port_is_a_sentence_and_exit_2(project: Path, capsys, port: str) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["serve", "--port", port])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert f"argument --port: {port!r} is not a port; give a whole number from 1 to 65535" in err


@contextlib.contextmanager
def server_for(site: Path) -> Iterator[int]:
    server = start_server(site, 0)
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()


def get(port: int, path: bytes) -> tuple[int, bytes]:
    """A raw HTTP/1.0 request, so that any bytes can be sent as the path; the
    server closes the connection after the answer."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as connection:
        connection.sendall(b"GET " + path + b" HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1."), answer[:200]
    return int(head.split(b" ")[1]), body


def small_site(root: Path, not_found_page: bool) -> Path:
    site = root / "site"
    (site / "world/empty-folder").mkdir(parents=True)
    (site / "index.html").write_text("<!doctype html><title>Home</title><h1>Home</h1>", encoding="utf-8")
    if not_found_page:
        (site / "404.html").write_text("<!doctype html><title>Lost</title><h1>The site's own 404</h1>",
                                       encoding="utf-8")
    return site


@pytest.mark.parametrize("path", [b"/a%00b.html", b"/%00", b"/world/%00/index.html", b"/\x00"])
def test_a_path_with_a_nul_byte_is_refused_without_a_traceback(tmp_path: Path, capfd, path: bytes) -> None:
    with server_for(small_site(tmp_path, not_found_page=True)) as port:
        status, _ = get(port, path)
        assert status in (400, 404)
        assert get(port, b"/index.html")[0] == 200  # still serving
    captured = capfd.readouterr()
    assert "Traceback" not in captured.err + captured.out


@pytest.mark.parametrize("path", [b"/no-such-page.html", b"/world/gone/index.html", b"/world/empty-folder/"])
def test_a_missing_page_is_the_sites_own_404_page(tmp_path: Path, path: bytes) -> None:
    site = small_site(tmp_path, not_found_page=True)
    with server_for(site) as port:
        status, body = get(port, path)
    assert status == 404
    assert body == (site / "404.html").read_bytes()


def test_a_missing_page_is_a_short_plain_404_when_the_site_has_none(tmp_path: Path) -> None:
    with server_for(small_site(tmp_path, not_found_page=False)) as port:
        status, body = get(port, b"/no-such-page.html")
        listing_status, listing = get(port, b"/world/empty-folder/")
    assert status == 404 and b"<h1>Page not found</h1>" in body and len(body) < 400
    assert listing_status == 404 and b"Directory listing" not in listing


def test_serve_answers_a_missing_page_of_a_built_site_with_its_404_page(project: Path) -> None:
    assert main(["ingest"]) == 0
    assert main(["build", "--no-search"]) == 0
    site = project / "public"
    assert (site / "404.html").is_file()
    with server_for(site) as port:
        status, body = get(port, b"/world/no-such-story/index.html")
    assert status == 404 and body == (site / "404.html").read_bytes()


@pytest.mark.slow
@pytest.mark.parametrize("flags", [[], ["--drafts"], ["--future"]])
def test_serve_passes_drafts_and_future_to_every_build(project: Path, flags: list[str]) -> None:
    held = {"draft": ("draft: true\ndate: 2020-01-02\n", "--drafts"), "embargoed": ("date: 2999-01-01\n", "--future")}
    world = project / "content/world"
    world.mkdir(parents=True)
    for name, (front, _) in held.items():
        (world / f"{name}.md").write_text(f"---\ntitle: The {name} story\nslug: {name}\n{front}---\n\nBody.\n",
                                          encoding="utf-8")
    with serving(project, args=flags) as served:
        shown = {name: _exists(served.base + f"world/{name}/index.html") for name in held}
        assert shown == {name: flag in flags for name, (_, flag) in held.items()}, served.output
        (world / "other.md").write_text("---\ntitle: Another story\nslug: other\n---\n\nBody.\n", encoding="utf-8")
        assert wait_for(functools.partial(_exists, served.base + "world/other/index.html")), served.output
        rebuilt = {name: _exists(served.base + f"world/{name}/index.html") for name in held}
        assert rebuilt == shown, served.output  # the rebuild after an edit too


@pytest.mark.slow
def test_the_site_version_changes_after_a_rebuild_that_succeeded_and_only_then(project: Path) -> None:
    assert main(["ingest"]) == 0
    with serving(project, FAILING_BUILD_DRIVER) as served:
        first = served.page(RELOAD_PATH.lstrip("/"))
        assert first
        mark = len(served.lines)
        (project / "content/fail-next-build").write_text("", encoding="utf-8")
        served.wait_for_line("still serving the last good site", after=mark)
        assert served.page(RELOAD_PATH.lstrip("/")) == first  # open pages stay as they are
        (project / "content/fail-next-build").unlink()
        edit_title(project, "5 members", "Five members")
        assert wait_for(lambda: "Five members" in served.page(ARTICLE)), served.output
        assert wait_for(lambda: served.page(RELOAD_PATH.lstrip("/")) != first), served.output


@pytest.mark.slow
def test_served_pages_carry_the_reload_script_and_the_built_site_does_not(project: Path) -> None:
    assert main(["ingest"]) == 0
    assert main(["build"]) == 0  # with its search index
    built = {p: p.read_bytes() for p in (project / "public").rglob("*") if p.is_file()}
    assert built and not [p for p, data in built.items() if RELOAD_MARK.encode() in data or b".site-builder/" in data]
    with serving(project) as served:
        for rel in (ARTICLE, "index.html", "world/"):
            page = served.page(rel)
            assert page.count(RELOAD_MARK) == 1 and page.index(RELOAD_MARK) < page.rindex("</body>"), rel
        with pytest.raises(urllib.error.HTTPError) as missing:
            served.page("world/no-such-story/index.html")
        assert missing.value.code == 404 and RELOAD_MARK in missing.value.read().decode("utf-8")
        stylesheet = next((project / "public/assets").glob("*.css"))
        with urllib.request.urlopen(served.base + f"assets/{stylesheet.name}", timeout=5) as response:
            assert response.read() == stylesheet.read_bytes()  # only HTML pages get the script
            assert response.headers["Cache-Control"] == "no-cache"  # a reload fetches what changed
    on_disk = [p for p in (project / "public").rglob("*") if p.is_file() and RELOAD_MARK.encode() in p.read_bytes()]
    assert on_disk == []  # serve's own build wrote none either


def get_with_host(port: int, path: bytes, host: bytes | None) -> int:
    """The status of a raw request naming `host` in its Host header (none when None)."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as connection:
        header = b"" if host is None else b"Host: " + host + b"\r\n"
        connection.sendall(b"GET " + path + b" HTTP/1.0\r\n" + header + b"\r\n")
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    assert answer.startswith(b"HTTP/1."), answer[:200]
    return int(answer.split(b" ")[1])


@pytest.mark.parametrize("live_reload", [False, True])
@pytest.mark.parametrize("host", [b"attacker.example:{port}", b"attacker.example", b"127.0.0.1.attacker.example:{port}",
                                  b"localhost.attacker.example:{port}", b"127.0.0.1:{port}@attacker.example",
                                  b"127.0.0.2:{port}", b"localhost:{other}", b""])
def test_serve_answers_no_other_host_than_the_loopback_it_listens_on(tmp_path: Path, host: bytes,
                                                                      live_reload: bool) -> None:
    """A page of another site that rebinds its name to 127.0.0.1 must not read drafts served here."""
    server = start_server(small_site(tmp_path, not_found_page=True), 0, live_reload=live_reload)
    port = server.server_address[1]
    try:
        named = host.replace(b"{port}", str(port).encode()).replace(b"{other}", str(port + 1).encode())
        assert get_with_host(port, b"/index.html", named) == 421
        assert get_with_host(port, RELOAD_PATH.encode(), named) in (404, 421)
        assert get_with_host(port, b"/index.html", f"127.0.0.1:{port}".encode()) == 200
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("host", [b"127.0.0.1:{port}", b"localhost:{port}", b"LocalHost:{port}", b"[::1]:{port}",
                                  None])
def test_serve_answers_localhost_by_every_name(tmp_path: Path, host: bytes | None) -> None:
    with server_for(small_site(tmp_path, not_found_page=True)) as port:
        named = None if host is None else host.replace(b"{port}", str(port).encode())
        assert get_with_host(port, b"/index.html", named) == 200


@pytest.mark.parametrize("live_reload", [False, True])
@pytest.mark.parametrize("path", [b"/" + b"a" * 300 + b".html", b"/" + b"b" * 5000 + b"/",
                                  b"/world/" + b"%C3%A9" * 200 + b"/index.html"])
def test_a_file_name_too_long_for_any_file_system_is_answered_404(tmp_path: Path, capfd, path: bytes,
                                                                  live_reload: bool) -> None:
    server = start_server(small_site(tmp_path, not_found_page=True), 0, live_reload=live_reload)
    port = server.server_address[1]
    try:
        assert get(port, path)[0] == 404
        assert get(port, b"/index.html")[0] == 200
    finally:
        server.shutdown()
        server.server_close()
    captured = capfd.readouterr()
    assert "failed" not in captured.err and "Traceback" not in captured.err


@pytest.mark.parametrize("live_reload", [False, True])
def test_serve_does_not_follow_a_symbolic_link_out_of_the_site(tmp_path: Path, live_reload: bool) -> None:
    site = small_site(tmp_path, not_found_page=True)
    outside = tmp_path / "private"
    outside.mkdir()
    (outside / "secret.html").write_text("<h1>secret</h1>", encoding="utf-8")
    (outside / "notes.txt").write_text("secret", encoding="utf-8")
    (site / "escape").symlink_to(outside, target_is_directory=True)
    (site / "leak.txt").symlink_to(outside / "notes.txt")
    (site / "inside.html").symlink_to(site / "index.html")
    server = start_server(site, 0, live_reload=live_reload)
    port = server.server_address[1]
    try:
        for path in (b"/escape/secret.html", b"/escape/notes.txt", b"/leak.txt", b"/escape/"):
            status, body = get(port, path)
            assert (status, b"secret" in body) == (404, False), path
        assert get(port, b"/inside.html")[0] == 200  # a link that stays inside the site is followed
    finally:
        server.shutdown()
        server.server_close()
