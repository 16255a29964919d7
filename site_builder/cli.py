"""The `site-builder` command: ingest, build."""

from __future__ import annotations

import argparse
import dataclasses
import errno
import os
import sys
import threading
import time
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from site_builder import __version__
from site_builder.build.run import BuildResult, build
from site_builder.build.shard import Shard, ShardError, parse_shard
from site_builder.check.site import check_site, site_files
from site_builder.core.config import load_config, normalize_base_url
from site_builder.core.errors import BuildError, Problem, SiteBuilderError
from site_builder.core.files import folder_name, printable
from site_builder.core.wording import plural
from site_builder.core.workers import default_jobs
from site_builder.publish.output import html_pages
from site_builder.scaffold import CI_FILES, init_archive
from site_builder.search.pagefind import index_site
from site_builder.site.edits import EDITS_NAME


class _NoBar:
    """What a progress bar offers, drawing nothing."""

    n = 0
    total: int | None = None

    def update(self, count: int = 1) -> None:
        self.n += count

    def __enter__(self) -> _NoBar:
        return self

    def __exit__(self, *_exc: object) -> None:
        return None


def _progress_bar(desc: str, unit: str) -> Any:
    """A progress bar on a terminal; elsewhere (a CI log, a pipe) none, as tqdm would
    draw none there either. tqdm is imported only then: its import is a sixth of a
    build that finds nothing changed."""
    if not sys.stderr.isatty():
        return _NoBar()
    from tqdm import tqdm
    # No monitor thread behind the bar: a build forks its workers, and a process must
    # not fork once it runs another thread (workers.can_fork).
    tqdm.monitor_interval = 0
    return tqdm(desc=desc, unit=unit, leave=False)


def _say(message: str) -> None:
    print(message, file=sys.stderr)


def _as_typed(path: Path) -> str:
    """A path as the user would type it: relative to where they are when it can be."""
    try:
        return printable(path.resolve().relative_to(Path.cwd().resolve()).as_posix() + "/")
    except ValueError:
        return printable(path)


def cmd_ingest(args: argparse.Namespace) -> int:
    config = load_config(Path.cwd())
    seeds = Path(args.seeds) if args.seeds else config.path(config.seeds)
    content = Path(args.content) if args.content else config.path(config.content)
    if not seeds.is_dir():
        _say(f"error: there is no seeds folder at {seeds}; put seed .txt files there or name the folder")
        return 2
    # ingest's modules are loaded only to ingest: a build starts sooner
    from site_builder.ingest.enrich import enrichment_from_config
    from site_builder.ingest.extractor import ExtractorError
    from site_builder.ingest.run import ingest
    started = time.perf_counter()
    with _progress_bar("ingest", " seeds") as bar:
        try:
            report = ingest(seeds, content, force=args.force, enrich=enrichment_from_config(config),
                            progress=lambda _: bar.update(), jobs=default_jobs() if args.jobs is None else args.jobs)
        except ExtractorError as exc:
            _say(f"error: {exc}")
            return 2
    for rel in report.kept:
        _say(f"kept your edits in {folder_name(content)}{printable(rel)}; --force overwrites")
    for rel, old_url in report.aliased:
        _say(f"note: the slug of {content.name}/{rel} was changed by hand; added its old address {old_url} "
             "to its aliases, so old links lead to it")
    for rel, old_url in report.not_aliased:
        _say(f"warning: the slug of {content.name}/{rel} was changed by hand, but its old address {old_url} "
             "could not be added to its aliases, which must be one list (aliases: [old/address/, ...]); "
             "fix them and run ingest again, so old links lead to it")
    for source, slug, holder, content_file in report.slug_taken:
        _say(f"note: {folder_name(seeds)}{printable(source)}: the slug {slug!r} is taken by "
             f"{folder_name(content)}{printable(holder)}, so its page is "
             f"{folder_name(content)}{printable(content_file)}; no page was overwritten")
    for rel in report.orphaned:
        _say(f"note: the seed of {folder_name(content)}{printable(rel)} is gone; the page is kept "
             "(delete it by hand if unwanted)")
    for source, reason in report.failed:
        _say(f"error: {folder_name(seeds)}{printable(source)}: {reason}")
    seconds = time.perf_counter() - started
    total = len(report.written) + len(report.unchanged) + len(report.kept) + len(report.failed)
    if not total:
        _say(f"note: there are no seeds in {_as_typed(seeds)} (nor in its subfolders); put seed .txt files there, "
             "or name the seeds folder: site-builder ingest FOLDER")
    print(f"Ingested {plural(total, 'seed')}: {len(report.written)} new or refreshed, {len(report.unchanged)} "
          f"unchanged, {len(report.kept)} kept as edited, {len(report.failed)} failed, in {seconds:.2f} s.")
    if report.failed:
        _say(f"{plural(len(report.failed), 'seed')} could not be ingested; the others were.")
        return 1
    return 0


