"""
The tool tables' interpreter (`blastradius.families._interpret`) over the
`CliSpec` tables of every tool family: option parsing, row matching, the
production targets it reads from a command, properties over the real
tables, and the generated page of the tool tables. Each family's own
commands are in its test module (``test_helm``, ``test_git``,
``test_terraform``, ``test_containers``, ``test_cloud``).
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
