"""`site-builder assemble`: the parts of a sharded build (build.shard) checked to be
the N parts of one build, merged into a staging folder (hard links, so no copying),
completed with what needs the whole site (the sitemap, the 404 page, robots.txt, the
redirects, the Pagefind index) and swapped in as the live site, as a build's is."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import os
import shutil
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from site_builder.build.index import OfflineIndexJob, offline_index, run_indexer
from site_builder.build.load import Request, Scanned, load, look_at_output, scan
from site_builder.build.make import GroupMaker, KeptGroups, MakeJob, Writer
from site_builder.build.model import model
from site_builder.build.plan import Plan, Prepared
from site_builder.build.publish import open_staging
from site_builder.build.render import Indexing, write_redirects  # the build's own, so the redirects are the same
from site_builder.build.run import build_request
from site_builder.build.shard import OPTIONS, ShardError, build_digest, read_manifest
from site_builder.core import gc_pause
from site_builder.core.config import Config
from site_builder.core.errors import BuildError, Problem
from site_builder.core.files import printable, write_failure
from site_builder.core.layout import MARKER
from site_builder.core.workers import aside, exclusive, standby
from site_builder.pages.families import CLOSING, stage_groups
from site_builder.publish.output import carry_over_foreign_files, html_pages, publish
from site_builder.search.offline import Fingerprints


@dataclass
class Assembled:
    pages: int = 0
    articles: int = 0
    parts: int = 0
    seconds: float = 0.0
    out: Path = Path("public")
    problems: list[Problem] = field(default_factory=list)
    carried: list[str] = field(default_factory=list)


def check_parts(folders: Sequence[Path]) -> list[tuple[Path, dict[str, Any]]]:
    """The parts' folders with their manifests, in the order of their numbers, once they
    are known to be the N parts of one build, each once; else ShardError saying why."""
    if not folders:
        raise ShardError("no part was given; name the folders of every part of the build")
    parts = [(folder, read_manifest(folder)) for folder in folders]
    first_folder, first = parts[0]
    count = first["parts"]
    by_number: dict[int, Path] = {}
    for folder, data in parts:
        name, first_name = printable(str(folder)), printable(str(first_folder))
        if data["parts"] != count:
            raise ShardError(f"{name} is part of a build in {data['parts']} parts, {first_name} of one in {count}; "
                             "give the parts of one build")
        if data["build"] != first["build"]:
            raise ShardError(f"{name} and {first_name} are parts of different builds (other content, settings or "
                             "options); build every part from the same sources with the same options")
        number = data["part"]
        if not isinstance(number, int) or not 1 <= number <= count:
            raise ShardError(f"{name} names itself part {number} of {count}, which cannot be; build it again")
        if number in by_number:
            raise ShardError(f"{printable(str(by_number[number]))} and {name} are both part {number} of {count}; "
                             "give each part once")
        by_number[number] = folder
    missing = [str(n) for n in range(1, count + 1) if n not in by_number]
    if missing:
        raise ShardError(f"part {', '.join(missing)} of {count} is missing; give the folders of all {count} parts")
    ordered = sorted(parts, key=lambda part: int(part[1]["part"]))
    _check_overlap(ordered)
    return ordered


def _check_overlap(parts: list[tuple[Path, dict[str, Any]]]) -> None:
    """No file in two parts, unless both made it the same (the same key)."""
    owner: dict[str, tuple[Path, str]] = {}
    for folder, data in parts:
        for rel, key in data["files"].items():
            other = owner.setdefault(rel, (folder, key))
            if other[1] != key:
                raise ShardError(f"{printable(str(other[0]))} and {printable(str(folder))} both hold {printable(rel)}, "
                                 "and not the same; the parts do not belong together: build them again")


def assemble(config: Config, folders: Sequence[Path], out: Path | None = None, jobs: int = 1) -> Assembled:
    """The parts in `folders` merged into `out` (default the output folder of site.toml),
    completed, and swapped in. The project's content and settings are read again for
    the model the closing pages are made from: they must be those the parts were built from."""
    started = time.perf_counter()
    parts = check_parts(folders)
    made = parts[0][1]
    options = {name: bool(made["options"][name]) for name in OPTIONS}
    config = dataclasses.replace(config, base_url=made["base_url"])
    request = build_request(config, out=out, content=config.root / made["content"], strict=options["strict"],
                            search=options["search"], drafts=options["drafts"], future=options["future"],
                            now=dt.datetime.fromisoformat(made["clock"]), jobs=jobs, use_cache=False)
    out = request.out
    inside = next((folder for folder, _ in parts if out == folder.resolve() or out.is_relative_to(folder.resolve())),
                  None)
    if inside is not None:
        raise ShardError(f"cannot assemble into {printable(str(inside))}, a part being assembled; "
                         "choose another output folder, like public/")
    scanned = scan(request)
    with exclusive(out.parent / f".{out.name}.lock", f"the output folder {out.name}/"), gc_pause.settling(), \
            contextlib.ExitStack() as side:  # processes working beside this one
        # The search indexer runs a binary: it is forked now, while this process is small.
        indexer = side.enter_context(standby(run_indexer, None)) if request.with_search else None
        writer = open_staging(out, None, None).writer
        try:
            result, written = _merge(Merging(request, scanned, parts, side, indexer.send if indexer else None), writer)
            publish(writer.base, out)
        except OSError as exc:
            side.close()
            shutil.rmtree(writer.base, ignore_errors=True)
            what = printable(exc.filename) if exc.filename else "the site"
            raise BuildError(write_failure(exc, what) + "; the previous site is unchanged") from None
        except BaseException:
            side.close()
            shutil.rmtree(writer.base, ignore_errors=True)
            raise
    request.plugins.site_written(out, written)
    result.pages = len(html_pages([*written, *result.carried]))
    result.seconds = time.perf_counter() - started
    return result


@dataclass(frozen=True)
class Merging:
    """What the merge works from: the build asked again, the parts, the processes beside."""

    request: Request
    scanned: Scanned
    parts: list[tuple[Path, dict[str, Any]]]
    side: contextlib.ExitStack
    indexer: Indexing | None


def _merge(merging: Merging, writer: Writer) -> tuple[Assembled, list[str]]:
    """The parts linked into the staging folder, Pagefind started on their article pages,
    the model made again meanwhile and checked against the parts', the rest made from it
    (the file:// index in a process beside this one, as a build makes it)."""
    request, scanned, parts, out = merging.request, merging.scanned, merging.parts, merging.request.out
    keys, pages = _link_parts(writer, parts)
    bundles = parts[0][1]["bundles"]  # part 1 records them: Pagefind need not wait for the model
    indexing = merging.indexer((writer.base, request.config.language, bundles)) if merging.indexer else lambda: None
    loaded = load(request, scanned, None)
    model_ = model(request, scanned, loaded, None)
    prepared = Prepared(request, scanned, look_at_output(out, None), loaded, model_, Plan({}, {}, None), None)
    if build_digest(prepared) != parts[0][1]["build"] or model_.bundles != bundles:
        raise ShardError(f"the parts were built from other content, settings or options than this project's "
                         f"({printable(str(parts[0][0]))}, for one); build them again from these sources")
    offline_job = OfflineIndexJob(model_.site, None, {}, out, writer, Fingerprints(()), loaded.corrections)
    index_offline = merging.side.enter_context(aside(offline_index, offline_job, None))
    maker = GroupMaker(MakeJob(model_.env, model_.site_data, model_.page_key, {}, writer, out, frozenset(),
                               request.plugins),
                       KeptGroups({}, None, {}, keys, writer, out), 1)
    maker.listed += pages
    for group in stage_groups(model_.site, CLOSING, maker.listed):
        maker.make_here(group)
    keys.update(index_offline()[1])
    write_redirects(prepared, maker, keys)  # around every other file, the search index's too
    indexing()
    written = set(keys)
    written.update(p.relative_to(writer.base).as_posix() for bundle in bundles
                   for p in (writer.base / bundle).rglob("*") if p.is_file())
    result = Assembled(articles=len(loaded.articles), parts=len(parts), out=out, problems=loaded.problems,
                       carried=carry_over_foreign_files(out, writer.base, prepared.looked.foreign))
    writer.write(MARKER, "\n".join(sorted(written)) + "\n")
    return result, sorted(written)


def _link_parts(writer: Writer, parts: list[tuple[Path, dict[str, Any]]]) -> tuple[dict[str, str], list[str]]:
    """Every part's files, hard-linked into the new staging folder (copied where links
    fail): their keys, and the pages among them."""
    keys: dict[str, str] = {}
    pages: set[str] = set()
    folders: set[str] = set()
    base = writer.base
    for folder, data in parts:
        for rel, key in data["files"].items():
            if rel in keys:
                continue  # the same file, from another part
            if rel.startswith("/") or ".." in rel.split("/"):
                raise ShardError(f"the manifest of the part {printable(str(folder))} names {printable(rel)}, "
                                 "outside the site; build that part again")
            parent = os.path.dirname(rel)
            if parent not in folders:
                os.makedirs(base / parent, exist_ok=True)
                folders.add(parent)
            _link(folder / rel, base / rel, folder, rel)
            keys[rel] = key
        pages.update(data["pages"])
    return keys, sorted(pages)


def _link(source: Path, target: Path, folder: Path, rel: str) -> None:
    try:
        os.link(source, target, follow_symlinks=False)
    except FileNotFoundError:
        raise ShardError(f"{printable(str(folder))} lacks {printable(rel)}, which its manifest lists; "
                         "build that part again") from None
    except OSError:  # another file system: a copy
        shutil.copy2(source, target)
