"""
The old path of `blastradius.families.datastore.analyzer`, which it
re-exports for one release (the integrator removes it once no branch imports
it).
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
