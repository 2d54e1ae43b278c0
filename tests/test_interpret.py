"""
The helm, git, terraform, container and cloud-CLI analyzers: per family a
table of commands, written from each tool's documentation, with the tier and
the rule id they must give; and properties over the real tables.
"""

from __future__ import annotations

import re

from pathlib import Path

import pytest

from hypothesis import given
from tests.helpers import load_script
from tests.strategies import (
    ALL_SPECS,
    HARD_ROW_CASES,
    READ_ONLY_ROW_CASES,
    dangerous_flag_cases,
    tool_argv,
)

import blastradius

from blastradius import Tier
from blastradius._model import Effect, Kind
from blastradius._policy import Policy
from blastradius.analyzers import DEFAULT_REGISTRY, Analyzer
from blastradius.families._clispec import (
    CliRule,
    CliSpec,
    Patterns,
    glob_match,
)
from blastradius.families._interpret import (
    find_opt,
    make_analyzer,
    match_row,
    norm_path,
    parse,
)
from blastradius.families._toolspecs import TOOL_SPECS
from blastradius.families.git.grammar import GIT
from blastradius.families.helm.grammar import HELM
from blastradius.families.terraform.grammar import TERRAFORM


A, H, D, B = Tier.AUTO, Tier.HUMAN, Tier.DUAL, Tier.BLOCKED


def _check(argv: str, tier: Tier, rule: str) -> blastradius.Assessment:
    a = blastradius.score(argv.split())
    rules = [f.rule for f in a.findings]
    assert a.tier is tier, (argv, a.score, a.reasons)
    assert rule in rules, (argv, rules)
    return a


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

GIT_CASES = [
    ("git status", A, "git.read"),
    ("git log --oneline -n 5", A, "git.read"),
    ("git diff HEAD~1", A, "git.read"),
    ("git fetch --all --prune", A, "git.read"),
    ("git branch", A, "git.branch.list"),
    ("git branch -a", A, "git.branch.list"),
    ("git -C /srv/app status", A, "git.read"),
    ("git --git-dir=/srv/app/.git --work-tree=/srv/app log", A, "git.read"),
    ("git -c color.ui=never show HEAD", A, "git.read"),
    ("git commit -m fix", A, "git.local"),
    ("git branch feature", A, "git.branch.create"),
    ("git push origin main", H, "git.push"),
    (
        "git push --force-with-lease origin main",
        H,
        "git.push.force-with-lease",
    ),
    ("git push --force origin main", D, "git.push.force"),
    ("git push -f", D, "git.push.force"),
    ("git push -uf origin main", D, "git.push.force"),
    ("git push origin +main", D, "git.push.force-refspec"),
    ("git push origin --delete old", D, "git.push.delete"),
    ("git push origin :old", D, "git.push.delete-refspec"),
    ("git push --mirror backup", D, "git.push.mirror"),
    ("git push -n --force origin main", A, "git.push.dry-run"),
    ("git reset --hard origin/main", H, "git.reset.hard"),
    ("git reset HEAD~1", A, "git.reset"),
    ("git clean -fdx", D, "git.clean.force"),
    ("git clean -xdf", D, "git.clean.ignored"),
    ("git clean -f", H, "git.clean.force"),
    ("git clean -n -d", A, "git.clean"),
    ("git branch -D feature", H, "git.branch.force-delete"),
    ("git branch --delete --force feature", H, "git.branch.force-delete"),
    ("git branch -d feature", A, "git.branch.delete"),
    ("git checkout -- .", H, "git.checkout.discard"),
    ("git checkout .", H, "git.checkout.discard"),
    ("git checkout main", A, "git.checkout"),
    ("git restore .", H, "git.restore.all"),
    ("git restore --staged file", A, "git.restore.staged"),
    ("git filter-branch --tree-filter x HEAD", D, "git.history-rewrite"),
    (
        "git filter-repo --path secrets --invert-paths",
        D,
        "git.history-rewrite",
    ),
    ("git gc --prune=now", H, "git.gc.prune-now"),
    ("git reflog expire --expire=now --all", H, "git.reflog.expire"),
    ("git stash clear", H, "git.stash.clear"),
    ("git -c core.sshCommand=ssh fetch", H, "git.config-exec.unknown"),
    ("git -c alias.x=!sh x", H, "git.config-exec.unknown"),
    ("git --exec-path=/tmp/evil status", H, "git.exec-path.unknown"),
    ("git my-alias", H, "git.unknown"),
    ("git clone --upload-pack=x repo", H, "git.remote-program.unknown"),
]

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

