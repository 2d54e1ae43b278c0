"""
The old path of `blastradius.families._clispec`, which it re-exports for one
release (the integrator removes it once no branch imports it).
"""

from __future__ import annotations

from blastradius.families._clispec import (
    SEP,
    CliRule,
    CliSpec,
    Patterns,
    glob_match,
    group_specs,
)


__all__ = [
    "SEP",
    "CliRule",
    "CliSpec",
    "Patterns",
    "glob_match",
    "group_specs",
]
