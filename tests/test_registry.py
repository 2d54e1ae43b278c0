from __future__ import annotations

import ast
import importlib
import importlib.util
import subprocess
import sys

from collections.abc import Iterable, Mapping
from pathlib import Path
from types import ModuleType

import pytest

from hypothesis import given
from hypothesis import strategies as st
from tests.helpers import load_script

from blastradius import families
from blastradius._model import Finding, SimpleCommand
from blastradius.analyzers import (
    DEFAULT_REGISTRY,
    REDIRECTS,
    Analyzer,
    Context,
    lookup,
)


ROOT = Path(__file__).parent.parent
TOOL = ROOT / "tools" / "gen_registry.py"


def _load_tool() -> ModuleType:
    return load_script(TOOL)


tool = _load_tool()


def _binds_last(path: str) -> bool:
    """
    Whether module *path* binds ``ANALYZERS`` in its last statement (a
    trailing docstring aside), or imports it from a module that does.
    """
    module = importlib.import_module(path)
    assert module.__file__ is not None
    tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
    body = [
        s
        for s in tree.body
        if not (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))
    ]
    for stmt in body:
        if isinstance(stmt, ast.ImportFrom) and any(
            a.name == "ANALYZERS" for a in stmt.names
        ):
            assert stmt.module is not None
            return _binds_last(stmt.module)
    last = body[-1]
    targets = (
        [last.target]
        if isinstance(last, ast.AnnAssign)
        else last.targets
        if isinstance(last, ast.Assign)
        else []
    )
    return any(
        isinstance(t, ast.Name) and t.id == "ANALYZERS" for t in targets
    )


def _eager() -> dict[str, Analyzer]:
    """
    The registry built by importing every family, the first family to
    register a name keeping it.
    """
    out: dict[str, Analyzer] = {}
    for path in families.MODULES.values():
        module = importlib.import_module(path)
        for name, analyzer in module.ANALYZERS.items():
            out.setdefault(name, analyzer)
    return out


def _analyzer(name: str) -> Analyzer:
    def analyze(command: SimpleCommand, ctx: Context) -> list[Finding]:
        return []

    analyze.__name__ = name
    return analyze


class TestLookup:
    """
    `lookup`: the exact name, then without a version suffix, then the
    part before the first dot.
    """

    @pytest.mark.parametrize(
        ("program", "found"),
        [
            ("python", "python"),
            ("python3", "python"),
            ("python3.12", "python"),
            ("python3.12.", "python"),
            ("mkfs.ext4", "mkfs"),
            ("mkfs.ext4.2", "mkfs"),
            ("v8.", "v"),
            ("v8", "v8"),
            ("python.", "python"),
            ("python-3", None),
            ("7", None),
            ("", None),
            ("pip", None),
        ],
    )
    def test_names(self, program: str, found: str | None) -> None:
        """
        Each spelling finds the analyzer its documentation says (a suffix
        starts at a digit; a name that is all digits is no program).
        """
        registry = {n: _analyzer(n) for n in ("python", "mkfs", "v8", "v")}
        analyzer = lookup(registry, program)
        assert (None if analyzer is None else analyzer.__name__) == found

    @given(
        st.text(alphabet="py.0123-", max_size=8),
        st.text(alphabet="0123456789.", max_size=5),
    )
    def test_suffix(self, head: str, suffix: str) -> None:
        """
        A name made of a name with no trailing digit or dot and a suffix
        starting with a digit finds the name's analyzer.
        """
        base = head.rstrip("0123456789.")
        tail = suffix.lstrip(".")
        registry = {base: _analyzer("base")} if base else {}
        analyzer = lookup(registry, base + tail)
        if base:
            assert analyzer is not None
            assert analyzer.__name__ == "base"
        else:
            assert analyzer is None or "." in tail


