from __future__ import annotations

import json
import shlex
import sys

from pathlib import Path

import pytest

from hypothesis import given
from hypothesis import strategies as st

import blastradius

from blastradius import _names
from blastradius._model import Effect, Tier
from blastradius._rollback import (
    Facts,
    RollbackPlan,
    RollbackStatus,
    derive_rollback,
)
from blastradius.exceptions import SpecError
from blastradius.families.kubectl.rules import (
    ACTION_BY_PATH,
    ACTIONS,
    RESOURCE_BY_PLURAL,
)
from blastradius.rules.rollback import (
    KUBECTL_ROLLBACK_BY_PATH,
    ROLLBACK_RULES,
    Strategy,
)


sys.path.insert(0, str(Path(__file__).parent.parent))

from tests.strategies import (
    counts,
    dns_labels,
    hostile_names,
    label_values,
    node_names,
    workload_kinds,
)


S = RollbackStatus


def steps(action: str, facts: dict[str, object] | None = None) -> list[str]:
    """The plan's steps as shell text (for readable assertions)."""
    return [shlex.join(s) for s in derive_rollback(action, facts).steps]


class TestNames:
    @pytest.mark.parametrize(
        "value",
        [
            "--all",
            "-A",
            "x --namespace=kube-system",
            "",
            "Prod",
            "a_b",
            "a" * 64,
        ],
    )
    def test_label_rejects(self, value: str) -> None:
        """Flags, spaces, upper case, underscores and long names are not labels."""
        assert not _names.is_dns1123_label(value)

    @given(hostile_names)
    def test_nothing_valid_starts_with_dash(self, value: str) -> None:
        """No validator accepts a value that starts with '-' or holds whitespace."""
        checks = (
            _names.is_dns1123_label,
            _names.is_dns1123_subdomain,
            _names.is_label_key,
            _names.is_image,
            _names.is_path,
            _names.is_context,
            _names.is_helm_release,
            lambda v: _names.is_object_name("roles", v),
        )
        for ok in checks:
            if ok(value):
                assert not value.startswith("-")
                assert not any(c.isspace() for c in value)

    def test_images(self) -> None:
        """The image grammar takes registries, ports, tags and digests."""
        good = [
            "nginx",
            "nginx:1.25",
            "registry.k8s.io/pause:3.9",
            "localhost:5000/team/app_x:v1-rc.2",
            "ghcr.io/o/r@sha256:" + "a" * 64,
        ]
        bad = ["--image", "nginx latest", "NGINX/App", "nginx:", "a" * 600]
        assert all(_names.is_image(i) for i in good)
        assert not any(_names.is_image(i) for i in bad)

    def test_label_keys(self) -> None:
        """Keys may have a DNS prefix; names are 63 chars, alnum at both ends."""
        assert _names.is_label_key("app.kubernetes.io/name")
        assert _names.is_label_key("Tier_1.x")
        assert not _names.is_label_key("-x")
        assert not _names.is_label_key("UP/x")
        assert not _names.is_label_key("a/b/c")

    def test_check_raises_spec_error(self) -> None:
        """check() raises SpecError naming the field and keeping the value."""
        with pytest.raises(SpecError) as e:
            _names.check(False, "facts.x", "a thing", "--all")
        assert e.value.field == "facts.x"
        assert e.value.value == "--all"


class TestRollbackTable:
    def test_every_mutating_action_has_a_row(self) -> None:
        """Every MUTATING or DESTRUCTIVE row of the kubectl action table has a rollback row."""
        missing = [
            a.path
            for a in ACTIONS
            if a.effect in (Effect.MUTATING, Effect.DESTRUCTIVE)
            and a.path not in KUBECTL_ROLLBACK_BY_PATH
        ]
        assert missing == []

    def test_every_row_names_a_real_action(self) -> None:
        """Every kubectl rollback row is a path of kubectl's command tree."""
        for row in ROLLBACK_RULES:
            if row.program == "kubectl":
                assert row.path in ACTION_BY_PATH, row.id

    def test_ids_are_unique_and_stable(self) -> None:
        """Ids are unique and spell rollback.<program>.<path>."""
        ids = [r.id for r in ROLLBACK_RULES]
        assert len(ids) == len(set(ids))
        for r in ROLLBACK_RULES:
            assert r.id == f"rollback.{r.program}." + ".".join(r.path)

    def test_created_resources_are_real(self) -> None:
        """Every created resource is in the resource table, with its group."""
        for r in ROLLBACK_RULES:
            if r.creates is not None:
                plural, _dot, group = r.creates.partition(".")
                assert RESOURCE_BY_PLURAL[plural].group == group, r.id

    def test_inverse_rows_point_at_rows(self) -> None:
        """An inverse path is itself a row, and inverses of inverses return."""
        for r in ROLLBACK_RULES:
            if r.strategy is Strategy.INVERSE and r.path != ("drain",):
                back = KUBECTL_ROLLBACK_BY_PATH[r.inverse]
                assert back.inverse == r.path

    def test_no_server_dry_run(self) -> None:
        """The commands without --dry-run=server are exactly the documented ones."""
        without = {
            " ".join(r.path)
            for r in ROLLBACK_RULES
            if r.program == "kubectl" and not r.dry_run
        }
        assert without == {
            "edit",
            "apply edit-last-applied",
            "rollout pause",
            "rollout resume",
            "rollout restart",
            "debug",
            "create token",
            "certificate approve",
            "certificate deny",
        }


