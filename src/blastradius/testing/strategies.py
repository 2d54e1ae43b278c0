"""
Hypothesis strategies over the real tables, for property tests of a host's
integration: `commands` that score in a given tier, `specs`, `policies`
and `approvals`.

Needs Hypothesis (``pip install 'blastradius-policy[testing]'``); the rest
of `blastradius.testing` does not.

Commands are built from the kubectl rule tables that ship in the package
(`blastradius.families.kubectl.rules`: command paths, resource kinds, hard
rules, and the namespace weight table), and a command drawn for a tier is
scored to check it: a new rule row reaches these strategies without a
change here.

.. versionadded:: 0.2
"""

from __future__ import annotations

import datetime as dt

from collections.abc import Sequence

from blastradius._model import Effect, Tier
from blastradius._policy import Policy, RuleOverride, Thresholds
from blastradius._policy_gate import GateSettings
from blastradius._score import score
from blastradius._spec import DeclarativeSpec
from blastradius.adapters._protocols import Approval
from blastradius.exceptions import SpecError
from blastradius.families.kubectl.rules import (
    ACTIONS,
    HARD_RULES,
    RESOURCES,
    Grammar,
    ResourceRule,
)
from blastradius.rules import DEFAULT_NAMESPACE_WEIGHTS
from blastradius.testing._clock import DEFAULT_START


try:
    from hypothesis import strategies as st
except ImportError:  # pragma: no cover - exercised in a subprocess test
    msg = (
        "blastradius.testing.strategies needs Hypothesis: "
        "pip install 'blastradius-policy[testing]'"
    )
    raise ImportError(msg) from None


__all__ = [
    "HEAVY_NAMESPACES",
    "INCIDENT_IDS",
    "NAMESPACES",
    "USERS",
    "approvals",
    "commands",
    "digests",
    "gate_settings",
    "kubectl_commands",
    "policies",
    "specs",
]

NAMESPACES: tuple[str, ...] = tuple(
    sorted(
        {
            r.pattern
            for r in DEFAULT_NAMESPACE_WEIGHTS
            if r.pattern and not set(r.pattern) & set("*?[")
        }
        | {"team-a", "payments"}
    )
)
"""Namespace names: the literal patterns of the weight table, and two more."""

HEAVY_NAMESPACES: tuple[str, ...] = tuple(
    n
    for n in NAMESPACES
    if next(
        r.weight for r in DEFAULT_NAMESPACE_WEIGHTS if r.pattern in (n, "*")
    )
    >= 2.5
)
"""The namespaces that weigh most (production and system)."""

USERS: tuple[str, ...] = ("ana", "bo", "cy", "dee", "bot", "ANA")
"""Reviewer logins; ``bot`` is the default requester of the tests."""

INCIDENT_IDS = st.from_regex(r"[A-Za-z0-9._:-]{1,64}", fullmatch=True)
"""Valid incident ids."""

_NAMES = st.from_regex(r"[a-z][a-z0-9]{0,6}(-[a-z0-9]{1,4})?", fullmatch=True)

_KINDS: tuple[ResourceRule, ...] = tuple(
    r for r in RESOURCES if not r.members and r.namespaced and r.singular
)

_TYPED = tuple(
    a for a in ACTIONS if a.grammar is Grammar.TYPED and not a.group
)
_BY_EFFECT = {
    effect: tuple(a for a in _TYPED if a.effect is effect) for effect in Effect
}

_HARD = tuple(
    (path, kind)
    for rule in HARD_RULES
    for path in sorted(rule.paths)
    for kind in sorted(rule.resources)
    if not rule.requires
)


def _kubectl(path: Sequence[str], kind: str, name: str, ns: str | None) -> str:
    words = ["kubectl", *path, f"{kind}/{name}"]
    if ns is not None:
        words += ["-n", ns]
    return " ".join(words)


@st.composite
def kubectl_commands(
    draw: st.DrawFn,
    *,
    effects: Sequence[Effect] | None = None,
    namespaces: Sequence[str] = NAMESPACES,
    bare: bool = True,
) -> str:
    """
    ``kubectl PATH KIND/NAME [-n NS]`` for a command path of the table
    that acts on typed objects (of the given *effects*), a namespaced kind,
    a name and one of *namespaces* (or, with *bare*, none).
    """
    pool = (
        _TYPED
        if effects is None
        else tuple(a for e in effects for a in _BY_EFFECT[e])
    )
    action = draw(st.sampled_from(pool))
    kind = draw(st.sampled_from(_KINDS))
    named = st.sampled_from(tuple(namespaces))
    ns = draw(st.none() | named if bare else named)
    return _kubectl(action.path, kind.singular, draw(_NAMES), ns)


@st.composite
def _hard(draw: st.DrawFn) -> str:
    path, kind = draw(st.sampled_from(_HARD))
    return " ".join(["kubectl", *path, kind, draw(_NAMES)])


