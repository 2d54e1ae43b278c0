"""
Kept for one release (#17): the packages family moved to
`blastradius.families.packages.rules`. This old path re-exports the same
objects (no behaviour changes, so no `DeprecationWarning`); new code imports
the family's module instead.
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
