"""
Tests for the kubectl rule tables and the data they are generated from.
"""

from __future__ import annotations

import json
import subprocess
import sys

from pathlib import Path
from types import ModuleType

import pytest

from tests.helpers import load_script

from blastradius._model import Effect
from blastradius.families.kubectl import _data as data
from blastradius.families.kubectl.rules import (
    ACTION_BY_PATH,
    ACTIONS,
    COBRA_ACTIONS,
    CRITICALITY_WEIGHT,
    DRY_RUN_RULE,
    ENV_RULES,
    HARD_RULES,
    LOCAL_OK,
    LOCAL_RULE,
    MODIFIERS,
    RESOURCE_BY_PLURAL,
    RESOURCES,
    SPECIALS,
    UNKNOWN_RULES,
    Criticality,
    Grammar,
)


ROOT = Path(__file__).resolve().parent.parent
TOOL = ROOT / "tools" / "gen_kubectl_tables.py"


def load_tool() -> ModuleType:
    return load_script(TOOL, register=True)


class TestGeneratedData:
    def test_committed_module_is_up_to_date(self) -> None:
        """
        Regenerating families/kubectl/_data.py from tools/data gives the committed
        text.
        """
        tool = load_tool()
        committed = (
            ROOT / "src" / "blastradius" / "families" / "kubectl" / "_data.py"
        ).read_text(encoding="utf-8")
        assert tool.render() == committed

    def test_docs_are_up_to_date(self) -> None:
        """
        docs/kubectl.md is what the tool renders from the rule tables
        (regenerate with ``python tools/gen_kubectl_tables.py --docs``).
        """
        committed = (ROOT / "docs" / "kubectl.md").read_text(encoding="utf-8")
        assert load_tool().render_docs() == committed

    def test_check_mode(self) -> None:
        """
        The tool's --check exits 0 when up to date.
        """
        assert load_tool().main(["--check"]) == 0

    @pytest.mark.parametrize(
        "name",
        [
            "kubectl_verbs.json",
            "kubectl_global_flags.json",
            "kubectl_flag_vocabulary.json",
            "kubernetes_resources.json",
        ],
    )
    def test_data_files_name_their_origin(self, name: str) -> None:
        """
        Every copied data file names kubernetes/kubectl and its licence.
        """
        meta = json.loads((ROOT / "tools" / "data" / name).read_text())["meta"]
        assert "kubernetes/kubectl" in meta["origin"]
        assert "Apache-2.0" in meta["origin"]

    def test_sizes(self) -> None:
        """
        The tree has 110 paths, 29 global flags and 82 resources.
        """
        assert len(data.COMMANDS) == 110
        assert len(data.GLOBAL_FLAGS) == 29
        assert len(data.RESOURCES) == 82


class TestActions:
    def test_one_row_per_tree_path(self) -> None:
        """
        ACTIONS has exactly the tree's paths, each once.
        """
        tree = [c[0] for c in data.COMMANDS]
        assert sorted(a.path for a in ACTIONS) == sorted(tree)
        assert len({a.path for a in ACTIONS}) == len(ACTIONS) == 110

    def test_lookup(self) -> None:
        """
        ACTION_BY_PATH holds ACTIONS and the cobra commands.
        """
        assert len(ACTION_BY_PATH) == len(ACTIONS) + len(COBRA_ACTIONS)
        for a in ACTIONS:
            assert ACTION_BY_PATH[a.path] is a

    def test_read_only_and_local_score_nothing_much(self) -> None:
        """
        Read-only paths have base 0; local-only ones stay under AUTO's 10.
        """
        for a in ACTIONS:
            if a.effect is Effect.READ_ONLY:
                assert a.base == 0, a.id
            elif a.effect is Effect.LOCAL:
                assert a.base <= 10, a.id
            else:
                assert a.base > 0, a.id

    def test_implied_kinds_exist(self) -> None:
        """
        Every implied kind is in the resource table.
        """
        for a in ACTIONS:
            if a.grammar is Grammar.IMPLIED:
                assert a.implied in RESOURCE_BY_PLURAL, a.id
            else:
                assert a.implied == "", a.id

    def test_dry_run_only_for_changes(self) -> None:
        """
        Only changing commands are marked as honouring --dry-run, and
        never the indirect ones (exec, proxy, …).
        """
        for a in ACTIONS:
            if a.dry_run:
                assert a.effect in {Effect.MUTATING, Effect.DESTRUCTIVE}
        for path in LOCAL_OK:
            assert ACTION_BY_PATH[path].dry_run

    def test_groups(self) -> None:
        """
        Help-only groups are marked; create/apply/cluster-info run alone.
        """
        groups = {a.path for a in ACTIONS if a.group}
        assert ("rollout",) in groups
        assert ("set",) in groups
        assert ("create",) not in groups
        assert ("apply",) not in groups


