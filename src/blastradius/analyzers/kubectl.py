"""
Re-export of the kubectl family's analyzer and grammar (moved to
`blastradius.families.kubectl`); the registry imports `ANALYZERS` here.
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
