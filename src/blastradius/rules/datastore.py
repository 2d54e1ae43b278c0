"""
The old path of `blastradius.families.datastore.rules`, which it re-exports
for one release (the integrator removes it once no branch imports it).
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
