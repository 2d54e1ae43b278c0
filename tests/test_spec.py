from __future__ import annotations

import json
import sys

from pathlib import Path

import attrs
import pytest

from hypothesis import given
from hypothesis import strategies as st

from blastradius import Policy, Tier
from blastradius._rollback import RollbackStatus
from blastradius._spec import (
    DEFAULT_IRREVERSIBLE_PENALTY,
    DEFAULT_MISSING_FACTS_PENALTY,
    DeclarativeSpec,
    EvaluatedSpec,
)
from blastradius.exceptions import SpecError


sys.path.insert(0, str(Path(__file__).parent.parent))

from tests.strategies import dns_labels, examples, hostile_names, shell_text


_EXAMPLES = [str(row["cmd"]) for row in examples()]


@attrs.frozen(kw_only=True)
class TunedPolicy(Policy):
    """A policy with the optional fields evaluate() reads via getattr."""

    irreversible_penalty: int = 40
    missing_facts_penalty: int = 0
    dry_run_from_tier: Tier = Tier.DUAL


_ACTIONS = (
    "kubectl scale deploy/api --replicas=0 -n prod",
    "kubectl delete deploy api -n prod",
    "kubectl cordon node-1",
    "kubectl get pods -A",
    "kubectl rollout restart deploy/api -n prod",
    "kubectl label pods foo -n dev a=b",
    "kubectl delete ns prod",
    "helm upgrade api ./chart -n prod",
    "rm -rf /tmp/x",
    "kubectl apply -f x.yaml -n staging",
)


class TestDeclarativeSpec:
    def test_valid(self) -> None:
        """A well-formed spec keeps its fields; an argv becomes a tuple."""
        spec = DeclarativeSpec(
            action=["kubectl", "cordon", "node-1"],
            target="node-1",
            target_state="node drained of new pods",
            constraints=["weekday only"],
            incident_id="INC-1",
        )
        assert spec.action == ("kubectl", "cordon", "node-1")
        assert spec.constraints == ("weekday only",)
        assert json.loads(json.dumps(spec.to_dict()))["action"] == [
            "kubectl",
            "cordon",
            "node-1",
        ]

    @pytest.mark.parametrize(
        ("kwargs", "field"),
        [
            ({"action": ""}, "action"),
            ({"action": "   "}, "action"),
            ({"action": []}, "action"),
            ({"action": ["", "x"]}, "action"),
            ({"action": 3}, "action"),
            ({"action": "kubectl cordon 'unterminated"}, "action"),
            ({"namespace": "--all"}, "namespace"),
            ({"namespace": "Prod"}, "namespace"),
            ({"namespace": "x --namespace=kube-system"}, "namespace"),
            ({"target": "x --namespace=kube-system"}, "target"),
            ({"target": "-A"}, "target"),
            ({"target": "frobnicators/x"}, "target"),
            ({"target": "deploy/other"}, "target"),
            ({"target_state": 3}, "target_state"),
            ({"constraints": "one string"}, "constraints"),
            ({"constraints": [""]}, "constraints"),
            ({"constraints": [3]}, "constraints"),
            ({"incident_id": ""}, "incident_id"),
            ({"incident_id": "a\nb"}, "incident_id"),
            ({"incident_id": "INC 1"}, "incident_id"),
            ({"incident_id": "inc/1"}, "incident_id"),
            ({"incident_id": "x" * 65}, "incident_id"),
            ({"incident_id": "INC-1`@admin"}, "incident_id"),
            ({"incident_id": 7}, "incident_id"),
        ],
    )
    def test_invalid_names_the_field(
        self, kwargs: dict[str, object], field: str
    ) -> None:
        """Every bad value raises SpecError (a ValueError) naming its field."""
        base: dict[str, object] = {
            "action": "kubectl scale deploy/api --replicas=0 -n prod"
        }
        with pytest.raises(SpecError) as e:
            DeclarativeSpec(**{**base, **kwargs})  # type: ignore[arg-type]
        assert e.value.field == field
        assert isinstance(e.value, ValueError)

    def test_namespace_must_match_the_action(self) -> None:
        """A spec namespace that contradicts the action's -n is refused."""
        with pytest.raises(SpecError) as e:
            DeclarativeSpec(
                action="kubectl -n staging cordon n1", namespace="prod"
            )
        assert e.value.field == "namespace"
        DeclarativeSpec(action="kubectl -n prod cordon n1", namespace="prod")

    @given(hostile_names, st.sampled_from(["namespace", "target"]))
    def test_hostile_targets_and_namespaces(
        self, name: str, field: str
    ) -> None:
        """A hostile namespace or target is refused, naming the field, unless it is a valid name."""
        kwargs: dict[str, str] = {field: name}
        ok = not name.startswith("-") and not any(c.isspace() for c in name)
        if not ok:
            with pytest.raises(SpecError) as e:
                DeclarativeSpec(action="kubectl get pods", **kwargs)
            assert e.value.field == field

    def test_positional_action(self) -> None:
        """The action may be given positionally; the rest are keywords."""
        spec = DeclarativeSpec("kubectl cordon n1", incident_id="INC-2")
        assert spec.action == "kubectl cordon n1"

    def test_manual_is_not_penalised(self) -> None:
        """create namespace: a person undoes it, so no penalty applies."""
        ev = DeclarativeSpec("kubectl create namespace scratch").evaluate()
        assert ev.rollback_plan.status is RollbackStatus.MANUAL
        assert ev.blast_radius_score == ev.assessment.score

    def test_frozen(self) -> None:
        """A spec cannot be changed after construction."""
        spec = DeclarativeSpec(action="kubectl get pods")
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            spec.namespace = "prod"  # type: ignore[misc]


