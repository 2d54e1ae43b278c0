"""
The old path of `blastradius.families._getopt`, which it re-exports for one
release (the integrator removes it once no branch imports it).
"""

from __future__ import annotations

from blastradius.families._getopt import (
    Opt,
    OptSpec,
    Parsed,
    parse,
)


__all__ = [
    "Opt",
    "OptSpec",
    "Parsed",
    "parse",
]
