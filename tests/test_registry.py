from __future__ import annotations

import importlib
import importlib.util
import subprocess
import sys

from pathlib import Path
from types import ModuleType

import pytest

from tests.helpers import load_script

from blastradius.analyzers import DEFAULT_REGISTRY, REDIRECTS, Analyzer
from blastradius.analyzers import _table as table


ROOT = Path(__file__).parent.parent
TOOL = ROOT / "tools" / "gen_registry.py"


def _load_tool() -> ModuleType:
    return load_script(TOOL)


tool = _load_tool()


def _eager() -> dict[str, Analyzer]:
    """
    The registry built by importing every family, the first family to
    register a name keeping it.
    """
    out: dict[str, Analyzer] = {}
    for family in tool.FAMILIES:
        module = importlib.import_module(f"blastradius.analyzers.{family}")
        for name, analyzer in module.ANALYZERS.items():
            out.setdefault(name, analyzer)
    return out


class TestRegistryTable:
    def test_current(self) -> None:
        """
        ``analyzers/_table.py`` is what ``tools/gen_registry.py`` renders
        from the families' ``ANALYZERS`` now (regenerate with ``python
        tools/gen_registry.py --write``).
        """
        path = ROOT / "src" / "blastradius" / "analyzers" / "_table.py"

        assert path.read_text(encoding="utf-8") == tool.render()

    def test_every_family(self) -> None:
        """
        Every family module of the package is in the generator's list.
        """
        modules = {
            p.stem
            for p in (ROOT / "src" / "blastradius" / "analyzers").glob("*.py")
            if not p.stem.startswith("_")
        }

        assert set(tool.FAMILIES) == modules

    def test_names_unique(self) -> None:
        """
        Each program name appears once in the table.
        """
        names = [name for name, _family in table.FAMILY_OF]

        assert len(names) == len(set(names))


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
            "fam = lambda: sorted(m for m in sys.modules\n"
            "    if m.startswith('blastradius.analyzers.')\n"
            "    and not m.rsplit('.', 1)[1].startswith('_'))\n"
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

        assert out == ["[]", "[]", "['blastradius.analyzers.helm']"]
