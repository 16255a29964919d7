"""A seed never takes the address of a page written by hand: its page gets a slug of
its own, the clash is named, and no page is overwritten."""

from __future__ import annotations

from pathlib import Path

import pytest

from site_builder.cli import main
from site_builder.content.read import load_articles

SLUG = "5-members-of-iran-backed-militia-killed-in-iraq-airstrike"


@pytest.mark.parametrize("name, front_matter", [
    ("my-notes.md", f"title: My notes\nslug: {SLUG}\n"),
    ("my-notes.md", f"title: My notes\nslug: '{SLUG}'\n"),
    ("deep/inside/notes.md", f"title: My notes\nsection: World\nslug: \"{SLUG}\"\n"),
    ("notes.md", "title: 5 members of Iran-backed militia killed in Iraq airstrike\n"),  # the slug its title gives
])
def test_ingest_never_takes_a_slug_a_hand_written_page_has(project: Path, capsys, name: str,
                                                           front_matter: str) -> None:
    for seed in (project / "seeds").iterdir():  # one seed is enough, and quick
        if seed.name != "000_d516c940b5b60795.txt":
            seed.unlink()
    page = project / "content/world" / name
    page.parent.mkdir(parents=True)
    text = f"---\n{front_matter}section: World\n---\n\nWritten by hand.\n"
    page.write_text(text, encoding="utf-8")
    assert main(["ingest"]) == 0
    assert page.read_text(encoding="utf-8") == text
    err = capsys.readouterr().err
    assert f"the slug {SLUG!r} is taken by content/world/{name}" in err
    articles, problems = load_articles(project / "content")
    assert not [p for p in problems if p.fatal]
    urls = sorted(a.url for a in articles)
    assert len(urls) == len(set(urls)) == len(list((project / "content").rglob("*.md")))
    assert f"world/{SLUG}/index.html" in urls
    assert main(["ingest"]) == 0  # and it stays so, nothing rewritten
    assert page.read_text(encoding="utf-8") == text
    assert "taken by" not in capsys.readouterr().err
