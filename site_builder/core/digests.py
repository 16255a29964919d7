"""The one digest rule of the build: SHA-256 over the parts, each ended by a NUL byte
(so ("ab", "c") and ("a", "bc") differ), shortened to 32 hex digits. Cache keys, page
keys and page groups' inputs all use it."""

from __future__ import annotations

import hashlib


def digest(*parts: str | bytes) -> str:
    hasher = hashlib.sha256()
    for part in parts:
        hasher.update(part.encode("utf-8") if isinstance(part, str) else part)
        hasher.update(b"\0")
    return hasher.hexdigest()[:32]
