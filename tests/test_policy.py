"""
The policy's value types: validation, lookups, identity.
"""

from __future__ import annotations

import ast
import datetime as dt
import hashlib
import pathlib
import pickle
import subprocess
import sys

from unittest import mock

import attrs
import pytest

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.strategies import globs, policies
from tests.strategies import policy_names as names

from blastradius import (
    DeclarativeSpec,
    Disclosure,
    Effect,
    Finding,
    GateSettings,
    HookDecisions,
    Kind,
    Policy,
    PolicyError,
    RollbackStatus,
    Thresholds,
    Tier,
)
from blastradius._glob import Glob, GlobError, overlaps
from blastradius._policy import (
    DEFAULT_DRY_RUN_FROM_TIER,
    DEFAULT_IRREVERSIBLE_PENALTY,
    DEFAULT_MISSING_FACTS_PENALTY,
    HardRule,
    PolicyException,
    RuleOverride,
    _canonical,
    _sha256,
)
from blastradius.rules import (
    DEFAULT_NAMESPACE_WEIGHTS,
    UNSPECIFIED_NAMESPACE,
    WeightRule,
)


UTC = dt.timezone.utc
ROOT = pathlib.Path(__file__).parent.parent


def _finding(**kw: object) -> Finding:
    fields: dict[str, object] = {"rule": "toy.delete.pods", "program": "toy"}
    fields.update(kw)
    return Finding(**fields)  # type: ignore[arg-type]


class TestThresholds:
    def test_defaults(self) -> None:
        """
        The built-in thresholds are 10 / 50 / 99 and map scores to tiers.
        """
        t = Thresholds()

        assert (t.auto, t.human, t.dual) == (10, 50, 99)
        assert [t.tier_of(s) for s in (0, 10, 11, 50, 51, 99, 100)] == [
            Tier.AUTO,
            Tier.AUTO,
            Tier.HUMAN,
            Tier.HUMAN,
            Tier.DUAL,
            Tier.DUAL,
            Tier.BLOCKED,
        ]
        assert t.floor == 11

    @pytest.mark.parametrize(
        ("auto", "human", "dual"),
        [
            (10, 10, 99),
            (50, 10, 99),
            (10, 50, 100),
            (-1, 50, 99),
            (10, 99, 99),
        ],
    )
    def test_not_increasing(self, auto: int, human: int, dual: int) -> None:
        """
        Thresholds that are not strictly increasing within 0..99 raise,
        naming the key.
        """
        with pytest.raises(PolicyError, match="strictly increasing") as e:
            Thresholds(auto=auto, human=human, dual=dual)

        assert e.value.path == "thresholds"
        assert isinstance(e.value, ValueError)

    def test_not_integers(self) -> None:
        """
        Booleans and floats are not thresholds.
        """
        with pytest.raises(PolicyError) as e:
            Thresholds(auto=True)

        assert e.value.path == "thresholds.auto"

        with pytest.raises(PolicyError) as e:
            Thresholds(human=20.5)  # type: ignore[arg-type]

        assert e.value.path == "thresholds.human"

    @given(st.lists(st.integers(0, 99), min_size=3, max_size=3, unique=True))
    def test_tier_monotone(self, values: list[int]) -> None:
        """
        A higher score never gets a lower tier, and 100 is always BLOCKED.
        """
        a, h, d = sorted(values)
        t = Thresholds(auto=a, human=h, dual=d)
        tiers = [t.tier_of(s) for s in range(101)]

        assert tiers == sorted(tiers)
        assert tiers[100] is Tier.BLOCKED
        assert Tier.BLOCKED not in tiers[:100]


