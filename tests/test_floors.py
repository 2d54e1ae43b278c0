"""
The scorer's floors (`blastradius._floors`, tables in
`blastradius.rules._floors`) and the weighting of destructive verbs: an
unknown program asked to delete is ``DUAL``; delete-everything scopes and
``helm uninstall`` are ``DUAL`` outside development and test namespaces; an
unrecognised namespace never weighs less than an unspecified one for a
destructive verb; a delete fed by a ``kubectl get`` listing takes the
listing's kind and is at least ``DUAL``.
"""

from __future__ import annotations

from collections.abc import Iterable

import pytest

from hypothesis import given
from hypothesis import strategies as st

import blastradius

from blastradius import Policy, Tier
from blastradius._floors import destructive_word
from blastradius._model import Effect, Finding, Kind, SimpleCommand
from blastradius._policy import Thresholds
from blastradius._score import _Run
from blastradius.analyzers import DEFAULT_REGISTRY, Context, lookup
from blastradius.rules._floors import DESTRUCTIVE_WORDS, EVERYTHING_RULES
from blastradius.rules._namespaces import (
    DEFAULT_NAMESPACE_WEIGHTS,
    WeightRule,
)


def _rules(a: blastradius.Assessment) -> set[str]:
    return {f.rule for f in a.findings}


DEV = [r.pattern for r in DEFAULT_NAMESPACE_WEIGHTS if r.weight < 1]
DEV_NAMES = [p for p in DEV if "*" not in p]
OTHER = st.from_regex(r"team-[a-z]{1,8}", fullmatch=True)
UNKNOWN_PROGRAMS = st.from_regex(r"zz[a-z]{2,8}", fullmatch=True).filter(
    lambda p: lookup(DEFAULT_REGISTRY, p) is None
)


class TestExpected:
    @pytest.mark.parametrize(
        ("cmd", "low", "high"),
        [
            ("dropdb orders", Tier.DUAL, Tier.BLOCKED),
            ("argocd app delete shop --cascade", Tier.DUAL, Tier.BLOCKED),
            ("helmfile -e prod destroy", Tier.DUAL, Tier.BLOCKED),
            ("kubectl -n team-a delete pods --all", Tier.DUAL, Tier.BLOCKED),
            (
                "kubectl get ns -o name | xargs kubectl delete",
                Tier.BLOCKED,
                Tier.BLOCKED,
            ),
            ("pip uninstall requests", Tier.HUMAN, Tier.HUMAN),
            ("helm uninstall shop -n db", Tier.DUAL, Tier.DUAL),
        ],
    )
    def test_issue_ranges(self, cmd: str, low: Tier, high: Tier) -> None:
        """
        The ranges issue #16 expects.
        """
        tier = blastradius.score(cmd).tier
        assert low <= tier <= high, (cmd, tier)


class TestUnknownProgram:
    @given(UNKNOWN_PROGRAMS, st.sampled_from(sorted(DESTRUCTIVE_WORDS)))
    def test_destructive_word_dual(self, program: str, word: str) -> None:
        """
        An unknown program with a destructive subcommand word (alone or as
        part of one) is DUAL, never HUMAN.
        """
        for argv in (
            [program, word, "x"],
            [program, "--env", f"db:{word}"],
            [program, "cluster", f"{word}-all"],
        ):
            a = blastradius.score(argv)
            assert a.tier is Tier.DUAL, argv
            assert "shell.destructive-subcommand.unknown" in _rules(a)

    @given(UNKNOWN_PROGRAMS, st.sampled_from(["list", "get", "status"]))
    def test_other_words_human(self, program: str, word: str) -> None:
        """
        Without such a word an unknown program stays at the HUMAN floor.
        """
        assert blastradius.score([program, word]).tier is Tier.HUMAN

    def test_lookahead(self) -> None:
        """
        Only the first positional words count, and nothing after ``--``.
        """
        assert destructive_word(["t", "a", "b", "c", "delete"]) is None
        assert destructive_word(["t", "--", "delete"]) is None
        assert destructive_word(["t", "-x", "a", "Delete"]) == "Delete"

    def test_policy_thresholds(self) -> None:
        """
        The floor is one above the policy's HUMAN threshold.
        """
        policy = Policy(thresholds=Thresholds(auto=10, human=70, dual=99))
        a = blastradius.score("zzfoo delete x", policy=policy)
        assert a.score == 71
        assert a.tier is Tier.DUAL

    def test_dynamic_program_left_alone(self) -> None:
        """
        A program only known at run time keeps its own unknown finding.
        """
        a = blastradius.score("$TOOL delete x")
        assert "shell.destructive-subcommand.unknown" not in _rules(a)


