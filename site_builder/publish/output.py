"""Where the site may be written, and how it replaces the old one without ever
leaving a half-written site in its place."""

from __future__ import annotations

import ctypes
import ctypes.util
import hashlib
import os
import shutil
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from pathlib import Path
from stat import S_ISDIR

from site_builder.core.errors import SiteBuilderError
from site_builder.core.files import bad_link, folder_name, kind_of, printable
from site_builder.core.layout import MARKER as MARKER  # where the rest of the build and the tests look for it
from site_builder.core.layout import PAGEFIND

PAGEFIND_DIR = f"{PAGEFIND}/"  # Pagefind's own bundle: not pages of the site


class OutputError(SiteBuilderError, ValueError):
    pass


def check_output_dir(out: Path, protected: dict[str, Path]) -> Path:
    """The resolved output folder, or OutputError when writing there could destroy
    something: the file system root, the home folder, the project, its sources.
    Every source folder in `protected` (all but "the project") must not hold the
    output either: a site built into static/ would be copied into the next site."""
    target = out.resolve()
    dangerous = {"the file system root": Path("/"), "your home folder": Path.home().resolve(),
                 **{name: path.resolve() for name, path in protected.items()}}
    for name, path in dangerous.items():
        if target == path or path.is_relative_to(target):
            raise OutputError(f"refusing to build into {out}: that would replace {name} ({path}); "
                              "choose an output folder of its own, like public/")
        if name != "the project" and name in protected and target.is_relative_to(path):
            raise OutputError(f"refusing to build into {out}: it is inside {name}; choose a folder outside it")
    if target.exists() and not target.is_dir():
        raise OutputError(f"cannot build into {out}: it is a file, not a folder")
    if target.is_dir() and any(target.iterdir()) and not (target / MARKER).exists():
        raise OutputError(f"refusing to build into {out}: it holds files that site-builder did not write; "
                          "empty it or choose another output folder")
    return target


def html_pages(files: Iterable[str]) -> list[str]:
    """The pages of a site as `build` and `check` both count them: its .html files
    (Pagefind's own bundle aside), by path relative to the site."""
    return sorted(f for f in files if f.endswith(".html") and not f.startswith(PAGEFIND_DIR))


def owned_files(out: Path) -> set[str]:
    try:
        return set((out / MARKER).read_text(encoding="utf-8").splitlines())
    except OSError:
        return set()


def foreign_files(out: Path) -> list[str]:
    """What in the output folder the build did not write (files, links, anything), sorted,
    by walking all of it (see changes_since for the quick way)."""
    if not out.is_dir():
        return []
    owned = owned_files(out) | {MARKER}
    return sorted(rel for rel in _walk_files(out) if rel not in owned)


def changes_since(out: Path, owned: Callable[[], Iterable[str]], carried: Collection[str],
                  folders: Mapping[str, int]) -> tuple[list[str], set[str]] | None:
    """What in the output folder the build did not write, and which files it wrote
    are gone, found by looking only into the folders whose mtime is not the one in
    `folders` (adding, removing or renaming a file changes its folder's mtime; files
    in unchanged folders are as `owned()` and `carried` say). None when no folder
    changed: the output is as the build left it (and `owned` is not called)."""
    base = os.fspath(out)
    changed = []
    for folder, mtime in folders.items():
        try:
            stat = os.lstat(f"{base}/{folder}" if folder else base)
        except OSError:
            changed.append(folder)
            continue
        if stat.st_mtime_ns != mtime or not S_ISDIR(stat.st_mode):
            changed.append(folder)
    if not changed:
        return None
    looked = set(changed)
    found = {rel for rel in carried if os.path.dirname(rel) not in looked}
    owned_files = {*owned(), MARKER}
    missing = {rel for rel in owned_files if os.path.dirname(rel) in looked}
    for folder in changed:
        try:
            entries = list(os.scandir(os.path.join(out, folder)))
        except OSError:  # gone, or no longer a folder
            continue
        for entry in entries:
            rel = f"{folder}/{entry.name}" if folder else entry.name
            if not entry.is_dir(follow_symlinks=False):
                missing.discard(rel)
                if rel not in owned_files:
                    found.add(rel)
            elif rel not in folders:  # a folder made since: everything in it is new
                inside = (f"{rel}/{inner}" for inner in _walk_files(Path(entry.path)))
                found.update(path for path in inside if path not in owned_files)
    return sorted(found), missing