def _report_notices(notices: list[str]) -> None:
    for notice in notices:
        _say(f"notice: {notice}")


def _report_problems(problems: list[Problem]) -> None:
    for problem in problems:
        _say(("error: " if problem.fatal else "warning: ") + str(problem))


def cmd_build(args: argparse.Namespace) -> int:
    config = load_config(Path.cwd())
    if args.base_url is not None:
        config = dataclasses.replace(config, base_url=normalize_base_url(args.base_url, "--base-url"))
    out = Path(args.out) if args.out else None
    content = Path(args.content) if args.content else None
    with _progress_bar("build", " pages") as bar:
        def progress(done: int, total: int | None) -> None:
            bar.total = total
            bar.update(done - bar.n)
        result = build(config, out=out, content=content, strict=args.strict, progress=progress,
                       search=not args.no_search, use_cache=not args.no_cache,
                       jobs=default_jobs() if args.jobs is None else args.jobs, drafts=args.drafts,
                       future=args.future, shard=args.shard)
    _report_notices(result.notices)
    _report_problems(result.problems)
    for rel in result.carried:
        _say(f"note: kept {_as_typed(result.out)}{printable(rel)}, which site-builder did not write: it is carried "
             "over from build to build in this folder only (a file the site should always have belongs in "
             "static/, which is copied into assets/)")
    skipped = sum(p.fatal and p.path != EDITS_NAME for p in result.problems)
    extra = f", {plural(skipped, 'content page')} skipped" if skipped else ""
    if any(p.fatal and p.path == EDITS_NAME for p in result.problems):
        extra += f", some lines of {EDITS_NAME} not applied"
    held = result.held_back
    if held.total:
        extra += (f", {held.total} held back ({plural(held.drafts, 'draft')}, {held.embargoed} dated in the "
                  "future; --drafts and --future include them)")
    what = f"part {args.shard.number} of {args.shard.count}: " if args.shard else ""
    print(f"Built {what}{plural(result.pages, 'HTML page')} from {plural(result.articles, 'article')} in "
          f"{result.seconds:.2f} s into {_as_typed(result.out)}{extra}{_what_changed(result)}.")
    return 1 if any(p.fatal for p in result.problems) else 0


def cmd_assemble(args: argparse.Namespace) -> int:
    from site_builder.build.assemble import assemble

    config = load_config(Path.cwd())
    result = assemble(config, [Path(folder) for folder in args.parts], Path(args.out) if args.out else None)
    _report_problems(result.problems)
    for rel in result.carried:
        _say(f"note: kept {_as_typed(result.out)}{printable(rel)}, which site-builder did not write")
    print(f"Assembled {plural(result.parts, 'part')} into {plural(result.pages, 'HTML page')} from "
          f"{plural(result.articles, 'article')} in {result.seconds:.2f} s in {_as_typed(result.out)}.")
    return 1 if any(p.fatal for p in result.problems) else 0


def _what_changed(result: BuildResult) -> str:
    if result.unchanged:
        return ": nothing changed, no file written"
    if result.rendered < result.pages:
        return f" ({result.rendered} rendered, {result.pages - result.rendered} unchanged)"
    return ""


