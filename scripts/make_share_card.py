"""Draw the theme's default link-preview card, themes/default/static/share.png: the site's
mark (the favicon's white N on its red square) on the page colour, 1200 x 630 pixels, the
size link previews show. Pure Python, so the same script always draws the same picture.

Usage: python scripts/make_share_card.py [OUT]
"""

from __future__ import annotations

import struct
import sys
import zlib
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
WIDTH, HEIGHT = 1200, 630
PAGE, ACCENT, WHITE = (0xFB, 0xFA, 0xF7), (0xA3, 0x21, 0x1A), (0xFF, 0xFF, 0xFF)
SCALE = 10  # the favicon's 32-unit box drawn 320 pixels wide
# The favicon's N, in its own units: M9 24V8h3l8 11V8h3v16h-3l-8-11v11z
N_SHAPE = [(9, 24), (9, 8), (12, 8), (20, 19), (20, 8), (23, 8), (23, 24), (20, 24), (12, 13), (12, 24)]
RADIUS = 6  # the square's rounded corners, in the same units


def _inside(x: float, y: float, polygon: list[tuple[int, int]]) -> bool:
    """Even-odd rule: does a ray to the right cross the outline an odd number of times?"""
    inside = False
    for (x1, y1), (x2, y2) in zip(polygon, polygon[1:] + polygon[:1], strict=True):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def _in_square(x: float, y: float) -> bool:
    corner_x = min(max(x, RADIUS), 32 - RADIUS)
    corner_y = min(max(y, RADIUS), 32 - RADIUS)
    return 0 <= x <= 32 and 0 <= y <= 32 and (x - corner_x) ** 2 + (y - corner_y) ** 2 <= RADIUS ** 2


def pixel(px: int, py: int) -> tuple[int, int, int]:
    left, top = (WIDTH - 32 * SCALE) // 2, (HEIGHT - 32 * SCALE) // 2
    x, y = (px - left + 0.5) / SCALE, (py - top + 0.5) / SCALE
    if not _in_square(x, y):
        return ACCENT if py >= HEIGHT - 16 else PAGE  # a red rule along the foot of the card
    return WHITE if _inside(x, y, N_SHAPE) else ACCENT


def png(width: int, height: int, rows: list[bytes]) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + row for row in rows)  # filter type 0 on every row
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "themes/default/static/share.png"
    rows = [b"".join(bytes(pixel(px, py)) for px in range(WIDTH)) for py in range(HEIGHT)]
    out.write_bytes(png(WIDTH, HEIGHT, rows))
    print(f"wrote {out} ({out.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
