"""
Hypothesis strategies for policies: every field, valid by construction,
drawn from the real built-in tables where there is one.
"""

from __future__ import annotations

import datetime as dt

from collections.abc import Iterator, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING

from hypothesis import assume
from hypothesis import strategies as st

from blastradius import (
    Effect,
    Finding,
    Kind,
    Policy,
    SimpleCommand,
    Thresholds,
    Tier,
)
from blastradius._policy import (
    GateSettings,
    HardRule,
    PolicyException,
    RuleOverride,
)
from blastradius._policy_ids import _plurals
from blastradius.exceptions import PolicyError
from blastradius.rules import (
    DEFAULT_CONTEXT_WEIGHTS,
    DEFAULT_NAMESPACE_WEIGHTS,
    WeightRule,
)
from blastradius.rules._catalog import catalog, families


if TYPE_CHECKING:
    from blastradius.analyzers import Analyzer, Context


__all__ = [
    "TOY_REGISTRY",
    "exceptions",
    "globs",
    "hard_rules",
    "names",
    "overrides",
    "penalties",
    "policies",
    "rule_globs",
    "rule_ids",
    "thresholds",
    "tiers",
    "tightening_overlays",
    "toy_analyzer",
    "toy_commands",
    "weight_tables",
]

_LOWER = "abcdefghijklmnopqrstuvwxyz"
_NAME = _LOWER + "0123456789-"

names = st.builds(
    str.__add__, st.sampled_from(_LOWER), st.text(_NAME, max_size=8)
)
"""Kubernetes-like names (namespaces, contexts, programs)."""

_FAMILIES = frozenset(families(catalog()))

rule_ids = (
    st.lists(
        st.builds(
            str.__add__,
            st.sampled_from(_LOWER),
            st.text(_NAME + "_", max_size=6),
        ),
        min_size=1,
        max_size=4,
    )
    .map(".".join)
    .filter(lambda r: r.partition(".")[0] not in _FAMILIES)
)
"""Rule ids such as ``kubectl.delete.namespace``, outside the built-in
families (a literal id of one that no rule has is a `PolicyError`: it
would match nothing)."""

_BUILTIN_PATTERNS = sorted(
    {r.pattern for r in (*DEFAULT_NAMESPACE_WEIGHTS, *DEFAULT_CONTEXT_WEIGHTS)}
)

globs = st.one_of(
    st.sampled_from(_BUILTIN_PATTERNS),
    st.builds(
        lambda head, cls, tail: head + cls + tail,
        st.text("abc*?-", min_size=1, max_size=5),
        st.sampled_from(["", "[ab]", "[!a]", "[a-c]"]),
        st.text("abc*-", max_size=3),
    ),
    names,
)
"""Valid globs over names, including every built-in pattern."""

rule_globs = st.one_of(
    rule_ids,
    rule_ids.map(lambda r: r + ".*"),
    st.sampled_from(["*", "kubectl.delete.*", "*.unknown", "shell.rm.?*"]),
)
"""Valid globs over rule ids."""

weights = st.floats(min_value=0, max_value=100, allow_nan=False)

texts = st.builds(str.__add__, st.sampled_from(_LOWER), st.text(max_size=30))
"""Reasons: any non-blank text (quotes, backslashes, control characters)."""

thresholds = (
    st.lists(st.integers(0, 99), min_size=3, max_size=3, unique=True)
    .map(sorted)
    .map(lambda v: Thresholds(auto=v[0], human=v[1], dual=v[2]))
)


def _rows(prefix: str) -> st.SearchStrategy[list[WeightRule]]:
    return st.lists(
        st.builds(
            WeightRule,
            st.one_of(st.just(f"{prefix}.custom"), rule_ids),
            globs,
            weights,
        ),
        max_size=4,
    )


def weight_tables(
    prefix: str, builtin: tuple[WeightRule, ...]
) -> st.SearchStrategy[tuple[WeightRule, ...]]:
    """
    Own rows, followed by the built-in table or not.
    """
    return st.tuples(_rows(prefix), st.booleans()).map(
        lambda t: (*t[0], *(builtin if t[1] else ()))
    )


timezones = st.integers(-14 * 60, 14 * 60).map(
    lambda m: dt.timezone(dt.timedelta(minutes=m))
)

