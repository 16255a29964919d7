"""Pagefind query latency in Chromium, one bundle against many (needs ../shared/corpus,
Chromium and playwright).

`python benchmarks/search_latency.py [--articles 10000]`: the first N Reuters-21578
articles (as benchmarks/scale.py takes them) are ingested once and built twice with search: with
every article in one Pagefind bundle, and with the bundles `site_builder.search.pagefind`
makes (SHARD_ARTICLES articles each, so 16 at 10,000 articles). Each is served
over http on 127.0.0.1. For 20 queries (the two longest words of 20 headlines
spread over the archive) in rounds of 5, each round in a fresh browser context
(nothing cached): Pagefind is loaded as assets/search.js loads it (pagefind.js,
mergeIndex of every other bundle, the filters), and a query is timed from the
call to `search` until the data of its first 20 results (what the page shows)
is in. The first query of a round includes loading Pagefind and the bundles; the
later ones reuse what is loaded. Medians over the rounds and queries.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "scripts"))

from corpus import write_seed  # noqa: E402
from offline_search import available, chromium, headline_query  # noqa: E402
from scale import reuters_records  # noqa: E402

from site_builder.content.read import load_articles  # noqa: E402

ROUND = 5  # queries per fresh page: the first, then four later ones
SHOWN = 20  # results whose data a query waits for, as the search page shows them

# Loads Pagefind as assets/search.js does, then runs each query; times in ms.
QUERIES = """async ([queries, shown]) => {
    const box = document.querySelector("[data-bundles]");
    const bundles = JSON.parse(box.getAttribute("data-bundles") || "[]");
    const times = [];
    let pagefind = null;
    for (const q of queries) {
        const started = performance.now();
        if (!pagefind) {
            pagefind = await import(new URL("../pagefind/pagefind.js", location.href).href);
            await pagefind.options({baseUrl: "/"});
            await Promise.all(bundles.map(b => pagefind.mergeIndex(new URL("../" + b, location.href).href,
                                                                   {baseUrl: "/"})));
            await pagefind.filters();
        }
        const found = await pagefind.search(q);
        const data = await Promise.all(found.results.slice(0, shown).map(r => r.data()));
        times.push({ms: performance.now() - started, results: found.results.length, data: data.length});
    }
    return times;
}"""


def build(project: Path, articles_per_bundle: int | None) -> Path:
    """`site-builder build` with search, with SHARD_ARTICLES set for this one run."""
    setting = "" if articles_per_bundle is None else \
        f"import site_builder.search.pagefind as s; s.SHARD_ARTICLES = {articles_per_bundle}; "
    code = setting + "from site_builder.cli import main; raise SystemExit(main(['build', '--no-cache']))"
    done = subprocess.run([sys.executable, "-c", code], cwd=project, capture_output=True, text=True)
    if done.returncode not in (0, 1):
        raise SystemExit(f"build failed:\n{done.stderr[-2000:]}")
    return project / "public"


def measure(site: Path, queries: list[str]) -> tuple[list[float], list[float], int]:
    """First-query and later-query times (ms), and the number of bundles the page merges."""
    from sample_site import serve

    first: list[float] = []
    later: list[float] = []
    bundles = 0
    with serve(site) as url, chromium() as browser:
        for start in range(0, len(queries), ROUND):
            context = browser.new_context()
            page = context.new_page()
            page.goto(url + "search/index.html")
            bundles = 1 + len(page.eval_on_selector("[data-bundles]", "e => JSON.parse(e.dataset.bundles)"))
            times: list[dict[str, Any]] = page.evaluate(QUERIES, [queries[start:start + ROUND], SHOWN])
            first.append(times[0]["ms"])
            later.extend(t["ms"] for t in times[1:])
            context.close()
    return first, later, bundles


def bench_search_latency(count: int, project: Path | None = None) -> None:
    if not available():
        return
    if project is not None:
        latency_of(project)
        return
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "project"
        (project / "seeds").mkdir(parents=True)
        for record in reuters_records(count):
            write_seed(project / "seeds", record)
        subprocess.run([sys.executable, "-m", "site_builder", "ingest"], cwd=project, capture_output=True, check=False)
        latency_of(project)


def latency_of(project: Path) -> None:
    """Build `project` (already ingested) with one bundle and with the usual ones, and time queries."""
    articles, _ = load_articles(project / "content")
    articles.sort(key=lambda a: a.url)
    queries = [headline_query(a) for a in articles[::max(1, len(articles) // 20)][:20]]
    print(f"\n== Pagefind query latency in Chromium, {len(articles):,} articles, over http ==")
    print(f"{len(queries)} headline queries (e.g. {queries[0]!r}), {ROUND} per fresh page; "
          f"each waits for the data of its first {SHOWN} results")
    print(f"{'bundles':>8}{'first query, median':>22}{'later queries, median':>24}{'worst later':>14}")
    for per_bundle in (10 ** 9, None):  # everything in one bundle; then as the build makes them
        site = build(project, per_bundle)
        first, later, bundles = measure(site, queries)
        print(f"{bundles:>8}{statistics.median(first):>19.0f} ms{statistics.median(later):>21.0f} ms"
              f"{max(later):>11.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--project", type=Path, help="a project already ingested (its public/ is rebuilt)")
    args = parser.parse_args()
    bench_search_latency(args.articles, args.project)


if __name__ == "__main__":
    main()