_CANDIDATES = {
    Tier.AUTO: lambda: kubectl_commands(effects=(Effect.READ_ONLY,)),
    Tier.HUMAN: lambda: kubectl_commands(
        effects=(Effect.MUTATING, Effect.READ_ONLY)
    ),
    Tier.DUAL: lambda: kubectl_commands(
        effects=(Effect.DESTRUCTIVE,),
        namespaces=HEAVY_NAMESPACES,
        bare=False,
    ),
    Tier.BLOCKED: lambda: (
        _hard() | kubectl_commands(effects=(Effect.DESTRUCTIVE,))
    ),
}


def commands(
    tier: Tier | None = None, *, policy: Policy | None = None
) -> st.SearchStrategy[str]:
    """
    kubectl command lines from the real tables; with *tier*, only those
    that `blastradius.score` (under *policy*) puts in that tier.

    >>> from hypothesis import given
    >>> from blastradius import Tier, score
    >>> @given(commands(Tier.BLOCKED))
    ... def test(cmd):
    ...     assert score(cmd).tier is Tier.BLOCKED
    >>> test()
    """
    if tier is None:
        return kubectl_commands() | _hard()
    if not isinstance(tier, Tier):
        msg = f"tier must be a blastradius.Tier, not {tier!r}"
        raise TypeError(msg)
    chosen = policy or Policy()
    return _CANDIDATES[tier]().filter(
        lambda cmd: score(cmd, policy=chosen).tier is tier
    )


@st.composite
def specs(
    draw: st.DrawFn,
    tier: Tier | None = None,
    *,
    policy: Policy | None = None,
) -> DeclarativeSpec:
    """
    `blastradius.DeclarativeSpec` values around `commands` (of *tier*):
    with or without their namespace and target, and an incident id.
    """
    cmd = draw(commands(tier, policy=policy))
    words = cmd.split()
    ns = words[words.index("-n") + 1] if "-n" in words else None
    target = next((w for w in words if "/" in w), None)
    try:
        return DeclarativeSpec(
            cmd,
            namespace=ns if draw(st.booleans()) else None,
            target=target if draw(st.booleans()) else None,
            target_state=draw(st.sampled_from(["", "3/3 replicas ready"])),
            incident_id=draw(st.none() | INCIDENT_IDS),
        )
    except SpecError:  # pragma: no cover - a name the spec refuses
        from hypothesis import reject

        reject()


@st.composite
def gate_settings(draw: st.DrawFn) -> GateSettings:
    """
    Valid ``[gate]`` settings.
    """
    human = draw(st.integers(1, 4))
    return GateSettings(
        approvals_human=human,
        approvals_dual=draw(st.integers(max(2, human), 5)),
        approval_ttl=draw(st.integers(60, 7 * 86400)),
        budget_executions=draw(st.integers(0, 10)),
        budget_window=draw(st.integers(60, 86400)),
    )


@st.composite
def policies(draw: st.DrawFn) -> Policy:
    """
    Policies with any valid thresholds and gate settings, and overrides of
    real rule ids.
    """
    auto = draw(st.integers(0, 97))
    human = draw(st.integers(auto + 1, 98))
    dual = draw(st.integers(human + 1, 99))
    rules = st.sampled_from(sorted(a.id for a in _TYPED))
    overrides = draw(
        st.lists(
            st.builds(RuleOverride, rule=rules, score=st.integers(0, 99)),
            max_size=3,
            unique_by=lambda o: o.rule,
        )
    )
    return Policy(
        thresholds=Thresholds(auto=auto, human=human, dual=dual),
        overrides=overrides,
        gate=draw(st.just(GateSettings()) | gate_settings()),
    )


def digests() -> st.SearchStrategy[str]:
    """
    sha256 digests (64 lowercase hex digits).
    """
    return st.from_regex(r"[0-9a-f]{64}", fullmatch=True)


def approvals(
    digest: str | st.SearchStrategy[str] | None = None,
    *,
    users: Sequence[str] = USERS,
    now: dt.datetime = DEFAULT_START,
    before: dt.timedelta = dt.timedelta(days=2),
    after: dt.timedelta = dt.timedelta(hours=1),
) -> st.SearchStrategy[Approval]:
    """
    `blastradius.adapters.Approval` values: by one of *users*, of *digest*
    (a digest, a strategy of them, or any), given between *before* ahead
    of *now* and *after* it (shrinking towards *now*), now and then a
    rejection.

    >>> from hypothesis import given
    >>> @given(approvals("0" * 64))
    ... def test(a):
    ...     assert a.digest == "0" * 64
    >>> test()
    """
    if digest is None:
        of: st.SearchStrategy[str] = digests()
    elif isinstance(digest, str):
        of = st.just(digest)
    else:
        of = digest
    ago = st.integers(
        -int(after.total_seconds()), int(before.total_seconds())
    ).map(lambda s: now - dt.timedelta(seconds=s))
    return st.builds(
        Approval,
        user=st.sampled_from(tuple(users)),
        digest=of,
        at=ago,
        reject=st.sampled_from((False,) * 7 + (True,)),
    )
