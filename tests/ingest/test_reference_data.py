"""The entity extractor's bundled data: each file says where it came from and under which
licence, and NOTICE credits every one (scripts/make_reference_data.py writes them)."""

from __future__ import annotations

from importlib import resources

from conftest import REPO

DATA = resources.files("site_builder").joinpath("data")


def test_every_data_file_names_its_source_and_licence_and_notice_credits_it() -> None:
    notice = (REPO / "NOTICE").read_text(encoding="utf-8")
    files = sorted(f.name for f in DATA.iterdir() if f.name.endswith((".tsv", ".txt")))
    assert files == ["first_names.txt", "places.tsv", "surnames.txt", "words.txt"]
    for name in files:
        header = [line for line in DATA.joinpath(name).read_text(encoding="utf-8").splitlines()[:4]
                  if line.startswith("#")]
        assert any("Source:" in line for line in header) and any("Licence:" in line for line in header), name
        assert f"\n{name} -- " in notice, name
    assert "CC BY 4.0" in DATA.joinpath("places.tsv").read_text(encoding="utf-8")[:300]


def test_the_project_is_mit_licensed_in_the_metadata_and_the_licence_file() -> None:
    assert (REPO / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")
    assert 'license = "MIT"' in (REPO / "pyproject.toml").read_text(encoding="utf-8")
