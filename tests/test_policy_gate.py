"""
The policy's ``[gate]`` table: `blastradius.GateSettings`, its TOML form,
its place in the fingerprint, and layering.
"""

from __future__ import annotations

import sys

from pathlib import Path

import pytest

from hypothesis import given
from hypothesis import strategies as st

from blastradius import GateSettings, Policy, PolicyError
from blastradius._policy_gate import duration_seconds, duration_text


sys.path.insert(0, str(Path(__file__).parent.parent))

from tests.strategies import gate_settings


class TestGateSettings:
    def test_defaults(self) -> None:
        """The defaults: 1 and 2 approvals, 24 h, 3 runs per 10 minutes."""
        g = Policy().gate

        assert g == GateSettings()
        assert (g.approvals_human, g.approvals_dual) == (1, 2)
        assert g.approval_ttl == 24 * 3600
        assert (g.budget_executions, g.budget_window) == (3, 600)

    def test_durations_as_text(self) -> None:
        """Durations may be given as text and are stored in seconds."""
        g = GateSettings(approval_ttl="1h30m", budget_window="2d")

        assert g.approval_ttl == 5400
        assert g.budget_window == 2 * 86400

    @pytest.mark.parametrize(
        ("kwargs", "path"),
        [
            ({"approvals_human": 0}, "gate.approvals_human"),
            (
                {"approvals_human": 21, "approvals_dual": 21},
                "gate.approvals_human",
            ),
            ({"approvals_human": True}, "gate.approvals_human"),
            ({"approvals_dual": 1}, "gate.approvals_dual"),
            (
                {"approvals_human": 3, "approvals_dual": 2},
                "gate.approvals_dual",
            ),
            ({"approval_ttl": 0}, "gate.approval_ttl"),
            ({"approval_ttl": 31 * 86400}, "gate.approval_ttl"),
            ({"approval_ttl": "soon"}, "gate.approval_ttl"),
            ({"approval_ttl": ""}, "gate.approval_ttl"),
            ({"approval_ttl": 1.5}, "gate.approval_ttl"),
            ({"budget_executions": -1}, "gate.budget_executions"),
            ({"budget_executions": "3"}, "gate.budget_executions"),
            ({"budget_window": "0s"}, "gate.budget_window"),
            ({"budget_window": "10m5h"}, "gate.budget_window"),
        ],
    )
    def test_invalid(self, kwargs: dict[str, object], path: str) -> None:
        """Out-of-range or mistyped values raise PolicyError naming the key."""
        with pytest.raises(PolicyError) as e:
            GateSettings(**kwargs)  # type: ignore[arg-type]

        assert e.value.path == path

    def test_budget_may_be_zero(self) -> None:
        """A budget of 0 automatic runs is valid: a person runs everything."""
        assert GateSettings(budget_executions=0).budget_executions == 0

    def test_policy_checks_the_type(self) -> None:
        """A Policy's gate must be GateSettings."""
        with pytest.raises(PolicyError) as e:
            Policy(gate={"approvals_dual": 3})  # type: ignore[arg-type]

        assert e.value.path == "gate"


class TestDuration:
    @given(st.integers(0, 10**7))
    def test_round_trip(self, seconds: int) -> None:
        """duration_text is read back by duration_seconds."""
        assert duration_seconds(duration_text(seconds), "x") == seconds

    @pytest.mark.parametrize(
        ("text", "seconds"),
        [("90s", 90), ("10m", 600), ("24h", 86400), ("1d1h1m1s", 90061)],
    )
    def test_units(self, text: str, seconds: int) -> None:
        """d, h, m and s, largest first, add up."""
        assert duration_seconds(text, "x") == seconds

    @pytest.mark.parametrize(
        "value", ["", "1", "1h 2m", "1.5h", "-1m", None, True]
    )
    def test_invalid(self, value: object) -> None:
        """Anything else is a PolicyError at the path given."""
        with pytest.raises(PolicyError) as e:
            duration_seconds(value, "gate.budget_window")

        assert e.value.path == "gate.budget_window"