class TestResources:
    def test_every_kind_and_category(self) -> None:
        """
        One row per data row (Kubernetes and OpenShift) and per category.
        """
        assert len(RESOURCES) == (
            len(data.RESOURCES)
            + len(data.OPENSHIFT_RESOURCES)
            + len(data.CATEGORIES)
        )

    @pytest.mark.parametrize(
        "plural",
        [
            "namespaces",
            "persistentvolumes",
            "persistentvolumeclaims",
            "customresourcedefinitions",
            "clusterroles",
            "clusterrolebindings",
            "nodes",
            "mutatingwebhookconfigurations",
            "validatingwebhookconfigurations",
            "storageclasses",
        ],
    )
    def test_critical(self, plural: str) -> None:
        """
        The kinds the issue names rank critical.
        """
        assert RESOURCE_BY_PLURAL[plural].criticality is Criticality.CRITICAL

    def test_secrets_high(self) -> None:
        """
        Secrets rank high.
        """
        assert RESOURCE_BY_PLURAL["secrets"].criticality is Criticality.HIGH

    def test_weights_ordered(self) -> None:
        """
        Higher criticality never weighs less.
        """
        order = [
            Criticality.LOW,
            Criticality.NORMAL,
            Criticality.HIGH,
            Criticality.CRITICAL,
        ]
        weights = [CRITICALITY_WEIGHT[c] for c in order]
        assert weights == sorted(weights)

    def test_ambiguous_plural_maps_to_core(self) -> None:
        """
        events (core and events.k8s.io) resolves by plural to core.
        """
        assert RESOURCE_BY_PLURAL["events"].group == ""
        assert RESOURCE_BY_PLURAL["pods"].group == ""


class TestIds:
    def test_unique_and_prefixed(self) -> None:
        """
        Every rule id in every table is unique and starts with kubectl.
        """
        ids = [
            *(a.id for a in ACTION_BY_PATH.values()),
            *(m.id for m in MODIFIERS),
            *(s.id for s in SPECIALS),
            *(h.id for h in HARD_RULES),
            *(e.id for e in ENV_RULES if not e.id.endswith(".unknown")),
            *UNKNOWN_RULES,
            DRY_RUN_RULE.id,
            LOCAL_RULE.id,
        ]
        assert len(ids) == len(set(ids))
        assert all(i.startswith("kubectl.") for i in ids)

    def test_unknown_ids(self) -> None:
        """
        Unknown ids end in .unknown, except file contents, which must not
        match kubectl.*.unknown (the corpus may read files).
        """
        for rule in UNKNOWN_RULES:
            if "manifest" in rule:
                assert not rule.endswith(".unknown")
            else:
                assert rule.endswith(".unknown")

    def test_hard_rules_name_real_kinds(self) -> None:
        """
        Hard rules name kinds in the table and paths in the tree.
        """
        for h in HARD_RULES:
            assert h.resources <= set(RESOURCE_BY_PLURAL), h.id
            assert h.paths <= set(ACTION_BY_PATH), h.id

    def test_specials_and_modifiers_name_real_paths(self) -> None:
        """
        Specials and modifiers only name paths of the tree.
        """
        for s in SPECIALS:
            assert s.path in ACTION_BY_PATH, s.id
        for m in MODIFIERS:
            assert m.paths <= set(ACTION_BY_PATH), m.id
            assert m.score > 0


