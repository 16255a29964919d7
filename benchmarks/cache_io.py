"""The build cache's reading and writing at 10,000 articles (CPU seconds, median of 5).

    python benchmarks/cache_io.py [--articles N] [--rounds R] [--project DIR] [--compare CHECKOUT]

The first N articles of ../shared/corpus (Reuters-21578, BBC News) are written as seeds
and ingested once into a project (`--project DIR` keeps it for the next run), and read
back from content/ as a build reads them. What the cache keeps of one build is then
saved into an empty cache folder and loaded from it, R times: the parsed content pages
(256 shards), the record of the published site (a key, stamp, source, page group and
index entry for every article page, and the older site's record) and the model facts
(every tag and entity with its articles, and related coverage for each article).

`--compare CHECKOUT` measures the site_builder of another checkout the same way, in a
process of its own, and prints both (`git worktree add ../before <commit>` makes one).
Skipped, with a message, when the corpus is not beside the checkout.
"""

from __future__ import annotations

import argparse
import inspect
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus"
FACTS_KEY = "facts-key"


def _timed(work: Callable[[], Any]) -> tuple[float, Any]:
    started = time.process_time()
    result = work()
    return time.process_time() - started, result


def make_project(project: Path, count: int) -> Path:
    """A project holding `count` corpus articles ingested into content/ (made once)."""
    content = project / "content"
    if content.is_dir() and any(content.rglob("*.md")):
        return content
    sys.path.insert(0, str(REPO / "benchmarks"))
    from run import corpus_articles, write_seed

    records = corpus_articles(count)
    if len(records) < count:
        raise SystemExit(f"the corpus at {CORPUS} holds {len(records)} articles, not {count}")
    seeds = project / "seeds"
    seeds.mkdir(parents=True, exist_ok=True)
    for record in records:
        write_seed(seeds, record)
    subprocess.run([sys.executable, "-m", "site_builder", "ingest"], cwd=project, check=True,
                   env={**os.environ, "PYTHONPATH": str(REPO)}, stdout=subprocess.DEVNULL)
    return content


def measure(content: Path, rounds: int) -> dict[str, list[float]]:
    """Seconds of each part of saving and loading, one list per part, `rounds` long."""
    import site_builder
    from site_builder.content.read import load_articles
    try:
        from site_builder.site.model import ModelFacts
        from site_builder.site.order import newest_first
        from site_builder.site.terms import term_rows
    except ImportError:  # the code from before the page model moved into site/ (--compare)
        from site_builder.pages.builder import ModelFacts, newest_first, term_rows  # type: ignore[no-redef]
    from site_builder.publish.cache import BuildCache, Published, Tree
    from site_builder.publish.output import MARKER, marker_token
    from site_builder.search.offline import fingerprint

    print(f"  {Path(site_builder.__file__).parent}:", file=sys.stderr)
    pages: dict[str, Any] = {}
    articles, _problems = load_articles(content, None, pages)
    ordered = newest_first(articles)
    prints = [(article, fingerprint(article)) for article in articles]
    rng = random.Random(len(articles))
    urls = [article.url for article in ordered]
    keys = {url: f"key-{n:08x}" for n, url in enumerate(urls)}
    keys.update({f"tags/{n}/index.html": f"tag-key-{n}" for n in range(2000)})
    stamps = {rel: [rng.randrange(1, 50_000), 1_700_000_000_000_000_000 + n] for n, rel in enumerate(keys)}
    folders = {rel.rsplit("/", 1)[0]: n for n, rel in enumerate(keys)}
    older_keys = {rel: key if rng.random() > 0.01 else "an older key" for rel, key in keys.items()}
    record_args: dict[str, Any] = {
        "inputs": "inputs", "keys": keys, "bundles": {"pagefind": ["bundle-key", "pagefind/pagefind.js"]},
        "index_docs": [[url, f"print-{n}"] for n, url in enumerate(urls)], "pages": len(keys),
        "articles": len(urls), "folders": folders, "listing": "listing",
        "sources": {a.source_path: f"source-{n}" for n, a in enumerate(articles)},
        "groups": {f"article:{url}": [f"inputs-{n}", [url]] for n, url in enumerate(urls)},
        "environment": "environment", "indexed": {url: f"indexed-{n}" for n, url in enumerate(urls)},
        "stamps": stamps}
    facts = ModelFacts({kind: term_rows(ordered, kind) for kind in ("tags", "people", "organizations", "places")},
                       [sorted(rng.sample(range(len(urls)), 5)) for _ in urls])
    new_api = "token" in inspect.signature(BuildCache.published).parameters

    times: dict[str, list[float]] = {name: [] for name in ("save shards", "save output", "save model",
                                                           "load shards", "load output", "load model")}
    with tempfile.TemporaryDirectory() as scratch:
        site = Path(scratch) / "public"
        site.mkdir()
        (site / MARKER).write_text("index.html\n", encoding="utf-8")
        token = marker_token(site / MARKER)
        record = Published(token=token, older=Tree([1, 2], older_keys, {}, [], stamps), **record_args)
        for number in range(rounds):
            folder = Path(scratch) / f"cache-{number}"
            _round(folder, times, new_api, pages, prints, (site, token, record, facts, len(urls)))
            if number == 0:
                size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
                print(f"  {len(pages):,} content pages, {len(keys):,} files of the site: "
                      f"the cache is {size / 1e6:.1f} MB", file=sys.stderr)
            shutil.rmtree(folder)
    return times


