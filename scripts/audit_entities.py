"""Audit the entity pages readers see: the pages with the most articles, per type.

Usage: python scripts/audit_entities.py [--side held-out|tune|all] [--top 40] [--limit N]

Reads the Reuters-21578 and BBC News articles kept beside the project checkout
(../shared/corpus), extracts each article's entities as ingest does (`enrich.enrich_seed`,
the built-in rules), then groups them across the archive with the build's own code
(`names.firms_as_organizations`, `names.without_pageless_names`, then `pages.term_rows`, the
site-wide merge of names, as build.py runs them), so the list is the list of entity pages a build would make, with the
number of articles each page lists. No HTML is written.

Each of the top pages per type is scored against the hand-made labels in
scripts/entity_audit_labels.tsv (type, page name, right or wrong, why): a page is right when it
is a real entity, of that type, with a clean name. Pages not yet labelled are listed so they
can be labelled; precision counts labelled pages only and says how many were not.

Articles are split by the first byte of sha1(id): even is the side the rules may be tuned on,
odd is held out and is the figure to report (the default).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
SOURCES = ("reuters-21578", "bbc-news")
LABELS = Path(__file__).with_name("entity_audit_labels.tsv")
TYPES = ("people", "organizations", "places")


@dataclass(frozen=True)
class AuditArticle:
    """What pages.term_rows reads of an article: its tags and its entity references."""

    tags: tuple[str, ...]
    people: tuple[object, ...]
    organizations: tuple[object, ...]
    places: tuple[object, ...]

    def entities(self, kind: str) -> tuple[object, ...]:
        refs: tuple[object, ...] = getattr(self, kind)
        return refs


def side_of(article_id: str) -> str:
    return "tune" if hashlib.sha1(article_id.encode("utf-8")).digest()[0] % 2 == 0 else "held-out"


def corpus_records(side: str, limit: int | None) -> Iterator[dict]:
    count = 0
    for source in SOURCES:
        with (CORPUS / source / "articles.jsonl").open(encoding="utf-8") as handle:
            for line in handle:
                record = json.loads(line)
                if side != "all" and side_of(record["id"]) != side:
                    continue
                yield record
                count += 1
                if limit is not None and count >= limit:
                    return


def extract(records: Iterator[dict]) -> tuple[list[AuditArticle], float]:
    """Every record's entities as ingest writes them into front matter, and the CPU seconds taken."""
    from site_builder.core.model import EntityRef
    from site_builder.ingest.enrich import enrich_seed
    from site_builder.ingest.seed import Seed

    def refs(items: list[object]) -> tuple[EntityRef, ...]:
        return tuple(EntityRef(item) if isinstance(item, str) else
                     EntityRef(item["name"], tuple(item["aliases"])) for item in items)  # type: ignore[index]

    articles = []
    enrich_seed(Seed(section="News", title="Warm-up", paragraphs=("Data loads once.",)))
    began = time.process_time()
    for record in records:
        seed = Seed(section=record["section"], title=" ".join(record["title"].split()),
                    paragraphs=tuple(record["paragraphs"]))
        meta = enrich_seed(seed)
        articles.append(AuditArticle((), *(refs(meta[kind]) for kind in TYPES)))
    return articles, time.process_time() - began


def read_labels() -> dict[tuple[str, str], tuple[str, str]]:
    labels: dict[tuple[str, str], tuple[str, str]] = {}
    with LABELS.open(encoding="utf-8", newline="") as handle:
        for number, row in enumerate(csv.reader(handle, delimiter="\t"), start=1):
            if not row or row[0].startswith("#"):
                continue
            if len(row) != 4 or row[0] not in TYPES or row[2] not in ("right", "wrong"):
                raise SystemExit(f"{LABELS.name}, line {number}: expected 4 tab-separated fields "
                                 f"(type in {', '.join(TYPES)}; name; right or wrong; why), found {row!r}")
            labels[(row[0], row[1])] = (row[2], row[3])
    return labels


def audit(articles: list[AuditArticle], top: int, labels: dict[tuple[str, str], tuple[str, str]]) -> list[str]:
    """Print the top pages per type with their verdicts; return the summary lines."""
    from site_builder.site.names import firms_as_organizations, without_pageless_names
    from site_builder.site.terms import term_rows

    articles = without_pageless_names(firms_as_organizations(articles))  # type: ignore[arg-type]  # as build.py does
    summary = []
    for kind in TYPES:
        rows = term_rows(articles, kind)  # type: ignore[arg-type]
        ranked = sorted(rows, key=lambda row: (-len(row[3]), row[0].casefold(), row[0]))[:top]
        right = wrong = 0
        print(f"\n== {kind}: the {len(ranked)} pages with the most articles (of {len(rows)} pages) ==")
        for rank, (name, _slug, aliases, indexes, _keys) in enumerate(ranked, start=1):
            verdict, why = labels.get((kind, name), ("?", "not labelled"))
            right += verdict == "right"
            wrong += verdict == "wrong"
            shown = f" (also: {', '.join(aliases[:4])}{', ...' if len(aliases) > 4 else ''})" if aliases else ""
            note = f"  [{why}]" if verdict != "right" else ""
            print(f"{rank:3d} {len(indexes):5d}  {verdict:<5} {name}{shown}{note}")
        labelled = right + wrong
        share = f"{right / labelled:.0%}" if labelled else "n/a"
        summary.append(f"{kind:<14} top-{top} right: {right} of {labelled} labelled ({share}); "
                       f"{len(ranked) - labelled} not labelled")
    return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--side", choices=("held-out", "tune", "all"), default="held-out")
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--limit", type=int, default=None, help="read at most this many articles")
    args = parser.parse_args(argv)
    missing = [str(CORPUS / source / "articles.jsonl") for source in SOURCES
               if not (CORPUS / source / "articles.jsonl").is_file()]
    if missing:
        print("audit skipped: the news corpus is not beside this checkout (looked for "
              f"{', '.join(missing)}); put the shared corpus at ../shared/corpus to run it.", file=sys.stderr)
        return 0
    sys.path.insert(0, str(REPO))
    articles, seconds = extract(corpus_records(args.side, args.limit))
    summary = audit(articles, args.top, read_labels())
    print(f"\n{len(articles)} articles ({args.side} side), extracted at {len(articles) / seconds:.0f} "
          "articles/s on one core (CPU time)")
    print("\n".join(summary))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
