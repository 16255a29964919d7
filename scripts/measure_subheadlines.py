"""How often the seed parser takes the line after the summary for a sub-headline, on
Reuters-21578 stories written as seeds (section, headline, first paragraph as the
summary, the other paragraphs as the body). Reuters wire copy has no sub-headlines, so
every one found is a paragraph moved above the standfirst by mistake.

Usage: python scripts/measure_subheadlines.py [PATH] [--examples N]

PATH defaults to ../shared/corpus/reuters-21578/articles.jsonl beside the checkout. The
stories are split in two halves by a hash of their id: the rule was tuned on `tune`;
`held out` is the honest figure.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from site_builder.ingest.seed import parse_seed  # noqa: E402

DEFAULT = REPO.parent / "shared/corpus/reuters-21578/articles.jsonl"


def half(story_id: str) -> str:
    return "tune" if int(hashlib.sha1(story_id.encode()).hexdigest(), 16) % 2 == 0 else "held out"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--examples", type=int, default=10, help="sub-headlines to show per half")
    args = parser.parse_args()
    if not args.path.is_file():
        print(f"no corpus at {args.path}; nothing measured")
        return 0
    counts = {"tune": [0, 0], "held out": [0, 0]}
    examples: dict[str, list[str]] = {"tune": [], "held out": []}
    with args.path.open(encoding="utf-8") as handle:
        for line in handle:
            story = json.loads(line)
            paragraphs = story["paragraphs"]
            if len(paragraphs) < 3:  # a sub-headline needs a summary before it and a body after it
                continue
            text = f"{story['section']}\n\n{' '.join(story['title'].split())}\n\n" + "\n\n".join(paragraphs) + "\n"
            which = half(story["id"])
            counts[which][0] += 1
            subheadline = parse_seed(text).subheadline
            if subheadline:
                counts[which][1] += 1
                examples[which].append(f"{story['id']}: {subheadline[:100]}")
    for which, (stories, found) in counts.items():
        print(f"{which}: {found} of {stories} stories ({100 * found / max(stories, 1):.2f}%) get a sub-headline")
        for example in examples[which][:args.examples]:
            print(f"  {example}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
