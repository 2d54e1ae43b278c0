"""
Fact capture: `fact_commands` (read-only argv, each ``AUTO`` by our own
`score()`, never a Secret), `parse_facts` (clear errors on output it cannot
read; manifests under *snapshot_dir*) and `capture_facts` (through the
runners given).
"""

from __future__ import annotations

import json
import pathlib
import shlex
import stat

from typing import Any

import attrs
import pytest

from hypothesis import given
from hypothesis import strategies as st
from tests.strategies import dns_labels, hostile_names, mutating_rows

from blastradius import DeclarativeSpec, RollbackPlan, Tier, score
from blastradius._rollback import RollbackStatus
from blastradius.adapters import (
    FactError,
    RunResult,
    capture_facts,
    fact_commands,
    parse_facts,
)
from blastradius.adapters._facts import FACT_NAMES
from blastradius.exceptions import SpecError
from blastradius.testing import FakeRunner


def evaluated(action: str, namespace: str | None = None) -> Any:
    return DeclarativeSpec(action, namespace=namespace).evaluate()


def obj(kind: str = "Deployment", **fields: Any) -> str:
    return json.dumps({"kind": kind, "apiVersion": "apps/v1", **fields})


DEPLOYMENT: dict[str, Any] = {
    "metadata": {
        "name": "api",
        "namespace": "prod",
        "uid": "u-1",
        "resourceVersion": "7",
        "generation": 3,
        "creationTimestamp": "2026-01-01T00:00:00Z",
        "managedFields": [{}],
        "labels": {"app": "api", "team": "a"},
        "annotations": {"note": "x"},
        "ownerReferences": [{"uid": "o"}],
    },
    "spec": {
        "replicas": 3,
        "template": {
            "spec": {
                "initContainers": [{"name": "init", "image": "busybox:1"}],
                "containers": [{"name": "app", "image": "api:1"}],
            }
        },
    },
    "status": {"replicas": 3},
}

# every action whose plan needs a fact, with the facts it gets commands for
ACTIONS = [
    ("kubectl scale deploy/api --replicas=0 -n prod", ["previous_replicas"]),
    ("kubectl set image deploy/api app=api:2 -n prod", ["previous_images"]),
    (
        "kubectl label deploy/api team=b --overwrite -n prod",
        ["previous_labels"],
    ),
    ("kubectl annotate deploy/api note- -n prod", ["previous_annotations"]),
    ("kubectl taint nodes n1 k=v:NoSchedule --overwrite", ["previous_taints"]),
    ("kubectl patch deploy api -n prod -p {}", ["previous_manifest"]),
    ("kubectl set env deploy/api A=1 -n prod", ["previous_manifest"]),
    ("kubectl delete deploy/api -n prod", ["snapshot"]),
    ("kubectl delete deploy/a deploy/b -n prod", ["snapshot"]),
    ("kubectl delete configmap c -n prod --context=prod", ["snapshot"]),
    ("kubectl scale deploy/api --replicas=0", ["previous_replicas"]),
    ("helm upgrade api chart -n prod", ["helm_previous_revision"]),
    (
        "helm upgrade api chart -n prod --kube-context=prod",
        ["helm_previous_revision"],
    ),
    ("helm rollback api -n prod", ["helm_previous_revision"]),
]


