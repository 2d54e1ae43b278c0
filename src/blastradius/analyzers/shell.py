"""
Moved to `blastradius.families.shell.analyzer`:
this module re-exports its names until the integrator repoints the
importers (#17).
"""

from __future__ import annotations

from blastradius.families.shell.analyzer import (
    ANALYZERS,
    function_calls,
)


__all__ = [
    "ANALYZERS",
    "function_calls",
]
