"""URL slugs: readable, valid for any file system, stable and unique."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable

from slugify import slugify

from site_builder.core.layout import is_build_name
from site_builder.core.model import KINDS

MAX_SLUG = 80
# Names the site itself uses at the top level or inside a section.
RESERVED = frozenset({"page", "assets", "pagefind", "search", *(kind.folder for kind in KINDS.values()),
                      "archive", "sections", "feed", "sitemap", "index"})


# Device names Windows reserves in any case, with or without an extension: a file or
# folder named so (con/, nul.md) cannot be created there, so a site holding one
# could not be checked out, copied or served on Windows. The console's CONIN$ and
# CONOUT$, and COM and LPT with a superscript digit (COM¹), are devices there too.
WINDOWS_DEVICES = frozenset({"con", "prn", "aux", "nul", "conin$", "conout$",
                             *(f"{port}{n}" for port in ("com", "lpt") for n in (*range(10), *"\u00b9\u00b2\u00b3"))})


def windows_reserved(name: str) -> bool:
    """True for a file or folder name Windows cannot hold: a device name in any case, with
    any extension (con, NUL.html, com1.tar.gz), or a name ending in a dot or a space,
    which Windows drops (so "old." and "old" would be one file)."""
    if name in (".", ".."):  # not names but steps in a path, refused where paths are read
        return False
    return name.split(".")[0].rstrip(" ").lower() in WINDOWS_DEVICES or name.endswith((".", " "))


def short_hash(text: str, length: int = 6) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:length]


# Text that slugify would only join with hyphens: lower-case ASCII words, one space apart.
_PLAIN = re.compile(r"[a-z0-9]+(?: [a-z0-9]+)*")


def make_slug(text: str, fallback_key: str, prefix: str = "article") -> str:
    """`text` as a slug; text with no letters or digits (only emoji or punctuation)
    gets "<prefix>-<hash of fallback_key>" so it is still valid and stable."""
    if len(text) <= MAX_SLUG and _PLAIN.fullmatch(text):
        slug = text.replace(" ", "-")  # what slugify gives, twenty times quicker (most names of a build)
    else:  # only the start can reach the slug; a huge headline need not be transliterated whole
        slug = slugify(text[:MAX_SLUG * 4], max_length=MAX_SLUG, word_boundary=True, save_order=True)
    if not slug:
        return f"{prefix}-{short_hash(fallback_key, 8)}"
    if slug in RESERVED or slug in WINDOWS_DEVICES:
        return f"{slug}-{prefix}"
    return slug


def section_slug(section: str) -> str:
    """The folder of a section, at the top of the site: never a name the build writes
    there (layout.is_build_name), so a section called "Pagefind Shards" or "Robots"
    gets "-section" after it, as "Tags" does."""
    slug = make_slug(section, section, prefix="section")
    return f"{slug}-section" if is_build_name(slug) else slug


def unique_slug(slug: str, key: str, taken: set[str] | frozenset[str]) -> str:
    """`slug`, or `slug-<hash of key>` when taken: the suffix depends on the
    article, not on the order articles arrive in, so it never changes."""
    if slug not in taken:
        return slug
    candidate = f"{slug}-{short_hash(key)}"
    counter = 2
    while candidate in taken:
        candidate = f"{slug}-{short_hash(key)}-{counter}"
        counter += 1
    return candidate


def term_slugs(keys: Iterable[str], kind: str) -> dict[str, str]:
    """The URL slug of every tag or entity name of one kind (`keys` are the names,
    case-folded). A slug depends only on its own name, never on which other names
    exist: a name whose slug no other name shares gets it plain; where names share
    one, the name that reads most like it (its words joined by hyphens, then the
    smallest) keeps it plain and every other gets "<slug>--<hash of its name>". A
    double hyphen never occurs in a plain slug, so the two kinds cannot meet."""
    prefix = kind.rstrip("s")
    bases = {key: make_slug(key, f"{kind}:{key}", prefix=prefix) for key in keys}
    sharing: dict[str, list[str]] = {}
    for key, base in bases.items():
        sharing.setdefault(base, []).append(key)
    slugs = {}
    for base, names in sharing.items():
        owner = min(names, key=lambda k: ("-".join(k.split()) != base, k))
        for key in names:
            slugs[key] = base if key == owner else f"{base}--{short_hash(f'{kind}:{key}', 8)}"
    return slugs
