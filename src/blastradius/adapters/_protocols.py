"""
The seams of the action side: the records that cross them and the
`typing.Protocol` each adapter satisfies.

This is a leaf module: it imports only the core value types
(`blastradius.Tier`, `blastradius.EvaluatedSpec`, `blastradius.RollbackPlan`,
`blastradius.Facts`) and nothing from the drivers, so a host may depend on
these types without importing a driver (httpcore's ``_backends/base.py`` and
structlog's ``typing.py`` are the models).

Every record here is frozen and validates itself on construction; times
are aware UTC `datetime.datetime` values taken from an injected `Clock`.
"""

from __future__ import annotations

import datetime as dt
import enum
import re

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Protocol

import attrs

from blastradius._model import Tier
from blastradius._rollback import Facts, RollbackPlan
from blastradius._spec import EvaluatedSpec


__all__ = [
    "Approval",
    "AsyncReviews",
    "AsyncRollbackExecutor",
    "AsyncRunner",
    "Clock",
    "Decision",
    "Execution",
    "FactCapture",
    "Notifier",
    "Outcome",
    "OutcomeStore",
    "ReviewResult",
    "Reviews",
    "RollbackExecutor",
    "RollbackResult",
    "RunResult",
    "Runner",
    "Step",
    "Verdict",
]


# -- validators ----------------------------------------------------------

_HEX64: re.Pattern[str] = re.compile(r"[0-9a-f]{64}")


def _argv(value: Iterable[str]) -> tuple[str, ...]:
    if isinstance(value, str):
        msg = "an argv is a sequence of strings, never one shell string"
        raise TypeError(msg)
    out = tuple(value)
    if not all(isinstance(a, str) for a in out):
        msg = f"every argv element must be a str: {out!r}"
        raise TypeError(msg)
    return out


def _strs(value: Iterable[str]) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    return tuple(value)


def _steps(value: Iterable[Step]) -> tuple[Step, ...]:
    return tuple(value)


def _aware(_inst: object, attr: attrs.Attribute[Any], value: Any) -> None:
    if value is None:
        return
    if not isinstance(value, dt.datetime) or value.utcoffset() is None:
        msg = f"{attr.name} must be an aware datetime, not {value!r}"
        raise ValueError(msg)


def _digest(_inst: object, attr: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, str) or not _HEX64.fullmatch(value):
        msg = f"{attr.name} must be 64 lowercase hex digits (sha256)"
        raise ValueError(msg)


def _nonneg(_inst: object, attr: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, (int, float)) or value < 0:
        msg = f"{attr.name} must be a non-negative number, not {value!r}"
        raise ValueError(msg)


def _get(data: Mapping[str, object], key: str) -> object:
    if key not in data:
        msg = f"missing field {key!r}"
        raise ValueError(msg)
    return data[key]


def _typed(data: Mapping[str, object], key: str, kind: type) -> Any:
    value = _get(data, key)
    if not isinstance(value, kind) or (
        kind is int and isinstance(value, bool)
    ):
        msg = f"field {key!r} must be {kind.__name__}, not {value!r}"
        raise TypeError(msg)
    return value


def _str(data: Mapping[str, object], key: str) -> str:
    return str(_typed(data, key, str))


def _int(data: Mapping[str, object], key: str) -> int:
    return int(_typed(data, key, int))


def _bool(data: Mapping[str, object], key: str) -> bool:
    return bool(_typed(data, key, bool))


def _opt(data: Mapping[str, object], key: str, kind: type) -> Any:
    return None if data.get(key) is None else _typed(data, key, kind)


def _str_list(data: Mapping[str, object], key: str) -> tuple[str, ...]:
    value = _typed(data, key, list)
    if not all(isinstance(v, str) for v in value):
        msg = f"field {key!r} must be a list of str"
        raise TypeError(msg)
    return tuple(value)


def _time(data: Mapping[str, object], key: str) -> dt.datetime:
    return dt.datetime.fromisoformat(_str(data, key))


# -- results of the drivers ----------------------------------------------