CONTAINER_CASES = [
    ("docker ps -a", A, "containers.read"),
    ("docker images", A, "containers.read"),
    ("docker inspect web", A, "containers.read"),
    ("docker logs -f web", A, "containers.read"),
    ("docker version", A, "containers.read"),
    ("docker volume ls", A, "containers.read"),
    ("docker compose ps", A, "containers.read"),
    ("podman ps", A, "containers.read"),
    ("docker build -t app .", A, "containers.local"),
    ("docker pull nginx", A, "containers.local"),
    ("docker run --rm alpine echo hi", H, "containers.run"),
    ("docker stop web", H, "containers.stop"),
    ("docker kill web", H, "containers.kill"),
    ("docker exec web ls", H, "containers.exec"),
    ("docker rm web", H, "containers.rm"),
    ("docker rm -f web", H, "containers.rm.force"),
    ("docker rmi -f app:1", H, "containers.rmi.force"),
    ("docker container prune -f", H, "containers.container.prune"),
    ("docker volume rm data", D, "containers.volume.rm"),
    ("docker volume prune -af", D, "containers.volume.prune.all"),
    ("docker system prune", H, "containers.system.prune"),
    (
        "docker system prune -a --volumes -f",
        D,
        "containers.system.prune.volumes",
    ),
    ("podman system reset -f", D, "containers.system.reset"),
    ("docker compose down", H, "containers.compose.down"),
    (
        "docker compose -f prod.yml down -v",
        D,
        "containers.compose.down.volumes",
    ),
    ("docker-compose down --volumes", D, "containers.compose.down.volumes"),
    (
        "docker run --privileged -v /:/host alpine",
        D,
        "containers.run.host-root-mount",
    ),
    ("docker run --privileged alpine", D, "containers.run.privileged"),
    (
        "docker run -v /var/run/docker.sock:/var/run/docker.sock img",
        D,
        "containers.run.engine-socket",
    ),
    ("docker run --pid=host alpine", H, "containers.run.host-pid"),
    ("docker run --net=host alpine", H, "containers.run.host-namespace"),
    ("docker run --network host alpine", H, "containers.run.host-namespace"),
    (
        "nerdctl run --mount type=bind,source=/,target=/h img",
        D,
        "containers.run.host-root-mount",
    ),
    ("docker frob", H, "containers.unknown"),
]

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


class TestHelm:
    @pytest.mark.parametrize(("argv", "tier", "rule"), HELM_CASES)
    def test_table(self, argv: str, tier: Tier, rule: str) -> None:
        """
        Each helm command from helm.sh/docs gets its documented tier and
        rule id.
        """
        _check(argv, tier, rule)

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


class TestGit:
    @pytest.mark.parametrize(("argv", "tier", "rule"), GIT_CASES)
    def test_table(self, argv: str, tier: Tier, rule: str) -> None:
        """
        Each git command from git-scm.com/docs gets its tier and rule id.
        """
        _check(argv, tier, rule)

    def test_config_command_is_analysed(self) -> None:
        """
        A ``-c`` key that runs a program has its value analysed as a
        script: a hard rule inside still blocks.
        """
        a = blastradius.score(
            ["git", "-c", "core.sshCommand=rm -rf /", "fetch"]
        )
        assert a.tier is Tier.BLOCKED
        assert "shell.rm.recursive-force" in {f.rule for f in a.findings}
        alias = blastradius.score(["git", "-c", "alias.x=!ls", "x"])
        assert alias.tier is Tier.HUMAN
        flag = blastradius.score(["git", "-c", "core.fsmonitor=true", "log"])
        assert len(flag.commands) == 1
        empty = blastradius.score(["git", "-c", "core.pager=", "log"])
        assert len(empty.commands) == 1
        plain = blastradius.score(["git", "-c", "alias.st=status", "st"])
        assert "shell.read-only" not in {f.rule for f in plain.findings}

    def test_force_with_lease_is_not_force(self) -> None:
        """
        ``--force-with-lease`` scores below ``--force`` (git-push: it
        refuses to overwrite remote work it has not seen).
        """
        lease = blastradius.score(["git", "push", "--force-with-lease"])
        force = blastradius.score(["git", "push", "--force"])
        assert lease.score < force.score
        assert lease.tier is Tier.HUMAN

    def test_abbreviated_long_option(self) -> None:
        """git accepts unambiguous prefixes of long options."""
        a = blastradius.score(["git", "push", "--forc", "origin", "main"])
        assert a.tier is Tier.DUAL


