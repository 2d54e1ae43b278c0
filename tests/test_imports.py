"""
The package's import structure: no circle among module-level imports,
the policy record independent of its TOML codec, and what a fresh
interpreter loads to score a command.

The graph is read statically, from the source's syntax trees: an import
counts when it runs as the module is imported (at top level, in a class
body, under ``if``/``try``/``with``), not when it sits inside a function
or under ``if TYPE_CHECKING:``.
"""

from __future__ import annotations

import ast
import subprocess
import sys
import textwrap

from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

import blastradius


PACKAGE = Path(blastradius.__file__).resolve().parent
SRC = PACKAGE.parent

# Cycles of module-level imports known when this test was written, each
# as the set of its modules. It must only shrink: the test fails when a
# listed cycle is gone (remove its entry) and when one not listed appears.
# None was known when the policy modules were split (issue #17).
KNOWN_CYCLES: frozenset[frozenset[str]] = frozenset()

# The TOML codec and file reader of the policy, and who may import them:
# the policy record's modules only inside these thin methods.
CODEC = frozenset(
    {
        "blastradius._policy_io",
        "blastradius._policy_schema",
        "blastradius._toml",
        "tomli",
        "tomllib",
    }
)
RECORD = (
    "blastradius._glob",
    "blastradius._policy",
    "blastradius._policy_check",
    "blastradius._policy_disclosure",
    "blastradius._policy_gate",
    "blastradius._policy_hook",
    "blastradius._policy_rows",
)
CODEC_METHODS = frozenset({"from_toml", "to_toml", "from_file"})


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _run_at_import(
    body: list[ast.stmt],
) -> Iterator[ast.Import | ast.ImportFrom]:
    """
    The import statements of *body* that run when the module is imported.
    """
    for node in body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node
        elif isinstance(node, ast.If):
            if not _is_type_checking(node.test):
                yield from _run_at_import(node.body)
            yield from _run_at_import(node.orelse)
        elif isinstance(node, ast.Try):
            yield from _run_at_import(node.body)
            for handler in node.handlers:
                yield from _run_at_import(handler.body)
            yield from _run_at_import(node.orelse)
            yield from _run_at_import(node.finalbody)
        elif isinstance(node, (ast.With, ast.ClassDef)):
            yield from _run_at_import(node.body)


def _targets(
    node: ast.Import | ast.ImportFrom, module: str, is_package: bool
) -> Iterator[str]:
    """
    The dotted names *node* (in *module*) asks for: the module itself and,
    for ``from M import name``, ``M.name`` (which may be a submodule).
    """
    if isinstance(node, ast.Import):
        for alias in node.names:
            yield alias.name
        return
    if node.level:
        parts = module.split(".")
        if not is_package:
            parts = parts[:-1]
        base = parts[: len(parts) - node.level + 1]
        target = ".".join([*base, *([node.module] if node.module else [])])
    else:
        target = node.module or ""
    yield target
    for alias in node.names:
        yield f"{target}.{alias.name}"