class TestEvaluate:
    def test_issue_example(self) -> None:
        """scale to 0 in prod with previous_replicas: exact rollback, no penalty."""
        spec = DeclarativeSpec(
            action="kubectl scale deploy/api --replicas=0 -n prod",
            namespace="prod",
            target="deploy/api",
        )
        ev = spec.evaluate(facts={"previous_replicas": 3})
        assert isinstance(ev, EvaluatedSpec)
        assert ev.rollback_plan.steps == (
            (
                "kubectl",
                "scale",
                "deployments.apps/api",
                "--replicas=3",
                "-n",
                "prod",
            ),
        )
        assert ev.blast_radius_score == ev.assessment.score
        assert ev.tier is ev.assessment.tier
        assert ev.dry_run_required
        assert ev.dry_run_argv == (
            "kubectl",
            "scale",
            "deploy/api",
            "--replicas=0",
            "-n",
            "prod",
            "--dry-run=server",
        )
        assert "namespace must be prod" in ev.constraints
        assert "no more than 1 resource affected" in ev.constraints
        assert ev.requires_gitops_pr is (ev.tier is Tier.DUAL)

    def test_irreversible_raises_the_score(self) -> None:
        """delete without a snapshot adds the irreversible penalty, with a reason."""
        spec = DeclarativeSpec(action="kubectl delete deploy api -n prod")
        ev = spec.evaluate()
        assert ev.rollback_plan.irreversible
        assert ev.blast_radius_score == min(
            99, ev.assessment.score + DEFAULT_IRREVERSIBLE_PENALTY
        )
        assert ev.reasons[-1].startswith("rollback.irreversible:")
        assert "rollback.irreversible" in ev.blast_reason
        with_snapshot = spec.evaluate(facts={"snapshot": "snap.yaml"})
        assert (
            with_snapshot.blast_radius_score == with_snapshot.assessment.score
        )
        assert with_snapshot.blast_radius_score < ev.blast_radius_score or (
            ev.blast_radius_score == 99
        )

    def test_missing_facts_raise_the_score(self) -> None:
        """A rollback that needs facts not supplied adds the smaller penalty."""
        ev = DeclarativeSpec(
            action="kubectl scale deploy/api --replicas=1 -n dev"
        ).evaluate()
        assert ev.rollback_plan.status is RollbackStatus.INCOMPLETE
        assert ev.blast_radius_score == min(
            99, ev.assessment.score + DEFAULT_MISSING_FACTS_PENALTY
        )
        assert "capture before running: previous_replicas" in ev.constraints

    def test_blocked_stays_blocked(self) -> None:
        """A hard-blocked action stays at 100 whatever its rollback."""
        ev = DeclarativeSpec(action="kubectl delete ns prod").evaluate()
        assert ev.blast_radius_score == 100
        assert ev.tier is Tier.BLOCKED
        assert not ev.requires_gitops_pr

    def test_read_only(self) -> None:
        """A read needs no dry run, no penalty, and has nothing to undo."""
        ev = DeclarativeSpec(action="kubectl get pods -A").evaluate()
        assert ev.rollback_plan.status is RollbackStatus.NOTHING
        assert not ev.dry_run_required
        assert ev.dry_run_argv is None
        assert ev.tier is Tier.AUTO
        assert ev.blast_radius_score == ev.assessment.score

    def test_no_server_dry_run(self) -> None:
        """rollout restart has no --dry-run=server: no dry-run argv, not required."""
        ev = DeclarativeSpec(
            action="kubectl rollout restart deploy/api -n prod"
        ).evaluate()
        assert ev.dry_run_argv is None
        assert not ev.dry_run_required

    def test_dry_run_argv_replaces_and_stops_at_double_dash(self) -> None:
        """--dry-run=none is replaced; --dry-run=server goes before --."""
        ev = DeclarativeSpec(
            action=[
                "kubectl",
                "create",
                "deployment",
                "web",
                "--image=nginx",
                "--dry-run=none",
                "-n",
                "dev",
                "--",
                "sleep",
                "--dry-run=none",
            ]
        ).evaluate()
        assert ev.dry_run_argv == (
            "kubectl",
            "create",
            "deployment",
            "web",
            "--image=nginx",
            "-n",
            "dev",
            "--dry-run=server",
            "--",
            "sleep",
            "--dry-run=none",
        )

    def test_already_a_dry_run(self) -> None:
        """An action that is already a dry run needs no other."""
        ev = DeclarativeSpec(
            action="kubectl delete deploy api -n prod --dry-run=server"
        ).evaluate()
        assert not ev.dry_run_required
        assert ev.rollback_plan.status is RollbackStatus.NOTHING

    def test_policy_fields(self) -> None:
        """irreversible_penalty, missing_facts_penalty, dry_run_from_tier come from the policy."""
        policy = TunedPolicy()
        ev = DeclarativeSpec(
            action="kubectl delete deploy api -n dev"
        ).evaluate(policy)
        assert ev.blast_radius_score == min(99, ev.assessment.score + 40)
        ev = DeclarativeSpec(
            action="kubectl scale deploy/api --replicas=1 -n dev"
        ).evaluate(policy)
        assert ev.blast_radius_score == ev.assessment.score
        assert ev.dry_run_required is (ev.tier >= Tier.DUAL)

    def test_derived_constraints(self) -> None:
        """Counts, selectors and contexts become constraints after the spec's own."""
        ev = DeclarativeSpec(
            action="kubectl --context prod-eu scale deploy/a deploy/b --replicas=2 -n prod",
            constraints=("mine first",),
        ).evaluate()
        assert ev.constraints[0] == "mine first"
        assert "context must be prod-eu" in ev.constraints
        assert "no more than 2 resources affected" in ev.constraints
        ev = DeclarativeSpec(
            action="kubectl delete pods -l app=x -n prod"
        ).evaluate()
        assert any("chosen at run time" in c for c in ev.constraints)

    def test_spec_namespace_pins_the_rollback(self) -> None:
        """The spec's namespace pins rollback steps of an action without -n."""
        ev = DeclarativeSpec(
            action="kubectl scale deploy/api --replicas=0", namespace="prod"
        ).evaluate(facts={"previous_replicas": 2})
        assert ev.rollback_plan.steps[0][-2:] == ("-n", "prod")
        assert "namespace must be prod" in ev.constraints

    def test_aliases(self) -> None:
        """A policy alias (k -> kubectl) is resolved before deriving the rollback."""
        policy = Policy(aliases={"k": "kubectl"})
        ev = DeclarativeSpec(action="k cordon node-1").evaluate(policy)
        assert ev.rollback_plan.steps == (("kubectl", "uncordon", "node-1"),)

    def test_bad_facts(self) -> None:
        """Malformed facts raise SpecError naming the fact."""
        spec = DeclarativeSpec(action="kubectl cordon n1")
        with pytest.raises(SpecError) as e:
            spec.evaluate(facts={"previous_replicas": "three"})
        assert e.value.field == "facts.previous_replicas"

    @given(st.sampled_from(_ACTIONS))
    def test_deterministic_and_json(self, action: str) -> None:
        """Evaluation is deterministic, serialisable, and DUAL iff a GitOps PR."""
        spec = DeclarativeSpec(action=action)
        a, b = spec.evaluate(), spec.evaluate()
        assert a == b
        assert json.dumps(a.to_dict()) == json.dumps(b.to_dict())
        assert a.requires_gitops_pr is (a.tier is Tier.DUAL)
        assert a.blast_radius_score >= a.assessment.score
        assert a.tier >= a.assessment.tier

    @given(dns_labels)
    def test_never_lowers_the_score(self, ns: str) -> None:
        """The penalty only adds: the evaluated score is never below the assessment's."""
        ev = DeclarativeSpec(
            action=f"kubectl delete deploy api -n {ns}"
        ).evaluate()
        assert ev.blast_radius_score >= ev.assessment.score