class TestGlob:
    @pytest.mark.parametrize(
        ("pattern", "name", "hit"),
        [
            ("eu-prod-*", "eu-prod-1", True),
            ("eu-prod-*", "EU-PROD-1", True),
            ("eu-prod-*", "us-prod-1", False),
            ("prod", "prod-1", False),
            ("?a", "ba", True),
            ("[ab]x", "bx", True),
            ("[!ab]x", "bx", False),
            ("[a-c]x", "cx", True),
            ("[]]", "]", True),
        ],
    )
    def test_matches(self, pattern: str, name: str, hit: bool) -> None:
        """
        Globs match whole names, ignoring case, with fnmatch's syntax.
        """
        assert Glob(pattern).matches(name) is hit

    @pytest.mark.parametrize(
        ("pattern", "why"),
        [
            ("", "empty"),
            ("prod[", "unclosed"),
            ("a b", "white space"),
            ("x\x00", "control"),
            ("[z-a]", "reversed"),
        ],
    )
    def test_bad(self, pattern: str, why: str) -> None:
        """
        A malformed pattern is an error, not literal text.
        """
        with pytest.raises(GlobError, match=why):
            Glob(pattern)

    @pytest.mark.parametrize(
        ("a", "b", "meet"),
        [
            ("eu-prod-*", "*-prod-*", True),
            ("eu-prod-*", "kube-system", False),
            ("*", "x", True),
            ("a*", "b*", False),
            ("*a", "*b", False),
            ("a?c", "?b?", True),
            ("[ab]", "[bc]", True),
            ("[ab]", "[cd]", False),
            ("[!ab]", "[ab]", False),
            ("[!a]", "[ab]", True),
            ("[!a]", "[!b]", True),
            ("x[a-c]", "x?", True),
            ("*x*", "*y*", True),
            ("a", "[ab]", True),
            ("c", "[!c]", False),
            ("[!c]", "b", True),
            ("[a-m]", "[!b-z]", True),
            ("[b-c]", "[!a-z]", False),
            ("[x]", "[!a-c]", True),
        ],
    )
    def test_overlaps(self, a: str, b: str, meet: bool) -> None:
        """
        `overlaps` decides whether two globs share a name.
        """
        assert overlaps(Glob(a), Glob(b)) is meet
        assert overlaps(Glob(b), Glob(a)) is meet

    @given(globs, globs, names)
    def test_overlaps_sound(self, a: str, b: str, name: str) -> None:
        """
        A name matching both globs proves that they overlap.
        """
        if Glob(a).matches(name) and Glob(b).matches(name):
            assert overlaps(Glob(a), Glob(b))

    @given(globs)
    def test_overlaps_self(self, a: str) -> None:
        """
        Every valid glob overlaps itself and the catch-all.
        """
        assert overlaps(Glob(a), Glob(a))
        assert overlaps(Glob(a), Glob("*"))
        assert Glob("*").catch_all
        assert not Glob("a*").catch_all


class TestWeightRule:
    @pytest.mark.parametrize(
        "weight", [-0.1, 100.5, float("nan"), float("inf")]
    )
    def test_bad_weight(self, weight: float) -> None:
        """
        A weight must be a finite number from 0 to 100.
        """
        with pytest.raises(PolicyError) as e:
            WeightRule("namespace.x", "x", weight)

        assert e.value.path == "weight"

    def test_int_weight(self) -> None:
        """
        Integer weights are stored as floats.
        """
        assert WeightRule("namespace.x", "x", 2).weight == 2.0


class TestHardRule:
    def test_matches_fields(self) -> None:
        """
        Every criterion given must match the finding's field.
        """
        r = HardRule(
            id="policy.no-prod-deletes",
            rule="toy.delete.*",
            namespace="*prod*",
            resource="pods",
            program="toy",
            context="eu-*",
            effect=Effect.DESTRUCTIVE,
            reason="no",
        )
        hit = _finding(
            namespace="eu-prod-1",
            resource="pods",
            context="eu-prod",
            effect=Effect.DESTRUCTIVE,
        )

        assert r.matches(hit)
        for change in (
            {"rule": "toy.get.pods"},
            {"namespace": "dev"},
            {"namespace": None},
            {"resource": "secrets"},
            {"program": "kubectl"},
            {"context": None},
            {"effect": Effect.MUTATING},
        ):
            assert not r.matches(attrs.evolve(hit, **change))

    def test_missing_matches_empty(self) -> None:
        """
        A finding without a namespace matches as the empty string: ``*``
        matches it, ``prod*`` does not.
        """
        star = HardRule(id="policy.a", namespace="*", reason="r")
        prod = HardRule(id="policy.b", namespace="prod*", reason="r")
        f = _finding(namespace=None)

        assert star.matches(f)
        assert not prod.matches(f)

    def test_needs_a_criterion(self) -> None:
        """
        A hard rule without any criterion would block everything: an error.
        """
        with pytest.raises(PolicyError, match="at least one"):
            HardRule(id="policy.all", reason="r")

    @pytest.mark.parametrize(
        ("kw", "path"),
        [
            ({"id": "Bad Id"}, "id"),
            ({"id": ""}, "id"),
            ({"reason": " "}, "reason"),
            ({"reason": "x" * 1001}, "reason"),
            ({"rule": "Kubectl.*"}, "rule"),
            ({"namespace": "prod["}, "namespace"),
            ({"effect": "destructive"}, "effect"),
            ({"rule": 3}, "rule"),
        ],
    )
    def test_invalid(self, kw: dict[str, object], path: str) -> None:
        """
        Each malformed field raises, naming the field.
        """
        fields: dict[str, object] = {
            "id": "policy.x",
            "reason": "r",
            "rule": "x.*",
        }
        fields.update(kw)
        with pytest.raises(PolicyError) as e:
            HardRule(**fields)  # type: ignore[arg-type]

        assert e.value.path == path


