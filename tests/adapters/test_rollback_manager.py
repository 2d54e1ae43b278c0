"""
`blastradius.adapters.RollbackManager` and `AsyncRollbackManager` with the
fakes of `blastradius.testing`: every branch of running a plan, every
documented failure as a result.
"""

from __future__ import annotations

import asyncio
import datetime as dt

from collections.abc import Sequence
from typing import Any

import pytest

from blastradius import RollbackPlan, derive_rollback
from blastradius._rollback import RollbackStatus
from blastradius.adapters import (
    AsyncRollbackManager,
    RollbackManager,
    RunResult,
)
from blastradius.adapters.rollback import (
    FAILURES,
    classify,
    count_revisions,
)
from blastradius.testing import FakeAsyncRunner, FakeClock, FakeRunner


TWO = "deployment.apps/api\nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n"
ONE = "deployment.apps/api\nREVISION  CHANGE-CAUSE\n1         <none>\n"
UNDO = derive_rollback("kubectl set image deploy/api app=api:2 -n prod")
SCALE = derive_rollback(
    "kubectl scale deploy/api --replicas=0 -n prod",
    facts={"previous_replicas": 3},
)
HELM = derive_rollback(
    "helm upgrade api chart -n prod", facts={"helm_previous_revision": 4}
)


def manager(runner: FakeRunner, **kw: object) -> RollbackManager:
    return RollbackManager(runner, FakeClock(), **kw)  # type: ignore[arg-type]


