"""
Layering policies: ``base.merge(overlay)`` only tightens unless told to
override.
"""

from __future__ import annotations

import json
import pathlib

import pytest

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.strategies import (
    TOY_REGISTRY,
    policies,
    tightening_overlays,
    toy_commands,
)

from blastradius import Finding, Policy, PolicyError, Thresholds, Tier, score
from blastradius._policy import HardRule, PolicyException, RuleOverride
from blastradius.rules import (
    DEFAULT_CONTEXT_WEIGHTS,
    DEFAULT_NAMESPACE_WEIGHTS,
    WeightRule,
)


DATA = pathlib.Path(__file__).parent / "data" / "kubectl_examples.jsonl"
CORPUS = [
    str(row["cmd"])
    for row in (
        json.loads(line)
        for line in DATA.read_text(encoding="utf-8").splitlines()
        if line.strip()
    )
    if "cmd" in row
]


def ns(*rows: WeightRule) -> tuple[WeightRule, ...]:
    return (*rows, *DEFAULT_NAMESPACE_WEIGHTS)


def nothing(command: object, ctx: object) -> list[Finding]:
    return []


class TestTighten:
    def test_thresholds_lower(self) -> None:
        """
        An overlay may lower thresholds; the keys it leaves at the default
        keep the base's values.
        """
        base = Policy(thresholds=Thresholds(auto=5, human=30, dual=90))
        merged = base.merge(Policy(thresholds=Thresholds(auto=2)))

        assert merged.thresholds == Thresholds(auto=2, human=30, dual=90)
        assert base.merge(Policy()) == base

    def test_thresholds_raise(self) -> None:
        """
        Raising a threshold is an error naming the key.
        """
        base = Policy(thresholds=Thresholds(auto=5, human=30, dual=90))

        with pytest.raises(PolicyError, match="only lower") as e:
            base.merge(Policy(thresholds=Thresholds(auto=8)))

        assert e.value.path == "thresholds.auto"

        with pytest.raises(PolicyError) as e:
            base.merge(Policy(thresholds=Thresholds(human=40)))

        assert e.value.path == "thresholds.human"

    def test_heavier_rows(self) -> None:
        """
        Overlay rows at least as heavy as every base row they may shadow go
        first.
        """
        over = Policy(
            namespace_weights=ns(WeightRule("namespace.eu", "eu-prod-*", 2.5))
        )
        merged = Policy().merge(over)

        assert merged.namespace_weights == over.namespace_weights
        assert merged.namespace_weight("eu-prod-1").id == "namespace.eu"

    def test_lighter_rows(self) -> None:
        """
        A row lighter than a base row it may shadow is an error naming it;
        one that cannot shadow anything heavier is fine.
        """
        with pytest.raises(PolicyError, match=r"namespace\.production") as e:
            Policy().merge(
                Policy(
                    namespace_weights=ns(
                        WeightRule("namespace.x", "prod-*", 1.0)
                    )
                )
            )

        assert e.value.path == "namespaces.rules[0]"

        with pytest.raises(PolicyError) as e:
            Policy().merge(
                Policy(
                    context_weights=(
                        WeightRule("context.x", "*prod*", 1.0),
                        *DEFAULT_CONTEXT_WEIGHTS,
                    )
                )
            )

        assert e.value.path == "contexts.rules[0]"

        base = Policy(
            namespace_weights=(WeightRule("namespace.a", "a-*", 1.0),)
        )
        ok = base.merge(
            Policy(namespace_weights=ns(WeightRule("namespace.b", "b-*", 2.5)))
        )

        assert ok.namespace_weight("b-1").id == "namespace.b"

    def test_fallback(self) -> None:
        """
        When the base has no catch-all row, overlay rows must weigh at least
        the unspecified weight that unmatched names get.
        """
        base = Policy(
            namespace_weights=(WeightRule("namespace.a", "a-*", 1.0),)
        )

        with pytest.raises(PolicyError, match="does not list") as e:
            base.merge(
                Policy(
                    namespace_weights=(WeightRule("namespace.b", "b-*", 1.5),)
                )
            )

        assert e.value.path == "namespaces.rules[0]"

    def test_unspecified(self) -> None:
        """
        The unspecified weight may only rise.
        """
        up = Policy(
            unspecified_namespace=WeightRule("namespace.unspecified", "", 3)
        )
        down = Policy(
            unspecified_namespace=WeightRule("namespace.unspecified", "", 1)
        )

        assert Policy().merge(up).unspecified_namespace.weight == 3
        with pytest.raises(PolicyError) as e:
            Policy().merge(down)

        assert e.value.path == "namespaces.unspecified"

    def test_same_policy(self) -> None:
        """
        Merging a policy onto itself changes nothing.
        """
        p = Policy(
            namespace_weights=ns(WeightRule("namespace.lab", "lab-*", 0.1)),
            exceptions=[PolicyException(rule="x", reason="r")],
            aliases={"k": "kubectl"},
            analyzers={"mine": nothing},
            hard_rules=[HardRule(id="policy.h", rule="x", reason="r")],
        )

        assert p.merge(p) == p

    def test_hard_rules_added(self) -> None:
        """
        Hard rules are added, without duplicates.
        """
        a = HardRule(id="policy.a", rule="x", reason="r")
        b = HardRule(id="policy.b", rule="y", reason="r")
        merged = Policy(hard_rules=[a]).merge(Policy(hard_rules=[a, b]))

        assert merged.hard_rules == (a, b)

    def test_overrides_become_floors(self) -> None:
        """
        An overlay's overrides only raise: they become floors.
        """
        merged = Policy().merge(
            Policy(overrides=[RuleOverride(rule="toy.*", score=30)])
        )

        assert merged.overrides == (
            RuleOverride(rule="toy.*", score=30, floor=True),
        )
        assert merged.merge(Policy(overrides=merged.overrides)) == merged
        assert merged.override_score("toy.delete.pods", 40) == 40
        assert merged.override_score("toy.get.pods", 0) == 30

    def test_lower_override(self) -> None:
        """
        An overlay override below an overlapping base override is an error.
        """
        base = Policy(overrides=[RuleOverride(rule="toy.delete.*", score=90)])

        with pytest.raises(PolicyError, match="only raise") as e:
            base.merge(Policy(overrides=[RuleOverride(rule="toy.*", score=5)]))

        assert e.value.path == "overrides[0]"
        assert (
            base.merge(
                Policy(overrides=[RuleOverride(rule="git.*", score=5)])
            ).override_score("toy.delete.x", 1)
            == 90
        )

    @pytest.mark.parametrize(
        ("overlay", "path"),
        [
            (
                Policy(exceptions=[PolicyException(rule="x", reason="r")]),
                "exceptions[0]",
            ),
            (Policy(aliases={"k": "kubectl"}), "aliases.k"),
            (Policy(analyzers={"mine": nothing}), "analyzers.mine"),
        ],
    )
    def test_loosening(self, overlay: Policy, path: str) -> None:
        """
        Exceptions, aliases and analyzers may loosen: a tightening overlay
        cannot add them.
        """
        with pytest.raises(PolicyError, match="override=True") as e:
            Policy().merge(overlay)

        assert e.value.path == path
        assert Policy().merge(overlay, override=True) == overlay

    def test_not_a_policy(self) -> None:
        """
        Only a `Policy` merges.
        """
        with pytest.raises(TypeError, match="Policy"):
            Policy().merge("version = 1")  # type: ignore[arg-type]


