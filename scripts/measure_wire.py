"""How raw the wire copy of a built site reads: Reuters-21578 stories written as seeds,
ingested and built, then counted on the built article pages as a reader sees them:
headlines (h1) still in capitals, headlines holding `<...>` marks, bodies ending in the
wire's sign-off ("REUTER"), and page titles (<title>) that two pages share.

Usage: python scripts/measure_wire.py [--limit N] [--code DIR] [--keep DIR]

--code runs the site_builder found in DIR (a checkout of another commit: the figure
before a change); --keep leaves the project there. Needs ../shared/corpus beside the checkout.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))  # benchmarks/ modules import each other by name

from corpus import CORPUS, write_seed  # noqa: E402

# Independent of the code measured, so a figure before and after counts the same way.
_SIGN_OFF = re.compile(r"(?:\bREUTERS?|\breuter|[.!?\"]\s+Reuters?)(?:\.\.\.|\^M)?\W{0,3}\s*\Z")


# site_builder's command line from the checkout named first: an editable install of another
# checkout is looked up before sys.path, so its finder is left out.
_RUN = """import sys
sys.meta_path[:] = [f for f in sys.meta_path if "editable" not in getattr(f, "__module__", "")]
sys.path.insert(0, sys.argv.pop(1))
from site_builder.cli import main
sys.exit(main(sys.argv[1:]))"""


def _text(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment)).strip()


def measure(public: Path) -> dict[str, int]:
    titles: Counter[str] = Counter()
    article_titles: Counter[str] = Counter()
    counts = Counter[str]()
    for page in sorted(public.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        title = re.search(r"<title>(.*?)</title>", text, re.S)
        if title is None or 'http-equiv="refresh"' in text:
            continue  # a redirect page of an old address
        titles[title.group(1)] += 1
        if '<article class="article"' not in text:
            continue
        counts["articles"] += 1
        article_titles[title.group(1)] += 1
        heading = _text(re.search(r"<h1>(.*?)</h1>", text, re.S).group(1))  # type: ignore[union-attr]
        letters = [c for c in heading if c.isalpha()]
        counts["headlines in capitals"] += bool(letters) and not any(c.islower() for c in letters)
        counts["headlines with <...>"] += re.search(r"<[^<>]+>", heading) is not None
        body = re.search(r'<div class="body">(.*?)</div>', text, re.S)
        paragraphs = re.findall(r"<p>(.*?)</p>", body.group(1), re.S) if body else []
        signed = bool(paragraphs) and _SIGN_OFF.search(_text(paragraphs[-1])) is not None
        counts["bodies ending in a sign-off"] += signed
        counts["bodies with <...>"] += bool(body) and re.search(r"&lt;[^&]{1,80}&gt;", body.group(1)) is not None
    counts["pages sharing a <title>"] = sum(n for n in titles.values() if n > 1)
    counts["articles sharing a <title>"] = sum(n for n in article_titles.values() if n > 1)
    return dict(counts)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=2000, help="Reuters stories, in the corpus's order")
    parser.add_argument("--code", type=Path, default=REPO, help="the checkout whose site_builder runs")
    parser.add_argument("--keep", type=Path, help="build the project in this (new) folder and keep it")
    args = parser.parse_args()
    corpus = CORPUS / "reuters-21578/articles.jsonl"
    if not corpus.is_file():
        print(f"no corpus at {corpus}; nothing measured")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        project = args.keep or Path(tmp)
        (project / "seeds").mkdir(parents=True)
        with corpus.open(encoding="utf-8") as handle:
            for _, line in zip(range(args.limit), handle, strict=False):
                write_seed(project / "seeds", json.loads(line))
        for command in (["ingest"], ["build", "--no-search"]):
            done = subprocess.run([sys.executable, "-c", _RUN, str(args.code.resolve()), *command], cwd=project,
                                  capture_output=True, text=True)
            if done.returncode not in (0, 1):
                print(done.stderr[-2000:])
                return 1
            print(done.stdout.strip().splitlines()[-1])
        for name, value in measure(project / "public").items():
            print(f"{name:<30}{value:>8}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