class TestFactCommands:
    @pytest.mark.parametrize(("action", "names"), ACTIONS)
    def test_commands_read_and_score_auto(
        self, action: str, names: list[str]
    ) -> None:
        """
        Each fact the plan needs gets one read-only argv (get / history,
        JSON out), and every one scores AUTO under our own score().
        """
        commands = fact_commands(evaluated(action))
        assert [n for n, _ in commands] == names
        for _name, argv in commands:
            assert argv[1] in {"get", "history"}
            assert "json" in argv
            assessment = score(shlex.join(argv))
            assert assessment.tier is Tier.AUTO, (argv, assessment.reasons)
            assert score(list(argv)).tier is Tier.AUTO

    def test_the_spec_namespace_is_used(self) -> None:
        """
        An action without -n reads in the spec's namespace.
        """
        commands = fact_commands(
            evaluated("kubectl scale deploy/api --replicas=0", "prod")
        )
        assert commands == (
            (
                "previous_replicas",
                (
                    "kubectl",
                    "get",
                    "deployments.apps/api",
                    "-o",
                    "json",
                    "-n",
                    "prod",
                ),
            ),
        )

    def test_connection_flags_are_copied(self) -> None:
        """
        The action's --context goes with its fact commands.
        """
        ((_name, argv),) = fact_commands(
            evaluated(
                "kubectl label deploy/api a=b --overwrite -n p --context=x"
            )
        )
        assert argv[-1] == "--context=x"

    @pytest.mark.parametrize(
        "action",
        [
            # a Secret's contents are never captured
            "kubectl delete secret s -n prod",
            "kubectl patch secret s -n prod -p {}",
            "kubectl label secret s a=b --overwrite -n prod",
            # one-object facts of several objects
            "kubectl scale deploy/a deploy/b --replicas=0 -n prod",
            # objects chosen at run time
            "kubectl scale deploy -l app=x --replicas=0 -n prod",
            "kubectl delete deploy --all -n prod",
            # nothing needed, or not one command
            "kubectl get pods",
            "kubectl scale deploy/api --replicas=0 -n prod | cat",
            "kubectl scale deploy/api --replicas=0 --server=https://x",
            "helm upgrade --generate-name chart",
            "helm upgrade api chart -n prod --bogus",
        ],
    )
    def test_no_command(self, action: str) -> None:
        """
        No fact command where it cannot be read safely.
        """
        assert fact_commands(evaluated(action)) == ()

    def test_an_argv_problem_still_reads_the_one_command(self) -> None:
        """
        An action the gate will not run as argv (a redirection) still has
        its facts named: the one command is read.
        """
        commands = fact_commands(
            evaluated("kubectl scale deploy/api --replicas=0 -n p > /tmp/x")
        )
        assert [n for n, _ in commands] == ["previous_replicas"]

    @pytest.mark.parametrize(
        ("action", "needs"),
        [
            (
                "kubectl scale deploy/api --replicas=0 -n prod",
                ("previous_replicas",),
            ),
            ("helm upgrade api chart -n prod", ("helm_previous_revision",)),
            (
                "kubectl scale deploy/api --replicas=0 -n prod",
                ("snapshot", "bogus"),
            ),
            ("helm upgrade api chart -n prod", ("previous_replicas",)),
            ("helm upgrade 'a b' chart", ("helm_previous_revision",)),
            (
                "kubectl scale deploy/api --replicas=0 -n p",
                ("helm_previous_revision", "previous_replicas"),
            ),
            ("kubectl get pods | head", ("previous_replicas",)),
            ("echo hi", ("previous_replicas",)),
        ],
    )
    def test_only_what_the_plan_needs(
        self, action: str, needs: tuple[str, ...]
    ) -> None:
        """
        Commands follow the plan's needs (unknown names skipped), for the
        program the action runs.
        """
        ev = evaluated(action)
        ev = attrs.evolve(
            ev,
            rollback_plan=RollbackPlan(
                status=RollbackStatus.INCOMPLETE, needs=needs
            ),
        )
        names = [n for n, _ in fact_commands(ev)]
        assert set(names) <= set(needs) & set(FACT_NAMES)

    def test_bad_names_give_no_command(self) -> None:
        """
        A namespace, kubeconfig or object name that is not valid gives no
        command rather than a wrong one.
        """
        ev = evaluated("kubectl scale deploy/api --replicas=0 -n prod")
        for argv in (
            ("kubectl", "scale", "deploy/api", "--replicas=0", "-n", "Bad_NS"),
            (
                "kubectl",
                "scale",
                "deploy/api",
                "--replicas=0",
                "--kubeconfig=-x",
            ),
            ("kubectl", "scale", "deploy/API", "--replicas=0"),
        ):
            assert fact_commands(attrs.evolve(ev, argv=argv)) == ()
        helm = evaluated("helm upgrade api chart")
        for argv in (
            ("helm", "upgrade", "api", "chart", "-n", "Bad_NS"),
            ("helm", "upgrade", "api", "chart", "--kubeconfig=-x"),
            ("helm", "upgrade", "api", "chart", "--kube-context=a b"),
            ("helm", "upgrade", "api", "chart", "--bogus"),
            ("helm", "upgrade", "--generate-name", "chart"),
        ):
            assert fact_commands(attrs.evolve(helm, argv=argv)) == ()
        assert (
            fact_commands(
                attrs.evolve(
                    helm,
                    argv=("helm", "upgrade", "api", "c", "--kubeconfig=/k"),
                )
            )[0][1][-1]
            == "--kubeconfig=/k"
        )


