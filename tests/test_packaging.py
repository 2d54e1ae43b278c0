from __future__ import annotations

import importlib
import importlib.metadata
import importlib.resources
import pkgutil
import re
import subprocess
import sys
import types

from collections.abc import Sequence

import pytest

import blastradius


DIST = "blastradius-policy"

# Modules `import blastradius` must not load: the optional adapters, the
# command line, the test helpers, and stdlib modules the pure core has no
# use for (I/O, processes, networking, TOML and JSON parsing, metadata).
FORBIDDEN_AT_IMPORT = (
    "blastradius._cli",
    "blastradius._policy_io",
    "blastradius.adapters",
    "blastradius.testing",
    "argparse",
    "asyncio",
    "email",
    "http",
    "hypothesis",
    "importlib.metadata",
    "json",
    "socket",
    "subprocess",
    "tomli",
    "tomllib",
    "urllib.request",
)


def _modules() -> list[str]:
    """
    Every module of the package but ``__main__`` and the generated
    ``_data_*`` tables.
    """
    return sorted(
        m.name
        for m in pkgutil.walk_packages(blastradius.__path__, "blastradius.")
        if not m.name.endswith("__main__")
        and not m.name.rsplit(".", 1)[-1].startswith("_data_")
    )


def _isort_key(name: str) -> tuple[int, list[int | str]]:
    """
    The order of ruff's RUF022 (isort-style): SCREAMING_CASE, then
    CamelCase, then the rest; natural order within each group.
    """
    if name.isupper() or not any(c.isalpha() for c in name):
        group = 0
    elif name[:1].isupper():
        group = 1
    else:
        group = 2
    parts = re.split(r"(\d+)", name)
    return group, [int(p) if p.isdigit() else p for p in parts]


def _is_sorted(names: Sequence[str]) -> bool:
    return list(names) == sorted(names, key=_isort_key)


class TestAll:
    def test_sorted(self) -> None:
        """
        `blastradius.__all__` is sorted (as ruff's RUF022 sorts).
        """
        assert _is_sorted(blastradius.__all__)

    def test_names_exist(self) -> None:
        """
        Every name in `blastradius.__all__` exists.
        """
        missing = [
            n for n in blastradius.__all__ if not hasattr(blastradius, n)
        ]

        assert missing == []

    def test_complete(self) -> None:
        """
        Every public non-module name of the package is in `__all__`.
        """
        public = {
            name
            for name, value in vars(blastradius).items()
            if not name.startswith("_")
            and not isinstance(value, types.ModuleType)
            and name != "annotations"  # from __future__
        }

        # served by __getattr__ (``import blastradius`` imports no engine
        # module; load_policy reads files; rollback and spec on first use)
        # (a lazy name once looked up is bound in the module, as an import
        # would bind it)
        lazy = set(blastradius._LAZY)
        assert lazy <= set(blastradius.__all__)
        assert public - lazy == set(blastradius.__all__) - lazy
        assert public <= set(blastradius.__all__)
        assert all(callable(getattr(blastradius, n)) for n in lazy)

    def test_policy_loaders(self) -> None:
        """
        `blastradius.load_policy` and `blastradius.load_preset` (issue 13)
        and `blastradius.HookDecisions` are exported, served lazily.
        """
        from blastradius import _policy_io

        for name in ("load_policy", "load_preset", "HookDecisions"):
            assert name in blastradius.__all__
            assert name in blastradius._LAZY
        assert blastradius.load_preset is _policy_io.load_preset
        assert blastradius.load_preset("coding-agent").trusted_tools

    def test_core_api(self) -> None:
        """
        The names hosts depend on (issue 2) are exported.
        """
        assert {
            "Assessment",
            "Effect",
            "Finding",
            "Kind",
            "Policy",
            "Redirect",
            "SimpleCommand",
            "Thresholds",
            "Tier",
            "score",
        } <= set(blastradius.__all__)

    def test_errors(self) -> None:
        """
        The errors exported at the top are those of `blastradius.exceptions`,
        all subclasses of `BlastRadiusError`.
        """
        from blastradius import exceptions

        for name in exceptions.__all__:
            error = getattr(exceptions, name)

            assert getattr(blastradius, name) is error
            assert issubclass(error, exceptions.BlastRadiusError)

    @pytest.mark.parametrize("name", _modules())
    def test_every_module(self, name: str) -> None:
        """
        Every module of the package has a sorted `__all__` of names that
        exist (generated ``_data_*`` tables excepted).
        """
        module = importlib.import_module(name)
        names = getattr(module, "__all__", None)

        assert names is not None, f"{name} has no __all__"
        assert _is_sorted(names)
        assert [n for n in names if not hasattr(module, n)] == []