class TestWeights:
    @given(OTHER)
    def test_unrecognised_weighs_as_unspecified(self, ns: str) -> None:
        """
        A destructive verb in an unrecognised namespace scores at least what
        it scores with no namespace given.
        """
        named = blastradius.score(f"kubectl -n {ns} delete pod x").score
        unnamed = blastradius.score("kubectl delete pod x").score
        assert named >= unnamed

    def test_heavier_catch_all_kept(self) -> None:
        """
        A policy whose catch-all row weighs more than the unspecified row
        keeps its own weight.
        """
        policy = Policy(
            namespace_weights=[WeightRule("namespace.other", "*", 3.0)]
        )
        a = blastradius.score("kubectl -n team-a delete pod x", policy=policy)
        action = next(f for f in a.findings if f.kind is Kind.ACTION)
        assert "namespace.other" in action.message

    def test_other_effects_keep_weight(self) -> None:
        """
        A change that does not destroy keeps the catch-all weight.
        """
        a = blastradius.score("kubectl -n team-a scale deploy/x --replicas=2")
        action = next(f for f in a.findings if f.kind is Kind.ACTION)
        assert "namespace.other" in action.message

    def test_known_rows_untouched(self) -> None:
        """
        Recognised namespaces keep their own row (dev stays light).
        """
        dev = blastradius.score("kubectl -n dev delete pod x")
        assert dev.score == 10
        assert "namespace.development" in dev.reasons[0]


class TestEverythingScope:
    @given(
        OTHER | st.sampled_from(["default", "staging", "prod", "kube-system"]),
        st.sampled_from(["--all", "-l app=x", "--selector=app=x"]),
    )
    def test_dual_outside_dev(self, ns: str, scope: str) -> None:
        """
        Deleting everything a scope selects is at least DUAL outside
        development and test namespaces.
        """
        a = blastradius.score(f"kubectl -n {ns} delete pods {scope}")
        assert a.tier >= Tier.DUAL, (ns, scope, a.reasons)

    @pytest.mark.parametrize("ns", DEV_NAMES)
    def test_dev_not_floored(self, ns: str) -> None:
        """
        In a namespace weighing less than 1 (development, test) the scope
        adds no floor.
        """
        a = blastradius.score(f"kubectl -n {ns} delete pods --all")
        assert "kubectl.scope.everything-unknown" not in _rules(a)
        assert a.tier is Tier.HUMAN

    def test_helm_uninstall(self) -> None:
        """
        helm uninstall is DUAL outside dev/test, HUMAN inside.
        """
        assert blastradius.score("helm uninstall shop -n db").tier is Tier.DUAL
        assert (
            blastradius.score("helm uninstall shop -n staging").tier
            is Tier.DUAL
        )
        assert (
            blastradius.score("helm uninstall shop -n dev").tier is Tier.HUMAN
        )

    def test_unscoped_finding(self) -> None:
        """
        A destructive action that is not scoped, with an everything
        modifier, is floored (nothing says it is a dev namespace).
        """

        def analyzer(cmd: SimpleCommand, ctx: Context) -> Iterable[Finding]:
            del ctx
            yield Finding(
                rule="x.delete",
                program=cmd.program,
                score=20,
                effect=Effect.DESTRUCTIVE,
            )
            yield Finding(
                rule="x.delete.lesser",
                program=cmd.program,
                score=10,
                effect=Effect.DESTRUCTIVE,
            )
            yield Finding(
                rule=min(EVERYTHING_RULES),
                program=cmd.program,
                score=5,
                kind=Kind.MODIFIER,
            )

        a = blastradius.score("x", registry={"x": analyzer})
        assert a.tier is Tier.DUAL
        floor = next(
            f for f in a.findings if f.rule == "x.scope.everything-unknown"
        )
        assert floor.score == Policy().thresholds.human + 1