def cmd_check(args: argparse.Namespace) -> int:
    config = load_config(Path.cwd())
    # The output setting resolved as `build` resolves it (check_output_dir), so that
    # "a/../public" names the folder the build wrote even where "a" does not exist.
    site_dir = Path(args.site_dir) if args.site_dir else config.path(config.output).resolve()
    if not site_dir.is_dir():
        what = "is a file, not a folder" if site_dir.exists() else "does not exist (no such folder)"
        _say(f"error: {site_dir} {what}; build the site with `site-builder build`, or name the site's folder: "
             "site-builder check FOLDER")
        return 2
    problems = check_site(site_dir)
    for problem in problems:
        print(problem)
    if problems:
        _say(f"{plural(len(problems), 'problem')} in {_as_typed(site_dir)}")
        return 1
    pages = len(html_pages(site_files(site_dir)))
    print(f"Checked {plural(pages, 'HTML page')} in {_as_typed(site_dir)}: every link, anchor and asset resolves.")
    return 0


def _rebuild_for_serve(served: Path, jobs: int, index: Callable[[Path, list[str], str], int] | None,
                       drafts: bool = False, future: bool = False) -> bool:
    """One rebuild while serving: site.toml read afresh, and whatever goes wrong
    reported as a sentence while the last good site stays served. True when it
    succeeded and changed the site (open pages then reload)."""
    keep = "still serving the last good site"
    try:
        config = load_config(Path.cwd())
        if config.path(config.output).resolve() != served:
            _say(f"error: site.toml now names the output folder {config.output}/; restart `site-builder serve` "
                 f"to serve it ({keep})")
            return False
        result = build(config, index_search=index, jobs=jobs, drafts=drafts, future=future)
    except BuildError as exc:
        _report_problems(exc.problems)
        _say(f"error: {exc} ({keep})")
        return False
    except SiteBuilderError as exc:
        _say(f"error: {exc} ({keep})")
        return False
    except Exception as exc:  # noqa: BLE001 - a bug must not stop the server; say so plainly
        if os.environ.get("SITE_BUILDER_DEBUG"):
            traceback.print_exc()
        _say(f"error: the rebuild failed unexpectedly ({type(exc).__name__}: {exc}); {keep}. This is a bug; "
             "rerun with SITE_BUILDER_DEBUG=1 for the details and report them.")
        return False
    _report_notices(result.notices)
    _report_problems(result.problems)
    print(f"Built {plural(result.pages, 'HTML page')} in {result.seconds:.2f} s{_what_changed(result)}.", flush=True)
    return not result.unchanged


def cmd_serve(args: argparse.Namespace) -> int:
    from site_builder.render.templates import theme_dir
    from site_builder.serve.server import rebuild_on_change, start_server, watched_paths

    config = load_config(Path.cwd())
    out = config.path(config.output).resolve()
    jobs = default_jobs() if args.jobs is None else args.jobs
    index = None if args.no_search else index_site
    try:  # the port first: a busy one is known at once, not after a long build
        server = start_server(out, args.port, live_reload=True)
    except OSError as exc:
        reason = "it is in use by another program" if exc.errno == errno.EADDRINUSE else exc.strerror
        _say(f"error: cannot serve on port {args.port}: {reason}; choose another with --port "
             "(--port 0 picks a free one)")
        return 2

    def rebuild() -> None:
        if _rebuild_for_serve(out, jobs, index, args.drafts, args.future):
            server.site_rebuilt()  # open pages reload

    try:
        rebuild()
        if not out.is_dir():
            _say("error: there is no site to serve yet; fix the problems above and start again")
            return 2

        def ready() -> None:
            print(f"Serving {_as_typed(out)} at http://127.0.0.1:{server.server_address[1]}/ (rebuilds when "
                  "content, templates, static files or site.toml change; Ctrl+C stops)", flush=True)

        stop = threading.Event()
        try:
            rebuild_on_change(watched_paths(config, theme_dir(config.root, config.theme)),
                              rebuild, stop, out, ready)
        except KeyboardInterrupt:
            pass
        finally:
            stop.set()
    finally:
        server.shutdown()
        server.server_close()
    return 0


def cmd_init(args: argparse.Namespace) -> int:
    folder = Path(args.folder)
    written = init_archive(folder, args.ci)
    print(f"Made a news archive in {_as_typed(folder)}: {', '.join(written)}. Next: put seed .txt files in "
          "seeds/, then run site-builder ingest and site-builder build there.")
    return 0


def cmd_entities(args: argparse.Namespace) -> int:
    if args.review:
        return _review_entities(args.top)
    if args.top is not None:
        _say("error: --top works with --review only: site-builder entities --review --top N")
        return 2
    from site_builder.ingest.entities import run_jsonl
    return run_jsonl(sys.stdin.buffer, sys.stdout)  # bytes: invalid UTF-8 is refused per line


