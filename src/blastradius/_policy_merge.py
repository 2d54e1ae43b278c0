"""
Layering policies (`blastradius.Policy.merge`): an overlay only tightens
its base unless it is merged as an override.

Depends on the record (`blastradius._policy`); the record imports this
module only inside `Policy.merge`, so scoring never loads it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs

from blastradius._glob import Glob, overlaps
from blastradius._policy import (
    DEFAULT_DRY_RUN_FROM_TIER,
    DEFAULT_IRREVERSIBLE_PENALTY,
    DEFAULT_MISSING_FACTS_PENALTY,
    Policy,
    Thresholds,
)
from blastradius._policy_check import split_builtin
from blastradius._policy_disclosure import Disclosure
from blastradius.exceptions import PolicyError
from blastradius.rules import (
    DEFAULT_CONTEXT_WEIGHTS,
    DEFAULT_NAMESPACE_WEIGHTS,
    UNSPECIFIED_NAMESPACE,
    WeightRule,
)


if TYPE_CHECKING:
    from blastradius._policy_rows import RuleOverride
    from blastradius.analyzers import Analyzer


__all__ = ["merge"]

_DEFAULT_THRESHOLDS = Thresholds()


def merge(base: Policy, over: Policy, *, override: bool) -> Policy:
    """
    *over* layered on *base*; see `blastradius.Policy.merge`.

    Raises:
        PolicyError: A tightening *over* loosens a key; the path names it.
    """
    tighten = not override
    # thresholds
    values: dict[str, int] = {}
    for key in ("auto", "human", "dual"):
        mine = getattr(base.thresholds, key)
        theirs = getattr(over.thresholds, key)
        if theirs == getattr(_DEFAULT_THRESHOLDS, key):
            values[key] = mine
            continue
        if tighten and theirs > mine:
            msg = (
                f"the overlay raises it from {mine} to {theirs}; a tightening "
                "overlay can only lower thresholds (merge with override=True "
                "to replace)"
            )
            raise PolicyError(msg, path=f"thresholds.{key}")
        values[key] = theirs
    thresholds = Thresholds(**values)
    # unspecified namespace
    unspecified = base.unspecified_namespace
    if over.unspecified_namespace != UNSPECIFIED_NAMESPACE:
        if tighten and over.unspecified_namespace.weight < unspecified.weight:
            msg = (
                f"the overlay lowers it from {unspecified.weight:g} to "
                f"{over.unspecified_namespace.weight:g}; a tightening overlay "
                "can only raise weights"
            )
            raise PolicyError(msg, path="namespaces.unspecified")
        unspecified = over.unspecified_namespace
    namespaces = _merge_weights(
        "namespaces",
        base.namespace_weights,
        over.namespace_weights,
        DEFAULT_NAMESPACE_WEIGHTS,
        fallback=unspecified.weight,
        override=override,
    )
    contexts = _merge_weights(
        "contexts",
        base.context_weights,
        over.context_weights,
        DEFAULT_CONTEXT_WEIGHTS,
        fallback=None,
        override=override,
    )
    aliases = dict(base.aliases)
    for name, target in over.aliases:
        if tighten and aliases.get(name) != target:
            msg = (
                "a tightening overlay cannot add or change aliases (an alias "
                "can turn an unknown program into a known, lower-scored one); "
                "merge with override=True"
            )
            raise PolicyError(msg, path=f"aliases.{name}")
        aliases[name] = target
    analyzers: dict[str, Analyzer] = dict(base.analyzers)
    for name, analyzer in over.analyzers:
        if tighten and analyzers.get(name) is not analyzer:
            msg = (
                "a tightening overlay cannot add or replace analyzers; merge "
                "with override=True"
            )
            raise PolicyError(msg, path=f"analyzers.{name}")
        analyzers[name] = analyzer
    hard = base.hard_rules + tuple(
        r for r in over.hard_rules if r not in base.hard_rules
    )
    overrides = _merge_overrides(base.overrides, over.overrides, override)
    disclosure = _merge_disclosure(base.disclosure, over.disclosure, override)
    exceptions = base.exceptions
    for i, row in enumerate(over.exceptions):
        if row in base.exceptions:
            continue
        if tighten:
            msg = (
                "a tightening overlay cannot add exceptions; merge with "
                "override=True"
            )
            raise PolicyError(msg, path=f"exceptions[{i}]")
        exceptions = (*exceptions, row)
    for key in ("trusted_tools", "rm_paths"):
        added = [e for e in getattr(over, key) if e not in getattr(base, key)]
        if tighten and added:
            msg = (
                f"a tightening overlay cannot add {added[0]!r} (trust "
                "loosens); merge with override=True"
            )
            raise PolicyError(msg, path=f"workspace.{key}")
    return Policy(
        trusted_tools=(
            *base.trusted_tools,
            *(e for e in over.trusted_tools if e not in base.trusted_tools),
        ),
        rm_paths=(
            *base.rm_paths,
            *(e for e in over.rm_paths if e not in base.rm_paths),
        ),
        thresholds=thresholds,
        namespace_weights=namespaces,
        unspecified_namespace=unspecified,
        context_weights=contexts,
        aliases=aliases,
        hard_rules=hard,
        overrides=overrides,
        exceptions=exceptions,
        analyzers=analyzers,
        gate=base.gate.merge(over.gate, override=override),
        disclosure=disclosure,
        hook=base.hook.merge(over.hook, override=override),
        **_merge_spec(base, over, override=override),
    )


_DEFAULT_DISCLOSURE = Disclosure()


def _merge_disclosure(
    base: Disclosure, over: Disclosure, override: bool
) -> Disclosure:
    """
    The overlay's disclosure settings where they differ from the default;
    a tightening overlay may only clear ``local`` and drop trusted hosts.
    """
    local = (
        base.local if over.local == _DEFAULT_DISCLOSURE.local else over.local
    )
    hosts = base.trusted_hosts
    if over.trusted_hosts != _DEFAULT_DISCLOSURE.trusted_hosts:
        hosts = over.trusted_hosts
    if not override:
        if local and not base.local:
            msg = (
                "a tightening overlay cannot set local = true; merge with "
                "override=True"
            )
            raise PolicyError(msg, path="disclosure.local")
        extra = [h for h in hosts if h not in base.trusted_hosts]
        if extra:
            msg = (
                "a tightening overlay cannot trust more hosts "
                f"({extra[0]!r}); merge with override=True"
            )
            raise PolicyError(msg, path="disclosure.trusted_hosts")
    return Disclosure(local=local, trusted_hosts=hosts)


def _merge_weights(  # noqa: PLR0913 - two tables share it
    key: str,
    base: tuple[WeightRule, ...],
    over: tuple[WeightRule, ...],
    builtin: tuple[WeightRule, ...],
    *,
    fallback: float | None,
    override: bool,
) -> tuple[WeightRule, ...]:
    own, keeps_builtin = split_builtin(over, builtin)
    if override:
        return own if not keeps_builtin else (*own, *base)
    if base[: len(own)] == own:
        return base
    base_globs = [Glob(r.pattern) for r in base]
    catch_all = any(g.catch_all for g in base_globs)
    for i, row in enumerate(own):
        mine = Glob(row.pattern)
        for other, glob in zip(base, base_globs, strict=True):
            if other.weight > row.weight and overlaps(mine, glob):
                msg = (
                    f"pattern {row.pattern!r} weighs {row.weight:g}, less "
                    f"than {other.weight:g} of the base policy's {other.id} "
                    f"pattern {other.pattern!r} it may shadow; a tightening "
                    "overlay can only raise weights"
                )
                raise PolicyError(msg, path=f"{key}.rules[{i}]")
        if fallback is not None and not catch_all and row.weight < fallback:
            msg = (
                f"pattern {row.pattern!r} weighs {row.weight:g}, less than "
                f"the base policy's {fallback:g} for names it does not list"
            )
            raise PolicyError(msg, path=f"{key}.rules[{i}]")
    return (*own, *base)


def _merge_overrides(
    base: tuple[RuleOverride, ...],
    over: tuple[RuleOverride, ...],
    override: bool,
) -> tuple[RuleOverride, ...]:
    if override:
        return (*over, *(r for r in base if r not in over))
    out = list(base)
    for i, row in enumerate(over):
        mine = Glob(row.rule)
        for other in base:
            if other.score > row.score and overlaps(mine, Glob(other.rule)):
                msg = (
                    f"rule {row.rule!r} scores {row.score}, below the base "
                    f"policy's {other.score} for {other.rule!r}; a tightening "
                    "overlay can only raise scores (merge with override=True)"
                )
                raise PolicyError(msg, path=f"overrides[{i}]")
        floor = attrs.evolve(row, floor=True)
        if floor not in out:
            out.append(floor)
    return tuple(out)


_SPEC_DEFAULTS: dict[str, Any] = {
    "irreversible_penalty": DEFAULT_IRREVERSIBLE_PENALTY,
    "missing_facts_penalty": DEFAULT_MISSING_FACTS_PENALTY,
    "dry_run_from_tier": DEFAULT_DRY_RUN_FROM_TIER,
}


def _merge_spec(
    base: Policy, over: Policy, *, override: bool
) -> dict[str, Any]:
    """
    The penalties and dry-run tier of `DeclarativeSpec.evaluate`: the
    overlay's where it differs from the default; a tightening overlay may
    only raise the penalties and lower the tier.
    """
    out: dict[str, Any] = {}
    for name, default in _SPEC_DEFAULTS.items():
        mine = getattr(base, name)
        theirs = getattr(over, name)
        if theirs == default:
            out[name] = mine
            continue
        if name == "dry_run_from_tier":
            looser = theirs > mine
            rule = "lower the tier"
        else:
            looser = theirs < mine
            rule = "raise penalties"
        if looser and not override:
            was = getattr(mine, "value", mine)
            now = getattr(theirs, "value", theirs)
            msg = (
                f"the overlay loosens it from {was!r} to {now!r}; a "
                f"tightening overlay can only {rule} (merge with "
                "override=True to replace)"
            )
            raise PolicyError(msg, path=name)
        out[name] = theirs
    return out