class TestListingFed:
    @pytest.mark.parametrize(
        "cmd",
        [
            "kubectl get ns -o name | xargs kubectl delete",
            "kubectl get ns -o name | xargs -n1 kubectl delete",
            "kubectl get namespaces -o name | while read n; do kubectl delete $n; done",
            "for n in $(kubectl get ns -o name); do kubectl delete $n; done",
            "kubectl delete $(kubectl get ns -o name)",
            "oc get projects -o name | xargs oc delete",
        ],
    )
    def test_namespaces_blocked(self, cmd: str) -> None:
        """
        A delete fed by a listing of namespaces is the namespace hard rule.
        """
        a = blastradius.score(cmd)
        assert a.tier is Tier.BLOCKED, a.reasons
        assert "kubectl.delete.namespace" in _rules(a)
        assert any(r.endswith("listing-fed") for r in _rules(a))

    @pytest.mark.parametrize(
        ("cmd", "namespace"),
        [
            (
                "kubectl get pods -n team-a -o name | xargs kubectl delete",
                "team-a",
            ),
            ("kubectl get pods -A -o name | xargs kubectl delete", None),
            ("kubectl get pods -o name | xargs kubectl delete", None),
        ],
    )
    def test_listing_kind_and_scope(
        self, cmd: str, namespace: str | None
    ) -> None:
        """
        The delete is analysed as deleting the listing's kind in the
        listing's namespace, and is at least DUAL.
        """
        a = blastradius.score(cmd)
        assert a.tier >= Tier.DUAL
        deletes = [
            f
            for f in a.findings
            if f.rule == "kubectl.delete" and "pods" in f.words
        ]
        assert deletes
        assert deletes[0].namespace == namespace

    @pytest.mark.parametrize(
        "cmd",
        [
            "kubectl get $KIND -o name | xargs kubectl delete",
            "kubectl get pods -o name | xargs kubectl delete pod",
        ],
    )
    def test_dual_otherwise(self, cmd: str) -> None:
        """
        Without a literal kind to take (or with the delete's own), the
        listing-fed delete is still at least DUAL.
        """
        a = blastradius.score(cmd)
        assert a.tier >= Tier.DUAL
        assert "kubectl.listing-fed-unknown" in _rules(a)

    def test_manifest_from_listing(self) -> None:
        """
        ``kubectl get … -o yaml | kubectl delete -f -`` deletes what the
        listing printed: the namespace hard rule for ``get ns``.
        """
        for cmd in (
            "kubectl get ns foo -o yaml | kubectl delete -f -",
            "kubectl get ns -o json | kubectl delete --filename=-",
            "kubectl get ns -o json | kubectl delete -f-",
        ):
            assert blastradius.score(cmd).tier is Tier.BLOCKED, cmd
        apply = blastradius.score(
            "kubectl get pods -o yaml | kubectl apply -f -"
        )
        assert not any("listing-fed" in r for r in _rules(apply))

    def test_modifier_counted_once(self) -> None:
        """
        The delete's own modifiers are not counted again through the
        synthesised delete; the listing's scope is added.
        """
        a = blastradius.score(
            "kubectl get deploy -n team-a -o yaml | kubectl delete -f - --force"
        )
        assert [f.rule for f in a.findings].count("kubectl.force") == 1
        b = blastradius.score(
            "kubectl get pods -A -o name | xargs kubectl delete"
        )
        assert "kubectl.scope.all-namespaces" in _rules(b)

    def test_nearest_listing(self) -> None:
        """
        The nearest earlier ``get`` is the listing; other kubectl commands
        in between are skipped.
        """
        a = blastradius.score(
            "kubectl get ns -o name > x; kubectl version; "
            "xargs kubectl delete < x"
        )
        assert a.tier is Tier.BLOCKED

    def test_no_listing(self) -> None:
        """
        A run-time delete with no kubectl listing before it is unchanged.
        """
        a = blastradius.score("cat names | xargs kubectl delete pod")
        assert not any("listing-fed" in r for r in _rules(a))

    def test_reanalyze_unknown_program(self) -> None:
        """
        The engine's re-analysis of a command no analyzer knows finds
        nothing.
        """
        run = _Run(Policy(), DEFAULT_REGISTRY)
        assert run.reanalyze(SimpleCommand(argv=("zzzunknown",))) == []
