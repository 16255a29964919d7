"""The incremental build's invariant, as a property: after any sequence of content
edits, hand edits to the output, damage to the build cache and interrupted runs, the
next build gives the site a clean build of the same inputs gives in a fresh folder,
byte for byte (the user's own files in the output aside, which are kept as they are),
and no file outside the output folder and the cache was changed by any build.

By default the property walks a fixed, bounded set of examples (the same on every
run); SITE_BUILDER_PROPERTIES=thorough explores many more (see
site_fixtures.property_settings)."""

from __future__ import annotations

import builtins
import hashlib
import io
import os
import shutil
import signal
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from hypothesis import given, note
from hypothesis import strategies as st

from site_builder.build.run import build
from site_builder.core.config import load_config
from site_builder.publish.cache import DEFAULT_FOLDER
from site_builder.publish.output import MARKER
from site_fixtures import digest_tree, property_settings

THEME_TEMPLATES = Path(__file__).resolve().parents[2] / "themes/default/templates"

# A 1x1 PNG: the smallest picture the image reader accepts (it reads the size from the header).
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360000000000005000157d2b4a40000000049454e44ae426082")


SECTIONS = ("World", "Sport", "Business")
TAGS = ("Tag a", "Tag b", "Économie", "tag a")
PEOPLE = ("Ann Other", "Bo Li", "Zoë Ärger")
N_ARTICLES = 6  # articles 0..N_ARTICLES-1 may exist; the fixture starts with 0..3


def _article(project: Path, n: int, **fields: Any) -> None:
    """Write article `n` (its file under its section's folder) with default fields
    overridden by `fields`; a field set to None is left out."""
    values: dict[str, Any] = {
        "title": f"Story {n}", "slug": f"story-{n}", "section": SECTIONS[n % 3],
        "date": f"2021-0{n % 9 + 1}-1{n % 10}", "tags": [TAGS[n % 2]], "people": [PEOPLE[n % 3]],
        "organizations": ["Acme Corp"] if n % 2 else None, "places": ["Paris"] if n % 3 == 0 else None,
        "aliases": [f"old/story-{n}/"] if n == 1 else None, "draft": None,
        "image": "photo.png" if n == 0 else None, "image_alt": "A dot" if n == 0 else None,
        "body": f"Body of story {n}.\n\nA second paragraph.",
    }
    values.update(fields)
    body = values.pop("body")
    file_name = values.pop("file", None) or f"story-{n}.md"
    folder = project / "content" / str(values["section"] or "World").lower().replace(" ", "-")
    _remove_article(project, n)
    lines = ["---"]
    for key, value in values.items():
        if value is None:
            continue
        if isinstance(value, list):
            lines.append(f"{key}: [{', '.join(repr(v) for v in value)}]" if value else f"{key}: []")
        elif isinstance(value, bool):
            lines.append(f"{key}: {'true' if value else 'false'}")
        else:
            lines.append(f"{key}: {value!r}")
    lines += ["---", "", body, ""]
    folder.mkdir(parents=True, exist_ok=True)
    (folder / file_name).write_text("\n".join(lines), encoding="utf-8")
    if values.get("image"):
        (folder / "photo.png").write_bytes(PNG)


def _article_files(project: Path, n: int) -> list[Path]:
    return sorted(p for p in (project / "content").rglob("*.md")
                  if f"slug: 'story-{n}'" in p.read_text(encoding="utf-8"))


def _remove_article(project: Path, n: int) -> None:
    for page in _article_files(project, n):
        page.unlink()


def make_fixture(project: Path) -> None:
    """A small site: three sections, tags, people, organizations, places, an image,
    an alias, a static file, a template override and a site.toml."""
    for n in range(4):
        _article(project, n)
    (project / "static").mkdir(parents=True)
    (project / "static/extra.css").write_text("body { margin: 0; }\n", encoding="utf-8")
    (project / "templates").mkdir()
    (project / "templates/list.html").write_text(
        (THEME_TEMPLATES / "list.html").read_text(encoding="utf-8") + "<!-- project list -->\n", encoding="utf-8")
    _site_toml(project, 0)


SITE_TOMLS = (
    'title = "Briefings"\npage_size = 2\nbase_url = "https://news.example.org/archive/"\n',
    'title = "Briefings, renamed"\npage_size = 3\n',
    'title = "Briefings"\npage_size = 1\nentity_min_articles = 1\nbase_url = "https://example.com"\n',
)


