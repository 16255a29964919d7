"""Page groups (pages.group.PageGroup) into the staging folder: a group whose inputs are
those the live site's were made from is kept (its files linked from there); the
others are made by forked workers, each from its own copy of the site model, so
neither the pages' views nor their keys are made, or sent, by the build's process.
A page made is keyed: the live site's file is linked when its key is unchanged,
else the page is rendered and written."""

from __future__ import annotations

import contextlib
import itertools
import os
import shutil
import traceback
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from site_builder.core.errors import BuildError
from site_builder.core.files import printable, write_failure
from site_builder.core.plugins import NO_PLUGINS, Plugins
from site_builder.core.workers import fork_map
from site_builder.pages.group import PageGroup
from site_builder.pages.views import SiteData
from site_builder.render.keys import PageKeys, inputs_page_key
from site_builder.render.templates import render_template
from site_builder.search.pagefind import indexed_digest

GROUPS_PER_TASK = 50  # page groups (mostly of one page) per task handed to a worker


class Writer:
    """Writes files under one folder, refusing any path that would leave it. The
    folder may be the site before last, being brought up to date (see
    output.take_previous): `present` maps the files it holds to their keys. A file
    there is replaced by unlinking it first, never by writing into it, as its inode
    may be shared with the live site."""

    def __init__(self, base: Path, present: Mapping[str, str] | None = None, trash: Path | None = None) -> None:
        self.base = base
        self.present = present or {}
        self._root = os.fspath(base)
        # where the older site's replaced files go (see _thrown_away)
        self._trash = os.fspath(trash) if trash is not None else None
        self._made: set[str] = set()
        self._thrown = 0

    def _target(self, rel: str) -> str:
        """Where `rel` goes, with nothing there: a page is mostly alone in its folder, so
        the few system calls per file are most of writing it. The older site's file
        moved to the trash shows its folder is there; a folder made now is empty."""
        clean = os.path.normpath(rel)
        if os.path.isabs(clean) or clean == ".." or clean.startswith(("../", "..\\")) or clean == ".":
            raise BuildError(f"refusing to write {rel!r}: it would land outside the output folder")
        target = os.path.join(self._root, clean)
        if self._thrown_away(target):
            return target
        folder = os.path.dirname(clean)
        if folder and folder not in self._made:
            made_now = self._make_folder(folder)
            self._made.add(folder)
            if made_now:
                return target
        _clear(target)
        return target

    def _make_folder(self, folder: str) -> bool:
        """The folder there (an older site's file in the way removed); True when made now,
        so that it is empty."""
        path = os.path.join(self._root, folder)
        try:
            os.mkdir(path)
            return True
        except FileExistsError:
            if os.path.isdir(path):
                return False
        except FileNotFoundError:  # its parent is missing too
            with contextlib.suppress(FileExistsError, NotADirectoryError):  # made meanwhile, or a file in the way
                os.makedirs(path)
                return True
        except NotADirectoryError:
            pass
        self._clear_folders(folder)  # a file of the older site stands in the way
        os.makedirs(path, exist_ok=True)
        return False

    def _thrown_away(self, target: str) -> bool:
        """A file of the older site at `target` moved to the trash folder, which is
        deleted once the new site is published: a rename is quick where deleting a
        file's last link frees its blocks, which under the writes of a build took a few
        milliseconds a file. False when there is no trash folder or nothing to move."""
        if self._trash is None:
            return False
        self._thrown += 1
        try:
            os.rename(target, os.path.join(self._trash, f"{os.getpid()}-{self._thrown}"))
        except OSError:
            return False  # nothing there, or it cannot be moved: cleared as without a trash folder
        return True

    def _clear_folders(self, folder: str) -> None:
        parts = folder.split(os.sep)
        for end in range(1, len(parts) + 1):
            path = self.base.joinpath(*parts[:end])
            if os.path.lexists(path) and (path.is_symlink() or not path.is_dir()):
                path.unlink()

    def write(self, rel: str, data: str | bytes) -> None:
        target = self._target(rel)
        try:
            _write_file(target, data.encode("utf-8") if isinstance(data, str) else data)
        except OSError as exc:
            raise BuildError(write_failure(exc, printable(os.path.normpath(rel)))
                             + "; the previous site is unchanged") from None

    def reuse(self, rel: str, previous: Path, key: str) -> bool:
        """The file of the live site `previous` whose key is `key`, unchanged: the one
        already here when it has that key (the same inode), else a hard link (a copy
        keeping its mtime where links fail). Its inode and mtime stay, so rsync and
        CDN uploads see it unchanged. False when the live site lacks it."""
        if self.present.get(rel) == key:
            return True
        source = os.path.join(previous, rel)
        target = self._target(rel)
        try:
            os.link(source, target, follow_symlinks=False)
        except FileNotFoundError:
            return False
        except OSError:
            if not os.path.isfile(source) or os.path.islink(source):
                return False
            shutil.copy2(source, target)
        return True

    def remove_all_but(self, wanted: Collection[str]) -> None:
        """Remove the files of the older site the new one does not have, and the
        folders that leaves empty."""
        emptied: set[str] = set()
        for rel in self.present:
            if rel not in wanted:
                with contextlib.suppress(FileNotFoundError, IsADirectoryError, NotADirectoryError):
                    os.unlink(self.base / rel)
                    emptied.add(os.path.dirname(rel))
        for folder in sorted(emptied, key=lambda f: -f.count("/")):
            while folder:
                try:
                    os.rmdir(self.base / folder)
                except OSError:  # not empty (or gone already)
                    break
                folder = os.path.dirname(folder)


