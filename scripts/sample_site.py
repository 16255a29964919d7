"""The bundled seed as a small site, for the browser tests, screenshots and Lighthouse.

Ingest extracts the people, organizations, places and tags; the seed has no date,
so the page gets one as an editor would add it by hand: that way the site has every
kind of page the theme draws (home, section, article, tag, entity, dated archive,
search). The unedited, undated seed site is covered by the end-to-end tests.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from site_builder.build.run import build
from site_builder.content.frontmatter import ContentPage, parse_page, render_page
from site_builder.core.config import load_config
from site_builder.ingest.run import ingest
from site_builder.search.pagefind import index_site
from site_builder.serve.server import start_server

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"

# What an editor adds to the seed's page. Names as the article writes them.
EDITS: dict[str, Any] = {"date": "2020-01-04", "aliases": ["world/militia-killed-in-airstrike/"]}

# Where the pages of the sample site are (relative to the site root).
ARTICLE = "world/5-members-of-iran-backed-militia-killed-in-iraq-airstrike/index.html"
PAGES = {
    "home": "index.html",
    "article": ARTICLE,
    "section": "world/index.html",
    "tag": "tags/airstrikes/index.html",
    "tags": "tags/index.html",
    "person": "people/qassem-soleimani/index.html",
    "people": "people/index.html",
    "organization": "organizations/popular-mobilization-forces/index.html",
    "place": "places/baghdad/index.html",
    "archive": "archive/index.html",
    "month": "archive/2020/01/index.html",
    "search": "search/index.html",
    "not found": "404.html",
    "redirect": "world/militia-killed-in-airstrike/index.html",  # the article's old address
}


def build_sample_site(project: Path, search: bool = True, settings: str = "") -> Path:
    """Ingest the bundled seeds into `project`, add the editor's front matter, build.
    `settings` is more of site.toml (`language = "fr"`, a [theme] table). Returns the built site folder."""
    project.mkdir(parents=True, exist_ok=True)
    # One article: every entity in it gets a page (an archive keeps the default of 2).
    (project / "site.toml").write_text("entity_min_articles = 1\n" + settings, encoding="utf-8")
    content = project / "content"
    ingest(SEEDS, content)
    for page in sorted(content.rglob("*.md")):
        parsed = parse_page(page.read_text(encoding="utf-8"))
        page.write_text(render_page(ContentPage({**parsed.meta, **EDITS}, parsed.body)), encoding="utf-8")
    config = load_config(project)
    result = build(config, index_search=index_site if search else None)
    missing = [rel for rel in PAGES.values() if not (result.out / rel).is_file()]
    if missing:
        raise RuntimeError(f"the sample site lacks {missing}")
    return result.out


# The pages of a time site (write_time_site) that only time browsing has, one of each kind.
TIME_PAGES = {"day": "archive/2019/02/02/index.html", "month": "archive/2019/02/index.html",
              "term month": "tags/every-story/2017/03/index.html", "numbered page": "world/page/10/index.html"}


def write_time_site(project: Path, settings: str = "") -> None:
    """40 stories over four years, two a page: 20 pages of the section, a tag on all of them,
    days, months and a timeline to walk. `settings`: more of site.toml (a [theme] table)."""
    project.mkdir(parents=True, exist_ok=True)
    (project / "site.toml").write_text(f"title = \"Time\"\npage_size = 2\n{settings}", encoding="utf-8")
    for n in range(40):
        date = f"{2020 - n // 10}-{1 + n % 3:02d}-{1 + n % 5:02d}"
        page = project / "content" / "world" / f"story-{n:02d}.md"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(f"---\ntitle: Story {n}\nslug: story-{n:02d}\nsection: World\ndate: {date}\n"
                        f"tags: [Every story]\n---\n\nBody.\n", encoding="utf-8")


@contextlib.contextmanager
def serve(site: Path) -> Iterator[str]:
    """Serve `site` over http on 127.0.0.1 on a free port; yields the base URL."""
    server = start_server(site, 0)
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