class TestTerraform:
    @pytest.mark.parametrize(("argv", "tier", "rule"), TERRAFORM_CASES)
    def test_table(self, argv: str, tier: Tier, rule: str) -> None:
        """
        Each terraform / tofu command from the Terraform CLI docs gets its
        tier and rule id.
        """
        _check(argv, tier, rule)

    def test_auto_approve_raises(self) -> None:
        """``-auto-approve`` scores above the interactive command."""
        for cmd in (["apply"], ["destroy"]):
            plain = blastradius.score(["terraform", *cmd]).score
            auto = blastradius.score(
                ["terraform", *cmd, "-auto-approve"]
            ).score
            assert auto > plain


class TestContainers:
    @pytest.mark.parametrize(("argv", "tier", "rule"), CONTAINER_CASES)
    def test_table(self, argv: str, tier: Tier, rule: str) -> None:
        """
        Each docker / podman / nerdctl command from the Docker CLI
        reference gets its tier and rule id.
        """
        _check(argv, tier, rule)


class TestCloud:
    @pytest.mark.parametrize(("argv", "tier", "rule"), CLOUD_CASES)
    def test_table(self, argv: str, tier: Tier, rule: str) -> None:
        """
        Each aws / gcloud / gsutil / az command from the CLI references
        gets its tier and rule id.
        """
        _check(argv, tier, rule)

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


class TestTargets:
    @pytest.mark.parametrize(
        ("argv", "rule"),
        [
            (
                "aws --profile prod ec2 stop-instances --instance-ids i",
                "aws.target.production",
            ),
            (
                "gcloud compute instances delete vm --project shop-prod",
                "gcloud.target.production",
            ),
            ("az vm stop -g rg-staging -n vm", "az.target.staging"),
            ("gsutil -p live-data rm gs://b/k", "gsutil.target.production"),
            (
                "docker --context prod rm -f web",
                "containers.target.production",
            ),
            (
                "terraform -chdir=envs/prod destroy",
                "terraform.target.production",
            ),
        ],
    )
    def test_production_raises(self, argv: str, rule: str) -> None:
        """
        A change in a production- or staging-looking account, project or
        resource group scores above the same change elsewhere.
        """
        words = argv.split()
        a = blastradius.score(words)
        assert rule in {f.rule for f in a.findings}
        plain = [
            w.replace("prod", "x").replace("staging", "x").replace("live", "x")
            for w in words
        ]
        assert a.score > blastradius.score(plain).score

    def test_reads_stay_auto(self) -> None:
        """Reading a production account is still read-only."""
        a = blastradius.score(["aws", "--profile", "prod", "s3", "ls"])
        assert a.tier is Tier.AUTO
        assert not any(f.rule.startswith("aws.target") for f in a.findings)

    def test_policy_context_patterns(self) -> None:
        """The patterns come from the policy's context weights."""
        from blastradius.rules import WeightRule

        policy = Policy(
            context_weights=[
                WeightRule("context.production", "acme-main", 2.5)
            ]
        )
        argv = ["aws", "--profile", "acme-main", "ec2", "stop-instances"]
        assert (
            blastradius.score(argv, policy=policy).score
            > blastradius.score(argv).score
        )


