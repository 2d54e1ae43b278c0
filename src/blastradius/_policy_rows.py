"""
The rows of a policy: extra hard rules (`HardRule`), per-rule scores
(`RuleOverride`) and documented exceptions (`PolicyException`), each a
record that validates itself and matches findings; and `check_rows`, the
checks a `blastradius.Policy` makes of its rows together.

Imported when a policy has rows (or a caller names one of these classes):
the default policy has none, so ``score()`` with it never loads this
module.
"""

from __future__ import annotations

import datetime as dt

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, TypeVar

import attrs

from blastradius._model import Effect, Finding
from blastradius._policy_check import (
    check_rule_id,
    check_score,
    check_text,
    compile_glob,
    optional_glob,
)
from blastradius.exceptions import PolicyError


if TYPE_CHECKING:
    from blastradius._glob import Glob


__all__ = ["HardRule", "PolicyException", "RuleOverride", "check_rows"]


def _matches(glob: Glob | None, value: str | None, *, missing: bool) -> bool:
    """
    *glob* (if any) against *value*; a missing value matches as *missing*
    says.
    """
    if glob is None:
        return True
    if value is None:
        return missing
    return glob.matches(value)


def _name_matches(glob: Glob, words: Iterable[str]) -> bool:
    for w in words:
        if glob.matches(w) or ("/" in w and glob.matches(w.rsplit("/", 1)[1])):
            return True
    return False


@attrs.frozen(kw_only=True)
class HardRule:
    """
    An extra hard rule: any finding it matches blocks its command (100).

    Every given criterion must match. *rule*, *program*, *resource*,
    *namespace* and *context* are globs against the finding's fields; a
    finding without a namespace (resource, context) matches as the empty
    string, so ``namespace = "*"`` also matches "not given" while
    ``namespace = "prod-*"`` does not. *effect* compares the finding's
    effect class. At least one criterion is required.

    >>> HardRule(id="policy.no-prod-deletes", rule="kubectl.delete.*",
    ...          namespace="prod*", reason="no deletes in prod").id
    'policy.no-prod-deletes'
    """

    id: str
    reason: str
    rule: str | None = None
    program: str | None = None
    resource: str | None = None
    namespace: str | None = None
    context: str | None = None
    effect: Effect | None = None

    _globs: tuple[Glob | None, ...] = attrs.field(
        init=False, eq=False, repr=False
    )

    def __attrs_post_init__(self) -> None:
        check_rule_id(self.id, "id")
        check_text(self.reason, "reason")
        if self.effect is not None and not isinstance(self.effect, Effect):
            msg = f"expected an Effect, got {self.effect!r}"
            raise PolicyError(msg, path="effect")
        globs = (
            optional_glob(self.rule, "rule", rule=True),
            optional_glob(self.program, "program"),
            optional_glob(self.resource, "resource"),
            optional_glob(self.namespace, "namespace"),
            optional_glob(self.context, "context"),
        )
        if all(g is None for g in globs) and self.effect is None:
            msg = (
                "a hard rule needs at least one of rule, program, resource, "
                "namespace, context, effect"
            )
            raise PolicyError(msg, path="rule")
        object.__setattr__(self, "_globs", globs)

    def matches(self, finding: Finding) -> bool:
        """
        Whether *finding* falls under this rule.
        """
        rule, program, resource, namespace, context = self._globs
        return (
            (self.effect is None or finding.effect is self.effect)
            and _matches(rule, finding.rule, missing=True)
            and _matches(program, finding.program, missing=True)
            and (resource is None or resource.matches(finding.resource or ""))
            and (
                namespace is None or namespace.matches(finding.namespace or "")
            )
            and (context is None or context.matches(finding.context or ""))
        )


@attrs.frozen(kw_only=True)
class RuleOverride:
    """
    A per-rule score: findings whose rule id matches the glob *rule* get
    *score* (0..99) as their base score, before namespace weights.

    The first matching override that is not a *floor* sets the score; then
    every matching *floor* override raises it to at least its *score*.
    Overrides never touch hard rules.

    >>> RuleOverride(rule="kubectl.rollout.restart", score=5).floor
    False
    """

    rule: str
    score: int
    floor: bool = False

    _glob: Glob = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(
            self, "_glob", compile_glob(self.rule, "rule", rule=True)
        )
        check_score(self.score, "score")
        if not isinstance(self.floor, bool):
            msg = f"expected true or false, not {self.floor!r}"
            raise PolicyError(msg, path="floor")

    def matches(self, rule: str) -> bool:
        """
        Whether the rule id *rule* matches.
        """
        return self._glob.matches(rule)


def _utc(value: dt.datetime | None) -> dt.datetime | None:
    if value is None:
        return None
    if not isinstance(value, dt.datetime):
        msg = f"expected a date and time with a UTC offset, got {value!r}"
        raise PolicyError(msg, path="expires")
    if value.tzinfo is None or value.utcoffset() is None:
        msg = (
            f"{value.isoformat()} has no UTC offset; write e.g. "
            f"{value.isoformat()}Z"
        )
        raise PolicyError(msg, path="expires")
    return value.astimezone(dt.timezone.utc)


