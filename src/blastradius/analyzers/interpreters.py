"""
Kept for one release (#17): the interpreters family moved to
`blastradius.families.interpreters.analyzer`. This old path re-exports the
same objects (no behaviour changes, so no `DeprecationWarning`); new code
imports the family's module instead.
"""

from __future__ import annotations

from blastradius.families.interpreters.analyzer import (
    ANALYZERS,
    Effects,
    code_effects,
)


__all__ = [
    "ANALYZERS",
    "Effects",
    "code_effects",
]
