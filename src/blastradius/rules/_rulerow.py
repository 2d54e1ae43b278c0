"""
The row type shared by the data-family rule tables (SQL, data stores, raw
API calls, interpreters, disclosure): one frozen `Rule` per stable rule id.

`Rule` is internal (hosts never build one), so it is a plain slotted
`blastradius._record.Record` rather than an ``@attrs.frozen`` class: the
disclosure family's table is read by every `blastradius.score` call, and
creating an attrs class costs about 600 µs at import.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType

from blastradius._model import Effect, Finding, Kind
from blastradius._record import Record


__all__ = ["Rule", "index"]


class Rule(Record):
    """
    One rule: a stable *id*, its base *score*, the *effect* of what it
    matches, how the scorer combines it (*kind*) and a short *message*.

    Raises:
        TypeError: A field has the wrong type, or *score* is not within
            0..100.

    >>> r = Rule("sql.select", 0, Effect.READ_ONLY, "reads rows")
    >>> r.finding("psql", ["SELECT"]).rule
    'sql.select'
    >>> r
    Rule(id='sql.select', score=0, effect=<Effect.READ_ONLY: 'read-only'>, \
message='reads rows', kind=<Kind.ACTION: 'action'>)
    """

    __slots__ = _fields = ("id", "score", "effect", "message", "kind")
    id: str
    score: int
    effect: Effect
    message: str
    kind: Kind

    def __init__(
        self,
        id: str,  # noqa: A002 - the row's field, as everywhere
        score: int,
        effect: Effect,
        message: str,
        kind: Kind = Kind.ACTION,
    ) -> None:
        if not (
            type(id) is str
            and type(score) is int
            and 0 <= score <= 100
            and type(effect) is Effect
            and type(message) is str
            and type(kind) is Kind
        ):
            msg = (
                "a Rule is (id: str, score: int 0..100, effect: Effect, "
                f"message: str, kind: Kind), not {id!r}, {score!r}, "
                f"{effect!r}, {message!r}, {kind!r}"
            )
            raise TypeError(msg)
        set_id, set_score, set_effect, set_message, set_kind = self._setters
        set_id(self, id)
        set_score(self, score)
        set_effect(self, effect)
        set_message(self, message)
        set_kind(self, kind)

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
