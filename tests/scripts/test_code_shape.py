"""No function of the package is longer than a screen: at most 60 lines from its `def` to its
last line (decorators not counted). Complexity and the number of parameters are ruff's C901 and
PLR0913 (pyproject.toml)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "site_builder"
MAX_LINES = 60


def function_lengths(source: str) -> list[tuple[str, int, int]]:
    """(name, line of `def`, lines) of every function and method in `source`, nested ones too."""
    return [(node.name, node.lineno, (node.end_lineno or node.lineno) - node.lineno + 1)
            for node in ast.walk(ast.parse(source))
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)]


def long_functions() -> list[str]:
    return [f"{path.relative_to(PACKAGE.parent)}:{line}: {name} is {length} lines long; split it into "
            f"named steps of at most {MAX_LINES}"
            for path in sorted(PACKAGE.rglob("*.py"))
            for name, line, length in function_lengths(path.read_text(encoding="utf-8"))
            if length > MAX_LINES]


def test_a_function_is_measured_from_def_to_its_last_line() -> None:
    source = "@decorated\ndef outer(a):\n    def inner():\n        return 1\n\n    return inner\n"
    assert sorted(function_lengths(source)) == [("inner", 3, 2), ("outer", 2, 5)]


def test_a_function_one_line_over_the_limit_is_measured_so() -> None:
    body = "".join(f"    x{n} = {n}\n" for n in range(MAX_LINES))
    assert function_lengths(f"def long():\n{body}") == [("long", 1, MAX_LINES + 1)]


def test_no_function_is_longer_than_a_screen() -> None:
    long = long_functions()
    assert not long, "\n".join(long)