class TestFacts:
    def test_from_mapping(self) -> None:
        """A mapping becomes Facts with sorted pairs."""
        f = Facts.from_mapping(
            {"previous_replicas": 3, "previous_labels": {"b": None, "a": "x"}}
        )
        assert f.previous_replicas == 3
        assert f.previous_labels == (("a", "x"), ("b", None))
        assert f.to_dict() == {
            "previous_replicas": 3,
            "previous_labels": {"a": "x", "b": None},
        }

    @pytest.mark.parametrize(
        ("facts", "field"),
        [
            ({"previous_replicas": -1}, "facts.previous_replicas"),
            ({"previous_replicas": True}, "facts.previous_replicas"),
            ({"previous_replicas": "3"}, "facts.previous_replicas"),
            ({"previous_images": {"api": "--x"}}, "facts.previous_images"),
            ({"previous_images": {"A P I": "nginx"}}, "facts.previous_images"),
            ({"previous_labels": {"--all": "x"}}, "facts.previous_labels"),
            ({"previous_labels": {"a": "x y"}}, "facts.previous_labels"),
            ({"previous_taints": {"k": "v"}}, "facts.previous_taints"),
            ({"previous_taints": {"k:Bad": "v"}}, "facts.previous_taints"),
            ({"previous_manifest": "-f"}, "facts.previous_manifest"),
            ({"snapshot": "https://x/y.yaml"}, "facts.snapshot"),
            ({"helm_previous_revision": 0}, "facts.helm_previous_revision"),
            ({"previous_replica": 3}, "facts.previous_replica"),
            ({"previous_labels": "a=b"}, "facts"),
        ],
    )
    def test_bad_facts_name_the_field(
        self, facts: dict[str, object], field: str
    ) -> None:
        """A malformed fact raises SpecError naming facts.<field>."""
        with pytest.raises(SpecError) as e:
            derive_rollback("kubectl cordon n1", facts)
        assert e.value.field == field

    def test_bad_facts_type(self) -> None:
        """Facts must be Facts, a mapping or None."""
        with pytest.raises(SpecError):
            derive_rollback("kubectl cordon n1", 3)  # type: ignore[arg-type]