class TestKeptCall:
    """The fact readers read the kubectl call the scorer kept."""

    def test_runnable_argv_reads_the_kept_call(self) -> None:
        """
        A runnable action's call is the one in the assessment; an argv
        that is not the runnable one (or an assessment keeping none) is
        read again, to an equal call.
        """
        from blastradius.adapters._facts import _call_of

        found = evaluated("kubectl scale deploy/api --replicas=0 -n prod")
        kept = found.assessment.calls[0]

        assert _call_of(found, found.argv) is kept
        bare = attrs.evolve(
            found, assessment=attrs.evolve(found.assessment, calls=())
        )
        assert _call_of(bare, found.argv) == kept
        other = ("kubectl", "get", "pods")
        assert _call_of(found, other).argv == other

    def test_dynamic_action_is_read_again(self) -> None:
        """
        An action with a word only known at run time has no runnable argv:
        its words are read again as written, not as the scorer read them.
        """
        from blastradius.adapters._facts import _call_of

        found = evaluated("kubectl -n $NS scale deploy/api --replicas=0")
        argv = ("kubectl", "-n", "$NS", "scale", "deploy/api", "--replicas=0")

        assert found.argv == ()
        assert found.assessment.calls[0].namespace is None
        assert _call_of(found, argv).namespace == "$NS"


class TestFactCommandsScoreAuto:
    def test_own_kubeconfig_gives_no_command(self) -> None:
        """
        An action naming its own ``--kubeconfig`` (which may run credential
        plugins, so a read of it scores ``HUMAN``) gets no fact command: the
        plan stays inexact rather than capture through an unknown
        credential (Hypothesis found a node named ``--kubeconfig=…``).
        """
        plain = DeclarativeSpec(
            "kubectl scale deploy/api --replicas=0 -n prod"
        ).evaluate()
        own = DeclarativeSpec(
            "kubectl scale deploy/api --replicas=0 -n prod"
            " --kubeconfig=/tmp/evil"
        ).evaluate()

        assert [n for n, _ in fact_commands(plain)] == ["previous_replicas"]
        assert "previous_replicas" in own.rollback_plan.needs
        assert fact_commands(own) == ()


