"""
`FakeReviews`, `FakeNotifier` and `MemoryOutcomes`: in-memory fakes of the
`~blastradius.adapters.Reviews`, `~blastradius.adapters.Notifier` and
`~blastradius.adapters.OutcomeStore` Protocols that record their calls.
"""

from __future__ import annotations

import datetime as dt
import threading

from collections.abc import Mapping, Sequence

import attrs

from blastradius.adapters._memory import InProcessOutcomes
from blastradius.adapters._protocols import (
    Approval,
    Decision,
    Execution,
    Outcome,
    ReviewResult,
)


__all__ = ["FakeNotifier", "FakeReviews", "MemoryOutcomes"]


class FakeReviews:
    """
    A `blastradius.adapters.Reviews` that keeps its review issues in
    memory: one per incident (or per digest without one), as a real driver
    does; a changed plan for the same incident updates that issue.

    Tests add approvals with `approve`; `approvals` returns those of the
    issue asked about. Safe to share between threads.

    Args:
        fail: When not empty, every `open` fails with this error, as a
            driver that cannot reach its server reports.
        author: The login that opens the issues.
        base_url: The issues' web address prefix.

    >>> from blastradius.adapters import Gate
    >>> from blastradius.testing import FakeClock, FakeRunner
    >>> reviews = FakeReviews()
    >>> gate = Gate(runner=FakeRunner(), clock=FakeClock(), requester="bot",
    ...             reviews=reviews)
    >>> review = gate.request_review(
    ...     gate.decide("kubectl scale deploy/api --replicas=0 -n prod"))
    >>> review.action, review.issue_number
    ('created', 1)

    .. versionadded:: 0.2
    """

    def __init__(
        self,
        *,
        fail: str = "",
        author: str = "blastradius-bot",
        base_url: str = "https://git.example.com/ops/repairs",
    ) -> None:
        self.fail = fail
        self.author = author
        self.base_url = base_url.rstrip("/")
        self.opened: list[tuple[Decision, str]] = []
        """Every `open` call: the decision and the diagnosis."""
        self.closed: list[tuple[ReviewResult, Outcome]] = []
        """Every `close` call."""
        self.issues: dict[int, ReviewResult] = {}
        """The review issues by number, as last opened or updated."""
        self._by_key: dict[str, int] = {}
        self._approvals: dict[int, list[Approval]] = {}
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"FakeReviews(issues={len(self.issues)})"

    def open(self, decision: Decision, *, diagnosis: str = "") -> ReviewResult:
        """
        Open the review of *decision*, or find (``"existing"``) or update
        (``"updated"``) the one of its incident.
        """
        with self._lock:
            self.opened.append((decision, diagnosis))
            if self.fail:
                return ReviewResult(
                    success=False,
                    error=self.fail,
                    incident_id=decision.incident_id,
                    digest=decision.digest,
                )
            key = decision.incident_id or decision.digest
            number = self._by_key.get(key)
            if number is None:
                number = len(self.issues) + 1
                self._by_key[key] = number
                self._approvals[number] = []
                action = "created"
            else:
                same = self.issues[number].digest == decision.digest
                action = "existing" if same else "updated"
            result = ReviewResult(
                success=True,
                issue_url=f"{self.base_url}/issues/{number}",
                issue_number=number,
                incident_id=decision.incident_id,
                digest=decision.digest,
                author=self.author,
                action=action,
            )
            self.issues[number] = result
            return result

    def approve(  # noqa: PLR0913 - a test helper, all keywords
        self,
        review: ReviewResult,
        user: str,
        *,
        at: dt.datetime,
        digest: str | None = None,
        reject: bool = False,
        reason: str = "",
    ) -> Approval:
        """
        Add *user*'s approval (or, with *reject*, rejection) to *review*'s
        issue; of the review's digest unless *digest* is given.

        Raises:
            KeyError: *review* names no issue of this fake.
        """
        number = review.issue_number
        with self._lock:
            if number not in self._approvals:
                raise KeyError(number)
            approval = Approval(
                user=user,
                digest=digest or self.issues[number].digest,
                at=at,
                reject=reject,
                reason=reason,
            )
            self._approvals[number].append(approval)
            return approval

    def approvals(self, review: ReviewResult) -> tuple[Approval, ...]:
        """
        The approvals and rejections added to *review*'s issue, in order
        (``()`` for an unknown or failed review).
        """
        with self._lock:
            return tuple(self._approvals.get(review.issue_number or -1, ()))

    def close(self, review: ReviewResult, outcome: Outcome) -> ReviewResult:
        """
        Record *outcome* against *review* and mark it ``"closed"``.
        """
        with self._lock:
            self.closed.append((review, outcome))
            return attrs.evolve(review, action="closed")


