"""Tag, name and section values that are also names of every JavaScript object's
properties (__proto__, constructor, toString) filter the offline search like any other."""

from __future__ import annotations

import json
from typing import Any

import pytest

from site_builder.build.run import build
from site_builder.core.config import load_config

NAMES = ["__proto__", "constructor", "toString", "hasOwnProperty"]


@pytest.fixture(scope="module")
def search_page(tmp_path_factory: pytest.TempPathFactory) -> str:
    project = tmp_path_factory.mktemp("prototype") / "project"
    for n, name in enumerate(NAMES):
        path = project / "content" / "world" / f"story-{n}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f'---\ntitle: Story {n}\nslug: story-{n}\nsection: World\ndate: 2021-03-0{n + 1}\n'
                        f'tags: ["{name}", Plain]\npeople: ["{name}"]\n---\n\nA quokka story.\n', encoding="utf-8")
    odd = project / "content" / "proto" / "odd.md"
    odd.parent.mkdir(parents=True)
    odd.write_text('---\ntitle: Odd one\nslug: odd\nsection: "__proto__"\ndate: 2021-04-01\n---\n\nA quokka.\n',
                   encoding="utf-8")
    result = build(load_config(project))
    assert not result.problems, result.problems
    return (result.out / "search" / "index.html").as_uri()


def _search(page: Any, query: str, filters: dict[str, list[str]]) -> Any:
    """The answer as JSON text: Playwright's own conversion of objects drops a key named __proto__."""
    return json.loads(page.evaluate("([q, f]) => SiteSearchOffline.search(q, f).then(a => JSON.stringify(a))",
                                    [query, filters]))


def test_prototype_names_are_counted_and_filter_like_any_value(page: Any, search_page: str) -> None:
    page.goto(search_page)
    answer = _search(page, "quokka", {})
    assert answer["total"] == 5
    assert answer["filters"]["tags"] == {**dict.fromkeys(NAMES, 1), "Plain": 4}
    assert answer["filters"]["people"] == dict.fromkeys(NAMES, 1)
    assert answer["filters"]["section"] == {"World": 4, "__proto__": 1}
    for n, name in enumerate(NAMES):
        narrowed = _search(page, "quokka", {"tags": [name]})
        assert [r["title"] for r in narrowed["results"]] == [f"Story {n}"], name
        assert narrowed["filters"]["tags"] == {name: 1, "Plain": 1}, name
        by_person = _search(page, "", {"people": [name]})
        assert by_person["total"] == 1, name
    section = _search(page, "", {"section": ["__proto__"]})
    assert [r["title"] for r in section["results"]] == ["Odd one"]

