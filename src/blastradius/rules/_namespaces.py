"""
Namespace and kube-context weights: glob patterns → multiplier.

The first row whose pattern matches wins, so more specific rows come first.
An action whose namespace is not given on the command line runs in the
current context's namespace, which may well be production: it gets the
`UNSPECIFIED_NAMESPACE` row, not the weight of a safe namespace.
"""

from __future__ import annotations

import math

import attrs

from blastradius._record import attrs_repr
from blastradius.exceptions import PolicyError


__all__ = [
    "DEFAULT_CONTEXT_WEIGHTS",
    "DEFAULT_NAMESPACE_WEIGHTS",
    "MAX_WEIGHT",
    "UNSPECIFIED_NAMESPACE",
    "WeightRule",
]


@attrs.frozen(repr=False)  # __repr__: see blastradius._record.attrs_repr
class WeightRule:
    """
    A glob *pattern* (``fnmatch`` syntax, case-insensitive) and the
    *weight* it gives, under a stable rule *id*.

    The weight is a finite number from 0 to `MAX_WEIGHT`; anything else
    raises `blastradius.PolicyError`.
    """

    id: str
    pattern: str
    weight: float = attrs.field(converter=float)

    __repr__ = attrs_repr

    def __attrs_post_init__(self) -> None:
        if not math.isfinite(self.weight) or not (
            0 <= self.weight <= MAX_WEIGHT
        ):
            msg = f"a weight must be a number from 0 to {MAX_WEIGHT:g}"
            raise PolicyError(msg, path="weight")


MAX_WEIGHT = 100.0
"""The largest namespace or context weight a policy may give."""


def _rows(rule_id: str, weight: float, *patterns: str) -> list[WeightRule]:
    return [WeightRule(rule_id, p, weight) for p in patterns]


DEFAULT_NAMESPACE_WEIGHTS: tuple[WeightRule, ...] = (
    *_rows(
        "namespace.system",
        3.0,
        "kube-system",
        "kube-public",
        "kube-node-lease",
    ),
    *_rows(
        "namespace.production",
        2.5,
        "prod",
        "production",
        "prd",
        "live",
        "prod-*",
        "*-prod",
        "*-prod-*",
        "production-*",
        "*-production",
        "*-production-*",
        "prd-*",
        "*-prd",
        "*-prd-*",
        "live-*",
        "*-live",
    ),
    *_rows(
        "namespace.staging",
        1.5,
        "staging",
        "stage",
        "stg",
        "preprod",
        "pre-prod",
        "uat",
        "staging-*",
        "*-staging",
        "*-staging-*",
        "stg-*",
        "*-stg",
        "*-stage",
        "stage-*",
        "*-uat",
        "uat-*",
    ),
    *_rows("namespace.default", 1.5, "default"),
    *_rows(
        "namespace.development",
        0.5,
        "dev",
        "development",
        "test",
        "testing",
        "sandbox",
        "qa",
        "ci",
        "scratch",
        "dev-*",
        "*-dev",
        "*-dev-*",
        "test-*",
        "*-test",
        "*-test-*",
        "sandbox-*",
        "*-sandbox",
        "qa-*",
        "*-qa",
    ),
    *_rows("namespace.other", 1.2, "*"),
)
"""The built-in namespace table, most specific first."""

UNSPECIFIED_NAMESPACE: WeightRule = WeightRule(
    "namespace.unspecified", "", 2.0
)
"""The weight of an action whose namespace is not on the command line."""

DEFAULT_CONTEXT_WEIGHTS: tuple[WeightRule, ...] = (
    *_rows(
        "context.production",
        2.5,
        "prod",
        "production",
        "prd",
        "live",
        "*prod*",
        "*-prd",
        "prd-*",
        "*-prd-*",
        "*-live",
        "live-*",
    ),
    *_rows("context.staging", 1.5, "*staging*", "*-stg", "stg-*", "*-uat"),
)
"""Kube-context names that escalate whatever the namespace looks like."""
