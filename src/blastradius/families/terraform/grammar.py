"""
The command grammar of the terraform family: how each program spells its
options (which take a value, dry-run and target options), over the rows
of `blastradius.families.terraform.rules`.
"""

from __future__ import annotations

from blastradius.families._clispec import CliSpec
from blastradius.families.terraform.rules import TERRAFORM_RULES


__all__ = [
    "TERRAFORM",
]


# -- terraform / OpenTofu ----------------------------------------------------
# developer.hashicorp.com/terraform/cli: global -chdir=DIR; Go flags, so
# -auto-approve and --auto-approve are the same. "terraform destroy" is
# "terraform apply -destroy"; before 0.15 "destroy -force" skipped approval.
TERRAFORM = CliSpec(
    target_opts=("-chdir",),
    family="terraform",
    go_flags=True,
    value_opts={
        "-chdir",
        "-var",
        "-var-file",
        "-target",
        "-replace",
        "-out",
        "-state",
        "-state-out",
        "-backup",
        "-lock-timeout",
        "-parallelism",
        "-backend-config",
        "-plugin-dir",
        "-from-module",
    },
    rules=TERRAFORM_RULES,
)
