"""
`RollbackManager` and `AsyncRollbackManager`: run a
`blastradius.RollbackPlan` -- its steps in order, then its verify -- and
say how it went as a `blastradius.adapters.RollbackResult`, never an
exception.

The decisions live in one generator, `_execute`, which yields what to run
(`_Run`) or how long to wait (`_Sleep`) and receives the outcome (h11's
sans-I/O shape); the sync and async managers only drive it.

Before a ``rollout undo`` the manager reads ``rollout history`` and
refuses below two revisions. Each command is scored under the manager's
policy as its runner will run it; one that scores ``BLOCKED`` never runs.
kubectl commands go to *runner*; any other program (``helm``) only to a
runner given for it in *runners*.
"""

from __future__ import annotations

import asyncio
import math
import re
import shlex

from collections.abc import Generator, Mapping, Sequence
from typing import Any, Final, Protocol

import attrs

from blastradius._model import Tier
from blastradius._policy import Policy
from blastradius._rollback import RollbackPlan, RollbackStatus
from blastradius.adapters._protocols import (
    AsyncRunner,
    Clock,
    RollbackResult,
    Runner,
    RunResult,
    Step,
)


__all__ = [
    "DEFAULT_POLL",
    "DEFAULT_TIMEOUT",
    "FAILURES",
    "AsyncRollbackManager",
    "RollbackManager",
    "count_revisions",
]

DEFAULT_TIMEOUT: Final = 120.0
"""Seconds a rollback waits for convergence (the design's 120 s)."""

DEFAULT_POLL: Final = 5.0
"""Seconds between two ``rollout status`` attempts while waiting."""

HISTORY_TIMEOUT: Final = 30.0
"""Seconds a ``rollout history`` read may take."""

GRACE: Final = 10.0
"""Seconds a runner waits beyond a command's own ``--timeout``."""

MIN_REVISIONS: Final = 2
"""``rollout undo`` needs the revision to go back to, and the current one."""


@attrs.frozen
class Failure:
    """
    One documented failure: a pattern of kubectl's output, what it means.

    Attributes:
        id: Stable id (``rollback.no-history`` …).
        pattern: Searched for in standard error and output.
        meaning: For people.
        transient: Whether waiting may cure it (a verify is retried).
    """

    id: str
    pattern: re.Pattern[str]
    meaning: str
    transient: bool = False


def _f(
    id_: str, pattern: str, meaning: str, *, transient: bool = False
) -> Failure:
    return Failure(id_, re.compile(pattern, re.IGNORECASE), meaning, transient)


FAILURES: Final[tuple[Failure, ...]] = (
    _f(
        "rollback.no-history",
        r"no rollout history found|no last revision to roll back to",
        "the workload has no earlier revision to roll back to",
    ),
    _f(
        "rollback.paused",
        r"cannot rollback a paused deployment",
        "the deployment is paused: resume it first",
    ),
    _f(
        "rollback.revision-not-found",
        r"unable to find specified revision",
        "the revision asked for is not in the history",
    ),
    _f(
        "rollback.progress-deadline",
        r"exceeded its progress deadline",
        "the rollout exceeded its progress deadline",
    ),
    _f(
        "rollback.not-found",
        r"\(NotFound\)|not found",
        "the object does not exist",
    ),
    _f(
        "rollback.forbidden",
        r"\(Forbidden\)|\(Unauthorized\)|forbidden|must be logged in",
        "the credentials may not do this",
    ),
    _f(
        "rollback.wait-timeout",
        r"timed out waiting for the condition|context deadline exceeded",
        "the rollout did not converge within kubectl's --timeout",
        transient=True,
    ),
    _f(
        "rollback.unreachable",
        r"unable to connect to the server|connection refused|"
        r"was refused|i/o timeout|TLS handshake timeout",
        "the API server did not answer",
        transient=True,
    ),
)
"""The failures a rollback step may meet, most specific first (data)."""

_ROWS: Final = re.compile(r"^\s*(\d+)(?:\s|$)", re.MULTILINE)


