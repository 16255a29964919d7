"""Lighthouse scores of both shipped themes: `make lighthouse`.

Builds the sample site (the bundled seed, see sample_site.py) and the time site (40
dated stories: days, months, a name's months, numbered pages) in a temporary folder,
in the default theme and in the wire theme, serves them on http://127.0.0.1 and runs
Lighthouse (node_modules/.bin/lighthouse, from `npm ci`) on one page of every type
(--pages two: the home and article pages only; time: the time site's pages only) with
its default mobile settings. Prints a
Markdown table of the four category scores and exits 1 when one is below --min (95).

A measurement, not a test: scores move a little from run to run and machine to machine.
Needs Chromium: CHROME_PATH (default /usr/bin/chromium).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from sample_site import PAGES, REPO, TIME_PAGES, build_sample_site, serve, write_time_site
from site_builder.build.run import build
from site_builder.core.config import load_config

THEMES = {"default": "", "wire": '[theme]\nname = "wire"\n'}  # more of site.toml
# Not the 404 page: it asks search engines not to index it (noindex), which Lighthouse's
# SEO score counts against it by design (63).
EVERY_TYPE = ("home", "article", "section", "person", "people", "archive", "search")

CATEGORIES = {"performance": "Performance", "accessibility": "Accessibility",
              "best-practices": "Best practices", "seo": "SEO"}
CHROME_FLAGS = ("--headless --no-sandbox --disable-gpu --disable-quic --no-first-run "
                "--disable-background-networking --disable-component-update --disable-sync")


def run_lighthouse(url: str, report: Path) -> dict[str, int]:
    binary = REPO / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        raise SystemExit("node_modules/.bin/lighthouse is missing: run `npm ci`")
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    subprocess.run([str(binary), url, "--quiet", "--output=json", f"--output-path={report}",
                    f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={CHROME_FLAGS}"],
                   check=True, env=env)
    data = json.loads(report.read_text(encoding="utf-8"))
    return {c: round(data["categories"][c]["score"] * 100) for c in CATEGORIES}


def time_scores(project: Path, theme: str, settings: str) -> dict[str, dict[str, int]]:
    """The scores of the time site's pages (a day, a month, a name's month, a numbered page)."""
    write_time_site(project, settings)
    scores = {}
    with serve(build(load_config(project)).out) as base:
        for name, path in TIME_PAGES.items():
            scores[f"{theme}: {name}"] = run_lighthouse(base + path, project / f"{name.replace(' ', '-')}.json")
    return scores


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--min", type=int, default=95, help="lowest acceptable score (default 95)")
    parser.add_argument("--pages", choices=("two", "time", "all"), default="all",
                        help="the home and article pages, the time site's pages, or one page of every type "
                             "(default)")
    args = parser.parse_args()
    results: dict[str, dict[str, int]] = {}
    names = {"two": ("home", "article"), "time": (), "all": EVERY_TYPE}[args.pages]
    with tempfile.TemporaryDirectory() as tmp:
        for theme, settings in THEMES.items():
            if names:
                site = build_sample_site(Path(tmp) / theme, settings=settings)
                with serve(site) as base:
                    for name in names:
                        report = Path(tmp) / f"{theme}-{name.replace(' ', '-')}.json"
                        results[f"{theme}: {name}"] = run_lighthouse(base + PAGES[name], report)
            if args.pages != "two":
                results.update(time_scores(Path(tmp) / f"time-{theme}", theme, settings))
    print("| Page | " + " | ".join(CATEGORIES.values()) + " |")
    print("|---" * (len(CATEGORIES) + 1) + "|")
    for name, scores in results.items():
        print(f"| {name} | " + " | ".join(str(scores[c]) for c in CATEGORIES) + " |")
    low = [(n, c, s) for n, scores in results.items() for c, s in scores.items() if s < args.min]
    for name, category, score in low:
        print(f"{name}: {category} scored {score}, below {args.min}", file=sys.stderr)
    return 1 if low else 0


if __name__ == "__main__":
    sys.exit(main())