class TestEvaluateEdges:
    def test_target_without_kubectl(self) -> None:
        """A target on a non-kubectl action is only checked as a name."""
        spec = DeclarativeSpec(
            action="helm upgrade api ./c -n prod", target="api"
        )
        assert spec.evaluate().rollback_plan.status is RollbackStatus.GENERIC

    def test_kind_only_action(self) -> None:
        """An action naming only a kind gets no count constraint."""
        ev = DeclarativeSpec(
            action="kubectl rollout restart deploy -n prod"
        ).evaluate()
        assert not any(c.startswith("no more than") for c in ev.constraints)

    def test_several_commands(self) -> None:
        """Several commands: scored together, no rollback, penalised when mutating."""
        ev = DeclarativeSpec(
            action="kubectl cordon a; kubectl cordon b"
        ).evaluate()
        assert ev.rollback_plan.status is RollbackStatus.UNSUPPORTED
        assert ev.blast_radius_score == min(
            99, ev.assessment.score + DEFAULT_MISSING_FACTS_PENALTY
        )
        assert ev.dry_run_argv is None

    def test_duplicate_constraints_collapse(self) -> None:
        """A derived constraint the spec already states is not repeated."""
        ev = DeclarativeSpec(
            action="kubectl cordon n1 -n prod",
            constraints=("namespace must be prod",),
        ).evaluate()
        assert ev.constraints.count("namespace must be prod") == 1


