"""Peak memory of each process of a clean build (Linux; needs ../shared/corpus).

`python benchmarks/memory.py --articles 30000 --keep /somewhere/p30k`: the first N
Reuters-21578 articles (cycled as benchmarks/scale.py cycles them) ingested into a
project, then one clean `build`, its processes sampled every 0.2 s. For each process
that grew past 50 MB: its role (the build, a forked page worker or helper, the
Pagefind binary), when it ran, its peak resident set (VmHWM: pages it shares with
the process it was forked from count in full) and its peak proportional set size
(shared pages split among those sharing them). With --keep the project is kept and
reused by the next run, so runs of the old and the new code build the same content.

The goal it checks (issue 27): no process above 1.5 GB at 300,000 articles. Run it
at two sizes (10,000 and 30,000) and read the slope per article off the two.
"""

from __future__ import annotations

import argparse
import dataclasses
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from scale import REUTERS, _process_tree, prepare, pss_kb, tree_memory_readable  # noqa: E402

MIN_KB = 50 * 1024  # processes smaller than this are left out of the table


@dataclasses.dataclass
class Seen:
    role: str
    first: float
    last: float = 0.0
    hwm_kb: int = 0
    pss_kb: int = 0


def _status_kb(pid: int, field: str) -> int:
    with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as status:
        return next((int(line.split()[1]) for line in status if line.startswith(field)), 0)


def _role(pid: int, root: int) -> str:
    if pid == root:
        return "build"
    command = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")[0].decode(errors="replace")
    return "pagefind" if "pagefind" in command else "forked python"


def sample_build(project: Path) -> tuple[dict[int, Seen], float, float]:
    """A clean build of `project`: each process's peaks, the CPU seconds of the build and
    everything it started, and the wall seconds."""
    shutil.rmtree(project / "public", ignore_errors=True)
    shutil.rmtree(project / ".cache", ignore_errors=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    process = subprocess.Popen([sys.executable, "-m", "site_builder", "build"], cwd=project,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    seen: dict[int, Seen] = {}
    while process.poll() is None:
        now = time.monotonic() - started
        for pid in _process_tree(process.pid):
            try:
                entry = seen.get(pid) or seen.setdefault(pid, Seen(_role(pid, process.pid), now))
                entry.hwm_kb = max(entry.hwm_kb, _status_kb(pid, "VmHWM"))
                entry.pss_kb = max(entry.pss_kb, pss_kb(pid))
                entry.last = now
            except (OSError, StopIteration):
                continue  # it ended meanwhile
        time.sleep(0.2)
    wall = time.monotonic() - started
    errors = process.stderr.read().decode(errors="replace") if process.stderr else ""
    if process.returncode not in (0, 1):
        raise SystemExit(f"the build failed (exit {process.returncode}):\n{errors[-2000:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return seen, cpu, wall


def report(seen: dict[int, Seen], cpu: float, wall: float, articles: int) -> None:
    print(f"clean build of {articles:,} articles: {cpu:.1f} CPU s, {wall:.1f} s wall")
    print(f"{'role':<15}{'from s':>8}{'to s':>8}{'peak RSS MB':>13}{'peak PSS MB':>13}")
    for entry in sorted(seen.values(), key=lambda e: e.first):
        if entry.hwm_kb >= MIN_KB:
            print(f"{entry.role:<15}{entry.first:>8.0f}{entry.last:>8.0f}{entry.hwm_kb / 1024:>13.0f}"
                  f"{entry.pss_kb / 1024:>13.0f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--keep", type=Path, help="the project folder, kept and reused when it exists")
    args = parser.parse_args()
    if not tree_memory_readable():
        raise SystemExit("this benchmark reads /proc/<pid>/smaps_rollup (Linux 4.14 and later)")
    if not REUTERS.exists():
        raise SystemExit(f"no corpus at ../shared/corpus ({REUTERS.name} missing)")
    with tempfile.TemporaryDirectory() as tmp:
        project = args.keep or Path(tmp) / "site"
        if not (project / "content").is_dir():
            prepare(project, args.articles)
        articles = sum(1 for _ in (project / "content").rglob("*.md"))
        report(*sample_build(project), articles)


if __name__ == "__main__":
    main()
