"""The folders a person names (seeds/, content/, templates/, static/, the output
folder): which of their files may be read or written, and how a name is printed.

One rule for symbolic links, everywhere: a link is followed only while what it
points at stays inside the folder it sits in. A link that leads out of that
folder, or to nothing, is refused with a message naming it: reading through it
could publish any file of the machine (a seed linked to /etc/passwd), writing
through it could change one. Links to folders are not walked into: what they
point at inside the folder is read where it really is, and no link loop can
trap a walk. Anything that is not a regular file (a named pipe, which would
block a read for ever; a socket; a device) is skipped with a message too.
"""

from __future__ import annotations

import errno
import os
import stat
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

_UNSAFE_CATEGORIES = ("Cc", "Cf", "Zl", "Zp", "Cs")
_NAMED_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def printable(name: str | os.PathLike[str]) -> str:
    """A user-supplied name as it is safe to print: control characters (an
    escape sequence could clear the terminal), line breaks, invisible formatting
    characters (a right-to-left override) and the bytes of a name that are not
    UTF-8 are escaped as Python writes them (`\\n`, `\\x1b`, `\\u202e`,
    `\\xe9`); everything else is shown as it is."""
    text = os.fspath(name)
    if text.isprintable():  # the common case, at C speed
        return text
    out = []
    for char in text:
        code = ord(char)
        if 0xDC80 <= code <= 0xDCFF:  # a byte that is not UTF-8, as os.fsdecode keeps it
            out.append(f"\\x{code - 0xDC00:02x}")
        elif unicodedata.category(char) in _UNSAFE_CATEGORIES:
            out.append(_NAMED_ESCAPES.get(char) or (f"\\x{code:02x}" if code < 0x100 else
                                                    f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"))
        else:
            out.append(char)
    return "".join(out)


def write_failure(exc: OSError, what: str) -> str:
    """A sentence for a write that failed: a full disk is the user's to fix, not a bug."""
    if exc.errno == errno.ENOSPC:
        return f"could not write {what}: the disk is full; free some space and run again"
    if exc.errno == errno.EDQUOT:
        return f"could not write {what}: your disk quota is used up; free some space and run again"
    return f"could not write {what} ({exc.strerror or exc})"


def folder_name(folder: Path) -> str:
    """How messages name one of the user's folders: `seeds/`, `content/`."""
    return f"{printable(folder.name or folder)}/"


@dataclass(frozen=True)
class BadLink:
    """A symbolic link (at `link`, relative to its folder) that may not be followed."""

    link: str
    target: Path
    loop: bool = False  # it leads, through other links or itself, back to itself

    def reason(self, folder: str, path: str) -> str:
        """Why the file at `path` (relative to `folder`, as "seeds/") is refused,
        and what to do."""
        who = "it" if path == self.link else f"its folder {folder}{printable(self.link)}"
        if self.loop:
            return f"{who} is a symbolic link that leads round in a loop; remove or repair the link"
        if not self.target.exists():
            return (f"{who} is a symbolic link to {printable(self.target)}, which does not exist; remove or repair "
                    "the link")
        return (f"{who} is a symbolic link to {printable(self.target)}, outside {folder}; links may not lead out "
                f"of {folder}: put a copy of what it points at there instead")


def bad_link(path: Path, root: Path) -> BadLink | None:
    """The first symbolic link on the way from `root` to `path` (the folders
    between them, then `path` itself) that leads out of `root` or to nothing;
    None when following `path` stays inside `root`. `root` itself was named by
    the user and may be a link."""
    real_root = root.resolve()
    current = root
    for part in path.relative_to(root).parts:
        current = current / part
        if current.is_symlink():
            try:
                target = current.resolve()
                os.stat(current)
            except (RuntimeError, OSError) as exc:  # RuntimeError: a loop, before Python 3.13
                if isinstance(exc, RuntimeError) or exc.errno == errno.ELOOP:
                    return BadLink(current.relative_to(root).as_posix(), current, loop=True)
                target = current.resolve()  # to nothing: the message names where it leads
            if not target.is_relative_to(real_root) or not target.exists():
                return BadLink(current.relative_to(root).as_posix(), target)
    return None


def kind_of(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


@dataclass
class Listing:
    """What a walk found: files to read (relative, sorted) and what it refused, with why."""

    files: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (relative path, why: "it is ...")


def walk(root: Path, wanted: Callable[[str], bool] = lambda name: True, hidden: bool = False) -> Listing:
    """The regular files under `root` whose name is `wanted`, under the link rule
    above; hidden files and folders are left out unless `hidden`. Each folder is
    read once (os.scandir): a plain file costs no call of its own, so a scan of
    10,000 pages stays well under a second."""
    listing = Listing()
    if not root.is_dir():
        return listing
    folder = folder_name(root)
    pending = [("", os.fspath(root))]
    while pending:
        prefix, path = pending.pop()
        for entry in _entries(path):
            if entry.name.startswith(".") and not hidden:
                continue
            rel = prefix + entry.name
            if _is_folder(entry):
                if not entry.is_symlink():  # links to folders are never walked into
                    pending.append((rel + "/", entry.path))
                elif (link := bad_link(Path(entry.path), root)) is not None:
                    listing.skipped.append((link.link, link.reason(folder, link.link) + "; its files are skipped"))
            elif wanted(entry.name):
                _list_file(entry, rel, root, folder, listing)
    listing.files.sort()
    listing.skipped.sort()
    return listing


def _entries(path: str) -> list[os.DirEntry[str]]:
    try:
        with os.scandir(path) as found:
            return list(found)
    except OSError:  # a folder that cannot be listed is passed over, as os.walk does
        return []


def _is_folder(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()  # follows a link, as os.walk sorts them
    except OSError:
        return False


def _list_file(entry: os.DirEntry[str], rel: str, root: Path, folder: str, listing: Listing) -> None:
    """Adds the file `entry` (`rel` under `root`) to the files to read, or to those skipped with why."""
    if entry.is_symlink():
        link = bad_link(Path(entry.path), root)
        if link is not None:
            listing.skipped.append((rel, link.reason(folder, rel) + "; it is skipped"))
            return
    elif entry.is_file(follow_symlinks=False):
        listing.files.append(rel)
        return
    try:
        mode = os.stat(entry.path).st_mode
    except OSError as exc:
        listing.skipped.append((rel, f"it cannot be read ({exc.strerror}); it is skipped"))
        return
    if not stat.S_ISREG(mode):
        listing.skipped.append((rel, f"it is {kind_of(mode)}, not a file; it is skipped"))
        return
    listing.files.append(rel)


def is_relative_path(rel: str) -> bool:
    """True for a path inside a folder as site-builder writes one: "/"-separated names,
    none empty, "." or "..", no NUL, not absolute."""
    return bool(rel) and "\x00" not in rel and not rel.startswith("/") and all(
        part not in ("", ".", "..") for part in rel.split("/"))