expiries = st.datetimes(
    min_value=dt.datetime(1970, 1, 2),  # noqa: DTZ001 - bounds are naive
    max_value=dt.datetime(2200, 1, 1),  # noqa: DTZ001
    timezones=timezones,
)
"""Aware date-times, at any offset."""


def _no_chain(aliases: dict[str, str]) -> dict[str, str]:
    """*aliases* without self-aliases and aliases of aliases (refused)."""
    return {k: v for k, v in aliases.items() if v != k and v not in aliases}


_OTHER_NAMES = frozenset(_plurals())
resources = st.none() | globs.filter(lambda g: g.lower() not in _OTHER_NAMES)
"""Resource globs; never a built-in kind's singular or short name (its
plural is required)."""

hard_rules = st.builds(
    HardRule,
    id=rule_ids,
    reason=texts,
    rule=rule_globs,
    program=st.none() | names,
    resource=resources,
    namespace=st.none() | globs,
    context=st.none() | globs,
    effect=st.none() | st.sampled_from(Effect),
)

overrides = st.builds(
    RuleOverride,
    rule=rule_globs,
    score=st.integers(0, 99),
    floor=st.booleans(),
)

exceptions = st.builds(
    PolicyException,
    rule=rule_globs,
    reason=texts,
    namespace=st.none() | globs,
    resource=resources,
    name=st.none() | globs,
    context=st.none() | globs,
    expires=st.none() | expiries,
)


@st.composite
def gate_settings(draw: st.DrawFn) -> GateSettings:
    """
    Any valid ``[gate]`` table.
    """
    human = draw(st.integers(1, 20))
    return GateSettings(
        approvals_human=human,
        approvals_dual=draw(st.integers(max(2, human), 20)),
        approval_ttl=draw(st.integers(1, 30 * 86400)),
        budget_executions=draw(st.integers(0, 1000)),
        budget_window=draw(st.integers(1, 7 * 86400)),
    )


penalties = st.integers(0, 99)
"""Any valid ``irreversible_penalty`` or ``missing_facts_penalty``."""

tiers = st.sampled_from(Tier)
"""Any tier (a valid ``dry_run_from_tier``)."""


@st.composite
def policies(draw: st.DrawFn) -> Policy:
    """
    Any policy expressible in TOML (no analyzers).
    """
    return Policy(
        thresholds=draw(thresholds),
        namespace_weights=draw(
            weight_tables("namespace", DEFAULT_NAMESPACE_WEIGHTS)
        ),
        unspecified_namespace=WeightRule(
            draw(st.just("namespace.unspecified") | rule_ids),
            "",
            draw(weights),
        ),
        context_weights=draw(
            weight_tables("context", DEFAULT_CONTEXT_WEIGHTS)
        ),
        aliases=_no_chain(draw(st.dictionaries(names, names, max_size=3))),
        hard_rules=draw(st.lists(hard_rules, max_size=3)),
        overrides=draw(st.lists(overrides, max_size=3)),
        exceptions=draw(st.lists(exceptions, max_size=3)),
        gate=draw(st.just(GateSettings()) | gate_settings()),
        irreversible_penalty=draw(penalties),
        missing_facts_penalty=draw(penalties),
        dry_run_from_tier=draw(tiers),
    )


@st.composite
def tightening_overlays(draw: st.DrawFn, base: Policy) -> Policy:
    """
    An overlay that may be merged onto *base* without override: lower
    thresholds, heavy extra rows, extra hard rules, raising overrides,
    higher penalties, a lower dry-run tier.
    """
    b = base.thresholds
    auto = draw(st.integers(0, b.auto))
    human = draw(st.integers(auto + 1, b.human))
    dual = draw(st.integers(human + 1, b.dual))
    top = max(
        [r.weight for r in (*base.namespace_weights, *base.context_weights)]
        + [base.unspecified_namespace.weight]
    )
    heavy = st.floats(min_value=top, max_value=100, allow_nan=False)
    ns_rows = draw(
        st.lists(st.builds(WeightRule, rule_ids, globs, heavy), max_size=3)
    )
    ctx_rows = draw(
        st.lists(st.builds(WeightRule, rule_ids, globs, heavy), max_size=3)
    )
    top_override = max((o.score for o in base.overrides), default=0)
    raising = st.builds(
        RuleOverride, rule=rule_globs, score=st.integers(top_override, 99)
    )
    overlay = Policy(
        irreversible_penalty=draw(st.integers(base.irreversible_penalty, 99)),
        missing_facts_penalty=draw(
            st.integers(base.missing_facts_penalty, 99)
        ),
        dry_run_from_tier=draw(
            st.sampled_from([t for t in Tier if t <= base.dry_run_from_tier])
        ),
        thresholds=Thresholds(auto=auto, human=human, dual=dual),
        namespace_weights=(*ns_rows, *DEFAULT_NAMESPACE_WEIGHTS),
        context_weights=(*ctx_rows, *DEFAULT_CONTEXT_WEIGHTS),
        hard_rules=draw(st.lists(hard_rules, max_size=2)),
        overrides=draw(st.lists(raising, max_size=2)),
    )
    try:
        base.merge(overlay)
    except PolicyError:
        # a threshold drawn equal to its default is "not set" and keeps the
        # base's value, which may clash with the others drawn
        assume(False)
    return overlay


