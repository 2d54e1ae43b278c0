"""
Moved to `blastradius.families.interpreters.rules`:
this module re-exports its names until the integrator repoints the
importers (#17).
"""

from __future__ import annotations

from blastradius.families.interpreters.rules import (
    JS_CALLS,
    MODULES,
    PERL_CALLS,
    PHP_CALLS,
    PYTHON_CALLS,
    PYTHON_METHODS,
    RUBY_CALLS,
    RULES,
    RULES_BY_ID,
)


__all__ = [
    "JS_CALLS",
    "MODULES",
    "PERL_CALLS",
    "PHP_CALLS",
    "PYTHON_CALLS",
    "PYTHON_METHODS",
    "RUBY_CALLS",
    "RULES",
    "RULES_BY_ID",
]
