"""
How the scorer applies a policy: weights, aliases, overrides, extra hard
rules, exceptions and the time they are checked at.
"""

from __future__ import annotations

import datetime as dt
import json
import pathlib

from collections.abc import Iterator

import pytest

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.strategies import TOY_REGISTRY, exceptions, policies, toy_commands

from blastradius import (
    Finding,
    Kind,
    Policy,
    SimpleCommand,
    Thresholds,
    Tier,
    score,
)
from blastradius._policy import HardRule, PolicyException, RuleOverride
from blastradius.rules import (
    DEFAULT_CONTEXT_WEIGHTS,
    DEFAULT_NAMESPACE_WEIGHTS,
    WeightRule,
)


UTC = dt.timezone.utc
NOW = dt.datetime(2026, 6, 1, tzinfo=UTC)
DATA = pathlib.Path(__file__).parent / "data" / "kubectl_examples.jsonl"


def corpus() -> list[str]:
    """
    The kubectl examples (tests/data), plus a few shell lines.
    """
    rows = [
        json.loads(line)
        for line in DATA.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    cmds = [str(r["cmd"]) for r in rows if "cmd" in r]
    return [
        *cmds,
        "k get pods",
        "kubectl -n prod delete deploy web",
        "rm -rf /tmp/x && echo ok",
        "psql -c 'DROP TABLE users'",
        "kubectl --context eu-prod-1 -n dev rollout restart deploy/web",
    ]


CORPUS = corpus()


def rules(
    cmd: list[str], policy: Policy, now: dt.datetime | None = None
) -> dict[str, Finding]:
    a = score(cmd, policy=policy, registry=TOY_REGISTRY, now=now)
    return {f.rule: f for f in a.findings}


class TestDefaultPolicy:
    def test_reproduces_builtin(self) -> None:
        """
        ``Policy()``, and ``Policy()`` through TOML and back, score the whole
        corpus exactly as the built-in default does.
        """
        again = Policy.from_toml(Policy().to_toml())
        explicit = Policy.from_toml(Policy().to_toml(explicit=True))

        for cmd in CORPUS:
            want = score(cmd).to_dict()

            assert score(cmd, policy=Policy()).to_dict() == want, cmd
            assert score(cmd, policy=again).to_dict() == want, cmd
            assert score(cmd, policy=explicit).to_dict() == want, cmd

    def test_fingerprint_carried(self) -> None:
        """
        Every assessment carries the fingerprint of the policy in force.
        """
        p = Policy(thresholds=Thresholds(auto=3))

        assert score("ls").policy_fingerprint == Policy().fingerprint
        assert score("ls", policy=p).policy_fingerprint == p.fingerprint

    @given(policies(), toy_commands)
    @settings(max_examples=30, suppress_health_check=[HealthCheck.too_slow])
    def test_total(self, p: Policy, argv: list[str]) -> None:
        """
        Scoring under any policy gives an assessment whose tier agrees with
        the policy's thresholds.
        """
        a = score(argv, policy=p, registry=TOY_REGISTRY, now=NOW)

        assert 0 <= a.score <= 100
        assert a.tier is p.thresholds.tier_of(a.score)
        assert a.policy_fingerprint == p.fingerprint


class TestWeights:
    def test_namespace_rows(self) -> None:
        """
        A policy's namespace rows weigh scoped actions.
        """
        p = Policy(
            namespace_weights=[
                WeightRule("namespace.eu", "eu-prod-*", 2.5),
                *DEFAULT_NAMESPACE_WEIGHTS,
            ]
        )
        f = rules(["toy", "delete", "pods", "-n", "eu-prod-1"], p)[
            "toy.delete.pods"
        ]

        assert f.score == min(99, round(40 * 2.5))  # capped below 100
        assert "namespace.eu" in f.message

    def test_context_escalates(self) -> None:
        """
        A context named like production escalates a harmless namespace.
        """
        p = Policy(
            context_weights=[
                WeightRule("context.eu", "eu-*", 4),
                *DEFAULT_CONTEXT_WEIGHTS,
            ]
        )
        argv = ["toy", "apply", "pods", "-n", "dev", "--context", "eu-1"]
        f = rules(argv, p)["toy.apply.pods"]

        assert f.score == min(99, 30 * 4)  # capped below 100
        assert "context.eu" in f.message
        assert score(argv, policy=p, registry=TOY_REGISTRY).score == 99

    def test_unspecified(self) -> None:
        """
        An action without a namespace gets the unspecified weight.
        """
        p = Policy(
            unspecified_namespace=WeightRule("namespace.unspecified", "", 1)
        )

        assert (
            score(
                ["toy", "delete", "pods"], policy=p, registry=TOY_REGISTRY
            ).score
            == 40
        )
        assert (
            score(["toy", "delete", "pods"], registry=TOY_REGISTRY).score == 80
        )


class TestAliases:
    def test_alias_resolves(self) -> None:
        """
        An alias sends its program to the aliased analyzer.
        """
        p = Policy(aliases={"t": "toy"})

        assert (
            rules(["t", "delete", "pods", "-n", "dev"], p)[
                "toy.delete.pods"
            ].program
            == "t"
        )
        assert "shell.unknown" in rules(["t", "delete", "pods"], Policy())


class TestAnalyzers:
    def test_policy_analyzer_wins(self) -> None:
        """
        A policy's analyzer takes precedence over the registry's.
        """

        def quiet(command: SimpleCommand, ctx: object) -> Iterator[Finding]:
            yield Finding(rule="mine.ok", program=command.program)

        p = Policy(analyzers={"toy": quiet})

        assert set(rules(["toy", "delete", "pods"], p)) == {"mine.ok"}


class TestOverrides:
    def test_set_before_weights(self) -> None:
        """
        An override replaces the base score before namespace weights, and
        says so.
        """
        p = Policy(overrides=[RuleOverride(rule="toy.rollout.*", score=4)])
        f = rules(["toy", "rollout", "deployments", "-n", "dev"], p)[
            "toy.rollout.deployments"
        ]

        assert f.score == 2
        assert f.base == 4
        assert "by policy override" in f.message

    def test_floor_raises_only(self) -> None:
        """
        A floor override raises a low score and leaves a higher one.
        """
        p = Policy(
            overrides=[RuleOverride(rule="toy.*", score=30, floor=True)]
        )

        assert (
            rules(["toy", "get", "pods", "-n", "dev"], p)["toy.get.pods"].score
            == 15
        )
        assert (
            rules(["toy", "delete", "pods", "-n", "dev"], p)[
                "toy.delete.pods"
            ].score
            == 20
        )

    def test_modifier_and_unknown(self) -> None:
        """
        Overrides apply to modifiers and unknowns too; unknowns stay floored.
        """
        p = Policy(
            overrides=[
                RuleOverride(rule="toy.flag.force", score=30),
                RuleOverride(rule="*.unknown", score=0),
            ]
        )
        found = rules(
            ["toy", "get", "pods", "-n", "dev", "--force", "--what"], p
        )

        assert found["toy.flag.force"].score == 30
        assert found["toy.what.unknown"].score == Thresholds().floor

    def test_never_hard(self) -> None:
        """
        No override lowers a hard rule.
        """
        p = Policy(overrides=[RuleOverride(rule="*", score=0)])
        a = score(
            ["toy", "get", "pods", "--hard"], policy=p, registry=TOY_REGISTRY
        )

        assert a.score == 100
        assert a.tier is Tier.BLOCKED


class TestHardRules:
    def test_blocks(self) -> None:
        """
        A finding matching an extra hard rule blocks its command, and the
        reasons name the rule and its reason first.
        """
        p = Policy(
            hard_rules=[
                HardRule(
                    id="policy.no-prod-deletes",
                    rule="toy.delete.*",
                    namespace="*prod*",
                    reason="deletes in prod go through the change board",
                )
            ]
        )
        a = score(
            ["toy", "delete", "pods", "-n", "eu-prod-1"],
            policy=p,
            registry=TOY_REGISTRY,
        )
        b = score(
            ["toy", "delete", "pods", "-n", "dev"],
            policy=p,
            registry=TOY_REGISTRY,
        )

        assert a.score == 100
        assert a.blocked
        assert a.reasons[0].startswith(
            "policy.no-prod-deletes [toy delete pods]: deletes in prod"
        )
        assert not b.blocked

    def test_whole_input(self) -> None:
        """
        One blocked command blocks a chain.
        """
        p = Policy(
            hard_rules=[
                HardRule(
                    id="policy.no-secrets", resource="secrets", reason="r"
                )
            ]
        )
        a = score(
            "toy get pods -n dev; toy get secrets -n dev",
            policy=p,
            registry=TOY_REGISTRY,
        )

        assert a.tier is Tier.BLOCKED


class TestExceptions:
    WORKED = PolicyException(
        rule="toy.rollout.*",
        namespace="dev",
        reason="restarting in dev is routine",
    )
    ARGV = ("toy", "rollout", "deployments", "web", "-n", "dev")

    def test_applied(self) -> None:
        """
        An applied exception removes its finding's score and appears in the
        reasons as ``policy.exception [rule]: reason``.
        """
        p = Policy(exceptions=[self.WORKED])
        a = score(self.ARGV, policy=p, registry=TOY_REGISTRY)

        assert score(self.ARGV, registry=TOY_REGISTRY).score == 10
        assert a.score == 0
        assert a.tier is Tier.AUTO
        assert (
            "policy.exception [toy.rollout.deployments]: restarting in dev is routine (0)"
            in a.reasons
        )
        excepted = [
            f for f in a.findings if f.rule == "toy.rollout.deployments"
        ]
        assert excepted[0].kind is Kind.INFO

    def test_other_namespace(self) -> None:
        """
        An exception for ``dev`` does not apply in ``prod`` nor when no
        namespace is given.
        """
        p = Policy(exceptions=[self.WORKED])

        for argv in (
            ["toy", "rollout", "deployments", "-n", "prod"],
            ["toy", "rollout", "deployments"],
        ):
            a = score(argv, policy=p, registry=TOY_REGISTRY)
            assert a.score == score(argv, registry=TOY_REGISTRY).score
            assert not any("policy.exception" in r for r in a.reasons)

    def test_expiry(self) -> None:
        """
        An expiring exception applies before its expiry given *now*; after
        it, it is reported as expired; without *now* it never applies.
        """
        end = dt.datetime(2026, 12, 31, tzinfo=UTC)
        p = Policy(
            exceptions=[
                PolicyException(
                    rule="toy.rollout.*", reason="routine", expires=end
                )
            ]
        )
        before = score(self.ARGV, policy=p, registry=TOY_REGISTRY, now=NOW)
        after = score(self.ARGV, policy=p, registry=TOY_REGISTRY, now=end)
        never = score(self.ARGV, policy=p, registry=TOY_REGISTRY)
        naive = score(
            self.ARGV,
            policy=p,
            registry=TOY_REGISTRY,
            now=dt.datetime(2026, 1, 1),  # noqa: DTZ001 - naive on purpose
        )

        assert before.score == 0
        assert after.score == never.score == naive.score == 10
        assert any(
            r.startswith(
                "policy.exception.expired [toy.rollout.deployments]: routine"
            )
            for r in after.reasons
        )
        assert any(
            r.startswith("policy.exception.no-clock") for r in never.reasons
        )
        assert any(
            r.startswith("policy.exception.no-clock") for r in naive.reasons
        )
        assert {
            f.kind for f in after.findings if f.rule.startswith("policy.")
        } == {Kind.INFO}

    def test_never_unblocks(self) -> None:
        """
        No exception lowers a hard rule, built-in or the policy's own.
        """
        p = Policy(
            exceptions=[PolicyException(rule="*", reason="everything")],
            hard_rules=[
                HardRule(
                    id="policy.no-secrets", resource="secrets", reason="r"
                )
            ],
        )
        builtin = score(
            ["toy", "get", "pods", "--hard"], policy=p, registry=TOY_REGISTRY
        )
        own = score(["toy", "get", "secrets"], policy=p, registry=TOY_REGISTRY)

        assert builtin.score == own.score == 100
        assert any(
            r.startswith("policy.exception.ignored [toy.hard]")
            for r in builtin.reasons
        )
        assert any(
            r.startswith("policy.exception.ignored [toy.get.secrets]")
            for r in own.reasons
        )

    def test_other_findings_still_count(self) -> None:
        """
        An exception removes only its finding: the command scores what the
        others give.
        """
        p = Policy(
            exceptions=[PolicyException(rule="toy.delete.*", reason="r")]
        )
        a = score(
            ["toy", "delete", "pods", "-n", "dev", "--force", "--what"],
            policy=p,
            registry=TOY_REGISTRY,
        )

        assert a.score == Thresholds().floor

    def test_info_untouched(self) -> None:
        """
        INFO findings are neither excepted nor made hard.
        """
        p = Policy(
            exceptions=[PolicyException(rule="*", reason="all")],
            hard_rules=[HardRule(id="policy.h", rule="toy.note", reason="r")],
        )
        a = score(
            ["toy", "get", "pods", "-n", "dev", "--note"],
            policy=p,
            registry=TOY_REGISTRY,
        )
        note = [f for f in a.findings if f.rule == "toy.note"]

        assert not a.blocked
        assert len(note) == 1
        assert note[0].message == "for information"

    def test_bad_now(self) -> None:
        """
        *now* must be a datetime.
        """
        with pytest.raises(TypeError, match="now"):
            score("ls", now="2026-01-01")  # type: ignore[arg-type]

    @given(
        st.lists(exceptions, max_size=4),
        toy_commands,
        st.none() | st.just(NOW),
    )
    def test_never_above_unexcepted(
        self,
        excs: list[PolicyException],
        argv: list[str],
        now: dt.datetime | None,
    ) -> None:
        """
        Exceptions never raise a score, never lower a blocked command, and
        the score is at least what the un-excepted findings give.
        """
        p = Policy(exceptions=excs)
        with_ = score(argv, policy=p, registry=TOY_REGISTRY, now=now)
        without = score(argv, registry=TOY_REGISTRY, now=now)

        assert with_.score <= without.score
        assert with_.blocked == without.blocked
        counted = [f for f in with_.findings if f.kind is not Kind.INFO]
        actions = [f.score for f in counted if f.kind is Kind.ACTION]
        if not with_.blocked:
            assert with_.score >= min(99, max(actions, default=0))