class TestDeriveRollback:
    def test_scale_with_previous_replicas(self) -> None:
        """The issue's example: scale back to the captured count, one step."""
        plan = derive_rollback(
            "kubectl scale deploy/api --replicas=0 -n prod",
            facts={"previous_replicas": 3},
        )
        assert plan.status is S.EXACT
        assert plan.steps == (
            (
                "kubectl",
                "scale",
                "deployments.apps/api",
                "--replicas=3",
                "-n",
                "prod",
            ),
        )
        assert plan.verify == (
            (
                "kubectl",
                "rollout",
                "status",
                "deployments.apps/api",
                "--timeout=120s",
                "-n",
                "prod",
            ),
        )
        assert not plan.irreversible

    def test_scale_without_facts_needs_them(self) -> None:
        """Without previous_replicas there is no step, and the plan says what it needs."""
        plan = derive_rollback("kubectl scale deploy/api --replicas=0 -n prod")
        assert plan.status is S.INCOMPLETE
        assert plan.steps == ()
        assert plan.needs == ("previous_replicas",)

    def test_scale_current_replicas_is_a_fact(self) -> None:
        """--current-replicas on the action gives the previous count."""
        assert steps(
            "kubectl scale --current-replicas=2 --replicas=3 deployment/mysql"
        ) == ["kubectl scale deployments.apps/mysql --replicas=2"]

    def test_scale_never_uses_rollout_undo(self) -> None:
        """rollout undo does not restore replicas, so scale never falls back to it."""
        for facts in ({}, {"previous_replicas": 1}):
            for s in derive_rollback(
                "kubectl scale sts/db --replicas=0 -n prod", facts
            ).steps:
                assert "undo" not in s

    def test_delete_without_snapshot_is_irreversible(self) -> None:
        """The issue's example: delete is irreversible without a snapshot."""
        plan = derive_rollback("kubectl delete deploy api -n prod")
        assert plan.irreversible
        assert plan.needs == ("snapshot",)
        assert plan.steps == ()
        assert "snapshot" in plan.reason

    def test_delete_with_snapshot(self) -> None:
        """With a snapshot, the objects are created again from it."""
        assert steps(
            "kubectl delete deploy api -n prod", {"snapshot": "snap/api.yaml"}
        ) == ["kubectl create -f snap/api.yaml -n prod"]

    def test_set_image(self) -> None:
        """set image goes back to the previous image, else rollout undo."""
        action = "kubectl set image deploy/api api=reg.io/api:2 -n prod"
        assert steps(action, {"previous_images": {"api": "reg.io/api:1"}}) == [
            "kubectl set image deployments.apps/api api=reg.io/api:1 -n prod"
        ]
        assert steps(action, {"previous_image": "reg.io/api:1"}) == [
            "kubectl set image deployments.apps/api api=reg.io/api:1 -n prod"
        ]
        plan = derive_rollback(action)
        assert plan.status is S.GENERIC
        assert [shlex.join(s) for s in plan.steps] == [
            "kubectl rollout undo deployments.apps/api -n prod"
        ]
        assert plan.needs == ("previous_images",)
        assert any("no rollout history" in n for n in plan.notes)

    def test_set_image_on_a_pod_without_facts(self) -> None:
        """A pod has no rollout history: without the previous image it is irreversible."""
        plan = derive_rollback("kubectl set image pod/p c=nginx:2 -n dev")
        assert plan.irreversible

    def test_rollout(self) -> None:
        """restart: nothing to undo; pause <-> resume; undo -> undo again."""
        assert (
            derive_rollback(
                "kubectl rollout restart deploy/api -n prod"
            ).status
            is S.NOTHING
        )
        assert steps("kubectl rollout pause deploy/api -n prod") == [
            "kubectl rollout resume deployments.apps/api -n prod"
        ]
        assert steps("kubectl rollout resume deploy/api -n prod") == [
            "kubectl rollout pause deployments.apps/api -n prod"
        ]
        assert steps(
            "kubectl rollout undo deploy/api --to-revision=2 -n prod"
        ) == ["kubectl rollout undo deployments.apps/api -n prod"]

    def test_nodes(self) -> None:
        """cordon <-> uncordon; drain -> uncordon, saying evicted pods stay evicted."""
        assert steps("kubectl cordon node-1") == ["kubectl uncordon node-1"]
        assert steps("kubectl uncordon node-1") == ["kubectl cordon node-1"]
        plan = derive_rollback(
            "kubectl drain node-1 --ignore-daemonsets --force"
        )
        assert [shlex.join(s) for s in plan.steps] == [
            "kubectl uncordon node-1"
        ]
        assert plan.status is S.GENERIC
        assert any("evicted pods are not restored" in n for n in plan.notes)

    def test_taint(self) -> None:
        """An added taint is removed; a removed one needs its previous value."""
        assert steps("kubectl taint nodes n1 dedicated=gpu:NoSchedule") == [
            "kubectl taint nodes n1 dedicated:NoSchedule-"
        ]
        plan = derive_rollback("kubectl taint nodes n1 dedicated:NoSchedule-")
        assert plan.status is S.INCOMPLETE
        assert plan.needs == ("previous_taints",)
        assert steps(
            "kubectl taint nodes n1 dedicated:NoSchedule-",
            {"previous_taints": {"dedicated:NoSchedule": "gpu"}},
        ) == ["kubectl taint nodes n1 dedicated=gpu:NoSchedule --overwrite"]

    def test_label(self) -> None:
        """label k=v -> k- (assumed absent) or the previous value with --overwrite."""
        plan = derive_rollback("kubectl label pods foo -n dev unhealthy=true")
        assert plan.status is S.GENERIC
        assert [shlex.join(s) for s in plan.steps] == [
            "kubectl label pods/foo unhealthy- -n dev"
        ]
        plan = derive_rollback(
            "kubectl label pods foo -n dev tier=gold --overwrite"
        )
        assert plan.status is S.INCOMPLETE
        assert steps(
            "kubectl label pods foo -n dev tier=gold --overwrite",
            {"previous_labels": {"tier": "silver"}},
        ) == ["kubectl label pods/foo tier=silver --overwrite -n dev"]
        assert steps(
            "kubectl label pods foo -n dev tier-",
            {"previous_labels": {"tier": "silver"}},
        ) == ["kubectl label pods/foo tier=silver --overwrite -n dev"]

    def test_annotate(self) -> None:
        """annotate values may hold spaces; they stay one argv word."""
        assert steps(
            "kubectl annotate deploy api -n prod 'note=new text' --overwrite",
            {"previous_annotations": {"note": "old text; rm -rf /"}},
        ) == [
            "kubectl annotate deployments.apps/api 'note=old text; rm -rf /' --overwrite -n prod"
        ]

    def test_restore(self) -> None:
        """patch/replace/edit: prior manifest, else rollout undo for workloads, else irreversible."""
        patch = "kubectl patch deploy api -n prod -p '{\"spec\":{}}'"
        assert steps(patch, {"previous_manifest": "before/api.yaml"}) == [
            "kubectl replace -f before/api.yaml -n prod"
        ]
        assert steps(patch) == [
            "kubectl rollout undo deployments.apps/api -n prod"
        ]
        assert derive_rollback(
            "kubectl patch svc web -n prod -p '{}'"
        ).irreversible
        assert derive_rollback("kubectl apply -f x.yaml -n prod").irreversible
        assert steps(
            "kubectl apply -f x.yaml -n prod",
            {"previous_manifest": "prev.yaml"},
        ) == ["kubectl apply -f prev.yaml -n prod"]

    def test_created(self) -> None:
        """create/expose/autoscale/run: delete what was created."""
        assert steps("kubectl create deployment web --image=nginx -n dev") == [
            "kubectl delete deployments.apps/web -n dev"
        ]
        assert steps("kubectl expose deploy web --port=80 -n dev") == [
            "kubectl delete services/web -n dev"
        ]
        assert steps(
            "kubectl expose deploy web --port=80 --name=web-svc -n dev"
        ) == ["kubectl delete services/web-svc -n dev"]
        assert steps("kubectl autoscale deploy web --max=5 -n dev") == [
            "kubectl delete horizontalpodautoscalers.autoscaling/web -n dev"
        ]
        assert steps("kubectl run tmp --image=busybox -n dev") == [
            "kubectl delete pods/tmp -n dev"
        ]
        assert steps("kubectl create priorityclass high --value=1000") == [
            "kubectl delete priorityclasses.scheduling.k8s.io/high"
        ]
        assert steps("kubectl create -f app.yaml -n dev") == [
            "kubectl delete -f app.yaml -n dev"
        ]

    def test_create_namespace_is_manual(self) -> None:
        """The inverse of create namespace is hard-blocked: a person does it."""
        plan = derive_rollback("kubectl create namespace scratch")
        assert plan.status is S.MANUAL
        assert plan.steps == ()

    def test_one_way_doors(self) -> None:
        """certificate approve and create token cannot be undone."""
        assert derive_rollback(
            "kubectl certificate approve csr-1"
        ).irreversible
        assert derive_rollback(
            "kubectl create token builder -n ci"
        ).irreversible

    def test_read_only_and_dry_run(self) -> None:
        """Reads and dry runs have nothing to undo."""
        assert derive_rollback("kubectl get pods -A").status is S.NOTHING
        assert (
            derive_rollback(
                "kubectl delete deploy api --dry-run=server"
            ).status
            is S.NOTHING
        )

    def test_context_is_kept(self) -> None:
        """The rollback targets the same cluster: --context is copied."""
        assert steps("kubectl --context prod-eu cordon n1") == [
            "kubectl uncordon n1 --context=prod-eu"
        ]

    def test_uncopied_connection_flags(self) -> None:
        """--server/--token are not copied: the plan has no steps."""
        plan = derive_rollback("kubectl --server https://x cordon n1")
        assert plan.status is S.INCOMPLETE
        assert plan.steps == ()

    def test_selector_targets_are_not_named(self) -> None:
        """A selector or --all leaves the targets unnamed: no steps."""
        for action in (
            "kubectl scale deploy -l app=x --replicas=0 -n prod",
            "kubectl cordon -l pool=gpu",
            "kubectl label pods --all -n dev x=y",
        ):
            plan = derive_rollback(action, {"previous_replicas": 2})
            assert plan.steps == (), action
            assert plan.status is S.INCOMPLETE, action

    def test_default_namespace(self) -> None:
        """A namespace passed in pins the steps when the action names none."""
        plan = derive_rollback(
            "kubectl scale deploy/api --replicas=0",
            {"previous_replicas": 2},
            namespace="prod",
        )
        assert plan.steps[0][-2:] == ("-n", "prod")
        plan = derive_rollback(
            "kubectl scale deploy/api --replicas=0", {"previous_replicas": 2}
        )
        assert "-n" not in plan.steps[0]
        assert any("names no namespace" in n for n in plan.notes)

    def test_not_one_command(self) -> None:
        """Several commands, nothing, other programs, dynamic words: no rollback."""
        assert (
            derive_rollback("kubectl cordon a; kubectl cordon b").status
            is S.UNSUPPORTED
        )
        assert derive_rollback("rm -rf /tmp/x").status is S.UNSUPPORTED
        assert (
            derive_rollback("kubectl cordon 'unterminated").status
            is S.UNSUPPORTED
        )

    def test_plan_validates_steps(self) -> None:
        """A RollbackPlan refuses string steps and empty words."""
        with pytest.raises(SpecError):
            RollbackPlan(status=S.EXACT, steps=[("kubectl", "")])
        with pytest.raises(SpecError):
            RollbackPlan(status=S.EXACT, steps=[()])

    def test_to_dict_is_json(self) -> None:
        """The plan serialises to JSON."""
        plan = derive_rollback("kubectl cordon n1")
        d = json.loads(json.dumps(plan.to_dict()))
        assert d["steps"] == [["kubectl", "uncordon", "n1"]]
        assert d["status"] == "exact"

    def test_exported(self) -> None:
        """derive_rollback is reachable from the private module the lead re-exports."""
        assert callable(derive_rollback)
        assert isinstance(blastradius.score("kubectl cordon n1").tier, Tier)


