"""
The kubectl corpus: every example command from kubectl's own help text
(``tests/data/kubectl_examples.jsonl``, from kubernetes/kubectl,
Apache-2.0) is analysed with no ``kubectl.*.unknown`` finding, runs the
command path the corpus names, has the effect class committed in
``tests/data/kubectl_expectations.json``, and scores ``AUTO`` when it only
reads.

File contents (``-f x``, ``-f -``, URLs) are unknown by nature; their
finding is ``kubectl.manifest.contents-unknown``, which deliberately does
not match ``kubectl.*.unknown``.
"""

from __future__ import annotations

import json
import re

import pytest

from tests.strategies import (
    EXAMPLES,
    EXPECTATIONS,
    examples,
    kubectl_argvs,
)

import blastradius

from blastradius import Tier
from blastradius.analyzers.kubectl import call_effect, parse_kubectl


ROWS = examples()
EXPECTED: dict[str, list[str]] = json.loads(
    EXPECTATIONS.read_text(encoding="utf-8")
)
UNKNOWN = re.compile(r"^kubectl\..*\.unknown$")
PLACEHOLDER = re.compile(r"<([A-Za-z][A-Za-z0-9_-]*)>")


IDS = [f"{i:03d}:{str(r['cmd'])[:50]}" for i, r in enumerate(ROWS)]


class TestCorpusFile:
    def test_origin_line(self) -> None:
        """
        The first line names where the examples come from.
        """
        meta = json.loads(EXAMPLES.read_text().splitlines()[0])["meta"]
        assert "kubernetes/kubectl" in meta["origin"]
        assert "Apache-2.0" in meta["origin"]

    def test_only_cmd_and_verbs(self) -> None:
        """
        The copy keeps only cmd and verb(s), no prose.
        """
        assert len(ROWS) == 386
        for row in ROWS:
            assert set(row) <= {"cmd", "verb", "verbs_all"}

    def test_expectations_cover_the_corpus(self) -> None:
        """
        There is one expectation per example, and no other.
        """
        assert set(EXPECTED) == {str(r["cmd"]) for r in ROWS}


@pytest.mark.parametrize("row", ROWS, ids=IDS)
class TestCorpus:
    def test_no_unknown(self, row: dict[str, object]) -> None:
        """
        No kubectl command of the line has a kubectl.*.unknown finding.
        """
        for argv in kubectl_argvs(str(row["cmd"])):
            a = blastradius.score(argv)
            bad = [f.reason for f in a.findings if UNKNOWN.match(f.rule)]
            assert not bad, argv

    def test_path_is_the_corpus_verb(self, row: dict[str, object]) -> None:
        """
        The parsed command paths are the ones the corpus names.
        """
        paths = [
            " ".join(parse_kubectl(argv).path)
            for argv in kubectl_argvs(str(row["cmd"]))
        ]
        if row["verb"] is None:
            assert paths == []
        else:
            verbs = row.get("verbs_all") or [row["verb"]]
            assert paths == verbs

    def test_effect_matches_expectation(self, row: dict[str, object]) -> None:
        """
        Each command's effect class is the committed one.
        """
        effects = [
            call_effect(parse_kubectl(argv)).value
            for argv in kubectl_argvs(str(row["cmd"]))
        ]
        assert effects == EXPECTED[str(row["cmd"])]

    def test_read_only_is_auto(self, row: dict[str, object]) -> None:
        """
        A command whose effect is read-only scores AUTO.
        """
        for argv in kubectl_argvs(str(row["cmd"])):
            if call_effect(parse_kubectl(argv)).value == "read-only":
                a = blastradius.score(argv)
                assert a.tier is Tier.AUTO, a.reasons

    def test_shell_string(self, row: dict[str, object]) -> None:
        """
        Scored as a shell string (placeholders made words), the line has
        no kubectl.*.unknown finding and every kubectl command is found.
        """
        text = PLACEHOLDER.sub(r"\1", str(row["cmd"]))
        a = blastradius.score(text)
        bad = [f.reason for f in a.findings if UNKNOWN.match(f.rule)]
        assert not bad
        found = [c for c in a.commands if c.program == "kubectl"]
        assert len(found) >= len(list(kubectl_argvs(str(row["cmd"]))))
