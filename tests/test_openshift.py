"""
Tests for OpenShift's projects: ``oc`` (and kubectl on an OpenShift
cluster) names a namespace as a Project, ``project.openshift.io/v1``,
cluster-scoped, singular ``project``, no short name (OpenShift's API
reference, "Project [project.openshift.io/v1]":
https://docs.redhat.com/en/documentation/openshift_container_platform/4.18/html/project_apis/project-project-openshift-io-v1
and its endpoints, served only at ``/apis/project.openshift.io/v1/projects``
and ``.../projects/{name}``, no namespaced path:
https://docs.redhat.com/zh-cn/documentation/openshift_container_platform/4.21/html/project_apis/_api-endpoints
). Deleting one deletes its namespace and everything in it, so it falls
under the hard rule ``kubectl.delete.namespace``.
"""

from __future__ import annotations

import json
import shlex

from collections.abc import Callable
from pathlib import Path

import pytest

from hypothesis import given
from hypothesis import strategies as st
from tests.strategies import names

import blastradius

from blastradius import Tier
from blastradius._model import Kind
from blastradius.families.kubectl import _data as data
from blastradius.families.kubectl.analyzer import ANALYZERS
from blastradius.families.kubectl.grammar import resolve_resource
from blastradius.families.kubectl.rules import (
    HARD_RULES,
    RESOURCE_BY_PLURAL,
    RESOURCES,
    Criticality,
    ResourceRule,
)


ROOT = Path(__file__).resolve().parent.parent
DATA_FILE = ROOT / "tools" / "data" / "openshift_resources.json"
GROUP = "project.openshift.io"
NS_RULE = "kubectl.delete.namespace"

PROJECT: ResourceRule = RESOURCE_BY_PLURAL["projects"]
"""The table row the tests draw spellings from."""


def assess(script: str) -> blastradius.Assessment:
    """
    Score *script* as shell text (the shell layer reads it).
    """
    return blastradius.score(script)


def rule_ids(a: blastradius.Assessment) -> set[str]:
    return {f.rule for f in a.findings}


def _kubernetes_spellings() -> set[str]:
    return {
        s
        for plural, singular, kind, _g, shorts, _ns in data.RESOURCES
        for s in (plural, singular, kind.lower(), *shorts)
    }


class TestProjectData:
    def test_data_file_names_its_origin_first(self) -> None:
        """
        The hand-written data file opens with its origin: OpenShift's API
        reference for project.openshift.io/v1 (not kubernetes/kubectl).
        """
        doc = json.loads(DATA_FILE.read_text(encoding="utf-8"))
        assert next(iter(doc)) == "meta"
        origin = doc["meta"]["origin"]
        assert "OpenShift" in origin
        assert "project.openshift.io/v1" in origin
        assert "kubernetes/kubectl" not in origin

    def test_generated_rows_are_the_data_file(self) -> None:
        """
        OPENSHIFT_RESOURCES is the data file's rows, in the same shape as
        RESOURCES.
        """
        doc = json.loads(DATA_FILE.read_text(encoding="utf-8"))
        rows = tuple(
            (
                r["name"],
                r["singular"],
                r["kind"],
                r["group"],
                tuple(r["short_names"]),
                r["namespaced"],
            )
            for r in doc["resources"]
        )
        assert rows == data.OPENSHIFT_RESOURCES
        assert all(len(r) == len(data.RESOURCES[0]) for r in rows)

    def test_project_row(self) -> None:
        """
        A project: plural ``projects``, singular ``project``, Kind
        ``Project``, group project.openshift.io, no short name,
        cluster-scoped, as critical as a namespace.
        """
        assert PROJECT.id == "kubectl.resource.projects"
        assert PROJECT.singular == "project"
        assert PROJECT.kind == "Project"
        assert PROJECT.group == GROUP
        assert PROJECT.short_names == ()
        assert PROJECT.namespaced is False
        assert PROJECT.criticality is Criticality.CRITICAL
        assert (
            PROJECT.criticality is RESOURCE_BY_PLURAL["namespaces"].criticality
        )

    def test_rows_follow_the_kubernetes_kinds(self) -> None:
        """
        The OpenShift rows come after every Kubernetes kind and before the
        categories, one rule row each.
        """
        plurals = [r.resource for r in RESOURCES]
        k8s = len(data.RESOURCES)
        extra = [r[0] for r in data.OPENSHIFT_RESOURCES]
        assert plurals[k8s : k8s + len(extra)] == extra
        assert all(r.members for r in RESOURCES[k8s + len(extra) :])

    def test_no_kubernetes_spelling_is_taken(self) -> None:
        """
        No OpenShift spelling is also a Kubernetes one, so each OpenShift
        row is reachable by all its spellings and no Kubernetes kind
        changes meaning.
        """
        openshift = {
            s
            for plural, singular, kind, _g, shorts, _ns in (
                data.OPENSHIFT_RESOURCES
            )
            for s in (plural, singular, kind.lower(), *shorts)
        }
        assert openshift.isdisjoint(_kubernetes_spellings())
        for s in openshift:
            found = resolve_resource(s)
            assert found is not None
            assert found.group.endswith(".openshift.io")

    def test_namespace_hard_rule_covers_projects(self) -> None:
        """
        The namespace hard rule names projects; no other hard rule does.
        """
        covering = [h.id for h in HARD_RULES if "projects" in h.resources]
        assert covering == [NS_RULE]
        rule = next(h for h in HARD_RULES if h.id == NS_RULE)
        assert {"namespaces", "projects"} <= rule.resources

    def test_oc_is_the_kubectl_analyzer(self) -> None:
        """
        ``oc`` is read by the kubectl analyzer.
        """
        assert ANALYZERS["oc"] is ANALYZERS["kubectl"]


