"""
The old path of `blastradius.families.platform.analyzer`, which it
re-exports for one release (the integrator removes it once no branch imports
it).
"""

from __future__ import annotations

from blastradius.families.platform.analyzer import (
    ANALYZERS,
    analyze_oc,
)


__all__ = [
    "ANALYZERS",
    "analyze_oc",
]
