"""The build's publish stage: the staging folder the new site is written into (the
site before last, brought up to date, where the cache kept it), the atomic swap that
makes it the live site, and the cache the next build starts from."""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from pathlib import Path

from site_builder.build.load import tree_files
from site_builder.build.make import Writer
from site_builder.build.plan import Prepared
from site_builder.build.render import Rendered
from site_builder.publish import cache
from site_builder.publish.output import (
    MARKER,
    altered_files,
    carry_over_foreign_files,
    file_stamps,
    folder_times,
    html_pages,
    marker_token,
    previous_dir,
    publish,
    remove_old_previous,
    remove_stale_staging,
    staging_dir,
    take_previous,
)


@dataclass(frozen=True)
class Staging:
    """Where the new site is written, and where the site it replaces goes once it is."""

    writer: Writer  # into the staging folder (writer.base)
    trash: Path | None  # where the older site's files that this build replaces go; deleted once it ends
    keep: Path | None  # where the replaced site is kept for the next build (in the cache)


def open_staging(out: Path, store: cache.BuildCache | None, previous: cache.Published | None) -> Staging:
    """The staging folder. The site before last, kept in the cache by the last build, is
    brought up to date in place of a new folder: only what differs is written, linked or removed."""
    remove_stale_staging(out)
    staging = staging_dir(out)
    older = previous.older if previous else None
    keep = previous_dir(out, store.folder) if store and store.usable else None
    remove_old_previous(out)
    present = tree_files(older) if keep and take_previous(keep, staging, older.token if older else []) \
        and older else {}
    if present and older:  # its files changed in place since it was published are not reused
        for rel in altered_files(staging, {rel: older.stamps.get(rel, []) for rel, key in present.items() if key}):
            del present[rel]
            with contextlib.suppress(OSError):
                os.unlink(staging / rel)
    if not present:
        staging.mkdir(parents=True)
    trash = staging.with_name(staging.name + ".trash") if present else None
    return Staging(Writer(staging, present, trash), trash, keep)


@dataclass(frozen=True)
class Published:
    """The new site, live: its files, those carried over from the old one, and whether
    the old one was kept (for the next build to bring up to date)."""

    written: list[str]
    carried: list[str]
    kept: bool


def swap(prepared: Prepared, staging: Staging, rendered: Rendered) -> Published:
    """The files of the older site the new one lacks removed, the files the build did not
    write carried over, the list of the build's files written, then the swap."""
    out, writer = prepared.request.out, staging.writer
    reused = rendered.bundles.reused
    written = sorted(set(rendered.keys) | {f for files in reused.values() for f in files[1:]})
    writer.remove_all_but(set(written))
    carried = carry_over_foreign_files(out, writer.base, prepared.looked.foreign)
    writer.write(MARKER, "\n".join(written) + "\n")
    kept = publish(writer.base, out, staging.keep if prepared.looked.previous else None)
    return Published(written, carried, kept)


def save_cache(prepared: Prepared, rendered: Rendered, site: Published, pages: int) -> None:
    """What the next build starts from: the parses, the model's facts, the site as published."""
    store, looked, loaded, model = prepared.store, prepared.looked, prepared.loaded, prepared.model
    if store is None:
        return
    out, previous = prepared.request.out, looked.previous
    store.save_parsed_pages(loaded.parsed[1], rendered.fingerprint)
    facts_key, facts_cached = model.facts
    if not facts_cached:
        store.save_model_facts(facts_key, model.site.facts)
    store.save_published(out, cache.Published(
        inputs=prepared.scanned.inputs, token=marker_token(out / MARKER), keys=rendered.keys,
        bundles=rendered.bundles.reused, pages=pages, articles=len(loaded.articles), problems=loaded.problems,
        held_back=loaded.held_back, carried=site.carried, index_docs=rendered.docs,
        folders=folder_times(out, [*site.written, *site.carried, MARKER]),
        # the files changed in place are kept in the older site's list, keyed as no page
        # is, so the build that brings it up to date replaces or removes them
        older=cache.Tree(previous.token, {**previous.keys, **dict.fromkeys(looked.altered, "")}, previous.bundles,
                         looked.foreign, previous.stamps) if site.kept and previous else None,
        stamps=file_stamps(out, site.written),
        release=loaded.release, listing=model.listing, sources=prepared.loaded.sources,
        groups=rendered.maker.reuse.groups, environment=model.page_environment, indexed=rendered.maker.indexed))


def page_count(site: Published) -> int:
    """The HTML pages of the new site, the build's and those carried over."""
    return len(html_pages([*site.written, *site.carried]))
