"""
The old path of `blastradius.families.http.rules`, which it re-exports for one
release (the integrator removes it once no branch imports it).
"""

from __future__ import annotations

from blastradius.families.http.rules import (
    BUILTIN_GROUPS,
    CORE_RESOURCES,
    METHOD_VERBS,
    QUERY_FLAGS,
    RULES,
    RULES_BY_ID,
    SUBRESOURCE_VERBS,
)


__all__ = [
    "BUILTIN_GROUPS",
    "CORE_RESOURCES",
    "METHOD_VERBS",
    "QUERY_FLAGS",
    "RULES",
    "RULES_BY_ID",
    "SUBRESOURCE_VERBS",
]
