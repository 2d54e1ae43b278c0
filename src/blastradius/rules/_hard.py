"""
The ids of the built-in hard rules, gathered from the rule tables: a
policy override naming one would silently do nothing (hard rules always
score 100), so the policy refuses it.

Imported only when a policy has overrides: it loads every rule table.
"""

from __future__ import annotations

import functools
import importlib

from collections.abc import Iterable, Mapping
from typing import Final


__all__ = ["hard_rule_ids"]

_MODULES: Final = (
    "blastradius.families.shell.rules",
    "blastradius.families._toolspecs",
    "blastradius.rules.sql",
    "blastradius.rules.datastore",
    "blastradius.rules.interpreters",
    "blastradius.rules.http",
    "blastradius.rules.kubectl",
)

_EXTRA: Final = frozenset({"shell.fork-bomb"})
"""Hard findings written in analyzer code rather than a table row."""


def _rows(value: object, depth: int = 0) -> Iterable[object]:
    from blastradius.families._clispec import CliSpec

    if isinstance(value, CliSpec):
        yield from value.rules
    elif isinstance(value, Mapping) and depth < 2:
        for item in value.values():
            yield from _rows(item, depth + 1)
    elif isinstance(value, (tuple, list, frozenset)) and depth < 2:
        for item in value:
            yield from _rows(item, depth + 1)
    else:
        yield value


@functools.cache
def hard_rule_ids() -> frozenset[str]:
    """
    Every built-in hard rule id (computed once: the tables are constants).

    >>> "shell.rm.recursive-force" in hard_rule_ids()
    True
    """
    from blastradius._model import Kind
    from blastradius.families._clispec import CliRule
    from blastradius.rules._rulerow import Rule
    from blastradius.rules.kubectl import HardRule

    ids = set(_EXTRA)
    for name in _MODULES:
        module = importlib.import_module(name)
        for value in vars(module).values():
            for row in _rows(value):
                if (
                    (isinstance(row, CliRule) and row.hard)
                    or (isinstance(row, Rule) and row.kind is Kind.HARD)
                    or isinstance(row, HardRule)
                ):
                    ids.add(row.id)
    return frozenset(ids)