def _review_entities(top: int | None) -> int:
    from site_builder.check.entity_review import report, review
    config = load_config(Path.cwd())
    content = config.path(config.content)
    if not content.is_dir():
        _say(f"error: there is no content folder at {content}; run `site-builder ingest` first")
        return 2
    reviews, problems = review(config, top or REVIEW_TOP)
    _report_problems(problems)
    print(report(reviews), end="")
    return 0


REVIEW_TOP = 20  # pages of each type `entities --review` lists


def _whole_number(text: str, of: str, note: str = "") -> int:
    """`text` as a whole number, 1 or more, of `of` ("pages"); else an error for argparse."""
    try:
        number = int(text)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of {of}; give a whole number, 1 or more{note}")
    return number


def _count(text: str) -> int:
    return _whole_number(text, "pages")


def _jobs(text: str) -> int:
    return _whole_number(text, "processes", " (1 works in this process alone)")


def _shard(text: str) -> Shard:
    try:
        return parse_shard(text)
    except ShardError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        port = -1
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port; give a whole number from 1 to 65535, "
                                         "or 0 for a free one")
    return port


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="site-builder", description="Build a news briefing archive: "
                                  "seeds (raw articles) → content (Markdown pages) → a static site.")
    top.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = top.add_subparsers(dest="command", required=True, metavar="COMMAND")
    p = commands.add_parser("ingest", help="parse seeds into Markdown content pages",
                            description="Parse every seed in SEEDS_DIR into content/<section>/<slug>.md. "
                            "Pages you edited are kept; --force overwrites them.")
    _ingest_arguments(p)
    p = commands.add_parser("build", help="render content pages into a static site",
                            description="Render content/ through the theme into public/ (or --out). "
                            "The previous site stays in place until the new one is complete.")
    _build_arguments(p)
    p = commands.add_parser("assemble", help="merge the parts of a sharded build into one site",
                            description="Merge the folders written by `site-builder build --shard K/N`, "
                            "K from 1 to N, into public/ (or --out), and make what needs the whole site: the "
                            "sitemap, the redirects and the Pagefind index. Run it in the project the parts "
                            "were built from; the site is replaced only once all is well.")
    _assemble_arguments(p)
    p = commands.add_parser("check", help="verify a built site as a reader would meet it",
                            description="Check that every internal link, anchor and asset resolves, every "
                            "page has a title, a lang attribute and one h1, the feed and sitemap parse, and "
                            "every page can be reached from the home page.")
    _check_arguments(p)
    p = commands.add_parser("serve", help="build, serve on 127.0.0.1 and rebuild on every change",
                            description="Build the site, serve it at http://127.0.0.1:PORT/ and rebuild it "
                            "whenever content/, templates/, static/, the theme, site.toml or entities.toml change. "
                            "A failed rebuild is reported and the last good site stays served.")
    _serve_arguments(p)
    p = commands.add_parser("init", help="make a new archive: site.toml, seeds/, .gitignore, a CI workflow",
                            description="Write a new archive into DIR (default: here): site.toml with every "
                            "key explained, seeds/ with an example, content/, static/, .gitignore, a "
                            "requirements.txt pinning this version and, with --ci, a CI workflow that "
                            "ingests, builds, checks and publishes to Pages. Existing files are never overwritten.")
    _init_arguments(p)
    p = commands.add_parser("entities", help="extract people, organizations and places from JSON Lines",
                            description='Read JSON Lines {"id", "text"} on standard input and write '
                            '{"id", "entities": [{"name", "type", "mentions": [[start, end], ...]}]} per line, '
                            "type being person, organization or place. A bad line is reported with its "
                            "number and skipped; the exit status is then 1. With --review, list instead the "
                            "most-linked entity pages of content/ with what makes each suspect, and a line "
                            "of entities.toml to fix it.")
    _entities_arguments(p)
    return top


def _ingest_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("seeds", nargs="?", metavar="SEEDS_DIR", help="folder of seed .txt files (default: seeds/)")
    p.add_argument("--content", metavar="DIR", help="content folder to write (default: content/)")
    p.add_argument("--force", action="store_true", help="overwrite pages even where they were edited by hand")
    p.add_argument("-j", "--jobs", type=_jobs, metavar="N",
                   help="parse and extract with N processes (default: the number of CPUs, at most 8)")
    p.set_defaults(run=cmd_ingest)