class TestVersion:
    def test_from_metadata(self) -> None:
        """
        `__version__` is the installed distribution's version.
        """
        assert blastradius.__version__ == importlib.metadata.version(DIST)

    def test_served_lazily(self) -> None:
        """
        `__version__` is not a module global: the module `__getattr__`
        serves it, so importing reads no metadata.
        """
        assert "__version__" not in vars(blastradius)
        assert callable(vars(blastradius)["__getattr__"])

    def test_in_dir(self) -> None:
        """
        `dir(blastradius)` lists `__version__` and every exported name.
        """
        listed = dir(blastradius)

        assert "__version__" in listed
        assert set(blastradius.__all__) <= set(listed)

    def test_unknown_attribute(self) -> None:
        """
        Other unknown attributes raise `AttributeError` naming them.
        """
        with pytest.raises(AttributeError, match="no_such_name"):
            _ = blastradius.no_such_name


def _modules_after(code: str) -> set[str]:
    """
    The modules loaded in a fresh interpreter after running *code*.
    """
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            f"{code}\nimport sys\nprint('\\n'.join(sys.modules))",
        ],
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout
    return set(out.split())


class TestImport:
    def test_light(self) -> None:
        """
        ``import blastradius`` in a fresh interpreter loads none of the
        adapters, the CLI, or heavy and I/O stdlib modules beyond what
        attrs loads.
        """
        # attrs (the one dependency) loads what it loads, e.g. subprocess
        # through platform on Python 3.10; only what we add counts.
        loaded = _modules_after("import blastradius") - _modules_after(
            "import attrs"
        )
        bad = sorted(
            m
            for m in loaded
            for f in FORBIDDEN_AT_IMPORT
            if m == f or m.startswith(f + ".")
        )

        assert bad == []

    def test_silent(self) -> None:
        """
        ``import blastradius`` prints nothing and succeeds in isolated mode.
        """
        proc = subprocess.run(
            [sys.executable, "-I", "-c", "import blastradius"],
            check=False,
            capture_output=True,
            text=True,
            timeout=60,
        )

        assert (proc.returncode, proc.stdout, proc.stderr) == (0, "", "")


class TestDistribution:
    def test_py_typed(self) -> None:
        """
        The package ships ``py.typed``.
        """
        assert (
            importlib.resources.files("blastradius")
            .joinpath("py.typed")
            .is_file()
        )

    def test_runtime_dependencies(self) -> None:
        """
        The only runtime dependencies are attrs (and tomli on 3.10).
        """
        requires = importlib.metadata.requires(DIST) or []
        names = {
            r.split(";")[0]
            .split("[")[0]
            .split("<")[0]
            .split(">")[0]
            .split("=")[0]
            .split("!")[0]
            .split("~")[0]
            .strip()
            .lower()
            for r in requires
            if "extra ==" not in r
        }

        assert names <= {"attrs", "tomli"}
        assert "attrs" in names

    def test_console_script(self) -> None:
        """
        The ``blastradius`` console script runs `blastradius._cli.main`.
        """
        scripts = {
            e.name: e.value
            for e in importlib.metadata.entry_points(group="console_scripts")
            if e.dist is not None and e.dist.metadata["Name"] == DIST
        }

        assert scripts == {"blastradius": "blastradius._cli:main"}
