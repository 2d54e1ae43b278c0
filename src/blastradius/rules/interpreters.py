"""
Kept for one release (#17): the interpreters family moved to
`blastradius.families.interpreters.rules`. This old path re-exports the same
objects (no behaviour changes, so no `DeprecationWarning`); new code imports
the family's module instead.
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
