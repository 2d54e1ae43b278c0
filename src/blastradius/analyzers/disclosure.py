"""
Moved to `blastradius.families.disclosure.analyzer`:
this module re-exports its names until the integrator repoints the
importers (#17).
"""

from __future__ import annotations

from blastradius.families.disclosure.analyzer import (
    ANALYZERS,
    absorbed,
    credential,
    judge,
    piped,
    substituted,
    widens,
)


__all__ = [
    "ANALYZERS",
    "absorbed",
    "credential",
    "judge",
    "piped",
    "substituted",
    "widens",
]
