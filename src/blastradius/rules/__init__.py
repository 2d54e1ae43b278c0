"""
Rule tables: frozen rows with stable ids, loaded once into read-only
mappings.
"""

from __future__ import annotations

from blastradius.rules._namespaces import (
    DEFAULT_CONTEXT_WEIGHTS,
    DEFAULT_NAMESPACE_WEIGHTS,
    UNSPECIFIED_NAMESPACE,
    WeightRule,
)


__all__ = [
    "DEFAULT_CONTEXT_WEIGHTS",
    "DEFAULT_NAMESPACE_WEIGHTS",
    "UNSPECIFIED_NAMESPACE",
    "WeightRule",
]
