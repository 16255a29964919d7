"""An article's `image`: its size read from the file header, the copy in the
built site, the tags that show it, and the warnings when it cannot be shown."""

from __future__ import annotations

import re
import struct
from pathlib import Path

import pytest

from site_builder.build.run import BuildError, build
from site_builder.check.site import check_site
from site_builder.content.images import image_size
from site_builder.core.config import load_config
from site_fixtures import png


def gif(width: int, height: int) -> bytes:
    return b"GIF89a" + struct.pack("<HH", width, height) + b"\x00\x00\x00" + b";"


def jpeg(width: int, height: int, sof: int = 0xC0) -> bytes:
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    dqt = b"\xff\xdb" + struct.pack(">H", 67) + bytes(65)
    frame = b"\xff" + bytes([sof]) + struct.pack(">HBHHB", 11, 8, height, width, 1) + b"\x01\x11\x00"
    return b"\xff\xd8" + app0 + dqt + frame + b"\xff\xd9"


def webp(chunk: bytes, payload: bytes) -> bytes:
    body = b"WEBP" + chunk + struct.pack("<I", len(payload)) + payload
    return b"RIFF" + struct.pack("<I", len(body)) + body


VP8 = webp(b"VP8 ", b"\x00\x00\x00" + b"\x9d\x01\x2a" + struct.pack("<HH", 640, 480) + bytes(4))
VP8L = webp(b"VP8L", b"\x2f" + ((300 - 1) | ((200 - 1) << 14)).to_bytes(4, "little") + bytes(4))
VP8X = webp(b"VP8X", bytes(4) + (1920 - 1).to_bytes(3, "little") + (1080 - 1).to_bytes(3, "little"))


@pytest.mark.parametrize(("data", "expected"), [
    (png(3, 2), ("png", 3, 2)),
    (gif(513, 7), ("gif", 513, 7)),
    (jpeg(800, 600), ("jpg", 800, 600)),
    (jpeg(1024, 768, sof=0xC2), ("jpg", 1024, 768)),  # progressive
    (VP8, ("webp", 640, 480)),
    (VP8L, ("webp", 300, 200)),
    (VP8X, ("webp", 1920, 1080)),
    (b"", None),
    (b"not a picture at all", None),
    (png(3, 2)[:20], None),  # cut short inside IHDR
    (jpeg(800, 600)[:30], None),  # cut short before the frame header
    (b"\xff\xd8\xff\xd9", None),  # a JPEG with no frame
    (gif(0, 5), None),
    (b"RIFF\x10\x00\x00\x00WEBPVP8 \x00\x00\x00\x00", None),
])
def test_image_size_reads_the_header(data: bytes, expected: tuple[str, int, int] | None) -> None:
    assert image_size(data) == expected


def _site(tmp_path: Path, front: str, files: dict[str, bytes]) -> Path:
    page = tmp_path / "content/world/story.md"
    page.parent.mkdir(parents=True)
    page.write_text(f"---\ntitle: A story\nslug: a-story\nsection: World\ndate: 2020-01-02\n{front}"
                    "caption: The harbour at dawn\ncredit: Photo by A. Person\n---\n\nBody.\n", encoding="utf-8")
    for rel, data in files.items():
        (tmp_path / "content" / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "content" / rel).write_bytes(data)
    return tmp_path


def _article(project: Path) -> str:
    return (project / "public/world/a-story/index.html").read_text(encoding="utf-8")


def test_the_image_is_copied_and_shown_with_its_size_alt_caption_and_credit(tmp_path: Path) -> None:
    project = _site(tmp_path, "image: harbour.jpg\nimage_alt: Boats <moored> at dawn\n",
                    {"world/harbour.jpg": jpeg(800, 600)})
    result = build(load_config(project))
    assert result.problems == []
    html = _article(project)
    img = re.search(r'<img src="\.\./\.\./(assets/images/[0-9a-f]+\.jpg)" alt="Boats &lt;moored&gt; at dawn" '
                    r'width="800" height="600" loading="lazy" decoding="async">', html)
    assert img, html
    assert (project / "public" / img.group(1)).read_bytes() == jpeg(800, 600)
    figure = html[html.index("<figure"):html.index("</figure>")]
    assert "The harbour at dawn" in figure and "Photo by A. Person" in figure
    assert f'<meta property="og:image" content="../../{img.group(1)}">' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    assert check_site(project / "public") == []


def test_og_image_is_absolute_when_the_site_knows_its_address(tmp_path: Path) -> None:
    project = _site(tmp_path, "image: /pictures/harbour.png\nimage_alt: Boats\n", {"pictures/harbour.png": png(4, 3)})
    (project / "site.toml").write_text('base_url = "https://news.example.org/archive/"\n', encoding="utf-8")
    build(load_config(project))
    html = _article(project)
    url = re.search(r'<meta property="og:image" content="(https://news\.example\.org/archive/assets/images/'
                    r'[0-9a-f]+\.png)">', html)
    assert url, html
    assert f'<meta name="twitter:image" content="{url.group(1)}">' in html
    assert 'width="4" height="3"' in html


