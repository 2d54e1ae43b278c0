"""
The packages family (`blastradius.families.packages`: pip, pipx, uv, npm,
yarn, pnpm, apt / apt-get, dnf / yum, brew, cargo, go): its corpus of
documented commands (``tests/data/packages_examples.tsv``, origins and
licences in its header) gives the expected tier and rule per line.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from hypothesis import given
from hypothesis import strategies as st
from tests.helpers import read_tsv

import blastradius

from blastradius import Tier
from blastradius.families.packages.rules import PACKAGE_SPECS


PACKAGE_ROWS = read_tsv(
    Path(__file__).resolve().parent / "data" / "packages_examples.tsv"
)


def _rules(a: blastradius.Assessment) -> set[str]:
    return {f.rule for f in a.findings}


class TestPackagesCorpus:
    @pytest.mark.parametrize(("tier", "rule", "cmd"), PACKAGE_ROWS)
    def test_line(self, tier: str, rule: str, cmd: str) -> None:
        """
        Each documented package-manager command gets its expected tier and
        names its rule.
        """
        a = blastradius.score(cmd)
        assert a.tier.value == tier, (cmd, a.score, a.reasons)
        assert rule in _rules(a), (cmd, _rules(a))

    def test_classes(self) -> None:
        """
        Installs and removals are HUMAN, listing and search AUTO, and
        project code keeps the unknown floor (HUMAN, never DUAL).
        """
        for tier, rule, _ in PACKAGE_ROWS:
            if rule.endswith((".install", ".remove", ".project-code.unknown")):
                assert tier == "human", rule
            if rule.endswith(".read"):
                assert tier == "auto", rule

    def test_every_manager_covered(self) -> None:
        """
        Every package manager's spec has corpus lines.
        """
        programs = {c.split()[0] for _, _, c in PACKAGE_ROWS}
        families = {PACKAGE_SPECS[p].family for p in programs}
        assert families == {s.family for s in PACKAGE_SPECS.values()}

    @given(
        st.sampled_from(sorted(PACKAGE_SPECS)),
        st.sampled_from(["delete", "destroy", "drop", "purge", "wipe"]),
    )
    def test_family_not_unknown(self, program: str, word: str) -> None:
        """
        A package manager is a family, never an unknown program: a
        destructive word it does not know stays at the family's unknown
        floor (HUMAN), not the unknown-program DUAL floor.
        """
        a = blastradius.score([program, word, "x"])
        assert "shell.destructive-subcommand.unknown" not in _rules(a)
        assert a.tier is Tier.HUMAN
