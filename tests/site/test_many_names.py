"""An article with very many tags or names: the site grows in proportion to them
(never with their square), and the page is named with a warning."""

from __future__ import annotations

from pathlib import Path

import pytest

from site_builder.build.run import build
from site_builder.core.config import Config
from site_builder.core.model import MANY_NAMES
from site_fixtures import digest_tree


def _site_bytes(tmp_path: Path, tags: int, people: int = 0) -> tuple[int, list[str]]:
    """The bytes of a site of two articles, the first with `tags` tags and `people` people."""
    project = tmp_path / f"site-{tags}-{people}"
    content = project / "content/world"
    content.mkdir(parents=True)
    tag_list = ", ".join(f"Tag {n}" for n in range(tags))
    people_list = ", ".join(f"Person {n}" for n in range(people))
    (content / "many.md").write_text(
        f"---\ntitle: Many\nslug: many\nsection: World\ndate: 2020-01-02\ntags: [{tag_list}]\n"
        f"people: [{people_list}]\n---\n\nBody.\n", encoding="utf-8")
    (content / "few.md").write_text("---\ntitle: Few\nslug: few\nsection: World\ndate: 2020-01-01\n"
                                    "tags: [Tag 1]\n---\n\nBody.\n", encoding="utf-8")
    result = build(Config(root=project, entity_min_articles=1), search=False, use_cache=False, jobs=1)
    site = project / "public"
    size = sum((site / rel).stat().st_size for rel in digest_tree(site))
    return size, [str(p) for p in result.problems]


@pytest.mark.scale
def test_output_grows_linearly_with_the_tags_of_one_article(tmp_path: Path) -> None:
    small, _ = _site_bytes(tmp_path, 100)
    large, problems = _site_bytes(tmp_path, 400)
    # Four times the tags, four times the pages: linear growth stays near 4 (the square, 16).
    assert large / small < 4.5, (small, large)
    assert any(p.endswith("many.md:6: 'tags' lists 400 tags; more than 100 on one article is likely a mistake, "
                          "as each gets a page and a feed of its own: keep those the article is about")
               for p in problems), problems


@pytest.mark.scale
def test_output_grows_linearly_with_the_names_of_one_article(tmp_path: Path) -> None:
    small, _ = _site_bytes(tmp_path, 20, people=100)
    large, problems = _site_bytes(tmp_path, 20, people=400)
    assert large / small < 4.5, (small, large)
    assert any(":7: 'people' lists 400 people; more than 100" in p for p in problems), problems


def test_only_the_first_names_of_an_article_count_toward_related_names(tmp_path: Path) -> None:
    """Every name's page counts the names it shares articles with: counting all of an
    article's names on each of their pages is work that grows with their square, so
    an article counts there with its first MANY_NAMES names (most salient first)."""
    project = tmp_path / "project"
    content = project / "content/world"
    content.mkdir(parents=True)
    people = ", ".join(f"Person {n}" for n in range(MANY_NAMES + 50))
    (content / "many.md").write_text(f"---\ntitle: Many\nslug: many\nsection: World\ndate: 2020-01-02\n"
                                     f"people: [{people}]\n---\n\nBody.\n", encoding="utf-8")
    last = f"Person {MANY_NAMES + 49}"
    (content / "two.md").write_text(f"---\ntitle: Two\nslug: two\nsection: World\ndate: 2020-01-01\n"
                                    f"people: [Person 0, {last}]\n---\n\nBody.\n", encoding="utf-8")
    build(Config(root=project, entity_min_articles=1), search=False, use_cache=False, jobs=1)
    page = (project / "public/people/person-0/index.html").read_text(encoding="utf-8")
    related = page[page.index('class="related-list"'):page.index("</ul>", page.index('class="related-list"'))]
    assert f">{last}</a>" not in related.split("</li>")[0]  # it shares one counted article, not two
    assert "2 articles together" not in related and "1 article together" in related