def count_revisions(history: str) -> int:
    """
    The number of revisions in ``kubectl rollout history`` output: its
    numeric rows (a header line, then ``REVISION  CHANGE-CAUSE``).

    >>> from blastradius.adapters.rollback import count_revisions
    >>> count_revisions("deployment.apps/api\\nREVISION  CHANGE-CAUSE\\n"
    ...                 "1         <none>\\n2         <none>\\n")
    2
    >>> count_revisions("No rollout history found.")
    0
    """
    return len(_ROWS.findall(history))


def classify(result: RunResult) -> Failure | None:
    """
    The documented failure *result* shows, if any.
    """
    text = f"{result.stderr}\n{result.stdout}"
    for failure in FAILURES:
        if failure.pattern.search(text):
            return failure
    return None


# -- the sans-I/O core ----------------------------------------------------


@attrs.frozen
class _Run:
    """
    Run *argv* with *runner* (already chosen), for at most *timeout* s.
    """

    kind: str
    runner: object
    argv: tuple[str, ...]
    full: tuple[str, ...]
    timeout: float


@attrs.frozen
class _Sleep:
    seconds: float


class _ArgvFor(Protocol):
    def argv_for(self, argv: Sequence[str]) -> tuple[str, ...]: ...


_Core = Generator[_Run | _Sleep, RunResult | None, RollbackResult]


def _short(argv: Sequence[str]) -> str:
    text = shlex.join(argv)
    return text if len(text) <= 200 else text[:197] + "..."


def _detail(result: RunResult) -> str:
    if result.error:
        return result.error
    for text in (result.stderr, result.stdout):
        lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
        if lines:
            line = lines[-1]
            clean = "".join(c if c.isprintable() else "?" for c in line)
            return clean[:300]
    return f"exit status {result.rc}"


def _why(result: RunResult) -> str:
    if result.timed_out:
        return f"timed out: {result.error}"
    failure = classify(result)
    detail = _detail(result)
    if result.error:
        return detail
    if failure is None:
        return detail
    return f"{failure.meaning} ({failure.id}): {detail}"


def _is_undo(argv: Sequence[str]) -> int | None:
    """
    The index of ``undo`` in a ``kubectl … rollout undo`` argv, if it is
    one (global flags may come first; nothing after ``--`` counts).
    """
    words = list(argv)
    for i in range(1, len(words) - 1):
        if words[i] == "--":
            return None
        if words[i] == "rollout" and words[i + 1] == "undo":
            return i + 1
    return None


def _with_timeout(argv: Sequence[str], seconds: float) -> tuple[str, ...]:
    value = f"--timeout={max(1, math.ceil(seconds))}s"
    out = [w for w in argv if not w.startswith("--timeout=")]
    return (*out, value)


def _has_timeout(argv: Sequence[str]) -> bool:
    return any(w.startswith("--timeout=") for w in argv)


@attrs.frozen(kw_only=True)
class _Config:
    runner: _ArgvFor
    clock: Clock
    policy: Policy | None
    timeout: float
    poll: float
    runners: Mapping[str, _ArgvFor]

    def runner_for(self, argv: Sequence[str]) -> _ArgvFor | None:
        program = argv[0].rpartition("/")[2]
        if program in self.runners:
            return self.runners[program]
        return self.runner if program == "kubectl" else None


def _result(success: bool, reason: str, steps: list[Step]) -> RollbackResult:
    # typed Any: the contract's tuple converter confuses mypy's attrs plugin
    recorded: Any = tuple(steps)
    return RollbackResult(success=success, reason=reason, steps=recorded)


class _Recorder:
    """
    The steps run so far and the result that ends the plan.
    """

    def __init__(self, config: _Config) -> None:
        self.config = config
        self.steps: list[Step] = []

    def fail(self, reason: str) -> RollbackResult:
        return _result(False, reason, self.steps)

    def run(
        self, kind: str, argv: Sequence[str], timeout: float
    ) -> Generator[_Run | _Sleep, RunResult | None, RunResult | str]:
        """
        Score, run and record one command; the result, or why it did not
        run.
        """
        from blastradius._score import score

        runner = self.config.runner_for(argv)
        if runner is None:
            return (
                f"no runner for {argv[0]!r}: pass runners={{{argv[0]!r}: "
                f"...}} to run {_short(argv)}"
            )
        try:
            full = tuple(runner.argv_for(argv))
        except Exception as e:  # noqa: BLE001 - a result, never raised
            return f"{_short(argv)}: the runner refused it: {e}"
        assessment = score(shlex.join(full), policy=self.config.policy)
        if assessment.tier is Tier.BLOCKED:
            head = assessment.reasons[0] if assessment.reasons else ""
            return f"refused to run {_short(full)}: it scores BLOCKED: {head}"
        started = self.config.clock.now()
        result = yield _Run(kind, runner, tuple(argv), full, timeout)
        assert result is not None  # noqa: S101 - the drivers always send one
        finished = self.config.clock.now()
        self.steps.append(
            Step.of(kind, result, started=started, finished=finished)
        )
        return result


