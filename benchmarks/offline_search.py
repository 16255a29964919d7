"""The file:// search, measured in Chromium (needs ../shared/corpus, Chromium and playwright).

`make bench` runs `speed`: at 1,000 and 10,000 corpus articles, the size of
search-index/, and for 20 queries drawn from headlines (the two longest words of
the headlines of 20 articles spread evenly by URL) the bytes of index parts each query loads into a
fresh page and the time from calling search() to its results, median and worst.

`make eval-search` runs `quality`: 50 articles of a 10,000-article site (the
first 50 with at least 60 body words of 4+ letters among every 50th by corpus
id), each queried with the 2 and the 3 rarest words of its body that are not in
its headline (letters only, at least 4 long, in at least 3 articles, so no
article is found by a word only it has); how often the article is the first
result and in the top 5, for the file:// search and for Pagefind over http on
the same site. The weights were set before this was run and not tuned on it.
`--project DIR` evaluates a project already ingested and built with search
instead of building one.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from corpus import CORPUS, corpus_articles, write_seed  # noqa: E402

from site_builder.content.read import load_articles  # noqa: E402
from site_builder.core.model import Article  # noqa: E402
from site_builder.search.offline import FOLDER, plain_text, words  # noqa: E402

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))


def build_site(project: Path, count: int, pagefind: bool) -> Path:
    """`count` corpus articles ingested and built into project/public."""
    (project / "seeds").mkdir(parents=True)
    for record in corpus_articles(count):
        write_seed(project / "seeds", record)
    cli = [sys.executable, "-m", "site_builder"]
    for command in ([*cli, "ingest"], [*cli, "build", *([] if pagefind else ["--no-search"])]):
        done = subprocess.run(command, cwd=project, capture_output=True, text=True)
        if done.returncode not in (0, 1):
            raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr[-2000:]}")
    return project / "public"


@contextlib.contextmanager
def chromium() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"])
        try:
            yield browser
        finally:
            browser.close()


def headline_query(article: Article) -> str:
    found = [w for w in dict.fromkeys(words(article.title)) if len(w) >= 3 and w.isalpha()]
    return " ".join(sorted(found, key=lambda w: (-len(w), found.index(w)))[:2])


def offline_search(page: Any, query: str) -> dict[str, Any]:
    return page.evaluate("""async q => {
        const started = performance.now();
        const answer = await SiteSearchOffline.search(q, {});
        return {ms: performance.now() - started, urls: answer.results.map(r => r.url),
                parts: SiteSearchOffline.loaded()};
    }""", query)


def speed(count: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        site = build_site(Path(tmp) / "project", count, pagefind=False)
        articles, _ = load_articles(Path(tmp) / "project" / "content")
        articles.sort(key=lambda a: a.url)
        queries = [headline_query(a) for a in articles[::max(1, len(articles) // 20)][:20]]
        index = site / FOLDER
        files = list(index.rglob("*.js"))
        total = sum(p.stat().st_size for p in files)
        terms = list((index / "t").glob("*.js"))
        print(f"\n== file:// search, {len(articles)} articles ==")
        print(f"search-index/: {total / 1e6:.1f} MB in {len(files)} files "
              f"({len(terms)} term parts, {sum(p.stat().st_size for p in terms) / 1e6:.1f} MB; "
              f"doc store {sum(p.stat().st_size for p in (index / 'd').glob('*.js')) / 1e6:.1f} MB)")
        loaded, times = [], []
        with chromium() as browser:
            for query in queries:
                page = browser.new_page()
                page.goto((site / "search" / "index.html").as_uri())
                result = offline_search(page, query)
                loaded.append(sum((index / f"{name}.js").stat().st_size for name in result["parts"]))
                times.append(result["ms"])
                page.close()
        print(f"20 headline queries (e.g. {queries[0]!r}), each in a fresh page:")
        print(f"  bytes loaded: median {statistics.median(loaded) / 1e3:.0f} KB, max {max(loaded) / 1e3:.0f} KB")
        print(f"  time to results: median {statistics.median(times):.0f} ms, max {max(times):.0f} ms")


def quality_queries(articles: list[Article]) -> list[tuple[Article, list[str]]]:
    bodies = {a.url: [w for w in words(plain_text(a.body)) if len(w) >= 4 and w.isalpha()] for a in articles}
    df: Counter[str] = Counter()
    for body in bodies.values():
        df.update(set(body))
    step = max(1, len(articles) // 200)
    chosen = [a for a in sorted(articles, key=lambda a: a.source)[::step] if len(bodies[a.url]) >= 60][:50]
    out = []
    for article in chosen:
        title = set(words(article.title))
        body = list(dict.fromkeys(w for w in bodies[article.url] if w not in title and df[w] >= 3))
        out.append((article, sorted(body, key=lambda w: (df[w], body.index(w)))[:3]))
    return out


def quality(count: int, project: Path | None) -> None:
    if project is not None:
        quality_of(project)
        return
    with tempfile.TemporaryDirectory() as tmp:
        build_site(Path(tmp) / "project", count, pagefind=True)
        quality_of(Path(tmp) / "project")


def quality_of(project: Path) -> None:
    """Rank the chosen articles in the built site project/public (with its Pagefind index)."""
    sys.path.insert(0, str(HERE.parent / "scripts"))
    from sample_site import serve
    site = project / "public"
    articles, _ = load_articles(project / "content")
    cases = quality_queries(articles)
    ranks: dict[tuple[str, int], list[int | None]] = {}
    with serve(site) as url:
        with chromium() as browser:
            offline = browser.new_page()
            offline.goto((site / "search" / "index.html").as_uri())
            http = browser.new_page()
            http.goto(url + "search/index.html")
            http.evaluate("async src => { window.pf = await import(src); await pf.init(); }",
                          url + "pagefind/pagefind.js")
            for article, rare in cases:
                for size in (2, 3):
                    query = " ".join(rare[:size])
                    found = offline_search(offline, query)["urls"]
                    paged = http.evaluate("""async q => {
                        const r = await pf.search(q);
                        return Promise.all(r.results.slice(0, 5).map(x => x.data().then(d => d.url)));
                    }""", query)
                    paged = [u.lstrip("/") for u in paged]
                    for engine, urls in (("file://", found), ("Pagefind", paged)):
                        ranks.setdefault((engine, size), []).append(
                            urls.index(article.url) + 1 if article.url in urls[:5] else None)
    print(f"\n== ranking quality, {len(cases)} articles of a {len(articles)}-article site ==")
    print("query: the 2 or 3 rarest body words not in the headline (in >= 3 articles)")
    print(f"{'':<22}{'first':>8}{'top 5':>8}")
    for (engine, size), found in sorted(ranks.items()):
        first = sum(1 for r in found if r == 1)
        top5 = sum(1 for r in found if r is not None)
        print(f"{engine + f', {size} words':<22}{first:>5}/{len(found)}{top5:>5}/{len(found)}")


def available() -> bool:
    if not CORPUS.is_dir() or not CHROMIUM.exists():
        print("\n== file:// search benchmark skipped: it needs ../shared/corpus and Chromium ==")
        return False
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        print("\n== file:// search benchmark skipped: the Python package playwright is not installed ==")
        return False
    return True


def bench_offline_search(sizes: tuple[int, ...]) -> None:
    if available():
        for count in sizes:
            speed(count)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", choices=["speed", "quality"])
    parser.add_argument("--articles", type=int, nargs="*", default=None)
    parser.add_argument("--project", type=Path, help="quality: a project already ingested and built with search")
    args = parser.parse_args()
    if args.what == "speed":
        bench_offline_search(tuple(args.articles or (1000, 10000)))
    elif available():
        quality((args.articles or [10000])[0], args.project)


if __name__ == "__main__":
    main()