class TestRollbackManager:
    def test_undo_after_two_revisions_then_verify(self) -> None:
        """
        Before rollout undo the history is read; with two revisions the
        undo runs, then rollout status; every command is a recorded step.
        """
        runner = FakeRunner(
            replies={
                "rollout history": (0, TWO, ""),
                "rollout undo": (0, "deployment.apps/api rolled back\n", ""),
            }
        )
        result = manager(runner).execute(UNDO)
        assert result.success, result.reason
        assert [c[1:3] for c in runner.calls] == [
            ("rollout", "history"),
            ("rollout", "undo"),
            ("rollout", "status"),
        ]
        assert runner.calls[0] == (
            "kubectl",
            "rollout",
            "history",
            "deployments.apps/api",
            "-n",
            "prod",
        )
        assert [s.kind for s in result.steps] == [
            "history",
            "rollback",
            "rollback-verify",
        ]
        assert result.reason.startswith("rolled back and verified")
        assert "--timeout=120s" in runner.calls[2]

    def test_undo_after_global_flags(self) -> None:
        """
        An undo step with global flags first is still checked; a word after
        ``--`` is not a command.
        """
        plan = RollbackPlan(
            status=RollbackStatus.GENERIC,
            steps=[
                (
                    "kubectl",
                    "--context=a",
                    "rollout",
                    "undo",
                    "deployments.apps/api",
                )
            ],
        )
        runner = FakeRunner(replies={"rollout history": (0, ONE, "")})
        result = manager(runner).execute(plan)
        assert "needs at least two revisions" in result.reason
        assert runner.calls == [
            (
                "kubectl",
                "--context=a",
                "rollout",
                "history",
                "deployments.apps/api",
            )
        ]
        odd = RollbackPlan(
            status=RollbackStatus.EXACT,
            steps=[("kubectl", "exec", "pod/x", "--", "rollout", "undo")],
        )
        runner = FakeRunner()
        assert manager(runner).execute(odd).success
        assert len(runner.calls) == 1

    def test_one_revision_is_refused(self) -> None:
        """
        With one revision, rollout undo never runs and the reason says why.
        """
        runner = FakeRunner(replies={"rollout history": (0, ONE, "")})
        result = manager(runner).execute(UNDO)
        assert not result.success
        assert "needs at least two revisions" in result.reason
        assert "has 1" in result.reason
        assert len(runner.calls) == 1

    def test_no_history_output_is_refused(self) -> None:
        """
        "No rollout history found." counts as zero revisions.
        """
        runner = FakeRunner(
            replies={"rollout history": (0, "No rollout history found.\n", "")}
        )
        result = manager(runner).execute(UNDO)
        assert "has 0" in result.reason

    def test_history_failure_is_a_result(self) -> None:
        """
        A failing rollout history stops the plan before the undo.
        """
        runner = FakeRunner(
            replies={
                "rollout history": (
                    1,
                    "",
                    'Error from server (NotFound): deployments.apps "api" not found',
                )
            }
        )
        result = manager(runner).execute(UNDO)
        assert not result.success
        assert result.reason.startswith("rollout history failed")
        assert "rollback.not-found" in result.reason

    @pytest.mark.parametrize(
        ("stderr", "failure"),
        [
            (
                'error: no rollout history found for deployment "api"',
                "rollback.no-history",
            ),
            (
                (
                    "error: you cannot rollback a paused deployment; resume it "
                    "first with 'kubectl rollout resume' and try again"
                ),
                "rollback.paused",
            ),
            (
                "error: unable to find specified revision 7 in history",
                "rollback.revision-not-found",
            ),
            ("error: no last revision to roll back to", "rollback.no-history"),
        ],
    )
    def test_documented_undo_failures(self, stderr: str, failure: str) -> None:
        """
        Each documented rollout undo error comes back as a result naming it.
        """
        runner = FakeRunner(
            replies={
                "rollout history": (0, TWO, ""),
                "rollout undo": (1, "", stderr),
            }
        )
        result = manager(runner).execute(UNDO)
        assert not result.success
        assert failure in result.reason
        assert result.steps[-1].rc == 1

    def test_skipped_rollback_is_success(self) -> None:
        """
        kubectl's "skipped rollback" (exit 0) is not a failure.
        """
        runner = FakeRunner(
            replies={
                "rollout history": (0, TWO, ""),
                "rollout undo": (
                    0,
                    (
                        "deployment.apps/api skipped rollback (current template "
                        "already matches revision 2)\n"
                    ),
                    "",
                ),
            }
        )
        assert manager(runner).execute(UNDO).success

    def test_progress_deadline_exceeded_fails_at_once(self) -> None:
        """
        A verify that reports ProgressDeadlineExceeded fails without waiting.
        """
        clock = FakeClock()
        runner = FakeRunner(
            replies={
                "rollout status": (
                    1,
                    "",
                    'error: deployment "api" exceeded its progress deadline',
                )
            }
        )
        result = RollbackManager(runner, clock).execute(SCALE)
        assert not result.success
        assert "rollback.progress-deadline" in result.reason
        assert clock.sleeps == []

    def test_never_converging_times_out_on_the_clock(self) -> None:
        """
        A verify that keeps timing out is retried, waiting on the injected
        clock, until the manager's timeout: then a timeout result.
        """
        clock = FakeClock()
        runner = FakeRunner(
            replies={
                "rollout status": (
                    1,
                    "Waiting for deployment rollout to finish\n",
                    "error: timed out waiting for the condition",
                )
            },
            clock=clock,
            duration=4,
        )
        result = RollbackManager(runner, clock, timeout=30, poll=5).execute(
            SCALE
        )
        assert not result.success
        assert result.reason.startswith("timed out")
        assert "within 30 s" in result.reason
        assert clock.now() - FakeClock().now() >= dt.timedelta(seconds=30)
        status = runner.calls_matching("rollout status")
        assert status[0][-1] == "--timeout=30s"
        assert status[1][-1] == "--timeout=21s"
        assert len(status) == 4
        assert clock.sleeps == [5.0, 5.0, 5.0]
        assert all(s.kind == "rollback-verify" for s in result.steps[1:])

    def test_converges_on_a_later_attempt(self) -> None:
        """
        A transient verify failure (API server unreachable, a killed run) is
        retried; the next pass succeeds.
        """
        runner = FakeRunner(
            replies={
                "rollout status": [
                    (
                        1,
                        "",
                        "Unable to connect to the server: dial tcp: connection refused",
                    ),
                    RunResult(
                        argv=("x",), rc=-1, timed_out=True, error="killed"
                    ),
                    (0, 'deployment "api" successfully rolled out\n', ""),
                ]
            }
        )
        clock = FakeClock()
        result = RollbackManager(runner, clock, poll=2).execute(SCALE)
        assert result.success, result.reason
        assert clock.sleeps == [2.0, 2.0]

    def test_timeout_reached_during_a_run_is_not_slept(self) -> None:
        """
        When the deadline passes during an attempt, the manager does not
        sleep again before reporting the timeout.
        """
        clock = FakeClock()
        runner = FakeRunner(
            replies={
                "rollout status": (
                    1,
                    "",
                    "error: timed out waiting for the condition",
                )
            },
            clock=clock,
            duration=10,
        )
        result = RollbackManager(runner, clock, timeout=10).execute(SCALE)
        assert result.reason.startswith("timed out")
        assert clock.sleeps == []

    def test_verify_unknown_failure_is_final(self) -> None:
        """
        A verify failing for a reason not known to be transient is not
        retried.
        """
        runner = FakeRunner(
            replies={"rollout status": (2, "", "error: boom\x1b[31m")}
        )
        clock = FakeClock()
        result = RollbackManager(runner, clock).execute(SCALE)
        assert not result.success
        assert result.reason.endswith("error: boom?[31m")
        assert clock.sleeps == []

    def test_step_failure_stops_the_plan(self) -> None:
        """
        A failing step stops the plan: its verify never runs.
        """
        runner = FakeRunner(replies={"scale": (1, "", "")})
        result = manager(runner).execute(SCALE)
        assert not result.success
        assert "exit status 1" in result.reason
        assert len(runner.calls) == 1

    def test_failure_detail_prefers_stderr_then_stdout(self) -> None:
        """
        The reason quotes the last line of standard error, else of output.
        """
        runner = FakeRunner(replies={"scale": (1, "out line\n", "")})
        assert manager(runner).execute(SCALE).reason.endswith("out line")

    def test_kubectl_missing_is_a_result(self) -> None:
        """
        A runner that finds no kubectl gives a failed result naming it.
        """
        runner = FakeRunner(
            default=RunResult(
                argv=("k",), rc=-1, error="kubectl not found on PATH"
            )
        )
        result = manager(runner).execute(SCALE)
        assert not result.success
        assert result.reason.endswith("kubectl not found on PATH")

    def test_a_runner_that_raises_is_a_result(self) -> None:
        """
        An exception from the runner never escapes: the step records it.
        """
        runner = FakeRunner(replies={"scale": RuntimeError("socket\nclosed")})
        result = manager(runner).execute(SCALE)
        assert not result.success
        assert "the runner raised RuntimeError: socket?closed" in result.reason
        assert result.steps[0].rc == -1

    def test_a_runner_that_refuses_the_argv(self) -> None:
        """
        A runner whose argv_for raises refuses the step, as a result.
        """

        class Refusing(FakeRunner):
            def argv_for(self, argv: Sequence[str]) -> tuple[str, ...]:
                msg = "not this one"
                raise ValueError(msg)

        result = manager(Refusing()).execute(SCALE)
        assert "the runner refused it: not this one" in result.reason
        assert result.steps == ()

    def test_blocked_steps_never_run(self) -> None:
        """
        A step that scores BLOCKED under the policy is never run.
        """
        plan = RollbackPlan(
            status=RollbackStatus.EXACT,
            steps=[("kubectl", "delete", "namespace", "kube-system")],
        )
        runner = FakeRunner()
        result = manager(runner).execute(plan)
        assert not result.success
        assert "scores BLOCKED" in result.reason
        assert runner.calls == []

    def test_a_step_is_scored_as_the_runner_runs_it(self) -> None:
        """
        The score is of argv_for's argv: what the runner adds counts.
        """
        runner = FakeRunner(
            prefix=("kubectl", "delete", "namespace", "kube-system", "--")
        )
        result = manager(runner).execute(SCALE)
        assert "scores BLOCKED" in result.reason
        assert runner.calls == []

    def test_helm_needs_its_own_runner(self) -> None:
        """
        A helm step is not run by the kubectl runner: without a helm runner
        the result says what to pass.
        """
        runner = FakeRunner()
        result = manager(runner).execute(HELM)
        assert not result.success
        assert "no runner for 'helm'" in result.reason
        assert "runners={'helm': ...}" in result.reason
        assert runner.calls == []

    def test_helm_runs_through_runners(self) -> None:
        """
        With runners={"helm": …} the helm steps and verify run there.
        """
        kubectl, helm = FakeRunner(), FakeRunner()
        result = manager(kubectl, runners={"helm": helm}).execute(HELM)
        assert result.success, result.reason
        assert kubectl.calls == []
        assert helm.calls == [
            ("helm", "rollback", "api", "4", "-n", "prod"),
            ("helm", "status", "api", "-n", "prod"),
        ]

    def test_nothing_to_undo(self) -> None:
        """
        A NOTHING plan succeeds; its verify still runs.
        """
        runner = FakeRunner()
        plan = derive_rollback("kubectl rollout restart deploy/api -n prod")
        result = manager(runner).execute(plan)
        assert result.success
        assert "nothing to undo" in result.reason
        assert [c[1:3] for c in runner.calls] == [("rollout", "status")]

    @pytest.mark.parametrize(
        "action",
        [
            "kubectl delete deploy/api -n prod",
            "kubectl scale deploy/api --replicas=0 -n prod",
        ],
    )
    def test_a_plan_without_steps_fails(self, action: str) -> None:
        """
        An irreversible or incomplete plan has nothing to run: a failure
        naming its status.
        """
        plan = derive_rollback(action)
        runner = FakeRunner()
        result = manager(runner).execute(plan)
        assert not result.success
        assert f"({plan.status.value})" in result.reason
        assert runner.calls == []

    def test_a_plan_without_reason(self) -> None:
        """
        A stepless plan without a reason still says something.
        """
        plan = RollbackPlan(status=RollbackStatus.UNSUPPORTED)
        result = manager(FakeRunner()).execute(plan)
        assert result.reason.endswith("nothing derived")

    def test_runners_override_kubectl(self) -> None:
        """
        runners may also name the runner for kubectl itself.
        """
        default, special = FakeRunner(), FakeRunner()
        assert (
            manager(default, runners={"kubectl": special})
            .execute(SCALE)
            .success
        )
        assert default.calls == []
        assert len(special.calls) == 2

    def test_long_argv_is_shortened_in_reasons(self) -> None:
        """
        A reason quotes at most 200 characters of an argv.
        """
        plan = RollbackPlan(
            status=RollbackStatus.EXACT,
            steps=[
                (
                    "kubectl",
                    "annotate",
                    "deployments.apps/api",
                    "a=" + "x" * 300,
                )
            ],
        )
        runner = FakeRunner(default=(1, "", "bad"))
        reason = manager(runner).execute(plan).reason
        assert "..." in reason
        assert len(reason) < 300

    def test_the_policy_is_used(self) -> None:
        """
        Steps are scored under the manager's policy: a hard rule of the
        host's blocks a scale back that the default policy would run.
        """
        from blastradius import HardRule, Policy

        policy = Policy(
            hard_rules=(
                HardRule(
                    id="policy.no-prod-scale",
                    rule="kubectl.scale",
                    namespace="prod",
                    reason="no scaling in prod",
                ),
            )
        )
        runner = FakeRunner()
        result = manager(runner, policy=policy).execute(SCALE)
        assert "scores BLOCKED" in result.reason
        assert runner.calls == []
        assert manager(FakeRunner()).execute(SCALE).success

    @pytest.mark.parametrize(
        ("rule", "kinds"),
        [
            ("kubectl.rollout.history", []),
            ("kubectl.rollout.status", ["history", "rollback"]),
        ],
    )
    def test_blocked_history_or_verify(
        self, rule: str, kinds: list[str]
    ) -> None:
        """
        The history read and the verify are scored too: blocked, they never
        run, and the result says so.
        """
        from blastradius import HardRule, Policy

        policy = Policy(
            hard_rules=(HardRule(id="policy.x", rule=rule, reason="no"),)
        )
        runner = FakeRunner(replies={"rollout history": (0, TWO, "")})
        result = manager(runner, policy=policy).execute(UNDO)
        assert "scores BLOCKED" in result.reason
        assert [s.kind for s in result.steps] == kinds

    def test_a_step_that_times_out(self) -> None:
        """
        A step killed at its timeout fails the plan, saying so.
        """
        runner = FakeRunner(
            replies={
                "scale": RunResult(
                    argv=("k",),
                    rc=-1,
                    timed_out=True,
                    error="killed after the 130 s timeout",
                )
            }
        )
        result = manager(runner).execute(SCALE)
        assert "timed out: killed after the 130 s timeout" in result.reason
        assert runner.timeouts == [130.0]

    @pytest.mark.parametrize(
        ("kwargs", "error"),
        [
            ({"timeout": 0}, ValueError),
            ({"timeout": float("inf")}, ValueError),
            ({"poll": -1}, ValueError),
            ({"timeout": "120"}, TypeError),
            ({"poll": True}, TypeError),
        ],
    )
    def test_bad_configuration(
        self, kwargs: dict[str, Any], error: type[Exception]
    ) -> None:
        """
        The timeout and poll interval must be positive, finite numbers.
        """
        with pytest.raises(error):
            RollbackManager(FakeRunner(), FakeClock(), **kwargs)
        with pytest.raises(error):
            AsyncRollbackManager(FakeAsyncRunner(), FakeClock(), **kwargs)


