"""Nothing is written outside the output folder, nothing a person made is lost,
and a build killed at any moment leaves the previous site whole."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from site_builder.build import make
from site_builder.check.site import check_site
from site_builder.cli import main
from site_builder.core.workers import exclusive
from site_fixtures import digest_tree, wait_for, write_articles


@pytest.mark.parametrize("out", ["/", "~", ".", "content", "seeds", "content/site", "themes", "..", "templates"])
def test_building_over_something_precious_is_refused(project: Path, capsys, out: str) -> None:
    (project / "templates").mkdir()
    main(["ingest"])
    before = sorted(str(p) for p in project.rglob("*"))
    assert main(["build", "--out", os.path.expanduser(out)]) == 2
    assert "refusing to build into" in capsys.readouterr().err
    assert sorted(str(p) for p in project.rglob("*")) == before


def test_rebuild_removes_only_files_the_build_wrote(project: Path) -> None:
    main(["ingest"])
    main(["build", "--no-search"])
    (project / "public/.well-known").mkdir()
    (project / "public/.well-known/security.txt").write_text("Contact: x\n")
    for page in (project / "content").rglob("*.md"):
        page.unlink()
    write_articles(project, 1, "new")
    assert main(["build", "--no-search"]) == 0
    assert (project / "public/.well-known/security.txt").read_text() == "Contact: x\n"
    assert not (project / "public/world/5-members-of-iran-backed-militia-killed-in-iraq-airstrike").exists()


def test_renamed_seed_does_not_delete_the_curated_page(project: Path, capsys) -> None:
    main(["ingest"])
    old = next((project / "content/world").glob("*.md"))
    old.write_text(old.read_text() + "\nCurated note.\n")
    seed = project / "seeds/000_d516c940b5b60795.txt"
    seed.rename(project / "seeds/renamed.txt")
    assert main(["ingest"]) == 0
    assert old.read_text().endswith("Curated note.\n")
    assert f"the seed of content/world/{old.name} is gone; the page is kept" in capsys.readouterr().err


def _living_members(group: int) -> list[int]:
    """Processes of a process group that have not ended (zombies count as ended)."""
    members = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                state, _, pgrp = (entry / "stat").read_text().rpartition(")")[2].split()[:3]
            except (OSError, ValueError):
                continue
            if int(pgrp) == group and state != "Z":
                members.append(int(entry.name))
    return members




@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc (Linux)")
def test_a_build_killed_at_any_moment_leaves_a_complete_site(project: Path) -> None:
    write_articles(project, 300, "first")
    assert main(["build"]) == 0
    site = project / "public"
    old = digest_tree(site)
    write_articles(project, 300, "second")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    outcomes = set()
    for delay in (0.1, 0.35, 0.6, 0.8, 1.0, 1.4):
        # A group of its own, so that what the build forked and started can be waited for.
        process = subprocess.Popen([sys.executable, "-m", "site_builder", "build"], cwd=project, env=env,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        time.sleep(delay)  # picks the moment of the kill; every moment must leave a complete site
        process.send_signal(signal.SIGKILL)
        process.wait()
        with exclusive(project / ".public.lock", "the output folder public/"):
            pass  # free as soon as the build is gone, even while its workers are still ending
        # Its workers (killed with it) and search indexer may still be writing into the
        # dead build's staging folder for a moment; the next build removes that folder. The
        # indexer ends when it finds its parent gone, which on a busy machine may take a while
        # after the indexing it was given, hence the long bound.
        assert wait_for(lambda pid=process.pid: not _living_members(pid), seconds=120), _living_members(process.pid)
        now = digest_tree(site)
        assert check_site(site) == [], f"killed after {delay} s"
        if now == old:
            outcomes.add("old")
        else:
            assert "Story 0 second" in (site / "world/story-0/index.html").read_text()
            outcomes.add("new")
            old = now
    assert "old" in outcomes  # at least one kill landed mid-build
    assert main(["build"]) == 0
    assert check_site(site) == []
    assert not list(project.glob(".public.building-*"))


def test_a_failing_search_indexer_leaves_the_previous_site(project: Path, monkeypatch: pytest.MonkeyPatch,
                                                           capsys) -> None:
    main(["ingest"])
    assert main(["build"]) == 0
    before = digest_tree(project / "public")
    log = project.parent / "calls.txt"  # the indexer runs in a process of its own: it writes down its calls

    def broken(source: Path, output: Path, language: str) -> None:
        with log.open("a", encoding="utf-8") as handle:
            handle.write(f"{language}\n")
        raise ValueError("Expecting value: line 1 column 1 (char 0)")

    monkeypatch.setattr("site_builder.search.pagefind._pagefind", broken)
    assert main(["build", "--no-cache"]) == 2  # without the cache, so the index is built again
    assert log.read_text(encoding="utf-8").split() == ["en", "en"]  # one retry
    err = capsys.readouterr().err
    assert "Pagefind could not index the site (ValueError: Expecting value" in err
    assert "the previous site is unchanged" in err
    assert digest_tree(project / "public") == before
    assert not list(project.glob(".public.building-*"))


def test_a_second_build_into_the_same_folder_is_refused_while_one_runs(project: Path, capsys) -> None:
    from site_builder.core.workers import exclusive

    main(["ingest"])
    assert main(["build", "--no-search"]) == 0
    before = digest_tree(project / "public")
    with exclusive(project / ".public.lock", "public/"):  # as a running build holds it
        assert main(["build", "--no-search"]) == 2
        assert main(["ingest"]) == 0  # ingest has a lock of its own
    err = capsys.readouterr().err
    assert f"the output folder public/ is in use by site-builder (pid {os.getpid()}); wait for it" in err
    assert digest_tree(project / "public") == before
    assert main(["build", "--no-search"]) == 0  # the lock is released with its holder


def test_a_second_ingest_into_the_same_content_is_refused_while_one_runs(project: Path, capsys) -> None:
    from site_builder.core.workers import exclusive

    with exclusive(project / "content/.ingest.json.lock", "content/"):
        assert main(["ingest"]) == 2
    assert "the content folder content/ is in use by site-builder" in capsys.readouterr().err
    assert not list((project / "content").rglob("*.md"))
    assert main(["ingest"]) == 0


def test_a_site_left_only_as_a_swap_backup_is_restored_not_deleted(project: Path) -> None:
    main(["ingest"])
    assert main(["build", "--no-search"]) == 0
    before = digest_tree(project / "public")
    # Where the swap takes two renames, a kill between them leaves just the backup.
    (project / "public").rename(project / ".public.building-old-4242")
    (project / "templates").mkdir()
    (project / "templates/article.html").write_text("{% extends 'base.html' %}{% block main %}{{ x.y }}{% endblock %}")
    assert main(["build", "--no-search"]) == 2  # this build fails...
    assert digest_tree(project / "public") == before  # ...and the old site is back in place
    assert not list(project.glob(".public.building-*"))


def _enospc(*_args: object, **_kwargs: object) -> None:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def test_a_full_disk_during_build_is_a_sentence_and_the_previous_site_stays(
        project: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    main(["ingest"])
    assert main(["build", "--no-search"]) == 0
    before = digest_tree(project / "public")
    real = make._write_file

    def write_file(path: str, data: bytes) -> None:
        if path.endswith("index.html") and "iran-backed" in path:
            _enospc()
        real(path, data)

    monkeypatch.setattr(make, "_write_file", write_file)
    assert main(["build", "--no-search", "-j", "1", "--no-cache"]) == 2  # --no-cache: every file is written
    err = capsys.readouterr().err
    assert "error: could not write world/5-members-of-iran-backed-militia-killed-in-iraq-airstrike/index.html: " \
           "the disk is full; free some space and run again; the previous site is unchanged" in err
    assert "This is a bug" not in err

    def write_asset(path: str, data: bytes) -> None:  # a full disk while copying the theme's files
        if path.endswith("style.css"):
            _enospc()
        real(path, data)

    monkeypatch.setattr(make, "_write_file", write_asset)
    assert main(["build", "--no-search", "-j", "1", "--no-cache"]) == 2
    assert "the disk is full" in capsys.readouterr().err
    assert digest_tree(project / "public") == before
    assert not list(project.glob(".public.building-*"))


@pytest.mark.parametrize("full", [".md", ".json"])  # writing a page, or the manifest at the end
def test_a_full_disk_during_ingest_is_a_sentence_and_the_previous_page_stays(
        project: Path, monkeypatch: pytest.MonkeyPatch, capsys, full: str) -> None:
    assert main(["ingest"]) == 0
    page = project / "content/world/5-members-of-iran-backed-militia-killed-in-iraq-airstrike.md"
    old = page.read_text(encoding="utf-8")
    seed = project / "seeds/000_d516c940b5b60795.txt"
    seed.write_text(seed.read_text(encoding="utf-8") + "\nA late paragraph.\n", encoding="utf-8")
    real = Path.write_text

    def write_text(self: Path, text: str, *args: object, **kwargs: object) -> int:
        if self.name.endswith(f"{full}.tmp-{os.getpid()}"):
            real(self, "", encoding="utf-8")  # the temporary file is made, then the disk is full
            _enospc()
        return real(self, text, *args, **kwargs)

    monkeypatch.setattr(Path, "write_text", write_text)
    if full == ".md":
        assert main(["ingest"]) == 1
        assert "error: seeds/000_d516c940b5b60795.txt: could not write its page world/5-members-of-iran-backed-" \
               "militia-killed-in-iraq-airstrike.md: the disk is full; free some space and run again; the " \
               "previous page is kept" in capsys.readouterr().err
        assert page.read_text(encoding="utf-8") == old
    else:
        assert main(["ingest"]) == 2
        assert "error: could not write content/.ingest.json: the disk is full; free some space and run again; " \
               "what this run wrote is recorded in .ingest.journal" in capsys.readouterr().err
    assert not [p for p in (project / "content").rglob("*") if ".tmp-" in p.name]
    monkeypatch.setattr(Path, "write_text", real)
    assert main(["ingest"]) == 0
    assert page.read_text(encoding="utf-8").endswith("A late paragraph.\n")
    assert "kept your edits" not in capsys.readouterr().err


@pytest.mark.parametrize("where", ["content/world/pipe.md", "seeds/pipe.txt", "static/pipe.css"])
def test_a_named_pipe_is_skipped_with_a_message_not_waited_on(project: Path, where: str) -> None:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    (project / where).parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(project / where)

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "site_builder", *args], cwd=project, env=env,
                              capture_output=True, text=True, timeout=120)

    ingest, build = run("ingest"), run("build", "--no-search")
    name = where.split("/", 1)[1] if where.startswith("content/") else where
    said = {"seeds/pipe.txt": ingest, "static/pipe.css": build}.get(where, build).stderr
    assert f"{name}: it is a named pipe, not a file; it is skipped" in said
    assert (project / "public/index.html").exists()