class TestRuleOverride:
    @pytest.mark.parametrize("score", [-1, 100, True, 5.0])
    def test_bad_score(self, score: object) -> None:
        """
        A score must be an integer from 0 to 99 (hard rules are not
        overridable).
        """
        with pytest.raises(PolicyError) as e:
            RuleOverride(rule="x", score=score)  # type: ignore[arg-type]

        assert e.value.path == "score"

    def test_bad_floor(self) -> None:
        """
        *floor* is a boolean.
        """
        with pytest.raises(PolicyError) as e:
            RuleOverride(rule="x", score=1, floor=1)  # type: ignore[arg-type]

        assert e.value.path == "floor"

    def test_set_then_floor(self) -> None:
        """
        The first non-floor match sets the score, then every floor match
        raises it.
        """
        p = Policy(
            overrides=[
                RuleOverride(rule="toy.delete.*", score=5),
                RuleOverride(rule="toy.*", score=90),
                RuleOverride(rule="toy.delete.pods", score=20, floor=True),
                RuleOverride(rule="toy.*", score=10, floor=True),
            ]
        )

        assert p.override_score("toy.delete.pods", 40) == 20
        assert p.override_score("toy.delete.secrets", 40) == 10
        assert p.override_score("toy.get.pods", 0) == 90
        assert p.override_score("other.rule", 33) == 33


class TestPolicyException:
    def test_matches(self) -> None:
        """
        The rule glob and every other glob given must match; *name* matches
        any word or the part after its last slash.
        """
        e = PolicyException(
            rule="toy.rollout.*",
            namespace="dev",
            resource="deployments",
            name="web-*",
            context="dev-*",
            reason="routine",
        )
        f = _finding(
            rule="toy.rollout.deployments",
            namespace="dev",
            resource="deployments",
            context="dev-1",
            words=("toy", "rollout", "deploy/web-1"),
        )

        assert e.matches(f)
        for change in (
            {"rule": "toy.delete.pods"},
            {"namespace": "prod"},
            {"resource": "pods"},
            {"context": "prod"},
            {"words": ("toy", "rollout", "api")},
        ):
            assert not e.matches(attrs.evolve(f, **change))

    def test_missing_field_never_matches(self) -> None:
        """
        A finding without a namespace is not excepted by a namespace glob,
        not even ``*``.
        """
        e = PolicyException(rule="toy.*", namespace="*", reason="r")

        assert not e.matches(_finding(namespace=None))
        assert e.matches(_finding(namespace="x"))

    def test_expiry(self) -> None:
        """
        An expiring exception is active only before its expiry, and only
        when an aware *now* is given.
        """
        end = dt.datetime(2030, 1, 1, tzinfo=UTC)
        e = PolicyException(rule="toy.*", reason="r", expires=end)

        assert e.active(end - dt.timedelta(seconds=1))
        assert not e.active(end)
        assert not e.active(None)
        assert not e.active(dt.datetime(2029, 1, 1))  # noqa: DTZ001 - naive on purpose
        assert PolicyException(rule="toy.*", reason="r").active(None)

    def test_expiry_stored_in_utc(self) -> None:
        """
        Expiries are normalised to UTC, so equal instants are equal.
        """
        cet = dt.timezone(dt.timedelta(hours=1))
        a = PolicyException(
            rule="x",
            reason="r",
            expires=dt.datetime(2030, 1, 1, 1, tzinfo=cet),
        )

        assert a.expires == dt.datetime(2030, 1, 1, tzinfo=UTC)
        assert a.expires is not None
        assert a.expires.tzinfo is UTC

    @pytest.mark.parametrize(
        "expires",
        [dt.datetime(2030, 1, 1), dt.date(2030, 1, 1), "2030-01-01"],  # noqa: DTZ001
    )
    def test_bad_expiry(self, expires: object) -> None:
        """
        An expiry must be an aware datetime.
        """
        with pytest.raises(PolicyError) as e:
            PolicyException(rule="x", reason="r", expires=expires)  # type: ignore[arg-type]

        assert e.value.path == "expires"

    def test_reason_required(self) -> None:
        """
        An exception without a reason is an error.
        """
        with pytest.raises(PolicyError) as e:
            PolicyException(rule="x", reason="")

        assert e.value.path == "reason"