class TestParseFacts:
    def test_replicas_images_labels_annotations(
        self, tmp_path: pathlib.Path
    ) -> None:
        """
        One deployment's JSON gives its replica count, images (init
        containers too), labels and annotations.
        """
        text = obj(**DEPLOYMENT)
        facts = parse_facts(
            {
                "previous_replicas": text,
                "previous_images": text,
                "previous_labels": text,
                "previous_annotations": text,
            },
            snapshot_dir=tmp_path,
        )
        assert facts.previous_replicas == 3
        assert dict(facts.previous_images) == {
            "app": "api:1",
            "init": "busybox:1",
        }
        assert dict(facts.previous_labels) == {"app": "api", "team": "a"}
        assert dict(facts.previous_annotations) == {"note": "x"}

    def test_keys_the_action_names(self, tmp_path: pathlib.Path) -> None:
        """
        With the spec, only the keys the action names are kept, and those
        the object lacks are recorded as absent (None).
        """
        ev = evaluated(
            "kubectl label deploy/api team=b new=1 gone- --overwrite -n prod"
        )
        facts = parse_facts(
            {"previous_labels": obj(**DEPLOYMENT)},
            snapshot_dir=tmp_path,
            evaluated=ev,
        )
        assert dict(facts.previous_labels) == {
            "team": "a",
            "new": None,
            "gone": None,
        }
        plan = ev.spec.evaluate(facts=facts).rollback_plan
        assert plan.exact
        assert plan.steps == (
            (
                "kubectl",
                "label",
                "deployments.apps/api",
                "team=a",
                "new-",
                "--overwrite",
                "-n",
                "prod",
            ),
        )

    def test_no_labels(self, tmp_path: pathlib.Path) -> None:
        """
        An object without labels has none.
        """
        facts = parse_facts(
            {"previous_labels": obj(metadata={})}, snapshot_dir=tmp_path
        )
        assert facts.previous_labels == ()

    def test_one_object_in_a_list(self, tmp_path: pathlib.Path) -> None:
        """
        A List of exactly one object is that object.
        """
        text = json.dumps(
            {"kind": "List", "items": [json.loads(obj(**DEPLOYMENT))]}
        )
        assert (
            parse_facts(
                {"previous_replicas": text}, snapshot_dir=tmp_path
            ).previous_replicas
            == 3
        )

    @pytest.mark.parametrize(
        ("action", "containers", "image"),
        [
            (
                "kubectl set image deploy/api app=x:2 -n p",
                [("app", "a:1"), ("side", "s:1")],
                "a:1",
            ),
            (
                "kubectl set image deploy/api app=x:2 -n p",
                [("only", "o:1")],
                "o:1",
            ),
        ],
    )
    def test_previous_image(
        self,
        tmp_path: pathlib.Path,
        action: str,
        containers: list[tuple[str, str]],
        image: str,
    ) -> None:
        """
        previous_image is the image of the container the action names, or
        of the only container.
        """
        text = obj(
            kind="Pod",
            spec={
                "containers": [{"name": n, "image": i} for n, i in containers]
            },
        )
        facts = parse_facts(
            {"previous_image": text},
            snapshot_dir=tmp_path,
            evaluated=evaluated(action),
        )
        assert facts.previous_image == image

    def test_previous_image_ambiguous(self, tmp_path: pathlib.Path) -> None:
        """
        Several containers and no spec to say which: a clear error.
        """
        text = obj(
            kind="Pod",
            spec={
                "containers": [
                    {"name": "a", "image": "a:1"},
                    {"name": "b", "image": "b:1"},
                ]
            },
        )
        with pytest.raises(FactError, match="which container"):
            parse_facts({"previous_image": text}, snapshot_dir=tmp_path)

    def test_cronjob_images(self, tmp_path: pathlib.Path) -> None:
        """
        A CronJob's images are read from its job template.
        """
        text = obj(
            kind="CronJob",
            spec={
                "jobTemplate": {
                    "spec": {
                        "template": {
                            "spec": {
                                "containers": [{"name": "c", "image": "c:1"}]
                            }
                        }
                    }
                }
            },
        )
        facts = parse_facts({"previous_images": text}, snapshot_dir=tmp_path)
        assert dict(facts.previous_images) == {"c": "c:1"}

    def test_containers_without_an_image_are_skipped(
        self, tmp_path: pathlib.Path
    ) -> None:
        """
        A container entry without an image (or not a mapping) is skipped.
        """
        text = obj(
            kind="Pod",
            spec={
                "containers": [
                    {"name": "a"},
                    "x",
                    {"name": "b", "image": "b:1"},
                ]
            },
        )
        facts = parse_facts({"previous_images": text}, snapshot_dir=tmp_path)
        assert dict(facts.previous_images) == {"b": "b:1"}

    def test_taints(self, tmp_path: pathlib.Path) -> None:
        """
        A node's taints become KEY:EFFECT → value ("" without one); with
        the spec, taints the action names but the node lacks are absent.
        """
        node = obj(
            kind="Node",
            spec={
                "taints": [
                    {"key": "k", "value": "v", "effect": "NoSchedule"},
                    {"key": "bare", "effect": "NoExecute"},
                ]
            },
        )
        ev = evaluated(
            "kubectl taint nodes n1 k=w:NoSchedule new=1:NoSchedule --overwrite"
        )
        facts = parse_facts(
            {"previous_taints": node}, snapshot_dir=tmp_path, evaluated=ev
        )
        assert dict(facts.previous_taints) == {
            "k:NoSchedule": "v",
            "bare:NoExecute": "",
            "new:NoSchedule": None,
        }
        plan = ev.spec.evaluate(facts=facts).rollback_plan
        assert plan.exact, plan.reason
        untainted = parse_facts(
            {"previous_taints": obj(kind="Node", spec={})},
            snapshot_dir=tmp_path,
        )
        assert untainted.previous_taints == ()

    def test_manifest_and_snapshot_are_written(
        self, tmp_path: pathlib.Path
    ) -> None:
        """
        Manifests go under snapshot_dir (created), mode 0600, without status
        and server-set fields; a snapshot drops uid and owners too.
        """
        text = obj(**DEPLOYMENT)
        where = tmp_path / "new" / "dir"
        facts = parse_facts(
            {"previous_manifest": text, "snapshot": text}, snapshot_dir=where
        )
        assert facts.previous_manifest is not None
        assert facts.snapshot is not None
        manifest = pathlib.Path(facts.previous_manifest)
        snapshot = pathlib.Path(facts.snapshot)
        assert manifest.parent == where.resolve()
        assert stat.S_IMODE(manifest.stat().st_mode) == 0o600
        kept = json.loads(manifest.read_text())
        assert "status" not in kept
        assert set(kept["metadata"]) == {
            "name",
            "namespace",
            "uid",
            "labels",
            "annotations",
            "ownerReferences",
        }
        snap = json.loads(snapshot.read_text())
        assert "uid" not in snap["metadata"]
        assert "ownerReferences" not in snap["metadata"]

    def test_a_list_snapshot(self, tmp_path: pathlib.Path) -> None:
        """
        A List of several objects is saved as one manifest, each cleaned.
        """
        item = json.loads(obj(**DEPLOYMENT))
        text = json.dumps(
            {"kind": "List", "apiVersion": "v1", "items": [item, item, "x"]}
        )
        facts = parse_facts({"snapshot": text}, snapshot_dir=tmp_path)
        assert facts.snapshot is not None
        saved = json.loads(pathlib.Path(facts.snapshot).read_text())
        assert [i.get("status") for i in saved["items"][:2]] == [None, None]
        assert saved["items"][2] == "x"

    def test_helm_revision(self, tmp_path: pathlib.Path) -> None:
        """
        helm history's JSON gives the newest revision.
        """
        text = json.dumps(
            [
                {"revision": 3, "status": "superseded"},
                {"revision": 4},
                {"revision": True},
            ]
        )
        facts = parse_facts(
            {"helm_previous_revision": text}, snapshot_dir=tmp_path
        )
        assert facts.helm_previous_revision == 4

    @pytest.mark.parametrize(
        ("name", "text", "message"),
        [
            ("previous_replicas", "error: not json", "not JSON"),
            ("previous_replicas", "[1]", "not a Kubernetes object"),
            (
                "previous_replicas",
                '{"kind": "List", "items": []}',
                "exactly one object",
            ),
            (
                "previous_replicas",
                obj(spec={"replicas": "3"}),
                "not an integer",
            ),
            ("previous_replicas", obj(spec={}), "not an integer"),
            ("previous_images", obj(spec={}), "no containers"),
            ("previous_labels", obj(metadata={"labels": []}), "not a mapping"),
            (
                "previous_taints",
                obj(kind="Node", spec={"taints": {}}),
                "not a list",
            ),
            (
                "previous_taints",
                obj(kind="Node", spec={"taints": [1]}),
                "not a mapping",
            ),
            ("previous_manifest", "[]", "not a Kubernetes object or list"),
            ("helm_previous_revision", "{}", "no revision"),
            ("helm_previous_revision", "[]", "no revision"),
            (
                "previous_manifest",
                obj(kind="Secret", data={"p": "c2VjcmV0"}),
                "never captured",
            ),
            ("previous_labels", obj(kind="Secret", data={}), "never captured"),
            (
                "snapshot",
                json.dumps({"kind": "List", "items": [{"kind": "Secret"}]}),
                "never captured",
            ),
            ("bogus", "{}", "unknown fact"),
        ],
    )
    def test_unreadable_output(
        self, tmp_path: pathlib.Path, name: str, text: str, message: str
    ) -> None:
        """
        Output that is not what the fact's command prints is a FactError
        naming the fact; a Secret is refused; nothing is written.
        """
        with pytest.raises(FactError, match=message) as info:
            parse_facts({name: text}, snapshot_dir=tmp_path)
        assert info.value.field == f"facts.{name}"
        assert list(tmp_path.iterdir()) == []

    def test_output_must_be_text(self, tmp_path: pathlib.Path) -> None:
        """
        Output that is not a str is refused.
        """
        with pytest.raises(FactError, match="must be a str"):
            parse_facts({"previous_replicas": b"{}"}, snapshot_dir=tmp_path)  # type: ignore[dict-item]

    def test_a_value_facts_rejects(self, tmp_path: pathlib.Path) -> None:
        """
        A value that is not valid for Facts (an image with a space) is a
        SpecError naming the field.
        """
        text = obj(
            kind="Pod",
            spec={"containers": [{"name": "a", "image": "bad image"}]},
        )
        with pytest.raises(SpecError, match="previous_images"):
            parse_facts({"previous_images": text}, snapshot_dir=tmp_path)


