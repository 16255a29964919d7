"""scripts/check_wire_site.py: a built site of held-out wire copy read as a reader would."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from site_fixtures import load_script


def _page(public: Path, path: str, title: str, body: str = "", article: bool = False) -> None:
    file = public / path
    file.parent.mkdir(parents=True, exist_ok=True)
    main = f'<article class="article"><h1>{title}</h1><div class="body">{body}</div></article>' if article else ""
    file.write_text(f"<html><head><title>{title} \u00b7 Wire</title></head><body>{main}</body></html>",
                    encoding="utf-8")


def test_each_check_counts_what_a_reader_would_see(tmp_path: Path) -> None:
    module = load_script("check_wire_site")
    _page(tmp_path, "a/index.html", "NORD RESOURCES CORP 4TH QTR NET", "<p>Net profit rose. REUTER</p>", True)
    _page(tmp_path, "b/index.html", "Birdsboro &lt;BIRD&gt; loss", "<p>It lost &lt;BIRD&gt; money.</p>", True)
    _page(tmp_path, "c/index.html", "OPEC", '<p>Output held. <time datetime="1970-01-01">1 January 1970</time></p>',
          True)
    _page(tmp_path, "d/index.html", "Fed adds reserves", "<p>The Fed added reserves.</p>", True)
    _page(tmp_path, "e/index.html", "Fed adds reserves", "<p>Again, since 1970.</p>", True)
    _page(tmp_path, "f/index.html", "Sugar quota IMPORTS detailed -- USDA", "<p>Sugar imports rose, USDA said.</p>",
          True)
    counts = module.check(tmp_path)
    assert {name: counts[name] for name in module.CHECKS} == {
        "titles in capitals": 1, "headlines with a shouted word": 1, "titles with a ticker mark": 1,
        "articles with a ticker mark in the text": 1,
        "articles ending in a sign-off": 1, "pages showing a 1970 date": 1, "pages sharing a <title>": 2}
    assert (counts["pages"], counts["articles"]) == (6, 6)


def test_without_the_corpus_it_says_so_and_checks_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    module = load_script("check_wire_site")
    monkeypatch.setattr(module, "CORPUS", tmp_path / "corpus")
    assert module.main([]) == 0
    assert "nothing checked" in capsys.readouterr().out


def test_raw_wire_copy_reads_clean_once_built(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    """Held-out stories only, and the site this checkout builds shows none of what is counted."""
    module = load_script("check_wire_site")
    reuters = [{"id": f"reuters21578-{n}", "title": "NORD RESOURCES CORP <NRD> 4TH QTR NET", "section": "Earnings",
                "date": f"1987-03-{n % 28 + 1:02d}T10:00:00",
                "paragraphs": [f"Shr {n} cts vs nine cts, said &lt;Nord Resources Corp&gt;.", "Net rose. REUTER"]}
               for n in range(40)]
    bbc = [{"id": f"bbc-business-{n:03d}", "title": f"Profits rise at firm {n}", "section": "Business",
            "date": None, "paragraphs": ["Profits rose.", "Shares were up."]} for n in range(40)]
    for name, records in zip(module.SOURCES, (reuters, bbc), strict=True):
        (tmp_path / name).parent.mkdir(parents=True)
        (tmp_path / name).write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    monkeypatch.setattr(module, "CORPUS", tmp_path)
    chosen = module.held_out_records(10)
    assert len(chosen) == 10 and all(module.held_out(r["id"]) for r in chosen)
    assert {r["id"].split("-")[0] for r in chosen} == {"reuters21578", "bbc"}
    assert module.main(["--limit", "10", "--keep", str(tmp_path / "site")]) == 0
    out = capsys.readouterr().out
    assert "10 held-out stories" in out
    assert [line.split()[-1] for line in out.splitlines()[1:]] == ["0"] * len(module.CHECKS)
