"""seeds/ → content/: one Markdown page per seed, never overwriting a person's edits.

`content/.ingest.json` records, for each seed, the content file it became, a hash
of the text ingest wrote and a hash of the seed (manifest.py keeps that record in step
with the pages, also when a run is killed). A page whose text still has its hash
is untouched and may be refreshed; any other page belongs to the person who
edited it. A seed whose hash is unchanged, with its page untouched, is not parsed
again.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from site_builder import __version__
from site_builder.content.frontmatter import ContentPage, FrontMatterError, add_to_list, parse_page, render_page
from site_builder.content.markup import paragraphs_to_markdown
from site_builder.content.read import alias_file, content_files, read_article
from site_builder.core.errors import SiteBuilderError
from site_builder.core.files import Listing, bad_link, folder_name, printable, walk, write_failure
from site_builder.core.slugs import make_slug, section_slug, unique_slug
from site_builder.core.workers import exclusive, fork_map
from site_builder.ingest.enrich import EXTRACTOR_VERSION, Enrichment, Parsed, Prepared, Refused, enrich_seed
from site_builder.ingest.manifest import (
    JOURNAL,
    MANIFEST,
    Entry,
    PageWriter,
    known_hashes,
    load_manifest,
    page_sha256,
    write_atomic,
)
from site_builder.ingest.seed import Seed, SeedError, decode_seed, parse_seed
from site_builder.ingest.wire import WIRE_VERSION, readable

MAX_SEED_BYTES = 50 * 1024 * 1024


class IngestError(SiteBuilderError, RuntimeError):
    """A run that could not finish for a reason the user can fix (a full disk)."""


@dataclass
class IngestReport:
    """What became of each seed; pages are named by their content file (path under content/)."""

    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # edited by a person, left alone
    failed: list[tuple[str, str]] = field(default_factory=list)  # (seed, reason)
    orphaned: list[str] = field(default_factory=list)  # content files whose seed is gone
    aliased: list[tuple[str, str]] = field(default_factory=list)  # (content file, old address added to its aliases)
    not_aliased: list[tuple[str, str]] = field(default_factory=list)  # (content file, old address it cannot take)
    # (seed, the slug it would have had, the page that has that slug, the content file it got instead)
    slug_taken: list[tuple[str, str, str, str]] = field(default_factory=list)


Enricher = Callable[[Seed], dict[str, Any]]


def seed_to_page(seed: Seed, slug: str, source: str, extra: dict[str, Any] | None = None,
                 arrival: int | None = None) -> ContentPage:
    """The content page for a seed, its wire copy made readable (wire.py); `extra` is what
    enrichment found (tags, entities). An undated page records its `arrival` in its front
    matter, where lists read it (dated pages are listed by their date)."""
    seed = readable(seed)
    meta: dict[str, Any] = {"title": seed.title, "slug": slug, "section": seed.section}
    if seed.date is not None:
        meta["date"] = seed.date
    elif arrival is not None:
        meta["arrival"] = arrival
    if seed.author:
        meta["author"] = seed.author
    for key in ("summary", "subheadline", "caption", "credit"):
        if getattr(seed, key):
            meta[key] = getattr(seed, key)
    meta["tags"] = list(seed.tags)
    if extra:
        meta["tags"] = list(dict.fromkeys([*seed.tags, *extra.get("tags", [])]))
        meta.update({k: v for k, v in extra.items() if k != "tags"})
    if seed.tickers:
        meta["tickers"] = [{"symbol": t.symbol, "company": t.company} if t.company else t.symbol
                           for t in seed.tickers]
    if seed.raw_title:
        meta["raw_title"] = seed.raw_title
    meta["source"] = source
    if seed.source_url:
        meta["source_url"] = seed.source_url
    return ContentPage(meta=meta, body=paragraphs_to_markdown(seed.paragraphs))


def _seed_digest(data: bytes, enrich: Enricher | None) -> str:
    """Changes when the seed or the code that turns it into a page changes."""
    extraction = enrich.recipe if isinstance(enrich, Enrichment) else EXTRACTOR_VERSION if enrich else "plain"
    recipe = f"{__version__}:{extraction}:wire{WIRE_VERSION}:".encode()
    return hashlib.sha256(recipe + data).hexdigest()


def _extractor_record(enrich: Enricher | None) -> dict[str, Any]:
    """Which extractor wrote the pages, for people reading the manifest (the seed digests
    already change with it)."""
    if isinstance(enrich, Enrichment):
        return {"extractor": {"name": enrich.extractor_name, "version": enrich.extractor_version}}
    return {}


def _unchanged(content_dir: Path, entry: Entry) -> bool:
    """The page still holds exactly what ingest last wrote there."""
    if not _inside(content_dir, entry["content_file"]):
        return False
    try:
        return bool(page_sha256((content_dir / entry["content_file"]).read_text(encoding="utf-8")) == entry["sha256"])
    except (OSError, UnicodeDecodeError):
        return False


def _inside(base: Path, rel: str) -> bool:
    target = (base / rel).resolve()
    return target.is_relative_to(base.resolve()) and not Path(rel).is_absolute()


def _content_files_by_source(content_dir: Path, content_files: set[str]) -> dict[str, str]:
    """source seed → content file, from the `source` key of each file's front matter (read
    by the one front-matter parser; a page it cannot read names no seed)."""
    found: dict[str, str] = {}
    for content_file in sorted(content_files):
        try:
            text = (content_dir / content_file).read_text(encoding="utf-8", errors="replace")
            # Parsing YAML costs ten times reading the file: only a page that can name a seed is parsed.
            meta = parse_page(text).meta if "source" in text else {}
        except (OSError, FrontMatterError):
            continue
        source = meta.get("source")
        if isinstance(source, str) and source.strip():
            found.setdefault(source.strip(), content_file)
    return found


_SLUG_LINE = re.compile(r"""^slug:[ \t]*(['"]?)([a-z0-9-]+)\1[ \t]*(?:#.*)?$""", re.MULTILINE)


def _slugs_of_pages(content_dir: Path, content_files: set[str]) -> dict[str, str]:
    """slug → content file, for every page: the slug its front matter gives, or its title
    makes (as a build reads it), so that no seed takes the address of a page written
    by hand. A plain `slug:` line is read as it is; only other pages are parsed."""
    found: dict[str, str] = {}
    for content_file in sorted(content_files):
        try:
            text = (content_dir / content_file).read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        front_matter = text.split("\n---", 1)[0] if text.startswith("---") else ""
        line = _SLUG_LINE.search(front_matter)
        if line is not None:
            slug: str | None = line.group(2)
        else:
            article, _problems = read_article(content_file, text)
            slug = article.slug if article is not None else None
        if slug is not None:
            found.setdefault(slug, content_file)
    return found


PREPARE_CHUNK = 16  # seeds per task handed to a worker


def prepare_seed(enrich: Enricher | None, path: Path) -> Prepared:
    """Read, parse and enrich one seed: the costly, independent part of ingest."""
    try:
        seed = parse_seed(decode_seed(path.read_bytes()))
        return Parsed(seed, enrich(seed) if enrich is not None else {})
    except SeedError as exc:
        return Refused(str(exc))
    except OSError as exc:
        return Refused(f"cannot be read ({exc.strerror})")


def prepare_seeds(paths: list[Path], enrich: Enricher | None, jobs: int) -> Iterator[Prepared]:
    """prepare_seed over `paths`, in order, in `jobs` forked processes when that pays."""
    workers = jobs if len(paths) >= 4 * PREPARE_CHUNK else 1
    if isinstance(enrich, Enrichment) and enrich.extractor is not None:
        # Parse in the workers; one long-running external command extracts from all of them.
        return enrich.stream(fork_map(prepare_seed, None, paths, workers, chunksize=PREPARE_CHUNK))
    return fork_map(prepare_seed, enrich, paths, workers, chunksize=PREPARE_CHUNK)


def _name_problem(name: str) -> str | None:
    """Why a seed's file name cannot be ingested, or None. The name becomes text (the
    page's `source:`, the manifest's key), so it must be UTF-8 (os.fsdecode keeps other
    bytes as surrogates) without control characters (XML forbids most of them)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return "its file name is not valid UTF-8 (the bytes shown as \\xNN); rename the file and ingest again"
    if any(unicodedata.category(char) == "Cc" for char in name):
        return ("its file name holds control characters (shown escaped, like \\n or \\x1b); rename the file "
                "and ingest again")
    return None


def seed_files(seeds_dir: Path) -> Listing:
    """Every seed under `seeds_dir` (hidden files left out), and the files refused:
    links leading out of the folder or to nothing, named pipes and the like."""
    return walk(seeds_dir)


def ingest(seeds_dir: Path, content_dir: Path, force: bool = False, enrich: Enricher | None = enrich_seed,
           progress: Callable[[Path], object] | None = None, jobs: int = 1) -> IngestReport:
    """Every seed under `seeds_dir` into `content_dir`; one ingest at a time per content folder."""
    with exclusive(content_dir / f"{MANIFEST}.lock", f"the content folder {content_dir.name}/"):
        return _ingest(seeds_dir, content_dir, force, enrich, progress, jobs)


@dataclass(frozen=True)
class SeedJob:
    """A seed to parse and write a page from."""

    source: str  # its path under seeds/, the page's `source` and the manifest's key
    file: Path
    seed_digest: str
    entry: Entry | None  # what the manifest holds for it


def _ingest(seeds_dir: Path, content_dir: Path, force: bool, enrich: Enricher | None,
            progress: Callable[[Path], object] | None, jobs: int) -> IngestReport:
    """Plan (which seeds need work), parse (in workers), write (one page at a time)."""
    report = IngestReport()
    manifest = load_manifest(content_dir)
    listing = seed_files(seeds_dir)
    jobs_to_do = _changed_seeds(_readable_seeds(seeds_dir, listing, enrich, report), content_dir, manifest, force,
                                progress, report)
    writer = PageWriter(content_dir, manifest)
    pages = _Pages(content_dir, manifest, force, report, writer)
    try:
        _write_pages(jobs_to_do, prepare_seeds([job.file for job in jobs_to_do], enrich, jobs), progress, pages)
        failed = pages.failed + writer.finish(_extractor_record(enrich))
    except OSError as exc:  # writing the manifest itself failed: the journal still holds the record
        raise IngestError(write_failure(exc, f"{folder_name(content_dir)}{MANIFEST}") + f"; what this run "
                          f"wrote is recorded in {JOURNAL}, which the next ingest reads") from None
    finally:
        writer.close()
    for source, content_file, why in failed:
        report.written.remove(content_file)
        report.failed.append((source, why))
    report.failed.sort()
    seen_sources = set(listing.files)
    report.orphaned = sorted(entry["content_file"] for source, entry in manifest.items()
                             if source not in seen_sources and (content_dir / entry["content_file"]).exists())
    return report


def _readable_seeds(seeds_dir: Path, listing: Listing, enrich: Enricher | None,
                    report: IngestReport) -> list[tuple[str, Path, str]]:
    """(source, file, digest) of each seed not refused by its name or size; those refused go
    to `report` here."""
    readable: list[tuple[str, Path, str]] = []
    report.failed += listing.skipped
    for source in listing.files:
        file = seeds_dir / source
        name_problem = _name_problem(source)
        if name_problem:
            report.failed.append((source, name_problem))
            continue
        try:
            if file.stat().st_size > MAX_SEED_BYTES:
                raise SeedError(f"it is larger than {MAX_SEED_BYTES // (1024 * 1024)} MB; split it or trim it")
            readable.append((source, file, _seed_digest(file.read_bytes(), enrich)))
        except SeedError as exc:
            report.failed.append((source, str(exc)))
        except OSError as exc:
            report.failed.append((source, f"cannot be read ({exc.strerror})"))
    return readable


def _changed_seeds(readable: list[tuple[str, Path, str]], content_dir: Path, manifest: dict[str, Entry],
                   force: bool, progress: Callable[[Path], object] | None, report: IngestReport) -> list[SeedJob]:
    """The seeds that need parsing: all with `force`, else those not unchanged (same seed, same
    code, page as ingest left it), which go to `report` here."""
    todo: list[SeedJob] = []
    for source, file, seed_digest in readable:
        entry = manifest.get(source)
        if not force and entry and entry.get("seed") == seed_digest and _unchanged(content_dir, entry):
            report.unchanged.append(entry["content_file"])
            if progress:
                progress(file)
            continue
        todo.append(SeedJob(source, file, seed_digest, entry))
    return todo


def _alias_moved_page(path: Path, text: str, old_url: str) -> bool | None:
    """A person changed the slug (or section) of a page ingest wrote at `old_url`: add
    that address to the page's `aliases`, so links to it keep working. The address is
    added to the end of the list (a new `aliases` line when there is none); the rest
    of the person's page is left exactly as it is. True when it was added, False when
    there was nothing to add (the address is unchanged or already listed, or the
    page does not parse: build reports that), None when it should be added but the
    page's `aliases` cannot take it (it is not a list)."""
    try:
        meta = parse_page(text).meta
    except FrontMatterError:
        return False
    slug, section = meta.get("slug"), meta.get("section")
    if not isinstance(slug, str) or not isinstance(section, str):
        return False
    if f"{section_slug(section)}/{slug}/" == old_url:
        return False
    aliases = meta.get("aliases")
    if isinstance(aliases, list) and alias_file(old_url) in {alias_file(a) for a in aliases if isinstance(a, str)}:
        return False
    edited = add_to_list(text, "aliases", old_url)
    if edited is None:
        return None
    write_atomic(path, edited)
    return True


class _Pages:
    """Writes the page of each parsed seed: decides where it goes and whether it may be
    written, and records what became of it in the report."""

    def __init__(self, content_dir: Path, manifest: dict[str, Entry], force: bool, report: IngestReport,
                 writer: PageWriter) -> None:
        existing = set(content_files(content_dir))
        recorded = {entry["content_file"] for entry in manifest.values()}
        self.content_dir, self.force, self.report, self.writer = content_dir, force, report, writer
        self.page_slugs = _slugs_of_pages(content_dir, existing)
        self.taken_slugs = {Path(content_file).stem for content_file in existing | recorded} | set(self.page_slugs)
        self.content_files_by_source = _content_files_by_source(content_dir, existing - recorded)
        self.failed: list[tuple[str, str, str]] = []  # (seed, content file, why) of pages the writer could not write
        # The number the next new page of the folder gets: the order pages arrived in, one run's in
        # its seeds' file-name order. Kept in the manifest, as a page's front matter may be edited.
        self.next_arrival = 1 + max((arrival for entry in manifest.values()
                                     if isinstance(arrival := entry.get("arrival"), int)), default=0)

    def place(self, job: SeedJob, seed: Seed) -> tuple[str, str, Entry | None]:
        """(content file, slug, the seed's manifest entry, None when the page is a person's):
        the content file the manifest names, a page that names the seed as its `source` (the
        manifest lost it: the page is the person's), or a new file under a slug no other page has."""
        if job.entry and _inside(self.content_dir, job.entry["content_file"]):
            return job.entry["content_file"], Path(job.entry["content_file"]).stem, job.entry
        if job.source in self.content_files_by_source:
            content_file = self.content_files_by_source[job.source]
            return content_file, Path(content_file).stem, None
        wanted = make_slug(seed.slug or seed.title, job.source)
        slug = unique_slug(wanted, job.source, self.taken_slugs)
        self.taken_slugs.add(slug)
        content_file = f"{_section_folder(seed.section)}/{slug}.md"
        if wanted in self.page_slugs:
            self.report.slug_taken.append((job.source, wanted, self.page_slugs[wanted], content_file))
        return content_file, slug, job.entry

    def arrival(self, entry: Entry | None) -> int:
        """The page's place in the order the folder received its pages: the one its manifest
        entry records, else the next number (a new page, or one ingested before arrivals were
        recorded, which gets its number the next time ingest writes it)."""
        recorded = entry.get("arrival") if entry else None
        if isinstance(recorded, int) and not isinstance(recorded, bool) and recorded >= 1:
            return recorded
        self.next_arrival += 1
        return self.next_arrival - 1

    def write(self, job: SeedJob, parsed: Parsed) -> None:
        """Write the page unless it holds the text already, or a person edited it (then, if
        they moved it, add its old address to its aliases), or it would be written through a
        link leading out of the content folder."""
        seed = readable(parsed.seed)  # its slug comes from the readable headline
        content_file, slug, entry = self.place(job, seed)
        path = self.content_dir / content_file
        folder = folder_name(self.content_dir)
        link = bad_link(path, self.content_dir)
        if link is not None:
            self.report.failed.append((job.source, f"its page {folder}{printable(content_file)} is not written: "
                                                   + link.reason(folder, content_file)))
            return
        arrival = self.arrival(entry)
        text = render_page(seed_to_page(seed, slug, job.source, parsed.extra, arrival))
        new_entry = {"content_file": content_file, "sha256": page_sha256(text), "seed": job.seed_digest,
                     "arrival": arrival}
        before = None
        if path.exists():
            current = path.read_text(encoding="utf-8", errors="replace")
            before = page_sha256(current)
            if current == text:
                self.report.unchanged.append(content_file)
                self.writer.record(job.source, new_entry)
                return
            untouched = entry is not None and entry["content_file"] == content_file and before in known_hashes(entry)
            if not (untouched or self.force):
                self.report.kept.append(content_file)
                old_url = f"{_section_folder(parsed.seed.section)}/{slug}/"
                added = _alias_moved_page(path, current, old_url)
                if added:
                    self.report.aliased.append((content_file, old_url))
                elif added is None:
                    self.report.not_aliased.append((content_file, old_url))
                return  # the manifest keeps the old hash: the page stays the person's
        self.report.written.append(content_file)
        self.failed += self.writer.write(job.source, new_entry, text, before)


def _section_folder(section: str) -> str:
    return section_slug(section)


def _write_pages(todo: list[SeedJob], prepared: Iterator[Prepared], progress: Callable[[Path], object] | None,
                 pages: _Pages) -> None:
    """The page of every seed in `todo`, as its parsed outcome arrives."""
    for job, outcome in zip(todo, prepared, strict=True):
        if progress:
            progress(job.file)
        if isinstance(outcome, Refused):
            pages.report.failed.append((job.source, outcome.reason))
        else:
            pages.write(job, outcome)