def _execute(plan: RollbackPlan, config: _Config) -> _Core:
    rec = _Recorder(config)
    if not plan.steps and plan.status is not RollbackStatus.NOTHING:
        return rec.fail(
            f"the plan has no step to run ({plan.status.value}): "
            f"{plan.reason or 'nothing derived'}"
        )
    for argv in plan.steps:
        undo = _is_undo(argv)
        if undo is not None:
            history = (*argv[:undo], "history", *argv[undo + 1 :])
            got = yield from rec.run("history", history, HISTORY_TIMEOUT)
            if isinstance(got, str):
                return rec.fail(got)
            if not got.ok:
                return rec.fail(f"rollout history failed: {_why(got)}")
            revisions = count_revisions(got.stdout)
            if revisions < MIN_REVISIONS:
                return rec.fail(
                    f"rollout undo needs at least two revisions; "
                    f"{_short(argv[undo + 1 : undo + 2])} has {revisions}"
                )
        got = yield from rec.run("rollback", argv, config.timeout + GRACE)
        if isinstance(got, str):
            return rec.fail(got)
        if not got.ok:
            return rec.fail(f"{_short(argv)} failed: {_why(got)}")
    for argv in plan.verify:
        problem = yield from _wait(rec, argv)
        if problem:
            return rec.fail(problem)
    done = "; ".join(_short(s) for s in plan.steps) or "nothing to undo"
    checked = " and verified" if plan.verify else ""
    return _result(True, f"rolled back{checked}: {done}", rec.steps)


def _wait(
    rec: _Recorder, argv: Sequence[str]
) -> Generator[_Run | _Sleep, RunResult | None, str]:
    """
    Run a verify until it passes, fails for good, or the time is up; why
    not, or ``""``.
    """
    clock = rec.config.clock
    total = rec.config.timeout
    deadline = clock.now().timestamp() + total
    while True:
        left = deadline - clock.now().timestamp()
        if left <= 0:
            return (
                f"timed out: {_short(argv)} did not converge within "
                f"{total:g} s"
            )
        attempt = _with_timeout(argv, left) if _has_timeout(argv) else argv
        got = yield from rec.run("rollback-verify", attempt, left + GRACE)
        if isinstance(got, str):
            return got
        if got.ok:
            return ""
        failure = classify(got)
        transient = got.timed_out or (
            failure is not None and failure.transient
        )
        if not transient:
            return f"verify {_short(argv)} failed: {_why(got)}"
        left = deadline - clock.now().timestamp()
        if left > 0:
            yield _Sleep(min(rec.config.poll, left))


def _check(timeout: float, poll: float) -> None:
    for name, value in (("timeout", timeout), ("poll", poll)):
        if isinstance(value, bool) or not isinstance(value, int | float):
            msg = f"{name} must be a number of seconds, not {value!r}"
            raise TypeError(msg)
        if not value > 0 or math.isinf(value):
            msg = f"{name} must be a positive number of seconds"
            raise ValueError(msg)


def _failed_run(argv: tuple[str, ...], error: BaseException) -> RunResult:
    text = "".join(c if c.isprintable() else "?" for c in str(error))
    return RunResult(
        argv=argv,
        rc=-1,
        error=f"the runner raised {type(error).__name__}: {text}",
    )


