"""
Kept for one release (#17): the kubectl family moved to
`blastradius.families.kubectl.analyzer` and
`blastradius.families.kubectl.grammar`. This old path re-exports the same
objects (no behaviour changes, so no `DeprecationWarning`); new code imports
the family's module instead.
"""

from __future__ import annotations

from blastradius.families.kubectl.analyzer import (
    ANALYZER,
    ANALYZERS,
    analyze,
    analyze_call,
    call_effect,
)
from blastradius.families.kubectl.grammar import (
    KubectlCall,
    ResourceRef,
    manifest_kinds,
    parse_kubectl,
    resolve_resource,
    resources_from_api_path,
)


__all__ = [
    "ANALYZER",
    "ANALYZERS",
    "KubectlCall",
    "ResourceRef",
    "analyze",
    "analyze_call",
    "call_effect",
    "manifest_kinds",
    "parse_kubectl",
    "resolve_resource",
    "resources_from_api_path",
]
