"""
Moved to `blastradius.families.disclosure._judging`:
this module re-exports its names until the integrator repoints the
importers (#17).
"""

from __future__ import annotations

from blastradius.families.disclosure._judging import (
    finding,
    option,
    positional,
    secret_var,
)


__all__ = [
    "finding",
    "option",
    "positional",
    "secret_var",
]
