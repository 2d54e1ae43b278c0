"""
Moved to `blastradius.families.disclosure._permissions`:
this module re-exports its names until the integrator repoints the
importers (#17).
"""

from __future__ import annotations

from blastradius.families.disclosure._permissions import (
    MODES,
    permissions,
    widens,
)


__all__ = [
    "MODES",
    "permissions",
    "widens",
]
