"""
The row type shared by the data-family rule tables (SQL, data stores, raw
API calls, interpreters): one frozen `Rule` per stable rule id.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType

import attrs

from blastradius._model import Effect, Finding, Kind


__all__ = ["Rule", "index"]


@attrs.frozen
class Rule:
    """
    One rule: a stable *id*, its base *score*, the *effect* of what it
    matches, how the scorer combines it (*kind*) and a short *message*.

    >>> r = Rule("sql.select", 0, Effect.READ_ONLY, "reads rows")
    >>> r.finding("psql", ["SELECT"]).rule
    'sql.select'
    """

    id: str
    score: int
    effect: Effect
    message: str
    kind: Kind = Kind.ACTION

    def finding(self, program: str, words: Iterable[str]) -> Finding:
        """
        The `Finding` this rule yields on *program* for *words*.
        """
        return Finding(
            rule=self.id,
            program=program,
            words=tuple(w[:200] for w in words),
            score=self.score,
            kind=self.kind,
            hard=self.kind is Kind.HARD,
            message=self.message,
            effect=self.effect,
        )


def index(rows: Iterable[Rule]) -> Mapping[str, Rule]:
    """
    A read-only id → row view; a duplicate id is a programming error.
    """
    table: dict[str, Rule] = {}
    for row in rows:
        if row.id in table:
            msg = f"duplicate rule id {row.id!r}"
            raise ValueError(msg)
        if row.kind is Kind.UNKNOWN and not row.id.endswith(".unknown"):
            msg = f"unknown rule {row.id!r} must end in '.unknown'"
            raise ValueError(msg)
        table[row.id] = row
    return MappingProxyType(table)
