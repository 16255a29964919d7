"""docs/architecture.md names every module of the package and of its subpackages."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_architecture_lists_every_module() -> None:
    text = (REPO / "docs/architecture.md").read_text(encoding="utf-8")
    package = REPO / "site_builder"
    modules = [f"`{p.name}`" for p in package.glob("*.py")]
    modules += [f"`{p.name}/`" for p in package.iterdir() if (p / "__init__.py").is_file()]
    assert [m for m in sorted(modules) if m not in text] == []


def test_architecture_names_every_module_of_a_subpackage() -> None:
    """A module of a subpackage (entities/) by its name alone, or with what it holds (`jsonl.run_jsonl`)."""
    text = (REPO / "docs/architecture.md").read_text(encoding="utf-8")
    stems = [p.stem for folder in (REPO / "site_builder").iterdir() if (folder / "__init__.py").is_file()
             for p in folder.glob("*.py") if p.name != "__init__.py"]
    assert stems
    assert [s for s in sorted(stems) if f"`{s}`" not in text and f"`{s}." not in text] == []
