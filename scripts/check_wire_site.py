"""A new reader's check of wire copy the project was never tuned on: held-out stories of
Reuters-21578 and BBC News (sha1 of the id with an odd first byte, as docs/entities.md and
audit_entities.py split them) written as seeds, ingested and built, then read on the BUILT
pages as a reader meets them:

- titles in capitals: an article's headline (its h1) or a page's own <title> (before
  " · " and the site's name) with two or more words of letters and no lower-case letter
  ("NORD RESOURCES CORP 4TH QTR NET"); one word ("OPEC") is an acronym, not a shout;
- shouted words: an article's headline holding a word of four or more letters in capitals
  ("Sugar quota IMPORTS detailed") that its own text writes in lower case ("imports");
- ticker marks: a <title>, or an article's text, holding a wire mark like "<NRD>";
- sign-offs: an article whose last paragraph ends in the wire's "REUTER" or "Reuter";
- 1970 dates: a page showing a date in 1970 (a <time> of 1970, or "1 January 1970" and the
  like in its text): the Unix epoch standing in for a missing date;
- duplicate titles: pages whose <title> another page has too.

Usage: python scripts/check_wire_site.py [--limit 1000] [--code DIR] [--keep DIR]

--code runs the site_builder of another checkout (the figures before a change); --keep
builds in that (new) folder and keeps it. Says so and measures nothing without
../shared/corpus beside the checkout.
"""

from __future__ import annotations

import argparse
import hashlib
import html
import json
import re
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))
from corpus import write_seed  # noqa: E402  (benchmarks/corpus.py: a corpus record as a seed)

# The wire's sign-off at the end of a text, as measure_wire.py counts it: independent of the
# code checked, so the figures before and after a change count alike.
SIGN_OFF = re.compile(r"(?:\bREUTERS?|\breuter|[.!?\"]\s+Reuters?)(?:\.\.\.|\^M)?\W{0,3}\s*\Z")
# site_builder's command line from the checkout named first (an editable install of another
# checkout is looked up before sys.path, so its finder is left out; the checkout's themes/ is
# the package site_builder.themes, as an install makes it).
RUN = """import importlib.util, pathlib, sys
sys.meta_path[:] = [f for f in sys.meta_path if "editable" not in getattr(f, "__module__", "")]
root = pathlib.Path(sys.argv.pop(1))
sys.path.insert(0, str(root))
spec = importlib.util.spec_from_file_location("site_builder.themes", root / "themes" / "__init__.py",
                                              submodule_search_locations=[str(root / "themes")])
sys.modules["site_builder.themes"] = importlib.util.module_from_spec(spec)
from site_builder.cli import main
sys.exit(main(sys.argv[1:]))"""
CORPUS = REPO.parent / "shared" / "corpus"
SOURCES = ("reuters-21578/articles.jsonl", "bbc-news/articles.jsonl")
TICKER = re.compile(r"<[A-Z][A-Z0-9.&/-]{0,11}>")
MONTHS = ("January|February|March|April|May|June|July|August|September|October|November|December")
EPOCH_SHOWN = re.compile(rf'<time[^>]*datetime="1970-|\b\d{{1,2}} (?:{MONTHS}) 1970\b|\b(?:{MONTHS}) 1970\b')
CHECKS = ("titles in capitals", "headlines with a shouted word", "titles with a ticker mark",
          "articles with a ticker mark in the text",
          "articles ending in a sign-off", "pages showing a 1970 date", "pages sharing a <title>")


def held_out(article_id: str) -> bool:
    """The side no rule was tuned on: sha1(id) with an odd first byte."""
    return hashlib.sha1(article_id.encode("utf-8")).digest()[0] % 2 == 1


