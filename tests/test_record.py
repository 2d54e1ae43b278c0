"""
`blastradius._record.attrs_repr`: the ``repr`` attrs would generate, as
one shared function for the public policy records.
"""

from __future__ import annotations

import attrs

from hypothesis import given
from hypothesis import strategies as st
from tests.strategies import gate_settings

from blastradius import (
    Disclosure,
    GateSettings,
    HookDecisions,
    Policy,
    Thresholds,
    WeightRule,
)
from blastradius._record import attrs_repr


@attrs.frozen
class _Generated:
    a: int
    b: tuple[str, ...] = ()
    c: str = attrs.field(init=False, default="c")
    d: int = attrs.field(default=0, repr=False)


@attrs.frozen(repr=False)
class _Shared:
    a: int
    b: tuple[str, ...] = ()
    c: str = attrs.field(init=False, default="c")
    d: int = attrs.field(default=0, repr=False)

    __repr__ = attrs_repr


class TestAttrsRepr:
    """
    `attrs_repr` writes what attrs writes, naming fields by their alias.
    """

    @given(st.integers(), st.tuples(st.text()), st.integers())
    def test_same_as_generated(
        self, a: int, b: tuple[str, ...], d: int
    ) -> None:
        """
        For fields given, fields not in ``__init__`` and fields left out
        of ``repr``, the text is attrs' own (class name aside).
        """
        generated = repr(_Generated(a, b, d=d))
        shared = repr(_Shared(a, b, d=d))

        assert shared == generated.replace("_Generated(", "_Shared(", 1)

    @given(gate_settings())
    def test_gate_round_trip(self, gate: GateSettings) -> None:
        """
        A `GateSettings` ``repr`` reads back as an equal record.
        """
        assert eval(repr(gate)) == gate  # noqa: S307 - our own text

    def test_policy_records(self) -> None:
        """
        The public policy records write their fields in order, and read
        back as equal records.
        """
        records = [
            Thresholds(),
            WeightRule("namespace.x", "x-*", 2),
            GateSettings(),
            HookDecisions(human="deny"),
            Disclosure(local=True),
        ]
        assert [repr(r) for r in records] == [
            "Thresholds(auto=10, human=50, dual=99)",
            "WeightRule(id='namespace.x', pattern='x-*', weight=2.0)",
            (
                "GateSettings(approvals_human=1, approvals_dual=2, "
                "approval_ttl=86400, budget_executions=3, budget_window=600)"
            ),
            (
                "HookDecisions(auto='allow', human='deny', dual='ask', "
                "blocked='deny')"
            ),
            "Disclosure(local=True, trusted_hosts=('api.github.com',))",
        ]
        for r in records:
            assert eval(repr(r)) == r  # noqa: S307 - our own text

    def test_policy(self) -> None:
        """
        `Policy` names its sections as its constructor takes them, with
        the built-in ones written out.
        """
        text = repr(Policy(gate=GateSettings(approvals_dual=3)))

        assert text.startswith(
            "Policy(thresholds=Thresholds(auto=10, human=50, dual=99), "
            "namespace_weights=(WeightRule(id='namespace.system', "
            "pattern='kube-system', weight=3.0), "
        )
        assert ", gate=GateSettings(approvals_human=1, approvals_dual=3, " in (
            text
        )
        assert (
            f", disclosure={Disclosure()!r}, hook={HookDecisions()!r}, "
            in (text)
        )
        assert text.endswith(
            "irreversible_penalty=20, missing_facts_penalty=10, "
            "dry_run_from_tier=<Tier.HUMAN: 'human'>)"
        )
