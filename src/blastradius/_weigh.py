"""
Weighing: an analyzer's finding (its base score) turned into its scored
form under one policy, and one command's score from its weighed findings.

A finding is weighed once, when the engine receives it: the policy's score
overrides, then, for a scoped action, the weight of its namespace or (when
heavier) its kube context, each noted in its message; an unknown is floored
at the ``HUMAN`` threshold; a hard rule scores 100. A command then scores
its worst action plus its modifiers, clamped to 0..99, at least the floor
when something is unknown, 100 for a hard rule.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from blastradius._model import Effect, Finding, Kind


if TYPE_CHECKING:
    from blastradius._policy import Policy


__all__ = ["MAX_SCORED", "Weigher"]

MAX_SCORED = 99
"""The highest score short of a hard rule."""

# The members tested per finding, bound once (see `blastradius._model`: an
# enum member read off its class is slow up to Python 3.11).
_ACTION = Kind.ACTION
_MODIFIER = Kind.MODIFIER
_UNKNOWN = Kind.UNKNOWN
_HARD = Kind.HARD
_INFO = Kind.INFO
_DESTRUCTIVE = Effect.DESTRUCTIVE


class Weigher:
    """
    The weighing of one policy: immutable once built, so the default
    policy's weigher is built once and shared by every call.
    """

    __slots__ = ("floor", "policy")

    def __init__(self, policy: Policy) -> None:
        self.policy = policy
        # where unknowns are floored: the lowest ``HUMAN`` score
        self.floor = policy.thresholds.floor

    def weigh(self, finding: Finding) -> Finding:
        """
        *finding* (an analyzer's, base score) in its scored form: the
        policy's score overrides, then the namespace / context weights of
        a scoped action, each noted in the message; *finding* itself when
        nothing changes.
        """
        kind = finding.kind
        if kind is _HARD:
            if finding.score == 100:
                return finding
            return finding._weighed(100, finding.message, finding.base)  # noqa: SLF001
        if kind is _INFO:
            return finding
        base = finding.base
        score = finding.score
        message = finding.message
        if self.policy.overrides:
            value = self.policy.override_score(finding.rule, base)
            if value != base:
                note = f"score {base} -> {value} by policy override"
                message = f"{message}; {note}" if message else note
                score = base = value
        if kind is _UNKNOWN:
            score = max(score, self.floor)
        elif kind is _ACTION and finding.scoped:
            score, note = self._weighted(finding, base)
            message = f"{message}; {note}" if message else note
        if score == finding.score and message is finding.message:
            return finding
        return finding._weighed(score, message, base)  # noqa: SLF001

    def _weighted(self, finding: Finding, base: int) -> tuple[int, str]:
        """
        The score of scoped action *finding* from *base*: weighted by its
        namespace or, when heavier, its kube context; and the note saying
        how.
        """
        policy = self.policy
        namespace = finding.namespace
        ns = policy.namespace_weight(namespace)
        if (
            namespace is not None
            and ns.pattern == "*"
            and finding.effect is _DESTRUCTIVE
        ):
            # A destructive verb in a namespace no row recognises weighs
            # at least as much as one whose namespace is not given.
            unspecified = policy.unspecified_namespace
            if unspecified.weight > ns.weight:
                ns = unspecified
        context = finding.context
        ctx = None if context is None else policy.context_weight(context)
        row = ns if ctx is None or ctx.weight <= ns.weight else ctx
        weighted = round(base * row.weight)
        where = (
            f"namespace {namespace!r}"
            if row is ns and namespace is not None
            else "no namespace: not given, all or cluster-scoped"
            if row is ns
            else f"context {context!r}"
        )
        note = f"{base} x {row.weight:g} {row.id} ({where})"
        if weighted > MAX_SCORED:
            # A finding's score stays on the 0..100 scale; only hard rules
            # reach 100.
            weighted = MAX_SCORED
            note = f"{note}, capped at {MAX_SCORED}"
        return weighted, note

    def command_score(self, findings: Sequence[Finding]) -> int:
        """
        The score of one command from its weighed *findings*.
        """
        action: int | None = None
        mods = 0
        unknown: int | None = None
        for f in findings:
            kind = f.kind
            if kind is _ACTION:
                if action is None or f.score > action:
                    action = f.score
            elif kind is _MODIFIER:
                mods += f.score
            elif kind is _HARD:
                return 100
            elif kind is _UNKNOWN and (unknown is None or f.score > unknown):
                # An unknown scores at least the floor, or its own score
                # when its rule gives a higher one.
                unknown = f.score
        value = max(0, min(MAX_SCORED, (action or 0) + mods))
        if unknown is not None:
            value = max(value, min(MAX_SCORED, max(unknown, self.floor)))
        return value