class TestIncidentId:
    @pytest.mark.parametrize(
        "incident", ["INC-1", "a", "pd:P123.4_x", "x" * 64, "2026-01-01T00:00"]
    )
    def test_accepted(self, incident: str) -> None:
        """Ids of 1 to 64 characters of A-Za-z0-9._:- are kept as given."""
        spec = DeclarativeSpec("kubectl get pods", incident_id=incident)

        assert spec.incident_id == incident

    @given(st.text(max_size=80))
    def test_pattern(self, incident: str) -> None:
        """Exactly the full matches of [A-Za-z0-9._:-]{1,64} are accepted."""
        ok = 1 <= len(incident) <= 64 and all(
            c.isascii() and (c.isalnum() or c in "._:-") for c in incident
        )
        if ok:
            DeclarativeSpec("kubectl get pods", incident_id=incident)
        else:
            with pytest.raises(SpecError) as e:
                DeclarativeSpec("kubectl get pods", incident_id=incident)
            assert e.value.field == "incident_id"


class TestArgv:
    @pytest.mark.parametrize(
        ("action", "argv"),
        [
            (
                "kubectl scale deploy/api --replicas=3 -n prod",
                (
                    "kubectl",
                    "scale",
                    "deploy/api",
                    "--replicas=3",
                    "-n",
                    "prod",
                ),
            ),
            (
                "kubectl get pods -o 'jsonpath={.items[*].metadata.name}'",
                (
                    "kubectl",
                    "get",
                    "pods",
                    "-o",
                    "jsonpath={.items[*].metadata.name}",
                ),
            ),
            ("sudo kubectl get pods", ("sudo", "kubectl", "get", "pods")),
            (
                ("kubectl", "get", "pods", "a b"),
                ("kubectl", "get", "pods", "a b"),
            ),
            (("kubectl", "get", "$NS"), ("kubectl", "get", "$NS")),
        ],
    )
    def test_one_command(
        self, action: str | tuple[str, ...], argv: tuple[str, ...]
    ) -> None:
        """One simple command gives its argv exactly as bash's words."""
        ev = DeclarativeSpec(action).evaluate()

        assert ev.argv == argv
        assert ev.argv_problem == ""

    @pytest.mark.parametrize(
        "action",
        [
            "kubectl get pods | head",
            "kubectl get pods; kubectl get ns",
            "kubectl get pods && echo ok",
            "kubectl get pods > /tmp/x",
            "kubectl get pods 2>&1",
            "KUBECONFIG=/x kubectl get pods",
            "f() { kubectl get pods; }; f",
            "(kubectl get pods)",
            "kubectl get pods &",
            "! kubectl get pods",
            "kubectl get $NS",
            "kubectl get $(cat ns)",
            "kubectl get pod-*",
            "kubectl get pods -o jsonpath={.items[*].metadata.name}",
            "cat ~/x",
            "echo {a,b}",
            "kubectl get pods # a comment",
            "bash -c 'kubectl get pods | head'",
            "kubectl apply -f - <<< 'x'",
            ("KUBECONFIG=/x", "kubectl", "get", "pods"),
            ("bash", "-c", "a; b"),
        ],
    )
    def test_not_one_argv(self, action: str | tuple[str, ...]) -> None:
        """Anything but one plain simple command has no argv, and says why."""
        ev = DeclarativeSpec(action).evaluate()

        assert ev.argv == ()
        assert ev.argv_problem == "the gate runs one command as argv; split it"
        assert ev.verify == ()
        assert ev.to_dict()["argv"] == []

    def test_shlex_error(self) -> None:
        """A line shlex cannot split has no argv (bash reads it otherwise)."""
        from blastradius._spec import runnable_argv

        argv, problem = runnable_argv("echo 'a")

        assert argv == ()
        assert problem.startswith("the gate runs one command as argv")

    @given(
        st.lists(
            st.text(
                st.characters(codec="ascii", exclude_categories=["Cc"]),
                min_size=1,
            ),
            min_size=1,
            max_size=5,
        ).filter(lambda a: a[0][0] not in "-=" and "=" not in a[0])
    )
    def test_argv_action_round_trips(self, words: list[str]) -> None:
        """A plain argv action runs as given, word for word, or not at all."""
        try:
            ev = DeclarativeSpec(tuple(words)).evaluate()
        except SpecError:
            return
        assert ev.argv in ((), tuple(words))


