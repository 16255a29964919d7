"""The docs stay true to the code: docs/architecture.md names every module and nothing that is
not there, docs/cli.md every flag, docs/content-format.md and docs/configuration.md every key,
and every measured figure sits in a block that scripts/docs_figures.py writes."""

from __future__ import annotations

import ast
import importlib.util
import re
from functools import cache
from pathlib import Path

import jinja2
import pytest

from site_builder import cli
from site_builder.content.read import FRONT_MATTER_KEYS
from site_builder.core.config import Config
from site_fixtures import load_script

REPO = Path(__file__).resolve().parents[2]
PACKAGE = REPO / "site_builder"
DOCS = REPO / "docs"
ARCHITECTURE = DOCS / "architecture.md"
JINJA_NAMES = {"StrictUndefined"}  # named for what the environment is made with


def _subpackages() -> list[Path]:
    return sorted(p for p in PACKAGE.iterdir() if (p / "__init__.py").is_file())


def test_architecture_lists_every_module() -> None:
    text = ARCHITECTURE.read_text(encoding="utf-8")
    modules = [f"`{p.name}`" for p in PACKAGE.glob("*.py")]
    modules += [f"`{p.name}/`" for p in _subpackages()]
    assert [m for m in sorted(modules) if m not in text] == []


def test_architecture_names_every_module_of_a_subpackage() -> None:
    """A module of a subpackage by its path (`ingest/seed.py`), its name alone (`tokens`), or
    with what it holds (`jsonl.run_jsonl`)."""
    text = ARCHITECTURE.read_text(encoding="utf-8")
    modules = [p for folder in _subpackages()
               for p in folder.glob("*.py") if p.name != "__init__.py"]
    modules += [p for p in (PACKAGE / "ingest" / "entities").glob("*.py") if p.name != "__init__.py"]
    assert len(modules) > 40
    named = [p for p in modules if f"`{p.stem}`" in text or f"`{p.stem}." in text
             or f"{p.parent.name}/{p.name}" in text]
    assert sorted(set(modules) - set(named)) == []


