"""
Rule ids a policy names that no rule has: an override, exception or hard
rule whose ``rule`` is a literal id of a built-in family (``kubectl``,
``shell``, ``git`` …) that the rule tables do not know would silently
match nothing, so the policy refuses it, suggesting the nearest ids.

Imported only when a policy has such rows: it loads every rule table.
"""

from __future__ import annotations

import difflib
import functools

from collections.abc import Sequence
from typing import TYPE_CHECKING, Final

from blastradius.exceptions import PolicyError


if TYPE_CHECKING:
    from blastradius._policy import HardRule, PolicyException, RuleOverride


__all__ = ["check_rule_names"]

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
