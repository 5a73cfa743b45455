"""The package's layers: no module imports, even lazily, a module that imports it back."""

from __future__ import annotations

from pathlib import Path

from reporter.digests import import_graph
from reporter.paths import PACKAGE_DIR


def cycles(graph: dict[str, frozenset[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_module_of_the_package_is_in_an_import_circle():
    assert cycles(import_graph(PACKAGE_DIR)) == []


def test_the_graph_holds_load_time_and_lazy_imports_of_every_layer():
    graph = import_graph(PACKAGE_DIR)
    assert "reporter.commands.ingest" in graph["reporter.cli"]  # at load time
    assert "reporter.ingest" in graph["reporter.commands.ingest"]  # inside the command
    assert "reporter.website.inputs" in graph["reporter.website.pages"]
    assert "reporter.stats.period" in graph["reporter.stats.summary"]


def test_no_command_imports_the_command_line():
    graph = import_graph(PACKAGE_DIR)
    importers = sorted(name for name, targets in graph.items() if "reporter.cli" in targets)
    assert importers == ["reporter.__main__"]


def test_a_circle_through_a_lazy_relative_import_is_found(tmp_path: Path):
    package = tmp_path / "pkg"
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "sub" / "__init__.py").write_text("")
    (package / "top.py").write_text("from .sub.low import helper\n")
    (package / "sub" / "low.py").write_text("def helper():\n    from ..top import x\n")
    (package / "typing_only.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .top import x\n"
    )
    graph = import_graph(package)
    assert cycles(graph) == [["pkg.sub.low", "pkg.top"]]
    assert graph["pkg.typing_only"] == frozenset()  # never runs: no edge
