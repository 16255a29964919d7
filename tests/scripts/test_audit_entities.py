"""scripts/audit_entities.py: the entity pages with the most articles, scored against labels."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from site_fixtures import load_script


def test_without_the_corpus_it_says_what_is_missing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    module = load_script("audit_entities")
    monkeypatch.setattr(module, "CORPUS", tmp_path / "corpus")
    assert module.main([]) == 0
    err = capsys.readouterr().err
    assert "audit skipped" in err and "reuters-21578/articles.jsonl" in err


def test_pages_are_ranked_by_articles_and_scored_against_labels(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    module = load_script("audit_entities")
    stories = [("Paul Volcker said rates would stay firm.", 3), ("Moody's said it cut the debt rating.", 2)]
    records = [{"id": f"story-{text[:4]}-{n}", "section": "Business", "title": "Story", "paragraphs": [text]}
               for text, copies in stories for n in range(copies)]
    for source in module.SOURCES:
        (tmp_path / source).mkdir(parents=True)
        (tmp_path / source / "articles.jsonl").write_text(
            "".join(json.dumps(r) + "\n" for r in records) if source == module.SOURCES[0] else "", encoding="utf-8")
    labels = tmp_path / "labels.tsv"
    labels.write_text("people\tPaul Volcker\tright\tFed chairman\norganizations\tMoody's\twrong\ttest label\n",
                      encoding="utf-8")
    monkeypatch.setattr(module, "CORPUS", tmp_path)
    monkeypatch.setattr(module, "LABELS", labels)
    assert module.main(["--side", "all", "--top", "5"]) == 0
    out = capsys.readouterr().out
    assert "  1     3  right Paul Volcker" in out
    assert "  1     2  wrong Moody's  [test label]" in out
    assert "people         top-5 right: 1 of 1 labelled (100%); 0 not labelled" in out
    assert "organizations  top-5 right: 0 of 1 labelled (0%); 0 not labelled" in out


def test_a_bad_label_line_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    module = load_script("audit_entities")
    labels = tmp_path / "labels.tsv"
    labels.write_text("# comment\npeople\tPaul Volcker\tmaybe\twhy\n", encoding="utf-8")
    monkeypatch.setattr(module, "LABELS", labels)
    with pytest.raises(SystemExit, match=r"labels.tsv, line 2: expected 4 tab-separated fields"):
        module.read_labels()
