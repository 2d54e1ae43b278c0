"""
What every outcome store shares: the query filter, the per-rule counts,
and an in-process store (the gate's default, and the base of
`blastradius.testing.MemoryOutcomes`).
"""

from __future__ import annotations

import datetime as dt
import threading

from collections.abc import Iterable, Mapping
from types import MappingProxyType

import attrs

from blastradius.adapters._protocols import Outcome


__all__ = [
    "InProcessClaims",
    "InProcessOutcomes",
    "RuleCounts",
    "matches",
    "rule_counts",
    "select",
]


def matches(  # noqa: PLR0913 - one keyword per filter
    outcome: Outcome,
    *,
    incident: str | None = None,
    rule: str | None = None,
    target: str | None = None,
    digest: str | None = None,
    since: dt.datetime | None = None,
) -> bool:
    """
    Whether *outcome* passes every filter given (`OutcomeStore.query`).
    """
    return (
        (incident is None or outcome.incident_id == incident)
        and (rule is None or rule in outcome.rule_ids)
        and (target is None or outcome.target == target)
        and (digest is None or outcome.digest == digest)
        and (since is None or outcome.started >= since)
    )


def select(  # noqa: PLR0913 - one keyword per filter
    stored: Iterable[Outcome],
    *,
    incident: str | None = None,
    rule: str | None = None,
    target: str | None = None,
    digest: str | None = None,
    since: dt.datetime | None = None,
) -> tuple[Outcome, ...]:
    """
    The outcomes of *stored* passing every filter given, in order (the
    body of every store's `OutcomeStore.query`).
    """
    return tuple(
        o
        for o in stored
        if matches(
            o,
            incident=incident,
            rule=rule,
            target=target,
            digest=digest,
            since=since,
        )
    )


class InProcessClaims:
    """
    Claims on digests held in this process's memory (thread-safe): the
    claims of the in-process and JSON Lines stores.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._held: dict[str, tuple[str, dt.datetime]] = {}

    def claim(
        self, digest: str, *, owner: str, now: dt.datetime, ttl: float
    ) -> bool:
        """
        Take the claim on *digest* for *owner*, unless another owner holds
        one younger than *ttl* seconds (an older one is taken over).
        """
        with self._lock:
            held = self._held.get(digest)
            if (
                held is not None
                and held[0] != owner
                and (now - held[1]).total_seconds() < ttl
            ):
                return False
            self._held[digest] = (owner, now)
            return True

    def release(self, digest: str, *, owner: str) -> None:
        """
        Drop *owner*'s claim on *digest*, if it holds it.
        """
        with self._lock:
            held = self._held.get(digest)
            if held is not None and held[0] == owner:
                del self._held[digest]


@attrs.frozen(kw_only=True)
class RuleCounts:
    """
    What happened to the actions one rule id fired on (the design's
    "learning" record).

    Attributes:
        total: Outcomes recorded.
        executed: Of those, the action ran.
        verified: Its verification passed.
        verify_failed: Its verification failed.
        rolled_back: A rollback ran and succeeded.
        errors: The call ended with an error (refused, escalated, failed).
    """

    total: int = 0
    executed: int = 0
    verified: int = 0
    verify_failed: int = 0
    rolled_back: int = 0
    errors: int = 0


def rule_counts(outcomes: Iterable[Outcome]) -> Mapping[str, RuleCounts]:
    """
    `RuleCounts` per rule id over *outcomes*, rule ids sorted.
    """
    tally: dict[str, list[int]] = {}
    for o in outcomes:
        row = (
            1,
            int(o.executed),
            int(o.verified is True),
            int(o.verified is False),
            int(o.rolled_back is True),
            int(bool(o.error)),
        )
        for rule in dict.fromkeys(o.rule_ids):
            counts = tally.setdefault(rule, [0] * 6)
            for i, n in enumerate(row):
                counts[i] += n
    return MappingProxyType(
        {
            rule: RuleCounts(
                total=c[0],
                executed=c[1],
                verified=c[2],
                verify_failed=c[3],
                rolled_back=c[4],
                errors=c[5],
            )
            for rule, c in sorted(tally.items())
        }
    )


class InProcessOutcomes:
    """
    An `OutcomeStore` in this process's memory: nothing survives the
    process, and claims hold only within it. Safe to share between threads.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._outcomes: dict[str, Outcome] = {}
        self._claims = InProcessClaims()

    def claim(
        self, digest: str, *, owner: str, now: dt.datetime, ttl: float
    ) -> bool:
        """
        Take the claim on *digest* for *owner*, unless another owner holds
        one younger than *ttl* seconds (an older one is taken over).
        """
        return self._claims.claim(digest, owner=owner, now=now, ttl=ttl)

    def release(self, digest: str, *, owner: str) -> None:
        """
        Drop *owner*'s claim on *digest*, if it holds it.
        """
        self._claims.release(digest, owner=owner)

    def record(self, outcome: Outcome) -> None:
        """
        Store a new outcome.

        Raises:
            ValueError: An outcome with its id is already stored.
        """
        with self._lock:
            if outcome.id in self._outcomes:
                msg = f"outcome {outcome.id!r} is already recorded"
                raise ValueError(msg)
            self._outcomes[outcome.id] = outcome

    def update(self, outcome: Outcome) -> None:
        """
        Replace the stored outcome with *outcome*'s id.

        Raises:
            KeyError: No outcome with its id is stored.
        """
        with self._lock:
            if outcome.id not in self._outcomes:
                raise KeyError(outcome.id)
            self._outcomes[outcome.id] = outcome

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
        The outcomes passing every filter given, in the order recorded.
        """
        with self._lock:
            stored = tuple(self._outcomes.values())
        return select(
            stored,
            incident=incident,
            rule=rule,
            target=target,
            digest=digest,
            since=since,
        )

    def counts(
        self, *, since: dt.datetime | None = None
    ) -> Mapping[str, RuleCounts]:
        """
        `RuleCounts` per rule id of the outcomes since *since*.
        """
        return rule_counts(self.query(since=since))