def modules(root: Path, package: str) -> dict[str, tuple[Path, bool]]:
    """
    Every module of *package* (whose directory is *root*): dotted name →
    (file, whether it is a package's ``__init__``).
    """
    out: dict[str, tuple[Path, bool]] = {}
    for path in sorted(root.rglob("*.py")):
        parts = list(path.relative_to(root).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        if is_package:
            parts = parts[:-1]
        out[".".join([package, *parts])] = (path, is_package)
    return out


def import_graph(root: Path, package: str) -> dict[str, set[str]]:
    """
    The modules of *package* and, for each, the modules of the package its
    module-level imports load. Importing ``a.b.c`` also loads ``a`` and
    ``a.b``; the importer's own parent packages are not counted (they are
    loaded before it).
    """
    found = modules(root, package)
    graph: dict[str, set[str]] = {}
    for name, (path, is_package) in found.items():
        own = set()
        parts = name.split(".")
        for i in range(1, len(parts) + 1):
            own.add(".".join(parts[:i]))
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        deps: set[str] = set()
        for node in _run_at_import(tree.body):
            for target in _targets(node, name, is_package):
                bits = target.split(".")
                for i in range(1, len(bits) + 1):
                    candidate = ".".join(bits[:i])
                    if candidate in found and candidate not in own:
                        deps.add(candidate)
        graph[name] = deps
    return graph


def cycles(graph: Mapping[str, set[str]]) -> list[list[str]]:
    """
    One cycle per strongly connected component of *graph* that has one,
    as its modules in import order with the first repeated at the end.
    """
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[set[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = set()
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.add(w)
                if w == v:
                    break
            if len(component) > 1 or v in graph[v]:
                components.append(component)

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return [_one_cycle(graph, c) for c in components]


def _one_cycle(
    graph: Mapping[str, set[str]], component: set[str]
) -> list[str]:
    """
    A shortest cycle through the first module (by name) of *component*.
    """
    start = min(component)
    paths = {start: [start]}
    todo = [start]
    while todo:
        v = todo.pop(0)
        for w in sorted(graph[v] & component):
            if w == start:
                return [*paths[v], start]
            if w not in paths:
                paths[w] = [*paths[v], w]
                todo.append(w)
    raise AssertionError(component)  # pragma: no cover - a component cycles


class TestImportGraph:
    """
    The static graph of module-level imports inside ``blastradius``.
    """

    def test_no_cycle(self) -> None:
        """
        No module of the package takes part in a circle of module-level
        imports, except the known ones listed in `KNOWN_CYCLES`.
        """
        found = cycles(import_graph(PACKAGE, "blastradius"))
        new = [c for c in found if frozenset(c) not in KNOWN_CYCLES]

        assert not new, "module-level import cycles:\n" + "\n".join(
            " -> ".join(c) for c in new
        )

    def test_known_cycles_still_exist(self) -> None:
        """
        Every entry of `KNOWN_CYCLES` is still a cycle: a fixed one is
        taken off the list, so the list only shrinks.
        """
        found = {
            frozenset(c) for c in cycles(import_graph(PACKAGE, "blastradius"))
        }

        assert found >= KNOWN_CYCLES

    def test_graph_reads_the_package(self) -> None:
        """
        The graph holds every module, and edges that are known to exist
        (the scorer imports the policy at module level).
        """
        graph = import_graph(PACKAGE, "blastradius")

        assert "blastradius._policy" in graph["blastradius._score"]
        assert "blastradius._policy" in graph["blastradius._policy_schema"]
        assert len(graph) == len(list(PACKAGE.rglob("*.py")))


def _package(tmp_path: Path, files: Mapping[str, str]) -> Path:
    root = tmp_path / "pkg"
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


class TestCycles:
    """
    The cycle finder and the graph builder, on small packages written for
    the test.
    """

    def test_finds_and_names_a_cycle(self, tmp_path: Path) -> None:
        """
        A circle through module-level imports (absolute, relative, in a
        ``try`` and in a class body) is found and named in order.
        """
        root = _package(
            tmp_path,
            {
                "__init__.py": "",
                "a.py": "from pkg import b\n",
                "b.py": "try:\n    from .c import x\nexcept ImportError:\n"
                "    pass\n",
                "c.py": "class K:\n    import pkg.a\n",
                "d.py": "import pkg.a\n",
            },
        )

        assert cycles(import_graph(root, "pkg")) == [
            ["pkg.a", "pkg.b", "pkg.c", "pkg.a"]
        ]

    def test_lazy_and_type_checking_imports_do_not_count(
        self, tmp_path: Path
    ) -> None:
        """
        Imports inside a function or under ``if TYPE_CHECKING:`` (bare or
        as ``typing.TYPE_CHECKING``) make no edge; its ``else`` does.
        """
        root = _package(
            tmp_path,
            {
                "__init__.py": "",
                "a.py": "import pkg.b\n",
                "b.py": "from typing import TYPE_CHECKING\n"
                "if TYPE_CHECKING:\n    from pkg import a\n"
                "def f():\n    from pkg import a\n",
                "c.py": "import typing\nif typing.TYPE_CHECKING:\n"
                "    import pkg.d\nelse:\n    import pkg.e\n",
                "d.py": "import pkg.c\n",
                "e.py": "",
            },
        )
        graph = import_graph(root, "pkg")

        assert graph["pkg.b"] == set()
        assert graph["pkg.c"] == {"pkg.e"}
        assert cycles(graph) == []

    def test_parent_packages(self, tmp_path: Path) -> None:
        """
        Importing a submodule loads its package: a package whose
        ``__init__`` imports a module that imports a submodule of the
        package is a cycle, while a submodule importing its own package's
        siblings is not.
        """
        root = _package(
            tmp_path,
            {
                "__init__.py": "",
                "sub/__init__.py": "from pkg.sub.x import y\n",
                "sub/x.py": "from . import z\ny = 1\n",
                "sub/z.py": "",
                "top.py": "from pkg.sub import x\n",
                "user.py": "import pkg.other\n",
                "other/__init__.py": "from pkg import user\n",
            },
        )
        graph = import_graph(root, "pkg")

        assert graph["pkg.sub.x"] == {"pkg.sub.z"}
        assert graph["pkg.top"] == {"pkg.sub", "pkg.sub.x"}
        assert cycles(graph) == [["pkg.other", "pkg.user", "pkg.other"]]

    def test_self_import(self, tmp_path: Path) -> None:
        """
        A package ``__init__`` that imports a module importing the package
        by its own name counts the package as a parent, not a cycle; a
        module importing itself is not counted either.
        """
        root = _package(
            tmp_path,
            {"__init__.py": "from pkg import a\n", "a.py": "import pkg.a\n"},
        )

        assert cycles(import_graph(root, "pkg")) == []


def _imports_anywhere(
    tree: ast.Module,
) -> Iterator[tuple[str | None, ast.Import | ast.ImportFrom]]:
    """
    Every import statement of *tree* with the name of the function it sits
    in (`None` at module level).
    """

    def walk(
        node: ast.AST, function: str | None
    ) -> Iterator[tuple[str | None, ast.Import | ast.ImportFrom]]:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.Import, ast.ImportFrom)):
                yield function, child
            elif isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                yield from walk(child, child.name)
            else:
                yield from walk(child, function)

    yield from walk(tree, None)


class TestRecordAndCodec:
    """
    The policy record does not depend on its TOML codec; the codec
    depends on the record.
    """

    @pytest.mark.parametrize("module", RECORD)
    def test_record_imports_no_codec(self, module: str) -> None:
        """
        The record's modules import the codec and the file reader only
        inside `Policy.from_toml`, `Policy.to_toml` and `Policy.from_file`
        (never at module level, never elsewhere).
        """
        path, is_package = modules(PACKAGE, "blastradius")[module]
        tree = ast.parse(path.read_text(encoding="utf-8"))
        bad = [
            (function, target)
            for function, node in _imports_anywhere(tree)
            for target in _targets(node, module, is_package)
            if target in CODEC and function not in CODEC_METHODS
        ]

        assert bad == []

    def test_codec_depends_on_the_record(self) -> None:
        """
        The codec and the file reader import the record at module level.
        """
        graph = import_graph(PACKAGE, "blastradius")

        assert "blastradius._policy" in graph["blastradius._policy_schema"]
        assert "blastradius._policy" in graph["blastradius._policy_io"]


def _loaded_after(code: str) -> set[str]:
    """
    The modules a fresh, isolated interpreter has loaded after *code*.
    """
    program = (
        f"import sys\nsys.path.insert(0, {str(SRC)!r})\n{code}\n"
        "print('\\n'.join(sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-I", "-c", program],
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout
    return set(out.split())


NOT_FOR_SCORING = (
    "blastradius._policy_io",
    "blastradius._policy_merge",
    "blastradius._policy_schema",
    "blastradius._toml",
    "blastradius.adapters",
    "tomli",
    "tomllib",
)


def _unwanted(loaded: set[str]) -> list[str]:
    return sorted(
        m
        for m in loaded
        for bad in NOT_FOR_SCORING
        if m == bad or m.startswith(f"{bad}.")
    )


class TestFreshInterpreter:
    """
    What a fresh interpreter loads: scoring needs neither the TOML codec
    nor the adapters.
    """

    @pytest.mark.parametrize(
        "code",
        [
            "import blastradius",
            "from blastradius import score\nscore('kubectl get pods')",
            "import blastradius\nblastradius.Policy().fingerprint",
            (
                "import blastradius\n"
                "blastradius.score('kubectl delete ns prod', "
                "policy=blastradius.Policy(irreversible_penalty=30))"
            ),
        ],
    )
    def test_no_codec_no_adapters(self, code: str) -> None:
        """
        Importing the package, scoring a command (with the default policy
        or one built in code) and fingerprinting a policy load neither the
        TOML codec (``tomllib``/``tomli``, the schema, the writer, the file
        reader), the layering module nor ``blastradius.adapters``.
        """
        loaded = _loaded_after(code)

        assert "blastradius" in loaded
        assert _unwanted(loaded) == []

    def test_the_codec_when_asked(self) -> None:
        """
        Reading TOML loads the codec (the subprocess sees what it should
        report).
        """
        loaded = _loaded_after(
            "import blastradius\nblastradius.Policy.from_toml('version = 1')"
        )

        assert "blastradius._policy_schema" in loaded
        assert {"tomllib", "tomli"} & loaded

    def test_no_rows_for_the_default_policy(self) -> None:
        """
        Building the default policy does not load the rows' module
        (`HardRule`, `RuleOverride`, `PolicyException`); naming one does.
        """
        bare = _loaded_after(
            "from blastradius._policy import Policy\nPolicy()"
        )
        named = _loaded_after("from blastradius import HardRule")

        assert "blastradius._policy_rows" not in bare
        assert "blastradius._policy_rows" in named

    def test_patterns_compiled_when_looked_up(self) -> None:
        """
        The default policy compiles its namespace and context patterns at
        its first lookup: scoring a command without a scoped action loads
        no glob module, one with a namespace does.
        """
        plain = _loaded_after(
            "from blastradius import score\nscore('kubectl get pods')"
        )
        scoped = _loaded_after(
            "from blastradius import score\n"
            "assert score('kubectl delete pod x -n kube-system').score == 60"
        )

        assert "blastradius._glob" not in plain
        assert "blastradius._glob" in scoped