class TestToml:
    def test_read(self) -> None:
        """A [gate] table sets the keys it names; the rest keep defaults."""
        p = Policy.from_toml(
            'version = 1\n[gate]\napprovals_dual = 3\napproval_ttl = "4h"\n'
            "budget_window = 1200\n"
        )

        assert p.gate == GateSettings(
            approvals_dual=3, approval_ttl=4 * 3600, budget_window=1200
        )

    @pytest.mark.parametrize(
        ("body", "path"),
        [
            ("[gate]\nfoo = 1", "gate.foo"),
            ('[gate]\napprovals_human = "1"', "gate.approvals_human"),
            ('[gate]\napproval_ttl = "4x"', "gate.approval_ttl"),
            ("[gate]\napproval_ttl = true", "gate.approval_ttl"),
            ("[gate]\nbudget_window = 0", "gate.budget_window"),
            ("[gate]\napprovals_dual = 1", "gate.approvals_dual"),
            ("gate = 3", "gate"),
        ],
    )
    def test_errors(self, body: str, path: str) -> None:
        """Bad [gate] keys raise PolicyError with the key and its line."""
        with pytest.raises(PolicyError) as e:
            Policy.from_toml("version = 1\n" + body + "\n")

        assert e.value.path == path
        assert e.value.line is not None

    def test_default_not_written(self) -> None:
        """The default gate writes nothing: the text shows what was set."""
        assert "[gate]" not in Policy().to_toml(explicit=True)

    @given(gate_settings())
    def test_round_trip(self, g: GateSettings) -> None:
        """Any gate settings survive to_toml and from_toml."""
        p = Policy(gate=g)

        assert Policy.from_toml(p.to_toml()) == p

    @given(gate_settings())
    def test_in_fingerprint(self, g: GateSettings) -> None:
        """Settings other than the default change the fingerprint."""
        p = Policy(gate=g)

        assert (p.fingerprint == Policy().fingerprint) == (g == GateSettings())


class TestMerge:
    @pytest.mark.parametrize(
        ("key", "value"),
        [
            ("approvals_human", 2),
            ("approvals_dual", 3),
            ("approval_ttl", 3600),
            ("budget_executions", 1),
            ("budget_window", 3600),
        ],
    )
    def test_tightening(self, key: str, value: int) -> None:
        """A layer may raise approvals, shorten the TTL, lower the budget."""
        merged = Policy().merge(Policy(gate=GateSettings(**{key: value})))

        assert getattr(merged.gate, key) == value

    @pytest.mark.parametrize(
        ("base", "over"),
        [
            ({"approvals_dual": 4}, {"approvals_dual": 3}),
            (
                {"approvals_human": 3, "approvals_dual": 3},
                {"approvals_human": 2},
            ),
            ({"approval_ttl": 3600}, {"approval_ttl": 7200}),
            ({"budget_executions": 1}, {"budget_executions": 2}),
            ({"budget_window": 3600}, {"budget_window": 1200}),
        ],
    )
    def test_loosening_refused(
        self, base: dict[str, int], over: dict[str, int]
    ) -> None:
        """A tightening layer that loosens a key raises, naming it."""
        lower = Policy(gate=GateSettings(**base))
        upper = Policy(gate=GateSettings(**over))

        with pytest.raises(PolicyError) as e:
            lower.merge(upper)
        assert e.value.path == f"gate.{next(iter(over))}"

        merged = lower.merge(upper, override=True)
        for key, value in over.items():
            assert getattr(merged.gate, key) == value

    def test_defaults_keep_the_base(self) -> None:
        """Keys a layer leaves at the default keep the base's values."""
        base = Policy(gate=GateSettings(approvals_dual=4, approval_ttl=60))

        assert base.merge(Policy()).gate == base.gate
        assert base.merge(Policy(), override=True).gate == base.gate

    def test_equal_is_fine(self) -> None:
        """A layer repeating the base's value is no loosening."""
        base = Policy(gate=GateSettings(approvals_dual=4))

        assert base.merge(base).gate == base.gate

    @given(gate_settings(), gate_settings())
    def test_never_looser(self, a: GateSettings, b: GateSettings) -> None:
        """A successful tightening merge is at least as strict as its base."""
        try:
            m = Policy(gate=a).merge(Policy(gate=b)).gate
        except PolicyError:
            return
        assert m.approvals_human >= a.approvals_human
        assert m.approvals_dual >= a.approvals_dual
        assert m.approval_ttl <= a.approval_ttl
        assert m.budget_executions <= a.budget_executions
        assert m.budget_window >= a.budget_window
