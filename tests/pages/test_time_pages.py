"""Ways through time: numbered pagination with a jump to each year, day pages, the month
calendar, each term's coverage timeline, and the undated stories in the order they arrived."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from site_builder.build.run import build
from site_builder.core.config import Config, load_config
from site_builder.core.model import Article
from site_builder.pages.site_pages import SitePages
from site_builder.pages.views import DateJump
from site_fixtures import site_pages


def story(n: int, date: dt.date | None, source: str | None = None) -> Article:
    return Article(title=f"Story {n}", slug=f"story-{n}", section="World", section_slug="world", body="",
                   source_path=source or f"world/story-{n}.md", date=date, tags=("Every story",))


def test_a_list_spanning_years_jumps_to_the_page_each_year_starts_on() -> None:
    # 5 stories of 2021, 3 of 2020, 2 of 2019, two to a page: 2020 starts on page 3, 2019 on page 5.
    dates = [dt.date(2021, 6, 5 - i) for i in range(5)] + [dt.date(2020, 3, 3 - i) for i in range(3)] + \
        [dt.date(2019, 1, 2 - i) for i in range(2)]
    pages = {p.path: p for p in site_pages(SitePages(Config(page_size=2), [story(n, d) for n, d in enumerate(dates)]))}
    pagination = pages["world/page/3/index.html"].context["pagination"]
    assert pagination.years == (DateJump(2021, "world/index.html"), DateJump(2020, "world/page/3/index.html"),
                                DateJump(2019, "world/page/5/index.html"))
    assert pages["archive/2021/06/index.html"].context["pagination"].years == ()  # one year: nothing to jump to


def _write(project: Path, count: int) -> None:
    (project / "site.toml").write_text("title = \"Time\"\npage_size = 2\n", encoding="utf-8")
    for n in range(count):
        page = project / "content" / "world" / f"story-{n:02d}.md"
        page.parent.mkdir(parents=True, exist_ok=True)
        date = dt.date(2020 - n // 6, 1 + n % 3, 1 + n % 5)
        page.write_text(f"---\ntitle: Story {n}\nslug: story-{n:02d}\nsection: World\ndate: {date}\n"
                        f"tags: [Every story]\n---\n\nBody.\n", encoding="utf-8")


def test_the_pager_links_first_last_and_two_either_side_and_marks_the_current(tmp_path: Path) -> None:
    _write(tmp_path, 24)  # 12 pages of the section
    out = build(load_config(tmp_path)).out
    html = (out / "world" / "page" / "6" / "index.html").read_text(encoding="utf-8")
    pager = html[html.index('<nav class="pager"'):html.index("</nav>", html.index('<nav class="pager"'))]
    numbers = [int(n) for n in re.findall(r'<li><a href="[^"]*" aria-label="Page \d+"[^>]*>(\d+)</a>', pager)]
    assert numbers == [1, 4, 5, 6, 7, 8, 12]
    assert re.search(r'href="\.\./\.\./\.\./world/page/6/index.html" aria-label="Page 6" aria-current="page"', pager)
    assert pager.count("…") == 2
    assert 'href="../../../world/index.html">2020</a>' in pager
    assert 'href="../../../world/page/4/index.html">2019</a>' in pager  # 6 stories a year, 2 a page


def test_each_day_with_stories_has_a_page_linked_from_its_month_calendar(tmp_path: Path) -> None:
    _write(tmp_path, 24)
    out = build(load_config(tmp_path)).out
    day = (out / "archive" / "2020" / "01" / "01" / "index.html").read_text(encoding="utf-8")
    assert day.count('class="teaser"') == 1 and "Story 0<" in day
    month = (out / "archive" / "2020" / "01" / "index.html").read_text(encoding="utf-8")
    table = month[month.index('<table class="calendar">'):month.index("</table>")]
    assert "<caption>Days of January 2020 with stories</caption>" in table
    assert '<th scope="col">Mon</th>' in table and table.count('<th scope="col">') == 7
    linked = re.findall(r'href="\.\./\.\./\.\./archive/2020/01/(\d\d)/index.html" aria-label="([^"]+)"', table)
    assert linked == [("01", "1 January 2020: 1 story"), ("04", "4 January 2020: 1 story")]
    assert '<span class="calendar-empty">2</span>' in table  # a day without stories is text
    assert not (out / "archive" / "2020" / "01" / "02").exists()


def test_a_term_page_charts_its_stories_per_month_each_bar_linking_to_that_months_stories(tmp_path: Path) -> None:
    _write(tmp_path, 24)  # 2017 to 2020, January to March of each
    out = build(load_config(tmp_path)).out
    html = (out / "tags" / "every-story" / "index.html").read_text(encoding="utf-8")
    svg = html[html.index("<svg"):html.index("</svg>")]
    assert '<title id="timeline-title">Stories about Every story, month by month</title>' in svg
    bars = re.findall(r'<a href="\.\./\.\./tags/every-story/(\d{4})/(\d\d)/index.html" aria-label="([^"]+)"><rect',
                      svg)
    assert len(bars) == 12 and svg.count("<rect") == 12  # 3 months a year; the 9 between have no bar
    assert bars[0] == ("2017", "01", "January 2017: 2 stories")
    month = (out / "tags" / "every-story" / "2017" / "01" / "index.html").read_text(encoding="utf-8")
    assert month.count('class="teaser"') == 2
    assert not (out / "tags" / "every-story" / "2017" / "04").exists()  # no page for a month without stories
