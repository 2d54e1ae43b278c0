"""
Kept for one release (#17): the sql family moved to
`blastradius.families.sql.analyzer` and
`blastradius.families.sql.statements`. This old path re-exports the same
objects (no behaviour changes, so no `DeprecationWarning`); new code imports
the family's module instead.
"""

from __future__ import annotations

from blastradius.families.sql.analyzer import ANALYZERS
from blastradius.families.sql.statements import (
    MAX_DEPTH,
    Hit,
    classify,
    findings_for_sql,
    hits_for_sql,
)


__all__ = [
    "ANALYZERS",
    "MAX_DEPTH",
    "Hit",
    "classify",
    "findings_for_sql",
    "hits_for_sql",
]