def _walk_files(folder: Path) -> Iterator[str]:
    """Every file (and link, to a folder too) under `folder`, relative to it."""
    for root, dirs, files in os.walk(folder):
        links = [d for d in dirs if os.path.islink(os.path.join(root, d))]
        dirs[:] = [d for d in dirs if d not in links]
        for name in files + links:
            yield os.path.relpath(os.path.join(root, name), folder).replace(os.sep, "/")


def folder_times(site: Path, files: Iterable[str]) -> dict[str, int]:
    """The mtime of every folder holding `files`, the site folder itself ("") included."""
    folders = {""}
    for folder in {rel.rpartition("/")[0] for rel in files}:  # paths relative to the site, with "/"
        while folder not in folders:
            folders.add(folder)
            folder = folder.rpartition("/")[0]
    base = os.fspath(site)
    return {folder: os.lstat(f"{base}/{folder}" if folder else base).st_mtime_ns for folder in sorted(folders)}


def file_stamps(site: Path, files: Iterable[str]) -> dict[str, list[int]]:
    """The stamp of each of `files` in `site`: its size and mtime (ns) as they are now.
    The build records them once the site is published; a file whose stamp differs
    later was changed in place (through a hard link the older site shares, too), and
    is made again rather than reused. Not the inode: a CI cache step restores the
    site as copies with new inodes and the same times (see marker_token)."""
    base = os.fspath(site)
    stamps = {}
    for rel in files:
        try:
            stat = os.lstat(f"{base}/{rel}")
        except OSError:
            continue
        stamps[rel] = [stat.st_size, stat.st_mtime_ns]
    return stamps


def altered_files(site: Path, stamps: Mapping[str, list[int]]) -> list[str]:
    """The files of `stamps` whose stamp in `site` is another (or that are gone)."""
    base = os.fspath(site)
    altered = []
    for rel, recorded in stamps.items():
        try:
            stat = os.lstat(f"{base}/{rel}")
        except OSError:
            altered.append(rel)
            continue
        if [stat.st_size, stat.st_mtime_ns] != recorded:
            altered.append(rel)
    return altered


def carry_over_foreign_files(old: Path, new: Path, foreign: Iterable[str]) -> list[str]:
    """Files a person put into the output folder (a CNAME, a .well-known/...) survive
    a rebuild: the build only replaces what it wrote itself; `foreign` lists the
    others (see foreign_files). A symbolic link among them is carried over as the
    link it is when it stays inside the folder; one that leads out of it or to
    nothing, or a named pipe or the like, stops the build before anything changes
    (carrying it would publish what it points at, dropping it would lose it).
    One that stands where the new site has a file or a folder of its own stops the
    build too: replacing it would lose it, and the site must be what its sources make."""
    folder = folder_name(old)
    clashes = [clash for rel in sorted(foreign) if os.path.lexists(old / rel) and (clash := _clash(new, rel, folder))]
    if clashes:
        raise OutputError(" ".join(clashes) + " Move it out of the output folder (a file the site should "
                          "always have belongs in static/, which is copied into assets/) and build again; "
                          "nothing was changed")
    carried = []
    for rel in sorted(foreign):
        src = old / rel
        dest = new / rel
        if not os.path.lexists(src):
            continue
        if src.is_symlink():
            link = bad_link(src, old)
            if link is not None:
                raise OutputError(f"{folder}{printable(rel)}, which site-builder did not write, is refused: "
                                  f"{link.reason(folder, rel)}; nothing was changed")
            dest.parent.mkdir(parents=True, exist_ok=True)
            os.symlink(os.readlink(src), dest)
        elif not src.is_file():
            raise OutputError(f"{folder}{printable(rel)}, which site-builder did not write, is "
                              f"{kind_of(src.lstat().st_mode)}, not a file; remove it and build again; "
                              "nothing was changed")
        else:
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest)
        carried.append(rel)
    return carried


def _clash(new: Path, rel: str, folder: str) -> str | None:
    """What the new site `new` has where the file `rel` the build did not write
    would go, said in a sentence naming it (`folder`: the output folder as messages
    name it); None when the place is free."""
    parts = rel.split("/")
    found = new  # the folder of the new site reached so far, in its own letter case
    for end in range(1, len(parts) + 1):
        here = found / parts[end - 1]
        if not os.path.lexists(here):
            # On Windows and macOS a name differing only in letter case is the same file or folder.
            other = _other_case(found, parts[end - 1])
            if other is None:
                return None
            here = found / other
        if end == len(parts) or not here.is_dir() or here.is_symlink():
            name = here.relative_to(new).as_posix()
            if name.split("/") != parts[:end]:
                return (f"{folder}{printable(rel)} was not written by site-builder, and this build writes "
                        f"{folder}{printable(name)}, whose name differs only in letter case; on Windows and macOS "
                        "they would be one.")
            what = "folder" if here.is_dir() and not here.is_symlink() else "file"
            name = "/".join(parts[:end])
            where = "there" if name == rel else f"at {folder}{printable(name)}"
            return f"{folder}{printable(rel)} was not written by site-builder, and this build writes a {what} {where}."
        found = here
    return None


