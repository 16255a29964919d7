"""Benchmarks: `make bench` (or python benchmarks/run.py [--articles N]).

1. Linear time on hostile input: seeds of growing size (one huge paragraph,
   many paragraphs, one huge headline) are parsed and enriched; the time per
   MB must stay flat as the size grows.
2. Memory of the site model (articles -> every page's context) for 10k, 20k
   and 40k synthetic articles: the bytes per article must stay flat.
3. A real archive: N articles from ../shared/corpus (BBC News, Reuters-21578)
   written as seeds, then `ingest` and `build` timed with their peak memory.
   Skipped when the corpus is not beside the checkout; nothing is copied into
   the project.
4. The file:// search (benchmarks/offline_search.py): index size, bytes a query
   loads and time to results at 1,000 and 10,000 articles, in Chromium.
5. Incremental builds (`--incremental N`, default 1000; 0 skips): the first N
   Reuters-21578 articles ingested once, then a clean build, a build with
   nothing changed, one article's body edited, one new article, one template
   edited, each in wall and CPU seconds (the process and its children); the
   no-op build must write no file and the site must equal a clean build's.

`--scale N` runs only benchmarks/scale.py instead: N Reuters-21578 articles built clean,
again unchanged, with one body edited, one new article and one template edited, beside
Hugo + Pagefind on the equivalent site (`make bench ARGS="--scale 10000"`; `--no-hugo`
leaves Hugo out, as for 100,000 articles).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from corpus import CORPUS, corpus_articles, write_seed  # noqa: E402

from site_builder.content.frontmatter import render_page  # noqa: E402
from site_builder.ingest.enrich import enrich_seed  # noqa: E402
from site_builder.ingest.run import seed_to_page  # noqa: E402
from site_builder.ingest.seed import decode_seed, parse_seed  # noqa: E402


def hostile_seeds(mb: float) -> dict[str, str]:
    size = int(mb * 1_000_000)
    word = "Officials in Baghdad said (the strike [was] *not* theirs) "
    return {
        "one paragraph": "World\n\nHeadline\n\nSummary.\n\n" + (word * (size // len(word))),
        "many paragraphs": "World\n\nHeadline\n\nSummary.\n\n" + "\n\n".join([word] * (size // (len(word) + 2))),
        "huge headline": "World\n\n" + ("Headline " * (size // 9)) + "\n\nSummary.\n\nBody.\n",
        "parentheses": "World\n\nHeadline\n\nSummary.\n\n" + ("(a/b " * (size // 5)) + "\n\nBody.\n",
        # One endless "results line": each name followed by a score once made the line be rescanned.
        "results line": "World\n\nHeadline\n\nSummary.\n\n" + ("John Smith 1 " * (size // 13)) + "\n",
    }


# Generous bounds: a seed must go through parse + entities + page rendering at no
# more than this many seconds per MB, and 16 MB may cost at most this many times
# the per-MB time of 4 MB (linear growth, not quadratic).
MAX_SECONDS_PER_MB = 2.0
MAX_GROWTH = 2.0


def bench_linear() -> bool:
    print("== seeds of growing size: seconds per MB should stay flat ==")
    print(f"{'case':<18}{'MB':>6}{'seconds':>10}{'s/MB':>8}")
    enrich_seed(parse_seed("World\n\nWarm up\n\nSummary.\n\nBody.\n"))  # load the gazetteers first
    per_mb: dict[tuple[str, int], float] = {}
    for mb in (1, 4, 16):
        for name, text in hostile_seeds(mb).items():
            started = time.perf_counter()
            seed = parse_seed(decode_seed(text.encode("utf-8")))
            render_page(seed_to_page(seed, "slug", "seed.txt", enrich_seed(seed)))
            took = time.perf_counter() - started
            per_mb[(name, mb)] = took / mb
            print(f"{name:<18}{mb:>6}{took:>10.2f}{took / mb:>8.2f}")
    ok = True
    for name in hostile_seeds(0):
        growth = per_mb[(name, 16)] / max(per_mb[(name, 4)], 1e-6)
        if per_mb[(name, 16)] > MAX_SECONDS_PER_MB or growth > MAX_GROWTH:
            print(f"FAIL {name}: {per_mb[(name, 16)]:.2f} s/MB at 16 MB, {growth:.1f}x the 4 MB rate")
            ok = False
    print("linear-time bounds: " + ("PASS" if ok else "FAIL"))
    return ok


def synthetic_articles(count: int) -> list:
    """`count` articles shaped like wire copy: a few sections, tags drawn from a
    couple of hundred, entities from a long tail, dates over three years."""
    import datetime as dt
    import random

    from site_builder.core.model import Article, EntityRef

    rng = random.Random(count)
    sections = ["World", "Business", "Markets", "Politics", "Sport"]
    articles = []
    for n in range(count):
        section = sections[n % len(sections)]
        names = lambda kind, pool, k: tuple(EntityRef(f"{kind} {int(rng.paretovariate(1.2)) % pool}")  # noqa: E731
                                            for _ in range(k))
        articles.append(Article(
            title=f"Article {n} about the markets", slug=f"article-{n}", section=section,
            section_slug=section.lower(), body="A paragraph of wire copy. " * 60, source_path=f"{n}.md",
            date=dt.date(2018, 1, 1) + dt.timedelta(days=n % 1000), summary="A summary of the article. " * 4,
            tags=tuple(dict.fromkeys(f"Tag {rng.randrange(200)}" for _ in range(4))),
            people=tuple(dict.fromkeys(names("Person", count // 4, 3))),
            organizations=tuple(dict.fromkeys(names("Org", count // 8, 2))),
            places=tuple(dict.fromkeys(names("Place", 500, 2)))))
    return articles


MODEL_SIZES = (10_000, 20_000, 40_000)
MAX_MODEL_GROWTH = 1.3  # bytes per article at 40k may be at most this times the figure at 10k


def bench_model_memory() -> bool:
    """Peak memory (tracemalloc) of the site model while every page is produced, as
    a render would ask for them, beyond the articles themselves."""
    import tracemalloc

    from site_builder.core.config import Config
    from site_builder.pages.families import STAGES, stage_groups
    from site_builder.pages.site_pages import SitePages

    print("\n== site model memory: bytes per article should stay flat ==")
    print(f"{'articles':>9}{'pages':>9}{'model peak MB':>15}{'KB/article':>12}")
    per_article: dict[int, float] = {}
    for count in MODEL_SIZES:
        articles = synthetic_articles(count)
        tracemalloc.start()
        base = tracemalloc.get_traced_memory()[0]
        site, paths = SitePages(Config(), articles), []
        for stage in STAGES[:-1]:  # all but the redirects, which need the other files of the site
            paths += [page.path for group in stage_groups(site, stage, list(paths)) for page in group.make()]
        pages = len(paths)
        peak = tracemalloc.get_traced_memory()[1] - base
        tracemalloc.stop()
        per_article[count] = peak / count
        print(f"{count:>9}{pages:>9}{peak / 1e6:>15.0f}{peak / count / 1e3:>12.1f}")
        del articles
    growth = per_article[MODEL_SIZES[-1]] / per_article[MODEL_SIZES[0]]
    ok = growth <= MAX_MODEL_GROWTH
    print(f"per-article memory at {MODEL_SIZES[-1]:,} is {growth:.2f}x the figure at {MODEL_SIZES[0]:,}: "
          + ("PASS" if ok else "FAIL (the model is not linear)"))
    return ok


def run(command: list[str], cwd: Path) -> tuple[float, float, str]:
    started = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    took = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr[-2000:]}")
    return took, max(peak, before) / 1024, done.stdout.strip().splitlines()[-1]


def bench_corpus(limit: int) -> None:
    if not CORPUS.is_dir():
        print("\n== corpus benchmark skipped: no corpus at ../shared/corpus ==")
        return
    records = corpus_articles(limit)
    if not records:
        return
    cli = [sys.executable, "-m", "site_builder"]
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp)
        (project / "seeds").mkdir()
        for record in records:
            write_seed(project / "seeds", record)
        print(f"\n== {len(records)} corpus articles (Reuters-21578 and BBC News) ==")
        env_note = f"python {sys.version.split()[0]}, {os.cpu_count()} cores"
        for label, command in (("ingest", [*cli, "ingest"]), ("re-ingest (no changes)", [*cli, "ingest"]),
                               ("build", [*cli, "build"]), ("rebuild", [*cli, "build"])):
            took, peak_mb, summary = run(command, project)
            print(f"{label:<24}{took:>8.1f} s   peak RSS so far {peak_mb:>6.0f} MB   | {summary}")
        pages = sum(1 for _ in (project / "public").rglob("*.html"))
        size = sum(p.stat().st_size for p in (project / "public").rglob("*") if p.is_file()) / 1e6
        print(f"site: {pages} HTML pages, {size:.0f} MB ({env_note})")


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _timed(command: list[str], cwd: Path) -> tuple[float, float, str]:
    """Wall and CPU seconds (the process and its children) of one command, and its last line."""
    cpu, started = _cpu_seconds(), time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    wall, cpu = time.perf_counter() - started, _cpu_seconds() - cpu
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr[-2000:]}")
    return wall, cpu, (done.stdout.strip().splitlines() or [""])[-1]


def _file_states(site: Path) -> dict[str, tuple[int, int]]:
    """Every file's inode and mtime: a file written anew changes one of them."""
    states = {}
    for root, _dirs, files in os.walk(site):
        for name in files:
            path = os.path.join(root, name)
            stat = os.lstat(path)
            states[path] = (stat.st_ino, stat.st_mtime_ns)
    return states


