"""Topic tags (site_builder.ingest.tags) and the site.toml settings that turn them off or fix them."""

from __future__ import annotations

from pathlib import Path

from site_builder.cli import main
from site_builder.content.frontmatter import parse_page
from site_builder.ingest.tags import suggest_tags

FIXTURE_TITLE = "England beat Spain in Women's World Cup final"
FIXTURE_SUMMARY = "England won the Women's World Cup final against Spain in Sydney."
FIXTURE_BODY = (
    "England beat Spain 1-0 in the final of the tournament. Spain had won the group match against "
    "England earlier, and the coach said the league season in England and Spain starts next month. "
    "The goal came in the first half; the match drew a record crowd."
)
TALKS_TITLE = "Iran and US hold talks on the nuclear deal"
TALKS_SUMMARY = "Diplomats from Iran and the United States met for talks on sanctions."
TALKS_BODY = (
    "Iran and the United States held talks in Geneva on sanctions and the nuclear deal. Iran's "
    "negotiator said the United States must lift sanctions; US diplomats said Iran must stop enrichment."
)


def test_no_relations_tag_from_a_sports_fixture() -> None:
    tags = suggest_tags(FIXTURE_TITLE, FIXTURE_SUMMARY, FIXTURE_BODY, "World")
    assert "Sport" in tags
    assert not any("Relations" in tag for tag in tags), tags


def test_no_tag_repeats_the_section_and_none_is_filler() -> None:
    tags = suggest_tags(FIXTURE_TITLE, FIXTURE_SUMMARY, FIXTURE_BODY, "Sport")
    assert tags and "Sport" not in tags
    # A text with no topic at all used to get its section and "News" as fill-ins.
    assert suggest_tags("Quiet day", "Nothing happened.", "Nothing at all happened today.", "General") == []


def test_relations_tag_when_the_text_is_about_two_states() -> None:
    assert "Iran–US Relations" in suggest_tags(TALKS_TITLE, TALKS_SUMMARY, TALKS_BODY, "World")


def test_a_vocabulary_limits_tags_to_its_terms() -> None:
    vocabulary = ("Nuclear Deal", "Sanctions", "Football")
    tags = suggest_tags(TALKS_TITLE, TALKS_SUMMARY, TALKS_BODY, "World", vocabulary=vocabulary)
    # "Nuclear Deal" is a suggested topic on the list; "Sanctions" is named in the summary.
    assert tags == ["Nuclear Deal", "Sanctions"]
    assert suggest_tags(FIXTURE_TITLE, FIXTURE_SUMMARY, FIXTURE_BODY, "Sport", vocabulary=("Elections",)) == []


def ingested_tags(project: Path, toml: str) -> list[str]:
    (project / "site.toml").write_text(toml, encoding="utf-8")
    seed = next((project / "seeds").glob("*.txt"))
    seed.write_text("Tags: Editor Pick\n\n" + seed.read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["ingest"]) == 0
    page = next((project / "content").rglob("*.md"))
    return parse_page(page.read_text(encoding="utf-8")).meta["tags"]


def test_auto_tags_off_keeps_only_the_seeds_own_tags(project: Path) -> None:
    assert ingested_tags(project, "auto_tags = false\n") == ["Editor Pick"]


def test_tag_vocabulary_in_site_toml(project: Path) -> None:
    tags = ingested_tags(project, 'tag_vocabulary = ["Airstrikes", "Iraq", "Elections"]\n')
    assert tags == ["Editor Pick", "Airstrikes", "Iraq"]