class TestProgramMap:
    def test_current(self) -> None:
        """
        ``families/_programs.py`` is what ``tools/gen_registry.py`` renders
        from the families' ``ANALYZERS`` now (regenerate with ``python
        tools/gen_registry.py --write``).
        """
        path = ROOT / "src" / "blastradius" / "families" / "_programs.py"

        assert path.read_text(encoding="utf-8") == tool.render()

    def test_tool_check(self) -> None:
        """
        The generator's ``--check`` passes on the committed module and its
        default prints the same text.
        """
        assert tool.main(["--check"]) == 0

    def test_every_family(self) -> None:
        """
        Every family module of the package — a family package under
        ``families/`` or a public module of ``analyzers/`` (the old paths,
        shims once moved) — is a family of `MODULES`, and every family of
        `PROGRAMS` has a module.
        """
        src = ROOT / "src" / "blastradius"
        names = {
            p.stem
            for p in (src / "analyzers").glob("*.py")
            if not p.stem.startswith("_")
        } | {
            p.parent.name
            for p in (src / "families").glob("*/__init__.py")
            if not p.parent.name.startswith("_")
        }

        assert set(families.MODULES) == names
        assert set(families.PROGRAMS.values()) <= set(families.MODULES)

    def test_modules_exist(self) -> None:
        """
        Each row of `MODULES` names an importable module with an
        ``ANALYZERS`` mapping.
        """
        for path in families.MODULES.values():
            module = importlib.import_module(path)

            assert isinstance(module.ANALYZERS, Mapping), path

    def test_analyzers_bound_last(self) -> None:
        """
        Each family module binds ``ANALYZERS`` in its last statement (a
        docstring aside), or imports it from one that does: a module that
        has the attribute is fully initialised, so the registry may read it
        from ``sys.modules``.
        """
        for path in families.MODULES.values():
            assert _binds_last(path), path

    def test_read_only(self) -> None:
        """
        Both tables are read-only.
        """
        with pytest.raises(TypeError):
            families.MODULES["x"] = "y"  # type: ignore[index]
        with pytest.raises(TypeError):
            families.PROGRAMS["x"] = "y"  # type: ignore[index]