class TestPolicy:
    def test_defaults(self) -> None:
        """
        The default policy holds the built-in tables and nothing else.
        """
        p = Policy()

        assert p.namespace_weights == DEFAULT_NAMESPACE_WEIGHTS
        assert p.unspecified_namespace == UNSPECIFIED_NAMESPACE
        assert (p.hard_rules, p.overrides, p.exceptions) == ((), (), ())
        assert (p.aliases, p.analyzers) == ((), ())

    def test_namespace_weight(self) -> None:
        """
        The first matching row wins; no namespace gets the unspecified row.
        """
        p = Policy(
            namespace_weights=[
                WeightRule("namespace.eu", "eu-prod-*", 4),
                *DEFAULT_NAMESPACE_WEIGHTS,
            ]
        )

        assert p.namespace_weight("EU-PROD-7").id == "namespace.eu"
        assert p.namespace_weight("dev").id == "namespace.development"
        assert p.namespace_weight(None) is p.unspecified_namespace
        assert (
            Policy(namespace_weights=()).namespace_weight("x")
            is UNSPECIFIED_NAMESPACE
        )

    def test_context_weight(self) -> None:
        """
        Contexts match the context table; none matching gives `None`.
        """
        p = Policy()

        assert p.context_weight(None) is None
        assert p.context_weight("eu-prod-1") is not None
        assert p.context_weight("my-laptop") is None

    def test_aliases_and_analyzers(self) -> None:
        """
        Aliases resolve program names; a policy's analyzers are found by
        name.
        """

        def mine(command: object, ctx: object) -> list[Finding]:
            return []

        p = Policy(aliases={"k": "kubectl"}, analyzers={"mytool": mine})

        assert p.resolve_program("k") == "kubectl"
        assert p.resolve_program("ls") == "ls"
        assert p.analyzer_for("mytool") is mine
        assert p.analyzer_for("k") is None

    @pytest.mark.parametrize(
        ("kw", "path"),
        [
            ({"aliases": {"K": "kubectl"}}, "aliases.K"),
            ({"aliases": {"k": "a b"}}, "aliases.k"),
            ({"aliases": {"k.exe": "kubectl"}}, "aliases.k.exe"),
            ({"aliases": {"k": "bin/kubectl"}}, "aliases.k"),
            ({"aliases": {"k": 3}}, "aliases.k"),
            ({"analyzers": {"x": 3}}, "analyzers.x"),
            ({"thresholds": (1, 2, 3)}, "thresholds"),
            ({"namespace_weights": ["x"]}, "namespaces.rules[0]"),
            (
                {"namespace_weights": [WeightRule("namespace.x", "[", 1)]},
                "namespaces.rules[0].patterns",
            ),
            (
                {"context_weights": [WeightRule("Bad", "x", 1)]},
                "contexts.rules[0].id",
            ),
            ({"unspecified_namespace": 2.0}, "namespaces.unspecified"),
            (
                {"unspecified_namespace": WeightRule("namespace.u", "x", 2)},
                "namespaces.unspecified",
            ),
            ({"hard_rules": ["x"]}, "hard_rules[0]"),
            ({"overrides": ["x"]}, "overrides[0]"),
            ({"exceptions": ["x"]}, "exceptions[0]"),
        ],
    )
    def test_invalid(self, kw: dict[str, object], path: str) -> None:
        """
        A malformed field raises `PolicyError` naming its key path.
        """
        with pytest.raises(PolicyError) as e:
            Policy(**kw)  # type: ignore[arg-type]

        assert e.value.path == path

    def test_frozen(self) -> None:
        """
        Policies are immutable.
        """
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            Policy().thresholds = Thresholds()  # type: ignore[misc]

    @given(policies())
    @settings(suppress_health_check=[HealthCheck.too_slow])
    def test_hashable_and_fingerprint(self, p: Policy) -> None:
        """
        Equal policies hash and fingerprint equally; the fingerprint is 16
        hex digits.
        """
        q = attrs.evolve(p)

        assert p == q
        assert hash(p) == hash(q)
        assert p.fingerprint == q.fingerprint
        assert len(p.fingerprint) == 16
        assert int(p.fingerprint, 16) >= 0
        assert {p: 1}[q] == 1

    def test_fingerprint_changes(self) -> None:
        """
        Any change to the policy changes its fingerprint, analyzers
        included.
        """

        def mine(command: object, ctx: object) -> list[Finding]:
            return []

        prints = {
            Policy().fingerprint,
            Policy(thresholds=Thresholds(auto=9)).fingerprint,
            Policy(aliases={"k": "kubectl"}).fingerprint,
            Policy(analyzers={"x": mine}).fingerprint,
            Policy(
                exceptions=[PolicyException(rule="x", reason="r")]
            ).fingerprint,
        }

        assert len(prints) == 5

    def test_fingerprint_is_stable(self) -> None:
        """
        The default policy's fingerprint is pinned: it only changes when
        the built-in tables or the policy's fields change (update it then).
        """
        assert (
            Policy().fingerprint == Policy.from_toml("version = 1").fingerprint
        )
        assert Policy().fingerprint == "26434da5d907eb35"

    def test_info_findings_never_hard(self) -> None:
        """
        Extra hard rules ignore INFO findings.
        """
        p = Policy(hard_rules=[HardRule(id="policy.x", rule="*", reason="r")])

        assert p.hard_rules_for(_finding(kind=Kind.INFO)) == ()
        assert len(p.hard_rules_for(_finding())) == 1

    def test_exception_for(self) -> None:
        """
        The first active exception wins; an inactive one is reported.
        """
        old = PolicyException(
            rule="toy.*",
            reason="old",
            expires=dt.datetime(2000, 1, 1, tzinfo=UTC),
        )
        ok = PolicyException(rule="toy.*", reason="ok")
        now = dt.datetime(2026, 1, 1, tzinfo=UTC)

        assert Policy(exceptions=[old, ok]).exception_for(_finding(), now) == (
            ok,
            old,
        )
        assert Policy(exceptions=[old]).exception_for(_finding(), now) == (
            None,
            old,
        )
        older = attrs.evolve(old, reason="older")
        assert Policy(exceptions=[old, older]).exception_for(
            _finding(), now
        ) == (None, old)
        assert Policy().exception_for(_finding(), now) == (None, None)