class TestLiteralIds:
    """Every kubectl rule id is written out in the family's source."""

    def test_grep_finds_every_id(self) -> None:
        """
        Each id of every table (actions, resources, modifiers, specials,
        hard, environment, dry-run and unknown rules) occurs literally, as
        a whole word, in ``src/blastradius/families/kubectl/`` — so ``grep
        kubectl.rollout.undo src/`` finds its row.
        """
        import re

        from blastradius.families.kubectl import rules

        text = "\n".join(
            p.read_text(encoding="utf-8")
            for p in (
                ROOT / "src" / "blastradius" / "families" / "kubectl"
            ).glob("*.py")
        )
        ids = [
            *(r.id for r in rules.ACTIONS),
            *(r.id for r in rules.COBRA_ACTIONS),
            *(r.id for r in rules.RESOURCES),
            *(r.id for r in rules.MODIFIERS),
            *(r.id for r in rules.SPECIALS),
            *(r.id for r in rules.HARD_RULES),
            *(r.id for r in rules.ENV_RULES),
            rules.DRY_RUN_RULE.id,
            rules.LOCAL_RULE.id,
            *rules.UNKNOWN_RULES,
        ]
        missing = [
            i
            for i in ids
            if not re.search(rf"(?<![\w.-]){re.escape(i)}(?![\w.-])", text)
        ]

        assert len(ids) > 200
        assert missing == []

    def test_action_id_is_its_path(self) -> None:
        """An action's id is ``kubectl.`` plus its path joined with dots."""
        from blastradius.families.kubectl.rules import ACTIONS

        assert all(r.id == "kubectl." + ".".join(r.path) for r in ACTIONS)

    def test_resource_ids_line_up(self) -> None:
        """
        The generated ids name the row they stand beside: its plural, and
        its group where several groups serve that plural.
        """
        from blastradius.families.kubectl.rules import RESOURCES

        assert len(data.RESOURCE_IDS) == len(RESOURCES)
        for row in RESOURCES:
            assert row.id.startswith(f"kubectl.resource.{row.resource}")
            rest = row.id.removeprefix(f"kubectl.resource.{row.resource}")
            assert rest in {"", f".{row.group}"}
        assert len({r.id for r in RESOURCES}) == len(RESOURCES)


class TestLazyRows:
    """The rows only some commands need load on first use."""

    def test_literal_paths_match_the_tables(self) -> None:
        """
        `SPECIAL_PATHS` and `HARD_PATHS` (literal data the analyzer reads
        without loading the rows) are exactly the paths of those rows.
        """
        from blastradius.families.kubectl import modifiers, rules

        assert {s.path for s in modifiers.SPECIALS} == rules.SPECIAL_PATHS
        assert {
            p for h in modifiers.HARD_RULES for p in h.paths
        } == rules.HARD_PATHS

    def test_served_by_the_rules_module(self) -> None:
        """
        The rules module serves the moved rows as its own; other missing
        names raise `AttributeError`.
        """
        from blastradius.families.kubectl import modifiers, rules

        assert rules.MODIFIERS is modifiers.MODIFIERS
        assert rules.HardRule is modifiers.HardRule
        with pytest.raises(AttributeError, match="no_such"):
            _ = rules.no_such

    def test_get_pods_loads_none_of_them(self) -> None:
        """
        Scoring ``kubectl get pods`` in a fresh interpreter does not import
        the modifier, special, hard and environment rows.
        """

        code = (
            "import sys; from blastradius import score; "
            "score('kubectl get pods'); "
            "print('blastradius.families.kubectl.modifiers' in sys.modules)"
        )
        out = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            env={"PYTHONPATH": str(ROOT / "src")},
        ).stdout

        assert out.strip() == "False"

    def test_docs_name_only_real_ids(self) -> None:
        """
        Every ``kubectl.…`` id the documentation pages name (in backticks)
        is an id of the kubectl tables (or one the engine writes for the
        family: ``kubectl.listing-fed-unknown``), but for the typo
        docs/agents.md shows on purpose.
        """
        import re

        from blastradius.families.kubectl import modifiers, rules

        known = {
            *(r.id for r in rules.ACTIONS),
            *(r.id for r in rules.COBRA_ACTIONS),
            *(r.id for r in rules.RESOURCES),
            *(r.id for r in modifiers.MODIFIERS),
            *(r.id for r in modifiers.SPECIALS),
            *(r.id for r in modifiers.HARD_RULES),
            *(r.id for r in modifiers.ENV_RULES),
            rules.DRY_RUN_RULE.id,
            rules.LOCAL_RULE.id,
            *rules.UNKNOWN_RULES,
            "kubectl.listing-fed-unknown",
            # docs/agents.md: "a rule id … that no rule has"
            "kubectl.delete.namespaces",
        }
        named = {
            m
            for page in (ROOT / "docs").glob("*.md")
            if page.name != "changelog.md"
            for m in re.findall(
                r"`(kubectl\.[a-z0-9][a-z0-9.-]*)`",
                page.read_text(encoding="utf-8"),
            )
        }

        assert len(named) > 50
        assert sorted(named - known) == []
