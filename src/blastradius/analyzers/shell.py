"""
Kept for one release (#17): the shell family moved to
`blastradius.families.shell.analyzer`. This old path re-exports the same
objects (no behaviour changes, so no `DeprecationWarning`); new code imports
the family's module instead.
"""

from __future__ import annotations

from blastradius.families.shell.analyzer import (
    ANALYZERS,
    function_calls,
)


__all__ = [
    "ANALYZERS",
    "function_calls",
]