def held_out_records(limit: int) -> list[dict[str, object]]:
    """`limit` held-out stories, half from each corpus (in its order), the rest from the other."""
    sides: list[list[dict[str, object]]] = []
    for name in SOURCES:
        with (CORPUS / name).open(encoding="utf-8") as handle:
            sides.append([record for line in handle if held_out((record := json.loads(line))["id"])])
    first = sides[0][:max(limit - len(sides[1]), (limit + 1) // 2)]
    return first + sides[1][:limit - len(first)]


def _text(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment)).strip()


def in_capitals(text: str) -> bool:
    words = [w for w in text.split() if any(c.isalpha() for c in w)]
    return len(words) >= 2 and not any(c.islower() for c in text)


def shouts(headline: str, paragraphs: list[str]) -> bool:
    """Whether the headline writes in capitals a word of four or more letters that the
    article's text writes in lower case."""
    capitals = {w.lower() for w in re.findall(r"\b[A-Z]{4,}\b", headline)}
    return bool(capitals) and any(re.search(rf"\b{word}\b", text) for word in capitals for text in paragraphs)


def own_title(title: str) -> str:
    """A page's <title> without the site's name after it."""
    return title.rsplit(" \u00b7 ", 1)[0]


def check(public: Path) -> dict[str, int]:
    """The counts of CHECKS on the built site, and the number of pages and articles read."""
    titles: Counter[str] = Counter()
    counts = Counter(dict.fromkeys(CHECKS, 0))
    for page in sorted(public.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        found = re.search(r"<title>(.*?)</title>", text, re.S)
        if found is None or 'http-equiv="refresh"' in text:
            continue  # a redirect page of an old address
        counts["pages"] += 1
        title = html.unescape(found.group(1)).strip()
        titles[title] += 1
        counts["pages showing a 1970 date"] += EPOCH_SHOWN.search(text) is not None
        heading = re.search(r"<h1[^>]*>(.*?)</h1>", text, re.S)
        headline = _text(heading.group(1)) if heading else ""
        counts["titles in capitals"] += in_capitals(own_title(title)) or in_capitals(headline)
        counts["titles with a ticker mark"] += TICKER.search(title) is not None or TICKER.search(headline) is not None
        if '<article class="article"' not in text:
            continue
        counts["articles"] += 1
        body = re.search(r'<div class="body">(.*?)</div>', text, re.S)
        paragraphs = [_text(p) for p in re.findall(r"<p>(.*?)</p>", body.group(1), re.S)] if body else []
        counts["articles with a ticker mark in the text"] += any(TICKER.search(p) for p in paragraphs)
        counts["headlines with a shouted word"] += shouts(headline, paragraphs)
        counts["articles ending in a sign-off"] += bool(paragraphs) and SIGN_OFF.search(paragraphs[-1]) is not None
    counts["pages sharing a <title>"] = sum(n for n in titles.values() if n > 1)
    return dict(counts)


def build_site(project: Path, records: list[dict[str, object]], code: Path) -> str | None:
    """Ingest and build the stories in `project` with the site_builder of `code`; the
    last lines of what failed, or None."""
    (project / "seeds").mkdir(parents=True)
    for record in records:
        write_seed(project / "seeds", record)
    for command in (["ingest"], ["build", "--no-search"]):
        done = subprocess.run([sys.executable, "-c", RUN, str(code.resolve()), *command], cwd=project,
                              capture_output=True, text=True)
        if done.returncode not in (0, 1):  # 1: some seed or page had a problem, the rest is built
            return done.stderr[-2000:]
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=1000, help="held-out stories, half from each corpus")
    parser.add_argument("--code", type=Path, default=REPO, help="the checkout whose site_builder runs")
    parser.add_argument("--keep", type=Path, help="build the project in this (new) folder and keep it")
    args = parser.parse_args(argv)
    if not all((CORPUS / name).is_file() for name in SOURCES):
        print(f"no corpus at {CORPUS} (Reuters-21578 and BBC News); nothing checked")
        return 0
    records = held_out_records(args.limit)
    with tempfile.TemporaryDirectory() as tmp:
        project = args.keep or Path(tmp) / "project"
        failed = build_site(project, records, args.code)
        if failed:
            print(failed)
            return 1
        counts = check(project / "public")
    print(f"{len(records)} held-out stories; {counts['pages']} pages, {counts['articles']} articles read")
    for name in CHECKS:
        print(f"{name:<42}{counts[name]:>7}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