class TestHelm:
    def test_upgrade(self) -> None:
        """helm upgrade -> helm rollback to the captured revision, else the previous one."""
        action = "helm upgrade api ./chart -n prod --set image.tag=2 --atomic"
        assert steps(action, {"helm_previous_revision": 7}) == [
            "helm rollback api 7 -n prod"
        ]
        plan = derive_rollback(action)
        assert plan.status is S.GENERIC
        assert plan.needs == ("helm_previous_revision",)
        assert [shlex.join(s) for s in plan.steps] == [
            "helm rollback api -n prod"
        ]
        assert plan.verify == (("helm", "status", "api", "-n", "prod"),)

    def test_install_and_uninstall(self) -> None:
        """install -> uninstall; uninstall is irreversible."""
        assert steps(
            "helm install web bitnami/nginx -n dev --kube-context=stage"
        ) == ["helm uninstall web -n dev --kube-context=stage"]
        assert derive_rollback("helm uninstall web -n dev").irreversible
        assert derive_rollback("helm del web").irreversible

    @pytest.mark.parametrize(
        "action",
        [
            "helm upgrade api ./chart -n prod",
            "helm rollback api 3 -n prod",
            "helm install web ./chart -n dev",
        ],
    )
    def test_steps_are_not_blocked(self, action: str) -> None:
        """helm rollback steps and verify commands score below BLOCKED."""
        for facts in (None, {"helm_previous_revision": 2}):
            plan = derive_rollback(action, facts)
            assert plan.steps
            for step in (*plan.steps, *plan.verify):
                assert blastradius.score(list(step)).tier < Tier.BLOCKED

    def test_unknown_flag_fails_closed(self) -> None:
        """A flag the parser does not know hides the release name: no steps."""
        plan = derive_rollback("helm upgrade --frobnicate api ./chart")
        assert plan.status is S.INCOMPLETE
        assert plan.steps == ()

    def test_hostile_release(self) -> None:
        """A release name that is not a DNS name is rejected."""
        plan = derive_rollback(["helm", "upgrade", "A;B", "./chart"])
        assert plan.status is S.REJECTED

    def test_other_subcommands(self) -> None:
        """helm list has no rollback row; a dry run changes nothing; --generate-name hides the name."""
        assert derive_rollback("helm list").status is S.UNSUPPORTED
        assert (
            derive_rollback("helm upgrade api ./c --dry-run").status
            is S.NOTHING
        )
        assert (
            derive_rollback("helm install ./c --generate-name").status
            is S.INCOMPLETE
        )


