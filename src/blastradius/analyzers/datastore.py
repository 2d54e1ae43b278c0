"""
Kept for one release (#17): the datastore family moved to
`blastradius.families.datastore.analyzer`. This old path re-exports the same
objects (no behaviour changes, so no `DeprecationWarning`); new code imports
the family's module instead.
"""

from __future__ import annotations

from blastradius.families.datastore.analyzer import (
    ANALYZERS,
    mongo_rules,
    redis_rules,
    split_redis_line,
)


__all__ = [
    "ANALYZERS",
    "mongo_rules",
    "redis_rules",
    "split_redis_line",
]
