"""The project's modules import one way only, and this reads their source to keep it so.

Imports run one way: a module is executed top to bottom, so when two modules
import each other, whichever is imported second sees the first half-built, and
the site works only by luck of import order. A module that must import inside a
function to dodge a circle is in the wrong place: what both sides need belongs
in a module below them. So the graph of import-time imports between project
modules must have no circles, every late import must say why it is late, and
no module may grow past MAX_LINES. Nothing here imports the project: the source
is read with ``ast``, so the check is fast and needs neither Django nor a
database.
"""

import ast
import functools
import tokenize
from collections import deque
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOT_PROJECT = {"tests", "bench", "deploy", ".venv"}
IMPORTS = (ast.Import, ast.ImportFrom)
SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)
MAX_LINES = 400
SIZE_EXEMPT = {"demo_content.py"}


def project_modules(root=ROOT):
    """Map each module's dotted name to its file, for every package at the root, migrations left out."""
    modules = {}
    for package in sorted(root.iterdir()):
        if package.name in NOT_PROJECT or not (package / "__init__.py").is_file():
            continue
        for path in sorted(package.rglob("*.py")):
            *folders, file = path.relative_to(root).with_suffix("").parts
            if "migrations" in folders or "__pycache__" in folders:
                continue
            modules[".".join(folders if file == "__init__" else [*folders, file])] = path
    return modules


@functools.cache
def parse(path):
    """The syntax tree of one source file, read once per run."""
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def import_time_imports(tree):
    """Yield the import statements run on import: at any depth of if/try/with, never in a def or class."""
    pending = list(tree.body)
    while pending:
        node = pending.pop()
        if isinstance(node, IMPORTS):
            yield node
        elif not isinstance(node, SCOPES):
            pending.extend(ast.iter_child_nodes(node))