def _build_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--content", metavar="DIR", help="content folder to read (default: content/)")
    p.add_argument("--out", metavar="DIR", help="output folder (default: public/)")
    p.add_argument("--strict", action="store_true", help="treat every warning as an error (for CI)")
    p.add_argument("--no-search", action="store_true", help="skip the Pagefind search index")
    p.add_argument("--drafts", action="store_true", help="include pages marked draft: true (for a preview)")
    p.add_argument("--future", action="store_true",
                   help="include articles dated after now, which are otherwise held back until then")
    p.add_argument("--no-cache", action="store_true",
                   help="render everything, ignoring (and not updating) the build cache in .cache/site-builder/")
    p.add_argument("--base-url", metavar="URL",
                   help="public address for this build only, overriding site.toml's base_url "
                   "(e.g. a preview deployment); \"\" builds without one")
    p.add_argument("-j", "--jobs", type=_jobs, metavar="N",
                   help="render with N processes (default: the number of CPUs, at most 8; 1 renders in-process)")
    p.add_argument("--shard", type=_shard, metavar="K/N",
                   help="build only part K of N (for N machines in CI), without the cache, into "
                   "public-part-K-of-N/ (or --out); `site-builder assemble` merges the parts")
    p.set_defaults(run=cmd_build)


def _assemble_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("parts", nargs="+", metavar="PART_DIR", help="the folder of each part (from build --shard)")
    p.add_argument("--out", metavar="DIR", help="output folder (default: public/)")
    p.set_defaults(run=cmd_assemble)


def _check_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("site_dir", nargs="?", metavar="DIR", help="built site to check (default: public/)")
    p.set_defaults(run=cmd_check)


def _serve_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--port", type=_port, default=8000, help="port on 127.0.0.1 (default 8000; 0 picks a free one)")
    p.add_argument("--no-search", action="store_true", help="skip the Pagefind index for faster rebuilds")
    p.add_argument("--drafts", action="store_true", help="include pages marked draft: true, to preview them")
    p.add_argument("--future", action="store_true",
                   help="include articles dated after now, which are otherwise held back until then")
    p.add_argument("-j", "--jobs", type=_jobs, metavar="N", help="render with N processes")
    p.set_defaults(run=cmd_serve)


def _init_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("folder", nargs="?", default=".", metavar="DIR", help="folder of the new archive (default: .)")
    p.add_argument("--ci", choices=sorted(CI_FILES), help="also write GitHub Actions or GitLab CI's workflow")
    p.set_defaults(run=cmd_init)


def _entities_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--review", action="store_true",
                   help="review the entity pages the next build makes (reads content/ and entities.toml)")
    p.add_argument("--top", type=_count, metavar="N",
                   help=f"with --review: the N most-linked pages of each type (default {REVIEW_TOP})")
    p.set_defaults(run=cmd_entities)


# What Ctrl-C leaves, by command: a build swaps in a finished site or nothing, ingest
# replaces each page whole (manifest.PageWriter).
_INTERRUPTED = {"build": "interrupted; the previous site is unchanged",
                "assemble": "interrupted; the previous site is unchanged",
                "ingest": "interrupted; every page written is whole: run ingest again to finish"}


def main(argv: Sequence[str] | None = None) -> int:
    args = None
    try:
        args = parser().parse_args(argv)
        status: int = args.run(args)
        return status
    except BuildError as exc:
        _report_problems(exc.problems)
        _say(f"error: {exc}")
        return 2
    except SiteBuilderError as exc:
        _say(f"error: {exc}")
        return 2
    except KeyboardInterrupt:
        _say(_INTERRUPTED.get(getattr(args, "command", ""), "interrupted"))
        return 130
    except Exception as exc:  # a bug, not a user mistake: say so plainly, details on request
        if os.environ.get("SITE_BUILDER_DEBUG"):
            raise
        _say(f"error: site-builder failed unexpectedly ({type(exc).__name__}: {exc}). "
             "This is a bug; rerun with SITE_BUILDER_DEBUG=1 for the details and report them.")
        return 70