def test_no_image_keeps_the_small_card_and_the_plain_caption(tmp_path: Path) -> None:
    project = _site(tmp_path, "", {})
    build(load_config(project))
    html = _article(project)
    assert "<img" not in html and "<figure" not in html
    # link previews show the site's card instead
    assert '<meta property="og:image" content="../../assets/share.png">' in html
    assert '<meta name="twitter:card" content="summary">' in html
    assert '<p class="caption">The harbour at dawn' in html


@pytest.mark.parametrize(("front", "files", "says"), [
    ("image: harbour.jpg\n", {"world/harbour.jpg": jpeg(8, 6)}, "needs 'image_alt'"),
    ("image: gone.jpg\nimage_alt: Boats\n", {}, "neither content/world/gone.jpg nor static/gone.jpg exists"),
    ("image: /gone.jpg\nimage_alt: Boats\n", {}, "neither content/gone.jpg nor static/gone.jpg exists"),
    ("image: fake.png\nimage_alt: Boats\n", {"world/fake.png": b"<html>not a picture</html>"}, "is not a PNG"),
    ("image: notes.txt\nimage_alt: Boats\n", {"world/notes.txt": png(2, 2)}, "is not a PNG"),
    ("image: ../../outside.png\nimage_alt: Boats\n", {}, "outside content/ or static/"),
    ("image: /../outside.png\nimage_alt: Boats\n", {}, "outside content/ or static/"),
])
def test_an_image_that_cannot_be_shown_is_a_warning_with_file_and_line(
        tmp_path: Path, front: str, files: dict[str, bytes], says: str) -> None:
    (tmp_path / "outside.png").write_bytes(png(2, 2))
    project = _site(tmp_path, front, files)
    result = build(load_config(project))
    assert [(p.path, p.line, p.fatal) for p in result.problems] == [("world/story.md", 6, False)]
    assert says in result.problems[0].message
    html = _article(project)
    assert "<img" not in html and "assets/images/" not in html  # the site's card stands in for it
    assert not (project / "public/assets/images").exists()
    with pytest.raises(BuildError):
        build(load_config(project), out=project / "strict", strict=True)


def test_an_image_linked_out_of_content_is_refused(tmp_path: Path) -> None:
    (tmp_path / "secret.png").write_bytes(png(2, 2))
    project = _site(tmp_path, "image: photo.png\nimage_alt: Boats\n", {})
    (project / "content/world/photo.png").symlink_to(tmp_path / "secret.png")
    result = build(load_config(project))
    assert [(p.path, p.line) for p in result.problems] == [("world/story.md", 6)]
    assert "symbolic link" in result.problems[0].message
    assert "<img" not in _article(project)


def _static(project: Path, files: dict[str, bytes]) -> None:
    for rel, data in files.items():
        (project / "static" / rel).parent.mkdir(parents=True, exist_ok=True)
        (project / "static" / rel).write_bytes(data)


def _image_url(html: str) -> str:
    img = re.search(r'<img src="\.\./\.\./(assets/images/[0-9a-f]+\.(?:png|jpg))" alt="Boats" ', html)
    assert img, html
    return img.group(1)


@pytest.mark.parametrize("name", ["pictures/harbour.png", "/pictures/harbour.png"])
def test_an_image_not_in_content_is_found_in_static(tmp_path: Path, name: str) -> None:
    project = _site(tmp_path, f"image: {name}\nimage_alt: Boats\n", {})
    _static(project, {"pictures/harbour.png": png(5, 4)})
    result = build(load_config(project))
    assert result.problems == []
    html = _article(project)
    url = _image_url(html)
    assert (project / "public" / url).read_bytes() == png(5, 4)
    assert 'width="5" height="4"' in html and f'<meta property="og:image" content="../../{url}">' in html
    assert check_site(project / "public") == []


def test_a_file_beside_the_page_comes_before_one_of_the_same_name_in_static(tmp_path: Path) -> None:
    project = _site(tmp_path, "image: harbour.png\nimage_alt: Boats\n", {"world/harbour.png": png(2, 2)})
    _static(project, {"harbour.png": png(9, 9)})
    assert build(load_config(project)).problems == []
    assert (project / "public" / _image_url(_article(project))).read_bytes() == png(2, 2)


def test_a_changed_picture_in_static_gives_the_page_its_new_address(tmp_path: Path) -> None:
    project = _site(tmp_path, "image: harbour.png\nimage_alt: Boats\n", {})
    _static(project, {"harbour.png": png(2, 2)})
    build(load_config(project))
    first = _image_url(_article(project))
    _static(project, {"harbour.png": png(3, 3)})
    build(load_config(project))
    second = _image_url(_article(project))
    assert second != first and (project / "public" / second).read_bytes() == png(3, 3)
    assert not (project / "public" / first).exists()


def test_an_image_linked_out_of_static_is_refused(tmp_path: Path) -> None:
    (tmp_path / "secret.png").write_bytes(png(2, 2))
    project = _site(tmp_path, "image: photo.png\nimage_alt: Boats\n", {})
    (project / "static").mkdir()
    (project / "static/photo.png").symlink_to(tmp_path / "secret.png")
    result = build(load_config(project))
    image_problems = [p for p in result.problems if p.path == "world/story.md"]
    assert [(p.line, p.fatal) for p in image_problems] == [(6, False)]
    assert "the image file static/photo.png is refused: it is a symbolic link" in image_problems[0].message
    assert "outside static/" in image_problems[0].message
    assert "<img" not in _article(project)