class TestSpecSettings:
    """
    The penalties and the dry-run tier that `DeclarativeSpec.evaluate`
    reads from the policy.
    """

    def test_defaults(self) -> None:
        """
        The defaults are the documented ones: +20 irreversible, +10 facts
        missing, a dry run from `HUMAN` up.
        """
        p = Policy()

        assert p.irreversible_penalty == DEFAULT_IRREVERSIBLE_PENALTY == 20
        assert p.missing_facts_penalty == DEFAULT_MISSING_FACTS_PENALTY == 10
        assert p.dry_run_from_tier is DEFAULT_DRY_RUN_FROM_TIER is Tier.HUMAN

    @pytest.mark.parametrize("tier", list(Tier))
    def test_tier_by_value(self, tier: Tier) -> None:
        """
        The tier may be given as a `Tier` or as its value.
        """
        assert Policy(dry_run_from_tier=tier.value).dry_run_from_tier is tier
        assert Policy(dry_run_from_tier=tier) == Policy(
            dry_run_from_tier=tier.value
        )

    @pytest.mark.parametrize(
        ("kw", "path"),
        [
            ({"irreversible_penalty": -1}, "irreversible_penalty"),
            ({"irreversible_penalty": 100}, "irreversible_penalty"),
            ({"irreversible_penalty": True}, "irreversible_penalty"),
            ({"irreversible_penalty": 2.5}, "irreversible_penalty"),
            ({"missing_facts_penalty": "10"}, "missing_facts_penalty"),
            ({"missing_facts_penalty": None}, "missing_facts_penalty"),
            ({"dry_run_from_tier": "DUAL"}, "dry_run_from_tier"),
            ({"dry_run_from_tier": "never"}, "dry_run_from_tier"),
            ({"dry_run_from_tier": 2}, "dry_run_from_tier"),
        ],
    )
    def test_invalid(self, kw: dict[str, object], path: str) -> None:
        """
        A penalty that is not an integer from 0 to 99, or a tier that is
        not one, raises `PolicyError` naming the field.
        """
        with pytest.raises(PolicyError) as e:
            Policy(**kw)  # type: ignore[arg-type]

        assert e.value.path == path

    @given(st.integers(0, 99))
    @settings(max_examples=20, deadline=None)
    def test_irreversible_penalty(self, penalty: int) -> None:
        """
        An irreversible action's spec score is its assessment's score plus
        the policy's penalty, clamped to 99, with a reason when it adds.
        """
        ev = DeclarativeSpec(
            action="kubectl delete deploy api -n dev"
        ).evaluate(Policy(irreversible_penalty=penalty))

        assert ev.rollback_plan.status is RollbackStatus.IRREVERSIBLE
        assert ev.blast_radius_score == min(99, ev.assessment.score + penalty)
        named = any(r.startswith("rollback.irreversible") for r in ev.reasons)
        assert named is (penalty > 0)

    @given(st.integers(0, 99))
    @settings(max_examples=20, deadline=None)
    def test_missing_facts_penalty(self, penalty: int) -> None:
        """
        An action whose rollback needs facts not given scores its
        assessment's score plus the missing-facts penalty (clamped to 99);
        the irreversible penalty plays no part.
        """
        spec = DeclarativeSpec(
            action="kubectl scale deploy/api --replicas=1 -n dev"
        )
        ev = spec.evaluate(
            Policy(missing_facts_penalty=penalty, irreversible_penalty=0)
        )

        assert ev.rollback_plan.status is RollbackStatus.INCOMPLETE
        assert ev.blast_radius_score == min(99, ev.assessment.score + penalty)

    def test_blocked_stays_blocked(self) -> None:
        """
        No penalty touches a blocked (100) action.
        """
        ev = DeclarativeSpec(action="kubectl delete ns prod").evaluate(
            Policy(irreversible_penalty=99)
        )

        assert ev.blast_radius_score == 100

    @pytest.mark.parametrize("tier", list(Tier))
    def test_dry_run_from_tier(self, tier: Tier) -> None:
        """
        A mutating kubectl action with a server dry run must pass one
        first exactly when its tier is at least the policy's
        `dry_run_from_tier`; `Tier.BLOCKED` asks it of none that runs.
        """
        for action in (
            "kubectl label pods foo -n dev a=b",
            "kubectl cordon node-1",
            "kubectl scale deploy/api --replicas=1 -n prod",
        ):
            ev = DeclarativeSpec(action=action).evaluate(
                Policy(dry_run_from_tier=tier)
            )
            assert ev.dry_run_required is (ev.tier >= tier), action
            if tier is Tier.BLOCKED:
                assert not ev.dry_run_required


