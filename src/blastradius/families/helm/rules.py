"""
Rule rows of the helm family, written from the tools' own reference
(helm.sh/docs/helm). Rows are data: the analyzer only interprets them.
"""

from __future__ import annotations

from blastradius.families._clispec import CliRule
from blastradius.rules._rowkit import (
    DE,
    LO,
    MOD,
    MU,
    RO,
    help_row,
)
from blastradius.rules._rowkit import each as _each
from blastradius.rules._rowkit import row as _r
from blastradius.rules._rowkit import under as _under
from blastradius.rules._rowkit import words as _words


__all__ = [
    "HELM_RULES",
]


# -- helm --
# helm.sh/docs/helm/helm_uninstall: aliases uninstall, del, delete, un;
# "--dry-run" simulates. helm_list: alias ls. helm_history: alias hist.

_HELM_UNINSTALL = ("uninstall", "del", "delete", "un")

HELM_RULES: tuple[CliRule, ...] = (
    help_row("helm.help"),
    *_each(
        "helm.read",
        RO,
        0,
        "reads releases, charts or repositories",
        [
            *_words(
                "list",
                "ls",
                "status",
                "get",
                "template",
                "show",
                "inspect",
                "search",
                "history",
                "hist",
                "version",
                "env",
                "lint",
                "verify",
                "completion",
                "help",
                "diff",
            ),
            *_under("dependency", "list", "ls"),
            *_under("dep", "list", "ls"),
            *_under("repo", "list", "ls"),
            *_under("plugin", "list", "ls"),
        ],
    ),
    *_each(
        "helm.local",
        LO,
        5,
        "changes local helm files, repositories or plugins only",
        [
            *_under("repo", "add", "update", "up", "remove", "rm", "index"),
            *_under("dependency", "update", "up", "build"),
            *_under("dep", "update", "up", "build"),
            *_words("pull", "fetch", "package", "create"),
            *_under(
                "plugin",
                "install",
                "add",
                "uninstall",
                "remove",
                "rm",
                "update",
                "up",
            ),
            *_under("registry", "login", "logout"),
        ],
    ),
    _r(
        "helm.push",
        MU,
        15,
        "pushes a chart to a registry",
        path=["push"],
    ),
    _r("helm.test", MU, 15, "runs a release's test pods", path=["test"]),
    *_each(
        "helm.install",
        MU,
        22,
        "installs or upgrades a release in the cluster",
        _words("install", "upgrade"),
    ),
    _r(
        "helm.rollback",
        MU,
        22,
        "rolls a release back to an earlier revision",
        path=["rollback"],
    ),
    *_each(
        "helm.uninstall",
        DE,
        35,
        "deletes every resource of the release",
        _words(*_HELM_UNINSTALL),
    ),
    *_each(
        "helm.force",
        DE,
        10,
        "--force deletes and recreates resources that cannot be patched",
        _words("upgrade", "rollback", "install"),
        when=[("--force", "--force-replace")],
        kind=MOD,
    ),
    *_each(
        "helm.uninstall.no-hooks",
        DE,
        5,
        "skips the chart's pre-delete hooks (backups, drains)",
        _words(*_HELM_UNINSTALL),
        when=[("--no-hooks",)],
        kind=MOD,
    ),
)
