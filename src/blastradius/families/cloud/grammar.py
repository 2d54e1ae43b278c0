"""
The command grammar of the cloud family: how each program spells its
options (which take a value, dry-run and target options), over the rows
of `blastradius.families.cloud.rules`.
"""

from __future__ import annotations

from blastradius.families._clispec import CliSpec
from blastradius.families.cloud.rules import (
    AWS_RULES,
    AZ_RULES,
    GCLOUD_RULES,
    GSUTIL_RULES,
)


__all__ = [
    "AWS",
    "AZ",
    "GCLOUD",
    "GSUTIL",
]


# -- aws --
# awscli.amazonaws.com/v2/documentation/api/latest/reference: global
# --profile, --region, --endpoint-url, --output, --query; "aws s3 rm
# --recursive", "aws s3 rb --force" (deletes every object first), "aws s3
# sync --delete"; high-level s3 commands spell the dry run --dryrun, EC2
# API calls --dry-run. rds delete-db-instance --skip-final-snapshot.
AWS = CliSpec(
    target_opts=("--profile",),
    family="aws",
    fold_case=True,
    clusters=False,
    value_opts={
        "--profile",
        "--region",
        "--output",
        "--endpoint-url",
        "--query",
        "--color",
        "--cli-read-timeout",
        "--cli-connect-timeout",
        "--ca-bundle",
        "--cli-binary-format",
    },
    dry_run=("--dry-run", "--dryrun"),
    rules=AWS_RULES,
)


# -- gcloud / gsutil --
# cloud.google.com/sdk/gcloud/reference: GROUP ... COMMAND, the verb last;
# --quiet/-q answers every prompt with its default (deletes proceed);
# "gcloud projects delete" can be undone for 30 days ("projects undelete").
GCLOUD = CliSpec(
    target_opts=("--project",),
    family="gcloud",
    fold_case=True,
    clusters=False,
    value_opts={
        "--project",
        "--account",
        "--configuration",
        "--format",
        "--filter",
        "--verbosity",
        "--impersonate-service-account",
        "--billing-project",
        "--flags-file",
        "--flatten",
        "--region",
        "--zone",
        "--limit",
        "--page-size",
        "--sort-by",
        "--location",
        "--cluster",
        "--instance",
        "--command",
        "--ssh-flag",
        "--trace-token",
    },
    rules=GCLOUD_RULES,
)


# cloud.google.com/storage/docs/gsutil: top-level -m (parallel), -o; "rm -r"
# removes every object, "rb" removes a bucket, "rsync -d" deletes extras.
GSUTIL = CliSpec(
    target_opts=("-p",),
    family="gsutil",
    value_opts={"-o", "-h", "-p", "-u", "-i"},
    rules=GSUTIL_RULES,
)


# -- az --
# learn.microsoft.com/cli/azure: GROUP ... COMMAND; --yes/-y skips the
# prompt; "az group delete" deletes every resource in the group;
# "az keyvault purge" removes a soft-deleted vault for good;
# "az deployment group create --mode Complete" deletes what the template
# does not name.
AZ = CliSpec(
    target_opts=("--subscription", "-g", "--resource-group"),
    family="az",
    fold_case=True,
    value_opts={
        "--subscription",
        "-g",
        "--resource-group",
        "-n",
        "--name",
        "-o",
        "--output",
        "--query",
        "-l",
        "--location",
        "--ids",
        "--mode",
        "--scripts",
        "--command-id",
        "--template-file",
        "--parameters",
        "-s",
        "--server",
        "--vault-name",
        "--account-name",
        "--cluster-name",
    },
    rules=AZ_RULES,
)
