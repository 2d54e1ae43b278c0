"""
Usage examples of the kubectl runner, fact capture and rollback manager,
checked by mypy --strict (never run): each driver satisfies its Protocol.
"""

from __future__ import annotations

import functools

from blastradius import DeclarativeSpec, Facts, derive_rollback
from blastradius.adapters import (
    AsyncKubectlRunner,
    AsyncRollbackExecutor,
    AsyncRollbackManager,
    AsyncRunner,
    Clock,
    FactCapture,
    KubectlRunner,
    RollbackExecutor,
    RollbackManager,
    RollbackResult,
    Runner,
    RunResult,
    capture_facts,
    fact_commands,
    parse_facts,
)


def runners() -> tuple[Runner, AsyncRunner]:
    sync: Runner = KubectlRunner(kubeconfig="/etc/kc", context="prod")
    awaited: AsyncRunner = AsyncKubectlRunner(kubectl="/usr/bin/kubectl")
    return sync, awaited


def run_one(runner: KubectlRunner) -> RunResult:
    return runner.run(["kubectl", "get", "pods"], timeout=30)


def managers(clock: Clock) -> tuple[RollbackExecutor, AsyncRollbackExecutor]:
    sync: RollbackExecutor = RollbackManager(
        KubectlRunner(), clock, timeout=120
    )
    awaited: AsyncRollbackExecutor = AsyncRollbackManager(
        AsyncKubectlRunner(), clock, runners={"helm": AsyncKubectlRunner()}
    )
    return sync, awaited


def roll_back(clock: Clock) -> RollbackResult:
    plan = derive_rollback("kubectl set image deploy/api app=api:2 -n prod")
    result = RollbackManager(KubectlRunner(), clock).execute(plan)
    ok: bool = result.success
    reason: str = result.reason
    del ok, reason
    return result


def no_clock() -> None:
    RollbackManager(KubectlRunner())  # type: ignore[call-arg]


def facts(runner: KubectlRunner) -> tuple[Facts, FactCapture]:
    evaluated = DeclarativeSpec(
        "kubectl scale deploy/api --replicas=0"
    ).evaluate()
    for name, argv in fact_commands(evaluated):
        _: tuple[str, tuple[str, ...]] = (name, argv)
    parsed = parse_facts(
        {"previous_replicas": "{}"}, snapshot_dir="/var/lib/br"
    )
    capture: FactCapture = functools.partial(
        capture_facts, runner=runner, snapshot_dir="/var/lib/br"
    )
    return parsed, capture
