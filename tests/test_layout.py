"""
The layout of the test suite (``tests/README.md``): test modules import no
other test module, only the strategies module, the helper module and the
support modules; and every other Python file of ``tests/`` is one of
those, ``conftest.py`` or a typing test; every test is a documented
method of a ``Test*`` class.

Read through the AST, so nothing here imports the modules it checks.
"""

from __future__ import annotations

import ast

from collections.abc import Iterator
from pathlib import Path


TESTS = Path(__file__).resolve().parent

SHARED = frozenset({"tests.strategies", "tests.helpers"})
"""The shared modules any test module may import."""

SUPPORT = "tests.support"
"""The package of the support modules (servers and stubs)."""


def sources(root: Path = TESTS) -> list[Path]:
    """
    Every Python file under *root* but its data directory, in path order.
    """
    data = root / "data"
    return sorted(p for p in root.rglob("*.py") if data not in p.parents)


def module_name(path: Path, root: Path = TESTS) -> str:
    """
    The dotted name *path* is imported as (``tests/a/b.py`` is
    ``tests.a.b``).
    """
    rel = path.relative_to(root.parent).with_suffix("")
    return ".".join(rel.parts)


def imported(source: str) -> Iterator[tuple[int, str]]:
    """
    (line, dotted name) of every import of *source*, at any depth
    (function bodies too); a relative import gives its dots, since it
    names a module by where the file is.
    """
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            base = "." * node.level + (node.module or "")
            if node.module in ("tests", SUPPORT) and not node.level:
                # ``from tests import helpers`` imports tests.helpers
                for alias in node.names:
                    yield node.lineno, f"{base}.{alias.name}"
            else:
                yield node.lineno, base


def is_test_module(name: str) -> bool:
    """Whether the dotted *name* is a test module (``test_*``)."""
    return name.rpartition(".")[2].startswith("test_")


def allowed(name: str) -> bool:
    """
    Whether a test-suite module may import the dotted *name*: anything
    outside the suite, or one of its shared or support modules.
    """
    if name.startswith("."):
        return False
    if is_test_module(name):
        return False
    if name == "tests" or name.startswith("tests."):
        return name in SHARED or name.startswith(SUPPORT + ".")
    return True


def offences(root: Path = TESTS) -> list[str]:
    """
    ``path:line: name`` of every import under *root* that `allowed`
    refuses.
    """
    return [
        f"{path.relative_to(root.parent)}:{line}: {name}"
        for path in sources(root)
        for line, name in imported(path.read_text(encoding="utf-8"))
        if not allowed(name)
    ]


def strays(root: Path = TESTS) -> list[str]:
    """
    The Python files under *root* that are neither a test module, the
    conftest, a shared module, a support module nor a typing test.
    """
    out = []
    for path in sources(root):
        name = module_name(path, root)
        if (
            is_test_module(name)
            or name in SHARED
            or name.startswith((SUPPORT + ".", "tests.typing."))
            or path.name == "conftest.py"
        ):
            continue
        out.append(str(path.relative_to(root.parent)))
    return out


def loose_tests(source: str, where: str = "") -> list[str]:
    """
    ``where:line: name`` of every test function of *source* that is not a
    method of a ``Test*`` class or has no docstring.
    """
    out = []
    tree = ast.parse(source)
    methods = {
        id(node)
        for cls in tree.body
        if isinstance(cls, ast.ClassDef) and cls.name.startswith("Test")
        for node in cls.body
    }
    for node in ast.walk(tree):
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        if not node.name.startswith("test"):
            continue
        if id(node) not in methods or not ast.get_docstring(node):
            out.append(f"{where}:{node.lineno}: {node.name}")
    return out


