"""Sharded builds: `build --shard K/N` makes the K-th of N parts of the site into a
folder of its own, with a manifest naming the files it wrote and the build they
belong to; build.assemble merges the parts into the site.

The page groups of each stage are dealt round-robin in the order the build walks
them (stage_groups): each family's groups lie together there, so every part gets
about 1/N of each kind of page, which balances the work and not only the count.
The pictures and static files go to the first part. What needs the whole site is
made once the parts are together: the sitemap of every page, the redirects around
every file, and the search indexes, Pagefind's and the file:// one, both made from
all articles at once (their files depend on all of them, not on one article each)."""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from site_builder.build.make import GroupMaker, KeptGroups, MakeJob, Writer
from site_builder.build.plan import Prepared
from site_builder.build.publish import open_staging
from site_builder.build.render import write_files  # the build's own, so the files are the same
from site_builder.core.digests import digest
from site_builder.core.errors import BuildError, SiteBuilderError
from site_builder.core.files import printable, write_failure
from site_builder.core.layout import MARKER
from site_builder.pages.families import ARTICLES, LISTS, stage_groups
from site_builder.pages.group import PageGroup
from site_builder.publish.output import publish

FORMAT = 1  # of the manifest; parts of another format are refused
# In each part's folder, beside the list of its files (MARKER); not hidden, as CI artifact
# uploads leave hidden files out by default and a part without it cannot be assembled.
MANIFEST = "site-builder-part.json"
OPTIONS = ("search", "strict", "drafts", "future")  # the build's options a part records, for assemble


class ShardError(SiteBuilderError, ValueError):
    pass


@dataclass(frozen=True)
class Shard:
    """The part `number` (1 to `count`) of a build in `count` parts."""

    number: int
    count: int

    def owns(self, position: int) -> bool:
        """Whether the page group at `position` (counted over all stages) is this part's."""
        return position % self.count == self.number - 1

    def folder(self, out: Path) -> Path:
        """The part's folder when none is named: beside the output folder `out`."""
        return out.with_name(f"{out.name}-part-{self.number}-of-{self.count}")


def parse_shard(text: str) -> Shard:
    """"K/N" as a Shard, or ShardError saying what is wrong."""
    found = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", text)
    if found is None:
        raise ShardError(f"{text!r} is not a part of a build; give it as K/N, like 2/3 for the second of three parts")
    number, count = int(found[1]), int(found[2])
    if count < 1:
        raise ShardError(f"{text!r} splits the build into no part; N must be 1 or more")
    if not 1 <= number <= count:
        raise ShardError(f"{text!r} names part {number} of {count}; K must be from 1 to {count}")
    return Shard(number, count)


def build_digest(prepared: Prepared) -> str:
    """What every part of one build shares: its inputs (content, settings, theme,
    options) and the articles as published at its clock (an embargo lifted between
    two parts' builds makes them parts of different sites)."""
    return digest(prepared.scanned.inputs, prepared.model.listing)


@dataclass
class Dealer:
    """Deals the page groups of the stages, one after another, among the parts."""

    shard: Shard
    dealt: int = 0  # groups of the stages before

    def part(self, stage: Callable[[], Iterator[PageGroup]]) -> Callable[[], Iterator[PageGroup]]:
        """The groups of `stage` this part makes; each call walks them anew (see GroupMaker.make)."""
        start = self.dealt
        self.dealt += sum(1 for _ in stage())

        def mine() -> Iterator[PageGroup]:
            return (group for position, group in enumerate(stage(), start) if self.shard.owns(position))
        return mine


@dataclass(frozen=True)
class Part:
    """What one part wrote: every file with its key, and which of them are pages (the sitemap lists them)."""

    files: dict[str, str]
    pages: list[str]


def render_part(prepared: Prepared, writer: Writer, shard: Shard) -> Part:
    """This part's page groups, and its share of the other files, into `writer`'s folder."""
    request, model, site = prepared.request, prepared.model, prepared.model.site
    keys: dict[str, str] = {}
    groups = KeptGroups({}, None, {}, keys, writer, request.out)
    maker = GroupMaker(MakeJob(model.env, model.site_data, model.page_key, {}, writer, request.out, frozenset(),
                               request.plugins), groups, request.jobs, request.progress)
    dealer = Dealer(shard)
    for stage in (ARTICLES, LISTS):
        maker.make(dealer.part(functools.partial(stage_groups, site, stage)))
    if shard.number == 1:
        write_files(prepared, writer, keys)
    return Part(keys, maker.listed)


def manifest(prepared: Prepared, shard: Shard, part: Part) -> dict[str, Any]:
    """The part's manifest: enough for assemble to check the parts belong together and
    to build the model they were made from again (the options, the base URL, the clock)."""
    request = prepared.request
    content = request.content_dir.resolve()
    root = request.config.root.resolve()
    return {"format": FORMAT, "part": shard.number, "parts": shard.count, "build": build_digest(prepared),
            "options": {"search": request.with_search, "strict": request.strict, "drafts": request.drafts,
                        "future": request.future},
            "base_url": request.config.base_url,
            "content": content.relative_to(root).as_posix() if content.is_relative_to(root) else str(content),
            "clock": request.clock.isoformat(),
            "files": dict(sorted(part.files.items())), "pages": sorted(part.pages),
            # the Pagefind bundles, by the first part only: assemble starts Pagefind before the model is made
            "bundles": prepared.model.bundles if shard.number == 1 else {}}


def write_part(prepared: Prepared, shard: Shard) -> Part:
    """The part made in a staging folder and put in place of its folder when whole."""
    out = prepared.request.out
    staging = open_staging(out, None, None)
    writer = staging.writer
    try:
        part = render_part(prepared, writer, shard)
        writer.write(MANIFEST, json.dumps(manifest(prepared, shard, part), ensure_ascii=False, indent=1) + "\n")
        writer.write(MARKER, "\n".join(sorted([*part.files, MANIFEST])) + "\n")
        publish(writer.base, out)
    except OSError as exc:
        shutil.rmtree(writer.base, ignore_errors=True)
        raise BuildError(write_failure(exc, f"the part into {printable(out)}")) from None
    except BaseException:
        shutil.rmtree(writer.base, ignore_errors=True)
        raise
    return part


def read_manifest(folder: Path) -> dict[str, Any]:
    """A part's manifest, or ShardError naming the folder and what is wrong with it."""
    name = printable(os.fspath(folder))
    try:
        text = (folder / MANIFEST).read_text(encoding="utf-8")
    except FileNotFoundError:
        what = "does not exist" if not folder.exists() else f"holds no {MANIFEST}"
        raise ShardError(f"{name} {what}: it is not a part of a sharded build (made by "
                         "`site-builder build --shard K/N`)") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ShardError(f"cannot read the manifest of the part {name}: {exc}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        data = None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ShardError(f"the manifest of the part {name} is not one this version of site-builder reads; "
                         "build the parts again with this version")
    if any(not isinstance(data.get(key), kind) for key, kind in _FIELDS.items()):
        raise ShardError(f"the manifest of the part {name} is damaged; build that part again")
    return data


_FIELDS = {"part": int, "parts": int, "build": str, "options": dict, "base_url": str, "content": str, "clock": str,
           "files": dict, "pages": list, "bundles": dict}  # what a manifest holds, each of its type
