"""The layering as a contract: the core never reaches up to the app or the commands, only the
`tui` command opens the app, no module imports one that imports it back, and no module grows
past 600 lines.

Imports are read from the source (every `import` and `from … import`, at the top or inside a
function, and those under `if TYPE_CHECKING:` too: a type named is a dependency of the design),
so a lazy import cannot hide a dependency. `tests/test_architecture.py::test_the_contract_can_fail`
shows each check failing on a graph that breaks it."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Mapping
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "tracker"

# The core is every module but the app and the one command that opens it: data, loading,
# checking, comparing, editing as text, reports, exports, the other commands. The app is built on
# it, never the other way round.
NOT_CORE = ("tracker.app", "tracker.commands.tui")
FACES = ("textual", "tracker.app")
APP_OPENER = "tracker.commands.tui"

Graph = Mapping[str, set[str]]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(path: Path, modules: Iterable[str], text: str | None = None) -> set[str]:
    """The modules `path` imports (or `text`, read as if it were there): tracker's own by their
    module, others by their top package."""
    known = set(modules)
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8") if text is None else text, str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            # `from tracker.report import text` imports the module tracker.report.text
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base for alias in node.names]
        else:
            continue
        for target in targets:
            if target.startswith("tracker"):
                while target not in known and "." in target:
                    target = target.rpartition(".")[0]
                found.add(target)
            else:
                found.add(target.split(".")[0])
    found.discard(name)
    return found


def import_graph() -> dict[str, set[str]]:
    paths = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    return {name: imports_of(path, paths) for name, path in paths.items()}


def within(name: str, prefixes: Iterable[str]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def reachable(graph: Graph, start: str) -> dict[str, str]:
    """Every module `start` imports, directly or not, each with the module that imports it."""
    via: dict[str, str] = {}
    todo = [start]
    while todo:
        current = todo.pop()
        for target in graph.get(current, ()):
            if target not in via and target != start:
                via[target] = current
                todo.append(target)
    return via


def chain(via: Mapping[str, str], start: str, end: str) -> str:
    steps = [end]
    while steps[-1] != start:
        steps.append(via[steps[-1]])
    return " → ".join(reversed(steps))


def core_modules(graph: Graph) -> list[str]:
    return sorted(m for m in graph if within(m, ("tracker",)) and not within(m, NOT_CORE))


def core_reaching_a_face(graph: Graph) -> list[str]:
    wrong = []
    for module in core_modules(graph):
        via = reachable(graph, module)
        wrong += [chain(via, module, target) for target in sorted(via) if within(target, FACES)]
    return wrong


def reports_reaching_commands(graph: Graph) -> list[str]:
    wrong = []
    for module in sorted(m for m in graph if within(m, ("tracker.report",))):
        via = reachable(graph, module)
        wrong += [chain(via, module, t) for t in sorted(via) if within(t, ("tracker.commands", "tracker.cli"))]
    return wrong


def openers_of_the_app(graph: Graph) -> list[str]:
    """Modules outside the app that import it; only the `tui` command may."""
    return sorted(m for m, targets in graph.items() if not within(m, ("tracker.app",)) and any(within(t, ("tracker.app",)) for t in targets))


def circles(graph: Graph) -> list[list[str]]:
    """Each group of modules that import one another in a circle (Tarjan's strongly connected
    components of more than one module), as sorted lists."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for target in graph.get(module, ()):
            if target not in graph:
                continue
            if target not in index:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in on_stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return sorted(found)


# --- the contract on tracker's own code ----------------------------------------------------------------


def test_the_graph_is_read() -> None:
    graph = import_graph()
    assert {"tracker.loader", "tracker.cache", "tracker.app.app", "tracker.commands.tui", "tracker.report.text"} <= graph.keys()
    assert "tracker.model" in graph["tracker.reading"] and "textual" in graph["tracker.app.app"]


def test_the_core_never_imports_the_app_or_textual() -> None:
    assert core_reaching_a_face(import_graph()) == []


def test_the_core_is_every_module_but_the_app_and_its_opener() -> None:
    core = set(core_modules(import_graph()))
    assert {"tracker.diff", "tracker.timeline", "tracker.report.timeline", "tracker.report.sources", "tracker.cli"} <= core
    assert not any(within(m, ("tracker.app",)) for m in core) and APP_OPENER not in core


def test_reports_never_import_the_commands() -> None:
    assert reports_reaching_commands(import_graph()) == []


def test_only_the_tui_command_opens_the_app() -> None:
    assert openers_of_the_app(import_graph()) == [APP_OPENER]


def test_no_import_circles() -> None:
    assert circles(import_graph()) == []


# A module holds one concern; past this many lines it usually holds two. Split along the seam
# rather than raise the limit.
MAX_MODULE_LINES = 600


