"""
Kept for one release (#17): the disclosure family moved to
`blastradius.families.disclosure.analyzer`. This old path re-exports the
same objects (no behaviour changes, so no `DeprecationWarning`); new code
imports the family's module instead.
"""

from __future__ import annotations

from blastradius.families.disclosure.analyzer import (
    ANALYZERS,
    absorbed,
    credential,
    judge,
    piped,
    substituted,
    widens,
)


__all__ = [
    "ANALYZERS",
    "absorbed",
    "credential",
    "judge",
    "piped",
    "substituted",
    "widens",
]
