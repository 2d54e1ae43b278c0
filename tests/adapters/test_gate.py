"""
The gate (`blastradius.adapters.Gate`): decide, approvals, claims, the
budget, dry run, action, verify, rollback and the outcome record -- with
the fakes of `blastradius.testing`.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import threading

from collections.abc import Sequence

import attrs
import pytest

from blastradius import (
    DeclarativeSpec,
    EvaluatedSpec,
    Facts,
    GateSettings,
    Policy,
    RollbackPlan,
    Tier,
)
from blastradius.adapters import (
    Approval,
    Decision,
    Execution,
    Gate,
    ReviewResult,
    RollbackResult,
    RunResult,
    Step,
    Verdict,
)
from blastradius.testing import (
    DEFAULT_START,
    FakeAsyncRunner,
    FakeClock,
    FakeNotifier,
    FakeReviews,
    FakeRunner,
    MemoryOutcomes,
)


AUTO = "kubectl scale deploy/api --replicas=2 -n dev"
HUMAN = "kubectl scale deploy/api --replicas=3 -n prod"
DUAL = "kubectl scale deploy/api --replicas=0 -n prod"
BLOCKED = "kubectl delete ns prod"
FACTS = {"previous_replicas": 3}
VERIFY = "rollout status"


def _gate(**kw: object) -> Gate:
    kw.setdefault("runner", FakeRunner())
    kw.setdefault("clock", FakeClock())
    kw.setdefault("requester", "bot")
    return Gate(**kw)  # type: ignore[arg-type]


def _ok(
    decision: Decision,
    user: str,
    *,
    at: dt.datetime = DEFAULT_START,
    **kw: object,
) -> Approval:
    return Approval(user=user, digest=decision.digest, at=at, **kw)  # type: ignore[arg-type]


class _Rollback:
    """A RollbackExecutor recording the plans it is given."""

    def __init__(self, result: RollbackResult | BaseException) -> None:
        self.result = result
        self.plans: list[RollbackPlan] = []

    def execute(self, plan: RollbackPlan) -> RollbackResult:
        self.plans.append(plan)
        if isinstance(self.result, BaseException):
            raise self.result
        return self.result


class _AsyncRollback(_Rollback):
    """An AsyncRollbackExecutor."""

    async def execute(self, plan: RollbackPlan) -> RollbackResult:  # type: ignore[override]
        return _Rollback.execute(self, plan)


class TestDecide:
    @pytest.mark.parametrize(
        ("cmd", "verdict", "required"),
        [
            (AUTO, Verdict.EXECUTE, 0),
            (HUMAN, Verdict.ASK_ONE, 1),
            (DUAL, Verdict.ASK_TWO, 2),
            (BLOCKED, Verdict.REFUSE, 0),
        ],
    )
    def test_tiers(self, cmd: str, verdict: Verdict, required: int) -> None:
        """Each tier gives its verdict and the policy's approval count."""
        d = _gate().decide(cmd, facts=FACTS)

        assert d.verdict is verdict
        assert d.approvals_required == required
        assert d.argv == tuple(cmd.split())
        assert len(d.digest) == 64
        assert d.requester == "bot"
        assert d.evaluated is not None
        assert d.score == d.evaluated.blast_radius_score
        assert not d.escalated

    def test_policy_approvals(self) -> None:
        """approvals_human and approvals_dual set the counts."""
        policy = Policy(gate=GateSettings(approvals_human=2, approvals_dual=3))
        gate = _gate(policy=policy)

        assert gate.decide(HUMAN).approvals_required == 2
        assert gate.decide(DUAL).approvals_required == 3

    def test_spec_fields(self) -> None:
        """A spec's incident, namespace and target reach the decision."""
        spec = DeclarativeSpec(
            HUMAN, namespace="prod", target="deploy/api", incident_id="INC-1"
        )
        d = _gate().decide(spec)

        assert (d.incident_id, d.namespace, d.target) == (
            "INC-1",
            "prod",
            "deploy/api",
        )
        assert d.budget_key == "prod/deployments.apps/api"
        assert d.mutating

    def test_argv_input(self) -> None:
        """An argv decides as its command line does."""
        gate = _gate()

        assert (
            gate.decide(tuple(HUMAN.split())).digest
            == gate.decide(HUMAN).digest
        )

    @pytest.mark.parametrize(
        "cmd",
        [
            "kubectl get pods | head",
            "kubectl get pods; kubectl delete pod x",
            "kubectl get pods > /tmp/out",
            "KUBECONFIG=/tmp/k kubectl get pods",
            "f() { kubectl get pods; }; f",
        ],
    )
    def test_not_one_command(self, cmd: str) -> None:
        """A pipe, list, redirection, assignment or function is REFUSE."""
        d = _gate().decide(cmd)

        assert d.verdict is Verdict.REFUSE
        assert d.reasons[0] == "the gate runs one command as argv; split it"
        assert d.argv == ()

    def test_digest_binds_everything(self) -> None:
        """argv, namespace, target, incident and policy all change the digest."""
        base = DeclarativeSpec(
            HUMAN, namespace="prod", target="deploy/api", incident_id="I-1"
        )
        gate = _gate()
        digests = {
            gate.decide(base).digest,
            gate.decide(
                attrs.evolve(base, action=HUMAN.replace("3", "4"))
            ).digest,
            gate.decide(attrs.evolve(base, namespace=None)).digest,
            gate.decide(attrs.evolve(base, target=None)).digest,
            gate.decide(attrs.evolve(base, incident_id="I-2")).digest,
            _gate(policy=Policy(gate=GateSettings(approvals_dual=3)))
            .decide(base)
            .digest,
        }

        assert len(digests) == 6

    def test_runner_argv(self) -> None:
        """The digest and argv are of what the runner will run, flags included."""
        plain = _gate().decide(HUMAN)
        injected = _gate(runner=FakeRunner(prefix=("sudo",))).decide(HUMAN)

        assert injected.argv == ("sudo", *HUMAN.split())
        assert injected.digest != plain.digest

    def test_runner_flags_are_scored(self) -> None:
        """A context the runner injects weighs in the score."""

        class ProdContext(FakeRunner):
            def argv_for(self, argv: Sequence[str]) -> tuple[str, ...]:
                return (*argv, "--context=prod")

        plain = _gate().decide(AUTO, facts=FACTS)
        prod = _gate(runner=ProdContext()).decide(AUTO, facts=FACTS)

        assert prod.argv[-1] == "--context=prod"
        assert prod.score >= plain.score

    def test_runner_argv_not_one_command(self) -> None:
        """A runner turning the argv into a shell line makes it REFUSE."""

        class Shell(FakeRunner):
            def argv_for(self, argv: Sequence[str]) -> tuple[str, ...]:
                return ("bash", "-c", " ".join(argv) + "; rm -rf /")

        d = _gate(runner=Shell()).decide(AUTO)

        assert d.verdict is Verdict.REFUSE
        assert d.argv == ()

    def test_read_only(self) -> None:
        """A read-only action is not mutating (it never counts on the budget)."""
        d = _gate().decide("kubectl get pods -n dev")

        assert not d.mutating
        assert d.budget_key == "dev/kubectl get pods -n dev"

    def test_unknown_effect_is_mutating(self) -> None:
        """What the scorer cannot classify counts as mutating."""
        assert _gate().decide("frobnicate --all").mutating

    def test_budget_key_from_call(self) -> None:
        """Without a spec target, the first named object is the target."""
        d = _gate().decide("kubectl -n dev rollout restart deployment api")

        assert d.budget_key == "dev/deployments.apps/api"

    def test_budget_key_reads_the_kept_call(self) -> None:
        """
        The decision reads the kubectl call the scorer kept in the
        assessment; with none kept (a host's own analyzer), it reads the
        argv again, to the same call.
        """
        from blastradius import DeclarativeSpec, Policy
        from blastradius.adapters._decide import _call

        policy = Policy()
        evaluated = DeclarativeSpec(
            action="kubectl -n dev rollout restart deployment api"
        ).evaluate(policy)
        kept = evaluated.assessment.calls

        assert _call(evaluated, policy) is kept[0]
        bare = attrs.evolve(
            evaluated, assessment=attrs.evolve(evaluated.assessment, calls=())
        )
        again = _call(bare, policy)
        assert again == kept[0]
        assert again is not kept[0]
        helm = DeclarativeSpec(action="helm status api").evaluate(policy)
        assert _call(helm, policy) is None

    def test_budget_key_spec_target_forms(self) -> None:
        """A spec target names the object: TYPE/NAME normalised, or NAME."""
        gate = _gate()
        cordon = gate.decide(
            DeclarativeSpec("kubectl cordon node-1", target="node-1")
        )
        custom = gate.decide(
            DeclarativeSpec("kubectl get widgets.example.com w1 -n dev")
        )

        assert cordon.budget_key == "node-1"
        assert custom.budget_key == "dev/widgets.example.com/w1"

    def test_aliases(self) -> None:
        """A policy alias for kubectl keys the budget like kubectl."""
        gate = _gate(policy=Policy(aliases={"k": "kubectl"}))

        assert gate.decide(
            "k scale deploy/api --replicas=1 -n dev"
        ).budget_key == ("dev/deployments.apps/api")

    def test_not_kubectl(self) -> None:
        """A non-kubectl command is keyed by its argv."""
        assert (
            _gate().decide("helm status api").budget_key == "helm status api"
        )

    def test_deterministic_and_pure(self) -> None:
        """decide gives equal decisions and never runs anything."""

        class NoRun(FakeRunner):
            def run(self, argv: Sequence[str], *, timeout: float) -> RunResult:
                msg = "decide ran something"
                raise AssertionError(msg)

        gate = _gate(runner=NoRun())

        assert gate.decide(DUAL, facts=FACTS) == gate.decide(DUAL, facts=FACTS)

    def test_scoring_error_escalates(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """An exception while scoring gives ASK_ONE with the error, never EXECUTE."""
        import blastradius._spec

        def boom(*_a: object, **_k: object) -> EvaluatedSpec:
            msg = "scorer \x1b[31mexploded"
            raise RuntimeError(msg)

        monkeypatch.setattr(blastradius._spec, "_evaluate", boom)
        d = _gate().decide(AUTO)

        assert d.verdict is Verdict.ASK_ONE
        assert d.escalated
        assert d.argv == ()
        assert d.evaluated is None
        assert d.reasons[0].startswith("error while deciding")
        assert "RuntimeError: scorer \\x1b[31mexploded" in d.reasons[0]
        assert d.tier is Tier.HUMAN

    def test_error_after_scoring_keeps_the_stricter_verdict(self) -> None:
        """An error after scoring a DUAL action escalates to ASK_TWO."""

        class Broken(FakeRunner):
            def argv_for(self, argv: Sequence[str]) -> tuple[str, ...]:
                msg = "no context"
                raise ValueError(msg)

        d = _gate(runner=Broken()).decide(DUAL)

        assert d.verdict is Verdict.ASK_TWO
        assert d.approvals_required == 2
        assert d.escalated
        assert d.argv == ()
        assert d.tier is Tier.DUAL

    def test_error_after_scoring_auto(self) -> None:
        """An error after scoring an AUTO action still needs a person."""

        class Broken(FakeRunner):
            def argv_for(self, argv: Sequence[str]) -> tuple[str, ...]:
                msg = "no context"
                raise ValueError(msg)

        d = _gate(runner=Broken()).decide(AUTO, facts=FACTS)

        assert d.verdict is Verdict.ASK_ONE
        assert d.score == Policy().thresholds.floor
        assert d.tier is Tier.HUMAN

    def test_bad_spec_escalates(self) -> None:
        """A spec that cannot be built escalates with the SpecError."""
        d = _gate().decide("kubectl get pods 'unterminated")

        assert d.verdict is Verdict.ASK_ONE
        assert "SpecError" in d.reasons[0]

    def test_bad_facts_escalate(self) -> None:
        """Malformed facts escalate rather than raise."""
        d = _gate().decide(HUMAN, facts={"previous_replicas": -3})

        assert d.escalated
        assert d.verdict is Verdict.ASK_ONE

    def test_unprintable_error(self) -> None:
        """An error whose str() fails still escalates, named by its type."""

        class WeirdError(Exception):
            def __str__(self) -> str:
                raise RuntimeError

        class Broken(FakeRunner):
            def argv_for(self, argv: Sequence[str]) -> tuple[str, ...]:
                raise WeirdError

        d = _gate(runner=Broken()).decide(HUMAN)

        assert d.reasons[0].endswith(": WeirdError")

    def test_long_reason_cut(self) -> None:
        """Reasons shown to people are cut at 500 characters."""

        class Broken(FakeRunner):
            def argv_for(self, argv: Sequence[str]) -> tuple[str, ...]:
                raise ValueError("x" * 2000)

        assert len(_gate(runner=Broken()).decide(HUMAN).reasons[0]) == 500


class TestGateInit:
    def test_bad_policy(self) -> None:
        """A policy that is not a Policy is a TypeError."""
        with pytest.raises(TypeError, match="Policy"):
            _gate(policy={"gate": {}})

    def test_empty_requester(self) -> None:
        """The requester must be named."""
        with pytest.raises(TypeError, match="requester"):
            _gate(requester=" ")

    def test_repr(self) -> None:
        """The repr shows the policy fingerprint and requester, nothing else."""
        assert (
            repr(_gate())
            == f"Gate(policy={Policy().fingerprint}, requester='bot')"
        )

    def test_default_store(self) -> None:
        """Without a store, an in-process one keeps claims and outcomes."""
        gate = _gate()
        gate.execute(gate.decide(AUTO, facts=FACTS))

        assert len(gate.outcomes.query()) == 1


class TestRefuse:
    def test_blocked_never_runs(self) -> None:
        """BLOCKED is refused, the runner never called, a human notified."""
        runner, notifier, store = (
            FakeRunner(),
            FakeNotifier(),
            MemoryOutcomes(),
        )
        gate = _gate(runner=runner, notifier=notifier, outcomes=store)
        d = gate.decide(BLOCKED)
        ex = gate.execute(d, approvals=[_ok(d, "ana"), _ok(d, "bo")])

        assert not ex.executed
        assert ex.reason.startswith("refused: ")
        assert runner.calls == []
        assert notifier.texts == [ex.reason]
        (outcome,) = store.query()
        assert outcome.verdict == "refuse"
        assert not outcome.executed
        assert outcome.status == "finished"
        assert "claim" not in store.methods()

    def test_not_one_command_never_runs(self) -> None:
        """A pipeline is refused with the split-it reason."""
        runner = FakeRunner()
        gate = _gate(runner=runner)
        ex = gate.execute(gate.decide("kubectl get pods | sh"))

        assert not ex.executed
        assert "split it" in ex.reason
        assert runner.calls == []

    def test_escalated_never_runs(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """An escalated decision has nothing to run, whatever the approvals."""
        import blastradius._spec

        monkeypatch.setattr(
            blastradius._spec,
            "_evaluate",
            lambda *a, **k: (_ for _ in ()).throw(RuntimeError("x")),
        )
        runner, notifier = FakeRunner(), FakeNotifier()
        gate = _gate(runner=runner, notifier=notifier)
        d = gate.decide(AUTO)
        ex = gate.execute(d, approvals=[_ok(d, "ana"), _ok(d, "bo")])

        assert not ex.executed
        assert ex.escalated
        assert ex.reason.startswith("escalated: ")
        assert runner.calls == []
        assert notifier.texts == [ex.reason]

    def test_forged_decision(self) -> None:
        """A decision changed after decide (EXECUTE for a DUAL action) never runs."""
        runner = FakeRunner()
        gate = _gate(runner=runner)
        d = gate.decide(DUAL, facts=FACTS)
        forged = attrs.evolve(d, verdict=Verdict.EXECUTE, approvals_required=0)
        ex = gate.execute(forged)

        assert not ex.executed
        assert ex.escalated
        assert "not this gate's" in ex.reason
        assert runner.calls == []

    def test_other_policy(self) -> None:
        """A decision made under another policy is not executed."""
        d = _gate().decide(HUMAN)
        strict = _gate(policy=Policy(gate=GateSettings(approvals_human=2)))

        ex = strict.execute(d, approvals=[_ok(d, "ana"), _ok(d, "bo")])

        assert not ex.executed
        assert "decide again" in ex.reason

    def test_async_runner_disagrees(self) -> None:
        """aexecute refuses when the async runner would run another argv."""
        gate = _gate(async_runner=FakeAsyncRunner(prefix=("sudo",)))
        d = gate.decide(AUTO, facts=FACTS)
        ex = asyncio.run(gate.aexecute(d))

        assert not ex.executed
        assert "not this gate's" in ex.reason

    def test_not_a_decision(self) -> None:
        """Passing something else than a Decision is a programming error."""
        with pytest.raises(TypeError, match="Decision"):
            _gate().execute("kubectl get pods")  # type: ignore[arg-type]

    def test_not_approvals(self) -> None:
        """Approvals that are not Approval records are a programming error."""
        gate = _gate()
        with pytest.raises(TypeError, match="Approval"):
            gate.execute(gate.decide(HUMAN), approvals=[{"user": "ana"}])  # type: ignore[list-item]


class TestApprovals:
    def _run(
        self,
        cmd: str,
        approvals: Sequence[Approval] | None = None,
        *,
        decision: Decision | None = None,
        clock: FakeClock | None = None,
    ) -> tuple[Execution, FakeRunner]:
        runner = FakeRunner()
        gate = _gate(runner=runner, clock=clock or FakeClock())
        d = decision or gate.decide(cmd, facts=FACTS)
        return gate.execute(d, approvals=approvals or ()), runner

    def test_auto_needs_none(self) -> None:
        """AUTO executes without approvals."""
        ex, runner = self._run(AUTO)

        assert ex.executed
        assert runner.calls[0] == tuple(AUTO.split())

    def test_human_needs_one(self) -> None:
        """HUMAN does not run without an approval, and runs with one."""
        gate = _gate()
        d = gate.decide(HUMAN, facts=FACTS)

        assert not gate.execute(d).executed
        ex = gate.execute(d, approvals=[_ok(d, "ana")])
        assert ex.executed
        assert ex.approvers == ("ana",)

    def test_dual_needs_two_distinct(self) -> None:
        """DUAL runs with two distinct people's approvals of its digest."""
        runner = FakeRunner()
        gate = _gate(runner=runner)
        d = gate.decide(DUAL, facts=FACTS)

        assert not gate.execute(d, approvals=[_ok(d, "ana")]).executed
        assert not gate.execute(
            d, approvals=[_ok(d, "ana"), _ok(d, "ANA")]
        ).executed
        assert runner.calls == []
        ex = gate.execute(d, approvals=[_ok(d, "ana"), _ok(d, "bo")])
        assert ex.executed
        assert ex.approvers == ("ana", "bo")

    @pytest.mark.parametrize(
        ("bad", "why"),
        [
            ({"user": "bot"}, "asked for it"),
            ({"user": "BOT"}, "asked for it"),
            ({"digest": "f" * 64}, "another plan"),
            (
                {"at": DEFAULT_START - dt.timedelta(hours=24, seconds=1)},
                "expired",
            ),
            ({"at": DEFAULT_START + dt.timedelta(seconds=1)}, "future"),
        ],
    )
    def test_do_not_count(self, bad: dict[str, object], why: str) -> None:
        """The requester's own, another digest's, an expired or a future approval do not count."""
        gate = _gate()
        d = gate.decide(DUAL, facts=FACTS)
        fields: dict[str, object] = {
            "user": "cy",
            "digest": d.digest,
            "at": DEFAULT_START,
        }
        fields.update(bad)
        ex = gate.execute(d, approvals=[_ok(d, "ana"), Approval(**fields)])  # type: ignore[arg-type]

        assert not ex.executed
        assert "needs 2 approvals from distinct people, has 1" in ex.reason
        assert why in ex.reason

    def test_ttl_edge(self) -> None:
        """An approval exactly approval_ttl old still counts."""
        gate = _gate()
        d = gate.decide(HUMAN, facts=FACTS)
        ex = gate.execute(
            d,
            approvals=[
                _ok(d, "ana", at=DEFAULT_START - dt.timedelta(hours=24))
            ],
        )

        assert ex.executed

    def test_policy_ttl(self) -> None:
        """approval_ttl comes from the policy."""
        gate = _gate(policy=Policy(gate=GateSettings(approval_ttl=60)))
        d = gate.decide(HUMAN, facts=FACTS)
        ex = gate.execute(
            d,
            approvals=[
                _ok(d, "ana", at=DEFAULT_START - dt.timedelta(seconds=61))
            ],
        )

        assert not ex.executed
        assert "expired" in ex.reason

    def test_rejection_voids(self) -> None:
        """Any rejection in the set voids every approval."""
        gate = _gate()
        d = gate.decide(DUAL, facts=FACTS)
        approvals = [_ok(d, "ana"), _ok(d, "bo"), _ok(d, "cy", reject=True)]
        ex = gate.execute(d, approvals=approvals)

        assert not ex.executed
        assert ex.reason == "rejected by cy"

    def test_requester_on_the_decision(self) -> None:
        """Both the decision's and the executing gate's requester are barred."""
        d = _gate().decide(HUMAN, facts=FACTS)
        other = _gate(requester="bot2")

        assert not other.execute(d, approvals=[_ok(d, "bot")]).executed
        assert not other.execute(d, approvals=[_ok(d, "bot2")]).executed
        assert other.execute(d, approvals=[_ok(d, "ana")]).executed

    def test_reason_pluralised(self) -> None:
        """One approval is asked for in the singular."""
        gate = _gate()
        ex = gate.execute(gate.decide(HUMAN, facts=FACTS))

        assert ex.reason == "needs 1 approval from distinct people, has 0"


class TestExecute:
    def test_steps_and_record(self) -> None:
        """An AUTO action runs, verifies, and records one finished outcome."""
        clock = FakeClock()
        runner = FakeRunner(clock=clock, duration=2)
        store = MemoryOutcomes()
        gate = _gate(runner=runner, clock=clock, outcomes=store)
        d = gate.decide(
            DeclarativeSpec(AUTO, incident_id="INC-7"), facts=FACTS
        )
        ex = gate.execute(d)

        assert ex.executed
        assert ex.verified is True
        assert ex.rolled_back is None
        assert ex.reason == "executed and verified"
        assert [s.kind for s in ex.steps] == ["action", "verify"]
        assert runner.timeouts == [300.0, 150.0]
        assert ex.steps[0].started == DEFAULT_START
        assert ex.steps[0].finished == DEFAULT_START + dt.timedelta(seconds=2)
        assert ex.steps[1].argv == d.evaluated.verify  # type: ignore[union-attr]
        assert store.methods() == [
            "record",
            "claim",
            "query",
            "query",
            "release",
            "update",
        ]
        (o,) = store.query()
        assert o == ex.outcome
        assert o.key == "declarative:INC-7"
        assert o.status == "finished"
        assert o.executed
        assert o.verified
        assert o.rule_ids == ("kubectl.scale",)
        assert o.finished == DEFAULT_START + dt.timedelta(seconds=4)

    def test_key_without_incident(self) -> None:
        """Without an incident the record is keyed by the digest."""
        gate = _gate()
        d = gate.decide(AUTO, facts=FACTS)

        assert gate.execute(d).outcome.key == f"declarative:{d.digest}"  # type: ignore[union-attr]

    def test_no_verify(self) -> None:
        """An action with nothing to verify ends executed, verified None."""
        runner = FakeRunner()
        gate = _gate(runner=runner)
        ex = gate.execute(gate.decide("kubectl label pods foo -n dev a=b"))

        assert ex.executed
        assert ex.verified is None
        assert ex.reason == "executed"
        assert len(runner.calls) == 1

    def test_dry_run_first(self) -> None:
        """A HUMAN mutation runs its server dry run first."""
        runner = FakeRunner()
        gate = _gate(runner=runner)
        d = gate.decide(HUMAN, facts=FACTS)
        ex = gate.execute(d, approvals=[_ok(d, "ana")])

        assert [s.kind for s in ex.steps] == ["dry-run", "action", "verify"]
        assert runner.calls[0][-1] == "--dry-run=server"
        assert ex.outcome.dry_run is True  # type: ignore[union-attr]

    def test_dry_run_fails(self) -> None:
        """A failed dry run stops before the action."""
        runner = FakeRunner(
            replies={"--dry-run=server": (1, "", "admission denied")}
        )
        notifier = FakeNotifier()
        gate = _gate(runner=runner, notifier=notifier)
        d = gate.decide(HUMAN, facts=FACTS)
        ex = gate.execute(d, approvals=[_ok(d, "ana")])

        assert not ex.executed
        assert ex.reason == "the server dry run failed: rc 1: admission denied"
        assert len(runner.calls) == 1
        assert ex.outcome.dry_run is False  # type: ignore[union-attr]
        assert notifier.texts == [ex.reason]

    def test_action_fails(self) -> None:
        """A failed action escalates, is not verified nor rolled back."""
        runner = FakeRunner(replies={"scale": (1, "", "forbidden")})
        rollback = _Rollback(RollbackResult(success=True))
        gate = _gate(runner=runner, rollback=rollback)
        ex = gate.execute(gate.decide(AUTO, facts=FACTS))

        assert ex.executed
        assert ex.escalated
        assert ex.verified is None
        assert ex.reason == "the action failed: rc 1: forbidden"
        assert rollback.plans == []

    def test_action_times_out(self) -> None:
        """A timed-out action says so."""
        runner = FakeRunner(
            replies={"scale": RunResult(argv=["x"], rc=-1, timed_out=True)}
        )
        gate = _gate(runner=runner)
        ex = gate.execute(gate.decide(AUTO, facts=FACTS))

        assert ex.reason.startswith(
            "the action failed: timed out: kubectl scale"
        )
        assert ex.steps[0].timed_out

    def test_runner_raises_midway(self) -> None:
        """A runner raising in the action is a value, and one outcome is recorded."""
        runner = FakeRunner(replies={"scale": OSError("fork failed")})
        store, notifier = MemoryOutcomes(), FakeNotifier()
        gate = _gate(runner=runner, outcomes=store, notifier=notifier)
        ex = gate.execute(gate.decide(AUTO, facts=FACTS))

        assert ex.executed
        assert ex.escalated
        assert (
            ex.reason
            == "the action failed: the runner raised OSError: fork failed"
        )
        assert ex.steps[0].rc == -1
        assert ex.steps[0].argv == tuple(AUTO.split())
        (o,) = store.query()
        assert o.status == "finished"
        assert o.error == ex.reason
        assert store.methods().count("record") == 1
        assert notifier.texts == [ex.reason]

    def test_runner_raises_in_verify(self) -> None:
        """A runner raising in the verify counts as a failed verification."""
        runner = FakeRunner(replies={VERIFY: TimeoutError("watch broke")})
        gate = _gate(runner=runner)
        ex = gate.execute(gate.decide(AUTO, facts=FACTS))

        assert ex.executed
        assert ex.verified is False
        assert "the runner raised TimeoutError: watch broke" in ex.reason

    def test_runner_returns_garbage(self) -> None:
        """A runner returning something else than a RunResult fails the step."""

        class Garbage(FakeRunner):
            def run(self, argv: Sequence[str], *, timeout: float) -> RunResult:
                return (0, "", "")  # type: ignore[return-value]

        gate = _gate(runner=Garbage())
        ex = gate.execute(gate.decide(AUTO, facts=FACTS))

        assert "not RunResult" in ex.reason

    def test_unprintable_runner_error(self) -> None:
        """A runner error whose str() fails is named by its type."""

        class WeirdError(Exception):
            def __str__(self) -> str:
                raise RuntimeError

        gate = _gate(runner=FakeRunner(replies={"scale": WeirdError()}))

        assert gate.execute(gate.decide(AUTO, facts=FACTS)).reason.endswith(
            "raised WeirdError"
        )

    def test_interrupted(self) -> None:
        """KeyboardInterrupt in the runner propagates after recording and releasing."""
        store = MemoryOutcomes()
        gate = _gate(
            runner=FakeRunner(replies={"scale": KeyboardInterrupt()}),
            outcomes=store,
        )
        d = gate.decide(AUTO, facts=FACTS)

        with pytest.raises(KeyboardInterrupt):
            gate.execute(d)
        (o,) = store.query()
        assert o.status == "finished"
        assert o.error == "interrupted: KeyboardInterrupt"
        assert store.claim(d.digest, owner="x", now=DEFAULT_START, ttl=60)


class TestVerifyAndRollback:
    def test_failed_verify_rolls_back(self) -> None:
        """A failed verification runs the rollback, whose steps are recorded."""
        runner = FakeRunner(
            replies={VERIFY: (1, "", "exceeded its progress deadline")}
        )
        step = Step(
            kind="rollback",
            argv=["kubectl", "scale"],
            rc=0,
            started=DEFAULT_START,
            finished=DEFAULT_START,
        )
        rollback = _Rollback(
            RollbackResult(success=True, reason="scaled back", steps=[step])
        )
        notifier = FakeNotifier()
        gate = _gate(runner=runner, rollback=rollback, notifier=notifier)
        d = gate.decide(AUTO, facts=FACTS)
        ex = gate.execute(d)

        assert ex.executed
        assert ex.verified is False
        assert ex.rolled_back is True
        assert ex.escalated
        assert rollback.plans == [d.evaluated.rollback_plan]  # type: ignore[union-attr]
        assert ex.steps[-1] == step
        assert ex.rollback is rollback.result
        assert ex.reason == (
            "the verification failed (rc 1: exceeded its progress deadline); rolled back"
        )
        assert ex.outcome.rolled_back is True  # type: ignore[union-attr]
        assert notifier.texts == [ex.reason]

    def test_rollback_fails(self) -> None:
        """A failed rollback is reported, not raised."""
        runner = FakeRunner(replies={VERIFY: (1, "", "")})
        gate = _gate(
            runner=runner,
            rollback=_Rollback(
                RollbackResult(
                    success=False, reason="no rollout history found"
                )
            ),
        )
        ex = gate.execute(gate.decide(AUTO, facts=FACTS))

        assert ex.rolled_back is False
        assert ex.reason.endswith(
            "and the rollback failed: no rollout history found"
        )

    def test_rollback_raises(self) -> None:
        """A rollback executor raising is a failed rollback."""
        runner = FakeRunner(replies={VERIFY: (1, "", "")})
        gate = _gate(
            runner=runner, rollback=_Rollback(RuntimeError("api down"))
        )
        ex = gate.execute(gate.decide(AUTO, facts=FACTS))

        assert ex.rolled_back is False
        assert ex.reason.endswith(
            "the rollback failed: RuntimeError: api down"
        )

    def test_rollback_returns_garbage(self) -> None:
        """A rollback executor returning something else is a failed rollback."""
        runner = FakeRunner(replies={VERIFY: (1, "", "")})
        gate = _gate(runner=runner, rollback=_Rollback("done"))  # type: ignore[arg-type]
        ex = gate.execute(gate.decide(AUTO, facts=FACTS))

        assert ex.rolled_back is False
        assert ex.reason.endswith("the rollback failed: 'done'")

    def test_no_rollback_executor(self) -> None:
        """Without an executor a failed verification escalates to a person."""
        runner = FakeRunner(replies={VERIFY: (1, "", "")})
        gate = _gate(runner=runner)
        ex = gate.execute(gate.decide(AUTO, facts=FACTS))

        assert ex.escalated
        assert ex.rolled_back is None
        assert "a person must roll back" in ex.reason

    def test_async_executor_needs_aexecute(self) -> None:
        """An async rollback executor given to execute fails as a value."""
        runner = FakeRunner(replies={VERIFY: (1, "", "")})
        gate = _gate(
            runner=runner,
            rollback=_AsyncRollback(RollbackResult(success=True)),
        )
        ex = gate.execute(gate.decide(AUTO, facts=FACTS))

        assert ex.rolled_back is False
        assert "needs the a* methods" in ex.reason


class TestFacts:
    def test_captured_before_the_action(self) -> None:
        """fact_capture runs before the action and feeds the rollback plan."""
        runner = FakeRunner(replies={VERIFY: (1, "", "")})
        seen: list[int] = []

        def capture(evaluated: EvaluatedSpec) -> Facts:
            seen.append(len(runner.calls))
            return Facts(previous_replicas=7)

        rollback = _Rollback(RollbackResult(success=True))
        gate = _gate(runner=runner, fact_capture=capture, rollback=rollback)
        gate.execute(gate.decide(AUTO, facts=FACTS))

        assert seen == [0]
        assert rollback.plans[0].steps[0][-3] == "--replicas=7"

    def test_capture_fails(self) -> None:
        """A failing fact capture stops before anything runs."""

        def capture(evaluated: EvaluatedSpec) -> Facts:
            msg = "api unreachable"
            raise ConnectionError(msg)

        runner = FakeRunner()
        gate = _gate(runner=runner, fact_capture=capture)
        ex = gate.execute(gate.decide(AUTO, facts=FACTS))

        assert not ex.executed
        assert ex.escalated
        assert (
            ex.reason
            == "capturing facts failed, nothing ran: ConnectionError: api unreachable"
        )
        assert runner.calls == []

    def test_capture_returns_garbage(self) -> None:
        """A capture returning something else than Facts stops."""
        gate = _gate(fact_capture=lambda ev: [("previous_replicas", 3)])
        ex = gate.execute(gate.decide(AUTO, facts=FACTS))

        assert "returned list, not Facts" in ex.reason

    def test_capture_returns_a_mapping(self) -> None:
        """A capture may return a mapping of facts; malformed ones stop the run."""
        runner = FakeRunner()
        gate = _gate(
            runner=runner, fact_capture=lambda ev: {"previous_replicas": 3}
        )

        assert gate.execute(gate.decide(AUTO, facts=FACTS)).executed
        bad = _gate(fact_capture=lambda ev: {"previous_replicas": -1})
        ex = bad.execute(bad.decide(AUTO, facts=FACTS))
        assert not ex.executed
        assert ex.reason.startswith(
            "capturing facts failed, nothing ran: SpecError"
        )

    def test_capture_raises_the_tier(self) -> None:
        """Facts that make the action stricter than decided stop it."""
        gate = _gate(fact_capture=lambda ev: Facts())
        ex = gate.execute(gate.decide(AUTO, facts=FACTS))

        assert not ex.executed
        assert ex.reason.startswith("the captured facts make it human")

    def test_bad_facts_from_capture(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Re-evaluating with the captured facts failing stops the run."""
        gate = _gate(fact_capture=lambda ev: Facts(previous_replicas=3))
        d = gate.decide(AUTO, facts=FACTS)

        def boom(
            self: DeclarativeSpec, *a: object, **k: object
        ) -> EvaluatedSpec:
            msg = "bad"
            raise ValueError(msg)

        monkeypatch.setattr(DeclarativeSpec, "evaluate", boom)
        monkeypatch.setattr(gate, "decide", lambda *a, **k: d)
        ex = gate.execute(d)

        assert (
            ex.reason == "capturing facts failed, nothing ran: ValueError: bad"
        )


class TestClaims:
    def test_held_claim(self) -> None:
        """While another execution holds the claim, execute says already running."""
        store = MemoryOutcomes()
        runner = FakeRunner()
        gate = _gate(runner=runner, outcomes=store)
        d = gate.decide(AUTO, facts=FACTS)
        store.claim(d.digest, owner="other", now=DEFAULT_START, ttl=3600)
        ex = gate.execute(d)

        assert not ex.executed
        assert ex.reason.startswith("already running")
        assert runner.calls == []
        assert "release" not in store.methods()

    def test_stale_claim_taken_over(self) -> None:
        """A claim older than claim_ttl (a crashed run) is taken over."""
        store = MemoryOutcomes()
        gate = _gate(outcomes=store, claim_ttl=60)
        d = gate.decide(AUTO, facts=FACTS)
        store.claim(
            d.digest,
            owner="dead",
            now=DEFAULT_START - dt.timedelta(seconds=61),
            ttl=60,
        )

        assert gate.execute(d).executed

    def test_threads_run_once(self) -> None:
        """Eight threads executing one decision at once run it once."""
        gate_open = threading.Event()

        def slow(argv: tuple[str, ...]) -> tuple[int, str, str]:
            gate_open.wait(5)
            return (0, "", "")

        runner = FakeRunner(replies={"scale": slow})
        store = MemoryOutcomes()
        gate = _gate(runner=runner, outcomes=store)
        d = gate.decide(AUTO, facts=FACTS)
        results: list[Execution] = []
        threads = [
            threading.Thread(target=lambda: results.append(gate.execute(d)))
            for _ in range(8)
        ]
        for t in threads:
            t.start()
        while len(results) < 7:
            threading.Event().wait(0.01)
        gate_open.set()
        for t in threads:
            t.join()

        assert len(runner.calls_matching("scale")) == 1
        assert sum(r.executed for r in results) == 1
        assert (
            sum(r.reason.startswith("already running") for r in results) == 7
        )
        assert len(store.query()) == 8

    def test_incident_runs_once(self) -> None:
        """With an incident, a succeeded plan is returned, not run again."""
        runner = FakeRunner()
        gate = _gate(runner=runner)
        d = gate.decide(
            DeclarativeSpec(AUTO, incident_id="INC-9"), facts=FACTS
        )
        first = gate.execute(d)
        again = gate.execute(d)

        assert first.executed
        assert again.executed
        assert again.verified is True
        assert again.previous == first.outcome
        assert again.steps == first.steps
        assert first.outcome is not None
        assert again.reason.startswith(
            f"already done: outcome {first.outcome.id}"
        )
        assert len(runner.calls) == 2
        assert len(gate.outcomes.query()) == 2

    def test_incident_failed_runs_again(self) -> None:
        """A plan whose verification failed may run again."""
        runner = FakeRunner(replies={VERIFY: [(1, "", ""), (0, "", "")]})
        gate = _gate(runner=runner)
        d = gate.decide(
            DeclarativeSpec(AUTO, incident_id="INC-9"), facts=FACTS
        )

        assert gate.execute(d).verified is False
        assert gate.execute(d).verified is True
        assert len(runner.calls_matching("scale")) == 2

    def test_without_incident_runs_again(self) -> None:
        """Without an incident the claim ends with the execution."""
        runner = FakeRunner()
        gate = _gate(runner=runner)
        d = gate.decide(AUTO, facts=FACTS)
        gate.execute(d)
        gate.execute(d)

        assert len(runner.calls_matching("scale")) == 2


class TestBudget:
    def test_fourth_is_escalated(self) -> None:
        """The fourth automatic mutation of a target in the window is escalated."""
        clock = FakeClock()
        runner, notifier = FakeRunner(), FakeNotifier()
        gate = _gate(runner=runner, clock=clock, notifier=notifier)
        results = []
        for replicas in (2, 3, 4, 5):
            clock.advance(60)
            cmd = f"kubectl scale deploy/api --replicas={replicas} -n dev"
            results.append(gate.execute(gate.decide(cmd, facts=FACTS)))

        assert [r.executed for r in results] == [True, True, True, False]
        assert results[3].escalated
        assert results[3].reason.startswith(
            "budget: 3 automatic executions of dev/deployments.apps/api in the last 600 s"
        )
        assert len(runner.calls_matching("scale")) == 3
        assert notifier.texts == [results[3].reason]

    def test_window_passes(self) -> None:
        """After the window, the budget is free again."""
        clock = FakeClock()
        gate = _gate(
            clock=clock, policy=Policy(gate=GateSettings(budget_executions=1))
        )
        d = gate.decide(AUTO, facts=FACTS)

        assert gate.execute(d).executed
        clock.advance(599)
        assert not gate.execute(d).executed
        clock.advance(2)
        assert gate.execute(d).executed

    def test_other_targets_and_reads_do_not_count(self) -> None:
        """Other targets and read-only actions leave a target's budget alone."""
        gate = _gate(policy=Policy(gate=GateSettings(budget_executions=1)))
        for _ in range(3):
            assert gate.execute(
                gate.decide("kubectl get pods -n dev")
            ).executed
        assert gate.execute(
            gate.decide(
                "kubectl scale deploy/web --replicas=2 -n dev", facts=FACTS
            )
        ).executed
        assert gate.execute(gate.decide(AUTO, facts=FACTS)).executed

    def test_approved_runs_do_not_count(self) -> None:
        """Approved (HUMAN) executions are not automatic: no budget."""
        gate = _gate(policy=Policy(gate=GateSettings(budget_executions=0)))
        d = gate.decide(HUMAN, facts=FACTS)

        assert gate.execute(d, approvals=[_ok(d, "ana")]).executed
        assert not gate.execute(gate.decide(AUTO, facts=FACTS)).executed

    def test_running_counts(self) -> None:
        """An execution still running (started) counts against the budget."""
        store = MemoryOutcomes()
        gate = _gate(
            outcomes=store,
            policy=Policy(gate=GateSettings(budget_executions=1)),
        )
        d = gate.decide(AUTO, facts=FACTS)
        from blastradius.adapters import Outcome

        store.record(
            Outcome(
                id="elsewhere",
                key="k",
                incident_id=None,
                digest="0" * 64,
                target=d.budget_key,
                argv=d.argv,
                rule_ids=(),
                score=1,
                tier="auto",
                verdict="execute",
                started=DEFAULT_START,
            )
        )

        assert not gate.execute(d).executed


class TestStoreFailures:
    @pytest.mark.parametrize("method", ["record", "claim", "query"])
    def test_nothing_runs(self, method: str) -> None:
        """A store failing before the action means nothing runs."""
        runner, notifier = FakeRunner(), FakeNotifier()
        store = MemoryOutcomes(fail={method: OSError("disk full")})
        gate = _gate(runner=runner, outcomes=store, notifier=notifier)
        d = gate.decide(DeclarativeSpec(AUTO, incident_id="I-1"), facts=FACTS)
        ex = gate.execute(d)

        assert not ex.executed
        assert ex.escalated
        assert ex.reason == "the outcome store failed, nothing ran: disk full"
        assert runner.calls == []
        assert notifier.texts == [ex.reason]

    def test_budget_query_fails(self) -> None:
        """A store failing to count the budget means nothing runs."""

        class CountFails(MemoryOutcomes):
            def query(self, **kw: object):  # type: ignore[no-untyped-def]
                if kw.get("target") is not None:
                    msg = "locked"
                    raise OSError(msg)
                return super().query(**kw)  # type: ignore[arg-type]

        runner = FakeRunner()
        gate = _gate(runner=runner, outcomes=CountFails())
        ex = gate.execute(gate.decide(AUTO, facts=FACTS))

        assert ex.reason == "the outcome store failed, nothing ran: locked"
        assert runner.calls == []

    def test_update_fails(self) -> None:
        """A store failing after the action keeps the result, saying so."""
        store = MemoryOutcomes(fail={"update": OSError("disk full")})
        gate = _gate(outcomes=store)
        ex = gate.execute(gate.decide(AUTO, facts=FACTS))

        assert ex.executed
        assert ex.outcome is None
        assert ex.reason.endswith("(the outcome was not recorded: disk full)")

    def test_release_fails(self) -> None:
        """A failed release is reported in the reason."""
        gate = _gate(
            outcomes=MemoryOutcomes(fail={"release": OSError("gone")})
        )
        ex = gate.execute(gate.decide(AUTO, facts=FACTS))

        assert ex.executed
        assert ex.reason.endswith("(the claim was not released: gone)")


class TestNotifier:
    def test_failing_notifier(self) -> None:
        """A notifier that raises never breaks the gate."""
        notifier = FakeNotifier(fail=ConnectionError("chat down"))
        gate = _gate(notifier=notifier)
        d = gate.decide(BLOCKED)

        assert not gate.execute(d).executed
        assert gate.request_review(d).success is False
        assert len(notifier.messages) == 2


class TestReviews:
    def test_request_and_read(self) -> None:
        """request_review and approvals pass through the reviews driver."""
        reviews = FakeReviews()
        gate = _gate(reviews=reviews)
        d = gate.decide(DUAL, facts=FACTS)
        review = gate.request_review(d, diagnosis="api pods crash-loop")

        assert review.success
        assert review.action == "created"
        assert reviews.opened == [(d, "api pods crash-loop")]
        reviews.approve(review, "ana", at=DEFAULT_START)
        reviews.approve(review, "bo", at=DEFAULT_START)
        approvals = gate.approvals(review)
        assert [a.user for a in approvals] == ["ana", "bo"]
        assert gate.execute(d, approvals=approvals).executed

    def test_close(self) -> None:
        """close_review comments the outcome through the driver."""
        reviews = FakeReviews()
        gate = _gate(reviews=reviews)
        d = gate.decide(DUAL, facts=FACTS)
        review = gate.request_review(d)
        reviews.approve(review, "ana", at=DEFAULT_START)
        reviews.approve(review, "bo", at=DEFAULT_START)
        ex = gate.execute(d, approvals=gate.approvals(review))
        assert ex.outcome is not None

        closed = gate.close_review(review, ex.outcome)

        assert closed.action == "closed"
        assert reviews.closed == [(review, ex.outcome)]
        again = asyncio.run(gate.aclose_review(review, ex.outcome))
        assert again.action == "closed"

    def test_close_failures(self) -> None:
        """close_review fails as a value: no driver, a raising driver."""

        class Broken:
            def close(self, review: object, outcome: object) -> object:
                msg = "gone"
                raise ConnectionError(msg)

        gate = _gate(reviews=FakeReviews())
        d = gate.decide(DUAL)
        review = gate.request_review(d)
        ex = gate.execute(d)
        assert ex.outcome is not None

        for g in (_gate(), _gate(reviews=Broken())):
            sync = g.close_review(review, ex.outcome)
            awaited = asyncio.run(g.aclose_review(review, ex.outcome))
            assert not sync.success
            assert not awaited.success
            assert sync.issue_number == review.issue_number
        assert sync.error == "closing the review failed: ConnectionError: gone"
        assert _gate().close_review(review, ex.outcome).error == (
            "no reviews configured"
        )

    def test_refuse_is_not_reviewed(self) -> None:
        """A REFUSE opens no review; the notifier hears of it."""
        reviews, notifier = FakeReviews(), FakeNotifier()
        gate = _gate(reviews=reviews, notifier=notifier)
        result = gate.request_review(gate.decide(BLOCKED))

        assert not result.success
        assert result.error.startswith("refused, not reviewed: ")
        assert reviews.opened == []
        assert notifier.texts == [result.error]

    def test_no_reviews(self) -> None:
        """Without a reviews driver, request_review fails as a value."""
        gate = _gate()
        d = gate.decide(DUAL)

        assert gate.request_review(d).error == "no reviews configured"
        assert gate.approvals(gate.request_review(d)) == ()

    def test_driver_raises(self) -> None:
        """A reviews driver raising gives a failed ReviewResult."""

        class Broken:
            def open(
                self, decision: Decision, *, diagnosis: str = ""
            ) -> ReviewResult:
                msg = "refused"
                raise ConnectionError(msg)

            def approvals(self, review: object) -> tuple[Approval, ...]:
                msg = "refused"
                raise ConnectionError(msg)

        gate = _gate(reviews=Broken())
        d = gate.decide(DUAL)
        result = gate.request_review(d)

        assert not result.success
        assert (
            result.error
            == "opening the review failed: ConnectionError: refused"
        )
        assert result.digest == d.digest
        assert gate.approvals(result) == ()

    def test_driver_returns_garbage(self) -> None:
        """A reviews driver returning other types fails safe."""

        class Garbage:
            def open(
                self, decision: Decision, *, diagnosis: str = ""
            ) -> object:
                return {"success": True}

            def approvals(self, review: object) -> object:
                return ["ana"]

        gate = _gate(reviews=Garbage())
        d = gate.decide(DUAL)

        assert "not ReviewResult" in gate.request_review(d).error
        assert gate.approvals(gate.request_review(d)) == ()

    def test_async_driver_in_sync_call(self) -> None:
        """An async reviews driver given to the sync calls fails safe."""

        class Async:
            async def open(
                self, decision: Decision, *, diagnosis: str = ""
            ) -> object:
                return None

            async def approvals(self, review: object) -> tuple[Approval, ...]:
                return ()

        gate = _gate(reviews=Async())
        d = gate.decide(DUAL)

        assert "a* methods" in gate.request_review(d).error
        assert gate.approvals(gate.request_review(d)) == ()

    def test_async_reviews(self) -> None:
        """arequest_review and aapprovals await async drivers and thread sync ones."""

        class Async:
            def __init__(self) -> None:
                self.inner = FakeReviews()

            async def open(
                self, decision: Decision, *, diagnosis: str = ""
            ) -> object:
                return self.inner.open(decision, diagnosis=diagnosis)

            async def approvals(self, review: object) -> tuple[Approval, ...]:
                return self.inner.approvals(review)  # type: ignore[arg-type]

        for reviews in (Async(), FakeReviews()):
            gate = _gate(reviews=reviews)
            d = gate.decide(DUAL)
            review = asyncio.run(gate.arequest_review(d))
            assert review.success
            assert asyncio.run(gate.aapprovals(review)) == ()

    def test_async_failures(self) -> None:
        """The awaited calls fail safe too."""

        class Broken:
            async def open(
                self, decision: Decision, *, diagnosis: str = ""
            ) -> object:
                msg = "no"
                raise ConnectionError(msg)

            async def approvals(self, review: object) -> tuple[Approval, ...]:
                msg = "no"
                raise ConnectionError(msg)

        gate = _gate(reviews=Broken())
        d = gate.decide(DUAL)
        result = asyncio.run(gate.arequest_review(d))

        assert not result.success
        assert asyncio.run(gate.aapprovals(result)) == ()
        assert asyncio.run(_gate().aapprovals(result)) == ()
        assert (
            asyncio.run(_gate().arequest_review(d)).error
            == "no reviews configured"
        )

    def test_refuse_without_notifier(self) -> None:
        """A REFUSE without a notifier is still not reviewed."""
        gate = _gate(reviews=FakeReviews())

        assert not gate.request_review(gate.decide(BLOCKED)).success

    def test_other_awaitables(self) -> None:
        """A sync call given an awaitable that is no coroutine fails safe."""

        class Later:
            def __await__(self):  # type: ignore[no-untyped-def]
                yield
                return ()

        class Odd:
            def open(
                self, decision: Decision, *, diagnosis: str = ""
            ) -> object:
                return Later()

            def approvals(self, review: object) -> object:
                return Later()

        gate = _gate(reviews=Odd())
        d = gate.decide(DUAL)

        assert "a* methods" in gate.request_review(d).error
        assert gate.approvals(gate.request_review(d)) == ()

    def test_sync_method_returning_a_coroutine(self) -> None:
        """The awaited calls await a coroutine a plain method returns."""
        inner = FakeReviews()

        class Wrapped:
            def open(
                self, decision: Decision, *, diagnosis: str = ""
            ) -> object:
                async def later() -> ReviewResult:
                    return inner.open(decision, diagnosis=diagnosis)

                return later()

            def approvals(self, review: ReviewResult) -> tuple[Approval, ...]:
                return inner.approvals(review)

        gate = _gate(reviews=Wrapped())

        assert asyncio.run(gate.arequest_review(gate.decide(DUAL))).success

    def test_not_a_decision(self) -> None:
        """request_review of something else than a Decision is a TypeError."""
        with pytest.raises(TypeError):
            _gate(reviews=FakeReviews()).request_review("x")  # type: ignore[arg-type]


class TestFlowProtocol:
    def test_wrong_reply(self) -> None:
        """A driver answering a Run with something else is a programming error."""
        from blastradius.adapters import _flow

        gate = _gate()
        d = gate.decide(AUTO, facts=FACTS)
        flow = gate._start(d, (), gate.runner.argv_for)
        request = flow.send(None)

        assert isinstance(request, _flow.Run)
        with pytest.raises(TypeError, match="answered a Run"):
            flow.send("not a Ran")


class TestAsync:
    def test_async_runner(self) -> None:
        """aexecute awaits the async runner, rollback and fact capture."""
        runner = FakeAsyncRunner(replies={VERIFY: (1, "", "")})
        rollback = _AsyncRollback(RollbackResult(success=True))

        async def capture(evaluated: EvaluatedSpec) -> Facts:
            return Facts(previous_replicas=3)

        gate = _gate(
            async_runner=runner, rollback=rollback, fact_capture=capture
        )
        ex = asyncio.run(gate.aexecute(gate.decide(AUTO, facts=FACTS)))

        assert ex.executed
        assert ex.verified is False
        assert ex.rolled_back is True
        assert len(runner.calls) == 2
        assert len(rollback.plans) == 1

    def test_sync_runner_in_a_thread(self) -> None:
        """Without an async runner, aexecute runs the sync one in a thread."""
        runner = FakeRunner()
        gate = _gate(
            runner=runner, rollback=_Rollback(RollbackResult(success=True))
        )
        ex = asyncio.run(gate.aexecute(gate.decide(AUTO, facts=FACTS)))

        assert ex.verified is True
        assert len(runner.calls) == 2

    def test_async_runner_raises(self) -> None:
        """An async runner raising is a value, recorded."""
        gate = _gate(
            async_runner=FakeAsyncRunner(replies={"scale": OSError("x")})
        )
        ex = asyncio.run(gate.aexecute(gate.decide(AUTO, facts=FACTS)))

        assert ex.reason == "the action failed: the runner raised OSError: x"

    def test_async_capture_fails(self) -> None:
        """An async fact capture raising stops the run."""

        async def capture(evaluated: EvaluatedSpec) -> Facts:
            msg = "no"
            raise ConnectionError(msg)

        gate = _gate(async_runner=FakeAsyncRunner(), fact_capture=capture)
        ex = asyncio.run(gate.aexecute(gate.decide(AUTO, facts=FACTS)))

        assert not ex.executed

    def test_cancelled(self) -> None:
        """A cancelled aexecute records the outcome, releases, re-raises."""
        store = MemoryOutcomes()
        started = asyncio.Event()

        class Hang(FakeAsyncRunner):
            async def run(
                self, argv: Sequence[str], *, timeout: float
            ) -> RunResult:
                started.set()
                await asyncio.sleep(3600)
                raise AssertionError  # pragma: no cover

        gate = _gate(async_runner=Hang(), outcomes=store)
        d = gate.decide(AUTO, facts=FACTS)

        async def main() -> None:
            task = asyncio.create_task(gate.aexecute(d))
            await started.wait()
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task

        asyncio.run(main())
        (o,) = store.query()
        assert o.error == "interrupted: CancelledError"
        assert "release" in store.methods()
