"""
The platform family (PostgreSQL's and MongoDB's client programs, helmfile,
argocd, flux, kustomize) and ``oc``'s own command tree: each corpus of
documented commands (``tests/data/platform_examples.tsv``,
``tests/data/oc_examples.jsonl``; origins and licences in their headers)
gives the expected tier and rule per line; the generated tables and pages
are fresh; ``oc`` hands kubectl's commands to kubectl's analyzer unchanged;
and properties over the platform, package-manager and ``oc`` tables (the
package managers' own corpus is ``test_packages``).
"""

from __future__ import annotations

import json

from pathlib import Path
from types import ModuleType

import pytest

from hypothesis import given
from hypothesis import strategies as st
from tests.helpers import load_script, read_tsv
from tests.strategies import examples, instantiate, kubectl_argvs

import blastradius

from blastradius import Tier
from blastradius._model import Effect, Kind
from blastradius.analyzers import DEFAULT_REGISTRY
from blastradius.families._clispec import CliRule
from blastradius.families.kubectl.grammar import parse_kubectl
from blastradius.families.packages.rules import PACKAGE_SPECS
from blastradius.families.platform.analyzer import analyze_oc
from blastradius.families.platform.grammar import PLATFORM_SPECS
from blastradius.rules import _data_oc
from blastradius.rules.oc import CLASSES, OC, OWN_HEADS


ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"


def _tool(name: str) -> ModuleType:
    return load_script(ROOT / "tools" / f"{name}.py")


PLATFORM_ROWS = read_tsv(DATA / "platform_examples.tsv")
OC_LINES = (
    (DATA / "oc_examples.jsonl").read_text(encoding="utf-8").splitlines()
)
OC_META = json.loads(OC_LINES[0])["meta"]
OC_ROWS = [json.loads(line) for line in OC_LINES[1:]]


def _rules(a: blastradius.Assessment) -> set[str]:
    return {f.rule for f in a.findings}


class TestPlatformCorpus:
    @pytest.mark.parametrize(("tier", "rule", "cmd"), PLATFORM_ROWS)
    def test_line(self, tier: str, rule: str, cmd: str) -> None:
        """
        Each documented platform command gets its expected tier and names
        its rule.
        """
        a = blastradius.score(cmd)
        assert a.tier.value == tier, (cmd, a.score, a.reasons)
        assert rule in _rules(a), (cmd, _rules(a))

    def test_header_names_origins(self) -> None:
        """
        The corpus names where its commands come from, with licences.
        """
        head = (
            (DATA / "platform_examples.tsv").read_text().split("\n# dropdb")[0]
        )
        for origin in (
            "postgresql.org",
            "mongodb.com",
            "helmfile",
            "argo-cd.readthedocs.io",
            "fluxcd.io",
            "kustomize",
        ):
            assert origin in head
        assert "Apache-2.0" in head

    def test_every_family_covered(self) -> None:
        """
        Every platform program has corpus lines; those that change
        something have lines that only read and lines that do not.
        """
        for program in PLATFORM_SPECS:
            tiers = {t for t, _, c in PLATFORM_ROWS if c.split()[0] == program}
            assert tiers, program
            if program in ("pg_dump", "pg_dumpall", "mongodump"):
                continue
            assert "auto" in tiers, program
            assert tiers - {"auto"}, program


