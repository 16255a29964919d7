"""An article's `image`: which file it names, its size read from the file's own
header, and where the built site keeps its copy.

`image: photo.jpg` is read relative to the page's folder in content/;
`image: /photos/photo.jpg` (a leading slash) relative to content/ itself. When
content/ has no such file, the name is looked up in the project's static/ folder
(`static/photo.jpg`, `static/photos/photo.jpg`): a picture shared by many pages
lives there once. The file must stay inside the folder it is found in, under
the link rule of files.py, and be a PNG, JPEG, GIF or WebP file whose name says
so. Its copy is written to
`assets/images/<digest of its bytes>.<ext>`: new bytes give a new address, so a
page showing a changed picture changes too, and an incremental build re-renders
it (its key covers its context, which holds the address).
"""

from __future__ import annotations

import hashlib
import os
import stat
import struct
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from site_builder.core.files import bad_link, folder_name, kind_of, printable
from site_builder.core.layout import ASSETS
from site_builder.core.model import Article

SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp")
_JPEG_SIZE_MARKERS = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


@dataclass(frozen=True)
class ImageView:
    """An article's picture, as copied into the site: one of the views templates get (pages/views.py),
    defined here, where pictures are found, so that content/ needs nothing of pages/."""

    url: str
    alt: str
    width: int
    height: int


def is_image_name(name: str) -> bool:
    return name.lower().endswith(SUFFIXES)


def image_size(data: bytes) -> tuple[str, int, int] | None:
    """(format as a file suffix, width, height) read from the header of a PNG,
    GIF, JPEG or WebP file; None when `data` is none of these or its header is cut short."""
    if data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR" and len(data) >= 24:
        width, height = struct.unpack(">II", data[16:24])
        return ("png", width, height) if width and height else None
    if data[:6] in (b"GIF87a", b"GIF89a") and len(data) >= 10:
        width, height = struct.unpack("<HH", data[6:10])
        return ("gif", width, height) if width and height else None
    if data[:2] == b"\xff\xd8":
        return _jpeg_size(data)
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return _webp_size(data)
    return None


def _jpeg_size(data: bytes) -> tuple[str, int, int] | None:
    at = 2
    while at + 4 <= len(data):
        if data[at] != 0xFF:
            return None
        marker = data[at + 1]
        if marker == 0xFF:  # fill byte before a marker
            at += 1
            continue
        if marker == 0x01 or 0xD0 <= marker <= 0xD9:  # markers without a length
            at += 2
            continue
        (length,) = struct.unpack(">H", data[at + 2:at + 4])
        if marker in _JPEG_SIZE_MARKERS:
            if at + 9 > len(data):
                return None
            height, width = struct.unpack(">HH", data[at + 5:at + 9])
            return ("jpg", width, height) if width and height else None
        if length < 2:
            return None
        at += 2 + length
    return None