_HOSTILE_TEMPLATES = (
    "kubectl scale deployment {x} --replicas=0 -n prod",
    "kubectl scale deployment/{x} --replicas=0 -n prod",
    "kubectl cordon {x}",
    "kubectl drain {x}",
    "kubectl rollout pause deployment {x} -n prod",
    "kubectl label pods {x} -n prod a=b",
    "kubectl label pods p -n prod {x}=b",
    "kubectl annotate pods p -n prod {x}=b",
    "kubectl taint nodes n1 {x}=v:NoSchedule",
    "kubectl set image deployment/api {x}=nginx -n prod",
    "kubectl create deployment {x} --image=nginx -n prod",
    "kubectl expose deployment api --name={x} -n prod",
    "kubectl delete deployment {x} -n prod",
    "kubectl -n {x} cordon n1",
    "kubectl --context={x} cordon n1",
    "kubectl scale deployment/api --replicas=0 -n {x}",
    "kubectl create -f {x}",
    "kubectl debug pod/p --copy-to={x} -n prod",
    "helm upgrade {x} ./chart -n prod",
    "helm install {x} ./chart -n {x}",
)
_OUR_FLAGS = (
    "--overwrite",
    "--replicas=",
    "--timeout=",
    "--context=",
    "--kubeconfig=",
    "--cluster=",
    "--user=",
    "--kube-context=",
)


