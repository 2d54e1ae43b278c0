"""
Policy entries that would silently match nothing, refused: a literal rule
id of a built-in family (``kubectl``, ``shell``, ``git`` …) that no rule
has (the nearest ids suggested), a Kubernetes resource named other than by
its plural, an alias to itself or to another alias.

Imported only when a policy has such rows: the rule-id check loads every
rule table.
"""

from __future__ import annotations

import difflib
import functools

from collections.abc import Sequence
from typing import TYPE_CHECKING, Final

from blastradius.exceptions import PolicyError


if TYPE_CHECKING:
    from blastradius._policy import HardRule, PolicyException, RuleOverride


__all__ = ["check_aliases", "check_resources", "check_rule_names"]

_GLOB: Final = frozenset("*?[")


@functools.cache
def _known() -> tuple[frozenset[str], frozenset[str]]:
    """
    The built-in rule ids and their families (computed once).
    """
    from blastradius.rules._catalog import catalog, families

    rows = catalog()
    return frozenset(rows), frozenset(families(rows))


def check_rule_names(
    hard_rules: Sequence[HardRule],
    overrides: Sequence[RuleOverride],
    exceptions: Sequence[PolicyException],
) -> None:
    """
    Refuse a ``rule`` of *hard_rules*, *overrides* or *exceptions* that is
    a literal id (no ``*``, ``?`` or ``[``) of a built-in family that no
    built-in rule has (an id of the policy's own hard rules included:
    their findings block, and nothing acts on them).

    Raises:
        PolicyError: The first such id; the path names its key.

    >>> from blastradius import RuleOverride
    >>> typo = RuleOverride(rule="kubectl.delete.namespaces", score=5)
    >>> try:
    ...     check_rule_names((), [typo], ())
    ... except PolicyError as e:
    ...     print(e.path, "|", str(e).rsplit("; ", 1)[1][:39])
    overrides[0].rule | did you mean 'kubectl.delete.namespace'
    """
    rows: list[tuple[str, str | None]] = [
        (f"hard_rules[{i}].rule", r.rule) for i, r in enumerate(hard_rules)
    ]
    rows.extend(
        (f"overrides[{i}].rule", r.rule) for i, r in enumerate(overrides)
    )
    rows.extend(
        (f"exceptions[{i}].rule", r.rule) for i, r in enumerate(exceptions)
    )
    own_hard = frozenset(r.id for r in hard_rules)
    ids, families = _known()
    for path, rule in rows:
        if rule is None or _GLOB & set(rule) or rule in ids:
            continue
        if rule.partition(".")[0] not in families:
            continue
        msg = (
            f"no built-in rule has the id {rule!r}, so this entry would "
            "silently match nothing"
        )
        if rule in own_hard:
            msg += (
                " (it is this policy's own hard rule: its findings block, "
                "and no override, exception or hard rule acts on them)"
            )
        near = difflib.get_close_matches(rule, sorted(ids), n=3, cutoff=0.8)
        if near:
            msg += "; did you mean " + " or ".join(map(repr, near)) + "?"
        raise PolicyError(msg, path=path)


@functools.cache
def _plurals() -> dict[str, str]:
    """
    Every other name of a built-in Kubernetes resource (singular, kind,
    short names), lower case → its plural.
    """
    from blastradius.rules.kubectl import RESOURCES

    out: dict[str, str] = {}
    plurals = {r.resource for r in RESOURCES}
    for r in RESOURCES:
        for name in (r.singular, r.kind, *r.short_names):
            key = name.lower()
            if key and key not in plurals:
                out.setdefault(key, r.resource)
    return out


def check_resources(
    hard_rules: Sequence[HardRule], exceptions: Sequence[PolicyException]
) -> None:
    """
    Refuse a literal ``resource`` that names a built-in kind other than by
    its plural (``pod``, ``deploy``, ``Deployment``): findings carry the
    plural, so it would silently match nothing.

    Raises:
        PolicyError: The first such name; the path names its key.
    """
    rows: list[tuple[str, str | None]] = [
        (f"hard_rules[{i}].resource", r.resource)
        for i, r in enumerate(hard_rules)
    ]
    rows.extend(
        (f"exceptions[{i}].resource", r.resource)
        for i, r in enumerate(exceptions)
    )
    others = _plurals()
    for path, resource in rows:
        plural = None if resource is None else others.get(resource.lower())
        if plural is not None:
            msg = (
                f"resources are matched by their plural, so {resource!r} "
                f"would silently match nothing; write {plural!r}"
            )
            raise PolicyError(msg, path=path)


def check_aliases(aliases: Sequence[tuple[str, str]]) -> None:
    """
    Refuse an alias to itself (it does nothing) and one whose target is
    another alias (aliases are resolved once, so the chain would silently
    stop at the middle name).

    Raises:
        PolicyError: The first such alias; the path names its key.

    >>> check_aliases([("k", "kubectl")])
    >>> check_aliases([("k", "kc"), ("kc", "kubectl")])
    Traceback (most recent call last):
    ...
    blastradius.exceptions.PolicyError: aliases.k: 'kc' is itself an \
alias (of 'kubectl'), and aliases are resolved once; write 'kubectl'
    """
    table = dict(aliases)
    for name, target in aliases:
        if target == name:
            msg = f"an alias of {name!r} to itself does nothing; remove it"
            raise PolicyError(msg, path=f"aliases.{name}")
        if target in table:
            msg = (
                f"{target!r} is itself an alias (of {table[target]!r}), and "
                f"aliases are resolved once; write {table[target]!r}"
            )
            raise PolicyError(msg, path=f"aliases.{name}")