def modules_over(limit: int) -> list[str]:
    sizes = {module_name(p): len(p.read_text(encoding="utf-8").splitlines()) for p in PACKAGE.rglob("*.py")}
    return sorted(f"{module} ({lines} lines)" for module, lines in sizes.items() if lines > limit)


def test_no_module_over_the_limit() -> None:
    assert modules_over(MAX_MODULE_LINES) == []


# --- the packages' own lists -------------------------------------------------------------------------


def listed_modules(docstring: str) -> set[str]:
    """The modules a package's docstring lists: a table of indented lines (`    words     plain
    words…`) or a list of `- `name`: …` lines."""
    table = {line.split()[0] for line in docstring.splitlines() if line.startswith("    ") and line.strip()}
    return table | set(re.findall(r"^- `(\w+)`:", docstring, re.MULTILINE))


def packages_whose_list_is_wrong() -> dict[str, tuple[list[str], list[str]]]:
    """For each package whose docstring lists its modules: the modules it leaves out, and the names
    it lists that are not its modules."""
    wrong = {}
    for init in sorted(PACKAGE.rglob("__init__.py")):
        listed = listed_modules(ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))) or "")
        if not listed:
            continue
        modules = {p.stem for p in init.parent.glob("*.py") if p.name != "__init__.py"}
        if listed != modules:
            wrong[module_name(init)] = (sorted(modules - listed), sorted(listed - modules))
    return wrong


def test_each_package_that_lists_its_modules_lists_them_all() -> None:
    listing = [module_name(i) for i in PACKAGE.rglob("__init__.py") if listed_modules(ast.get_docstring(ast.parse(i.read_text(encoding="utf-8"))) or "")]
    assert {"tracker.report", "tracker.export", "tracker.editing"} <= set(listing)
    assert packages_whose_list_is_wrong() == {}


# --- the map of the code -----------------------------------------------------------------------------


ARCHITECTURE = PACKAGE.parent / "docs" / "architecture.md"


def left_off_the_map(text: str) -> list[str]:
    """What docs/architecture.md does not name (as `path`): each module and package of tracker/,
    and each module and package of the app and of the reports, where a name alone says least."""
    named = set(re.findall(r"`([^`]+)`", text))
    wanted = set()
    for folder, prefix in ((PACKAGE, ""), (PACKAGE / "report", "report/"), (PACKAGE / "app", "app/")):
        wanted |= {prefix + p.name for p in folder.glob("*.py") if p.name != "__init__.py"}
        wanted |= {f"{prefix}{p.name}/" for p in folder.iterdir() if (p / "__init__.py").is_file()}
    return sorted(wanted - named)


def test_the_map_of_the_code_names_every_module() -> None:
    assert left_off_the_map(ARCHITECTURE.read_text(encoding="utf-8")) == []


# --- each check can fail -----------------------------------------------------------------------------


def test_the_contract_can_fail() -> None:
    graph = import_graph()

    def with_edge(source: str, target: str) -> dict[str, set[str]]:
        changed = {module: set(targets) for module, targets in graph.items()}
        changed[source].add(target)
        return changed

    assert "tracker.diff → textual" in core_reaching_a_face(with_edge("tracker.diff", "textual"))
    assert "tracker.yamltext → tracker.app.render" in core_reaching_a_face(with_edge("tracker.yamltext", "tracker.app.render"))
    assert reports_reaching_commands(with_edge("tracker.report.text", "tracker.commands.common"))
    assert openers_of_the_app(with_edge("tracker.cli", "tracker.app")) == ["tracker.cli", APP_OPENER]
    assert any({"tracker.loader", "tracker.model"} <= set(group) for group in circles(with_edge("tracker.model", "tracker.loader")))
    assert any({"tracker.loader", "tracker.cache.codec"} <= set(group) for group in circles(with_edge("tracker.cache.codec", "tracker.loader")))
    assert "tracker.commands.diff → tracker.app" in core_reaching_a_face(with_edge("tracker.commands.diff", "tracker.app"))
    text = ARCHITECTURE.read_text(encoding="utf-8")
    assert left_off_the_map(text.replace("`report/sources.py`", "sources")) == ["report/sources.py"]
    assert listed_modules("Reports.\n\n    words  plain words\n    text   the text format\n") == {"words", "text"}
    largest = max(len(p.read_text(encoding="utf-8").splitlines()) for p in PACKAGE.rglob("*.py"))
    assert len(modules_over(largest - 1)) >= 1 and modules_over(largest) == []


def test_imports_are_read_wherever_they_are() -> None:
    lazy = (
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from tracker.app.app import TrackerApp\n"
        "def f():\n    import textual.widgets\n    from ..commands import common\n    from . import words\n"
    )
    found = imports_of(PACKAGE / "report" / "text.py", set(import_graph()), text=lazy)
    assert found == {"typing", "tracker.app.app", "textual", "tracker.commands.common", "tracker.report.words"}
