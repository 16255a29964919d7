"""What ingest wrote: `content/.ingest.json`, and the journal that keeps it in step
with the pages while a run writes them.

The manifest maps each seed (its path under seeds/) to an entry: the content file
it became (`content_file`, its path under content/), the sha256 of the text ingest
wrote there and a digest of the seed. It is
rewritten whole only at the end of a run. Until then, before a page is replaced,
its new entry is appended to `.ingest.journal` together with the hash of the text
the page holds before (one fsync per batch of pages, then the pages). The next run
replays the journal over the manifest and counts a page as untouched when its
text has either hash. So a run killed at any moment, even between the journal
and the page, leaves no page of its own looking edited by a person.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from site_builder.core.files import printable, write_failure
from site_builder.core.jsontext import parse_json

MANIFEST = ".ingest.json"
JOURNAL = ".ingest.journal"
BATCH = 64  # pages per journal fsync
VERSION = 2  # version 1 named an entry's content file `page`; it is still read

Entry = dict[str, Any]  # content_file, sha256, seed; "also": hashes the page may still hold after a kill


def page_sha256(text: str) -> str:
    """The SHA-256 of a page's text, as its entry in the manifest records it (`sha256`): the
    whole hash in hex, not the build's shortened digest (core.digests)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def known_hashes(entry: Entry) -> set[str]:
    """The texts of a page that ingest itself left there (any other text is a person's)."""
    also = entry.get("also")
    return {entry["sha256"], *(also if isinstance(also, list) else ())}


def _entry(value: Any) -> Entry | None:
    """`value` as an entry of today's manifest, or None when it is not one. An entry
    written before version 2 names its content file `page`."""
    if not isinstance(value, dict):
        return None
    entry = dict(value)
    if "content_file" not in entry and "page" in entry:
        entry = {"content_file": entry.pop("page"), **entry}  # first, as ingest writes it
    if isinstance(entry.get("content_file"), str) and isinstance(entry.get("sha256"), str):
        return entry
    return None


def load_manifest(content_dir: Path) -> dict[str, Entry]:
    """The manifest with the journal of an unfinished run replayed over it."""
    manifest: dict[str, Entry] = {}
    try:
        seeds = parse_json((content_dir / MANIFEST).read_text(encoding="utf-8"))["seeds"]
        manifest = {source: entry for source, value in seeds.items() if (entry := _entry(value)) is not None}
    except FileNotFoundError:
        pass
    except (ValueError, KeyError, TypeError, AttributeError):
        pass  # a damaged manifest only means every existing page counts as edited
    try:
        with open(content_dir / JOURNAL, encoding="utf-8") as journal:
            for line in journal:
                try:
                    record = parse_json(line)
                except ValueError:
                    continue  # a line torn by a full disk
                if not isinstance(record, dict) or not isinstance(record.get("source"), str):
                    continue
                entry = _entry(record.get("entry"))
                if entry is not None:
                    if isinstance(record.get("before"), str):
                        entry["also"] = [record["before"]]
                    manifest[record["source"]] = entry
    except FileNotFoundError:
        pass
    return manifest


def write_atomic(path: Path, text: str) -> None:
    """Replace `path` in one rename, so it holds the old text or the new, never a part;
    a write that fails leaves no temporary file behind."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


class PageWriter:
    """Writes pages for ingest so that the record of what it wrote never lags them."""

    def __init__(self, content_dir: Path, manifest: dict[str, Entry]) -> None:
        self.content_dir = content_dir
        self.manifest = manifest
        # (source, content_file, text, the source's entry before, the hash of the file's text before)
        self._pending: list[tuple[str, str, str, Entry | None, str | None]] = []
        self._lines: list[str] = []
        self._journal: int | None = None

    def record(self, source: str, entry: Entry, before: str | None = None) -> None:
        """`entry` is now the manifest's for `source` (it is journaled with the next batch)."""
        self._lines.append(json.dumps({"source": source, "entry": entry, "before": before}, sort_keys=True) + "\n")
        self.manifest[source] = entry

    def write(self, source: str, entry: Entry, text: str, before: str | None) -> list[tuple[str, str, str]]:
        """Queue `text` for the entry's content file, whose text now has the hash `before`
        (None: no file yet). Returns the (source, content_file, why) of files that could
        not be written."""
        old = self.manifest.get(source)
        self.record(source, entry, before)
        self._pending.append((source, entry["content_file"], text, old, before))
        return self.flush() if len(self._pending) >= BATCH else []

    def flush(self) -> list[tuple[str, str, str]]:
        failed: list[tuple[str, str, str]] = []
        pending, self._pending = self._pending, []
        try:
            self._append(self._lines)
        except OSError as exc:
            why = write_failure(exc, f"the ingest journal {JOURNAL}")
            for source, content_file, _text, old, _before in pending:
                if old is None:
                    self.manifest.pop(source, None)
                else:
                    self.manifest[source] = old
                failed.append((source, content_file, why + "; the page was not changed"))
            self._lines = []
            return failed
        self._lines = []
        for source, content_file, text, _old, before in pending:
            try:
                write_atomic(self.content_dir / content_file, text)
            except OSError as exc:
                if before is not None:  # the page keeps its old text, which the entry must still own
                    self.manifest[source] = {**self.manifest[source], "also": [before]}
                failed.append((source, content_file, write_failure(exc, f"its page {printable(content_file)}") +
                               "; the previous page is kept"))
        return failed

    def _append(self, lines: list[str]) -> None:
        if not lines:
            return
        if self._journal is None:
            self.content_dir.mkdir(parents=True, exist_ok=True)
            flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW  # never written through a link
            self._journal = os.open(self.content_dir / JOURNAL, flags, 0o644)
        # Led by a line break: a line torn by an earlier failed write ends here.
        data = "".join(["\n", *lines]).encode("utf-8")
        while data:
            written = os.write(self._journal, data)
            data = data[written:]
        os.fsync(self._journal)

    def finish(self, header: dict[str, Any]) -> list[tuple[str, str, str]]:
        """Write what is queued, then the whole manifest (`header` and the entries), then
        drop the journal."""
        failed = self.flush()
        write_atomic(self.content_dir / MANIFEST, json.dumps(
            {"version": VERSION, **header, "seeds": dict(sorted(self.manifest.items()))}, indent=1,
            ensure_ascii=False) + "\n")
        self.close()
        (self.content_dir / JOURNAL).unlink(missing_ok=True)
        return failed

    def close(self) -> None:
        if self._journal is not None:
            os.close(self._journal)
            self._journal = None
