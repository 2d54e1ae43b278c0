"""
The old module paths of the shell, interpreters, packages and disclosure
families re-export the moved modules' names (the same objects), so that
importers keep working until they are repointed (#17). Delete this module
with the shims.
"""

from __future__ import annotations

import importlib

import pytest


def _shims() -> dict[str, str]:
    """Each old module path and the module it moved to."""
    return {
        "blastradius.analyzers.shell": "blastradius.families.shell.analyzer",
        "blastradius.rules._shell": "blastradius.families.shell.rules",
        "blastradius.analyzers.interpreters": (
            "blastradius.families.interpreters.analyzer"
        ),
        "blastradius.rules.interpreters": (
            "blastradius.families.interpreters.rules"
        ),
        "blastradius.analyzers._codescan": (
            "blastradius.families.interpreters._codescan"
        ),
        "blastradius.analyzers.packages": "blastradius.families.packages.analyzer",
        "blastradius.rules.packages": "blastradius.families.packages.rules",
        "blastradius.analyzers.disclosure": (
            "blastradius.families.disclosure.analyzer"
        ),
        "blastradius.analyzers._exfiltration": (
            "blastradius.families.disclosure._exfiltration"
        ),
        "blastradius.analyzers._permissions": (
            "blastradius.families.disclosure._permissions"
        ),
        "blastradius.analyzers._judging": (
            "blastradius.families.disclosure._judging"
        ),
        "blastradius.analyzers._help": "blastradius.families.disclosure._help",
        "blastradius.rules.disclosure": "blastradius.families.disclosure.rules",
    }


class TestShims:
    """
    Each old path against the module it moved to.
    """

    @pytest.mark.parametrize(("old", "new"), sorted(_shims().items()))
    def test_same_objects(self, old: str, new: str) -> None:
        """
        Every name the moved module exports is the very same object at the
        old path, and the old path exports nothing else but the tables the
        catalog reads from it.
        """
        shim = importlib.import_module(old)
        moved = importlib.import_module(new)
        assert moved.__all__
        for name in moved.__all__:
            assert getattr(shim, name) is getattr(moved, name), name
        assert set(shim.__all__) - set(moved.__all__) <= {"REDIRECT_SPEC"}

    def test_registry_reads_the_shims(self) -> None:
        """
        The analyzers the registry finds through the old paths are the
        moved modules' own.
        """
        from blastradius.analyzers import DEFAULT_REGISTRY, JUDGMENT
        from blastradius.families.disclosure import analyzer as judgment
        from blastradius.families.shell import analyzer as shell

        assert DEFAULT_REGISTRY[JUDGMENT] is judgment.ANALYZERS[JUDGMENT]
        assert DEFAULT_REGISTRY["rm"] is shell.ANALYZERS["rm"]
