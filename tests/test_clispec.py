"""
The rows and specs of the tool tables (`blastradius.families._clispec`): what
they work out from their fields when built.
"""

from __future__ import annotations

import attrs
import pytest

from blastradius._model import Effect, Kind
from blastradius.families._clispec import SEP, CliRule, CliSpec


def _row(**kwargs: object) -> CliRule:
    return CliRule(
        id="t.x",
        effect=Effect.MUTATING,
        base=20,
        message="m",
        **kwargs,  # type: ignore[arg-type]
    )


class TestCliRule:
    @pytest.mark.parametrize(
        ("given", "kind", "hard"),
        [
            ({}, Kind.ACTION, False),
            ({"hard": True}, Kind.HARD, True),
            ({"kind": Kind.HARD}, Kind.HARD, True),
            ({"kind": Kind.MODIFIER}, Kind.MODIFIER, False),
            ({"kind": Kind.MODIFIER, "hard": True}, Kind.HARD, True),
        ],
    )
    def test_kind_and_hard_agree(
        self, given: dict[str, object], kind: Kind, hard: bool
    ) -> None:
        """``hard=True`` makes the kind `HARD` and kind `HARD` makes it
        hard, however the row was written."""
        row = _row(**given)

        assert (row.kind, row.hard) == (kind, hard)

    def test_derived_fields(self) -> None:
        """
        The needle, and the matchers of args, target and option values,
        are worked out from the row's fields.
        """
        row = _row(
            path=["delete", "cluster*"],
            args=[["--all"]],
            target=["/"],
            opt=["-n"],
            opt_values=["prod"],
        )
        bare = _row()

        assert row.needle == f"{SEP}delete{SEP}"
        assert len(row.args_m) == 1
        assert row.args_m[0].match("--all")
        assert row.target_m is not None
        assert row.target_m.match("/")
        assert row.opt_m is not None
        assert row.opt_m.match("prod")
        assert (bare.needle, bare.args_m, bare.target_m, bare.opt_m) == (
            "",
            (),
            None,
            None,
        )

    def test_evolve_recomputes(self) -> None:
        """``attrs.evolve`` works them out again from the new fields."""
        row = attrs.evolve(_row(path=["get"]), path=["delete"], hard=True)

        assert row.needle == f"{SEP}delete{SEP}"
        assert (row.kind, row.hard) == (Kind.HARD, True)


class TestCliSpec:
    def test_rows_by_head(self) -> None:
        """Rows are indexed by their path's first word; the others are
        loose (looked at for every command)."""
        get = _row(path=["get"])
        star = _row(path=["*"])
        none = _row()
        spec = CliSpec(family="t", rules=[get, star, none])

        assert dict(spec.by_head) == {"get": (get,)}
        assert spec.loose == (star, none)