def _inert(plan: RollbackPlan) -> None:
    """Every word starting with '-' is one of our flags; values never start with '-'."""
    for argv in (*plan.steps, *plan.verify):
        for i, word in enumerate(argv):
            if word.startswith("-"):
                assert word in {"-n", "-f"} or word.startswith(_OUR_FLAGS), (
                    word,
                    argv,
                )
                if word in {"-n", "-f"}:
                    assert not argv[i + 1].startswith("-"), argv
                if word.startswith("--") and "=" in word:
                    assert not word.partition("=")[2].startswith("-"), argv
        assert shlex.split(shlex.join(argv)) == list(argv)


class TestInjection:
    @given(hostile_names, st.sampled_from(_HOSTILE_TEMPLATES))
    def test_hostile_names_are_rejected_or_inert(
        self, hostile: str, template: str
    ) -> None:
        """Whatever a name holds, every produced argv is rejected or inert."""
        argv = [w.replace("{x}", hostile) for w in template.split()]
        facts = {
            "previous_replicas": 2,
            "previous_labels": {"a": "old"},
            "previous_images": {"api": "nginx:1"},
            "snapshot": "snap.yaml",
            "helm_previous_revision": 3,
        }
        plan = derive_rollback(argv, facts)
        _inert(plan)

    @pytest.mark.parametrize(
        "hostile", ["--all", "-A", "x --namespace=kube-system"]
    )
    def test_issue_examples(self, hostile: str) -> None:
        """The issue's hostile targets never become flags."""
        for template in _HOSTILE_TEMPLATES:
            plan = derive_rollback(
                [w.replace("{x}", hostile) for w in template.split()],
                {"previous_replicas": 2},
            )
            for argv in plan.steps:
                assert hostile not in argv


class TestProperties:
    @given(workload_kinds, dns_labels, dns_labels, counts, counts)
    def test_scale_round_trip(
        self, kind: str, name: str, ns: str, before: int, after: int
    ) -> None:
        """Rollback of the rollback of scale is the original scale."""
        original = (
            "kubectl",
            "scale",
            f"{kind}/{name}",
            f"--replicas={after}",
            "-n",
            ns,
        )
        back = derive_rollback(original, {"previous_replicas": before})
        (step,) = back.steps
        again = derive_rollback(step, {"previous_replicas": after})
        canonical = derive_rollback(
            again.steps[0], {"previous_replicas": before}
        )
        assert canonical.steps == back.steps
        assert again.steps[0][0:2] == ("kubectl", "scale")
        assert f"--replicas={after}" in again.steps[0]

    @given(node_names, st.sampled_from(["cordon", "uncordon"]))
    def test_cordon_round_trip(self, node: str, verb: str) -> None:
        """cordon <-> uncordon: the rollback of the rollback is the action."""
        original = ("kubectl", verb, node)
        (step,) = derive_rollback(original).steps
        (again,) = derive_rollback(step).steps
        assert again == original

    @given(
        workload_kinds,
        dns_labels,
        dns_labels,
        st.sampled_from(["pause", "resume"]),
    )
    def test_pause_round_trip(
        self, kind: str, name: str, ns: str, verb: str
    ) -> None:
        """pause <-> resume round-trips (in canonical form)."""
        (step,) = derive_rollback(
            ("kubectl", "rollout", verb, f"{kind}/{name}", "-n", ns)
        ).steps
        (again,) = derive_rollback(step).steps
        assert again[:3] == ("kubectl", "rollout", verb)
        (third,) = derive_rollback(again).steps
        assert third == step

    @given(dns_labels, dns_labels, label_values, label_values)
    def test_label_round_trip(
        self, name: str, key: str, old: str, new: str
    ) -> None:
        """label k=v with the previous value known round-trips."""
        original = (
            "kubectl",
            "label",
            f"pods/{name}",
            f"{key}={new}",
            "--overwrite",
            "-n",
            "dev",
        )
        (step,) = derive_rollback(
            original, {"previous_labels": {key: old}}
        ).steps
        (again,) = derive_rollback(step, {"previous_labels": {key: new}}).steps
        assert again == original

    @given(
        st.sampled_from(sorted(KUBECTL_ROLLBACK_BY_PATH)),
        dns_labels,
        dns_labels,
    )
    def test_every_row_steps_are_safe(
        self, path: tuple[str, ...], name: str, ns: str
    ) -> None:
        """For every row: steps round-trip through shlex, score below BLOCKED, and derivation is deterministic."""
        argv = ("kubectl", *path, "deployment", name, "a=b", "-n", ns)
        facts = {
            "previous_replicas": 1,
            "previous_manifest": "prev.yaml",
            "snapshot": "snap.yaml",
            "previous_labels": {"a": None},
            "previous_annotations": {"a": None},
        }
        plan = derive_rollback(argv, facts)
        assert plan == derive_rollback(argv, facts)
        for step in (*plan.steps, *plan.verify):
            assert shlex.split(shlex.join(step)) == list(step)
            assert blastradius.score(list(step)).tier < Tier.BLOCKED, step