class FakeNotifier:
    """
    A `blastradius.adapters.Notifier` that keeps every message.

    Args:
        fail: An exception to raise from every `notify` (after recording
            it), as a chat that is down; the gate must carry on.

    >>> notifier = FakeNotifier()
    >>> from blastradius.adapters import Gate
    >>> from blastradius.testing import FakeClock, FakeRunner
    >>> gate = Gate(runner=FakeRunner(), clock=FakeClock(), requester="bot",
    ...             notifier=notifier)
    >>> gate.execute(gate.decide("kubectl delete ns prod")).executed
    False
    >>> notifier.texts[0].startswith("refused")
    True

    .. versionadded:: 0.2
    """

    def __init__(self, *, fail: BaseException | None = None) -> None:
        self.fail = fail
        self.messages: list[tuple[Decision | Execution, str]] = []
        """Every notification: its subject and message, in order."""
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"FakeNotifier(messages={len(self.messages)})"

    @property
    def texts(self) -> list[str]:
        """
        The messages alone, in order.
        """
        with self._lock:
            return [m for _s, m in self.messages]

    def notify(self, subject: Decision | Execution, message: str) -> None:
        """
        Record *message* about *subject* (then raise *fail*, if set).
        """
        with self._lock:
            self.messages.append((subject, message))
        if self.fail is not None:
            raise self.fail


class MemoryOutcomes(InProcessOutcomes):
    """
    A `blastradius.adapters.OutcomeStore` in memory that records its calls;
    claims hold within this process. `query()` with no filter returns every
    `~blastradius.adapters.Outcome`, in the order recorded.

    Args:
        fail: Method name (``"claim"``, ``"release"``, ``"record"``,
            ``"update"``, ``"query"``) → an exception that method raises
            (after recording the call), to test how a host copes with a
            store that fails.

    >>> store = MemoryOutcomes()
    >>> store.query()
    ()

    .. versionadded:: 0.2
    """

    def __init__(self, *, fail: Mapping[str, BaseException] | None = None):
        super().__init__()
        self.fail = dict(fail or {})
        self.calls: list[tuple[str, str]] = []
        """Every call: the method and the digest or outcome id it named."""
        self._calls_lock = threading.Lock()

    def __repr__(self) -> str:
        return f"MemoryOutcomes(outcomes={len(super().query())})"

    def _call(self, method: str, what: str) -> None:
        with self._calls_lock:
            self.calls.append((method, what))
        error = self.fail.get(method)
        if error is not None:
            raise error

    def claim(
        self, digest: str, *, owner: str, now: dt.datetime, ttl: float
    ) -> bool:
        """
        As `~blastradius.adapters.OutcomeStore.claim`, recorded.
        """
        self._call("claim", digest)
        return super().claim(digest, owner=owner, now=now, ttl=ttl)

    def release(self, digest: str, *, owner: str) -> None:
        """
        As `~blastradius.adapters.OutcomeStore.release`, recorded.
        """
        self._call("release", digest)
        super().release(digest, owner=owner)

    def record(self, outcome: Outcome) -> None:
        """
        As `~blastradius.adapters.OutcomeStore.record`, recorded.
        """
        self._call("record", outcome.id)
        super().record(outcome)

    def update(self, outcome: Outcome) -> None:
        """
        As `~blastradius.adapters.OutcomeStore.update`, recorded.
        """
        self._call("update", outcome.id)
        super().update(outcome)

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
        As `~blastradius.adapters.OutcomeStore.query`, recorded.
        """
        self._call("query", digest or target or incident or rule or "")
        return super().query(
            incident=incident,
            rule=rule,
            target=target,
            digest=digest,
            since=since,
        )

    def methods(self) -> Sequence[str]:
        """
        The methods called, in order.
        """
        with self._calls_lock:
            return [m for m, _w in self.calls]
