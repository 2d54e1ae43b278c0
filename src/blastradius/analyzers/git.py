"""
Kept for one release (#17): the git family moved to
`blastradius.families.git.analyzer`. This old path re-exports the same
objects (no behaviour changes, so no `DeprecationWarning`); new code imports
the family's module instead.
"""

from __future__ import annotations

from blastradius.families.git.analyzer import (
    ANALYZERS,
)


__all__ = [
    "ANALYZERS",
]
