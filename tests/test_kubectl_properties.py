"""
Properties of kubectl scoring, drawing paths, resources, namespaces and
flags from the real tables.
"""

from __future__ import annotations

from hypothesis import assume, given
from hypothesis import strategies as st
from tests.strategies import (
    CHANGING_TYPED,
    KINDS,
    NAMESPACED_SOFT_KINDS,
    NAMESPACES,
    global_flag_units,
    names,
    spellings,
)

import blastradius

from blastradius import Effect, Tier
from blastradius.families.kubectl.rules import (
    ACTIONS,
    ActionRule,
    ResourceRule,
)


POLICY = blastradius.Policy()


def s(argv: list[str]) -> int:
    return blastradius.score(argv).score


def base(rule: ActionRule) -> list[str]:
    return ["kubectl", *rule.path]


class TestScope:
    @given(
        st.sampled_from(CHANGING_TYPED),
        st.sampled_from(NAMESPACED_SOFT_KINDS),
        st.sampled_from(NAMESPACES),
        names,
        names,
    )
    def test_widening_never_lowers(
        self,
        rule: ActionRule,
        kind: ResourceRule,
        ns: str,
        one: str,
        two: str,
    ) -> None:
        """
        One name → several → selector → --all → -A never lowers the score.
        """
        k = kind.resource
        steps = [
            [*base(rule), k, one, "-n", ns],
            [*base(rule), k, one, two + "x", "-n", ns],
            [*base(rule), k, "--selector", "app=x", "-n", ns],
            [*base(rule), k, "--all", "-n", ns],
            [*base(rule), k, "--all", "-A"],
        ]
        scores = [s(argv) for argv in steps]
        assert scores == sorted(scores), (steps, scores)

    @given(
        st.sampled_from(CHANGING_TYPED),
        st.sampled_from(KINDS),
        st.sampled_from(NAMESPACES),
        st.sampled_from(NAMESPACES),
        names,
    )
    def test_heavier_namespace_never_lowers(
        self,
        rule: ActionRule,
        kind: ResourceRule,
        a: str,
        b: str,
        name: str,
    ) -> None:
        """
        A namespace with a higher weight never scores lower (for a
        destructive verb, a namespace only the catch-all row matches weighs
        at least as much as an unspecified one, #16).
        """

        def weight(ns: str) -> float:
            row = POLICY.namespace_weight(ns)
            if row.pattern == "*" and rule.effect is Effect.DESTRUCTIVE:
                return max(row.weight, POLICY.unspecified_namespace.weight)
            return row.weight

        wa = weight(a)
        wb = weight(b)
        if wa > wb:
            a, b = b, a
        low = s([*base(rule), kind.resource, name, "-n", a])
        high = s([*base(rule), kind.resource, name, "-n", b])
        assert low <= high


class TestForce:
    @given(
        st.sampled_from(ACTIONS),
        st.sampled_from(KINDS),
        st.sampled_from(NAMESPACES),
        names,
        st.sampled_from(
            [["--force"], ["--grace-period=0"], ["--grace-period", "0"]]
        ),
    )
    def test_force_never_lowers(
        self,
        rule: ActionRule,
        kind: ResourceRule,
        ns: str,
        name: str,
        flag: list[str],
    ) -> None:
        """
        Adding --force or --grace-period=0 never lowers the score.
        """
        argv = [*base(rule), kind.resource, name, "-n", ns]
        assert s(argv) <= s([*argv, *flag])

    @given(
        st.sampled_from(NAMESPACES),
        st.integers(min_value=1, max_value=500),
        st.sampled_from(KINDS),
        names,
    )
    def test_replicas_zero_at_least_n(
        self, ns: str, n: int, kind: ResourceRule, name: str
    ) -> None:
        """
        --replicas=0 scores at least as high as --replicas=N.
        """
        argv = ["kubectl", "scale", kind.resource, name, "-n", ns]
        assert s([*argv, f"--replicas={n}"]) <= s([*argv, "--replicas=0"])


class TestSpelling:
    @given(
        st.sampled_from(CHANGING_TYPED),
        st.sampled_from(KINDS),
        st.sampled_from(NAMESPACES),
        names,
        st.data(),
    )
    def test_every_spelling_scores_the_same(
        self,
        rule: ActionRule,
        kind: ResourceRule,
        ns: str,
        name: str,
        data: st.DataObject,
    ) -> None:
        """
        Short, plural, case, qualified and TYPE/NAME spellings all score
        the same.
        """
        plural = s([*base(rule), kind.resource, name, "-n", ns])
        form = data.draw(st.sampled_from(spellings(kind)))
        assert s([*base(rule), form, name, "-n", ns]) == plural
        assert s([*base(rule), f"{form}/{name}", "-n", ns]) == plural

    @given(
        st.sampled_from(ACTIONS),
        st.sampled_from(KINDS),
        names,
        st.lists(global_flag_units(), min_size=1, max_size=3),
        st.data(),
    )
    def test_global_flag_position_is_irrelevant(
        self,
        rule: ActionRule,
        kind: ResourceRule,
        name: str,
        flags: list[tuple[str, ...]],
        data: st.DataObject,
    ) -> None:
        """
        Moving global flags to any legal position never changes the score.
        """
        units: list[tuple[str, ...]] = [
            *((w,) for w in rule.path),
            (kind.resource,),
            (name,),
        ]
        first = [w for u in [*flags, *units] for w in u]
        mixed = list(units)
        for unit in flags:
            at = data.draw(st.integers(min_value=0, max_value=len(mixed)))
            mixed.insert(at, unit)
        second = [w for u in mixed for w in u]
        assert s(["kubectl", *first]) == s(["kubectl", *second])


class TestDryRun:
    @given(
        st.sampled_from(ACTIONS),
        st.lists(
            st.sampled_from(
                [
                    "ns",
                    "pv",
                    "pvc",
                    "clusterrole",
                    "crd",
                    "--all",
                    "-A",
                    "--force",
                    "--grace-period=0",
                    "-l",
                    "a=b",
                    "prod",
                    "-nkube-system",
                ]
            ),
            max_size=6,
        ),
        st.sampled_from(["--dry-run", "--dry-run=client", "--dry-run=server"]),
        st.data(),
    )
    def test_dry_run_never_blocked(
        self,
        rule: ActionRule,
        words: list[str],
        flag: str,
        data: st.DataObject,
    ) -> None:
        """
        A dry run of anything is never blocked (a ``--dry-run`` right after
        a bare ``-l`` is no dry run: kubectl reads it as the selector).
        """
        argv = [*rule.path, *words]
        at = data.draw(st.integers(min_value=0, max_value=len(argv)))
        assume(at == 0 or argv[at - 1] != "-l")
        argv.insert(at, flag)
        assert blastradius.score(["kubectl", *argv]).tier is not Tier.BLOCKED

    @given(st.sampled_from(CHANGING_TYPED), st.sampled_from(KINDS), names)
    def test_dry_run_never_raises(
        self, rule: ActionRule, kind: ResourceRule, name: str
    ) -> None:
        """
        A dry run scores no higher than the real thing.
        """
        argv = [*base(rule), kind.resource, name]
        assert s([*argv, "--dry-run=server"]) <= max(s(argv), 10)

    def test_dry_run_taken_as_a_value(self) -> None:
        """
        ``--dry-run`` right after a flag that takes a value is that value,
        as kubectl reads it: the delete is not a dry run.
        """
        argv = ["kubectl", "delete", "ns", "prod", "-l", "--dry-run"]

        assert blastradius.score(argv).tier is Tier.BLOCKED
