"""Where the site may be written, and how it replaces the old one without ever
leaving a half-written site in its place."""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
from collections.abc import Iterable
from pathlib import Path

from .errors import SiteBuilderError
from .files import bad_link, folder_name, kind_of, shown

MARKER = ".site-builder-files"  # lists the files a build wrote: the build owns only those
PAGEFIND_DIR = "pagefind/"  # Pagefind's own bundle: not pages of the site


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
    """What in the output folder the build did not write (files, links, anything), sorted:
    a build with nothing to do must still notice one added since (see carry_over_foreign_files)."""
    owned = owned_files(out) | {MARKER}
    found = []
    for root, dirs, files in os.walk(out):
        dirs.sort()
        links = [d for d in dirs if os.path.islink(os.path.join(root, d))]
        dirs[:] = [d for d in dirs if d not in links]
        for name in files + links:
            rel = os.path.relpath(os.path.join(root, name), out).replace(os.sep, "/")
            if rel not in owned:
                found.append(rel)
    return sorted(found)


def carry_over_foreign_files(old: Path, new: Path) -> list[str]:
    """Files a person put into the output folder (a CNAME, a .well-known/...) survive
    a rebuild: the build only replaces what it wrote itself. A symbolic link
    among them is carried over as the link it is when it stays inside the folder;
    one that leads out of it or to nothing, or a named pipe or the like, stops the
    build before anything changes (carrying it would publish what it points at,
    dropping it would lose it)."""
    if not old.is_dir():
        return []
    owned = owned_files(old) | {MARKER}
    folder = folder_name(old)
    carried = []
    for root, dirs, files in os.walk(old):
        dirs.sort()
        links = [d for d in dirs if os.path.islink(os.path.join(root, d))]
        dirs[:] = [d for d in dirs if d not in links]
        for name in sorted(files + links):
            src = Path(root) / name
            rel = src.relative_to(old).as_posix()
            dest = new / rel
            if rel in owned or os.path.lexists(dest):
                continue
            if src.is_symlink():
                link = bad_link(src, old)
                if link is not None:
                    raise OutputError(f"{folder}{shown(rel)}, which site-builder did not write, is refused: "
                                      f"{link.reason(folder, rel)}; nothing was changed")
                dest.parent.mkdir(parents=True, exist_ok=True)
                os.symlink(os.readlink(src), dest)
            elif not src.is_file():
                raise OutputError(f"{folder}{shown(rel)}, which site-builder did not write, is "
                                  f"{kind_of(src.lstat().st_mode)}, not a file; remove it and build again; "
                                  "nothing was changed")
            else:
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(src, dest)
            carried.append(rel)
    return carried


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


def publish(staging: Path, out: Path) -> None:
    """Put the finished `staging` folder at `out`; the old site stays whole until then."""
    if out.exists():
        if not _exchange(staging, out):
            backup = out.parent / f".{out.name}.building-old-{os.getpid()}"
            os.rename(out, backup)
            os.rename(staging, out)
            staging = backup
        shutil.rmtree(staging, ignore_errors=True)
    else:
        os.rename(staging, out)
