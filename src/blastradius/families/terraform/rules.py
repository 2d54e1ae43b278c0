"""
Rule rows of the terraform family, written from the tools' own reference
(developer.hashicorp.com/terraform/cli). Rows are data: the analyzer only
interprets them.

``terraform destroy -auto-approve`` is a high ``DUAL`` score, not a hard
rule.
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
    "TERRAFORM_RULES",
]


# -- terraform / OpenTofu ----------------------------------------------------
# developer.hashicorp.com/terraform/cli: global -chdir=DIR; Go flags, so
# -auto-approve and --auto-approve are the same. "terraform destroy" is
# "terraform apply -destroy"; before 0.15 "destroy -force" skipped approval.

TERRAFORM_RULES: tuple[CliRule, ...] = (
    help_row("terraform.help"),
    *_each(
        "terraform.read",
        RO,
        0,
        "reads configuration or state",
        [
            *_words(
                "plan",
                "show",
                "validate",
                "output",
                "version",
                "providers",
                "graph",
                "console",
                "metadata",
                "modules",
            ),
            *_under("state", "list", "show", "pull"),
            *_under("workspace", "list", "show"),
        ],
    ),
    *_each(
        "terraform.local",
        LO,
        5,
        "changes local files only",
        [
            *_words("init", "get", "login", "logout"),
            *_under("workspace", "select", "new"),
            *_under("providers", "lock", "mirror", "schema"),
        ],
    ),
    _r(
        "terraform.fmt",
        LO,
        5,
        "rewrites configuration files",
        path=["fmt"],
        unless=["-check"],
    ),
    _r(
        "terraform.fmt.check",
        RO,
        0,
        "checks formatting without writing",
        path=["fmt"],
        when=[("-check",)],
    ),
    _r(
        "terraform.refresh",
        MU,
        25,
        "rewrites state from the real infrastructure",
        path=["refresh"],
    ),
    _r(
        "terraform.test",
        MU,
        30,
        "creates and destroys real test infrastructure",
        path=["test"],
    ),
    _r(
        "terraform.apply",
        MU,
        40,
        "changes real infrastructure (asks for approval)",
        path=["apply"],
    ),
    _r(
        "terraform.apply.plan-file",
        MU,
        60,
        "applies a saved plan without asking",
        path=["apply"],
        min_args=1,
    ),
    _r(
        "terraform.apply.auto-approve",
        MU,
        25,
        "-auto-approve skips the approval prompt",
        path=["apply"],
        when=[("-auto-approve",)],
        max_args=0,
        kind=MOD,
    ),
    _r(
        "terraform.apply.replace",
        DE,
        10,
        "-replace destroys and recreates objects",
        path=["apply"],
        when=[("-replace",)],
        kind=MOD,
    ),
    _r(
        "terraform.destroy",
        DE,
        75,
        "destroys every object the configuration manages",
        path=["destroy"],
        unless=["-target"],
    ),
    _r(
        "terraform.destroy",
        DE,
        75,
        "destroys every object the configuration manages",
        path=["apply"],
        when=[("-destroy",)],
        unless=["-target"],
    ),
    _r(
        "terraform.destroy.targeted",
        DE,
        55,
        "destroys the -target objects and what depends on them",
        path=["destroy"],
        when=[("-target",)],
    ),
    _r(
        "terraform.destroy.targeted",
        DE,
        55,
        "destroys the -target objects and what depends on them",
        path=["apply"],
        when=[("-destroy",), ("-target",)],
    ),
    _r(
        "terraform.destroy.auto-approve",
        DE,
        15,
        "-auto-approve skips the approval prompt",
        path=["destroy"],
        when=[("-auto-approve", "-force")],
        kind=MOD,
    ),
    _r(
        "terraform.import",
        MU,
        30,
        "brings an existing object under management",
        path=["import"],
    ),
    _r(
        "terraform.state.mv",
        MU,
        35,
        "moves objects in state",
        path=["state", "mv"],
    ),
    _r(
        "terraform.state.rm",
        MU,
        45,
        "forgets objects: they stay but are no longer managed",
        path=["state", "rm"],
    ),
    _r(
        "terraform.state.replace-provider",
        MU,
        30,
        "rewrites provider addresses in state",
        path=["state", "replace-provider"],
    ),
    _r(
        "terraform.state.push",
        DE,
        60,
        "overwrites the remote state",
        path=["state", "push"],
    ),
    _r(
        "terraform.state.push.force",
        DE,
        15,
        "-force overwrites even an older or different lineage",
        path=["state", "push"],
        when=[("-force",)],
        kind=MOD,
    ),
    _r(
        "terraform.taint",
        MU,
        35,
        "marks an object for destruction and recreation",
        path=["taint"],
    ),
    _r(
        "terraform.untaint",
        MU,
        20,
        "clears a taint",
        path=["untaint"],
    ),
    _r(
        "terraform.force-unlock",
        MU,
        45,
        "breaks a state lock another run may hold",
        path=["force-unlock"],
    ),
    _r(
        "terraform.workspace.delete",
        DE,
        55,
        "deletes a workspace and its state",
        path=["workspace", "delete"],
    ),
    _r(
        "terraform.workspace.delete.force",
        DE,
        15,
        "-force deletes a workspace that still manages objects",
        path=["workspace", "delete"],
        when=[("-force",)],
        kind=MOD,
    ),
)