@attrs.frozen(kw_only=True)
class PolicyException:
    """
    A documented exception: findings of rule *rule* (a glob) that also match
    the optional *namespace*, *resource*, *context* and *name* globs stop
    counting, with *reason* shown among the assessment's reasons.

    *name* matches any of the finding's words (or the part after the last
    ``/``, as in ``deploy/web``). A finding that lacks a field the exception
    names (no namespace given, say) is not excepted. An exception with
    *expires* (an aware datetime, stored in UTC) applies only when the
    scorer is given the time (``score(cmd, now=...)``) and it is earlier.
    No exception ever lowers a hard rule.

    >>> PolicyException(rule="kubectl.rollout.restart", namespace="dev",
    ...                 reason="restarts in dev are routine").namespace
    'dev'
    """

    rule: str
    reason: str
    namespace: str | None = None
    resource: str | None = None
    name: str | None = None
    context: str | None = None
    expires: dt.datetime | None = attrs.field(default=None, converter=_utc)

    _globs: tuple[Glob | None, ...] = attrs.field(
        init=False, eq=False, repr=False
    )

    def __attrs_post_init__(self) -> None:
        check_text(self.reason, "reason")
        object.__setattr__(
            self,
            "_globs",
            (
                compile_glob(self.rule, "rule", rule=True),
                optional_glob(self.namespace, "namespace"),
                optional_glob(self.resource, "resource"),
                optional_glob(self.name, "name"),
                optional_glob(self.context, "context"),
            ),
        )

    def matches(self, finding: Finding) -> bool:
        """
        Whether *finding* is what this exception names (expiry aside).
        """
        rule, namespace, resource, name, context = self._globs
        assert rule is not None  # noqa: S101
        return (
            rule.matches(finding.rule)
            and _matches(namespace, finding.namespace, missing=False)
            and _matches(resource, finding.resource, missing=False)
            and _matches(context, finding.context, missing=False)
            and (name is None or _name_matches(name, finding.words))
        )

    def active(self, now: dt.datetime | None) -> bool:
        """
        Whether the exception is in force at *now*: no expiry, or *now*
        given (aware) and earlier than the expiry.
        """
        if self.expires is None:
            return True
        if now is None or now.tzinfo is None or now.utcoffset() is None:
            return False
        return now < self.expires


_R = TypeVar("_R")


def _typed(key: str, rows: Sequence[object], cls: type[_R]) -> tuple[_R, ...]:
    out: list[_R] = []
    for i, row in enumerate(rows):
        if not isinstance(row, cls):
            msg = f"expected a {cls.__name__}, got {row!r}"
            raise PolicyError(msg, path=f"{key}[{i}]")
        out.append(row)
    return tuple(out)


_NO_EFFECT = {
    "overrides": "no override changes that, so this one would silently do "
    "nothing",
    "exceptions": "no exception lowers it, so this one would never apply",
}


def _check_hard_ids(
    key: str, rows: Iterable[RuleOverride | PolicyException]
) -> None:
    """
    Refuse an override or exception naming a built-in hard rule: hard
    rules always score 100, so it would never act.
    """
    from blastradius.rules._hard import hard_rule_ids

    hard = hard_rule_ids()
    for i, row in enumerate(rows):
        if row.rule in hard:
            msg = (
                f"{row.rule!r} is a hard rule: it always blocks and "
                f"{_NO_EFFECT[key]}; remove it"
            )
            if row.rule == "shell.rm.recursive-force":
                msg += (
                    " (to let rm -rf delete build output, list the paths in "
                    "workspace.rm_paths)"
                )
            raise PolicyError(msg, path=f"{key}[{i}].rule")


def check_rows(
    hard_rules: Sequence[object],
    overrides: Sequence[object],
    exceptions: Sequence[object],
    *,
    own_ids: bool,
) -> None:
    """
    Check a policy's rows together: each of the right type, no override or
    exception naming a built-in hard rule, no resource named other than by
    its plural, and (unless the policy has analyzers of its own whose ids
    it may name: *own_ids*) no literal rule id of a built-in family that no
    rule has.

    Raises:
        PolicyError: The first bad row; the path names its key.
    """
    hard = _typed("hard_rules", hard_rules, HardRule)
    over = _typed("overrides", overrides, RuleOverride)
    excepted = _typed("exceptions", exceptions, PolicyException)
    if over:
        _check_hard_ids("overrides", over)
    if excepted:
        _check_hard_ids("exceptions", excepted)
    from blastradius._policy_ids import check_resources, check_rule_names

    if not own_ids:
        check_rule_names(hard, over, excepted)
    if hard or excepted:
        check_resources(hard, excepted)