def _site_toml(project: Path, variant: int) -> None:
    (project / "site.toml").write_text(SITE_TOMLS[variant % len(SITE_TOMLS)], encoding="utf-8")


# --- operations -------------------------------------------------------------------------

Op = tuple[Any, ...]

CONTENT_OPS = st.one_of(
    st.tuples(st.just("add"), st.integers(0, N_ARTICLES - 1)),
    st.tuples(st.just("body"), st.integers(0, N_ARTICLES - 1), st.sampled_from(["New *body*.", "Short."])),
    st.tuples(st.just("delete"), st.integers(0, N_ARTICLES - 1)),
    st.tuples(st.just("rename_file"), st.integers(0, N_ARTICLES - 1)),
    st.tuples(st.just("field"), st.integers(0, N_ARTICLES - 1), st.sampled_from([
        ("title", "A new headline"), ("tags", ["Tag b", "Tag c"]), ("tags", []), ("section", "Sport"),
        ("section", "Culture"), ("date", "2019-12-31"), ("date", None), ("draft", True), ("draft", False),
        ("aliases", ["old/path/", "older.html"]), ("aliases", None), ("people", ["Bo Li", "Cy Twombly"]),
        ("people", None), ("places", ["Berlin"]), ("organizations", []), ("slug", "renamed-story"),
        ("image", None), ("summary", "A summary."),
    ])),
    st.tuples(st.just("template"), st.sampled_from(["<!-- edited -->", "remove", "article"])),
    st.tuples(st.just("site_toml"), st.integers(0, len(SITE_TOMLS) - 1)),
    st.tuples(st.just("static"), st.sampled_from(["body { margin: 1px; }\n", "remove", "new"])),
    st.tuples(st.just("picture"), st.integers(1, 3)),
)
OUTPUT_OPS = st.one_of(
    st.tuples(st.just("hand_edit"), st.integers(0, 10_000)),
    st.tuples(st.just("stray"), st.sampled_from(["CNAME", "world/notes.txt", ".well-known/security.txt",
                                                 "new-folder/deep/file.txt", "world/story-0/notes.txt"])),
    st.tuples(st.just("remove_output"), st.integers(0, 10_000)),
)
CACHE_DAMAGE = ("truncate", "delete", "garbage", "empty", "folder")
CACHE_OPS = st.tuples(st.just("damage_cache"), st.integers(0, 10_000), st.sampled_from(CACHE_DAMAGE))
MAX_STOP_CALL = 400
RUN_OPS = st.one_of(
    st.tuples(st.just("build")),
    # The moment a run is stopped is the k-th file system call it makes (see _stopped_at):
    # any moment, but the same one every time the example runs.
    st.tuples(st.just("kill"), st.integers(0, MAX_STOP_CALL)),
    st.tuples(st.just("interrupt"), st.integers(0, MAX_STOP_CALL)),
)
OPS = st.one_of(CONTENT_OPS, CONTENT_OPS, OUTPUT_OPS, CACHE_OPS, RUN_OPS, RUN_OPS)


def _pick(files: list[Path], index: int) -> Path | None:
    return files[index % len(files)] if files else None


def _files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink()) if root.is_dir() else []


