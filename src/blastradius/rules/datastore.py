"""
Kept for one release (#17): the datastore family moved to
`blastradius.families.datastore.rules`. This old path re-exports the same
objects (no behaviour changes, so no `DeprecationWarning`); new code imports
the family's module instead.
"""

from __future__ import annotations

from blastradius.families.datastore.rules import (
    ETCD_COMMANDS,
    ETCD_V2_COMMANDS,
    MONGO_COMMANDS,
    MONGO_FUNCTIONS,
    MONGO_METHODS,
    REDIS_COMMANDS,
    REDIS_SUBCOMMANDS,
    RULES,
    RULES_BY_ID,
)


__all__ = [
    "ETCD_COMMANDS",
    "ETCD_V2_COMMANDS",
    "MONGO_COMMANDS",
    "MONGO_FUNCTIONS",
    "MONGO_METHODS",
    "REDIS_COMMANDS",
    "REDIS_SUBCOMMANDS",
    "RULES",
    "RULES_BY_ID",
]