@attrs.frozen(kw_only=True)
class RunResult:
    """
    What one run of an argv gave.

    Attributes:
        argv: The argv exactly as it ran.
        rc: The exit status; ``-1`` when the process never ran or was
            killed (see *error* and *timed_out*).
        stdout: Standard output (decoded, possibly cut at the runner's cap).
        stderr: Standard error (likewise).
        duration: Wall time in seconds.
        timed_out: Whether the runner killed it at its timeout.
        error: Why it did not run or finish (``"kubectl not found"``), else
            ``""``.
    """

    argv: tuple[str, ...] = attrs.field(converter=_argv)
    rc: int
    stdout: str = ""
    stderr: str = ""
    duration: float = attrs.field(default=0.0, validator=_nonneg)
    timed_out: bool = False
    error: str = ""

    @property
    def ok(self) -> bool:
        """
        Whether it ran to completion with status 0.
        """
        return self.rc == 0 and not self.timed_out and not self.error


@attrs.frozen(kw_only=True)
class Step:
    """
    One command the gate or a rollback executor ran, for the record.

    Attributes:
        kind: What the step was for: ``"fact"``, ``"dry-run"``,
            ``"action"``, ``"verify"``, ``"history"``, ``"rollback"``,
            ``"rollback-verify"`` …
        argv: The argv as it ran.
        rc: Its exit status (``-1`` when it never ran or was killed).
        started: When it started (the injected clock).
        finished: When it finished (the injected clock).
        stdout: Standard output, possibly cut.
        stderr: Standard error, possibly cut.
        timed_out: Whether it was killed at its timeout.
        error: Why it did not run or finish, else ``""``.
    """

    kind: str
    argv: tuple[str, ...] = attrs.field(converter=_argv)
    rc: int
    started: dt.datetime = attrs.field(validator=_aware)
    finished: dt.datetime = attrs.field(validator=_aware)
    stdout: str = ""
    stderr: str = ""
    timed_out: bool = False
    error: str = ""

    @property
    def ok(self) -> bool:
        """
        Whether the step ran to completion with status 0.
        """
        return self.rc == 0 and not self.timed_out and not self.error

    @classmethod
    def of(
        cls,
        kind: str,
        result: RunResult,
        *,
        started: dt.datetime,
        finished: dt.datetime,
    ) -> Step:
        """
        The step for *result*, timed by the caller's clock.
        """
        return cls(
            kind=kind,
            argv=result.argv,
            rc=result.rc,
            started=started,
            finished=finished,
            stdout=result.stdout,
            stderr=result.stderr,
            timed_out=result.timed_out,
            error=result.error,
        )

    def to_dict(self) -> dict[str, object]:
        """
        A JSON-ready view.
        """
        return {
            "kind": self.kind,
            "argv": list(self.argv),
            "rc": self.rc,
            "started": self.started.isoformat(),
            "finished": self.finished.isoformat(),
            "stdout": self.stdout,
            "stderr": self.stderr,
            "timed_out": self.timed_out,
            "error": self.error,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> Step:
        """
        The step `to_dict` gave *data* for.

        Raises:
            ValueError: *data* is not such a view.
            TypeError: A field has the wrong type.
        """
        return cls(
            kind=_str(data, "kind"),
            argv=_str_list(data, "argv"),
            rc=_int(data, "rc"),
            started=_time(data, "started"),
            finished=_time(data, "finished"),
            stdout=_str(data, "stdout"),
            stderr=_str(data, "stderr"),
            timed_out=_bool(data, "timed_out"),
            error=_str(data, "error"),
        )


@attrs.frozen(kw_only=True)
class RollbackResult:
    """
    What running a `blastradius.RollbackPlan` gave.

    Attributes:
        success: Whether every step and the plan's verify succeeded.
        reason: Why not (or what was done), for people.
        steps: Every command run, in order.
    """

    success: bool
    reason: str = ""
    steps: tuple[Step, ...] = attrs.field(default=(), converter=_steps)


@attrs.frozen(kw_only=True)
class ReviewResult:
    """
    The result of opening (or finding, or closing) a review issue; also the
    handle `Reviews.approvals` and `Reviews.close` take.

    Failures are values: *success* is `False` and *error* says why; a
    driver never raises into its caller (the seed's contract).

    Attributes:
        success: Whether the review issue exists as asked.
        issue_url: Its web address.
        issue_number: Its number in the repository.
        error: Why not, for people (never holds a token).
        incident_id: The incident the review is for.
        digest: The `Decision.digest` the review asks approval of.
        author: The login that opened the issue (its approvals never
            count), ``""`` when unknown.
        action: What the driver did: ``"created"``, ``"existing"``
            (same plan, nothing sent), ``"updated"`` (new plan commented),
            ``"closed"``, or ``""`` on failure.
    """

    success: bool
    issue_url: str | None = None
    issue_number: int | None = None
    error: str = ""
    incident_id: str | None = None
    digest: str = ""
    author: str = ""
    action: str = ""


# -- the gate's records --------------------------------------------------


@enum.unique
class Verdict(enum.Enum):
    """
    What the gate says to do with an action, by tier and policy.
    """

    EXECUTE = "execute"
    """Run it (``AUTO``)."""
    ASK_ONE = "ask_one"
    """Run it after one approval (``HUMAN``, and every escalation)."""
    ASK_TWO = "ask_two"
    """Run it after two approvals of distinct people (``DUAL``)."""
    REFUSE = "refuse"
    """Never run it (``BLOCKED``, or not runnable as one argv)."""


@attrs.frozen(kw_only=True)
class Approval:
    """
    One person's approval (or rejection) of exactly one `Decision.digest`.

    Attributes:
        user: Who approved.
        digest: The full digest approved (64 hex digits).
        at: When (aware).
        reject: Whether this is a rejection, which voids every approval.
        reason: The reviewer's words, if any.

    >>> import datetime as dt
    >>> Approval(user="ana", digest="0" * 64,
    ...          at=dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)).reject
    False
    """

    user: str = attrs.field(validator=attrs.validators.min_len(1))
    digest: str = attrs.field(validator=_digest)
    at: dt.datetime = attrs.field(validator=_aware)
    reject: bool = False
    reason: str = ""


@attrs.frozen(kw_only=True)
class Decision:
    """
    What `Gate.decide` concluded about one action; pure data.

    Attributes:
        verdict: What to do with it.
        argv: The argv exactly as the runner will run it (`Runner.argv_for`
            of the action); ``()`` when the action is not one runnable
            simple command.
        digest: sha256 (64 hex digits) over *argv*, namespace, target,
            incident id and the policy fingerprint: what an approval binds
            to.
        approvals_required: How many distinct approvals it needs (0 for
            ``EXECUTE`` and ``REFUSE``).
        score: The blast-radius score (the evaluated spec's).
        tier: Its tier.
        reasons: Why, for people; an escalation's error comes first.
        evaluated: The evaluated spec, `None` when evaluation failed.
        incident_id: The spec's incident id.
        namespace: The spec's namespace.
        target: The spec's target.
        requester: Who asked for the action (never an approver).
        policy_fingerprint: The fingerprint of the policy decided under.
        mutating: Whether the action changes anything (read-only actions
            never count against the budget).
        budget_key: What the budget counts executions of (the target, or
            the parsed call's kind/name and namespace).
        escalated: Whether an error while scoring or deciding forced the
            verdict.
        facts: The facts the decision was evaluated with (`Gate.execute`
            decides again with them to check the decision is its own).
    """

    verdict: Verdict
    argv: tuple[str, ...] = attrs.field(converter=_argv)
    digest: str = attrs.field(validator=_digest)
    approvals_required: int = attrs.field(validator=_nonneg)
    score: int
    tier: Tier
    reasons: tuple[str, ...] = attrs.field(converter=_strs)
    evaluated: EvaluatedSpec | None
    incident_id: str | None = None
    namespace: str | None = None
    target: str | None = None
    requester: str = ""
    policy_fingerprint: str = ""
    mutating: bool = True
    budget_key: str = ""
    escalated: bool = False
    facts: Facts | None = None


@attrs.frozen(kw_only=True)
class Outcome:
    """
    The durable record of one `Gate.execute` call (the design's
    ``declarative:{incident_id}`` record), JSON-ready.

    A ``"started"`` record is written before anything runs and updated
    when the call ends, so a run that dies midway leaves a record saying
    so.

    Attributes:
        id: Unique per execute call.
        key: ``declarative:{incident_id}``, or ``declarative:{digest}``.
        incident_id: The incident, if any.
        digest: The decision's digest.
        target: The budget key / target acted on.
        argv: The action's argv.
        rule_ids: The rule ids of the assessment.
        score: The blast-radius score.
        tier: The tier's value (``"auto"`` …).
        verdict: The verdict's value (``"execute"`` …).
        approvers: Who approved, in order.
        mutating: Whether the action changes anything.
        status: ``"started"`` or ``"finished"``.
        dry_run: Whether a dry run ran and passed (`None`: not run).
        executed: Whether the action ran.
        verified: Whether its verification passed (`None`: not run).
        rolled_back: Whether a rollback ran and succeeded (`None`: not run).
        steps: Every step, in order.
        error: Why it did not run, or what went wrong.
        started: When the call began.
        finished: When it ended (`None` while running).
    """

    id: str = attrs.field(validator=attrs.validators.min_len(1))
    key: str
    incident_id: str | None
    digest: str = attrs.field(validator=_digest)
    target: str
    argv: tuple[str, ...] = attrs.field(converter=_argv)
    rule_ids: tuple[str, ...] = attrs.field(converter=_strs)
    score: int
    tier: str
    verdict: str
    approvers: tuple[str, ...] = attrs.field(converter=_strs, default=())
    mutating: bool = True
    status: str = attrs.field(
        default="started",
        validator=attrs.validators.in_(("started", "finished")),
    )
    dry_run: bool | None = None
    executed: bool = False
    verified: bool | None = None
    rolled_back: bool | None = None
    steps: tuple[Step, ...] = attrs.field(default=(), converter=_steps)
    error: str = ""
    started: dt.datetime = attrs.field(validator=_aware)
    finished: dt.datetime | None = attrs.field(default=None, validator=_aware)

    @property
    def succeeded(self) -> bool:
        """
        Whether the call finished having run the action, with no error, no
        failed verification and no rollback.
        """
        return (
            self.status == "finished"
            and self.executed
            and not self.error
            and self.verified is not False
            and self.rolled_back is None
        )

    def to_dict(self) -> dict[str, object]:
        """
        A JSON-ready view, read back by `from_dict`.
        """
        return {
            "id": self.id,
            "key": self.key,
            "incident_id": self.incident_id,
            "digest": self.digest,
            "target": self.target,
            "argv": list(self.argv),
            "rule_ids": list(self.rule_ids),
            "score": self.score,
            "tier": self.tier,
            "verdict": self.verdict,
            "approvers": list(self.approvers),
            "mutating": self.mutating,
            "status": self.status,
            "dry_run": self.dry_run,
            "executed": self.executed,
            "verified": self.verified,
            "rolled_back": self.rolled_back,
            "steps": [s.to_dict() for s in self.steps],
            "error": self.error,
            "started": self.started.isoformat(),
            "finished": None
            if self.finished is None
            else self.finished.isoformat(),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> Outcome:
        """
        The outcome `to_dict` gave *data* for.

        Raises:
            ValueError: *data* is not such a view (a field is missing or
                invalid).
            TypeError: A field has the wrong type.
        """
        raw: list[Mapping[str, object]] = _typed(data, "steps", list)
        steps: tuple[Step, ...] = tuple(Step.from_dict(s) for s in raw)
        finished = _opt(data, "finished", str)
        return cls(
            id=_str(data, "id"),
            key=_str(data, "key"),
            incident_id=_opt(data, "incident_id", str),
            digest=_str(data, "digest"),
            target=_str(data, "target"),
            argv=_str_list(data, "argv"),
            rule_ids=_str_list(data, "rule_ids"),
            score=_int(data, "score"),
            tier=_str(data, "tier"),
            verdict=_str(data, "verdict"),
            approvers=_str_list(data, "approvers"),
            mutating=_bool(data, "mutating"),
            status=_str(data, "status"),
            dry_run=_opt(data, "dry_run", bool),
            executed=_bool(data, "executed"),
            verified=_opt(data, "verified", bool),
            rolled_back=_opt(data, "rolled_back", bool),
            steps=steps,
            error=_str(data, "error"),
            started=_time(data, "started"),
            finished=None
            if finished is None
            else dt.datetime.fromisoformat(finished),
        )


@attrs.frozen(kw_only=True)
class Execution:
    """
    What `Gate.execute` did; never raised, always returned.

    Attributes:
        decision: The decision executed.
        executed: Whether the action ran.
        verified: Whether its verification passed (`None`: not run).
        rolled_back: Whether a rollback ran and succeeded (`None`: not run).
        escalated: Whether it came back to a human (budget, errors).
        reason: Why it did (not) run, for people.
        steps: Every step run, in order.
        approvers: The approvals that counted.
        outcome: The record written, if any.
        rollback: The rollback executor's result, if one ran.
        previous: The earlier successful outcome of the same incident and
            digest that this call returned instead of running again.
    """

    decision: Decision
    executed: bool
    verified: bool | None = None
    rolled_back: bool | None = None
    escalated: bool = False
    reason: str = ""
    steps: tuple[Step, ...] = attrs.field(default=(), converter=_steps)
    approvers: tuple[str, ...] = attrs.field(converter=_strs, default=())
    outcome: Outcome | None = None
    rollback: RollbackResult | None = None
    previous: Outcome | None = None


# -- the Protocols -------------------------------------------------------


class Runner(Protocol):
    """
    Runs one argv, never through a shell.
    """

    def argv_for(self, argv: Sequence[str]) -> tuple[str, ...]:
        """
        The argv exactly as `run` will run *argv* (with any flags the
        runner injects); pure.
        """
        ...

    def run(self, argv: Sequence[str], *, timeout: float) -> RunResult:
        """
        Run `argv_for(argv)`; failures (missing binary, timeout) are values.
        """
        ...


class AsyncRunner(Protocol):
    """
    `Runner`, awaited.
    """

    def argv_for(self, argv: Sequence[str]) -> tuple[str, ...]:
        """
        As `Runner.argv_for`.
        """
        ...

    async def run(self, argv: Sequence[str], *, timeout: float) -> RunResult:
        """
        As `Runner.run`.
        """
        ...


class Clock(Protocol):
    """
    The only source of time on the action side.
    """

    def now(self) -> dt.datetime:
        """
        The current time, aware, in UTC.
        """
        ...

    def sleep(self, seconds: float) -> None:
        """
        Wait *seconds*.
        """
        ...


class Reviews(Protocol):
    """
    Two-person review issues (Gitea, GitHub).
    """

    def open(self, decision: Decision, *, diagnosis: str = "") -> ReviewResult:
        """
        Open (or find, idempotently per incident) the review of *decision*.
        """
        ...

    def approvals(self, review: ReviewResult) -> tuple[Approval, ...]:
        """
        The approvals and rejections read from the review.
        """
        ...

    def close(self, review: ReviewResult, outcome: Outcome) -> ReviewResult:
        """
        Comment *outcome* on the review and close it.
        """
        ...


class AsyncReviews(Protocol):
    """
    `Reviews`, awaited.
    """

    async def open(
        self, decision: Decision, *, diagnosis: str = ""
    ) -> ReviewResult:
        """
        As `Reviews.open`.
        """
        ...

    async def approvals(self, review: ReviewResult) -> tuple[Approval, ...]:
        """
        As `Reviews.approvals`.
        """
        ...

    async def close(
        self, review: ReviewResult, outcome: Outcome
    ) -> ReviewResult:
        """
        As `Reviews.close`.
        """
        ...


class RollbackExecutor(Protocol):
    """
    Runs a `blastradius.RollbackPlan`.
    """

    def execute(self, plan: RollbackPlan) -> RollbackResult:
        """
        Run *plan*'s steps, then its verify; failures are values.
        """
        ...


class AsyncRollbackExecutor(Protocol):
    """
    `RollbackExecutor`, awaited.
    """

    async def execute(self, plan: RollbackPlan) -> RollbackResult:
        """
        As `RollbackExecutor.execute`.
        """
        ...


class Notifier(Protocol):
    """
    The host's chat: refusals and escalations go here.
    """

    def notify(self, subject: Decision | Execution, message: str) -> None:
        """
        Tell a human about *subject*.
        """
        ...


class OutcomeStore(Protocol):
    """
    The durable record of what happened, and the claims that keep one
    digest from running twice at once.
    """

    def claim(
        self, digest: str, *, owner: str, now: dt.datetime, ttl: float
    ) -> bool:
        """
        Take the claim on *digest* for *owner*; `False` if another owner
        holds a claim younger than *ttl* seconds.
        """
        ...

    def release(self, digest: str, *, owner: str) -> None:
        """
        Give up *owner*'s claim on *digest* (no-op if not held).
        """
        ...

    def record(self, outcome: Outcome) -> None:
        """
        Store a new outcome (its ``"started"`` record).
        """
        ...

    def update(self, outcome: Outcome) -> None:
        """
        Replace the stored outcome with the same `Outcome.id`.
        """
        ...

    def query(
        self,
        *,
        incident: str | None = None,
        rule: str | None = None,
        target: str | None = None,
        digest: str | None = None,
        since: dt.datetime | None = None,
    ) -> tuple[Outcome, ...]:
        """
        The stored outcomes matching every given filter, oldest first.
        """
        ...


FactCapture = Callable[[EvaluatedSpec], Facts]
"""Captures the facts a rollback plan needs, before the action runs."""
