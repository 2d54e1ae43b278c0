"""
Properties of the gate over `blastradius.testing.strategies`: no approvals
let a refusal run, nothing runs with fewer approvals than required, and
`Gate.decide` is deterministic and does no I/O.
"""

from __future__ import annotations

import datetime as dt

from collections.abc import Sequence

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from blastradius import DeclarativeSpec, Policy, Tier
from blastradius.adapters import Approval, Decision, Gate, RunResult, Verdict
from blastradius.testing import DEFAULT_START, FakeClock, FakeRunner
from blastradius.testing.strategies import (
    approvals,
    commands,
    policies,
    specs,
)


SLOW = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


class NoRun(FakeRunner):
    """A runner that fails the test if anything runs."""

    def run(self, argv: Sequence[str], *, timeout: float) -> RunResult:
        raise AssertionError(f"ran {argv!r}")  # noqa: EM102 - a test failure


def _counting(
    decision: Decision, given_: Sequence[Approval], ttl: float
) -> int:
    """
    An oracle: how many distinct people's approvals count, or 0 when any
    rejects.
    """
    if any(a.reject for a in given_):
        return 0
    now = DEFAULT_START
    return len(
        {
            a.user.casefold()
            for a in given_
            if a.digest == decision.digest
            and a.user.casefold() != "bot"
            and a.at <= now
            and (now - a.at).total_seconds() <= ttl
        }
    )


def _mixed(decision: Decision) -> st.SearchStrategy[list[Approval]]:
    """
    Approvals, mostly of this decision's digest; or exactly as many fresh
    ones by distinct reviewers as it needs, plus noise.
    """
    noisy = st.lists(
        approvals(st.sampled_from([decision.digest] * 3 + ["0" * 64])),
        max_size=6,
    )
    reviewers = ("ana", "bo", "cy", "dee", "eve")
    enough = [
        Approval(user=u, digest=decision.digest, at=DEFAULT_START)
        for u in reviewers[: decision.approvals_required]
    ]
    return noisy | noisy.map(lambda extra: enough + extra)


class TestGateProperties:
    @SLOW
    @given(st.data(), commands(Tier.BLOCKED))
    def test_no_approvals_run_a_refusal(
        self, data: st.DataObject, cmd: str
    ) -> None:
        """No set of approvals lets a REFUSE execute; the runner is never called."""
        runner = FakeRunner()
        gate = Gate(runner=runner, clock=FakeClock(), requester="bot")
        d = gate.decide(cmd)
        assert d.verdict is Verdict.REFUSE
        given_ = data.draw(_mixed(d))

        ex = gate.execute(d, approvals=given_)

        assert not ex.executed
        assert runner.calls == []

    @SLOW
    @given(st.data(), policies(), st.sampled_from([Tier.HUMAN, Tier.DUAL]))
    def test_never_fewer_than_required(
        self, data: st.DataObject, policy: Policy, tier: Tier
    ) -> None:
        """Nothing executes with fewer counting approvals than required."""
        spec = data.draw(specs(tier, policy=policy))
        runner = FakeRunner()
        gate = Gate(policy, runner=runner, clock=FakeClock(), requester="bot")
        d = gate.decide(spec)
        given_ = data.draw(_mixed(d))

        ex = gate.execute(d, approvals=given_)

        if d.verdict is Verdict.REFUSE:
            assert not ex.executed
            return
        counting = _counting(d, given_, policy.gate.approval_ttl)
        assert d.approvals_required >= 1
        assert ex.executed == (counting >= d.approvals_required), ex.reason
        assert bool(runner.calls) == ex.executed

    @SLOW
    @given(specs(), policies(), st.none() | st.just({"previous_replicas": 2}))
    def test_decide_is_pure(
        self,
        spec: DeclarativeSpec,
        policy: Policy,
        facts: dict[str, int] | None,
    ) -> None:
        """decide is deterministic and runs nothing."""
        gate = Gate(policy, runner=NoRun(), clock=FakeClock(), requester="bot")
        other = Gate(
            policy,
            runner=NoRun(),
            clock=FakeClock(start=DEFAULT_START + dt.timedelta(days=9)),
            requester="bot",
        )

        first = gate.decide(spec, facts=facts)

        assert first == gate.decide(spec, facts=facts)
        assert first == other.decide(spec, facts=facts)
        assert len(first.digest) == 64
        if first.verdict is Verdict.EXECUTE:
            assert first.approvals_required == 0
            assert first.tier is Tier.AUTO

    @SLOW
    @given(commands())
    def test_every_command_decides(self, cmd: str) -> None:
        """Every drawn command gets a decision whose verdict follows its tier."""
        d = Gate(runner=NoRun(), clock=FakeClock(), requester="bot").decide(
            cmd
        )

        expected = {
            Tier.AUTO: Verdict.EXECUTE,
            Tier.HUMAN: Verdict.ASK_ONE,
            Tier.DUAL: Verdict.ASK_TWO,
            Tier.BLOCKED: Verdict.REFUSE,
        }[d.tier]
        assert d.verdict is expected or d.verdict is Verdict.REFUSE