@cache
def _defined() -> dict[str, set[str]]:
    """Every module's stem (and dotted path under site_builder) → the names it defines at the top
    level or in its classes."""
    names: dict[str, set[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        found = set()
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                found.add(node.name)
            elif isinstance(node, (ast.Assign, ast.AnnAssign)):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                found.update(t.id for t in targets if isinstance(t, ast.Name))
        for key in (path.stem, ".".join(path.relative_to(PACKAGE).with_suffix("").parts)):
            names.setdefault(key, set()).update(found)
    return names


def _architecture_names() -> tuple[list[str], list[str], list[str]]:
    """What architecture.md names in backticks: module paths, `function()`s, and `Class`es or
    `module.name`s."""
    spans = re.findall(r"`([^`\n]+)`", ARCHITECTURE.read_text(encoding="utf-8"))
    spans += re.findall(r"(?m)^\s+\S+\.py\s+(\w+\(\))", ARCHITECTURE.read_text(encoding="utf-8"))  # the diagram
    paths = [s for s in spans if re.fullmatch(r"[\w/]+\.py", s)]
    calls = [s[:-2] for s in spans if re.fullmatch(r"[\w.]+\(\)", s)]
    names = [s for s in spans if re.fullmatch(r"[A-Z][A-Za-z]*[a-z][A-Za-z]*|[a-z_]+\.[A-Za-z_]\w*", s)
             and not re.fullmatch(r"[\w/]+\.(py|md|toml|json|html|txt|xml|js|css)", s)]
    return paths, calls, names


def test_every_module_path_in_the_architecture_exists() -> None:
    paths, _calls, _names = _architecture_names()
    assert len(paths) > 20
    assert [p for p in paths if not (PACKAGE / p.removeprefix("site_builder/")).is_file()
            and not (p.startswith("tests/") and (REPO / p).is_file())] == []


def test_every_function_and_class_in_the_architecture_exists() -> None:
    _paths, calls, names = _architecture_names()
    assert len(calls) > 40 and len(names) > 10
    defined = _defined()
    everywhere = set().union(*defined.values())
    missing = []
    for name in calls + names:
        module, _, attribute = name.rpartition(".")
        if module == "site_builder" or name in JINJA_NAMES:
            if importlib.util.find_spec(name) is None and not hasattr(jinja2, name):
                missing.append(name)
        elif module and module not in defined:
            missing.append(name)  # `module.name` of a module that is not there
        elif attribute not in (defined[module] if module else everywhere):
            missing.append(name)
    assert missing == []


def test_cli_doc_names_every_command_and_flag() -> None:
    text = (DOCS / "cli.md").read_text(encoding="utf-8")
    commands = next(a for a in cli.parser()._actions if a.choices and isinstance(a.choices, dict))
    flags = {f"## `{name}`" for name in commands.choices}
    for name, sub in commands.choices.items():
        flags.update(f"{name}:{option}" for action in sub._actions for option in action.option_strings
                     if option not in ("-h", "--help"))
    assert len(flags) > 25
    said = {flag for flag in flags if flag in text or flag.partition(":")[2] in text}
    assert sorted(flags - said) == []


def test_content_format_lists_every_front_matter_key() -> None:
    text = (DOCS / "content-format.md").read_text(encoding="utf-8")
    assert [key for key in FRONT_MATTER_KEYS if f"`{key}`" not in text] == []


def test_configuration_lists_every_site_toml_key() -> None:
    text = (DOCS / "configuration.md").read_text(encoding="utf-8")
    keys = [name for name in Config.__dataclass_fields__ if name != "root"]
    assert len(keys) > 10
    assert [key for key in keys if f"| `{key}` |" not in text] == []


@pytest.fixture(scope="module")
def figures():  # type: ignore[no-untyped-def]
    return load_script("docs_figures")


def test_every_figures_block_has_a_producer(figures) -> None:  # type: ignore[no-untyped-def]
    blocks = {path.name: figures.block_names(path.read_text(encoding="utf-8")) for path in figures.doc_files()}
    assert blocks["performance.md"], "docs/performance.md holds no measured block"
    assert figures.problems() == []


def test_check_mode_names_a_block_without_producer(figures, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "page.md").write_text("<!-- figures:guessed -->\n12 s\n<!-- /figures:guessed -->\n"
                                      "<!-- figures:open -->\n", encoding="utf-8")
    monkeypatch.setattr(figures, "DOCS", tmp_path)
    monkeypatch.setattr(figures, "REPO", tmp_path.parent)
    found = figures.problems()
    assert f"{tmp_path.name}/page.md: block 'guessed' has no producer in scripts/docs_figures.py" in found
    assert any("'open' is not closed" in problem for problem in found)
    assert figures.main(["--check"]) == 1


def test_a_run_rewrites_only_its_own_blocks(figures, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    page = tmp_path / "page.md"
    page.write_text("Before.\n\n<!-- figures:linear -->\nold\n<!-- /figures:linear -->\n\n"
                    "<!-- figures:incremental -->\nkept\n<!-- /figures:incremental -->\n", encoding="utf-8")
    monkeypatch.setattr(figures, "DOCS", tmp_path)
    assert figures.rewrite({"linear": "| seed | 1 MB |"}) == [page]
    text = page.read_text(encoding="utf-8")
    assert "old" not in text and "| seed | 1 MB |" in text and "--only linear" in text
    assert "<!-- figures:incremental -->\nkept\n<!-- /figures:incremental -->" in text
    assert figures.block_names(text) == ["linear", "incremental"]


# A figure with a unit: "0.46 s", "12 ms", "34 MB", "0.43x", "95 %", "2 CPU s".
_FIGURE = re.compile(r"\b\d[\d,.]*\s?(?:s|ms|µs|seconds?|minutes?|hours?|KB|MB|GB|TB|bytes|%|x)(?![\w/])")


def test_no_figure_with_a_unit_outside_a_block_in_performance(figures) -> None:  # type: ignore[no-untyped-def]
    text = (DOCS / "performance.md").read_text(encoding="utf-8")
    outside = figures.BLOCK.sub("", text)
    assert outside != text
    assert _FIGURE.findall(outside) == []


def test_the_figure_pattern_sees_figures() -> None:
    assert _FIGURE.findall("took 0.46 s and 34 MB, 0.43x of Hugo, 95 % right, 12 ms") == [
        "0.46 s", "34 MB", "0.43x", "95 %", "12 ms"]
    assert _FIGURE.findall("256 shards, 1,000 articles, `sitemap-2.xml`, Python 3.11") == []
