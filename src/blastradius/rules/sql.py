"""
Kept for one release (#17): the sql family moved to
`blastradius.families.sql.rules`. This old path re-exports the same objects
(no behaviour changes, so no `DeprecationWarning`); new code imports the
family's module instead.
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
