"""
The terraform family (`blastradius.families.terraform`, also OpenTofu):
commands written from the Terraform CLI docs with the tier and the rule id
they must give.
"""

from __future__ import annotations

import pytest

from tests.helpers import check_case

import blastradius

from blastradius import Tier


A, H, D, B = Tier.AUTO, Tier.HUMAN, Tier.DUAL, Tier.BLOCKED


TERRAFORM_CASES = [
    ("terraform plan", A, "terraform.read"),
    ("terraform plan -destroy -out=tf.plan", A, "terraform.read"),
    ("terraform show -json tf.plan", H, "disclosure.secret"),
    ("terraform validate", A, "terraform.read"),
    ("terraform fmt -check -recursive", A, "terraform.fmt.check"),
    ("terraform output -raw url", H, "disclosure.secret"),
    ("terraform -chdir=infra plan", A, "terraform.read"),
    ("terraform init -upgrade", A, "terraform.local"),
    ("terraform state list", A, "terraform.read"),
    ("terraform apply", H, "terraform.apply"),
    ("terraform apply -auto-approve", D, "terraform.apply.auto-approve"),
    ("terraform apply --auto-approve", D, "terraform.apply.auto-approve"),
    ("terraform apply tf.plan", D, "terraform.apply.plan-file"),
    ("terraform destroy", D, "terraform.destroy"),
    ("terraform destroy -auto-approve", D, "terraform.destroy.auto-approve"),
    ("terraform -chdir=prod destroy -auto-approve", D, "terraform.destroy"),
    ("terraform apply -destroy -auto-approve", D, "terraform.destroy"),
    (
        "terraform destroy -target=aws_instance.web",
        D,
        "terraform.destroy.targeted",
    ),
    ("terraform state rm aws_instance.web", H, "terraform.state.rm"),
    ("terraform state mv a b", H, "terraform.state.mv"),
    ("terraform state push -force x.tfstate", D, "terraform.state.push"),
    ("terraform import aws_instance.web i-123", H, "terraform.import"),
    ("terraform taint aws_instance.web", H, "terraform.taint"),
    ("terraform force-unlock 1234", H, "terraform.force-unlock"),
    ("terraform workspace delete -force old", D, "terraform.workspace.delete"),
    ("tofu destroy -auto-approve", D, "terraform.destroy"),
    ("tofu plan", A, "terraform.read"),
    ("terraform frob", H, "terraform.unknown"),
]


class TestTerraform:
    @pytest.mark.parametrize(("argv", "tier", "rule"), TERRAFORM_CASES)
    def test_table(self, argv: str, tier: Tier, rule: str) -> None:
        """
        Each terraform / tofu command from the Terraform CLI docs gets its
        tier and rule id.
        """
        check_case(argv, tier, rule)

    def test_auto_approve_raises(self) -> None:
        """``-auto-approve`` scores above the interactive command."""
        for cmd in (["apply"], ["destroy"]):
            plain = blastradius.score(["terraform", *cmd]).score
            auto = blastradius.score(
                ["terraform", *cmd, "-auto-approve"]
            ).score
            assert auto > plain
