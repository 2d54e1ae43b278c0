"""
The gate's pure half: from a spec (or a command) and a policy to a
`Decision` -- the verdict, the approvals it needs, and the digest an
approval binds to. No I/O, no clock: the same inputs give an equal
decision.
"""

from __future__ import annotations

import hashlib
import json
import shlex

from collections.abc import Callable, Mapping, Sequence
from types import MappingProxyType
from typing import Final

import attrs

from blastradius._model import Effect, SimpleCommand, Tier
from blastradius._policy import Policy
from blastradius._rollback import Facts, as_facts, command_of
from blastradius._spec import DeclarativeSpec, EvaluatedSpec
from blastradius.adapters._protocols import Decision, Verdict


__all__ = [
    "BY_TIER",
    "RANK",
    "clean",
    "decide",
    "digest_of",
    "stricter",
]

BY_TIER: Final[Mapping[Tier, Verdict]] = MappingProxyType(
    {
        Tier.AUTO: Verdict.EXECUTE,
        Tier.HUMAN: Verdict.ASK_ONE,
        Tier.DUAL: Verdict.ASK_TWO,
        Tier.BLOCKED: Verdict.REFUSE,
    }
)
"""The verdict of each tier."""

RANK: Final[Mapping[Verdict, int]] = MappingProxyType(
    {
        Verdict.EXECUTE: 0,
        Verdict.ASK_ONE: 1,
        Verdict.ASK_TWO: 2,
        Verdict.REFUSE: 3,
    }
)
"""How strict each verdict is."""

_READS: Final = frozenset({Effect.READ_ONLY, Effect.LOCAL})
_MAX_REASON: Final = 500

ArgvFor = Callable[[Sequence[str]], tuple[str, ...]]


def stricter(a: Verdict, b: Verdict) -> Verdict:
    """
    The stricter of *a* and *b*.
    """
    return a if RANK[a] >= RANK[b] else b


def clean(text: str) -> str:
    """
    *text* fit to show people: control and format characters escaped,
    at most 500 characters.

    >>> clean("boom\\x1b[2J")
    'boom\\\\x1b[2J'
    """
    out = "".join(
        c
        if c.isprintable() or c == " "
        else c.encode("unicode_escape").decode()
        for c in text
    )
    return out if len(out) <= _MAX_REASON else out[: _MAX_REASON - 1] + "…"


def digest_of(
    argv: Sequence[str],
    *,
    namespace: str | None,
    target: str | None,
    incident_id: str | None,
    fingerprint: str,
) -> str:
    """
    The sha256 (64 hex digits) an approval binds to: over *argv* exactly as
    it will run, the namespace, the target, the incident id and the policy
    fingerprint, as canonical JSON (sorted keys, no spaces, ASCII).

    >>> len(digest_of(["kubectl", "get", "pods"], namespace=None,
    ...               target=None, incident_id=None, fingerprint=""))
    64
    """
    doc = {
        "argv": list(argv),
        "incident_id": incident_id,
        "namespace": namespace,
        "policy": fingerprint,
        "target": target,
        "v": 1,
    }
    text = json.dumps(doc, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("ascii")).hexdigest()


def _call(evaluated: EvaluatedSpec, policy: Policy) -> object | None:
    """
    The kubectl call of *evaluated*'s runnable argv: the one the scorer
    read and kept (`blastradius.Assessment.calls`), read again only when
    none was kept (a host's own analyzer scored it). A runnable argv has
    no word only known at run time, so the kept call is the argv's.
    """
    command = command_of(evaluated.argv)
    if not isinstance(command, SimpleCommand):
        return None
    if policy.resolve_program(command.program) != "kubectl":
        return None
    from blastradius.families.kubectl.grammar import KubectlCall, parse_kubectl

    for call in evaluated.assessment.calls:
        if isinstance(call, KubectlCall) and call.argv == command.argv:
            return call
    return parse_kubectl(command.argv)


def _ref(kind: str, name: str) -> str:
    from blastradius.analyzers.kubectl import resolve_resource

    row = resolve_resource(kind)
    assert row is not None  # noqa: S101 - the spec checked the kind
    plural = f"{row.resource}.{row.group}" if row.group else row.resource
    return f"{plural}/{name}"


def _budget_key(
    spec: DeclarativeSpec, evaluated: EvaluatedSpec, policy: Policy
) -> str:
    call = _call(evaluated, policy)
    namespace = spec.namespace or getattr(call, "namespace", None)
    ref = ""
    if spec.target is not None:
        kind, slash, name = spec.target.rpartition("/")
        ref = _ref(kind, name) if slash else spec.target
    elif call is not None:
        named = [r for r in getattr(call, "resources", ()) if r.name]
        if named:
            r = named[0]
            plural = f"{r.resource}.{r.group}" if r.group else r.resource
            ref = f"{plural or r.spelled}/{r.name}"
    if not ref:
        ref = shlex.join(evaluated.argv)
    return f"{namespace}/{ref}" if namespace else ref


