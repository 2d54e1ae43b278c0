"""
Kept for one release (#17): the helm family moved to
`blastradius.families.helm.analyzer`. This old path re-exports the same
objects (no behaviour changes, so no `DeprecationWarning`); new code imports
the family's module instead.
"""

from __future__ import annotations

from blastradius.families.helm.analyzer import (
    ANALYZERS,
)


__all__ = [
    "ANALYZERS",
]