class TestCaptureFacts:
    def test_runs_and_parses(self, tmp_path: pathlib.Path) -> None:
        """
        The fact commands run through the runner; the facts make the plan
        exact.
        """
        ev = evaluated("kubectl scale deploy/api --replicas=0 -n prod")
        runner = FakeRunner(
            replies={"get deployments.apps/api": (0, obj(**DEPLOYMENT), "")}
        )
        facts = capture_facts(ev, runner, snapshot_dir=tmp_path)
        assert facts.previous_replicas == 3
        assert runner.calls == [fact_commands(ev)[0][1]]
        assert runner.timeouts == [30.0]
        assert ev.spec.evaluate(facts=facts).rollback_plan.exact

    def test_each_argv_runs_once(self, tmp_path: pathlib.Path) -> None:
        """
        Facts read by the same argv share one run.
        """
        ev = attrs.evolve(
            evaluated("kubectl set image deploy/api app=a:2 -n prod"),
            rollback_plan=RollbackPlan(
                status=RollbackStatus.GENERIC,
                steps=[("kubectl", "rollout", "undo", "deployments.apps/api")],
                needs=("previous_images", "previous_replicas"),
            ),
        )
        runner = FakeRunner(default=(0, obj(**DEPLOYMENT), ""))
        facts = capture_facts(ev, runner, snapshot_dir=tmp_path, timeout=5)
        assert len(runner.calls) == 1
        assert facts.previous_replicas == 3
        assert dict(facts.previous_images)["app"] == "api:1"

    def test_failed_command_is_a_clear_error(
        self, tmp_path: pathlib.Path
    ) -> None:
        """
        A fact command that fails raises FactError with kubectl's last
        line (control characters replaced).
        """
        ev = evaluated("kubectl scale deploy/api --replicas=0 -n prod")
        runner = FakeRunner(
            default=(
                1,
                "",
                'Error from server (NotFound): deployments.apps "api" not found\x1b',
            )
        )
        with pytest.raises(FactError, match=r"NotFound.*not found\?") as info:
            capture_facts(ev, runner, snapshot_dir=tmp_path)
        assert info.value.field == "facts.previous_replicas"
        missing = FakeRunner(
            default=RunResult(
                argv=("k",), rc=-1, error="kubectl not found on PATH"
            )
        )
        with pytest.raises(FactError, match="kubectl not found"):
            capture_facts(ev, missing, snapshot_dir=tmp_path)
        silent = FakeRunner(default=(1, "", ""))
        with pytest.raises(FactError, match=r"\(rc 1\): $"):
            capture_facts(ev, silent, snapshot_dir=tmp_path)

    def test_helm_only_through_its_runner(
        self, tmp_path: pathlib.Path
    ) -> None:
        """
        helm history runs only through runners["helm"].
        """
        ev = evaluated("helm upgrade api chart -n prod")
        kubectl = FakeRunner()
        with pytest.raises(FactError, match="no runner for 'helm'"):
            capture_facts(ev, kubectl, snapshot_dir=tmp_path)
        helm = FakeRunner(default=(0, '[{"revision": 7}]', ""))
        facts = capture_facts(
            ev, kubectl, snapshot_dir=tmp_path, runners={"helm": helm}
        )
        assert facts.helm_previous_revision == 7
        assert kubectl.calls == []
        assert helm.calls[0][:3] == ("helm", "history", "api")

    def test_nothing_needed(self, tmp_path: pathlib.Path) -> None:
        """
        A plan that needs nothing captures nothing.
        """
        runner = FakeRunner()
        facts = capture_facts(
            evaluated("kubectl cordon n1"), runner, snapshot_dir=tmp_path
        )
        assert facts.to_dict() == {}
        assert runner.calls == []


