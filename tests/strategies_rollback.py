"""
Hypothesis strategies for rollback derivation and declarative specs, drawn
from the real tables.
"""

from __future__ import annotations

from hypothesis import strategies as st

from blastradius.rules.rollback import ROLLBACK_RULES, RollbackRule


__all__ = [
    "counts",
    "dns_labels",
    "hostile_names",
    "label_values",
    "mutating_rows",
    "node_names",
    "workload_kinds",
]

dns_labels = st.from_regex(r"\A[a-z]([-a-z0-9]{0,10}[a-z0-9])?\Z")
"""Valid DNS-1123 labels (short)."""

node_names = st.from_regex(
    r"\A[a-z][a-z0-9]{0,6}(\.[a-z][a-z0-9]{0,4}){0,2}\Z"
)
"""Valid node names (DNS-1123 subdomains)."""

label_values = st.from_regex(
    r"\A([A-Za-z0-9]([-A-Za-z0-9_.]{0,8}[A-Za-z0-9])?)?\Z"
)
"""Valid label values, including the empty one."""

counts = st.integers(min_value=0, max_value=500)
"""Replica counts."""

workload_kinds = st.sampled_from(
    ["deploy", "deployment", "deployments.apps", "sts", "statefulset", "ds"]
)
"""Spellings of workload kinds."""

_KNOWN_HOSTILE = [
    "--all",
    "-A",
    "-n",
    "--namespace=kube-system",
    "x --namespace=kube-system",
    "--kubeconfig=/tmp/evil",
    "-f",
    "-",
    "--",
    "--dry-run=none",
    "$(rm -rf /)",
    "`id`",
    "a;b",
    "a|b",
    "a b",
    "a\nb",
    "A",
    "UPPER",
    "x/../y",
    "a,b",
    "--force",
    "--grace-period=0",
    "'quoted'",
    "a=b",
    "..",
    "a" * 300,
]

hostile_names = st.one_of(
    st.sampled_from(_KNOWN_HOSTILE),
    st.text(min_size=1, max_size=12).map(lambda s: "-" + s),
    st.text(
        alphabet=st.characters(exclude_categories=["Cs"]),
        min_size=1,
        max_size=16,
    ),
)
"""Names an attacker might slip into a target: flags, spaces, quotes,
shell syntax, upper case, anything."""


def _mutating(row: RollbackRule) -> bool:
    return row.program == "kubectl"


mutating_rows = st.sampled_from([r for r in ROLLBACK_RULES if _mutating(r)])
"""Rows of the kubectl rollback table."""
