"""
`blastradius.rules._rulerow.Rule`: the data families' rule rows, plain
self-validating records on `blastradius._record.Record`.
"""

from __future__ import annotations

import pickle

from collections.abc import Mapping

import pytest

from hypothesis import given
from hypothesis import strategies as st

from blastradius import Effect, Kind, _record
from blastradius._record import FrozenError, Record
from blastradius._shell._api import Parsed
from blastradius.families.datastore.rules import RULES_BY_ID as DATASTORE
from blastradius.families.disclosure.rules import RULES as DISCLOSURE
from blastradius.families.http.rules import RULES_BY_ID as HTTP
from blastradius.families.interpreters.rules import RULES_BY_ID as INTERP
from blastradius.families.sql.rules import RULES_BY_ID as SQL
from blastradius.rules._rulerow import Rule, index


TABLES: tuple[Mapping[str, Rule], ...] = (
    DATASTORE,
    DISCLOSURE,
    HTTP,
    INTERP,
    SQL,
)
ROWS = sorted(
    (row for table in TABLES for row in table.values()), key=lambda r: r.id
)


class TestRule:
    """
    A `Rule` is an immutable value that validates its fields.
    """

    @given(st.sampled_from(ROWS))
    def test_real_rows_are_values(self, row: Rule) -> None:
        """
        Every row of the real tables equals (and hashes like) a row built
        from its fields, survives pickling and `Record.evolve`, and names
        its fields in its ``repr``.
        """
        again = Rule(row.id, row.score, row.effect, row.message, row.kind)
        assert again == row
        assert hash(again) == hash(row)
        assert pickle.loads(pickle.dumps(row)) == row  # noqa: S301
        assert row.evolve() == row
        assert row.evolve(score=100 - row.score).score == 100 - row.score
        assert repr(row).startswith(f"Rule(id={row.id!r}, score={row.score},")

    @given(st.sampled_from(ROWS))
    def test_finding(self, row: Rule) -> None:
        """
        `Rule.finding` carries the row's id, score, kind, effect and
        message, and is hard exactly for hard rows.
        """
        found = row.finding("prog", ["w" * 300])
        assert (found.rule, found.score, found.kind, found.effect) == (
            row.id,
            row.score,
            row.kind,
            row.effect,
        )
        assert found.message == row.message
        assert found.hard is (row.kind is Kind.HARD)
        assert found.words == ("w" * 200,)

    def test_frozen(self) -> None:
        """
        A field can be neither assigned nor deleted.
        """
        row = Rule("x.y", 1, Effect.READ_ONLY, "m")
        with pytest.raises(FrozenError, match="Rule is immutable"):
            row.score = 2
        with pytest.raises(FrozenError):
            del row.id
        assert row.score == 1

    @pytest.mark.parametrize(
        "fields",
        [
            (1, 1, Effect.READ_ONLY, "m", Kind.ACTION),
            ("x.y", "1", Effect.READ_ONLY, "m", Kind.ACTION),
            ("x.y", True, Effect.READ_ONLY, "m", Kind.ACTION),
            ("x.y", -1, Effect.READ_ONLY, "m", Kind.ACTION),
            ("x.y", 101, Effect.READ_ONLY, "m", Kind.ACTION),
            ("x.y", 1, "read-only", "m", Kind.ACTION),
            ("x.y", 1, Effect.READ_ONLY, None, Kind.ACTION),
            ("x.y", 1, Effect.READ_ONLY, "m", "action"),
        ],
    )
    def test_refuses(self, fields: tuple[object, ...]) -> None:
        """
        A field of the wrong type, or a score outside 0..100, raises
        `TypeError` naming the fields.
        """
        with pytest.raises(TypeError, match="a Rule is"):
            Rule(*fields)  # type: ignore[arg-type]

    def test_index(self) -> None:
        """
        `index` refuses a duplicate id and an unknown row whose id does
        not end in ``.unknown``; otherwise it maps ids to rows.
        """
        row = Rule("x.y", 1, Effect.READ_ONLY, "m")
        assert dict(index([row])) == {"x.y": row}
        with pytest.raises(ValueError, match="duplicate"):
            index([row, row])
        with pytest.raises(ValueError, match="must end in"):
            index([Rule("x.z", 0, Effect.READ_ONLY, "m", Kind.UNKNOWN)])

    def test_one_record_base(self) -> None:
        """
        The shell layer's records and `Rule` share the one `Record` base
        (and so one `FrozenError`).
        """
        assert Record is _record.Record
        assert FrozenError is _record.FrozenError
        assert issubclass(Rule, Record)
        assert issubclass(Parsed, Record)