class TestSpecDocs:
    """
    What the rollback page says about the spec's policy keys.
    """

    def test_rollback_page_defaults(self) -> None:
        """
        ``docs/rollback.md`` gives the policy's defaults and names real
        keys of the policy schema.
        """
        from blastradius._policy_schema import SCHEMA

        text = (ROOT / "docs" / "rollback.md").read_text(encoding="utf-8")
        keys = {k.path for k in SCHEMA}

        assert (
            f"| `irreversible` | {DEFAULT_IRREVERSIBLE_PENALTY} | "
            "`irreversible_penalty` |"
        ) in text
        assert (
            f"a mutating action | {DEFAULT_MISSING_FACTS_PENALTY} | "
            "`missing_facts_penalty` |"
        ) in text
        assert (
            f"at `{DEFAULT_DRY_RUN_FROM_TIER.name}` or above (policy key "
            "`dry_run_from_tier`)"
        ) in text
        for name in (
            "irreversible_penalty",
            "missing_facts_penalty",
            "dry_run_from_tier",
        ):
            assert name in keys
            assert name in {f.name for f in attrs.fields(Policy)}


class TestFingerprint:
    """
    `Policy.fingerprint`: computed from the record's fields.
    """

    @pytest.mark.parametrize(
        "kw",
        [
            {"thresholds": Thresholds(auto=9)},
            {
                "namespace_weights": (
                    WeightRule("namespace.x", "x-*", 3),
                    *DEFAULT_NAMESPACE_WEIGHTS,
                )
            },
            {
                "unspecified_namespace": WeightRule(
                    "namespace.unspecified", "", 3
                )
            },
            {"context_weights": ()},
            {"aliases": {"k": "kubectl"}},
            {"hard_rules": [HardRule(id="policy.x", rule="x.*", reason="r")]},
            {"overrides": [RuleOverride(rule="x.*", score=5)]},
            {"exceptions": [PolicyException(rule="x.*", reason="r")]},
            {
                "exceptions": [
                    PolicyException(
                        rule="x.*",
                        reason="r",
                        expires=dt.datetime(2030, 1, 1, tzinfo=UTC),
                    )
                ]
            },
            {"analyzers": {"x": lambda c, ctx: []}},
            {"trusted_tools": ["pytest"]},
            {"rm_paths": ["build"]},
            {"gate": GateSettings(approvals_dual=3)},
            {"disclosure": Disclosure(local=True)},
            {"hook": HookDecisions(human="deny")},
            {"irreversible_penalty": 21},
            {"missing_facts_penalty": 0},
            {"dry_run_from_tier": Tier.DUAL},
        ],
    )
    def test_every_field_counts(self, kw: dict[str, object]) -> None:
        """
        Changing any field from its default changes the fingerprint.
        """
        assert Policy(**kw).fingerprint != Policy().fingerprint  # type: ignore[arg-type]

    def test_every_field_is_covered(self) -> None:
        """
        `test_every_field_counts` names every public field of `Policy`
        (a new field gets a row there).
        """
        marks = TestFingerprint.test_every_field_counts.pytestmark  # type: ignore[attr-defined]
        named = {k for mark in marks for kw in mark.args[1] for k in kw}

        assert named == {f.alias for f in attrs.fields(Policy) if f.init}

    def test_expiry_offset(self) -> None:
        """
        The same instant at another UTC offset is the same policy, with
        the same fingerprint; another instant is not.
        """
        at = dt.datetime(2030, 1, 1, 12, tzinfo=UTC)
        there = at.astimezone(dt.timezone(dt.timedelta(hours=5)))
        one, two, three = (
            Policy(
                exceptions=[PolicyException(rule="x.*", reason="r", expires=t)]
            )
            for t in (at, there, at + dt.timedelta(seconds=1))
        )

        assert one == two
        assert one.fingerprint == two.fingerprint
        assert one.fingerprint != three.fingerprint

    def test_negative_zero(self) -> None:
        """
        A weight of -0.0 equals 0.0, and so does the fingerprint.
        """
        a = Policy(unspecified_namespace=WeightRule("namespace.u", "", 0.0))
        b = Policy(unspecified_namespace=WeightRule("namespace.u", "", -0.0))

        assert a == b
        assert a.fingerprint == b.fingerprint

    @given(st.text())
    def test_text_is_unambiguous(self, text: str) -> None:
        """
        A text is written quoted and escaped in ASCII (the same on every
        Python version, whatever its Unicode tables say is printable) and
        reads back as itself, so no text can pass for two fields.
        """
        written = _canonical(text)

        assert written.isascii()
        assert ast.literal_eval(written) == text

    def test_analyzers_by_name(self) -> None:
        """
        Analyzers count by module and qualified name, also one without
        ``__qualname__`` (a callable object).
        """

        class Callable:
            def __call__(self, command: object, ctx: object) -> list[Finding]:
                return []

        one = Policy(analyzers={"x": Callable()})
        two = Policy(analyzers={"x": Callable()})

        assert one != two  # analyzers compare by identity
        assert one.fingerprint == two.fingerprint
        assert one.fingerprint != Policy().fingerprint

    def test_pickle(self) -> None:
        """
        A pickled policy comes back equal, validated, with its fingerprint.
        """
        p = Policy(
            aliases={"k": "kubectl"},
            overrides=[RuleOverride(rule="x.*", score=5)],
            dry_run_from_tier=Tier.DUAL,
        )
        q = pickle.loads(pickle.dumps(p))  # noqa: S301 - our own bytes

        assert q == p
        assert q.fingerprint == p.fingerprint
        assert q.resolve_program("k") == "kubectl"