class TestVerify:
    @pytest.mark.parametrize(
        ("action", "kw", "verify"),
        [
            (
                "kubectl scale deploy/api --replicas=5 -n prod",
                {},
                "kubectl rollout status deployment/api -n prod --timeout=120s",
            ),
            (
                "kubectl set image deployment/api app=api:2",
                {"namespace": "prod"},
                "kubectl rollout status deployment/api -n prod --timeout=120s",
            ),
            (
                "kubectl rollout restart sts/db -n data --context=east",
                {},
                (
                    "kubectl rollout status statefulset/db -n data "
                    "--timeout=120s --context=east"
                ),
            ),
            (
                "kubectl rollout undo daemonset fluentd -n logging",
                {},
                (
                    "kubectl rollout status daemonset/fluentd -n logging "
                    "--timeout=120s"
                ),
            ),
            (
                "kubectl apply -f api.yaml -n prod",
                {"target": "deploy/api"},
                "kubectl rollout status deployment/api -n prod --timeout=120s",
            ),
            (
                "kubectl patch deploy api -p '{}'",
                {},
                "kubectl rollout status deployment/api --timeout=120s",
            ),
            (
                "sudo kubectl scale deploy/api --replicas=1 -n prod",
                {},
                "kubectl rollout status deployment/api -n prod --timeout=120s",
            ),
        ],
    )
    def test_workload_changes(
        self, action: str, kw: dict[str, str], verify: str
    ) -> None:
        """A template or scale change of one workload is checked by rollout status."""
        ev = DeclarativeSpec(action, **kw).evaluate()

        assert ev.verify == tuple(verify.split())
        assert ev.to_dict()["verify"] == verify.split()

    @pytest.mark.parametrize(
        ("action", "kw"),
        [
            ("kubectl get pods -n prod", {}),
            ("kubectl delete pod api-1 -n prod", {}),
            ("kubectl cordon node-1", {}),
            ("kubectl rollout pause deploy/api -n prod", {}),
            ("kubectl scale deploy/a deploy/b --replicas=1 -n prod", {}),
            ("kubectl scale rc/old --replicas=1 -n prod", {}),
            ("kubectl apply -f api.yaml -n prod", {}),
            ("kubectl apply -f api.yaml -n prod", {"target": "api"}),
            ("kubectl apply -f api.yaml -n prod", {"target": "svc/api"}),
            ("kubectl scale deploy/api --replicas=1 --dry-run=server", {}),
            ("kubectl scale deploy/api --replicas=1 --server=https://x", {}),
            ("kubectl scale deploy/api --replicas=1 --context='a b'", {}),
            ("helm upgrade api ./chart -n prod", {}),
            ("rm -rf /tmp/x", {}),
        ],
    )
    def test_nothing_to_check(self, action: str, kw: dict[str, str]) -> None:
        """Where no single workload's rollout follows the action, verify is ()."""
        ev = DeclarativeSpec(action, **kw).evaluate()

        assert ev.verify == ()


