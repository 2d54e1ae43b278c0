"""
The policy's value types: validation, lookups, identity.
"""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.strategies import globs, policies
from tests.strategies import policy_names as names

from blastradius import (
    Effect,
    Finding,
    Kind,
    Policy,
    PolicyError,
    Thresholds,
    Tier,
)
from blastradius._glob import Glob, GlobError, overlaps
from blastradius._policy import HardRule, PolicyException, RuleOverride
from blastradius.rules import (
    DEFAULT_NAMESPACE_WEIGHTS,
    UNSPECIFIED_NAMESPACE,
    WeightRule,
)


UTC = dt.timezone.utc


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
        the built-in tables or the TOML form change (update it then).
        """
        assert (
            Policy().fingerprint == Policy.from_toml("version = 1").fingerprint
        )
        assert Policy().fingerprint == "e038fbbe28941dc4"

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