# -- a tiny kubectl-like analyzer, so tests do not depend on the real one --

_TOY_BASE = {"get": 0, "delete": 40, "rollout": 20, "scale": 25, "apply": 30}


def toy_analyzer(command: SimpleCommand, ctx: Context) -> Iterator[Finding]:
    """
    ``toy VERB RESOURCE [NAME] [-n NS] [--context C] [--force] [--hard]
    [--what]``: one scoped action ``toy.VERB.RESOURCE`` (base by verb), a
    ``toy.flag.force`` modifier (+10), a ``toy.hard`` hard rule, a
    ``toy.what.unknown`` unknown, a ``toy.note`` info (``--note``).
    """
    args = list(command.args)
    ns = ctx_name = None
    flags = set()
    words: list[str] = []
    i = 0
    while i < len(args):
        a = args[i]
        if a in {"-n", "--context"} and i + 1 < len(args):
            if a == "-n":
                ns = args[i + 1]
            else:
                ctx_name = args[i + 1]
            i += 2
            continue
        if a.startswith("--"):
            flags.add(a)
        else:
            words.append(a)
        i += 1
    verb = words[0] if words else "get"
    resource = words[1] if len(words) > 1 else None
    yield Finding(
        rule=f"toy.{verb}.{resource or 'none'}",
        program=command.program,
        words=tuple(command.argv[: 1 + min(3, len(words))]),
        score=_TOY_BASE.get(verb, 10),
        scoped=True,
        namespace=ns,
        context=ctx_name,
        resource=resource,
        effect=Effect.READ_ONLY if verb == "get" else Effect.MUTATING,
    )
    if "--force" in flags:
        yield Finding(
            rule="toy.flag.force",
            program=command.program,
            words=("--force",),
            score=10,
            kind=Kind.MODIFIER,
        )
    if "--hard" in flags:
        yield Finding(
            rule="toy.hard",
            program=command.program,
            words=("--hard",),
            kind=Kind.HARD,
        )
    if "--note" in flags:
        yield Finding(
            rule="toy.note",
            program=command.program,
            words=("--note",),
            kind=Kind.INFO,
            message="for information",
        )
    if "--what" in flags:
        yield Finding(
            rule="toy.what.unknown",
            program=command.program,
            words=("--what",),
            kind=Kind.UNKNOWN,
        )
    assert ctx.policy is not None


TOY_REGISTRY: Mapping[str, Analyzer] = MappingProxyType({"toy": toy_analyzer})
"""A registry holding only `toy_analyzer` (as ``toy``)."""

toy_commands = st.builds(
    lambda verb, res, name, ns, context, flags: [
        "toy",
        verb,
        res,
        *([name] if name else []),
        *(["-n", ns] if ns else []),
        *(["--context", context] if context else []),
        *flags,
    ],
    st.sampled_from(sorted(_TOY_BASE)),
    st.sampled_from(["pods", "deployments", "namespaces", "secrets"]),
    st.none() | names,
    st.none()
    | st.sampled_from(["dev", "prod", "kube-system", "eu-prod-1", "default"])
    | names,
    st.none() | st.sampled_from(["eu-prod-1", "staging", "dev-1"]) | names,
    st.lists(
        st.sampled_from(["--force", "--hard", "--what", "--note"]), unique=True
    ),
)
"""Argvs for `toy_analyzer`."""