def _other_case(folder: Path, name: str) -> str | None:
    """The entry of `folder` whose name differs from `name` only in letter case, if any."""
    try:
        entries = os.listdir(folder)
    except OSError:
        return None
    return next((entry for entry in sorted(entries) if entry != name and entry.lower() == name.lower()), None)


def staging_dir(out: Path) -> Path:
    return out.parent / f".{out.name}.building-{os.getpid()}"


def remove_stale_staging(out: Path) -> None:
    """Leftovers of builds that were killed before they finished. Where the swap
    takes two renames (no renameat2), a build killed between them left the old
    site only as its backup: that backup is put back first, never deleted."""
    if not out.exists():
        backups = sorted(p for p in out.parent.glob(f".{out.name}.building-old-*") if (p / MARKER).is_file())
        if backups:
            os.rename(backups[-1], out)
    for stale in out.parent.glob(f".{out.name}.building-*"):
        if stale.is_dir() and not stale.is_symlink():
            shutil.rmtree(stale, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one step (Linux renameat2 RENAME_EXCHANGE)."""
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    if not hasattr(libc, "renameat2"):
        return False
    at_fdcwd, rename_exchange = -100, 2
    result: int = libc.renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    return result == 0


def previous_dir(out: Path, cache: Path) -> Path:
    """Where the site before the current one is kept for the next build to bring up
    to date: it shares the inode of every file the two have in common, so it costs
    little room, and rewriting only what differs costs far less than a new tree. It
    is kept in the build cache (`cache`), never beside the output, where it could be
    served or deployed with the drafts of a preview. The swap moves it by renaming:
    with the cache on another file system it is not kept (see publish)."""
    return cache / f"previous-{hashlib.sha256(os.fsencode(out)).hexdigest()[:16]}"


def remove_old_previous(out: Path) -> None:
    """The older site that earlier versions kept beside the output, drafts and all."""
    old = out.parent / f".{out.name}.previous"
    if old.is_dir() and not old.is_symlink() and (old / MARKER).is_file():
        shutil.rmtree(old, ignore_errors=True)


def take_previous(older: Path, staging: Path, token: list[int]) -> bool:
    """Move the kept older site to `staging` when it is still the one the cache
    describes (its file list has `token`), and take away that list first: a build
    killed while updating it leaves a folder the next build will not trust. An
    older site the cache does not describe, or that cannot be moved, is removed."""
    if not older.is_dir() or older.is_symlink():
        return False
    if token and token == marker_token(older / MARKER):
        try:
            os.rename(older, staging)
        except OSError:  # on another file system than the output after all
            shutil.rmtree(older, ignore_errors=True)
            return False
        (staging / MARKER).unlink()
        return True
    shutil.rmtree(older, ignore_errors=True)
    return False


def marker_token(marker: Path) -> list[int]:
    """Identifies the file list a build left in a site: a build without the cache,
    or any other hand on the folder, writes a new one (a new modification time to
    the nanosecond). Not the inode: a CI cache step restores the site and the cache
    as copies, with new inodes and the same times, and that site is the one the
    cache describes."""
    try:
        stat = marker.stat()
    except OSError:
        return []
    return [stat.st_mtime_ns, stat.st_size]


def publish(staging: Path, out: Path, keep: Path | None = None) -> bool:
    """Put the finished `staging` folder at `out`; the old site stays whole until
    then. The old site is then moved to `keep` when given (True is returned), else
    removed."""
    if out.exists():
        if not _exchange(staging, out):
            backup = out.parent / f".{out.name}.building-old-{os.getpid()}"
            os.rename(out, backup)
            os.rename(staging, out)
            staging = backup
        if keep is not None:
            try:
                shutil.rmtree(keep, ignore_errors=True)  # one the next build did not take
                keep.parent.mkdir(parents=True, exist_ok=True)
                os.rename(staging, keep)
                return True
            except OSError:  # another file system (EXDEV): the old site is removed instead
                pass
        shutil.rmtree(staging, ignore_errors=True)
    else:
        os.rename(staging, out)
    return False