class TestAsyncRollbackManager:
    def test_undo_then_verify(self) -> None:
        """
        The async manager runs the same plan the same way, awaited.
        """
        runner = FakeAsyncRunner(replies={"rollout history": (0, TWO, "")})
        result = asyncio.run(
            AsyncRollbackManager(runner, FakeClock()).execute(UNDO)
        )
        assert result.success, result.reason
        assert [c[2] for c in runner.calls] == ["history", "undo", "status"]

    def test_waits_on_the_clock_and_times_out(self) -> None:
        """
        Waiting goes through the clock (in a worker thread); a
        never-converging verify gives a timeout result.
        """
        clock = FakeClock()
        runner = FakeAsyncRunner(
            replies={
                "rollout status": (
                    1,
                    "",
                    "error: timed out waiting for the condition",
                )
            }
        )
        mgr = AsyncRollbackManager(runner, clock, timeout=12, poll=5)
        result = asyncio.run(mgr.execute(SCALE))
        assert result.reason.startswith("timed out")
        assert clock.sleeps == [5.0, 5.0, 2.0]

    def test_a_runner_that_raises_is_a_result(self) -> None:
        """
        An exception from an async runner is a failed result.
        """
        runner = FakeAsyncRunner(replies={"scale": OSError("gone")})
        result = asyncio.run(
            AsyncRollbackManager(runner, FakeClock()).execute(SCALE)
        )
        assert "the runner raised OSError: gone" in result.reason

    def test_helm_through_runners(self) -> None:
        """
        Other programs only through runners, as in the sync manager.
        """
        helm = FakeAsyncRunner()
        mgr = AsyncRollbackManager(
            FakeAsyncRunner(), FakeClock(), runners={"helm": helm}
        )
        assert asyncio.run(mgr.execute(HELM)).success
        assert len(helm.calls) == 2


class TestHistoryAndFailures:
    @pytest.mark.parametrize(
        ("text", "count"),
        [
            (TWO, 2),
            (ONE, 1),
            ("No rollout history found.\n", 0),
            ("statefulset.apps/db\nREVISION\n1\n2\n3\n", 3),
            ("", 0),
        ],
    )
    def test_count_revisions(self, text: str, count: int) -> None:
        """
        The numeric rows of rollout history are the revisions.
        """
        assert count_revisions(text) == count

    def test_failure_ids_are_unique_and_classified(self) -> None:
        """
        Failure ids are stable and unique; classify finds them in stderr
        or stdout, and nothing in clean output.
        """
        ids = [f.id for f in FAILURES]
        assert len(ids) == len(set(ids))
        found = classify(
            RunResult(
                argv=("k",), rc=1, stdout="x exceeded its progress deadline"
            )
        )
        assert found is not None
        assert found.id == "rollback.progress-deadline"
        assert classify(RunResult(argv=("k",), rc=0, stdout="ok")) is None