def apply(project: Path, op: Op, strays: dict[str, bytes]) -> None:
    """One edit of the inputs, the output or the cache (runs are done by the caller)."""
    kind = op[0]
    site = project / "public"
    if kind == "add":
        if not _article_files(project, op[1]):
            _article(project, op[1])
    elif kind == "body":
        _article(project, op[1], body=op[2])
    elif kind == "delete":
        _remove_article(project, op[1])
    elif kind == "rename_file":
        for page in _article_files(project, op[1]):
            page.rename(page.with_name(f"renamed-{page.name}"))
    elif kind == "field":
        key, value = op[2]
        _article(project, op[1], **{key: value})
    elif kind == "template":
        target = project / "templates" / ("article.html" if op[1] == "article" else "list.html")
        if op[1] == "remove":
            (project / "templates/list.html").unlink(missing_ok=True)
        else:
            target.parent.mkdir(exist_ok=True)
            base = (THEME_TEMPLATES / target.name).read_text(encoding="utf-8")
            target.write_text(base + f"{op[1]}\n", encoding="utf-8")
    elif kind == "picture":  # the image's bytes change (its width), not its name
        for photo in (project / "content").rglob("photo.png"):
            photo.write_bytes(PNG[:16] + op[1].to_bytes(4, "big") + PNG[20:])
    elif kind == "site_toml":
        _site_toml(project, op[1])
    elif kind == "static":
        if op[1] == "remove":
            (project / "static/extra.css").unlink(missing_ok=True)
        elif op[1] == "new":
            (project / "static/fonts").mkdir(parents=True, exist_ok=True)
            (project / "static/fonts/note.txt").write_text("a static file in a new folder\n", encoding="utf-8")
        else:
            (project / "static").mkdir(exist_ok=True)
            (project / "static/extra.css").write_text(op[1], encoding="utf-8")
    elif kind == "hand_edit":  # a file the build wrote, edited in place (the same inode)
        target = _pick([p for p in _files(site) if p.name != MARKER and p.relative_to(site).as_posix()
                        not in strays], op[1])
        if target is not None:
            with target.open("ab") as handle:
                handle.write(b"<!-- edited by hand -->\n")
    elif kind == "remove_output":
        # Any file the build wrote but its file list: an output folder without one is
        # refused on purpose (it may be someone else's folder), as test_build.py checks.
        target = _pick([p for p in _files(site) if p.name != MARKER and
                        p.relative_to(site).as_posix() not in strays], op[1])
        if target is not None:
            target.unlink()
    elif kind == "stray":
        if site.is_dir() and not (site / op[1]).exists():
            data = f"the user's own {op[1]}\n".encode()
            (site / op[1]).parent.mkdir(parents=True, exist_ok=True)
            (site / op[1]).write_bytes(data)
            strays[op[1]] = data
    elif kind == "damage_cache":
        damage_cache(project / DEFAULT_FOLDER, op[1], op[2])
    else:
        raise AssertionError(f"unknown operation {op}")