class TestOverride:
    def test_replaces(self) -> None:
        """
        With override=True the overlay's settings win, loosening included.
        """
        base = Policy(
            thresholds=Thresholds(auto=5, human=30, dual=90),
            overrides=[RuleOverride(rule="toy.*", score=80)],
            unspecified_namespace=WeightRule("namespace.unspecified", "", 3),
        )
        over = Policy(
            thresholds=Thresholds(auto=20),
            namespace_weights=ns(WeightRule("namespace.lab", "prod-lab", 0.1)),
            overrides=[RuleOverride(rule="toy.get.*", score=0)],
            unspecified_namespace=WeightRule("namespace.unspecified", "", 1),
        )
        merged = base.merge(over, override=True)

        assert merged.thresholds == Thresholds(auto=20, human=30, dual=90)
        assert merged.namespace_weight("prod-lab").weight == 0.1
        assert merged.override_score("toy.get.pods", 50) == 0
        assert merged.override_score("toy.delete.pods", 50) == 80
        assert merged.unspecified_namespace.weight == 1

    def test_table_without_builtin(self) -> None:
        """
        A table without the built-in rows replaces the base's table.
        """
        table = (WeightRule("namespace.all", "*", 1.0),)
        merged = Policy().merge(Policy(namespace_weights=table), override=True)

        assert merged.namespace_weights == table

    def test_invalid_result(self) -> None:
        """
        A replacement that leaves thresholds out of order is an error.
        """
        base = Policy(thresholds=Thresholds(auto=40, human=60, dual=90))

        with pytest.raises(PolicyError, match="strictly increasing"):
            base.merge(Policy(thresholds=Thresholds(human=30)), override=True)


