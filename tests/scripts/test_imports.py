"""The package's imports follow the pipeline: a stage imports itself and earlier stages, never a
later one, and no modules import each other in a circle. Read from the source with `ast`, so a
function-level import or one only for type checking counts as much as one at the top."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "site_builder"

# Earlier first. A module of the package's top level (cli, scaffold, __main__, __init__) comes last.
STAGES = ("core", "content", "ingest", "site", "pages", "render", "search", "publish", "check", "serve", "build")
TOP_LEVEL = len(STAGES)



def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def package_modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imported_modules(name: str, path: Path, known: set[str]) -> set[str]:
    """The package's modules that the module `name` imports anywhere in its text: `import a.b`,
    `from a.b import c` (a.b, or a.b.c when c is itself a module) and relative imports."""
    is_package = path.name == "__init__.py"
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = name.split(".")
                anchor = anchor[:len(anchor) - node.level + (1 if is_package else 0)]
                base = ".".join([*anchor, *([base] if base else [])])
            submodules = {f"{base}.{alias.name}" for alias in node.names} & known
            found |= submodules
            if len(submodules) < len(node.names):  # a name defined in the package's __init__
                found.add(base)
    # A module's own packages are run before it whatever it imports, so taking a name from one
    # (`from site_builder import __version__`) orders nothing and closes no circle.
    ancestors = {".".join(name.split(".")[:end]) for end in range(1, name.count(".") + 1)}
    return {module for module in found if module in known and module != name} - ancestors


def import_graph() -> dict[str, set[str]]:
    modules = package_modules()
    known = set(modules)
    return {name: imported_modules(name, path, known) for name, path in modules.items()}


def stage_of(module: str) -> int:
    parts = module.split(".")
    if len(parts) > 1 and parts[1] in STAGES:
        return STAGES.index(parts[1])
    return TOP_LEVEL


def stage_name(stage: int) -> str:
    return STAGES[stage] if stage < TOP_LEVEL else "the top level"


def upward_imports(graph: dict[str, set[str]]) -> list[str]:
    return [f"{importer} (stage {stage_name(stage_of(importer))}) imports {imported} of the later "
            f"stage {stage_name(stage_of(imported))}"
            for importer, imports in sorted(graph.items()) for imported in sorted(imports)
            if stage_of(imported) > stage_of(importer)]


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Each strongly connected group of more than one module (Tarjan's algorithm), as a circle of
    imports from its first module back to it."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in sorted(graph[module]):
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return [circle_through(group, graph) for group in groups]


def circle_through(group: list[str], graph: dict[str, set[str]]) -> list[str]:
    """A path of imports inside `group` from its first module back to that module."""
    start = group[0]
    paths = {start: [start]}
    frontier = [start]
    while frontier:
        following = []
        for module in frontier:
            for imported in sorted(graph[module] & set(group)):
                if imported == start:
                    return [*paths[module], start]
                if imported not in paths:
                    paths[imported] = [*paths[module], imported]
                    following.append(imported)
        frontier = following
    return group


def test_the_graph_holds_the_package_and_its_imports() -> None:
    graph = import_graph()
    assert "site_builder.content.read" in graph["site_builder.build.load"]
    assert "site_builder.core.errors" in graph["site_builder.cli"]
    assert {stage_of(module) for module in graph} == set(range(TOP_LEVEL + 1))


def test_an_upward_import_and_a_circle_are_found() -> None:
    graph = {"site_builder.core.a": {"site_builder.build.b"}, "site_builder.build.b": {"site_builder.core.a"}}
    assert upward_imports(graph) == ["site_builder.core.a (stage core) imports site_builder.build.b of the "
                                     "later stage build"]
    assert cycles(graph) == [["site_builder.build.b", "site_builder.core.a", "site_builder.build.b"]]


def test_no_module_imports_a_later_stage() -> None:
    wrong = upward_imports(import_graph())
    assert not wrong, "A stage may import only itself and earlier stages:\n" + "\n".join(wrong)


def test_no_modules_import_each_other_in_a_circle() -> None:
    circles = [" imports ".join(circle) for circle in cycles(import_graph())]
    assert not circles, "These modules import each other in a circle:\n" + "\n".join(circles)