def damage_cache(cache: Path, index: int, how: str) -> None:
    target = _pick(_files(cache), index)
    if target is None:
        return
    if how == "truncate":
        data = target.read_bytes()
        target.write_bytes(data[: len(data) // 2])
    elif how == "folder":
        target.unlink()
        target.mkdir()
        (target / "inside").write_text("x", encoding="utf-8")
    elif how == "delete":
        target.unlink()
    elif how == "garbage":
        target.write_bytes(b"\x00\xff{garbage" * 3)
    else:
        target.write_bytes(b"")


# --- stopped runs -------------------------------------------------------------------------

class _Stop(Exception):
    pass


@contextmanager
def _stopped_at(call: int, stop: Callable[[], None]) -> Iterator[list[int]]:
    """Run the body with `stop()` called at the `call`-th file system call this
    process makes (opening, renaming, linking, removing, making folders): a moment
    chosen among all the moments a run touches the disk, the same on every run.
    Only the main thread's calls count (a signal is handled there, and their order is
    fixed); the processes the build forks are left alone (they end with it)."""
    pid = os.getpid()
    count = [0]
    patched: list[tuple[Any, str, Any]] = []

    def counting(original: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if os.getpid() == pid and threading.current_thread() is threading.main_thread():
                if count[0] == call:
                    stop()
                count[0] += 1
            return original(*args, **kwargs)
        return wrapper

    for owner, name in ((builtins, "open"), (io, "open"), (os, "rename"), (os, "replace"), (os, "link"),
                        (os, "unlink"), (os, "mkdir"), (os, "makedirs"), (os, "symlink"), (os, "rmdir"),
                        (shutil, "rmtree"), (shutil, "copy2"), (shutil, "copyfile")):
        original = getattr(owner, name)
        patched.append((owner, name, original))
        setattr(owner, name, counting(original))
    try:
        yield count
    finally:
        for owner, name, original in patched:
            setattr(owner, name, original)


def killed_build(project: Path, call: int) -> None:
    """A build run in a forked process, killed (SIGKILL) at its `call`-th file system call."""
    pid = os.fork()
    if pid == 0:
        code = 3
        try:
            with _stopped_at(call, lambda: os.kill(os.getpid(), signal.SIGKILL)):
                build(load_config(project), search=False, jobs=1)
            code = 0
        except BaseException:  # noqa: BLE001 - the child reports only through its exit code
            code = 4
        finally:
            os._exit(code)
    _pid, status = os.waitpid(pid, 0)
    # Killed, or finished first when the run makes fewer calls; a build that failed is a bug.
    assert (os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL) or \
        (os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0), f"the killed build's child ended with {status}"


def interrupted_build(project: Path, call: int) -> None:
    """A build in this process stopped by Ctrl+C (KeyboardInterrupt) at its `call`-th
    file system call; the exception must come out of `build` unchanged."""
    def ctrl_c() -> None:
        raise KeyboardInterrupt

    try:
        with _stopped_at(call, ctrl_c):
            build(load_config(project), search=False, jobs=1)
    except KeyboardInterrupt:
        pass


# --- the invariant ------------------------------------------------------------------------

def _owned_by_the_build(rel: str) -> bool:
    """The output folder, the folders the build keeps beside it (named after it: the
    older site, staging folders, its lock) and the cache."""
    top = rel.split("/", 1)[0]
    return top == "public" or top.startswith(".public.") or rel == ".cache" or \
        rel == DEFAULT_FOLDER or rel.startswith(DEFAULT_FOLDER + "/")


def snapshot_outside(project: Path, sibling: Path) -> dict[str, tuple[str, int, int]]:
    """Every file and folder of the project outside what the build owns, and of a
    folder beside it: (its bytes' digest or "folder", mode, mtime for files)."""
    found: dict[str, tuple[str, int, int]] = {}
    for root, label in ((project, "project"), (sibling, "sibling")):
        for path in sorted(root.rglob("*")):
            rel = path.relative_to(root).as_posix()
            if root is project and _owned_by_the_build(rel):
                continue
            stat = path.lstat()
            if path.is_dir() and not path.is_symlink():
                found[f"{label}/{rel}"] = ("folder", stat.st_mode, 0)
            else:
                found[f"{label}/{rel}"] = (hashlib.sha256(path.read_bytes()).hexdigest(), stat.st_mode,
                                           stat.st_mtime_ns)
    return found


def clean_build_of(project: Path, fresh: Path) -> dict[str, str]:
    """The inputs of `project` copied to the empty folder `fresh` and built there
    without any cache: the site an incremental build must equal."""
    for name in ("content", "templates", "static"):
        if (project / name).is_dir():
            shutil.copytree(project / name, fresh / name)
    shutil.copy2(project / "site.toml", fresh / "site.toml")
    result = build(load_config(fresh), search=False, use_cache=False, jobs=1)
    assert result.rendered == result.pages
    return digest_tree(fresh / "public")


def check_sequence(ops: list[Op]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        project, sibling = Path(tmp) / "project", Path(tmp) / "sibling"
        project.mkdir()
        sibling.mkdir()
        (sibling / "keep.txt").write_text("a neighbour's file\n", encoding="utf-8")
        make_fixture(project)
        build(load_config(project), search=False, jobs=1)
        strays: dict[str, bytes] = {}
        for op in ops:
            if op[0] in ("build", "kill", "interrupt"):
                before = snapshot_outside(project, sibling)
                if op[0] == "build":
                    build(load_config(project), search=False, jobs=1)
                elif op[0] == "kill":
                    killed_build(project, op[1])
                else:
                    interrupted_build(project, op[1])
                assert snapshot_outside(project, sibling) == before, f"a run changed files outside after {op}"
            else:
                apply(project, op, strays)
        before = snapshot_outside(project, sibling)
        incremental = build(load_config(project), search=False, jobs=1)
        assert snapshot_outside(project, sibling) == before, "the last build changed files outside"
        (Path(tmp) / "fresh").mkdir()
        clean = clean_build_of(project, Path(tmp) / "fresh")
        site = digest_tree(project / "public")
        kept = {rel: (project / "public" / rel).read_bytes() for rel in strays if (project / "public" / rel).exists()}
        assert kept == strays, "the user's own files in the output were not kept as they were"
        assert sorted(incremental.carried) == sorted(strays)
        # The file list names what the build wrote, so the user's files are left out of it
        # as they are of the comparison.
        mine = {rel: digest for rel, digest in site.items() if rel not in strays}
        assert mine == clean, "the incremental build differs from a clean build"
        assert not list(project.glob(".public.building-*")), "a staging folder was left behind"


@property_settings(ci_examples=20, thorough_examples=400)
@given(st.lists(OPS, min_size=1, max_size=10))
def test_after_any_edits_damage_and_stopped_runs_an_incremental_build_equals_a_clean_one(ops: list[Op]) -> None:
    note(f"operations: {ops}")
    check_sequence(ops)


def test_the_moments_a_run_is_stopped_at_cover_a_whole_build() -> None:
    """`kill` and `interrupt` pick the call to stop at from 0 to MAX_STOP_CALL: a clean
    build of the fixture makes fewer calls than that (some runs finish), and many more
    than a few (most stop somewhere inside)."""
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp)
        make_fixture(project)
        with _stopped_at(10**9, lambda: None) as calls:
            build(load_config(project), search=False, jobs=1)
        assert 50 < calls[0] < MAX_STOP_CALL
