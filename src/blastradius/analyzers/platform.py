"""
Kept for one release (#17): the platform family moved to
`blastradius.families.platform.analyzer`. This old path re-exports the same
objects (no behaviour changes, so no `DeprecationWarning`); new code imports
the family's module instead.
"""

from __future__ import annotations

from blastradius.families.platform.analyzer import (
    ANALYZERS,
    analyze_oc,
)


__all__ = [
    "ANALYZERS",
    "analyze_oc",
]
