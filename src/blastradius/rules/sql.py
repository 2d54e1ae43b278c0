"""
The old path of `blastradius.families.sql.rules`, which it re-exports for one
release (the integrator removes it once no branch imports it).
"""

from __future__ import annotations

from blastradius.families.sql.rules import (
    ALTER_OBJECTS,
    CLIENT_COMMANDS,
    DROP_OBJECTS,
    FUNCTIONS,
    LEADING,
    RULES,
    RULES_BY_ID,
    TAUTOLOGY_WORDS,
)


__all__ = [
    "ALTER_OBJECTS",
    "CLIENT_COMMANDS",
    "DROP_OBJECTS",
    "FUNCTIONS",
    "LEADING",
    "RULES",
    "RULES_BY_ID",
    "TAUTOLOGY_WORDS",
]
