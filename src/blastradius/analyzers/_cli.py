"""
The old path of `blastradius.families._interpret`, which it re-exports for one
release (the integrator removes it once no branch imports it).
"""

from __future__ import annotations

from blastradius.families._interpret import (
    Opt,
    Words,
    analyze,
    dynamic_findings,
    find_opt,
    make_analyzer,
    match_row,
    norm_path,
    parse,
    resolve_words,
    run_rules,
    target_of,
)


__all__ = [
    "Opt",
    "Words",
    "analyze",
    "dynamic_findings",
    "find_opt",
    "make_analyzer",
    "match_row",
    "norm_path",
    "parse",
    "resolve_words",
    "run_rules",
    "target_of",
]
