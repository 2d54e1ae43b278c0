"""
The old module paths of the moved families re-export the very objects of
their new homes, for one release (the integrator removes them once no
branch imports them).
"""

from __future__ import annotations

import importlib

import pytest


class TestShims:
    SHIMS: tuple[tuple[str, str], ...] = (
        ("blastradius.analyzers._cli", "blastradius.families._interpret"),
        ("blastradius.analyzers._opts", "blastradius.families._getopt"),
        ("blastradius.rules._cli", "blastradius.families._clispec"),
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
        ("blastradius.analyzers._sqllex", "blastradius.families.sql.lexer"),
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
        ("blastradius.rules._tools", "blastradius.families.helm.grammar"),
        ("blastradius.rules._tools", "blastradius.families.git.grammar"),
        ("blastradius.rules._tools", "blastradius.families.terraform.grammar"),
        (
            "blastradius.rules._tools",
            "blastradius.families.containers.grammar",
        ),
        ("blastradius.rules._tools", "blastradius.families.cloud.grammar"),
        ("blastradius.rules._tools", "blastradius.families._toolspecs"),
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

    def test_tool_specs(self) -> None:
        """
        ``rules._tools.TOOL_SPECS`` maps every tool program to its family's
        grammar, the same specs the families' analyzers read.
        """
        from blastradius.families.cloud.grammar import AWS
        from blastradius.families.containers.grammar import CONTAINERS
        from blastradius.rules._tools import TOOL_SPECS

        assert TOOL_SPECS["aws"] is AWS
        assert TOOL_SPECS["podman"] is CONTAINERS
        assert len(TOOL_SPECS) == 14

    def test_family_pairs(self) -> None:
        """
        ``analyzers._table.FAMILY_OF`` is `blastradius.families.PROGRAMS`
        as pairs.
        """
        from blastradius.analyzers._table import FAMILY_OF
        from blastradius.families import PROGRAMS

        assert dict(FAMILY_OF) == dict(PROGRAMS)
        assert len(FAMILY_OF) == len(PROGRAMS)

    def test_http_private_specs(self) -> None:
        """
        The HTTP shim keeps the option specs ``_exfiltration`` imports.
        """
        from blastradius.analyzers import http
        from blastradius.families.http.grammar import CURL, WGET

        assert http._CURL is CURL
        assert http._WGET is WGET
