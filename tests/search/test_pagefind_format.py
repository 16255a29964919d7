"""search.canonicalize_index rewrites Pagefind's CBOR index files, whose layout belongs to a
Pagefind version: pyproject.toml pins its minor version, and these tests fail loudly when the
installed Pagefind is another one or writes another layout (then check canonicalize_index
against the new layout before moving the pin)."""

from __future__ import annotations

import json
import re
from importlib import metadata
from pathlib import Path

from conftest import REPO

from site_builder.search.pagefind import MAIN_BUNDLE, _read_cbor, pagefind_version


def _pinned_minor() -> str:
    pin = re.search(r'"pagefind\[bin\]~=(\d+\.\d+)\.\d+"', (REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert pin, "pyproject.toml must pin pagefind[bin] to one minor version (~=X.Y.Z)"
    return pin.group(1)


def test_the_installed_pagefind_is_the_pinned_minor_version() -> None:
    minor = _pinned_minor()
    assert pagefind_version().startswith(f"{minor}."), f"Pagefind {pagefind_version()} is not the pinned {minor}"
    assert metadata.version("pagefind-bin").startswith(f"{minor}.")


def test_the_index_has_the_layout_canonicalize_index_rewrites(sample_site: Path) -> None:
    bundle = sample_site / MAIN_BUNDLE
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["version"].startswith(f"{_pinned_minor()}.")
    assert entry["languages"]
    for language, info in entry["languages"].items():
        assert info["hash"].startswith(f"{language}_")
        meta = _read_cbor(bundle / f"pagefind.{info['hash']}.pf_meta")
        assert isinstance(meta, list) and meta[0] == entry["version"]
        filters = meta[3]  # [[filter name, file hash], ...]
        assert filters and all(isinstance(name, str) and isinstance(file_hash, str) for name, file_hash in filters)
        assert {name for name, _hash in filters} >= {"section", "tags"}
        for name, file_hash in filters:
            filter_name, values = _read_cbor(bundle / "filter" / f"{file_hash}.pf_filter")
            assert filter_name == name
            assert values and all(isinstance(value, str) and all(isinstance(page, int) for page in pages)
                                  for value, pages in values)
            assert [value for value, _pages in values] == sorted(value for value, _pages in values)  # canonical
