"""
The helm family (`blastradius.families.helm`): commands written from
helm.sh/docs with the tier and the rule id they must give, and helm's
namespace and kube-context scoping.
"""

from __future__ import annotations

import pytest

from tests.helpers import check_case

import blastradius

from blastradius import Tier


A, H, D, B = Tier.AUTO, Tier.HUMAN, Tier.DUAL, Tier.BLOCKED


HELM_CASES = [
    ("helm list -A", A, "helm.read"),
    ("helm ls -n prod", A, "helm.read"),
    ("helm status web -n prod", A, "helm.read"),
    ("helm get values web", A, "helm.read"),
    ("helm template web ./chart", A, "helm.read"),
    ("helm history web", A, "helm.read"),
    ("helm -n prod show values bitnami/redis", A, "helm.read"),
    ("helm version", A, "helm.read"),
    ("helm repo add bitnami https://charts.bitnami.com", A, "helm.local"),
    ("helm dependency update ./chart", A, "helm.local"),
    ("helm install web ./chart -n dev", H, "helm.install"),
    ("helm upgrade --install web ./chart", H, "helm.install"),
    ("helm upgrade web ./chart -n prod", D, "helm.install"),
    ("helm rollback web 3", H, "helm.rollback"),
    ("helm upgrade web ./chart --force -n prod", D, "helm.force"),
    ("helm uninstall web", D, "helm.uninstall"),
    ("helm delete web -n prod", D, "helm.uninstall"),
    ("helm del web --kube-context prod-cluster", D, "helm.uninstall"),
    ("helm un web -n dev", H, "helm.uninstall"),
    ("helm uninstall web -n prod --dry-run", A, "helm.dry-run"),
    ("helm frobnicate", H, "helm.unknown"),
]


class TestHelm:
    @pytest.mark.parametrize(("argv", "tier", "rule"), HELM_CASES)
    def test_table(self, argv: str, tier: Tier, rule: str) -> None:
        """
        Each helm command from helm.sh/docs gets its documented tier and
        rule id.
        """
        check_case(argv, tier, rule)

    def test_scoped_by_namespace(self) -> None:
        """
        helm actions carry their namespace and kube context: prod weighs
        more than dev, an unspecified namespace more than dev.
        """
        prod = blastradius.score(["helm", "uninstall", "x", "-n", "prod"])
        dev = blastradius.score(["helm", "uninstall", "x", "-n", "dev"])
        none = blastradius.score(["helm", "uninstall", "x"])
        assert prod.score > none.score > dev.score
        found = next(f for f in prod.findings if f.rule == "helm.uninstall")
        assert (found.scoped, found.namespace) == (True, "prod")
        ctx = blastradius.score(
            ["helm", "upgrade", "x", "c", "--kube-context", "prod"]
        )
        assert next(f.context for f in ctx.findings if f.scoped) == "prod"

    def test_attached_short_value(self) -> None:
        """
        ``-nprod`` and ``--namespace=prod`` name the namespace like ``-n
        prod``.
        """
        scores = {
            blastradius.score(["helm", "uninstall", "x", *w]).score
            for w in (["-nprod"], ["--namespace=prod"], ["-n", "prod"])
        }
        assert len(scores) == 1
