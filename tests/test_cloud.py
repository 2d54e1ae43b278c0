"""
The cloud family (`blastradius.families.cloud`: aws, gcloud, gsutil, az):
commands written from the CLI references with the tier and the rule id
they must give, and the command ``gcloud compute ssh`` runs.
"""

from __future__ import annotations

import pytest

from tests.helpers import check_case

import blastradius

from blastradius import Tier


A, H, D, B = Tier.AUTO, Tier.HUMAN, Tier.DUAL, Tier.BLOCKED


CLOUD_CASES = [
    ("aws s3 ls", A, "aws.read"),
    ("aws s3 ls s3://bucket --recursive", A, "aws.read"),
    ("aws ec2 describe-instances --region eu-west-1", A, "aws.read"),
    ("aws --profile prod iam list-users", A, "aws.read"),
    ("aws sts get-caller-identity", A, "aws.read"),
    ("aws eks update-kubeconfig --name c", A, "aws.local"),
    ("aws s3 cp a s3://b/a", H, "aws.s3.cp"),
    (
        "aws ec2 create-tags --resources i-1 --tags Key=a,Value=b",
        H,
        "aws.change",
    ),
    ("aws ec2 stop-instances --instance-ids i-1", H, "aws.stop"),
    ("aws s3 rm s3://bucket/key", H, "aws.s3.rm"),
    ("aws s3 rm s3://bucket --recursive", D, "aws.s3.recursive"),
    ("aws s3 rb s3://bucket --force", D, "aws.s3.rb.force"),
    ("aws s3 sync . s3://b --delete", H, "aws.s3.sync.delete"),
    ("aws s3 rm s3://bucket --recursive --dryrun", A, "aws.dry-run"),
    (
        "aws ec2 terminate-instances --instance-ids i-1",
        D,
        "aws.ec2.terminate-instances",
    ),
    (
        "aws ec2 terminate-instances --instance-ids i-1 --dry-run",
        A,
        "aws.dry-run",
    ),
    (
        "aws rds delete-db-instance --db-instance-identifier db",
        D,
        "aws.rds.delete",
    ),
    (
        "aws rds delete-db-instance --db-instance-identifier db --skip-final-snapshot",
        B,
        "aws.rds.delete-no-snapshot",
    ),
    (
        "aws rds delete-db-cluster --db-cluster-identifier c --skip-final-snapshot",
        B,
        "aws.rds.delete-no-snapshot",
    ),
    ("aws iam delete-user --user-name bob", D, "aws.iam.delete"),
    (
        "aws cloudformation delete-stack --stack-name s",
        D,
        "aws.cloudformation.delete-stack",
    ),
    ("aws eks delete-cluster --name c", D, "aws.eks.delete-cluster"),
    (
        "aws dynamodb delete-table --table-name t",
        D,
        "aws.dynamodb.delete-table",
    ),
    ("aws lambda delete-function --function-name f", H, "aws.delete"),
    (
        "aws ssm send-command --document-name AWS-RunShellScript",
        H,
        "aws.remote-exec",
    ),
    ("aws frob nicate", H, "aws.unknown"),
    ("gcloud compute instances list", A, "gcloud.read"),
    ("gcloud projects describe p", A, "gcloud.read"),
    ("gcloud config set project p", A, "gcloud.local"),
    (
        "gcloud container clusters get-credentials c --zone z",
        A,
        "gcloud.local",
    ),
    ("gcloud compute instances create vm --zone z", H, "gcloud.change"),
    ("gcloud compute instances delete vm --zone z", D, "gcloud.delete"),
    ("gcloud compute instances delete vm --quiet", D, "gcloud.quiet"),
    ("gcloud projects delete my-project", D, "gcloud.projects.delete"),
    ("gcloud sql instances delete db -q", D, "gcloud.database.delete"),
    (
        "gcloud container clusters delete c --region r",
        D,
        "gcloud.cluster.delete",
    ),
    ("gcloud storage rm -r gs://b", D, "gcloud.storage.rm.recursive"),
    ("gcloud help config", A, "gcloud.read"),
    ("gcloud frob", H, "gcloud.unknown"),
    ("gsutil ls gs://b", A, "gsutil.read"),
    ("gsutil -m rm -r gs://b/**", D, "gsutil.rm.recursive"),
    ("gsutil rb gs://b", D, "gsutil.rb"),
    ("az group list", A, "az.read"),
    ("az vm show -g rg -n vm", A, "az.read"),
    ("az account show", A, "az.read"),
    ("az account set --subscription s", A, "az.local"),
    ("az vm start -g rg -n vm", H, "az.change"),
    ("az vm deallocate -g rg -n vm", H, "az.stop"),
    ("az vm delete -g rg -n vm --yes", D, "az.delete"),
    ("az group delete -n rg", B, "az.group.delete"),
    ("az group delete --name rg --yes --no-wait", B, "az.group.delete"),
    ("az aks delete -g rg -n c -y", D, "az.cluster.delete"),
    ("az sql db delete -g rg -s srv -n db", D, "az.database.delete"),
    ("az keyvault purge --name kv", D, "az.purge"),
    (
        "az deployment group create -g rg --template-file t.json --mode Complete",
        D,
        "az.deployment.complete",
    ),
    ("az frob", H, "az.unknown"),
]


class TestCloud:
    @pytest.mark.parametrize(("argv", "tier", "rule"), CLOUD_CASES)
    def test_table(self, argv: str, tier: Tier, rule: str) -> None:
        """
        Each aws / gcloud / gsutil / az command from the CLI references
        gets its tier and rule id.
        """
        check_case(argv, tier, rule)

    def test_gcloud_ssh_command_is_analysed(self) -> None:
        """
        ``gcloud compute ssh VM --command CMD`` analyses *CMD* as a script.
        """
        a = blastradius.score(
            ["gcloud", "compute", "ssh", "vm", "--command", "rm -rf /"]
        )
        assert a.tier is Tier.BLOCKED
        b = blastradius.score(
            ["gcloud", "compute", "ssh", "vm", "--command", "uptime"]
        )
        assert b.tier is Tier.HUMAN
        assert "gcloud.remote-exec" in {f.rule for f in b.findings}
        c = blastradius.score(["gcloud", "compute", "ssh", "vm"])
        assert c.tier is Tier.HUMAN
        assert len(c.commands) == 1
