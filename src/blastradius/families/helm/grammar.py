"""
The command grammar of the helm family: how each program spells its
options (which take a value, dry-run and target options), over the rows
of `blastradius.families.helm.rules`.
"""

from __future__ import annotations

from blastradius.families._clispec import CliSpec
from blastradius.families.helm.rules import HELM_RULES


__all__ = [
    "HELM",
]


# -- helm --
# helm.sh/docs/helm/helm_uninstall: aliases uninstall, del, delete, un;
# "--dry-run" simulates. helm_list: alias ls. helm_history: alias hist.
HELM = CliSpec(
    family="helm",
    value_opts={
        "-n",
        "--namespace",
        "--kube-context",
        "--kubeconfig",
        "--kube-apiserver",
        "--kube-as-user",
        "--kube-as-group",
        "--kube-token",
        "--kube-ca-file",
        "--kube-tls-server-name",
        "--registry-config",
        "--repository-cache",
        "--repository-config",
        "--burst-limit",
        "--qps",
        "-f",
        "--values",
        "--set",
        "--set-string",
        "--set-file",
        "--set-json",
        "--set-literal",
        "--version",
        "--timeout",
        "--description",
        "--repo",
        "--username",
        "--password",
        "-o",
        "--output",
        "--max",
        "--revision",
        "--history-max",
        "--post-renderer",
        "-l",
        "--selector",
        "--filter",
        "--cascade",
    },
    dry_run=("--dry-run",),
    namespace_opts=("-n", "--namespace"),
    context_opts=("--kube-context",),
    rules=HELM_RULES,
)