class TestInterpreter:
    def test_parse_clusters_and_values(self) -> None:
        """
        Clustered short options split into letters; a value option takes
        the rest of the cluster or the next word; ``--`` ends options.
        """
        w = parse(HELM, ["-nprod", "uninstall", "--", "-x"])
        assert [(o.name, o.value) for o in w.opts] == [
            ("-n", "prod"),
            ("--", None),
        ]
        assert w.pos == ("uninstall", "-x")
        c = parse(GIT, ["-C", "/x", "clean", "-fdx"])
        assert [o.name for o in c.opts] == ["-C", "-f", "-d", "-x"]
        assert c.opts[0].first
        assert not c.opts[1].first

    def test_go_flags(self) -> None:
        """Go flags: ``--name`` is ``-name``; values after ``=``."""
        w = parse(TERRAFORM, ["--chdir=x", "apply", "--auto-approve"])
        assert [o.name for o in w.opts] == ["-chdir", "-auto-approve"]
        assert find_opt(TERRAFORM, w, ["-auto-approve"]) is not None

    def test_false_value_is_absent(self) -> None:
        """``--force=false`` does not count as ``--force``."""
        w = parse(GIT, ["push", "--force=false"])
        assert find_opt(GIT, w, ["--force"]) is None
        assert blastradius.score(["git", "push", "--force=false"]).tier is (
            Tier.HUMAN
        )

    def test_norm_path(self) -> None:
        """Paths normalise like the kernel resolves them."""
        assert norm_path("//") == "/"
        assert norm_path("/etc/../etc//") == "/etc"
        assert norm_path("~/") == "~"
        assert norm_path("of=//dev/sda") == "of=/dev/sda"
        assert norm_path("relative/../x") == "relative/../x"

    def test_glob(self) -> None:
        """``*`` spans any characters; ``=`` is literal."""
        assert glob_match("a*b*c", "a-b-c")
        assert not glob_match("a*b*c", "a-c")
        assert not glob_match("ab*ba", "aba")
        assert glob_match("=a*", "a*")
        assert glob_match("a**b", "ab")
        assert not glob_match("=a*", "ab")

    def test_patterns(self) -> None:
        """
        Compiled pattern groups: exact, prefix, suffix, general globs and
        exclusions; a group of exclusions only matches everything else.
        """
        p = Patterns.of(
            ["=*", "/etc", "/dev/*", "*.conf", "a*b*c", "!/dev/null"]
        )
        assert all(
            p.match(w) for w in ("*", "/etc", "/dev/sda", "x.conf", "a-b-c")
        )
        assert not any(p.match(w) for w in ("/dev/null", "build", "/etcx"))
        only_not = Patterns.of(["!x", "!*.tmp", "!a*b*"])
        assert only_not.match("y")
        assert not any(only_not.match(w) for w in ("x", "f.tmp", "a-b-"))

    def test_needle(self) -> None:
        """
        A row's needle is the longest text its path forces into the joined
        positional words.
        """
        row = CliRule(
            id="t.x",
            effect=Effect.READ_ONLY,
            base=0,
            message="m",
            path=["=*", "...", "delete-*", "*-statuses"],
        )
        assert row.needle == "-statuses\x00"
        star = CliRule(
            id="t.x", effect=Effect.READ_ONLY, base=0, message="m", path=["=*"]
        )
        assert star.needle == "\x00*\x00"

    def test_skipping_path(self) -> None:
        """
        ``...`` in a path skips words, after a head that must still match.
        """
        spec = CliSpec(
            family="t",
            rules=[
                CliRule(
                    id="t.z",
                    effect=Effect.READ_ONLY,
                    base=0,
                    message="m",
                    path=["a*", "...", "z"],
                )
            ],
        )
        row = spec.rules[0]
        assert match_row(spec, row, parse(spec, ["ab", "x", "y", "z"])) == (
            "ab",
            "z",
        )
        assert match_row(spec, row, parse(spec, ["b", "z"])) is None
        assert match_row(spec, row, parse(spec, ["ab", "y"])) is None

    def test_fallback_row(self) -> None:
        """A fallback row counts only when no other action matches."""
        spec = CliSpec(
            family="t",
            rules=[
                CliRule(
                    id="t.default",
                    effect=Effect.MUTATING,
                    base=40,
                    message="m",
                    fallback=True,
                ),
                CliRule(
                    id="t.list",
                    effect=Effect.READ_ONLY,
                    base=0,
                    message="m",
                    path=["list"],
                ),
            ],
        )
        a = blastradius.score(
            ["t", "list"],
            registry={"t": _wrap(spec)},
        )
        b = blastradius.score(["t", "add"], registry={"t": _wrap(spec)})
        assert (a.score, b.score) == (0, 40)

    def test_registered_names(self) -> None:
        """Every tool table is registered under each of its programs."""
        for name in TOOL_SPECS:
            assert name in DEFAULT_REGISTRY


