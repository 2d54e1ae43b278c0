"""
The verdict: one `Assessment` from the weighed findings of every command.

The policy's extra hard rules and exceptions apply to each command's
findings first; the input then scores its worst command, and its reasons
are the findings' lines, each once, hard rules first, then by falling
score, then by rule id. Everything is built once, here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import attrs

from blastradius._model import Assessment, Finding, Kind, SimpleCommand


if TYPE_CHECKING:
    import datetime as dt

    from blastradius._policy import Policy
    from blastradius._policy_rows import PolicyException
    from blastradius._weigh import Weigher


__all__ = ["apply_policy", "assessment"]

_HARD = Kind.HARD
_INFO = Kind.INFO


def assessment(
    weigher: Weigher,
    groups: Sequence[list[Finding]],
    commands: Sequence[SimpleCommand],
    calls: Sequence[object],
    *,
    now: dt.datetime | None,
) -> Assessment:
    """
    The `Assessment` of one call: *groups* holds each command's weighed
    findings (in the order of *commands*, the commands analysed), *calls*
    the parsed calls the families' grammars read.
    """
    policy = weigher.policy
    if policy.hard_rules or policy.exceptions:
        groups = [apply_policy(policy, g, now) for g in groups]
    total = 0
    findings: list[Finding] = []
    command_score = weigher.command_score
    for g in groups:
        if g:
            total = max(total, command_score(g))
            findings.extend(g)
    reasons: tuple[str, ...]
    if len(findings) > 1:
        reasons = tuple(
            dict.fromkeys(f.reason for f in sorted(findings, key=_order))
        )
    elif findings:
        reasons = (findings[0].reason,)
    else:
        reasons = ()
    return Assessment(
        score=total,
        tier=policy.thresholds.tier_of(total),
        reasons=reasons,
        findings=findings,
        commands=[c for c in commands if c.argv or c.incomplete],
        policy_fingerprint=policy.fingerprint,
        calls=calls,
    )


def _order(f: Finding) -> tuple[bool, int, str]:
    """
    Reasons order: hard rules first, then by falling score, then rule id.
    """
    return (not f.hard, -f.score, f.rule)


def apply_policy(
    policy: Policy, findings: list[Finding], now: dt.datetime | None
) -> list[Finding]:
    """
    The policy's extra hard rules and exceptions over one command's
    weighed *findings* (exceptions that expire apply only with a
    timezone-aware *now*).
    """
    out: list[Finding] = []
    for f in findings:
        if f.kind is _INFO:
            out.append(f)
            continue
        hard = policy.hard_rules_for(f) if f.kind is not _HARD else ()
        out.extend(
            Finding(
                rule=r.id,
                program=f.program,
                words=f.words,
                score=100,
                kind=_HARD,
                message=f"{r.reason} (policy hard rule on {f.rule})",
                effect=f.effect,
                scoped=f.scoped,
                namespace=f.namespace,
                context=f.context,
                resource=f.resource,
            )
            for r in hard
        )
        active, inactive = policy.exception_for(f, now)
        if active is not None and (f.kind is _HARD or hard):
            out.append(f)
            out.append(
                _note(
                    "policy.exception.ignored",
                    f,
                    f"{active.reason}; not applied: no exception lowers "
                    "a hard rule",
                )
            )
            continue
        if active is not None:
            out.append(
                attrs.evolve(
                    f,
                    kind=_INFO,
                    score=0,
                    message=(f"{f.message}; " if f.message else "")
                    + f"excepted by policy (would score {f.score})",
                )
            )
            out.append(_note("policy.exception", f, active.reason))
            continue
        out.append(f)
        if inactive is not None:
            out.append(_not_applied(f, inactive, now))
    return out


def _not_applied(
    f: Finding, row: PolicyException, now: dt.datetime | None
) -> Finding:
    """
    The note on an exception that names *f* but is not in force.
    """
    expires = row.expires
    assert expires is not None  # noqa: S101 - only expiring ones lapse
    when = expires.isoformat().replace("+00:00", "Z")
    if now is None or now.utcoffset() is None:
        return _note(
            "policy.exception.no-clock",
            f,
            f"{row.reason}; not applied: it expires {when} and no time "
            "(timezone-aware now) was given",
        )
    return _note(
        "policy.exception.expired",
        f,
        f"{row.reason}; not applied: expired {when}",
    )


def _note(rule: str, finding: Finding, message: str) -> Finding:
    """
    An ``INFO`` finding about how the policy treated *finding*.
    """
    return Finding(
        rule=rule,
        program=finding.program,
        words=(finding.rule,),
        kind=_INFO,
        message=message,
        namespace=finding.namespace,
        context=finding.context,
        resource=finding.resource,
        scoped=finding.scoped,
    )