SECTIONS = (
    ("gate", GateSettings(approvals_dual=3), "blastradius._policy_gate"),
    ("disclosure", Disclosure(local=True), "blastradius._policy_disclosure"),
    ("hook", HookDecisions(human="deny"), "blastradius._policy_hook"),
)


def _loaded(code: str) -> set[str]:
    """The modules a fresh interpreter has loaded after running *code*."""
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            f"{code}\nimport sys\nprint(' '.join(sys.modules))",
        ],
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout
    return set(out.split())


class TestSections:
    """
    `Policy`'s sections (*gate*, *disclosure*, *hook*): a built-in one is
    stored as `None` and built when first read, invisibly to equality,
    hashing, ``repr``, pickling and the fingerprint.
    """

    @pytest.mark.parametrize(("key", "value", "module"), SECTIONS)
    def test_built_in_is_the_default(
        self, key: str, value: object, module: str
    ) -> None:
        """
        Not given, `None` or the built-in value: the same policy (equal,
        same hash and fingerprint), which reads back the built-in section.
        """
        built_in = type(value)()
        given_default = Policy(**{key: built_in})  # type: ignore[arg-type]
        given_none = Policy(**{key: None})  # type: ignore[arg-type]

        for p in (given_default, given_none):
            assert p == Policy()
            assert hash(p) == hash(Policy())
            assert p.fingerprint == Policy().fingerprint
            assert getattr(p, key) == built_in
            assert repr(p) == repr(Policy())
        assert getattr(Policy(), key) == built_in

    @pytest.mark.parametrize(("key", "value", "module"), SECTIONS)
    def test_given(self, key: str, value: object, module: str) -> None:
        """
        A section that is not the built-in one is kept as given, named in
        ``repr``, survives pickling and `attrs.evolve`, and changes
        equality and the fingerprint.
        """
        p = Policy(**{key: value})  # type: ignore[arg-type]

        assert getattr(p, key) is value
        assert f"{key}={value!r}" in repr(p)
        assert p != Policy()
        assert p.fingerprint != Policy().fingerprint
        back = pickle.loads(pickle.dumps(p))  # noqa: S301 - our own bytes
        assert back == p
        assert getattr(back, key) == value
        assert attrs.evolve(p, aliases={"k": "kubectl"}).fingerprint == (
            Policy(aliases={"k": "kubectl"}, **{key: value}).fingerprint
        )
        assert attrs.evolve(p, **{key: None}) == Policy()  # type: ignore[arg-type]

    @pytest.mark.parametrize(("key", "value", "module"), SECTIONS)
    def test_refused(self, key: str, value: object, module: str) -> None:
        """
        A section of another type raises `PolicyError` at its key.
        """
        with pytest.raises(PolicyError, match="expected") as e:
            Policy(**{key: {"local": True}})  # type: ignore[arg-type]
        assert e.value.path == key

    def test_repr_names_every_field(self) -> None:
        """
        ``repr`` names each field the constructor takes, in order, as
        attrs writes them: ``Policy(thresholds=Thresholds(...), ...)``.
        """
        text = repr(Policy())
        names = [f.alias for f in attrs.fields(Policy) if f.init]

        assert text.startswith("Policy(thresholds=Thresholds(auto=10, ")
        positions = [text.index(f", {n}=") for n in names[1:]]
        assert positions == sorted(positions)
        assert "_gate" not in text
        assert "_ns_globs" not in text

    @pytest.mark.parametrize(("key", "value", "module"), SECTIONS)
    def test_loaded_when_read(
        self, key: str, value: object, module: str
    ) -> None:
        """
        Building the default policy loads no section module; reading the
        section does.
        """
        bare = _loaded("from blastradius._policy import Policy\nPolicy()")
        read = _loaded(
            f"from blastradius._policy import Policy\nPolicy().{key}"
        )

        assert module not in bare
        assert module in read