def _tree_digest(site: Path) -> dict[str, bytes]:
    import hashlib

    return {str(p.relative_to(site)): hashlib.sha256(p.read_bytes()).digest()
            for p in site.rglob("*") if p.is_file()}


def _edit_body(page: Path, round_number: int) -> None:
    text = page.read_text(encoding="utf-8")
    page.write_text(text + f"\nA paragraph added in round {round_number} of the benchmark.\n", encoding="utf-8")


def _new_article(content: Path, round_number: int) -> None:
    """The newest article of the archive, as a day's new story is: in a section the
    archive has (Reuters' "Trade"), so no page's section menu changes."""
    folder = content / "benchmark"
    folder.mkdir(exist_ok=True)
    (folder / f"new-{round_number}.md").write_text(
        f"---\ntitle: A new article, number {round_number}\nslug: new-{round_number}\nsection: Trade\n"
        f"date: 1988-01-{round_number + 1:02d}\ntags: [Trade]\nplaces: [Canada]\n---\n\n"
        f"Its body, written by round {round_number} of the benchmark.\n", encoding="utf-8")


def _edit_template(project: Path, round_number: int) -> None:
    base = REPO / "themes/default/templates/base.html"
    (project / "templates").mkdir(exist_ok=True)
    (project / "templates/base.html").write_text(
        base.read_text(encoding="utf-8") + f"<!-- benchmark round {round_number} -->\n", encoding="utf-8")