def _webp_size(data: bytes) -> tuple[str, int, int] | None:
    chunk = data[12:16]
    if chunk == b"VP8 " and len(data) >= 30 and data[23:26] == b"\x9d\x01\x2a":
        width, height = struct.unpack("<HH", data[26:30])
        width, height = width & 0x3FFF, height & 0x3FFF
    elif chunk == b"VP8L" and len(data) >= 25 and data[20] == 0x2F:
        bits = int.from_bytes(data[21:25], "little")
        width, height = (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    elif chunk == b"VP8X" and len(data) >= 30:
        width = int.from_bytes(data[24:27], "little") + 1
        height = int.from_bytes(data[27:30], "little") + 1
    else:
        return None
    return ("webp", width, height) if width and height else None


@dataclass(frozen=True)
class SiteImage:
    """An article's picture as the site shows it."""

    source: Path  # the file under content/ or static/
    url: str  # its copy, relative to the site root: assets/images/<digest>.<ext>
    alt: str
    width: int
    height: int

    def view(self) -> ImageView:
        """The picture as templates see it: without the source file."""
        return ImageView(self.url, self.alt, self.width, self.height)


def _inside(name: str, folder: str) -> str | None:
    """`name` joined to `folder` (both relative), or None when it would leave the folder."""
    rel = os.path.normpath(os.path.join(folder, name))
    if os.path.isabs(rel) or rel == ".." or rel.startswith("../") or "\\" in name:
        return None
    return rel


def find_image(content_dir: Path, article: Article, static_dir: Path | None = None
               ) -> tuple[SiteImage | None, str]:
    """The article's picture, or None and why it is left out (a sentence). The
    file is looked for in content/ (beside the page, or from content/ itself for
    a name starting with "/"), then in `static_dir`."""
    name = article.image
    from_root = name.lstrip("/")
    candidates = [(content_dir, _inside(from_root, "") if name.startswith("/") else
                   _inside(name, os.path.dirname(article.source_path)))]
    if static_dir is not None:
        candidates.append((static_dir, _inside(from_root, "")))
    places = [(folder, rel) for folder, rel in candidates if rel is not None]
    if not places:
        folders = " or ".join(folder_name(folder) for folder, _ in candidates)
        return None, (f"the image {printable(name)!r} is outside {folders}; put the file in {folders} and name it "
                      "from there")
    if not is_image_name(name):
        return None, (f"the image {printable(name)!r} is not a PNG, JPEG, GIF or WebP file (by its name); "
                      "the image is left out")
    found = next(((folder, rel) for folder, rel in places if os.path.lexists(folder / rel)), None)
    if found is None:
        tried = " nor ".join(f"{folder_name(folder)}{printable(rel)}" for folder, rel in places)
        what = f"neither {tried} exists" if len(places) > 1 else f"the image file {tried} does not exist"
        return None, f"{what}; add the file or fix 'image'"
    base, rel = found
    folder = folder_name(base)
    path = base / rel
    link = bad_link(path, base)
    if link is not None:
        return None, f"the image file {folder}{printable(rel)} is refused: {link.reason(folder, rel)}"
    try:
        mode = path.stat().st_mode
        if not stat.S_ISREG(mode):
            return None, f"the image {printable(name)!r} is {kind_of(mode)}, not a file; the image is left out"
        data = path.read_bytes()
    except OSError as exc:
        return None, f"the image file {folder}{printable(rel)} cannot be read ({exc.strerror}); the image is left out"
    size = image_size(data)
    if size is None:
        return None, (f"the image file {folder}{printable(rel)} is not a PNG, JPEG, GIF or WebP picture (its header "
                      "says otherwise); the image is left out")
    ext, width, height = size
    url = f"{ASSETS}/images/{hashlib.sha256(data).hexdigest()[:20]}.{ext}"
    return SiteImage(path, url, article.image_alt, width, height), ""


def find_images(content_dir: Path, articles: Iterable[Article], static_dir: Path | None = None
                ) -> tuple[dict[str, SiteImage], list[tuple[Article, str]]]:
    """The pictures of the articles that name one, by article URL, and the
    articles whose picture is left out, with why."""
    found: dict[str, SiteImage] = {}
    refused: list[tuple[Article, str]] = []
    for article in articles:
        if not article.image:
            continue
        image, why = find_image(content_dir, article, static_dir)
        if image is None:
            refused.append((article, why))
        else:
            found[article.url] = image
    return found, refused


SHARE_CARD = "share.png"  # in a theme's static/ folder, or the project's (which wins)


def share_card(static_dirs: list[Path], site_title: str) -> ImageView | None:
    """The picture link previews show for a page without its own: `share.png` from the
    project's static/ folder, else the theme's (static files are copied in that order, the
    project's over the theme's); None when neither has a PNG, JPEG, GIF or WebP so named."""
    for folder in reversed(static_dirs):
        path = folder / SHARE_CARD
        if not path.is_file() or bad_link(path, folder) is not None:
            continue
        try:
            size = image_size(path.read_bytes())
        except OSError:
            continue
        if size is not None:
            return ImageView(f"assets/{SHARE_CARD}", site_title, size[1], size[2])
    return None