class RollbackManager:
    """
    Runs a `blastradius.RollbackPlan`; a
    `blastradius.adapters.RollbackExecutor`.

    Args:
        runner: Runs the kubectl steps (a `KubectlRunner`).
        clock: The time to wait by (`Clock.sleep` between verify attempts).
        policy: The policy each command is scored under (default: the
            built-in one); a command scoring ``BLOCKED`` never runs.
        timeout: Seconds to wait for the verify to converge.
        runners: Runners for other programs, by name
            (``{"helm": ...}``); a step of a program without one is not run.
        poll: Seconds between two verify attempts.

    Raises:
        TypeError: *timeout* or *poll* is not a number.
        ValueError: *timeout* or *poll* is not positive.

    >>> from blastradius import derive_rollback
    >>> from blastradius.adapters import RollbackManager
    >>> from blastradius.testing import FakeClock, FakeRunner
    >>> runner = FakeRunner()
    >>> plan = derive_rollback("kubectl cordon node-1")
    >>> RollbackManager(runner, FakeClock()).execute(plan).success
    True
    >>> runner.calls
    [('kubectl', 'uncordon', 'node-1')]

    .. versionadded:: 0.2
    """

    def __init__(  # noqa: PLR0913 - the manager's seams, by keyword
        self,
        runner: Runner,
        clock: Clock,
        *,
        policy: Policy | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        runners: Mapping[str, Runner] | None = None,
        poll: float = DEFAULT_POLL,
    ) -> None:
        _check(timeout, poll)
        self.runner = runner
        self.clock = clock
        self.policy = policy
        self.timeout = float(timeout)
        self.poll = float(poll)
        self.runners: Mapping[str, Runner] = dict(runners or {})

    def _config(self) -> _Config:
        return _Config(
            runner=self.runner,
            clock=self.clock,
            policy=self.policy,
            timeout=self.timeout,
            poll=self.poll,
            runners=self.runners,
        )

    def execute(self, plan: RollbackPlan) -> RollbackResult:
        """
        Run *plan*'s steps in order, then its verify; never raises.
        """
        core = _execute(plan, self._config())
        reply: RunResult | None = None
        try:
            while True:
                request = core.send(reply)
                reply = None
                if isinstance(request, _Sleep):
                    self.clock.sleep(request.seconds)
                    continue
                runner: Runner = request.runner  # type: ignore[assignment]
                try:
                    reply = runner.run(request.argv, timeout=request.timeout)
                except Exception as e:  # noqa: BLE001 - a result, never raised
                    reply = _failed_run(request.full, e)
        except StopIteration as stop:
            result: RollbackResult = stop.value
            return result


class AsyncRollbackManager:
    """
    `RollbackManager` with `blastradius.adapters.AsyncRunner` runners: an
    `~blastradius.adapters.AsyncRollbackExecutor`.

    The clock's `~blastradius.adapters.Clock.sleep` runs in a worker thread
    (`asyncio.to_thread`), so waiting never blocks the event loop.

    Same arguments as `RollbackManager`.

    .. versionadded:: 0.2
    """

    def __init__(  # noqa: PLR0913 - the manager's seams, by keyword
        self,
        runner: AsyncRunner,
        clock: Clock,
        *,
        policy: Policy | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        runners: Mapping[str, AsyncRunner] | None = None,
        poll: float = DEFAULT_POLL,
    ) -> None:
        _check(timeout, poll)
        self.runner = runner
        self.clock = clock
        self.policy = policy
        self.timeout = float(timeout)
        self.poll = float(poll)
        self.runners: Mapping[str, AsyncRunner] = dict(runners or {})

    async def execute(self, plan: RollbackPlan) -> RollbackResult:
        """
        As `RollbackManager.execute`, awaited.
        """
        core = _execute(
            plan,
            _Config(
                runner=self.runner,
                clock=self.clock,
                policy=self.policy,
                timeout=self.timeout,
                poll=self.poll,
                runners=self.runners,
            ),
        )
        reply: RunResult | None = None
        try:
            while True:
                request = core.send(reply)
                reply = None
                if isinstance(request, _Sleep):
                    await asyncio.to_thread(self.clock.sleep, request.seconds)
                    continue
                runner: AsyncRunner = request.runner  # type: ignore[assignment]
                try:
                    reply = await runner.run(
                        request.argv, timeout=request.timeout
                    )
                except Exception as e:  # noqa: BLE001 - a result, never raised
                    reply = _failed_run(request.full, e)
        except StopIteration as stop:
            result: RollbackResult = stop.value
            return result
