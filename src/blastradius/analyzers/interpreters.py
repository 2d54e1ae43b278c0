"""
Moved to `blastradius.families.interpreters.analyzer`:
this module re-exports its names until the integrator repoints the
importers (#17).
"""

from __future__ import annotations

from blastradius.families.interpreters.analyzer import (
    ANALYZERS,
    Effects,
    code_effects,
)


__all__ = [
    "ANALYZERS",
    "Effects",
    "code_effects",
]
