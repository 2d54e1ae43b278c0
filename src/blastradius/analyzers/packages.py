"""
Moved to `blastradius.families.packages.analyzer`:
this module re-exports its names until the integrator repoints the
importers (#17).
"""

from __future__ import annotations

from blastradius.families.packages.analyzer import (
    ANALYZERS,
)


__all__ = [
    "ANALYZERS",
]