def _clear(path: str) -> None:
    """Nothing at `path` any more (a file, a link or a folder of the older site)."""
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
    except OSError:
        if not os.path.isdir(path) or os.path.islink(path):
            raise
        shutil.rmtree(path)


_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)  # not inherited (PEP 446)


def _write_file(path: str, data: bytes) -> None:
    """`data` as the file at `path` (made new): without a buffered file object, which
    costs more than the one write a page needs."""
    handle = os.open(path, _NEW_FILE, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(handle, view):]
    finally:
        os.close(handle)


class KeptGroups:
    """The page groups one build keeps: a group of pages is kept, not made, when its
    inputs are those the current site's were made from and each of its files can be
    linked from there. `edited`, when given, names the only groups that may have
    changed (see build._edited_articles): the others are kept without their inputs made."""

    def __init__(self, stored: Mapping[str, list[Any]], edited: set[str] | None, old_keys: Mapping[str, str],
                 keys: dict[str, str], writer: Writer, out: Path) -> None:
        self.stored, self.edited, self.old_keys, self.keys, self.writer, self.out = \
            stored, edited, old_keys, keys, writer, out
        self.groups: dict[str, list[Any]] = {}  # for the next build: name → [inputs, paths]
        self._inputs: dict[str, str] = {}

    def kept(self, group: PageGroup) -> list[str] | None:
        old = self.stored.get(group.name)
        if old is None or group.inputs is None:
            return None
        inputs, paths = old
        if self.edited is None or group.name in self.edited:
            inputs = self._inputs[group.name] = group.inputs()
        if inputs != old[0]:
            return None
        for rel in paths:
            key = self.old_keys.get(rel)
            if key is None or not self.writer.reuse(rel, self.out, key):
                return None  # gone from the current site: made again
            self.keys[rel] = key
        self.groups[group.name] = old
        return list(paths)

    def inputs_of(self, group: PageGroup) -> str | None:
        """The group's inputs digest, made once: for its pages' keys when it shows only
        them (PageGroup.shows_inputs), and for the next build."""
        if group.inputs is None:
            return None
        inputs = self._inputs.get(group.name)
        if inputs is None:
            inputs = self._inputs[group.name] = group.inputs()
        return inputs

    def made(self, group: PageGroup, paths: list[str]) -> None:
        inputs = self.inputs_of(group)
        self._inputs.pop(group.name, None)
        if inputs is not None:
            self.groups[group.name] = [inputs, paths]


@dataclass
class MakeJob:
    """All a worker needs to make page groups; it reaches the worker through fork."""

    env: jinja2.Environment
    site_data: SiteData
    page_key: PageKeys
    old_keys: Mapping[str, str]
    writer: Writer
    live: Path  # the live site, whose unchanged files are linked
    searched: Collection[str]  # the pages the search index reads: their search.indexed_digest is returned
    plugins: Plugins = NO_PLUGINS  # their page_context hooks run in the workers too, which fork inherits
    groups: Iterator[PageGroup] = field(default_factory=lambda: iter(()), init=False)  # the part being made
    position: int = field(default=-1, init=False)  # of `current` in it
    current: PageGroup | None = field(default=None, init=False)

    def walk(self, groups: Iterator[PageGroup]) -> None:
        """The part to make next (see at)."""
        self.groups, self.position, self.current = groups, -1, None

    def at(self, position: int, name: str) -> PageGroup:
        """The group at `position` of the part being made. A worker is handed positions
        in increasing order, so it walks its own copy of the groups forward to them."""
        while self.position < position:
            self.current = next(self.groups)
            self.position += 1
        if self.position != position or self.current is None or self.current.name != name:
            raise RuntimeError(f"a worker found another page group at {position} than {name!r}; this is a bug")
        return self.current


