"""
The old path of `blastradius.families.containers.analyzer`, which it
re-exports for one release (the integrator removes it once no branch imports
it).
"""

from __future__ import annotations

from blastradius.families.containers.analyzer import (
    ANALYZERS,
)


__all__ = [
    "ANALYZERS",
]
