"""
The old program → family table, now `blastradius.families.PROGRAMS`;
kept for one release as pairs (the integrator removes it once no branch
imports it).
"""

from __future__ import annotations

from blastradius.families import PROGRAMS


__all__ = ["FAMILY_OF"]

FAMILY_OF: tuple[tuple[str, str], ...] = tuple(PROGRAMS.items())