def _mutating(evaluated: EvaluatedSpec) -> bool:
    effects = [f.effect for f in evaluated.assessment.findings]
    return not effects or not all(e in _READS for e in effects)


def decide(
    spec_or_cmd: DeclarativeSpec | str | Sequence[str],
    *,
    policy: Policy,
    argv_for: ArgvFor,
    requester: str,
    facts: Facts | Mapping[str, object] | None = None,
) -> Decision:
    """
    The decision about *spec_or_cmd* under *policy*, for a runner whose
    `argv_for` is *argv_for*; never raises: any error gives an escalation
    (``ASK_ONE``, or the tier's verdict when stricter) with no argv to
    run, carrying the error as its first reason.
    """
    spec: DeclarativeSpec | None = None
    evaluated: EvaluatedSpec | None = None
    try:
        spec = (
            spec_or_cmd
            if isinstance(spec_or_cmd, DeclarativeSpec)
            else DeclarativeSpec(action=spec_or_cmd)
        )
        known = as_facts(facts)
        evaluated = spec.evaluate(policy, known)
        return _decide(spec, evaluated, known, policy, argv_for, requester)
    except Exception as e:  # noqa: BLE001 - fail closed: escalate, never run
        return _escalation(spec, evaluated, policy, requester, e)


def _decide(  # noqa: PLR0913, PLR0917 - internal, positional
    spec: DeclarativeSpec,
    evaluated: EvaluatedSpec,
    known: Facts,
    policy: Policy,
    argv_for: ArgvFor,
    requester: str,
) -> Decision:
    argv: tuple[str, ...] = ()
    score, tier = evaluated.blast_radius_score, evaluated.tier
    reasons = list(evaluated.reasons)
    problem = evaluated.argv_problem
    if not problem:
        argv = tuple(argv_for(evaluated.argv))
        if argv != evaluated.argv:
            # score what will run: the runner's flags count too
            as_run = attrs.evolve(spec, action=argv).evaluate(policy, known)
            problem = as_run.argv_problem
            if as_run.blast_radius_score > score:
                score, tier = as_run.blast_radius_score, as_run.tier
            reasons += [r for r in as_run.reasons if r not in reasons]
    if problem:
        argv = ()
    verdict = Verdict.REFUSE if problem else BY_TIER[tier]
    return Decision(
        verdict=verdict,
        argv=argv,
        digest=digest_of(
            argv,
            namespace=spec.namespace,
            target=spec.target,
            incident_id=spec.incident_id,
            fingerprint=policy.fingerprint,
        ),
        approvals_required=_required(verdict, policy),
        score=score,
        tier=tier,
        reasons=[clean(r) for r in ([problem] if problem else []) + reasons],
        evaluated=evaluated,
        incident_id=spec.incident_id,
        namespace=spec.namespace,
        target=spec.target,
        requester=requester,
        policy_fingerprint=policy.fingerprint,
        mutating=_mutating(evaluated),
        budget_key=_budget_key(spec, evaluated, policy),
        facts=known,
    )


def _required(verdict: Verdict, policy: Policy) -> int:
    if verdict is Verdict.ASK_ONE:
        return policy.gate.approvals_human
    if verdict is Verdict.ASK_TWO:
        return policy.gate.approvals_dual
    return 0


def _escalation(
    spec: DeclarativeSpec | None,
    evaluated: EvaluatedSpec | None,
    policy: Policy,
    requester: str,
    error: Exception,
) -> Decision:
    try:
        said = f"{type(error).__name__}: {error}"
    except Exception:  # noqa: BLE001 - an error whose str() fails
        said = type(error).__name__
    verdict, score, tier = Verdict.ASK_ONE, policy.thresholds.floor, Tier.HUMAN
    if evaluated is not None:
        verdict = stricter(verdict, BY_TIER[evaluated.tier])
        if evaluated.blast_radius_score > score:
            score, tier = evaluated.blast_radius_score, evaluated.tier
    namespace = spec.namespace if spec is not None else None
    target = spec.target if spec is not None else None
    incident = spec.incident_id if spec is not None else None
    return Decision(
        verdict=verdict,
        argv=(),
        digest=digest_of(
            (),
            namespace=namespace,
            target=target,
            incident_id=incident,
            fingerprint=policy.fingerprint,
        ),
        approvals_required=_required(verdict, policy),
        score=score,
        tier=tier,
        reasons=(
            clean(f"error while deciding, escalated to a person: {said}"),
            *(evaluated.reasons if evaluated is not None else ()),
        ),
        evaluated=evaluated,
        incident_id=incident,
        namespace=namespace,
        target=target,
        requester=requester,
        policy_fingerprint=policy.fingerprint,
        mutating=True,
        budget_key=target or "",
        escalated=True,
    )
