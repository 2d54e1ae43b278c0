"""
Moved to `blastradius.families.disclosure._help`:
this module re-exports its names until the integrator repoints the
importers (#17).
"""

from __future__ import annotations

from blastradius.families.disclosure._help import (
    help_finding,
    help_line,
)


__all__ = [
    "help_finding",
    "help_line",
]
