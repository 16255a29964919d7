"""docs/architecture.md names every module of the package."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_architecture_lists_every_module() -> None:
    text = (REPO / "docs/architecture.md").read_text(encoding="utf-8")
    package = REPO / "site_builder"
    modules = [f"`{p.name}`" for p in package.glob("*.py") if p.name not in ("__init__.py", "__main__.py")]
    modules += [f"`{p.name}/`" for p in package.iterdir() if (p / "__init__.py").is_file()]
    assert [m for m in sorted(modules) if m not in text] == []
