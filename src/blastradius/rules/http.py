"""
Kept for one release (#17): the http family moved to
`blastradius.families.http.rules`. This old path re-exports the same objects
(no behaviour changes, so no `DeprecationWarning`); new code imports the
family's module instead.
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