class TestEvaluateReadsOnce:
    """`DeclarativeSpec.evaluate` reads its action once and each command once."""

    @staticmethod
    def _count(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
        from blastradius import _shell
        from blastradius.families.kubectl import grammar

        counts = {"parse": 0, "from_argv": 0, "parse_kubectl": 0}
        for module, name in (
            (_shell, "parse"),
            (_shell, "from_argv"),
            (grammar, "parse_kubectl"),
        ):
            real = getattr(module, name)

            def counted(
                *a: object, _real: object = real, _n: str = name, **k: object
            ) -> object:
                counts[_n] += 1
                assert callable(_real)
                return _real(*a, **k)

            monkeypatch.setattr(module, name, counted)
        return counts

    @pytest.mark.parametrize(
        ("action", "reads"),
        [
            ("kubectl scale deploy/api --replicas=0 -n prod", "parse"),
            ("kubectl delete deploy api -n prod", "parse"),
            (
                ("kubectl", "set", "image", "deploy/api", "api=x:2"),
                "from_argv",
            ),
        ],
    )
    def test_one_shell_read_one_kubectl_parse(
        self,
        monkeypatch: pytest.MonkeyPatch,
        action: str | tuple[str, ...],
        reads: str,
    ) -> None:
        """
        One evaluate() runs the shell reader once and kubectl's grammar
        once (it ran them 3 and 3 times before the parsed call was kept in
        the assessment), and gives what the separate readings gave.
        """
        from blastradius._rollback import derive_rollback
        from blastradius._spec import runnable_argv

        spec = DeclarativeSpec(action, namespace="prod")
        counts = self._count(monkeypatch)
        ev = spec.evaluate()

        assert counts == {
            "parse": 0,
            "from_argv": 0,
            "parse_kubectl": 0,
        } | {reads: 1, "parse_kubectl": 1}
        monkeypatch.undo()
        assert ev.rollback_plan == derive_rollback(action, namespace="prod")
        assert (ev.argv, ev.argv_problem) == runnable_argv(action)
        assert len(ev.assessment.calls) == 1

    def test_wrapped_action_compares_its_argv_reading(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """
        A command line that is more than one plain command (``sudo …``) is
        still compared with the reading of its words as an argv, once.
        """
        spec = DeclarativeSpec("sudo kubectl get pods")
        counts = self._count(monkeypatch)
        ev = spec.evaluate()

        assert (counts["parse"], counts["from_argv"]) == (1, 1)
        assert ev.argv == ("sudo", "kubectl", "get", "pods")

    def test_call_read_again_only_without_one(self) -> None:
        """
        When the scorer kept no call for the command (a host's own analyzer
        read it), the call is read from the command; a program other than
        kubectl has none.
        """
        import blastradius

        from blastradius import SimpleCommand
        from blastradius._spec import _call_of
        from blastradius.families.kubectl.grammar import parse_kubectl

        command = SimpleCommand(argv=("kubectl", "get", "pods"))
        none_kept = blastradius.score("ls")

        assert none_kept.calls == ()
        assert _call_of(none_kept, command, "kubectl") == parse_kubectl(
            command.argv
        )
        assert _call_of(none_kept, command, "helm") is None
        other = blastradius.score("kubectl get svc")
        assert _call_of(other, command, "kubectl") == parse_kubectl(
            command.argv
        )

    def test_dynamic_words_leave_the_rollback_incomplete(self) -> None:
        """
        A word only known at run time (here the replica count) makes the
        rollback incomplete: no step is built from a guess.
        """
        ev = DeclarativeSpec(
            "kubectl scale deploy/api --replicas=$N -n prod"
        ).evaluate()

        assert ev.rollback_plan.status is RollbackStatus.INCOMPLETE
        assert "run time" in ev.rollback_plan.reason

    def test_not_one_command(self) -> None:
        """Two commands give an unsupported rollback and no argv."""
        ev = DeclarativeSpec("kubectl get pods; kubectl get svc").evaluate()

        assert ev.rollback_plan.status is RollbackStatus.UNSUPPORTED
        assert len(ev.assessment.calls) == 2
        assert ev.argv == ()


class TestRunnableFromReading:
    """`_runnable` on the shell's reading agrees with `runnable_argv`."""

    @given(st.one_of(shell_text, st.sampled_from(_EXAMPLES)))
    def test_same_as_runnable_argv(self, text: str) -> None:
        """
        For any command line (arbitrary text, shell fragments, kubectl's
        examples), the argv evaluate() derives from its one reading is the
        one `runnable_argv` derives by reading it twice.
        """
        from blastradius._rollback import read_action
        from blastradius._spec import _runnable, runnable_argv

        assert _runnable(text, read_action(text)) == runnable_argv(text)

    @given(
        st.lists(
            st.sampled_from(["kubectl", "sudo", "get", "a b", "$x", "-n"]),
            max_size=5,
        )
    )
    def test_argv_same_as_runnable_argv(self, words: list[str]) -> None:
        """An argv action agrees too."""
        from blastradius._rollback import read_action
        from blastradius._spec import _runnable, runnable_argv

        argv = tuple(words)
        assert _runnable(argv, read_action(argv)) == runnable_argv(argv)


class TestEvaluateFailsClosed:
    """An internal error while scoring a spec's action escalates."""

    def test_internal_error(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """
        If the engine raises while reading the action's commands, the
        assessment carries the internal unknown (never AUTO), and a command
        line is still scanned for hard rules.
        """
        from blastradius import _score

        real = _score._Run.analyze_parsed

        def boom(run: _score._Run, parsed: object, *, depth: int) -> None:
            if depth == 0:
                msg = "boom"
                raise RuntimeError(msg)
            real(run, parsed, depth=depth)  # type: ignore[arg-type]

        monkeypatch.setattr(_score._Run, "analyze_parsed", boom)
        ev = DeclarativeSpec("kubectl delete ns prod").evaluate()
        argv_ev = DeclarativeSpec(("kubectl", "get", "pods")).evaluate()

        rules = {f.rule for f in ev.assessment.findings}
        assert "blastradius.internal.unknown" in rules
        assert ev.tier is Tier.BLOCKED
        assert argv_ev.tier >= Tier.HUMAN
