"""The tests themselves: none may pass by checking nothing.

A test whose every `assert` sits in a loop passes when the loop runs zero times, so it proves
nothing the day its collection comes back empty. The rule, read from each test's syntax tree:

- An assert is *looped* when it sits in the body (or `else`) of a `for` or `while`, or when its
  whole condition is a call of `all(...)`, which is true of nothing.
- A `for` over a non-empty literal (tuple, list, set, dict) or over `range(n)` with a literal
  n > 0 always runs, so its body counts as if written out; asserts in it are not looped.
- Asserts inside a function defined within the test belong to that function, not to the test.
- A test function (`test_*`, at module level or in a class) fails the check when it has asserts
  and all of them are looped: it needs at least one plain assert, such as the expected count or
  that the collection is non-empty.

A test with no assert at all (one that relies on `pytest.raises` or on a helper that asserts)
is outside this rule.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent.parent

Function = ast.FunctionDef | ast.AsyncFunctionDef


def _always_runs(loop: ast.For | ast.AsyncFor) -> bool:
    """A loop over something that cannot be empty: a literal with items, or range(positive literal)."""
    it = loop.iter
    if isinstance(it, ast.Tuple | ast.List | ast.Set):
        return bool(it.elts) and not any(isinstance(e, ast.Starred) for e in it.elts)
    if isinstance(it, ast.Dict):
        return bool(it.keys) and all(key is not None for key in it.keys)
    if isinstance(it, ast.Call) and isinstance(it.func, ast.Name) and it.func.id == "range" and not it.keywords:
        ints = [a.value for a in it.args if isinstance(a, ast.Constant) and type(a.value) is int]
        if len(ints) != len(it.args):
            return False
        if len(ints) == 1:
            return ints[0] > 0
        if len(ints) == 2:
            return ints[1] > ints[0]
    return False


def _is_all_call(test: ast.expr) -> bool:
    return isinstance(test, ast.Call) and isinstance(test.func, ast.Name) and test.func.id == "all"


def _asserts(nodes: list[ast.stmt], looped: bool) -> Iterator[bool]:
    """For each assert among the statements (nested ones too), whether it is looped."""
    for node in nodes:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | ast.Lambda):
            continue
        if isinstance(node, ast.Assert):
            yield looped or _is_all_call(node.test)
        elif isinstance(node, ast.For | ast.AsyncFor):
            inner = looped or not _always_runs(node)
            yield from _asserts(node.body, inner)
            yield from _asserts(node.orelse, inner)
        elif isinstance(node, ast.While):
            yield from _asserts(node.body, True)
            yield from _asserts(node.orelse, True)
        else:
            for field in ("body", "orelse", "finalbody", "handlers", "cases"):
                children = getattr(node, field, None)
                if isinstance(children, list):
                    stmts = [c for c in children if isinstance(c, ast.stmt)]
                    for child in children:
                        if isinstance(child, ast.excepthandler | ast.match_case):
                            stmts.extend(child.body)
                    yield from _asserts(stmts, looped)


def _test_functions(tree: ast.Module) -> Iterator[Function]:
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            yield from (f for f in node.body if isinstance(f, Function) and f.name.startswith("test"))
        elif isinstance(node, Function) and node.name.startswith("test"):
            yield node


def only_looped_asserts(source: str) -> list[str]:
    """The names of the test functions in this source whose asserts are all looped."""
    found = []
    for function in _test_functions(ast.parse(source)):
        looped = list(_asserts(function.body, False))
        if looped and all(looped):
            found.append(function.name)
    return found


def test_every_test_has_an_assert_that_runs_whatever_it_iterates() -> None:
    files = sorted(TESTS.rglob("test_*.py"))
    assert len(files) > 50, "the scan found too few test files to be looking in the right folder"
    offenders = [f"{path.relative_to(TESTS)}::{name}"
                 for path in files for name in only_looped_asserts(path.read_text(encoding="utf-8"))]
    assert offenders == [], (
        "these tests assert only inside loops, so they pass when there is nothing to loop over; "
        "assert the collection is non-empty or has the expected count first:\n  " + "\n  ".join(offenders))


@pytest.mark.parametrize(("source", "flagged"), [
    ("def test_a(xs):\n    for x in xs:\n        assert x\n", ["test_a"]),
    ("def test_a(xs):\n    while xs:\n        assert xs.pop()\n", ["test_a"]),
    ("def test_a(xs):\n    assert all(x > 0 for x in xs)\n", ["test_a"]),
    ("def test_a(xs):\n    with open(xs) as f:\n        for x in f:\n            if x:\n                assert x\n",
     ["test_a"]),
    ("class TestA:\n    def test_a(self, xs):\n        for x in xs:\n            assert x\n", ["test_a"]),
    ("def test_a(xs):\n    assert xs\n    for x in xs:\n        assert x\n", []),
    ("def test_a(xs):\n    for x in xs:\n        assert x\n    assert len(xs) == 3\n", []),
    ("def test_a(xs):\n    assert xs and all(x > 0 for x in xs)\n", []),
    ("def test_a(f):\n    for x in ('a', 'b'):\n        assert f(x)\n", []),
    ("def test_a(f):\n    for n in range(3):\n        assert f(n)\n", []),
    ("def test_a(f):\n    for n in range(0):\n        assert f(n)\n", ["test_a"]),
    ("def test_a(f):\n    for x in ():\n        assert f(x)\n", ["test_a"]),
    ("def test_a(xs):\n    for x in xs:\n        for y in ('a',):\n            assert x != y\n", ["test_a"]),
    ("def test_a(xs):\n    try:\n        for x in xs:\n            assert x\n    except ValueError:\n        pass\n",
     ["test_a"]),
    ("def test_a(xs):\n    def check(x):\n        assert x\n    for x in xs:\n        check(x)\n", []),
    ("def test_a(xs):\n    import pytest\n    with pytest.raises(ValueError):\n        xs()\n", []),
    ("def helper(xs):\n    for x in xs:\n        assert x\n", []),
])
def test_the_rule_flags_tests_that_can_pass_on_nothing(source: str, flagged: list[str]) -> None:
    assert only_looped_asserts(source) == flagged