CURL_DELETE = (
    "curl -X DELETE "
    "https://api.example:6443/apis/project.openshift.io/v1/projects/p"
)
"""The API call ``oc delete project p`` makes, through curl."""

HEREDOC_DELETE = """\
oc delete -f - <<EOF
apiVersion: project.openshift.io/v1
kind: Project
metadata:
  name: payments
EOF
"""
"""A manifest of kind Project fed on standard input."""


# (command, tier, a rule id among the findings). The oc commands are from
# OpenShift's CLI reference (oc delete, get, describe, label; oc project
# switches the default project in the local configuration; oc new-project
# creates a project and switches to it):
# https://docs.openshift.com/container-platform/4.1/cli_reference/developer-cli-commands.html
COMMANDS: list[tuple[str, Tier, str]] = [
    ("oc delete project payments", Tier.BLOCKED, NS_RULE),
    ("kubectl delete project payments", Tier.BLOCKED, NS_RULE),
    ("oc delete projects payments", Tier.BLOCKED, NS_RULE),
    ("oc delete Project payments", Tier.BLOCKED, NS_RULE),
    ("oc delete PROJECTS payments", Tier.BLOCKED, NS_RULE),
    ("oc delete project/payments", Tier.BLOCKED, NS_RULE),
    (
        "oc delete projects.project.openshift.io payments",
        Tier.BLOCKED,
        NS_RULE,
    ),
    (
        "oc delete projects.v1.project.openshift.io payments",
        Tier.BLOCKED,
        NS_RULE,
    ),
    ("oc delete project.project.openshift.io/payments", Tier.BLOCKED, NS_RULE),
    ("oc delete pod,project payments", Tier.BLOCKED, NS_RULE),
    ("oc delete project a b c", Tier.BLOCKED, NS_RULE),
    ("oc delete project --all", Tier.BLOCKED, NS_RULE),
    ("oc delete project -l team=a", Tier.BLOCKED, NS_RULE),
    ("oc -n dev delete project payments", Tier.BLOCKED, NS_RULE),
    ("oc --context prod delete project payments", Tier.BLOCKED, NS_RULE),
    ("oc delete project payments --dry-run=none", Tier.BLOCKED, NS_RULE),
    ("oc delete project payments --wait=false", Tier.BLOCKED, NS_RULE),
    (
        "oc delete --raw /apis/project.openshift.io/v1/projects/payments",
        Tier.BLOCKED,
        NS_RULE,
    ),
    (CURL_DELETE, Tier.BLOCKED, NS_RULE),
    (HEREDOC_DELETE, Tier.BLOCKED, NS_RULE),
    ("oc get projects", Tier.AUTO, "kubectl.get"),
    ("oc get project payments", Tier.AUTO, "kubectl.get"),
    ("kubectl get projects -o yaml", Tier.AUTO, "kubectl.get"),
    ("oc describe project payments", Tier.AUTO, "kubectl.describe"),
    (
        "oc delete project payments --dry-run=server",
        Tier.AUTO,
        "kubectl.dry-run",
    ),
    (
        "oc delete project payments --dry-run=client",
        Tier.AUTO,
        "kubectl.dry-run",
    ),
    ("oc delete project payments --dry-run", Tier.AUTO, "kubectl.dry-run"),
    ("oc label project payments team=a", Tier.HUMAN, "kubectl.label"),
    # oc's own commands (not in kubectl's command tree) are read from oc's
    # table (blastradius.rules.oc): switching the project changes only the
    # local configuration, as kubectl config use-context does; creating one
    # changes the cluster.
    ("oc project payments", Tier.AUTO, "oc.project"),
    ("oc new-project payments", Tier.HUMAN, "oc.new-project"),
    # config.openshift.io's Project is the cluster's project configuration,
    # not a namespace: an unknown kind, not the hard rule.
    (
        "oc delete projects.config.openshift.io cluster",
        Tier.HUMAN,
        "kubectl.resource.unknown",
    ),
]