_FULL_FACTS: dict[str, object] = {
    "previous_replicas": 2,
    "previous_manifest": "prev.yaml",
    "snapshot": "snap.yaml",
    "previous_images": {"nginx": "nginx:1"},
    "previous_labels": {"status": "old"},
    "previous_annotations": {"description": None},
    "previous_taints": {"dedicated:NoSchedule": "x"},
    "helm_previous_revision": 3,
}


def _corpus() -> list[str]:
    path = Path(__file__).parent / "data" / "kubectl_examples.jsonl"
    lines = [
        json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()
    ]
    return [d["cmd"] for d in lines if "cmd" in d]


class TestCorpus:
    @pytest.mark.parametrize("cmd", _corpus())
    def test_every_example(self, cmd: str) -> None:
        """Every kubectl help example: a plan, inert steps, below BLOCKED, deterministic."""
        for facts in (None, _FULL_FACTS):
            plan = derive_rollback(cmd, facts)
            assert plan == derive_rollback(cmd, facts)
            _inert(plan)
            for step in (*plan.steps, *plan.verify):
                assert blastradius.score(list(step)).tier < Tier.BLOCKED, step
            if plan.status in (S.EXACT, S.GENERIC):
                assert plan.steps
            if plan.status is not S.EXACT:
                assert plan.reason


class TestEdges:
    def test_plan_rejects_nul_and_reports_executable(self) -> None:
        """NUL never enters a step; executable means steps or nothing to undo."""
        with pytest.raises(SpecError):
            RollbackPlan(status=S.EXACT, steps=[("kubectl", "a\0b")])
        assert RollbackPlan(status=S.NOTHING).executable
        assert not RollbackPlan(status=S.INCOMPLETE).executable
        assert RollbackPlan(status=S.EXACT, steps=[("true",)]).executable

    def test_facts_pairs_must_be_pairs(self) -> None:
        """A fact mapping given as a list of non-pairs is refused."""
        with pytest.raises(SpecError):
            Facts(previous_labels=[("a",)])
        assert Facts(previous_labels=[("a", "b")]).previous_labels == (
            ("a", "b"),
        )

    def test_label_key_type(self) -> None:
        """Only strings are keys."""
        assert not _names.is_label_key(3)

    def test_unknown_resource_is_namespaced(self) -> None:
        """A resource the table does not know is assumed namespaced (so -n is kept)."""
        from blastradius.families.kubectl.rollback import _namespaced

        assert _namespaced("frobnicators", "example.com")
        assert not _namespaced("nodes", "")

    def test_undo_by_selector(self) -> None:
        """rollout undo by selector names no workload: no steps."""
        plan = derive_rollback("kubectl rollout undo deploy -l app=x -n prod")
        assert plan.status is S.INCOMPLETE

    def test_taint_key_removal_and_known_absent(self) -> None:
        """KEY- puts back every known effect; a known-absent taint is removed again."""
        facts: dict[str, object] = {
            "previous_taints": {
                "dedicated:NoSchedule": "x",
                "dedicated:PreferNoSchedule": "",
                "dedicated:NoExecute": None,
            }
        }
        assert steps("kubectl taint nodes n1 dedicated-", facts) == [
            (
                "kubectl taint nodes n1 dedicated=x:NoSchedule "
                "dedicated:PreferNoSchedule --overwrite"
            )
        ]
        assert steps(
            "kubectl taint nodes n1 dedicated=y:NoExecute", facts
        ) == ["kubectl taint nodes n1 dedicated:NoExecute-"]
        assert steps(
            "kubectl taint nodes n1 dedicated=y:PreferNoSchedule --overwrite",
            facts,
        ) == ["kubectl taint nodes n1 dedicated:PreferNoSchedule --overwrite"]
        plan = derive_rollback("kubectl taint nodes n1 other:NoExecute-")
        assert plan.status is S.INCOMPLETE
        none = derive_rollback(
            "kubectl taint nodes n1 dedicated:NoExecute-", facts
        )
        assert none.status is S.NOTHING

    def test_label_list(self) -> None:
        """label --list only reads."""
        assert (
            derive_rollback("kubectl label pods foo --list").status
            is S.NOTHING
        )

    def test_helm_flag_forms(self) -> None:
        """Short, attached and separated helm flags; -- and - as positionals."""
        assert steps(
            "helm upgrade -nprod api ./c -f v.yaml --kubeconfig=/k/c"
        ) == ["helm rollback api -n prod --kubeconfig=/k/c"]
        assert steps("helm upgrade -n prod -- api ./c") == [
            "helm rollback api -n prod"
        ]
        assert (
            derive_rollback("helm upgrade api - --version").status
            is S.INCOMPLETE
        )
        assert steps("helm upgrade api ./c --wait=true --history-max 3") == [
            "helm rollback api"
        ]