def bench_incremental(size: int, folder: Path | None = None, rounds: int = 3) -> bool:
    """The incremental path on the first `size` Reuters-21578 articles: medians of
    `rounds` runs for each cheap case, one run of the costly ones."""
    reuters = CORPUS / "reuters-21578/articles.jsonl"
    if not reuters.exists():
        print("\n== incremental benchmark skipped: no corpus at ../shared/corpus ==")
        return True
    with tempfile.TemporaryDirectory() as tmp:
        project = folder or Path(tmp)
        project.mkdir(parents=True, exist_ok=True)
        cli = [sys.executable, "-m", "site_builder"]
        if not (project / "content").is_dir():
            (project / "seeds").mkdir(exist_ok=True)
            with reuters.open(encoding="utf-8") as handle:
                for line, _ in zip(handle, range(size), strict=False):
                    write_seed(project / "seeds", json.loads(line))
            _timed([*cli, "ingest"], project)
        site = project / "public"
        shutil.rmtree(site, ignore_errors=True)
        shutil.rmtree(project / "templates", ignore_errors=True)
        shutil.rmtree(project / "content/benchmark", ignore_errors=True)  # a reused project's added articles
        shutil.rmtree(project / ".cache", ignore_errors=True)
        pages = sorted((project / "content").rglob("*.md"))
        print(f"\n== incremental builds, {len(pages)} articles (wall / CPU seconds, "
              f"{os.cpu_count()} cores) ==")
        wall, cpu, summary = _timed([*cli, "build"], project)
        print(f"{'clean build':<22}{wall:>8.2f} s {cpu:>8.2f} CPU s   | {summary}")
        ok = True
        cases = [("nothing changed", lambda n: None),
                 ("one body edited", lambda n: _edit_body(pages[n * 97 % len(pages)], n)),
                 ("one new article", lambda n: _new_article(project / "content", n))]
        for label, edit in cases:
            walls, cpus, written = [], [], 0
            for round_number in range(rounds):
                edit(round_number)
                before = _file_states(site) if label == "nothing changed" else {}
                wall, cpu, summary = _timed([*cli, "build"], project)
                walls.append(wall)
                cpus.append(cpu)
                if before:
                    written += sum(1 for path, state in _file_states(site).items() if before.get(path) != state)
            note = f"   files written: {written}" if label == "nothing changed" else ""
            print(f"{label:<22}{sorted(walls)[rounds // 2]:>8.2f} s {sorted(cpus)[rounds // 2]:>8.2f} CPU s   "
                  f"| {summary}{note}")
            ok = ok and not written
        _edit_template(project, 0)
        wall, cpu, summary = _timed([*cli, "build"], project)
        print(f"{'one template edited':<22}{wall:>8.2f} s {cpu:>8.2f} CPU s   | {summary}")
        _timed([*cli, "build", "--no-cache", "--out", "clean"], project)
        same = _tree_digest(site) == _tree_digest(project / "clean")
        shutil.rmtree(project / "clean")
        print("incremental site equals a clean build: " + ("yes" if same else "NO"))
        return ok and same


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=5000, help="corpus articles to build (default 5000)")
    parser.add_argument("--skip-linear", action="store_true")
    parser.add_argument("--skip-model", action="store_true")
    parser.add_argument("--skip-search", action="store_true", help="leave out the file:// search benchmark")
    parser.add_argument("--incremental", type=int, default=1000, metavar="N",
                        help="Reuters articles for the incremental builds benchmark (default 1000; 0 skips it)")
    parser.add_argument("--incremental-project", type=Path, metavar="DIR",
                        help="keep the incremental benchmark's project here (ingested once, reused next time)")
    parser.add_argument("--only-incremental", action="store_true", help="run only the incremental benchmark")
    parser.add_argument("--scale", type=int, metavar="N",
                        help="only N articles in five steps beside Hugo + Pagefind (benchmarks/scale.py)")
    parser.add_argument("--rounds", type=int, default=3, help="--scale: runs of each, interleaved (default 3)")
    parser.add_argument("--no-hugo", action="store_true", help="--scale: leave out Hugo + Pagefind")
    args = parser.parse_args()
    if args.scale:
        from scale import bench_scale
        bench_scale(args.scale, args.rounds, not args.no_hugo)
        return
    if args.only_incremental:
        if not bench_incremental(args.incremental, args.incremental_project):
            raise SystemExit(1)
        return
    ok = args.skip_linear or bench_linear()
    ok = (args.skip_model or bench_model_memory()) and ok
    bench_corpus(args.articles)
    if not args.skip_search:
        from offline_search import bench_offline_search
        bench_offline_search((1000, 10000))
    if args.incremental:
        ok = bench_incremental(args.incremental, args.incremental_project) and ok
    if not ok:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