class TestOcTables:
    def test_generated_module_fresh(self) -> None:
        """
        rules/_data_oc.py is what tools/gen_oc_tables.py renders from
        tools/data/oc_commands.json.
        """
        committed = (
            ROOT / "src" / "blastradius" / "rules" / "_data_oc.py"
        ).read_text(encoding="utf-8")
        assert _tool("gen_oc_tables").render() == committed

    def test_docs_fresh(self) -> None:
        """
        docs/oc.md is what tools/gen_oc_tables.py --docs renders.
        """
        committed = (ROOT / "docs" / "oc.md").read_text(encoding="utf-8")
        assert _tool("gen_oc_tables").render_docs() == committed

    def test_origin(self) -> None:
        """
        The data names the openshift/oc commit and its licence.
        """
        assert _data_oc.ORIGIN.startswith("openshift/oc @ ")
        assert "Apache-2.0" in _data_oc.ORIGIN

    def test_rows(self) -> None:
        """
        Each command has one id (``oc.`` + its path), a known class and a
        source file under pkg/cli or the vendored kubectl.
        """
        ids = [rule for rule, _, _, _, _ in _data_oc.COMMANDS]
        assert len(ids) == len(set(ids))
        for rule, path, klass, _, source in _data_oc.COMMANDS:
            assert rule == "oc." + ".".join(path)
            assert klass in CLASSES
            assert source.startswith(("pkg/cli/", "vendor/k8s.io/kubectl/"))

    def test_not_kubectl_commands(self) -> None:
        """
        None of oc's own commands is in kubectl's command tree, so routing
        sends each of them to oc's table.
        """
        for _, path, _, _, _ in _data_oc.COMMANDS:
            call = parse_kubectl(["oc", *path])
            assert ("command", path[len(call.path)]) in call.problems, path
        assert "get" not in OWN_HEADS

    def test_every_row_reachable(self) -> None:
        """
        Every command of the table scores with its own rule id.
        """
        for rule, path, _, _, _ in _data_oc.COMMANDS:
            a = blastradius.score(["oc", *path])
            assert any(r.startswith(rule) for r in _rules(a)), (
                path,
                _rules(a),
            )

    def test_spec_family(self) -> None:
        """
        oc's spec is weighted by namespace like kubectl.
        """
        assert OC.family == "oc"
        assert OC.scoped


class TestOcRouting:
    @pytest.mark.parametrize(
        "row",
        examples(),
        ids=[f"{i:03d}" for i in range(len(examples()))],
    )
    def test_kubectl_commands_unchanged(self, row: dict[str, object]) -> None:
        """
        A kubectl example run as ``oc`` scores as it does under kubectl.
        """
        for argv in kubectl_argvs(str(row["cmd"])):
            as_kubectl = blastradius.score(argv)
            as_oc = blastradius.score(["oc", *argv[1:]])
            assert as_oc.score == as_kubectl.score, argv
            assert _rules(as_oc) == _rules(as_kubectl), argv

    def test_registered(self) -> None:
        """
        The registry's oc is the routing analyzer.
        """
        assert DEFAULT_REGISTRY["oc"] is analyze_oc

    @pytest.mark.parametrize(
        ("cmd", "tier", "rule"),
        [
            ("oc new-project web-team-dev", Tier.HUMAN, "oc.new-project"),
            ("oc project payments", Tier.AUTO, "oc.project"),
            ("oc adm drain node1", Tier.DUAL, "oc.adm.drain"),
            ("oc adm prune images", Tier.AUTO, "oc.adm.prune.images.dry-run"),
            (
                "oc adm prune images --confirm",
                Tier.DUAL,
                "oc.adm.prune.images",
            ),
            ("oc adm upgrade", Tier.AUTO, "oc.adm.upgrade.status"),
            ("oc adm upgrade --to-latest", Tier.DUAL, "oc.adm.upgrade"),
            ("oc new-app -S php", Tier.AUTO, "oc.new-app.read"),
            ("oc new-app mysql", Tier.HUMAN, "oc.new-app"),
            ("oc -n dev rollout latest dc/x", Tier.HUMAN, "oc.rollout.latest"),
            ("oc frobnicate", Tier.HUMAN, "oc.unknown"),
            # a help line is read before any family (judgment, #14)
            ("oc adm --help", Tier.AUTO, "help"),
            (
                "oc delete project payments",
                Tier.BLOCKED,
                "kubectl.delete.namespace",
            ),
        ],
    )
    def test_oc_commands(self, cmd: str, tier: Tier, rule: str) -> None:
        """
        oc's own commands get their table's tier; kubectl's stay kubectl's.
        """
        a = blastradius.score(cmd)
        assert a.tier is tier, (cmd, a.reasons)
        assert rule in _rules(a), (cmd, _rules(a))