class TestKubectlFamilyRollback:
    """`blastradius.families.kubectl.rollback` derives from the parsed call."""

    def test_given_call_is_not_read_again(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """
        `kubectl_plan` with the call the grammar read does not parse the
        argv again, and gives the plan `derive_rollback` gives.
        """
        from blastradius.families.kubectl import grammar, rollback

        argv = ["kubectl", "scale", "deploy/api", "--replicas=0", "-n", "prod"]
        call = grammar.parse_kubectl(argv)
        facts = Facts(previous_replicas=2)

        def no_parse(*_a: object, **_k: object) -> None:
            raise AssertionError

        monkeypatch.setattr(rollback, "parse_kubectl", no_parse)
        plan = rollback.kubectl_plan(argv, facts, None, call)
        monkeypatch.undo()

        assert plan == derive_rollback(argv, facts)
        assert plan.status is RollbackStatus.EXACT

    def test_moved_names_still_served(self) -> None:
        """
        The kubectl helpers adapters call are still reachable from
        `blastradius._rollback` and answer as the family's own.
        """
        import blastradius._rollback as old

        from blastradius.families.kubectl import grammar, rollback

        call = grammar.parse_kubectl(
            ["kubectl", "cordon", "node-1", "--context=prod"]
        )

        assert old._conn(call) == rollback._conn(call) == ("--context=prod",)
        assert old._node_targets(call) == rollback._node_targets(call)
        assert old._namespaced("nodes", "") is False
        assert old._namespaced("pods", "") is True

    def test_verify_conn(self) -> None:
        """
        The connection flags a verify repeats; `None` for credentials on
        the command line or a value that fails validation.
        """
        from blastradius.families.kubectl.grammar import parse_kubectl
        from blastradius.families.kubectl.rollback import verify_conn

        def conn(*words: str) -> tuple[str, ...] | None:
            return verify_conn(parse_kubectl(["kubectl", "get", "po", *words]))

        assert conn("--context=prod") == ("--context=prod",)
        assert conn("--token=x") is None
        assert conn("--context=a b") is None

    def test_supports_server_dry_run(self) -> None:
        """Only paths whose rollback row says so support a server dry run."""
        from blastradius.families.kubectl.grammar import parse_kubectl
        from blastradius.families.kubectl.rollback import (
            supports_server_dry_run,
        )

        def dry(*words: str) -> bool:
            return supports_server_dry_run(parse_kubectl(["kubectl", *words]))

        assert dry("scale", "deploy/api", "--replicas=1")
        assert not dry("get", "pods")


class TestPlanFor:
    """`blastradius._rollback.plan_for` plans one command read once."""

    def test_branches(self) -> None:
        """
        A word known only at run time gives INCOMPLETE; an unknown program
        UNSUPPORTED; an *argv* (a policy alias resolved) is planned under
        its own program.
        """
        from blastradius import SimpleCommand
        from blastradius._rollback import plan_for

        dyn = SimpleCommand(
            argv=("kubectl", "delete", "po", "x"),
            dynamic=(False, False, False, True),
        )
        alias = SimpleCommand(argv=("k", "delete", "deploy", "api"))

        assert plan_for(dyn, Facts(), namespace=None).status is (
            RollbackStatus.INCOMPLETE
        )
        assert plan_for(alias, Facts(), namespace=None).status is (
            RollbackStatus.UNSUPPORTED
        )
        resolved = plan_for(
            alias,
            Facts(),
            namespace="prod",
            argv=("kubectl", "delete", "deploy", "api"),
        )
        assert resolved == derive_rollback(
            "kubectl delete deploy api", namespace="prod"
        )
