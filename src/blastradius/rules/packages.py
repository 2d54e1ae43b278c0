"""
Moved to `blastradius.families.packages.rules`:
this module re-exports its names until the integrator repoints the
importers (#17).
"""

from __future__ import annotations

from blastradius.families.packages.rules import (
    APT,
    BREW,
    CARGO,
    DNF,
    GO,
    NPM,
    PACKAGE_SPECS,
    PIP,
    PIPX,
    PNPM,
    UV,
    YARN,
)


__all__ = [
    "APT",
    "BREW",
    "CARGO",
    "DNF",
    "GO",
    "NPM",
    "PACKAGE_SPECS",
    "PIP",
    "PIPX",
    "PNPM",
    "UV",
    "YARN",
]
