"""
Kept for one release (#17): the packages family moved to
`blastradius.families.packages.analyzer`. This old path re-exports the same
objects (no behaviour changes, so no `DeprecationWarning`); new code imports
the family's module instead.
"""

from __future__ import annotations

from blastradius.families.packages.analyzer import (
    ANALYZERS,
)


__all__ = [
    "ANALYZERS",
]
