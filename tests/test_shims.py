"""
The documented old module paths of the moved families
(``blastradius.analyzers.<family>``, ``blastradius.rules.<family>``) are
thin re-exports of the very objects of their new homes, kept for one
release (#17); the private old paths are gone and nothing names them.
"""

from __future__ import annotations

import ast
import importlib
import importlib.util

from pathlib import Path

import pytest


ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src" / "blastradius"


class TestShims:
    SHIMS: tuple[tuple[str, str], ...] = (
        ("blastradius.analyzers.helm", "blastradius.families.helm.analyzer"),
        ("blastradius.analyzers.git", "blastradius.families.git.analyzer"),
        (
            "blastradius.analyzers.terraform",
            "blastradius.families.terraform.analyzer",
        ),
        (
            "blastradius.analyzers.containers",
            "blastradius.families.containers.analyzer",
        ),
        ("blastradius.analyzers.cloud", "blastradius.families.cloud.analyzer"),
        ("blastradius.analyzers.sql", "blastradius.families.sql.analyzer"),
        ("blastradius.analyzers.sql", "blastradius.families.sql.statements"),
        ("blastradius.rules.sql", "blastradius.families.sql.rules"),
        (
            "blastradius.analyzers.datastore",
            "blastradius.families.datastore.analyzer",
        ),
        (
            "blastradius.rules.datastore",
            "blastradius.families.datastore.rules",
        ),
        ("blastradius.analyzers.http", "blastradius.families.http.analyzer"),
        ("blastradius.analyzers.http", "blastradius.families.http.urls"),
        ("blastradius.rules.http", "blastradius.families.http.rules"),
        (
            "blastradius.analyzers.platform",
            "blastradius.families.platform.analyzer",
        ),
        (
            "blastradius.rules.platform",
            "blastradius.families.platform.grammar",
        ),
        (
            "blastradius.analyzers.kubectl",
            "blastradius.families.kubectl.analyzer",
        ),
        (
            "blastradius.analyzers.kubectl",
            "blastradius.families.kubectl.grammar",
        ),
        ("blastradius.rules.kubectl", "blastradius.families.kubectl.rules"),
    )
    """(old path, new home) pairs."""

    @pytest.mark.parametrize(("old", "new"), SHIMS)
    def test_same_objects(self, old: str, new: str) -> None:
        """
        Every name the old path exports that the new home also has is the
        same object, and each old path exports something from it.
        """
        shim = importlib.import_module(old)
        home = importlib.import_module(new)
        shared = [n for n in shim.__all__ if hasattr(home, n)]

        assert shared, (old, new)
        for name in shared:
            assert getattr(shim, name) is getattr(home, name), (old, name)

    @pytest.mark.parametrize("old", sorted({old for old, _ in SHIMS}))
    def test_exports_resolve(self, old: str) -> None:
        """
        Every name in the old path's ``__all__`` is bound.
        """
        shim = importlib.import_module(old)

        assert all(hasattr(shim, n) for n in shim.__all__)


def _kept() -> list[Path]:
    """The modules under analyzers/ and rules/ that are kept old paths."""
    return sorted(
        path
        for package in ("analyzers", "rules")
        for path in (SRC / package).glob("*.py")
        if (ast.get_docstring(ast.parse(path.read_text())) or "").startswith(
            "Kept for one release (#17)"
        )
    )


def _dotted(path: Path) -> str:
    """The module name of a file under ``src/``."""
    return ".".join(path.relative_to(SRC.parent).with_suffix("").parts)


class TestKeptPaths:
    """
    Which old paths are kept, and that each is a thin re-export.
    """

    def test_exactly_the_checked_ones(self) -> None:
        """
        The kept old paths are exactly the ones this module and
        ``test_family_shims`` check, and all of them are public names.
        """
        from tests.helpers import family_shims

        kept = {_dotted(path) for path in _kept()}
        checked = {old for old, _ in TestShims.SHIMS} | set(family_shims())

        assert kept == checked
        assert all(not name.rsplit(".", 1)[1].startswith("_") for name in kept)

    @pytest.mark.parametrize("path", _kept(), ids=_dotted)
    def test_thin(self, path: Path) -> None:
        """
        A kept old path holds nothing but its docstring, imports from
        ``blastradius.families`` and ``__all__``, and its docstring names
        the new home of everything it imports.
        """
        tree = ast.parse(path.read_text())
        doc = ast.get_docstring(tree) or ""
        homes = set()
        for node in tree.body[1:]:
            if isinstance(node, ast.ImportFrom):
                assert node.module is not None
                if node.module != "__future__":
                    assert node.module.startswith("blastradius.families.")
                    homes.add(node.module)
            else:
                assert isinstance(node, ast.Assign), ast.dump(node)
                assert [ast.unparse(t) for t in node.targets] == ["__all__"]

        assert homes
        assert all(f"`{home}`" in " ".join(doc.split()) for home in homes)


class TestRemovedPaths:
    """
    The private old paths are gone, and nothing in the project names them.
    """

    REMOVED: tuple[str, ...] = (
        "blastradius.analyzers._cli",
        "blastradius.analyzers._codescan",
        "blastradius.analyzers._exfiltration",
        "blastradius.analyzers._help",
        "blastradius.analyzers._judging",
        "blastradius.analyzers._opts",
        "blastradius.analyzers._permissions",
        "blastradius.analyzers._sqllex",
        "blastradius.analyzers._table",
        "blastradius.rules._cli",
        "blastradius.rules._data_kubectl",
        "blastradius.rules._shell",
        "blastradius.rules._tools",
    )
    """The private old paths, removed with their shims (#17)."""

    @pytest.mark.parametrize("name", REMOVED)
    def test_gone(self, name: str) -> None:
        """
        The module no longer exists (its package still does).
        """
        assert importlib.util.find_spec(name.rsplit(".", 1)[0]) is not None
        assert importlib.util.find_spec(name) is None

    @pytest.mark.parametrize("name", REMOVED)
    def test_not_named(self, name: str) -> None:
        """
        No source, test, tool, benchmark or doc file names the removed
        path, as a module or as a file (the changelog keeps its history).
        """
        file = name.replace(".", "/") + ".py"
        dotted_tail = name.split(".", 1)[1]
        files = [
            path
            for top in ("src", "tests", "tools", "bench", "docs")
            for path in (ROOT / top).rglob("*")
            if path.suffix in {".py", ".md", ".rst", ".toml", ".txt"}
            and path != Path(__file__)
        ] + [ROOT / "README.md", ROOT / "NOTICE"]

        named = [
            str(path.relative_to(ROOT))
            for path in files
            if name in (text := path.read_text())
            or file.split("/", 1)[1] in text
            or f"`{dotted_tail}`" in text
        ]

        assert named == []
