"""
The old path of the SQL family (`blastradius.families.sql.analyzer` and
`blastradius.families.sql.statements`), re-exported for one release (the
integrator removes it once no branch imports it).
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