class TestImports:
    """
    What a module of the test suite may import.
    """

    def test_suite(self) -> None:
        """
        No module of the suite imports a test module, a relative module or
        any ``tests`` module but ``tests.strategies``, ``tests.helpers``
        and ``tests.support.*``.
        """
        assert offences() == []

    def test_suite_is_read(self) -> None:
        """
        The check reads the real suite: test modules at the top and in
        packages, and their imports of the shared modules.
        """
        names = {module_name(p) for p in sources()}
        found = {
            name
            for path in sources()
            for _line, name in imported(path.read_text(encoding="utf-8"))
        }

        assert {"tests.test_layout", "tests.adapters.test_review"} <= names
        assert {"tests.strategies", "tests.helpers"} <= found
        assert any(n.startswith(SUPPORT + ".") for n in found)

    def test_refused(self) -> None:
        """
        Imports of a test module (absolute, bare or from its package), a
        relative import and a ``tests`` module that is not shared are
        refused, also inside a function.
        """
        cases = {
            "from tests.test_kubectl import X": "tests.test_kubectl",
            "from tests.adapters.test_gate import X": (
                "tests.adapters.test_gate"
            ),
            "import tests.test_sql": "tests.test_sql",
            "import test_sql": "test_sql",
            "from test_sql import X": "test_sql",
            "from .strategies import X": ".strategies",
            "from . import helpers": ".",
            "from tests import test_cli": "tests.test_cli",
            "from tests.strategies_sql import X": "tests.strategies_sql",
            "from tests.review_helpers import X": "tests.review_helpers",
            "from tests import markdown_check": "tests.markdown_check",
        }
        for line, name in cases.items():
            names = [n for _line, n in imported(f"def f():\n    {line}\n")]

            assert names == [name], line
            assert not allowed(name), line

    def test_allowed(self) -> None:
        """
        The shared modules, the support modules and anything outside the
        suite may be imported.
        """
        lines = [
            "from tests.strategies import names",
            "from tests.helpers import decision",
            "from tests import helpers, strategies",
            "from tests.support import forge_server",
            "from tests.support.kube_stub import KubeStub",
            "import tests.support.kube_server",
            "from hypothesis import given",
            "import blastradius.testing",
        ]
        for line in lines:
            names = [n for _line, n in imported(line)]

            assert names, line
            assert all(map(allowed, names)), (line, names)

    def test_direction(self) -> None:
        """
        The shared modules depend one way: ``strategies`` may use
        ``helpers`` and ``support``, ``helpers`` only ``support``, a
        support module only other support modules.
        """
        above = {
            "tests.helpers": {"tests.strategies"},
            SUPPORT: {"tests.strategies", "tests.helpers"},
        }
        for path in sources():
            name = module_name(path)
            key = SUPPORT if name.startswith(SUPPORT + ".") else name
            refused = above.get(key, set())
            used = {n for _line, n in imported(path.read_text("utf-8"))}

            assert not used & refused, (name, used & refused)

    def test_offences_name_the_line(self, tmp_path: Path) -> None:
        """
        An offence names the file, the line and the module imported.
        """
        root = tmp_path / "tests"
        (root / "sub").mkdir(parents=True)
        (root / "test_a.py").write_text("X = 1\n", encoding="utf-8")
        (root / "sub" / "test_b.py").write_text(
            "import os\nfrom tests.test_a import X\n", encoding="utf-8"
        )

        assert offences(root) == ["tests/sub/test_b.py:2: tests.test_a"]


class TestFiles:
    """
    Which Python files the suite holds.
    """

    def test_suite(self) -> None:
        """
        Every Python file of ``tests/`` is a test module, ``conftest.py``,
        ``strategies.py``, ``helpers.py``, a support module or a typing
        test: one strategies module, one helper module.
        """
        assert strays() == []

    def test_strays_found(self, tmp_path: Path) -> None:
        """
        A second strategies or helper module is a stray, at any depth;
        data files are not read.
        """
        root = tmp_path / "tests"
        for rel in (
            "test_a.py",
            "conftest.py",
            "strategies.py",
            "helpers.py",
            "strategies_sql.py",
            "adapters/kube_stub.py",
            "adapters/conftest.py",
            "support/forge_server.py",
            "typing/api.py",
            "data/repo/setup.py",
        ):
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text("", encoding="utf-8")

        assert strays(root) == [
            "tests/adapters/kube_stub.py",
            "tests/strategies_sql.py",
        ]


class TestTests:
    """
    The shape of each test: a method of a ``Test*`` class (one per unit),
    with a docstring stating the behaviour.
    """

    def test_suite(self) -> None:
        """
        Every test function of every test module is a documented method of
        a ``Test*`` class.
        """
        found = [
            loose
            for path in sources()
            if is_test_module(module_name(path))
            for loose in loose_tests(
                path.read_text(encoding="utf-8"),
                str(path.relative_to(TESTS.parent)),
            )
        ]

        assert found == []

    def test_loose_found(self) -> None:
        """
        A test at module level, one without a docstring and one in a class
        not named ``Test*`` are found; helpers and documented methods are
        not.
        """
        source = (
            "def helper(): pass\n"
            "def test_top():\n    'Doc.'\n"
            "class TestA:\n"
            "    def test_ok(self):\n        'Doc.'\n"
            "    async def test_bare(self): pass\n"
            "class Other:\n"
            "    def test_hidden(self):\n        'Doc.'\n"
        )

        assert loose_tests(source, "m") == [
            "m:2: test_top",
            "m:7: test_bare",
            "m:9: test_hidden",
        ]