class TestOcCorpus:
    def test_origin(self) -> None:
        """
        The corpus names the openshift/oc commit and its licence.
        """
        assert OC_META["origin"].startswith("openshift/oc @ ")
        assert "Apache-2.0" in OC_META["origin"]
        assert len(OC_ROWS) >= 250

    @pytest.mark.parametrize(
        "row", OC_ROWS, ids=[f"{i:03d}" for i in range(len(OC_ROWS))]
    )
    def test_line(self, row: dict[str, str]) -> None:
        """
        Each example of oc's own help gets its expected tier, and none is
        left to oc's unknown row.
        """
        a = blastradius.score(row["cmd"])
        assert a.tier.value == row["tier"], (row["cmd"], a.reasons)
        assert "oc.unknown" not in _rules(a), row["cmd"]

    def test_read_classes_auto(self) -> None:
        """
        Every example whose command is of the read class (and has no
        run-time word) is AUTO.
        """
        read = {p for _, p, k, _, _ in _data_oc.COMMANDS if k == "read"}
        checked = 0
        for row in OC_ROWS:
            words = row["cmd"].split()[1:]
            if any(tuple(words[: len(p)]) == p for p in read) and not any(
                c in row["cmd"] for c in "*?[~$"
            ):
                checked += 1
                assert row["tier"] == "auto", row["cmd"]
        assert checked >= 30


_SPECS = {**PLATFORM_SPECS, **PACKAGE_SPECS, "oc": OC}
"""Every new table by a program name that runs it."""


def _row_cases() -> list[tuple[str, str, list[str]]]:
    """(effect, rule id, argv) of every action row that can be written."""
    seen: set[tuple[str, ...]] = set()
    out = []
    for program, spec in _SPECS.items():
        for row in spec.rules:
            if row.kind is not Kind.ACTION:
                continue
            argv = instantiate(program, row)
            if (
                argv is None
                or tuple(argv) in seen
                # an option that takes a value would swallow the next one
                or any(g[0] in spec.value_opts for g in row.when)
                # oc hands what kubectl knows to kubectl (TestOcRouting)
                or (spec is OC and not parse_kubectl(argv).problems)
            ):
                continue
            seen.add(tuple(argv))
            out.append((row.effect.value, row.id, argv))
    return out


ROW_CASES = _row_cases()


class TestTables:
    @pytest.mark.parametrize(
        ("effect", "rule", "argv"),
        ROW_CASES,
        ids=[" ".join(c[2]) for c in ROW_CASES],
    )
    def test_row_written_down(
        self, effect: str, rule: str, argv: list[str]
    ) -> None:
        """
        Every action row, written as a command, fires; a read-only row is
        AUTO and a row that changes something is at least HUMAN.
        """
        a = blastradius.score(argv)
        assert rule in _rules(a) or a.tier is Tier.BLOCKED, (argv, _rules(a))
        if effect == Effect.READ_ONLY.value and not rule.endswith(
            (".token", ".extract", ".must-gather", ".inspect")
        ):
            base = next(r.base for r in _all_rows() if r.id == rule)
            if base <= 10:
                assert a.tier is Tier.AUTO, (argv, a.reasons)
        if effect in (Effect.MUTATING.value, Effect.DESTRUCTIVE.value):
            assert a.tier >= Tier.HUMAN, (argv, a.reasons)

    def test_ids_prefixed(self) -> None:
        """
        Every row's id starts with its family; unknown rows end in
        ``.unknown``.
        """
        for spec in {id(s): s for s in _SPECS.values()}.values():
            for row in spec.rules:
                assert row.id.startswith(f"{spec.family}."), row.id
                if row.kind is Kind.UNKNOWN:
                    assert row.id.endswith(".unknown"), row.id

    def test_docs_fresh(self) -> None:
        """
        docs/platform.md and docs/packages.md are what
        tools/gen_platform_docs.py renders, and name every rule id.
        """
        tool = _tool("gen_platform_docs")
        platform_page = (ROOT / "docs" / "platform.md").read_text()
        packages_page = (ROOT / "docs" / "packages.md").read_text()
        assert tool.render_platform() == platform_page
        assert tool.render_packages() == packages_page
        for table, page in (
            (PLATFORM_SPECS, platform_page),
            (PACKAGE_SPECS, packages_page),
        ):
            for spec in table.values():
                for row in spec.rules:
                    assert f"`{row.id}`" in page, row.id

    @given(
        st.sampled_from(sorted(_SPECS)),
        st.lists(
            st.sampled_from(
                ["delete", "-n", "prod", "--all", "-f", "x", "--", "list"]
            ),
            max_size=6,
        ),
    )
    def test_total(self, program: str, words: list[str]) -> None:
        """
        Any words after a new family's program give an assessment.
        """
        a = blastradius.score([program, *words])
        assert 0 <= a.score <= 100


def _all_rows() -> list[CliRule]:
    return [r for s in _SPECS.values() for r in s.rules]