class TestDigest:
    """
    `blastradius._policy._sha256`: `hashlib.sha256`'s digest, from
    CPython's own SHA-256 module when there is one.
    """

    @given(st.binary())
    def test_same_as_hashlib(self, data: bytes) -> None:
        """
        The digest is `hashlib.sha256`'s, in hex.
        """
        assert _sha256(data) == hashlib.sha256(data).hexdigest()

    @pytest.mark.parametrize(
        "missing",
        [("_sha2",), ("_sha2", "_sha256")],
    )
    def test_fallbacks(self, missing: tuple[str, ...]) -> None:
        """
        Without ``_sha2`` (before 3.12) it uses ``_sha256``; without
        either, `hashlib`: the same digest each way.
        """
        with mock.patch.dict(sys.modules, dict.fromkeys(missing)):
            assert _sha256(b"x") == hashlib.sha256(b"x").hexdigest()

    def test_no_openssl_for_scoring(self) -> None:
        """
        Scoring with the default policy (which reads its fingerprint)
        loads neither `hashlib` nor OpenSSL's ``_hashlib`` where CPython
        has its own SHA-256 module.
        """
        loaded = _loaded(
            "from blastradius import score\n"
            "assert score('kubectl get pods').policy_fingerprint"
        )
        if {"_sha2", "_sha256"} & loaded:
            assert "_hashlib" not in loaded
            assert "hashlib" not in loaded


class TestModule:
    """
    `blastradius._policy` serves the row and section classes from their
    own modules.
    """

    def test_rows_served(self) -> None:
        """
        ``HardRule``, ``RuleOverride`` and ``PolicyException`` are the
        classes of `blastradius._policy_rows`; ``GateSettings`` and
        ``HookDecisions`` those of their sections' modules.
        """
        from blastradius import (
            _policy,
            _policy_gate,
            _policy_hook,
            _policy_rows,
        )

        for name in ("HardRule", "RuleOverride", "PolicyException"):
            assert getattr(_policy, name) is getattr(_policy_rows, name)
        assert _policy.GateSettings is _policy_gate.GateSettings
        assert _policy.HookDecisions is _policy_hook.HookDecisions

    def test_unknown_name(self) -> None:
        """
        Other unknown names raise `AttributeError` naming them.
        """
        from blastradius import _policy

        with pytest.raises(AttributeError, match="no_such_name"):
            _ = _policy.no_such_name
