"""
The gate's execution as a sans-I/O flow: a generator that yields what it
needs done (run an argv, run a rollback, capture facts) and receives what
came of it, so one implementation serves `Gate.execute` and
`Gate.aexecute` (h11's model: the state lives here, the I/O in the
drivers).

The flow never raises for what happens in the world: refusals, missing
approvals, a held claim, a spent budget, runner failures and exceptions,
failed verifications -- all end as fields of the `Execution`. It writes a
``"started"`` outcome first and updates it last, whatever happened.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import shlex

from collections.abc import Callable, Generator, Mapping, Sequence

import attrs

from blastradius._policy import Policy
from blastradius._rollback import Facts, RollbackPlan, as_facts
from blastradius._spec import EvaluatedSpec
from blastradius.adapters._decide import BY_TIER, RANK, clean
from blastradius.adapters._protocols import (
    Approval,
    Decision,
    Execution,
    Notifier,
    Outcome,
    OutcomeStore,
    RollbackResult,
    RunResult,
    Step,
    Verdict,
)


__all__ = [
    "CaptureFacts",
    "Failed",
    "Flow",
    "Ran",
    "Request",
    "Rollback",
    "Run",
    "Settings",
    "check_approvals",
    "flow",
]


# -- what the flow asks the driver for, and what it gets back -------------


@attrs.frozen
class Run:
    """
    Run *argv* (through the runner, which applies its `argv_for`).
    """

    kind: str
    argv: tuple[str, ...]
    timeout: float


@attrs.frozen
class Rollback:
    """
    Run *plan* through the rollback executor.
    """

    plan: RollbackPlan


@attrs.frozen
class CaptureFacts:
    """
    Call the host's fact capture on *evaluated*.
    """

    evaluated: EvaluatedSpec


Request = Run | Rollback | CaptureFacts


@attrs.frozen
class Failed:
    """
    The driver's call raised *error* (an `Exception`).
    """

    error: str


@attrs.frozen
class Ran:
    """
    What a `Run` gave, timed by the injected clock.
    """

    result: RunResult | Failed
    started: dt.datetime
    finished: dt.datetime


Flow = Generator[Request, object, Execution]


@attrs.frozen(kw_only=True)
class Settings:
    """
    What the flow needs from its gate.
    """

    policy: Policy
    requester: str
    store: OutcomeStore
    notifier: Notifier | None
    now: Callable[[], dt.datetime]
    redecide: Callable[[Decision], Decision]
    argv_for: Callable[[Sequence[str]], tuple[str, ...]]
    has_rollback: bool
    has_fact_capture: bool
    timeout: float
    verify_timeout: float
    claim_ttl: float


# -- approvals -----------------------------------------------------------


def check_approvals(
    decision: Decision,
    approvals: Sequence[Approval],
    *,
    requesters: Sequence[str],
    ttl: float,
    now: dt.datetime,
) -> tuple[tuple[str, ...], str]:
    """
    The distinct people whose approvals count for *decision*, and ``""``;
    or ``()`` and why there are not enough.

    An approval counts when it is for exactly ``decision.digest``, by
    someone not among *requesters* (compared case-insensitively, as logins
    are), given no later than *now* and no earlier than *ttl* seconds
    before it. Any rejection voids them all.
    """
    for a in approvals:
        if not isinstance(a, Approval):
            msg = f"approvals must be Approval records, not {a!r}"
            raise TypeError(msg)
    rejected = [a.user for a in approvals if a.reject]
    if rejected:
        return (), clean(f"rejected by {', '.join(rejected)}")
    barred = {r.casefold() for r in requesters if r}
    counted: dict[str, str] = {}
    problems: list[str] = []
    for a in approvals:
        who = a.user.casefold()
        if a.digest != decision.digest:
            problems.append(f"{a.user}'s approval is of another plan")
        elif who in barred:
            problems.append(f"{a.user} asked for it and cannot approve it")
        elif a.at > now:
            problems.append(f"{a.user}'s approval is dated in the future")
        elif (now - a.at).total_seconds() > ttl:
            problems.append(f"{a.user}'s approval has expired")
        else:
            counted.setdefault(who, a.user)
    need = decision.approvals_required
    if len(counted) >= need:
        return tuple(counted.values()), ""
    why = f"needs {need} approval{'s' if need > 1 else ''} from distinct "
    why += f"people, has {len(counted)}"
    if problems:
        why += ": " + "; ".join(dict.fromkeys(problems))
    return (), clean(why)


# -- the record of one call ----------------------------------------------


class _Call:
    """
    What one `execute` call has done so far (mutable, private).
    """

    def __init__(self, decision: Decision, oid: str, started: dt.datetime):
        self.decision = decision
        self.oid = oid
        self.started = started
        self.steps: list[Step] = []
        self.approvers: tuple[str, ...] = ()
        self.dry_run: bool | None = None
        self.executed = False
        self.verified: bool | None = None
        self.rolled_back: bool | None = None
        self.escalated = False
        self.error = ""
        self.reason = ""
        self.claimed = False
        self.rollback: RollbackResult | None = None
        self.previous: Outcome | None = None

    def fail(self, why: str, *, escalate: bool = False) -> None:
        self.error = clean(why)
        self.escalated = self.escalated or escalate

    def outcome(self, finished: dt.datetime | None) -> Outcome:
        d = self.decision
        ev = d.evaluated
        rules = (
            tuple(dict.fromkeys(f.rule for f in ev.assessment.findings))
            if ev is not None
            else ()
        )
        return Outcome(
            id=self.oid,
            key=f"declarative:{d.incident_id or d.digest}",
            incident_id=d.incident_id,
            digest=d.digest,
            target=d.budget_key,
            argv=d.argv,
            rule_ids=rules,
            score=d.score,
            tier=d.tier.value,
            verdict=d.verdict.value,
            approvers=self.approvers,
            mutating=d.mutating,
            status="started" if finished is None else "finished",
            dry_run=self.dry_run,
            executed=self.executed,
            verified=self.verified,
            rolled_back=self.rolled_back,
            steps=self.steps,
            error=self.error,
            started=self.started,
            finished=finished,
        )

    def execution(self, outcome: Outcome | None) -> Execution:
        prior = self.previous
        return Execution(
            decision=self.decision,
            executed=prior.executed if prior else self.executed,
            verified=prior.verified if prior else self.verified,
            rolled_back=prior.rolled_back if prior else self.rolled_back,
            escalated=self.escalated,
            reason=self.error or self.reason,
            steps=prior.steps if prior else self.steps,
            approvers=self.approvers,
            outcome=outcome,
            rollback=self.rollback,
            previous=prior,
        )


# -- the flow --------------------------------------------------------------


def flow(
    s: Settings, decision: Decision, approvals: Sequence[Approval], oid: str
) -> Flow:
    """
    Execute *decision*: yields `Request` values, expects `Ran`,
    `RollbackResult` / `Failed` and `Facts` / `Failed` back; returns the
    `Execution`.
    """
    call = _Call(decision, oid, s.now())
    try:
        s.store.record(call.outcome(None))
    except Exception as e:  # noqa: BLE001 - never run without a record
        call.fail(f"the outcome store failed, nothing ran: {e}", escalate=True)
        _notify(s, decision, call.error)
        return call.execution(None)
    try:
        yield from _steps(s, call, approvals)
    except BaseException as e:  # interrupted (cancelled, KeyboardInterrupt)
        call.fail(f"interrupted: {type(e).__name__}", escalate=True)
        raise
    finally:
        if call.claimed:
            try:
                s.store.release(decision.digest, owner=oid)
            except Exception as e:  # noqa: BLE001 - report, never raise
                call.reason += (
                    f" (the claim was not released: {clean(str(e))})"
                )
        final = call.outcome(s.now())
        try:
            s.store.update(final)
        except Exception as e:  # noqa: BLE001 - the action's result stands
            call.reason += f" (the outcome was not recorded: {clean(str(e))})"
            final_out: Outcome | None = None
        else:
            final_out = final
    return call.execution(final_out)


def _steps(
    s: Settings, call: _Call, approvals: Sequence[Approval]
) -> Generator[Request, object, None]:
    d = call.decision
    if not _admissible(s, call):
        return
    if d.approvals_required:
        who, why = check_approvals(
            d,
            approvals,
            requesters=(s.requester, d.requester),
            ttl=s.policy.gate.approval_ttl,
            now=call.started,
        )
        if why:
            call.fail(why)
            return
        call.approvers = who
    if not _claim(s, call) or _done(s, call) or _over_budget(s, call):
        return
    assert d.evaluated is not None  # noqa: S101 - _admissible checked it
    evaluated = d.evaluated
    plan = evaluated.rollback_plan
    if s.has_fact_capture:
        got = yield CaptureFacts(evaluated)
        fresh = _with_facts(s, call, got)
        if fresh is None:
            return
        plan = fresh.rollback_plan
    if evaluated.dry_run_required and evaluated.dry_run_argv:
        req = Run("dry-run", evaluated.dry_run_argv, s.timeout)
        ran = yield req
        call.dry_run = _step(s, call, req, ran)
        if not call.dry_run:
            call.fail("the server dry run failed: " + _said(ran))
            _notify(s, d, call.error)
            return
    req = Run("action", evaluated.argv, s.timeout)
    ran = yield req
    call.executed = True
    if not _step(s, call, req, ran):
        call.fail("the action failed: " + _said(ran), escalate=True)
        _notify(s, d, call.error)
        return
    call.reason = "executed"
    if not evaluated.verify:
        return
    req = Run("verify", evaluated.verify, s.verify_timeout)
    ran = yield req
    call.verified = _step(s, call, req, ran)
    if call.verified:
        call.reason = "executed and verified"
        return
    yield from _roll_back(s, call, plan, _said(ran))


def _admissible(s: Settings, call: _Call) -> bool:
    d = call.decision
    if d.verdict is Verdict.REFUSE:
        call.fail("refused: " + (d.reasons[0] if d.reasons else "blocked"))
        _notify(s, d, call.error)
        return False
    if d.evaluated is None or not d.argv:
        call.fail(
            "escalated: nothing can run until a person resolves: "
            + (d.reasons[0] if d.reasons else "an error"),
            escalate=True,
        )
        _notify(s, d, call.error)
        return False
    fresh = s.redecide(d)
    if (fresh.verdict, fresh.digest, fresh.argv, fresh.approvals_required) != (
        d.verdict,
        d.digest,
        d.argv,
        d.approvals_required,
    ) or s.argv_for(d.evaluated.argv) != d.argv:
        call.fail(
            "the decision is not this gate's (its policy, runner or spec "
            "differ, or it was changed): decide again",
            escalate=True,
        )
        _notify(s, d, call.error)
        return False
    return True


def _claim(s: Settings, call: _Call) -> bool:
    d = call.decision
    try:
        got = s.store.claim(
            d.digest, owner=call.oid, now=call.started, ttl=s.claim_ttl
        )
    except Exception as e:  # noqa: BLE001 - no claim, no run
        call.fail(f"the outcome store failed, nothing ran: {e}", escalate=True)
        _notify(s, d, call.error)
        return False
    if not got:
        call.fail(
            "already running: another execution of this decision holds its "
            "claim"
        )
        return False
    call.claimed = True
    return True


def _done(s: Settings, call: _Call) -> bool:
    d = call.decision
    if d.incident_id is None:
        return False
    try:
        stored = s.store.query(digest=d.digest, incident=d.incident_id)
    except Exception as e:  # noqa: BLE001 - cannot tell, so do not run
        call.fail(f"the outcome store failed, nothing ran: {e}", escalate=True)
        _notify(s, d, call.error)
        return True
    prior = [o for o in stored if o.id != call.oid and o.succeeded]
    if not prior:
        return False
    call.previous = prior[-1]
    call.fail(
        f"already done: outcome {prior[-1].id} of incident {d.incident_id} "
        "ran this plan; not run again"
    )
    return True


def _over_budget(s: Settings, call: _Call) -> bool:
    d = call.decision
    if d.verdict is not Verdict.EXECUTE or not d.mutating:
        return False
    window = s.policy.gate.budget_window
    since = call.started - dt.timedelta(seconds=window)
    try:
        stored = s.store.query(target=d.budget_key, since=since)
    except Exception as e:  # noqa: BLE001 - cannot count, so do not run
        call.fail(f"the outcome store failed, nothing ran: {e}", escalate=True)
        _notify(s, d, call.error)
        return True
    runs = [
        o
        for o in stored
        if o.id != call.oid
        and o.verdict == Verdict.EXECUTE.value
        and o.mutating
        and (o.executed or o.status == "started")
    ]
    limit = s.policy.gate.budget_executions
    if len(runs) < limit:
        return False
    plural = "s" if len(runs) != 1 else ""
    call.fail(
        f"budget: {len(runs)} automatic execution{plural}"
        f" of {d.budget_key} in the last {window} s (budget_executions = "
        f"{limit}); a person must approve the next",
        escalate=True,
    )
    _notify(s, d, call.error)
    return True


def _with_facts(s: Settings, call: _Call, got: object) -> EvaluatedSpec | None:
    d = call.decision
    assert d.evaluated is not None  # noqa: S101 - _admissible checked it
    why = ""
    if isinstance(got, Failed):
        why = got.error
    elif not isinstance(got, (Facts, Mapping)):
        why = f"it returned {type(got).__name__}, not Facts"
    else:
        try:
            fresh = d.evaluated.spec.evaluate(s.policy, as_facts(got))
        except Exception as e:  # noqa: BLE001 - no facts, no run
            why = f"{type(e).__name__}: {e}"
    if why:
        call.fail(f"capturing facts failed, nothing ran: {why}", escalate=True)
        _notify(s, d, call.error)
        return None
    now_verdict = BY_TIER[fresh.tier]
    if RANK[now_verdict] > RANK[d.verdict]:
        call.fail(
            f"the captured facts make it {fresh.tier.value} "
            f"({fresh.blast_radius_score}); decide again",
            escalate=True,
        )
        _notify(s, d, call.error)
        return None
    return fresh


def _roll_back(
    s: Settings, call: _Call, plan: RollbackPlan, said: str
) -> Generator[Request, object, None]:
    d = call.decision
    if not s.has_rollback:
        call.fail(
            f"the verification failed ({said}) and no rollback executor is "
            "configured: a person must roll back",
            escalate=True,
        )
        _notify(s, d, call.error)
        return
    got = yield Rollback(plan)
    if isinstance(got, RollbackResult):
        call.rollback = got
        call.steps.extend(got.steps)
        call.rolled_back = got.success
        detail = got.reason
    else:
        call.rolled_back = False
        detail = got.error if isinstance(got, Failed) else repr(got)
    if call.rolled_back:
        call.fail(
            f"the verification failed ({said}); rolled back", escalate=True
        )
    else:
        call.fail(
            f"the verification failed ({said}) and the rollback failed: "
            f"{detail}",
            escalate=True,
        )
    _notify(s, d, call.error)


def _step(s: Settings, call: _Call, req: Run, ran: object) -> bool:
    if not isinstance(ran, Ran):
        msg = f"the driver answered a Run with {ran!r}"
        raise TypeError(msg)
    kind = req.kind
    if isinstance(ran.result, Failed):
        step = Step(
            kind=kind,
            argv=s.argv_for(req.argv),
            rc=-1,
            started=ran.started,
            finished=ran.finished,
            error=ran.result.error,
        )
    else:
        step = Step.of(
            kind, ran.result, started=ran.started, finished=ran.finished
        )
    call.steps.append(step)
    return step.ok


def _said(ran: object) -> str:
    assert isinstance(ran, Ran)  # noqa: S101 - _step checked it
    result = ran.result
    if isinstance(result, Failed):
        return f"the runner raised {result.error}"
    if result.timed_out:
        return f"timed out: {shlex.join(result.argv)}"
    tail = (result.error or result.stderr or result.stdout).strip()
    return f"rc {result.rc}" + (f": {tail[-300:]}" if tail else "")


def _notify(s: Settings, subject: Decision | Execution, message: str) -> None:
    if s.notifier is None:
        return
    # a chat outage never breaks the gate
    with contextlib.suppress(Exception):
        s.notifier.notify(subject, message)
