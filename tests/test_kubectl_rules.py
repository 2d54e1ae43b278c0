"""
Tests for the kubectl rule tables and the data they are generated from.
"""

from __future__ import annotations

import json

from pathlib import Path
from types import ModuleType

import pytest

from tests.helpers import load_script

from blastradius._model import Effect
from blastradius.rules import _data_kubectl as data
from blastradius.rules.kubectl import (
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
        Regenerating _data_kubectl.py from tools/data gives the committed
        text.
        """
        tool = load_tool()
        committed = (
            ROOT / "src" / "blastradius" / "rules" / "_data_kubectl.py"
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
