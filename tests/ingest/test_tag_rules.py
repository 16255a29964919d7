"""Tags worth clicking (site_builder.ingest.tag_rules, applied by every build and by ingest): a
relations tag only between two sovereign states carried by two articles, no filler tags, no
tag repeating the section, topic keywords matched as whole words in context."""

from __future__ import annotations

from pathlib import Path

import pytest

from site_builder.cli import main
from site_builder.ingest.tags import suggest_tags
from site_fixtures import names_on_page, write_page


def _tags_shown(project: Path, section: str, slug: str) -> list[str]:
    return names_on_page(project / "public" / section / slug / "index.html").get("tags", [])


@pytest.fixture
def archive(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


# (the tags of two articles in World, the tags the first article's page then shows)
BUILD_CASES = [
    ((["Iran–US Relations", "Diplomacy"], ["Iran–US Relations"]), ["Iran–US Relations", "Diplomacy"]),
    ((["Iran–US Relations", "Diplomacy"], ["Diplomacy"]), ["Diplomacy"]),  # one article: no page worth it
    ((["US–Washington Relations", "Markets"], ["US–Washington Relations"]), ["Markets"]),  # a city is no state
    ((["US–Wall Street Relations", "Markets"], ["US–Wall Street Relations"]), ["Markets"]),
    ((["Europe–Japan Relations", "Trade"], ["Europe–Japan Relations"]), ["Trade"]),  # nor a continent
    ((["Iran–White House Relations"], ["Iran–White House Relations"]), []),  # nor a building
    ((["China–Guinea-Bissau Relations"], ["China–Guinea-Bissau Relations"]), ["China–Guinea-Bissau Relations"]),
    ((["News", "General", "Energy"], ["News"]), ["Energy"]),  # filler
    ((["World", "Energy"], ["World"]), ["Energy"]),  # the section again
]


@pytest.mark.parametrize("tags, shown", BUILD_CASES)
def test_the_build_keeps_only_tags_worth_clicking(archive: Path, tags: tuple[list[str], list[str]],
                                                  shown: list[str]) -> None:
    write_page(archive, "first", date="2020-01-02", tags=tags[0])
    write_page(archive, "second", date="2020-01-01", tags=tags[1])
    assert main(["build", "--no-search"]) == 0
    assert _tags_shown(archive, "world", "first") == shown
    # A tag page exists for each tag an article shows, and for no other.
    shown_anywhere = set(shown) | set(_tags_shown(archive, "world", "second"))
    index = (archive / "public/tags/index.html").read_text(encoding="utf-8") if shown_anywhere else ""
    assert len(list((archive / "public/tags").glob("*/index.html"))) == len(shown_anywhere)
    assert all(tag in index for tag in shown_anywhere)


def test_ingest_never_suggests_relations_with_a_city() -> None:
    title = "US officials in Washington hold talks on sanctions"
    summary = "Diplomats in Washington said the United States wants talks."
    body = ("Washington said sanctions would stay. The United States and Washington officials met "
            "diplomats for talks on a treaty; the United States said talks would go on.")
    tags = suggest_tags(title, summary, body, "World")
    assert "Diplomacy" in tags
    assert not [tag for tag in tags if "Relations" in tag], tags


# (headline, summary, body, a topic that must be suggested or None, a topic that must not)
TEXT_CASES = [
    ("Attorney General resigns", "The attorney general quit.", "In general, the general election is near.",
     None, "Military"),
    ("General Soleimani killed", "General Qassem Soleimani was killed.", "Troops were on alert.",
     "Military", None),
    ("General Motors profit rises", "General Motors said profit rose.", "The company beat forecasts.",
     "Business", "Military"),
    ("Warsaw warns on award", "Warsaw warned about the award.", "A warning came from Warsaw.", None, "Conflict"),
    ("Pollution rises", "Pollution rose in the city.", "Pollution levels rose again.", None, "Elections"),
    ("Negotiators meet again", "Negotiations resumed.", "The negotiators met for talks.", "Diplomacy", None),
]


@pytest.mark.parametrize("title, summary, body, wanted, unwanted", TEXT_CASES)
def test_topic_keywords_match_whole_words_in_context(title: str, summary: str, body: str, wanted: str | None,
                                                      unwanted: str | None) -> None:
    tags = suggest_tags(title, summary, body, "World", places=[])
    if wanted:
        assert wanted in tags
    if unwanted:
        assert unwanted not in tags