class TestCommands:
    @pytest.mark.parametrize(("cmd", "tier", "rule"), COMMANDS)
    def test_tier_and_rule(self, cmd: str, tier: Tier, rule: str) -> None:
        """
        Each project command gets its documented tier and names its rule.
        """
        a = assess(cmd)
        assert a.tier is tier, (cmd, a.reasons)
        assert rule in rule_ids(a), (cmd, rule_ids(a))

    @pytest.mark.parametrize(
        "cmd",
        [c for c, tier, _r in COMMANDS if tier is not Tier.BLOCKED],
    )
    def test_no_hard_finding_unless_blocked(self, cmd: str) -> None:
        """
        Reads, dry runs and other kinds fire no hard rule.
        """
        assert Kind.HARD not in {f.kind for f in assess(cmd).findings}

    def test_blocked_finding_names_the_words(self) -> None:
        """
        The hard finding carries the path and the words naming the project;
        the action finding names the kind.
        """
        a = assess("oc delete Project/payments")
        hard = [f for f in a.findings if f.rule == NS_RULE]
        assert [f.words for f in hard] == [("delete", "Project/payments")]
        assert hard[0].kind is Kind.HARD
        action = [f for f in a.findings if f.rule == "kubectl.delete"]
        assert [f.resource for f in action] == ["projects"]

    def test_project_scores_as_a_namespace(self) -> None:
        """
        Changing a project weighs like changing a namespace.
        """
        for verb in ("label {} x a=b", "annotate {} x a=b"):
            ns = assess("oc " + verb.format("namespace")).score
            assert assess("oc " + verb.format("project")).score == ns


# -- properties ----------------------------------------------------------

QUALIFIERS = ("", f".{GROUP}", f".v1.{GROUP}")
"""How a type word may be qualified (plural.group, plural.version.group)."""


@st.composite
def project_types(draw: st.DrawFn) -> str:
    """
    A project type word: plural, singular or Kind, in any case, bare or
    qualified by its group (and version).
    """
    word = draw(
        st.sampled_from((PROJECT.resource, PROJECT.singular, PROJECT.kind))
    )
    flips = draw(
        st.lists(st.booleans(), min_size=len(word), max_size=len(word))
    )
    cased = "".join(
        c.upper() if up else c.lower()
        for c, up in zip(word, flips, strict=True)
    )
    return cased + draw(st.sampled_from(QUALIFIERS))


@st.composite
def project_refs(draw: st.DrawFn) -> list[str]:
    """
    The words naming one or more projects: ``TYPE NAME...``,
    ``TYPE/NAME...`` or a comma list ``pod,TYPE NAME``.
    """
    type_word = draw(project_types())
    name = draw(names)
    form = draw(st.sampled_from(("plain", "slash", "list")))
    if form == "slash":
        return [f"{type_word}/{name}"]
    if form == "list":
        return [f"pod,{type_word}", name]
    more = draw(st.lists(names, max_size=2))
    return [type_word, name, *more]


def _sudo(cmd: str) -> str:
    return f"sudo {cmd}"


def _bash_c(cmd: str) -> str:
    return f"bash -c {shlex.quote(cmd)}"


def _sh_c(cmd: str) -> str:
    return f"sh -c {shlex.quote(cmd)}"


def _env(cmd: str) -> str:
    return f"env TEAM=payments {cmd}"


def _chain_before(cmd: str) -> str:
    return f"cd /tmp; {cmd}"


def _chain_after(cmd: str) -> str:
    return f"{cmd} ; echo done"


def _and(cmd: str) -> str:
    return f"true && {cmd}"


def _timeout(cmd: str) -> str:
    return f"timeout 60 {cmd}"


WRAPPERS: tuple[Callable[[str], str], ...] = (
    _sudo,
    _bash_c,
    _sh_c,
    _env,
    _chain_before,
    _chain_after,
    _and,
    _timeout,
)
"""Ways to reach a command through the shell layer."""