def _check(
    old: object, new: object, base: Policy, merged: Policy, cmd: object
) -> None:
    from blastradius import Assessment

    assert isinstance(old, Assessment)
    assert isinstance(new, Assessment)
    drop = base.thresholds.auto - merged.thresholds.auto
    assert new.tier >= old.tier, cmd
    assert new.score >= old.score - drop, cmd


class TestProperty:
    @given(st.data())
    @settings(
        max_examples=25,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    def test_corpus_never_lower(self, data: st.DataObject) -> None:
        """
        A tightening overlay never lowers a tier on the kubectl corpus, nor
        a score except through the lowered HUMAN floor of unknowns.
        """
        base = data.draw(st.just(Policy()) | policies())
        overlay = data.draw(tightening_overlays(base))
        merged = base.merge(overlay)
        cmds = data.draw(
            st.lists(st.sampled_from(CORPUS), min_size=1, max_size=15)
        )

        for cmd in cmds:
            _check(
                score(cmd, policy=base),
                score(cmd, policy=merged),
                base,
                merged,
                cmd,
            )

    @given(st.data())
    @settings(
        max_examples=50,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    def test_toy_never_lower(self, data: st.DataObject) -> None:
        """
        The same on scoped findings from the toy analyzer, where weights,
        overrides and hard rules all act.
        """
        base = data.draw(policies())
        overlay = data.draw(tightening_overlays(base))
        merged = base.merge(overlay)
        for argv in data.draw(st.lists(toy_commands, min_size=1, max_size=5)):
            _check(
                score(argv, policy=base, registry=TOY_REGISTRY),
                score(argv, policy=merged, registry=TOY_REGISTRY),
                base,
                merged,
                argv,
            )

    @given(policies())
    @settings(max_examples=25, suppress_health_check=[HealthCheck.too_slow])
    def test_merge_default(self, p: Policy) -> None:
        """
        Merging the default policy onto any policy changes nothing.
        """
        assert p.merge(Policy()) == p


class TestSpecSettings:
    """
    Layering the penalties and the dry-run tier of
    `DeclarativeSpec.evaluate`.
    """

    def test_tighten(self) -> None:
        """
        A tightening overlay may raise the penalties and lower the tier;
        what it leaves at the default keeps the base's value.
        """
        base = Policy(irreversible_penalty=30, dry_run_from_tier=Tier.DUAL)
        over = Policy(missing_facts_penalty=15, dry_run_from_tier=Tier.AUTO)
        merged = base.merge(over)

        assert merged.irreversible_penalty == 30
        assert merged.missing_facts_penalty == 15
        assert merged.dry_run_from_tier is Tier.AUTO

    @pytest.mark.parametrize(
        ("base", "over", "path"),
        [
            (
                Policy(irreversible_penalty=40),
                Policy(irreversible_penalty=30),
                "irreversible_penalty",
            ),
            (
                Policy(missing_facts_penalty=40),
                Policy(missing_facts_penalty=0),
                "missing_facts_penalty",
            ),
            (
                Policy(dry_run_from_tier=Tier.AUTO),
                Policy(dry_run_from_tier=Tier.BLOCKED),
                "dry_run_from_tier",
            ),
        ],
    )
    def test_loosening(self, base: Policy, over: Policy, path: str) -> None:
        """
        A tightening overlay that lowers a penalty or raises the tier is a
        `PolicyError` naming the key; merged as an override it replaces.
        """
        with pytest.raises(PolicyError, match="loosens") as e:
            base.merge(over)
        assert e.value.path == path

        merged = base.merge(over, override=True)
        assert getattr(merged, path) == getattr(over, path)

    @given(st.data())
    @settings(max_examples=25, suppress_health_check=[HealthCheck.too_slow])
    def test_never_looser(self, data: st.DataObject) -> None:
        """
        Merging any tightening overlay never lowers a penalty nor raises
        the dry-run tier.
        """
        base = data.draw(policies())
        merged = base.merge(data.draw(tightening_overlays(base)))

        assert merged.irreversible_penalty >= base.irreversible_penalty
        assert merged.missing_facts_penalty >= base.missing_facts_penalty
        assert merged.dry_run_from_tier <= base.dry_run_from_tier