def _wrap(spec: CliSpec) -> Analyzer:
    return make_analyzer(spec)


_RULE_ID = re.compile(r"^[a-z0-9]+(?:\.[a-z0-9-]+)+$")


class TestTableProperties:
    def test_rule_ids(self) -> None:
        """
        Every rule id is a lower-case dotted id under its family; exactly
        the unknown rows end in ``.unknown``.
        """
        for spec in {id(s): s for s in ALL_SPECS.values()}.values():
            prefix = (
                "shell."
                if spec.family.startswith("shell")
                else spec.family + "."
            )
            for row in spec.rules:
                assert _RULE_ID.match(row.id), row.id
                assert row.id.startswith(prefix), (spec.family, row.id)
                assert row.id.endswith(".unknown") is (
                    row.kind is Kind.UNKNOWN
                ), row.id
                assert 0 <= row.base <= 100, row.id
                assert (row.base == 100) is row.hard, row.id

    @given(tool_argv())
    def test_total_and_deterministic(self, argv: list[str]) -> None:
        """
        Any words after any registered program give an `Assessment`, the
        same one twice, never below the floor when something is unknown.
        """
        a = blastradius.score(argv)
        b = blastradius.score(argv)
        assert a == b
        assert 0 <= a.score <= 100
        if any(f.rule.endswith(".unknown") for f in a.findings):
            assert a.tier >= Tier.HUMAN

    @pytest.mark.parametrize(
        ("rule", "argv"),
        HARD_ROW_CASES,
        ids=[" ".join(c[1]) for c in HARD_ROW_CASES],
    )
    def test_hard_rows_block(self, rule: str, argv: list[str]) -> None:
        """Every hard row of every table, written as a command, blocks it."""
        a = blastradius.score(argv)
        assert a.tier is Tier.BLOCKED, (argv, a.reasons)
        assert rule in {f.rule for f in a.findings if f.hard}

    @pytest.mark.parametrize(
        ("rule", "argv"),
        READ_ONLY_ROW_CASES,
        ids=[" ".join(c[1]) for c in READ_ONLY_ROW_CASES],
    )
    def test_read_only_rows_are_auto(self, rule: str, argv: list[str]) -> None:
        """
        Every read-only row of every table, as a command, is AUTO — unless
        it prints a secret (``env``, ``terraform state pull``): then a
        ``disclosure.*`` finding makes it HUMAN (issue #14).
        """
        a = blastradius.score(argv)
        disclosed = [f for f in a.findings if f.effect is Effect.DISCLOSURE]
        if disclosed:
            assert a.tier is Tier.HUMAN, (rule, argv, a.reasons)
        else:
            assert a.tier is Tier.AUTO, (rule, argv, a.reasons)
        assert a.findings

    @given(dangerous_flag_cases())
    def test_dangerous_flag_never_lowers(
        self, case: tuple[list[str], str]
    ) -> None:
        """
        Adding a flag a modifier or hard row names never lowers the score.
        """
        argv, flag = case
        before = blastradius.score(argv)
        after = blastradius.score([*argv, flag])
        assert after.score >= before.score, (argv, flag)
        modifiers = [f for f in after.findings if f.kind is Kind.MODIFIER]
        assert all(f.score > 0 for f in modifiers)


ROOT = Path(__file__).resolve().parent.parent


class TestDocs:
    def test_up_to_date(self) -> None:
        """
        docs/analyzers-tools.md is what tools/gen_tools_docs.py renders from
        the tables (run it after changing a table).
        """
        module = load_script(ROOT / "tools" / "gen_tools_docs.py")
        committed = (ROOT / "docs" / "analyzers-tools.md").read_text(
            encoding="utf-8"
        )
        assert module.render() == committed

    def test_every_rule_documented(self) -> None:
        """Every rule id of every table appears on the page."""
        page = (ROOT / "docs" / "analyzers-tools.md").read_text(
            encoding="utf-8"
        )
        for spec in {id(s): s for s in TOOL_SPECS.values()}.values():
            for row in spec.rules:
                assert f"`{row.id}`" in page, row.id