def imported_names(node, module, is_package):
    """The absolute dotted names an import statement may load: the module, and for `from`, each name under it."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    base = node.module
    if node.level:
        package = module.split(".") if is_package else module.split(".")[:-1]
        kept = len(package) - (node.level - 1)
        if kept <= 0:
            return []
        base = ".".join(package[:kept] + ([node.module] if node.module else []))
    return [base] + [f"{base}.{alias.name}" for alias in node.names if alias.name != "*"]


def with_parents(name):
    """A dotted name and every package above it, since importing a.b.c first runs a and a.b."""
    parts = name.split(".")
    return {".".join(parts[:end]) for end in range(1, len(parts) + 1)}


def import_graph(modules):
    """Map each project module to the other project modules its import-time imports load.

    The packages that hold a module are left out of its edges: they are
    already being imported when it runs, so a submodule importing a sibling
    (which names their package) closes no real circle."""
    graph = {}
    for module, path in modules.items():
        loaded = set()
        for node in import_time_imports(parse(path)):
            for name in imported_names(node, module, path.name == "__init__.py"):
                loaded |= with_parents(name)
        enclosing = with_parents(module) - {module}
        graph[module] = {target for target in loaded - enclosing if target in modules and target != module}
    return graph


def strongly_connected_components(graph):
    """Tarjan's algorithm without recursion: the sets of nodes that can each reach all the others."""
    index, lowlink, on_stack, stack, components = {}, {}, set(), [], []

    def visit(node):
        index[node] = lowlink[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        return node, iter(sorted(graph.get(node, ())))

    for root in sorted(graph):
        if root in index:
            continue
        work = [visit(root)]
        while work:
            node, successors = work[-1]
            for successor in successors:
                if successor not in index:
                    work.append(visit(successor))
                    break
                if successor in on_stack:
                    lowlink[node] = min(lowlink[node], index[successor])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    lowlink[parent] = min(lowlink[parent], lowlink[node])
                if lowlink[node] == index[node]:
                    component = set()
                    while node not in component:
                        component.add(stack.pop())
                    on_stack -= component
                    components.append(component)
    return components


def shortest_cycle(start, graph, component):
    """The shortest path from start back to start that stays inside its component."""
    came_from = {start: None}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        for successor in sorted(graph.get(node, ())):
            if successor == start:
                path = [node]
                while came_from[path[-1]] is not None:
                    path.append(came_from[path[-1]])
                return path[::-1] + [start]
            if successor in component and successor not in came_from:
                came_from[successor] = node
                queue.append(successor)
    return None


def find_cycles(graph):
    """One concrete cycle, as a closed list of nodes, for each component that has one."""
    cycles = []
    for component in strongly_connected_components(graph):
        start = min(component)
        if len(component) > 1 or start in graph.get(start, ()):
            cycles.append(shortest_cycle(start, graph, component))
    return sorted(cycles)


def late_imports(tree):
    """The import statements inside a function or method body, in line order."""
    found = {node for scope in ast.walk(tree) if isinstance(scope, FUNCTIONS) for node in ast.walk(scope)}
    return sorted((node for node in found if isinstance(node, IMPORTS)), key=lambda node: node.lineno)


def comment_lines(path):
    """The numbers of the lines of a file that carry a comment."""
    with tokenize.open(path) as source:
        return {token.start[0] for token in tokenize.generate_tokens(source.readline) if token.type == tokenize.COMMENT}


def unexplained_late_imports(path):
    """The line numbers of imports inside functions with no comment on their own lines or directly above
    them; one comment above a run of consecutive imports explains the whole run."""
    comments = comment_lines(path)
    explained, offenders = set(), []
    for node in late_imports(parse(path)):
        lines = range(node.lineno, node.end_lineno + 1)
        if comments.intersection(lines) or node.lineno - 1 in comments or node.lineno - 1 in explained:
            explained.update(lines)
        else:
            offenders.append(node.lineno)
    return offenders


def test_cycle_finder_closes_a_two_module_circle_and_ignores_the_rest():
    """A pair importing each other comes back as one closed path; a module outside it does not appear."""
    assert find_cycles({"a": {"b"}, "b": {"a"}, "c": set()}) == [["a", "b", "a"]]


def test_cycle_finder_reports_one_cycle_per_component():
    """Two separate circles give two cycles, each starting at its smallest member."""
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a", "d"}, "d": {"e"}, "e": {"d"}, "f": {"a"}}

    assert find_cycles(graph) == [["a", "b", "c", "a"], ["d", "e", "d"]]


def test_cycle_finder_reports_nothing_for_an_acyclic_graph():
    """Shared dependencies (a diamond) are not a circle."""
    assert find_cycles({"a": {"b", "c"}, "b": {"d"}, "c": {"d"}, "d": set()}) == []


def test_graph_resolves_relative_and_parent_package_imports_and_skips_late_ones(tmp_path):
    """Relative imports resolve from the package (itself, for an __init__); parents count, except a module's
    own enclosing packages; late imports do not."""
    files = {
        "app/__init__.py": "from . import views\n",
        "app/views.py": "import django\nfrom .models import Thing\n\n\ndef late():\n    from app import forms\n",
        "app/models.py": "from app.sub import deep\n",
        "app/forms.py": "",
        "app/sub/__init__.py": "from .. import models\n",
        "app/sub/deep.py": "try:\n    from ..forms import Form\nexcept ImportError:\n    pass\n",
        "app/migrations/__init__.py": "",
        "app/migrations/0001_initial.py": "from app import models\n",
        "tests/__init__.py": "import app\n",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)

    assert import_graph(project_modules(tmp_path)) == {
        "app": {"app.views"},
        "app.views": {"app.models"},
        "app.models": {"app.sub", "app.sub.deep"},
        "app.forms": set(),
        "app.sub": {"app.models"},
        "app.sub.deep": {"app.forms"},
    }


def test_project_modules_are_found_without_tests_or_migrations():
    """The settings package is among the project modules; no test or migration module is."""
    modules = project_modules()

    assert "bluedomes.settings" in modules
    assert not [name for name in modules if name.split(".")[0] in NOT_PROJECT or ".migrations" in name]


def test_project_modules_import_without_circles():
    """No chain of import-time imports leads from a project module back to itself."""
    cycles = find_cycles(import_graph(project_modules()))

    assert not cycles, "Import circles among project modules (move what both sides need lower down):\n" + "\n".join(
        "  " + " -> ".join(cycle) for cycle in cycles
    )


def test_late_import_check_wants_a_comment_above_or_on_each_import_in_a_function(tmp_path):
    """Imports in functions and methods need a comment above them or on their lines (one comment covers a run
    of consecutive imports); module-level ones need none."""
    source = tmp_path / "module.py"
    source.write_text(
        "import os\n"
        "\n"
        "\n"
        "def f():\n"
        "    # Explained on the line above, for both.\n"
        "    import json\n"
        "    import csv\n"
        "    import re  # Explained on its own line.\n"
        "    from collections import (\n"
        "        deque,  # Explained inside the statement.\n"
        "    )\n"
        "\n"
        "\n"
        "class C:\n"
        "    def m(self):\n"
        "        import io\n"
    )

    assert unexplained_late_imports(source) == [16]


def test_every_late_import_says_why_on_or_above_its_line():
    """Each import inside a function has a comment on the line directly above it or on its own line(s)."""
    unexplained = [
        f"{path.relative_to(ROOT)}:{line}"
        for path in project_modules().values()
        for line in unexplained_late_imports(path)
    ]

    assert not unexplained, "Imports inside functions with no comment saying why:\n" + "\n".join(
        "  " + place for place in unexplained
    )


def test_no_project_module_exceeds_max_lines():
    """Every project module but demo content fits in MAX_LINES lines."""
    oversized = [
        f"{path.relative_to(ROOT)}: {lines} lines"
        for path in project_modules().values()
        if path.name not in SIZE_EXEMPT and (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    ]

    assert not oversized, f"Modules over {MAX_LINES} lines (split them):\n" + "\n".join(
        "  " + entry for entry in oversized
    )
