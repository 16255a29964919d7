"""Evaluate `site-builder entities` against CoNLL-style gold annotations.

Usage: python scripts/eval_entities.py [PATH]

PATH defaults to the CoNLL-2003 file kept beside the project checkout. Figures are printed for
the `train` split (the rules are tuned on it), the `dev` split (held out: never study its
errors; it is the honest figure) and a `test` split when the file has one. Gold PER/ORG/LOC map
to person/organization/place; MISC gold is not scored. A prediction whose span equals a MISC
span exactly is reported both ways: ignored (the main table) and counted as a false positive
(the line after it), since a reader sees such a name on a page either way.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

GOLD_TYPES = {"PER": "person", "ORG": "organization", "LOC": "place"}
TYPES = ("person", "organization", "place")
# A document is "table-like" when most of its lines are mostly numbers (sports results, market
# tables): more than half of its non-empty lines have at least 40% of their whitespace-separated
# fields containing a digit. Such text has no sentence structure for the rules to use.
TABLE_LINE_NUMERIC_SHARE = 0.4
TABLE_DOC_LINE_SHARE = 0.5


def default_corpus_path() -> Path:
    return Path(__file__).resolve().parents[2] / "shared/corpus/conll2003/ner.jsonl"


@dataclass
class Counts:
    tp: Counter = field(default_factory=Counter)
    fp: Counter = field(default_factory=Counter)
    fn: Counter = field(default_factory=Counter)

    def add(self, gold: set[tuple], pred: set[tuple], ignored: set[tuple]) -> None:
        for item in pred & gold:
            self.tp[item[0]] += 1
        for item in pred - gold:
            if item[1:] not in ignored:
                self.fp[item[0]] += 1
        for item in gold - pred:
            self.fn[item[0]] += 1


def is_table_like(text: str) -> bool:
    lines = [line.split() for line in text.split("\n") if line.strip()]
    if not lines:
        return False
    tabular = sum(
        1 for fields in lines
        if sum(any(c.isdigit() for c in f) for f in fields) / len(fields) >= TABLE_LINE_NUMERIC_SHARE
    )
    return tabular / len(lines) > TABLE_DOC_LINE_SHARE


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def report_misc_as_errors(counts: Counts) -> None:
    tp, fp, fn = (sum(c.values()) for c in (counts.tp, counts.fp, counts.fn))
    p, r, f = prf(tp, fp, fn)
    by_type = "  ".join(f"{etype} {prf(counts.tp[etype], counts.fp[etype], counts.fn[etype])[2]:.3f}"
                        for etype in TYPES)
    print(f"    MISC spans counted as false positives: overall P {p:.3f} R {r:.3f} F1 {f:.3f}  ({by_type})")


def report(title: str, counts: Counts) -> None:
    print(f"  {title}")
    print(f"    {'type':<13}{'P':>7}{'R':>7}{'F1':>7}{'tp':>7}{'fp':>7}{'fn':>7}")
    for etype in (*TYPES, "overall"):
        if etype == "overall":
            tp, fp, fn = (sum(c.values()) for c in (counts.tp, counts.fp, counts.fn))
        else:
            tp, fp, fn = counts.tp[etype], counts.fp[etype], counts.fn[etype]
        p, r, f = prf(tp, fp, fn)
        print(f"    {etype:<13}{p:7.3f}{r:7.3f}{f:7.3f}{tp:7d}{fp:7d}{fn:7d}")


def predict(docs: list[dict]) -> tuple[dict[str, list[dict]], float]:
    """Run `site-builder entities` over the documents, as a user would; returns the
    entities per document id and the seconds the command took."""
    request = "".join(json.dumps({"id": d["id"], "text": d["text"]}) + "\n" for d in docs)
    began = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "site_builder", "entities"], input=request,
                          capture_output=True, text=True, cwd=REPO)
    elapsed = time.perf_counter() - began
    if done.returncode != 0:
        raise SystemExit(f"site-builder entities failed:\n{done.stderr}")
    answers = [json.loads(line) for line in done.stdout.splitlines()]
    return {a["id"]: a["entities"] for a in answers}, elapsed


SPLITS = ("train", "dev", "test")  # in this order; a split the file lacks is left out


def evaluate(path: Path) -> None:
    """Figures per split: rules are tuned on `train`; `dev` (and `test`) are the held-out, honest figures."""
    docs = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    present = {doc.get("split", "train") for doc in docs}
    unknown = sorted(present - set(SPLITS))
    if unknown:
        raise SystemExit(f"{path}: unknown split {', '.join(unknown)}; expected train, dev or test")
    groups = {(split, prose): (Counts(), Counts(), Counts()) for split in SPLITS if split in present
              for prose in (False, True)}
    n_docs: Counter = Counter()
    predictions, elapsed = predict(docs)
    for doc in docs:
        text = doc["text"]
        split = doc.get("split", "train")
        gold_spans = {(GOLD_TYPES[e["type"]], e["start"], e["end"]) for e in doc["entities"] if e["type"] in GOLD_TYPES}
        misc_spans = {(e["start"], e["end"]) for e in doc["entities"] if e["type"] == "MISC"}
        pred_spans = {(e["type"], s, t) for e in predictions[doc["id"]] for s, t in e["mentions"]}
        gold_names = {(GOLD_TYPES[e["type"]], e["text"]) for e in doc["entities"] if e["type"] in GOLD_TYPES}
        misc_names = {(e["text"],) for e in doc["entities"] if e["type"] == "MISC"}
        pred_names = {(etype, text[s:t]) for etype, s, t in pred_spans}
        for prose in (False, True) if not is_table_like(text) else (False,):
            if (split, prose) not in groups:
                continue
            n_docs[(split, prose)] += 1
            mention_counts, doc_counts, strict_counts = groups[(split, prose)]
            mention_counts.add(gold_spans, pred_spans, misc_spans)
            strict_counts.add(gold_spans, pred_spans, set())
            doc_counts.add(gold_names, pred_names, misc_names)
    for (split, prose), (mention_counts, doc_counts, strict_counts) in groups.items():
        if not n_docs[(split, prose)]:
            continue
        label = "prose-only documents" if prose else "all documents"
        print(f"{split}: {label} ({n_docs[(split, prose)]})")
        report("(a) mention level: exact span + type", mention_counts)
        report_misc_as_errors(strict_counts)
        if not prose:
            report("(b) per-document unique names: (type, surface text)", doc_counts)
    print(f"throughput: {len(docs) / elapsed:.1f} docs/s ({elapsed:.2f} s for {len(docs)} docs through "
          "`site-builder entities`, start-up and data loading included)")


ARTICLE_WORDS = 400
ARTICLE_SAMPLE = 500  # half BBC, half Reuters


def article_throughput(corpus: Path) -> None:
    """Articles/s on one core for 400-word news articles (headline, summary, body), as ingest
    extracts them: entities and tags, CPU time of this process, data loading excluded."""
    from site_builder.ingest.enrich import enrich_seed
    from site_builder.ingest.seed import Seed

    texts: list[Seed] = []
    for name in ("bbc-news", "reuters-21578"):
        path = corpus / name / "articles.jsonl"
        if not path.is_file():
            continue
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                record = json.loads(line)
                words = " ".join(record["paragraphs"]).split()
                if len(words) >= ARTICLE_WORDS:
                    texts.append(Seed(section="News", title=record["title"], summary=record.get("summary") or "",
                                      paragraphs=(" ".join(words[:ARTICLE_WORDS]),)))
                if len(texts) >= ARTICLE_SAMPLE // 2 * (1 + (name != "bbc-news")):
                    break
    if not texts:
        return
    enrich_seed(texts[0])  # load the data packages first
    runs = []
    for _ in range(3):
        began = time.process_time()
        for seed in texts:
            enrich_seed(seed)
        runs.append(time.process_time() - began)
    seconds = sorted(runs)[1]
    print(f"articles: {len(texts) / seconds:.0f} articles/s on one core ({len(texts)} articles of "
          f"{ARTICLE_WORDS} words, entities and tags, median CPU time of 3 runs)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", type=Path, default=default_corpus_path())
    args = parser.parse_args(argv)
    if not args.path.is_file():
        print(f"Cannot evaluate: the gold file {args.path} is missing. The CoNLL-2003 file is kept beside "
              "the checkout as ../shared/corpus/conll2003/ner.jsonl (not part of the project); put it there "
              "or pass another JSON Lines NER file as PATH.", file=sys.stderr)
        return 2
    evaluate(args.path)
    article_throughput(args.path.parents[1])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
