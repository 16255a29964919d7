"""The shared corpus the benchmarks read (../shared/corpus beside the checkout: Reuters-21578
and BBC News as JSON Lines) and how one of its records becomes a seed. A module of its own so
that run.py, offline_search.py and scale.py share it without importing each other."""

from __future__ import annotations

import json
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus"


def corpus_articles(limit: int) -> list[dict]:
    records: list[dict] = []
    for name in ("reuters-21578/articles.jsonl", "bbc-news/articles.jsonl"):
        path = CORPUS / name
        if path.exists():
            with path.open(encoding="utf-8") as handle:
                records.extend(json.loads(line) for line in handle)
    records.sort(key=lambda r: r["id"])
    return records[:limit]


def write_seed(folder: Path, record: dict) -> None:
    meta = [f"Section: {record['section']}"]
    if record.get("date"):
        meta.append(f"Date: {record['date']}")
    if record.get("tags"):
        meta.append("Tags: " + ", ".join(record["tags"]))
    title = " ".join(record["title"].split()) or "Untitled"
    summary = record.get("summary") or (record["paragraphs"][0] if record["paragraphs"] else title)
    text = "\n".join(meta) + f"\n\n{record['section']}\n\n{title}\n\n{summary}\n\n" + "\n\n".join(record["paragraphs"])
    (folder / f"{record['id']}.txt").write_text(text + "\n", encoding="utf-8")


