"""
Shorthands for the shell tools' rule rows: the effect and kind
abbreviations, the row builders of `blastradius.rules._rowkit`, and the
shell tables' spec builders (long options may be abbreviated).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from blastradius._model import Effect
from blastradius.families._clispec import CliRule, CliSpec
from blastradius.rules._rowkit import (
    DE,
    IN,
    LO,
    MOD,
    MU,
    RO,
    UNK,
    each,
    row,
)


__all__ = [
    "DE",
    "IN",
    "LO",
    "MOD",
    "MU",
    "READ",
    "RO",
    "UN",
    "UNK",
    "each",
    "row",
    "simple",
    "spec",
]

UN = Effect.UNKNOWN
READ = "reads only"


def spec(family: str, rules: Iterable[CliRule], **kw: Any) -> CliSpec:
    """
    A shell tool's table: its *family* id and rows, long options
    abbreviable as GNU getopt allows.
    """
    return CliSpec(family=family, rules=tuple(rules), abbrev=True, **kw)


def simple(
    rule_id: str,
    effect: Effect,
    base: int,
    message: str,
    *rows: CliRule,
    **kw: Any,
) -> CliSpec:
    """
    A table whose family is its first row's id *rule_id* (written out
    literally by the caller), plus *rows*.
    """
    return spec(rule_id, [row(rule_id, effect, base, message), *rows], **kw)