_EXTRA = {
    ("scale",): ["--replicas=0"],
    ("set", "image"): ["app=x:1"],
    ("set", "env"): ["A=1"],
    ("set", "resources"): ["--limits=cpu=1"],
    ("label",): ["k=v", "--overwrite"],
    ("annotate",): ["k=v", "--overwrite"],
    ("patch",): ["-p", "{}"],
}


@st.composite
def fact_actions(draw: st.DrawFn) -> list[str]:
    """
    kubectl actions of every rollback row that needs facts, on a kind
    (Secrets too) and a name that may be hostile.
    """
    row = draw(mutating_rows.filter(lambda r: bool(r.needs)))
    path = list(row.path)
    name = draw(st.one_of(dns_labels, hostile_names))
    if path[0] == "taint":
        return [
            "kubectl",
            "taint",
            "nodes",
            name,
            "k=v:NoSchedule",
            "--overwrite",
        ]
    kind = draw(
        st.sampled_from(
            [
                "deploy",
                "deployments.apps",
                "sts",
                "configmap",
                "secret",
                "secrets",
                "cm",
            ]
        )
    )
    ns = draw(st.one_of(st.none(), dns_labels, hostile_names))
    tail = ["-n", ns] if ns is not None else []
    return [
        "kubectl",
        *path,
        f"{kind}/{name}",
        *_EXTRA.get(row.path, []),
        *tail,
    ]


class TestFactCommandProperties:
    @given(action=fact_actions())
    def test_every_fact_command_is_a_safe_read(
        self, action: list[str]
    ) -> None:
        """
        For every rollback row that needs facts, on any kind and name: each
        fact command is a kubectl get scoring AUTO, and none reads a Secret.
        """
        try:
            ev = DeclarativeSpec(action).evaluate()
        except SpecError:
            return
        for name, argv in fact_commands(ev):
            assert name in ev.rollback_plan.needs
            assert argv[:2] == ("kubectl", "get")
            assert not any(w.startswith(("secret", "secrets")) for w in argv)
            assert score(list(argv)).tier is Tier.AUTO, argv