def _round(folder: Path, times: dict[str, list[float]], new_api: bool, pages: dict[str, Any],
           prints: list[Any], what: tuple[Any, ...]) -> None:
    """Save what one build keeps into `folder`, then load it, adding each part's seconds to `times`."""
    from site_builder.content.read import broken_rule
    from site_builder.publish.cache import BuildCache
    from site_builder.publish.output import MARKER
    from site_builder.search.offline import Fingerprints

    site, token, record, facts, articles = what
    store = BuildCache(folder)
    if new_api:
        fingerprints = Fingerprints(prints)
        seconds, _ = _timed(lambda: store.save_parsed_pages(pages, fingerprints))
    else:  # the cache of commit d8edea8 knew the fingerprints itself
        for article, value in prints:
            store.fingerprints.remember(article, value)
        seconds, _ = _timed(lambda: store.save_parsed_pages(pages))
    times["save shards"].append(seconds)
    times["save output"].append(_timed(lambda: store.save_published(site, record))[0])
    times["save model"].append(_timed(lambda: store.save_model_facts(FACTS_KEY, facts))[0])

    store = BuildCache(folder)
    seconds, loaded = _timed(lambda: store.parsed_pages(broken_rule) if new_api else store.parsed_pages())
    times["load shards"].append(seconds)
    seconds, published = _timed(lambda: store.published(site, token if new_api else site / MARKER))
    times["load output"].append(seconds)
    seconds, stored_facts = _timed(lambda: store.model_facts(FACTS_KEY, articles))
    times["load model"].append(seconds)
    if len(loaded) != len(pages) or published is None or stored_facts is None or store.notices:
        raise SystemExit(f"the cache did not read back what it wrote: {store.notices}")


def report(label: str, times: dict[str, list[float]]) -> None:
    medians = {name: statistics.median(values) for name, values in times.items()}
    save = statistics.median(map(sum, zip(*(v for k, v in times.items() if k.startswith("save")), strict=True)))
    load = statistics.median(map(sum, zip(*(v for k, v in times.items() if k.startswith("load")), strict=True)))
    parts = "  ".join(f"{name} {seconds:.3f}" for name, seconds in medians.items())
    print(f"{label}: save {save:.3f} s, load {load:.3f} s (CPU, median of {len(times['save shards'])})\n    {parts}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--project", type=Path, help="keep the ingested project here (reused next time)")
    parser.add_argument("--compare", type=Path, metavar="CHECKOUT", help="measure this checkout's code too")
    parser.add_argument("--code", type=Path, default=REPO, help=argparse.SUPPRESS)  # the checkout measured
    parser.add_argument("--content", type=Path, help=argparse.SUPPRESS)  # the content/ to read (--compare)
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)  # times as JSON (--compare)
    args = parser.parse_args()
    if args.content:  # one measurement, in a process running the code of --code
        sys.path.insert(0, str(args.code.resolve()))
        times = measure(args.content, args.rounds)
        if args.json:
            print(json.dumps(times))
        else:
            report(str(args.code), times)
        return
    if not CORPUS.is_dir():
        print(f"skipped: no corpus at {CORPUS}")
        return
    with tempfile.TemporaryDirectory() as scratch:
        content = make_project(args.project or Path(scratch), args.articles)
        for code in [REPO, *([args.compare] if args.compare else [])]:
            done = subprocess.run([sys.executable, __file__, "--content", str(content), "--code", str(code),
                                   "--rounds", str(args.rounds), "--json"], check=True, capture_output=True,
                                  text=True, env={k: v for k, v in os.environ.items() if k != "PYTHONPATH"})
            sys.stderr.write(done.stderr)
            report(f"{code.resolve().name} ({code})", json.loads(done.stdout))


if __name__ == "__main__":
    main()