MadePage = tuple[str, str, bool, str | None]  # path, key, rendered (else linked from the live site), indexed digest


def make_group(job: MakeJob, group: PageGroup, inputs: str | None = None) -> list[MadePage]:
    """The pages of `group`, each keyed (by `inputs`, the group's inputs digest, when the
    group shows only them): linked from the live site when its key is the same there,
    else rendered and written."""
    made: list[MadePage] = []
    for page in group.make():
        key = inputs_page_key(job.page_key.environment, page.path, page.template, inputs) \
            if inputs is not None and group.shows_inputs else job.page_key(page)
        if job.old_keys.get(page.path) == key and job.writer.reuse(page.path, job.live, key):
            made.append((page.path, key, False, None))
            continue
        page = job.plugins.page_context(page)  # after the key: the plugins' code is in the environment digest
        try:
            html = render_template(job.env, page, job.site_data)
        except Exception as exc:  # noqa: BLE001 - a template can raise anything; name where
            raise BuildError(f"template {_template_location(exc, page.template)} failed while rendering "
                             f"{page.path}: {type(exc).__name__}: {exc}") from None
        job.writer.write(page.path, html)
        made.append((page.path, key, True, indexed_digest(html) if page.path in job.searched else None))
    return made


_ToMake = tuple[int, str, str | None]  # a group to make: its position, its name, its inputs digest


def _make_at(job: MakeJob, group: _ToMake) -> tuple[str, list[MadePage], str | None]:
    """make_group for a group named by its position, in a worker."""
    position, name, inputs = group
    try:
        return name, make_group(job, job.at(position, name), inputs), None
    except BuildError as exc:
        return name, [], str(exc)  # a message pickles back to the parent; the exception may not


def _template_location(exc: Exception, fallback: str) -> str:
    """file:line of the template frame that raised (Jinja rewrites tracebacks so
    template lines appear as frames of the template file)."""
    if isinstance(exc, jinja2.TemplateSyntaxError) and exc.lineno:
        return f"{exc.filename or exc.name or fallback}:{exc.lineno}"
    where = fallback
    for frame, line in traceback.walk_tb(exc.__traceback__):
        name = frame.f_code.co_filename
        if name.endswith((".html", ".xml")):
            where = f"{name}:{line}"
    return where


class GroupMaker:
    """The pages of one build, part after part: what each page's key is (`keys`), the
    pages rendered, the search.indexed_digest of those searched, and every path
    (`listed`, which the sitemap lists)."""

    def __init__(self, job: MakeJob, reuse: KeptGroups, jobs: int,
                 progress: Callable[[int, int | None], None] | None = None) -> None:
        self.job, self.reuse, self.jobs, self.progress = job, reuse, jobs, progress
        self.keys = reuse.keys
        self.rendered: list[str] = []
        self.indexed: dict[str, str] = {}
        self.listed: list[str] = []

    def make(self, part: Callable[[], Iterator[PageGroup]]) -> None:
        """Every group of `part` (called once here and once in each worker, giving the same
        groups): kept, or made by workers, which find it in their own copy by position."""
        pending: dict[str, PageGroup] = {}

        def to_make() -> Iterator[_ToMake]:
            for position, group in enumerate(part()):
                paths = self.reuse.kept(group)
                if paths is None:
                    pending[group.name] = group
                    yield position, group.name, self.reuse.inputs_of(group) if group.shows_inputs else None
                else:
                    self.listed += paths

        groups = to_make()
        first = list(itertools.islice(groups, 2 * GROUPS_PER_TASK))
        workers = self.jobs if len(first) > GROUPS_PER_TASK else 1  # a pool for one task costs more than it saves
        self.job.walk(part())
        results = fork_map(_make_at, self.job, itertools.chain(first, groups), workers, chunksize=GROUPS_PER_TASK,
                           ordered=False)
        with contextlib.closing(results):  # stops the pool at once if a group fails
            for name, pages, error in results:
                if error:
                    raise BuildError(error)
                self._record(pending.pop(name), pages)

    def make_here(self, group: PageGroup) -> None:
        """A group made in this process: one that needs all the others made first (the sitemap)."""
        self._record(group, make_group(self.job, group, self.reuse.inputs_of(group)))

    def _record(self, group: PageGroup, pages: list[MadePage]) -> None:
        for path, key, rendered, digest in pages:
            self.keys[path] = key
            if rendered:
                self.rendered.append(path)
            if digest is not None:
                self.indexed[path] = digest
        paths = [page[0] for page in pages]
        self.reuse.made(group, paths)
        self.listed += paths
        if self.progress:
            self.progress(len(self.rendered), None)
