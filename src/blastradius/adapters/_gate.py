"""
`Gate`: the host's action loop -- decide, ask for review, check approvals,
run, verify, roll back, record.

`Gate.decide` is pure (`blastradius.adapters._decide`); `Gate.execute` and
`Gate.aexecute` drive one sans-I/O flow (`blastradius.adapters._flow`)
through the injected runner, rollback executor and fact capture.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import uuid

from collections.abc import Callable, Mapping, Sequence
from typing import Final

import attrs

from blastradius._policy import Policy
from blastradius._rollback import Facts
from blastradius._spec import DeclarativeSpec
from blastradius.adapters import _flow
from blastradius.adapters._decide import clean, decide
from blastradius.adapters._memory import InProcessOutcomes
from blastradius.adapters._protocols import (
    Approval,
    AsyncReviews,
    AsyncRollbackExecutor,
    AsyncRunner,
    Clock,
    Decision,
    Execution,
    FactCapture,
    Notifier,
    Outcome,
    OutcomeStore,
    ReviewResult,
    Reviews,
    RollbackExecutor,
    Runner,
    RunResult,
    Verdict,
)


__all__ = ["Gate"]

DEFAULT_TIMEOUT: Final = 300.0
"""Seconds an action or dry run may take before the runner kills it."""

DEFAULT_VERIFY_TIMEOUT: Final = 150.0
"""Seconds a verify may take (its own ``--timeout=120s`` plus slack)."""

DEFAULT_CLAIM_TTL: Final = 3600.0
"""Seconds after which a claim left by a crashed execution is taken over."""


class Gate:
    """
    Decides whether an action may run and runs it the way the policy says:
    ``AUTO`` executes, ``HUMAN`` after one approval, ``DUAL`` after two
    from distinct people, ``BLOCKED`` never; any error escalates to a
    person and never executes.

    Args:
        policy: The policy in force (`blastradius.Policy()` when `None`);
            its ``gate`` settings give the approvals, their TTL and the
            budget.
        runner: Runs argv (`Runner`); its `argv_for` says what will run.
        clock: The only source of time (`Clock`).
        requester: Who asks (the bot's login): never an approver.
        reviews: Opens review issues and reads approvals (`Reviews` or
            `AsyncReviews`).
        rollback: Runs a rollback plan when a verification fails
            (any object with ``execute(plan)``, sync or async).
        outcomes: Where outcomes and claims live (`OutcomeStore`); an
            in-process store when `None` (claims then hold only within
            this process).
        notifier: Told about refusals and escalations (`Notifier`).
        async_runner: The runner `aexecute` awaits; without one it runs
            *runner* in a thread. Its `argv_for` must agree with *runner*'s.
        fact_capture: Captures the rollback's facts right before the action
            runs (`FactCapture`, sync or async).
        timeout: Seconds the action and its dry run may take.
        verify_timeout: Seconds the verify may take.
        claim_ttl: Seconds after which a crashed execution's claim is
            taken over.

    Raises:
        TypeError: *policy* is not a `blastradius.Policy`, or *requester*
            is empty.

    >>> from blastradius.testing import FakeClock, FakeRunner
    >>> gate = Gate(runner=FakeRunner(), clock=FakeClock(), requester="bot")
    >>> decision = gate.decide("kubectl get pods -n dev")
    >>> decision.verdict
    <Verdict.EXECUTE: 'execute'>
    >>> gate.execute(decision).executed
    True

    .. versionadded:: 0.2
    """

    def __init__(  # noqa: PLR0913 - every seam is injected
        self,
        policy: Policy | None = None,
        *,
        runner: Runner,
        clock: Clock,
        requester: str,
        reviews: Reviews | AsyncReviews | None = None,
        rollback: RollbackExecutor | AsyncRollbackExecutor | None = None,
        outcomes: OutcomeStore | None = None,
        notifier: Notifier | None = None,
        async_runner: AsyncRunner | None = None,
        fact_capture: FactCapture | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        verify_timeout: float = DEFAULT_VERIFY_TIMEOUT,
        claim_ttl: float = DEFAULT_CLAIM_TTL,
    ) -> None:
        policy = Policy() if policy is None else policy
        if not isinstance(policy, Policy):
            msg = f"policy must be a blastradius.Policy, not {policy!r}"
            raise TypeError(msg)
        if not str(requester).strip():
            msg = "requester must name who asks (it never approves)"
            raise TypeError(msg)
        self.policy = policy
        self.runner = runner
        self.clock = clock
        self.requester = requester
        self.reviews = reviews
        self.rollback = rollback
        self.outcomes: OutcomeStore = (
            InProcessOutcomes() if outcomes is None else outcomes
        )
        self.notifier = notifier
        self.async_runner = async_runner
        self.fact_capture = fact_capture
        self.timeout = float(timeout)
        self.verify_timeout = float(verify_timeout)
        self.claim_ttl = float(claim_ttl)

    def __repr__(self) -> str:
        return (
            f"Gate(policy={self.policy.fingerprint}, "
            f"requester={self.requester!r})"
        )

    # -- the pure half ---------------------------------------------------

    def decide(
        self,
        spec_or_cmd: DeclarativeSpec | str | Sequence[str],
        *,
        facts: Facts | Mapping[str, object] | None = None,
    ) -> Decision:
        """
        What to do with *spec_or_cmd* (a `blastradius.DeclarativeSpec`, a
        command line or an argv); pure and deterministic.

        It scores the argv exactly as the runner will run it
        (`Runner.argv_for`), takes the verdict from the tier and the
        approvals from the policy, and digests what an approval binds to.
        Never raises: an error gives ``ASK_ONE`` (or stricter) with the
        error as its first reason and nothing to run; an action that is
        not one simple command is ``REFUSE``.

        Args:
            spec_or_cmd: What to decide about.
            facts: What the host captured for the rollback plan.
        """
        return decide(
            spec_or_cmd,
            policy=self.policy,
            argv_for=self.runner.argv_for,
            requester=self.requester,
            facts=facts,
        )

    # -- reviews ---------------------------------------------------------

    def request_review(
        self, decision: Decision, *, diagnosis: str = ""
    ) -> ReviewResult:
        """
        Open (or find) the review of *decision* through *reviews*; failures
        come back as a `ReviewResult` with *success* `False`.

        A ``REFUSE`` is not reviewed: the notifier is told instead.
        """
        early = self._review_blocked(decision)
        if early is not None:
            return early
        assert self.reviews is not None  # noqa: S101 - checked above
        try:
            got = _sync(self.reviews.open(decision, diagnosis=diagnosis))
            return _review(got)
        except Exception as e:  # noqa: BLE001 - never break the caller
            return self._review_error(decision, e)

    async def arequest_review(
        self, decision: Decision, *, diagnosis: str = ""
    ) -> ReviewResult:
        """
        `request_review`, awaited (through `AsyncReviews`, or sync
        `Reviews` in a thread).
        """
        early = self._review_blocked(decision)
        if early is not None:
            return early
        reviews = self.reviews
        assert reviews is not None  # noqa: S101 - checked above
        try:
            got = await _call(reviews.open, decision, diagnosis=diagnosis)
            return _review(got)
        except Exception as e:  # noqa: BLE001 - never break the caller
            return self._review_error(decision, e)

    def approvals(self, review: ReviewResult) -> tuple[Approval, ...]:
        """
        The approvals read from *review* (``()`` when it cannot be read).
        """
        if self.reviews is None:
            return ()
        try:
            return _approvals(_sync(self.reviews.approvals(review)))
        except Exception:  # noqa: BLE001 - no approvals, no run
            return ()

    async def aapprovals(self, review: ReviewResult) -> tuple[Approval, ...]:
        """
        `approvals`, awaited.
        """
        if self.reviews is None:
            return ()
        try:
            return _approvals(await _call(self.reviews.approvals, review))
        except Exception:  # noqa: BLE001 - no approvals, no run
            return ()

    def close_review(
        self, review: ReviewResult, outcome: Outcome
    ) -> ReviewResult:
        """
        Comment *outcome* on *review* and close it through *reviews*;
        failures come back as a `ReviewResult` with *success* `False`.
        """
        if self.reviews is None:
            return attrs.evolve(
                review, success=False, error="no reviews configured"
            )
        try:
            return _review(_sync(self.reviews.close(review, outcome)))
        except Exception as e:  # noqa: BLE001 - never break the caller
            return _closing_error(review, e)

    async def aclose_review(
        self, review: ReviewResult, outcome: Outcome
    ) -> ReviewResult:
        """
        `close_review`, awaited.
        """
        if self.reviews is None:
            return attrs.evolve(
                review, success=False, error="no reviews configured"
            )
        try:
            return _review(await _call(self.reviews.close, review, outcome))
        except Exception as e:  # noqa: BLE001 - never break the caller
            return _closing_error(review, e)

    def _review_blocked(self, decision: Decision) -> ReviewResult | None:
        if not isinstance(decision, Decision):
            msg = f"expected a Decision, not {type(decision).__name__}"
            raise TypeError(msg)
        why = ""
        if decision.verdict is Verdict.REFUSE:
            why = "refused, not reviewed: " + (decision.reasons or ("",))[0]
            self._notify(decision, why)
        elif self.reviews is None:
            why = "no reviews configured"
        if not why:
            return None
        return ReviewResult(
            success=False,
            error=clean(why),
            incident_id=decision.incident_id,
            digest=decision.digest,
        )

    def _review_error(self, decision: Decision, e: Exception) -> ReviewResult:
        return ReviewResult(
            success=False,
            error=clean(f"opening the review failed: {type(e).__name__}: {e}"),
            incident_id=decision.incident_id,
            digest=decision.digest,
        )

    def _notify(self, subject: Decision | Execution, message: str) -> None:
        if self.notifier is None:
            return
        # a chat outage never breaks the gate
        with contextlib.suppress(Exception):
            self.notifier.notify(subject, message)

    # -- execution ---------------------------------------------------------

    def _settings(
        self, argv_for: Callable[[Sequence[str]], tuple[str, ...]]
    ) -> _flow.Settings:
        return _flow.Settings(
            policy=self.policy,
            requester=self.requester,
            store=self.outcomes,
            notifier=self.notifier,
            now=self.clock.now,
            redecide=lambda d: self.decide(
                d.evaluated.spec if d.evaluated is not None else d.argv,
                facts=d.facts,
            ),
            argv_for=argv_for,
            has_rollback=self.rollback is not None,
            has_fact_capture=self.fact_capture is not None,
            timeout=self.timeout,
            verify_timeout=self.verify_timeout,
            claim_ttl=self.claim_ttl,
        )

    def _start(
        self,
        decision: Decision,
        approvals: Sequence[Approval],
        argv_for: Callable[[Sequence[str]], tuple[str, ...]],
    ) -> _flow.Flow:
        if not isinstance(decision, Decision):
            msg = f"expected a Decision, not {type(decision).__name__}"
            raise TypeError(msg)
        return _flow.flow(
            self._settings(argv_for),
            decision,
            tuple(approvals),
            uuid.uuid4().hex,
        )

    def execute(
        self, decision: Decision, *, approvals: Sequence[Approval] = ()
    ) -> Execution:
        """
        Run *decision* if its verdict and *approvals* allow it.

        In order: refuse a ``REFUSE``; check the approvals (enough distinct
        people, never the requester, each of exactly ``decision.digest``,
        none expired or dated in the future, none a rejection); claim the
        digest in the store (another execution holding it makes this one
        return "already running"; with an incident id, a plan that already
        succeeded is not run again); check the budget of automatic
        mutations per target; capture facts; run the server dry run when
        required; run the action; run its verify; roll back when the
        verify fails; record the outcome; release the claim.

        Never raises for what happens in the world: refusals, missing
        approvals, runner failures and exceptions, timeouts and failed
        verifications are fields of the `Execution`. Exactly one outcome
        is recorded per call (``"started"`` first, then updated).

        Raises:
            TypeError: *decision* is not a `Decision`, or *approvals* hold
                something else than `Approval` records.
        """
        flow = self._start(decision, approvals, self.runner.argv_for)
        reply: object = None
        while True:
            try:
                request = flow.send(reply)
            except StopIteration as stop:
                return stop.value  # type: ignore[no-any-return]
            try:
                reply = self._serve(request)
            except BaseException as e:  # interrupted: record, re-raise
                flow.throw(e)
                raise  # pragma: no cover - throw re-raises

    async def aexecute(
        self, decision: Decision, *, approvals: Sequence[Approval] = ()
    ) -> Execution:
        """
        `execute`, awaited: through *async_runner*, else *runner* in a
        thread; an async rollback executor or fact capture is awaited.

        A cancelled task records its outcome as interrupted, releases the
        claim and re-raises `asyncio.CancelledError`.
        """
        argv_for = (
            self.async_runner.argv_for
            if self.async_runner is not None
            else self.runner.argv_for
        )
        flow = self._start(decision, approvals, argv_for)
        reply: object = None
        while True:
            try:
                request = flow.send(reply)
            except StopIteration as stop:
                return stop.value  # type: ignore[no-any-return]
            try:
                reply = await self._aserve(request)
            except BaseException as e:  # cancelled: record, re-raise
                flow.throw(e)
                raise  # pragma: no cover - throw re-raises

    def _serve(self, request: _flow.Request) -> object:
        if isinstance(request, _flow.Run):
            started = self.clock.now()
            try:
                result = _checked(
                    self.runner.run(request.argv, timeout=request.timeout)
                )
            except Exception as e:  # noqa: BLE001 - a value for the flow
                result = _failed(e)
            return _flow.Ran(result, started, self.clock.now())
        fn, arg = self._target(request)
        try:
            return _sync(fn(arg))
        except Exception as e:  # noqa: BLE001 - a value for the flow
            return _failed(e)

    def _target(
        self, request: _flow.Rollback | _flow.CaptureFacts
    ) -> tuple[Callable[[object], object], object]:
        if isinstance(request, _flow.Rollback):
            assert self.rollback is not None  # noqa: S101 - flow checks
            return self.rollback.execute, request.plan  # type: ignore[return-value]
        assert self.fact_capture is not None  # noqa: S101 - flow checks
        return self.fact_capture, request.evaluated  # type: ignore[return-value]

    async def _aserve(self, request: _flow.Request) -> object:
        if isinstance(request, _flow.Run):
            started = self.clock.now()
            try:
                if self.async_runner is not None:
                    got: object = await self.async_runner.run(
                        request.argv, timeout=request.timeout
                    )
                else:
                    got = await asyncio.to_thread(
                        self.runner.run, request.argv, timeout=request.timeout
                    )
                result = _checked(got)
            except Exception as e:  # noqa: BLE001 - a value for the flow
                result = _failed(e)
            return _flow.Ran(result, started, self.clock.now())
        fn, arg = self._target(request)
        try:
            return await _call(fn, arg)
        except Exception as e:  # noqa: BLE001 - a value for the flow
            return _failed(e)


def _sync(got: object) -> object:
    """
    *got*, unless it is awaitable: an async seam given to a sync call.
    """
    if inspect.isawaitable(got):
        if inspect.iscoroutine(got):
            got.close()
        msg = "an async reviews, executor or fact capture needs the a* methods"
        raise TypeError(msg)
    return got


def _closing_error(review: ReviewResult, e: Exception) -> ReviewResult:
    return attrs.evolve(
        review,
        success=False,
        error=clean(f"closing the review failed: {type(e).__name__}: {e}"),
        action="",
    )


def _review(got: object) -> ReviewResult:
    if not isinstance(got, ReviewResult):
        msg = f"reviews returned {type(got).__name__}, not ReviewResult"
        raise TypeError(msg)
    return got


def _approvals(got: object) -> tuple[Approval, ...]:
    items = tuple(got) if isinstance(got, (list, tuple)) else None
    if items is None or not all(isinstance(a, Approval) for a in items):
        msg = "reviews returned something else than Approval records"
        raise TypeError(msg)
    return items


def _checked(result: object) -> RunResult | _flow.Failed:
    if isinstance(result, RunResult):
        return result
    return _flow.Failed(
        clean(f"the runner returned {type(result).__name__}, not RunResult")
    )


def _failed(e: BaseException) -> _flow.Failed:
    try:
        said = f"{type(e).__name__}: {e}"
    except Exception:  # noqa: BLE001 - an error whose str() fails
        said = type(e).__name__
    return _flow.Failed(clean(said))


async def _call(
    fn: Callable[..., object], *args: object, **kw: object
) -> object:
    """
    Await *fn*: a coroutine function directly, anything else in a thread
    (its result awaited too when it is awaitable).
    """
    if inspect.iscoroutinefunction(fn):
        return await fn(*args, **kw)
    got = await asyncio.to_thread(fn, *args, **kw)
    if inspect.isawaitable(got):
        return await got
    return got
