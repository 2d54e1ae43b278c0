"""
Moved to `blastradius.families.interpreters._codescan`:
this module re-exports its names until the integrator repoints the
importers (#17).
"""

from __future__ import annotations

from blastradius.families.interpreters._codescan import (
    JS,
    PERL,
    PHP,
    PYTHON,
    RUBY,
    Arg,
    Call,
    Lang,
    Tok,
    calls,
    tokenize,
)


__all__ = [
    "JS",
    "PERL",
    "PHP",
    "PYTHON",
    "RUBY",
    "Arg",
    "Call",
    "Lang",
    "Tok",
    "calls",
    "tokenize",
]
