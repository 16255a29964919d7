"""Drafts and embargoes, against a fixed clock."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from site_builder.build.run import build
from site_builder.cli import main
from site_builder.content.publication import published
from site_builder.content.read import read_article
from site_builder.core.config import load_config
from site_builder.core.model import Article

UTC = dt.UTC
NOW = dt.datetime(2024, 5, 6, 12, 0, tzinfo=UTC)


def _article(slug: str, date: dt.date | dt.datetime | None = None, draft: bool = False) -> Article:
    return Article(title=slug, slug=slug, section="World", section_slug="world", body="",
                   source_path=f"world/{slug}.md", date=date, draft=draft)


def test_drafts_are_held_back_unless_asked_for() -> None:
    items = [_article("a"), _article("b", draft=True)]
    assert [a.slug for a in published(items, NOW)[0]] == ["a"]
    assert published(items, NOW)[1].drafts == 1
    assert [a.slug for a in published(items, NOW, drafts=True)[0]] == ["a", "b"]


@pytest.mark.parametrize("date, out", [
    (dt.date(2024, 5, 6), True),  # today: from 00:00 UTC
    (dt.date(2024, 5, 7), False),
    (dt.datetime(2024, 5, 6, 11, 59), True),  # no zone: UTC
    (dt.datetime(2024, 5, 6, 12, 1), False),
    (dt.datetime(2024, 5, 6, 12, 0, tzinfo=UTC), True),  # at the moment itself
    (dt.datetime(2024, 5, 6, 13, 30, tzinfo=dt.timezone(dt.timedelta(hours=2))), True),  # 11:30 UTC
    (dt.datetime(2024, 5, 6, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=-5))), False),  # 14:00 UTC
])
def test_an_article_dated_after_the_clock_is_embargoed(date: dt.date | dt.datetime, out: bool) -> None:
    kept, held = published([_article("a", date)], NOW)
    assert (len(kept) == 1) is out and held.embargoed == (0 if out else 1)
    assert len(published([_article("a", date)], NOW, future=True)[0]) == 1


def test_the_clock_must_be_aware() -> None:
    with pytest.raises(ValueError, match="aware"):
        published([], dt.datetime(2024, 5, 6))


@pytest.mark.parametrize("value, draft, warned", [("true", True, False), ("false", False, False),
                                                  ("yes please", True, True), ("1", True, True)])
def test_draft_reads_true_or_false_and_anything_else_as_a_draft(value: str, draft: bool, warned: bool) -> None:
    text = f"---\ntitle: T\nsection: World\ndraft: {value}\n---\n\nBody.\n"
    article, problems = read_article("world/t.md", text)
    assert article is not None and article.draft is draft
    assert [(p.line, p.fatal) for p in problems] == ([(4, False)] if warned else [])


def _page(project: Path, slug: str, extra: str) -> None:
    path = project / "content" / "world" / f"{slug}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\ntitle: Story {slug}\nslug: {slug}\nsection: World\ntags: [Tag {slug}]\n{extra}---\n\n"
                    "Body.\n", encoding="utf-8")


def test_a_build_leaves_held_articles_out_everywhere_until_their_time(tmp_path: Path) -> None:
    _page(tmp_path, "live", "date: 2024-05-01\n")
    _page(tmp_path, "embargoed", "date: 2024-05-06T14:00:00+00:00\n")
    _page(tmp_path, "draft", "date: 2024-05-02\ndraft: true\n")
    config = load_config(tmp_path)
    result = build(config, now=NOW)
    site = tmp_path / "public"
    assert (result.articles, result.held_back.drafts, result.held_back.embargoed) == (1, 1, 1)
    assert (site / "world/live/index.html").is_file()
    for slug in ("embargoed", "draft"):
        assert not (site / f"world/{slug}").exists()
        assert not (site / f"tags/tag-{slug}").exists()
        assert f"Story {slug}" not in (site / "feed.xml").read_text(encoding="utf-8")
        assert f"world/{slug}/" not in (site / "index.html").read_text(encoding="utf-8")
    later = build(config, now=dt.datetime(2024, 5, 6, 14, 0, tzinfo=UTC))
    assert later.held_back.embargoed == 0 and (site / "world/embargoed/index.html").is_file()
    preview = build(config, now=NOW, drafts=True, future=True)
    assert preview.held_back.total == 0 and (site / "world/draft/index.html").is_file()


def test_the_summary_line_says_how_many_were_held_back(project: Path, capsys) -> None:
    _page(project, "live", "date: 2020-05-01\n")
    _page(project, "later", "date: 2999-01-01\n")
    _page(project, "draft", "draft: true\n")
    assert main(["build", "--no-search"]) == 0
    assert ", 2 held back (1 draft, 1 dated in the future; --drafts and --future include them)." \
        in capsys.readouterr().out
    assert main(["build", "--no-search", "--drafts", "--future"]) == 0
    out = capsys.readouterr().out
    assert "held back" not in out and "from 3 articles" in out
