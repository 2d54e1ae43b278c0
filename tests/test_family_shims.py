"""
The documented old module paths of the shell, interpreters, packages and
disclosure families (``blastradius.analyzers.<family>``,
``blastradius.rules.<family>``) re-export the moved modules' names (the
same objects), for one release (#17). Delete this module with the shims.
"""

from __future__ import annotations

import importlib

import pytest

from tests.helpers import family_shims


class TestShims:
    """
    Each old path against the module it moved to.
    """

    @pytest.mark.parametrize(("old", "new"), sorted(family_shims().items()))
    def test_same_objects(self, old: str, new: str) -> None:
        """
        Every name the moved module exports is the very same object at the
        old path, and the old path exports nothing else.
        """
        shim = importlib.import_module(old)
        moved = importlib.import_module(new)
        assert moved.__all__
        for name in moved.__all__:
            assert getattr(shim, name) is getattr(moved, name), name
        assert set(shim.__all__) <= set(moved.__all__)

    def test_registry_finds_the_moved_analyzers(self) -> None:
        """
        The analyzers the registry finds for these families are the moved
        modules' own.
        """
        from blastradius.analyzers import DEFAULT_REGISTRY, JUDGMENT
        from blastradius.families.disclosure import analyzer as judgment
        from blastradius.families.shell import analyzer as shell

        assert DEFAULT_REGISTRY[JUDGMENT] is judgment.ANALYZERS[JUDGMENT]
        assert DEFAULT_REGISTRY["rm"] is shell.ANALYZERS["rm"]
