"""One date rule for every reader: a date that cannot be shown or converted to UTC is
refused by ingest with file and line, and warned about (the article shown as undated)
by build, which never fails on one."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from site_builder.check.site import check_site
from site_builder.cli import main
from site_builder.content.dates import DateError, read_date
from site_fixtures import BAD_DATES


@pytest.mark.parametrize("value, reason", BAD_DATES)
def test_the_rule_refuses_a_date_with_a_reason(value: str, reason: str) -> None:
    with pytest.raises(DateError, match=re.escape(reason)):
        read_date(value)


@pytest.mark.parametrize("value", [dt.datetime(9999, 12, 31, 23, tzinfo=dt.timezone(dt.timedelta(hours=-5))),
                                   dt.datetime(1, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=1)))])
def test_the_rule_refuses_a_constructed_datetime_without_a_utc_equivalent(value: dt.datetime) -> None:
    with pytest.raises(DateError, match="once converted to UTC"):
        read_date(value)


@pytest.mark.parametrize("value, expected", [
    ("2020-01-04", dt.date(2020, 1, 4)),
    ("9999-12-31T23:00:00+01:00", dt.datetime(9999, 12, 31, 23, tzinfo=dt.timezone(dt.timedelta(hours=1)))),
    ("0001-01-01", dt.date(1, 1, 1)),
    ("3 Jan 2020", dt.date(2020, 1, 3)),
    ("Sat, 04 Jan 2020 10:00:00 +0000", dt.datetime(2020, 1, 4, 10, tzinfo=dt.UTC)),
    ("Mon, 01 Jan 0001 01:00:00 +0100", dt.datetime(1, 1, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=1)))),
])
def test_the_rule_accepts_every_date_that_can_be_shown(value: str, expected: object) -> None:
    assert read_date(value) == expected


@pytest.mark.parametrize("value, reason", BAD_DATES)
def test_ingest_refuses_a_seed_with_such_a_date_naming_file_and_line(project: Path, capsys, value: str,
                                                                      reason: str) -> None:
    (project / "seeds/dated.txt").write_text(f"Author: A. Writer\nDate: {value}\n\nWorld\n\nA dated story\n\n"
                                             "Summary.\n\nBody.\n", encoding="utf-8")
    status = main(["ingest"])
    err = capsys.readouterr().err
    assert status == 1
    assert f"error: seeds/dated.txt: line 2: the Date value {value[:40]!r}" in err
    assert reason in err
    assert (project / "content/world/5-members-of-iran-backed-militia-killed-in-iraq-airstrike.md").is_file()
    assert not (project / "content/world/a-dated-story.md").exists()
    assert main(["build", "--no-search"]) == 0  # what was ingested builds


@pytest.mark.parametrize("value, reason", BAD_DATES)
def test_build_warns_with_file_and_line_and_shows_the_page_undated(project: Path, capsys, value: str,
                                                                   reason: str) -> None:
    page = project / "content/world/dated.md"
    page.parent.mkdir(parents=True)
    page.write_text(f"---\ntitle: Dated\nslug: dated\ndate: {value}\n---\n\nBody.\n", encoding="utf-8")
    (project / "content/world/fine.md").write_text("---\ntitle: Fine\nslug: fine\ndate: 2020-01-04\n---\n\nBody.\n",
                                                   encoding="utf-8")
    status = main(["build", "--no-search"])
    err = capsys.readouterr().err
    assert status == 0, err
    assert f"warning: world/dated.md:4: the date {value!r} is not a date" in err or \
        f"warning: world/dated.md:4: the date {value!r} falls outside" in err, err
    assert reason in err
    assert "This is a bug" not in err
    site = project / "public"
    assert "Undated" in (site / "world/dated/index.html").read_text(encoding="utf-8")
    assert check_site(site) == []

    assert main(["build", "--no-search", "--strict"]) == 2
    assert "--strict is on; nothing was written" in capsys.readouterr().err


def test_the_extreme_dates_that_are_allowed_build_a_valid_feed(project: Path, capsys) -> None:
    for name, value in (("last", "9999-12-31T23:00:00+01:00"), ("first", "0001-01-01T00:00:00Z")):
        page = project / f"content/world/{name}.md"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(f"---\ntitle: {name}\nslug: {name}\ndate: {value}\n---\n\nBody.\n", encoding="utf-8")
    # --future: an article dated 9999 is embargoed until then
    assert main(["build", "--no-search", "--strict", "--future"]) == 0, capsys.readouterr().err
    feed = (project / "public/feed.xml").read_text(encoding="utf-8")
    assert "<updated>9999-12-31T22:00:00Z</updated>" in feed
    assert "<updated>0001-01-01T00:00:00Z</updated>" in feed
    assert check_site(project / "public") == []