class TestDefaultRegistry:
    def test_same_as_eager(self) -> None:
        """
        The lazy registry maps exactly the names the families register, each
        to the same analyzer an eager build picks.
        """
        eager = _eager()

        assert set(DEFAULT_REGISTRY) == set(eager)
        assert len(DEFAULT_REGISTRY) == len(eager)
        for name, analyzer in eager.items():
            assert DEFAULT_REGISTRY[name] is analyzer, name
            assert DEFAULT_REGISTRY.get(name) is analyzer, name
            assert name in DEFAULT_REGISTRY
        assert dict(DEFAULT_REGISTRY) == eager

    def test_redirects(self) -> None:
        """
        The redirections analyzer is registered.
        """
        assert REDIRECTS in DEFAULT_REGISTRY
        assert callable(DEFAULT_REGISTRY[REDIRECTS])

    @pytest.mark.parametrize("name", ["", "no-such-program", "KUBECTL", "-"])
    def test_missing(self, name: str) -> None:
        """
        A name no family registers is absent: ``get`` gives the default,
        indexing raises `KeyError`.
        """
        assert name not in DEFAULT_REGISTRY
        assert DEFAULT_REGISTRY.get(name) is None
        assert DEFAULT_REGISTRY.get(name, print) is print
        with pytest.raises(KeyError):
            DEFAULT_REGISTRY[name]

    def test_not_hashable_key(self) -> None:
        """
        Membership of a non-string is simply false.
        """
        keys: list[object] = [1, None, ("kubectl",)]

        assert all(k not in DEFAULT_REGISTRY for k in keys)

    def test_read_only(self) -> None:
        """
        The registry cannot be changed.
        """
        with pytest.raises(TypeError):
            DEFAULT_REGISTRY["kubectl"] = print  # type: ignore[index]
        assert not hasattr(DEFAULT_REGISTRY, "__setitem__")

    def test_lazy(self) -> None:
        """
        ``import blastradius`` imports no analyzer family; a lookup imports
        only the family of the program looked up.
        """
        code = (
            "import sys, blastradius\n"
            "from blastradius.analyzers import DEFAULT_REGISTRY as r\n"
            "fam = lambda: sorted({m.split('.')[2] for m in sys.modules\n"
            "    if m.startswith(('blastradius.analyzers.',\n"
            "                     'blastradius.families.'))\n"
            "    and not m.split('.')[2].startswith('_')})\n"
            "print(fam())\n"
            "r.get('no-such-program')\n"
            "print(fam())\n"
            "r['helm']\n"
            "print(fam())\n"
        )
        out = subprocess.run(
            [sys.executable, "-c", code],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.splitlines()

        assert out == ["[]", "[]", "['helm']"]

    def test_threads_first_lookup(self) -> None:
        """
        Threads looking up programs of families not yet imported, all at
        once, each get the family's analyzer (a family being imported by
        another thread is waited for, never read half-built).
        """
        code = (
            "import sys, threading\n"
            "from blastradius.analyzers import DEFAULT_REGISTRY as r\n"
            "names = ['helm', 'git', 'aws', 'psql', 'curl', 'redis-cli']\n"
            "names = names * 8\n"
            "got = [None] * len(names)\n"
            "start = threading.Barrier(len(names))\n"
            "def run(i):\n"
            "    start.wait()\n"
            "    got[i] = r[names[i]]\n"
            "ts = [threading.Thread(target=run, args=(i,))\n"
            "      for i in range(len(names))]\n"
            "[t.start() for t in ts]\n"
            "[t.join() for t in ts]\n"
            "ok = all(g is not None and g is r[n] for g, n in zip(got, names))\n"
            "print(ok)\n"
        )
        out = subprocess.run(
            [sys.executable, "-c", code],
            check=True,
            capture_output=True,
            text=True,
        )

        assert (out.stdout, out.stderr) == ("True\n", "")


def _no_findings(command: SimpleCommand, ctx: Context) -> Iterable[Finding]:
    """An analyzer that finds nothing."""
    del command, ctx
    return ()


class TestRegistryImports:
    def _registry(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stem: str
    ) -> Mapping[str, Analyzer]:
        """
        A registry over one family module *stem*, written to *tmp_path*
        and not imported yet.
        """
        from blastradius.analyzers import _Registry

        (tmp_path / f"{stem}.py").write_text(
            "def analyze(command, ctx):\n"
            "    return ()\n"
            "ANALYZERS = {'prog': analyze}\n",
            encoding="utf-8",
        )
        monkeypatch.syspath_prepend(str(tmp_path))
        monkeypatch.delitem(sys.modules, stem, raising=False)
        return _Registry({"prog": "fam"}, {"fam": stem})

    def test_index_imports(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """
        Indexing imports the family module on first use, then reads it
        from ``sys.modules``.
        """
        registry = self._registry(tmp_path, monkeypatch, "_br_fam_index")

        assert "_br_fam_index" not in sys.modules
        found = registry["prog"]
        module = sys.modules["_br_fam_index"]

        assert found is module.analyze
        assert registry["prog"] is found

    def test_get_imports(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """
        ``get`` imports the family module on first use too.
        """
        registry = self._registry(tmp_path, monkeypatch, "_br_fam_get")

        found = registry.get("prog")
        module = sys.modules["_br_fam_get"]

        assert found is module.analyze
        assert registry.get("prog") is found
        assert registry.get("other", _no_findings) is _no_findings

    def test_half_built_module_is_loud(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """
        A family module in ``sys.modules`` without its ``ANALYZERS`` (as
        in an import cycle) makes the lookup raise, never answer `None`.
        """
        from blastradius.analyzers import _Registry

        monkeypatch.setitem(
            sys.modules, "_br_fam_half", ModuleType("_br_fam_half")
        )
        registry = _Registry({"prog": "fam"}, {"fam": "_br_fam_half"})

        with pytest.raises(AttributeError):
            registry.get("prog")
        with pytest.raises(AttributeError):
            registry["prog"]

    def test_repr(self) -> None:
        """
        The registry's repr counts its programs.
        """
        assert repr(DEFAULT_REGISTRY) == (
            f"<analyzer registry of {len(families.PROGRAMS)} programs>"
        )