@st.composite
def delete_projects(draw: st.DrawFn, dry: tuple[str, ...]) -> str:
    """
    ``oc``/``kubectl delete`` of projects in any spelling, with an optional
    ``-n`` before or after the path, one of the *dry* flags, behind up to
    three wrappers, as shell text.
    """
    program = draw(st.sampled_from(("oc", "kubectl")))
    refs = draw(project_refs())
    ns = draw(st.sampled_from(((), ("-n", "dev"), ("-nkube-system",))))
    before = draw(st.booleans())
    flag = draw(st.sampled_from(dry))
    argv = [program, *(ns if before else ()), "delete", *refs]
    argv += [*(() if before else ns), *((flag,) if flag else ())]
    text = shlex.join(argv)
    for wrap in draw(st.lists(st.sampled_from(WRAPPERS), max_size=3)):
        text = wrap(text)
    return text


NOT_DRY = ("", "--dry-run=none", "--dry-run=false", "--wait=false")
DRY = ("--dry-run", "--dry-run=client", "--dry-run=server")


class TestProperties:
    @given(project_types())
    def test_every_type_spelling_resolves_to_projects(self, word: str) -> None:
        """
        Every drawn type word resolves to the project row.
        """
        found = resolve_resource(word)
        assert found is not None
        assert found.resource == "projects"
        assert found.group == GROUP

    @given(delete_projects(NOT_DRY))
    def test_delete_is_blocked_in_every_spelling(self, script: str) -> None:
        """
        Deleting a project is BLOCKED by the namespace hard rule in every
        spelling, with either CLI, behind any wrapper.
        """
        a = assess(script)
        assert a.tier is Tier.BLOCKED, (script, a.reasons)
        assert NS_RULE in rule_ids(a), script

    @given(delete_projects(DRY))
    def test_dry_run_is_never_blocked(self, script: str) -> None:
        """
        A dry run of a project delete is never BLOCKED and fires no hard
        rule, in any spelling or wrapper.
        """
        a = assess(script)
        assert a.tier is not Tier.BLOCKED, (script, a.reasons)
        assert Kind.HARD not in {f.kind for f in a.findings}, script

    @given(project_types(), names, st.sampled_from(("get", "describe")))
    def test_reads_are_auto(self, word: str, name: str, verb: str) -> None:
        """
        Reading projects, in any spelling, is AUTO.
        """
        for argv in (["oc", verb, word], ["oc", verb, word, name]):
            assert blastradius.score(argv).tier is Tier.AUTO, argv

    @given(project_types(), names)
    def test_oc_and_kubectl_agree(self, word: str, name: str) -> None:
        """
        ``oc`` and ``kubectl`` give a project command the same verdict.
        """
        for verb in ("delete", "get", "label"):
            tail = [verb, word, name, *(["a=b"] if verb == "label" else [])]
            oc = blastradius.score(["oc", *tail])
            kubectl = blastradius.score(["kubectl", *tail])
            assert (oc.score, oc.tier) == (kubectl.score, kubectl.tier)

    @given(project_types(), names)
    def test_every_spelling_scores_the_same(
        self, word: str, name: str
    ) -> None:
        """
        A project named in any spelling scores as the plain plural does.
        """
        for verb in ("delete", "label", "annotate"):
            extra = [] if verb == "delete" else ["a=b"]
            plain = blastradius.score(["oc", verb, "projects", name, *extra])
            drawn = blastradius.score(["oc", verb, word, name, *extra])
            assert drawn.score == plain.score, (word, verb)


class TestOcLiteralIds:
    """Every id of ``oc``'s own rows is written out in the source."""

    def test_grep_finds_every_id(self) -> None:
        """
        Each id of `blastradius.rules.oc.OC` occurs literally, quoted, in
        ``rules/oc.py`` or the generated ``rules/_data_oc.py`` (the second
        rows' ids too: ``.read``, ``.dry-run``, ``.status``).
        """
        from blastradius.rules.oc import OC

        rules = ROOT / "src" / "blastradius" / "rules"
        text = (rules / "oc.py").read_text(encoding="utf-8") + (
            rules / "_data_oc.py"
        ).read_text(encoding="utf-8")
        ids = {r.id for r in OC.rules}

        assert any(i.endswith(".read") for i in ids)
        assert [
            i
            for i in sorted(ids)
            if f"'{i}'" not in text and f'"{i}"' not in text
        ] == []
