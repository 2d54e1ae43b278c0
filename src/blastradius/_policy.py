"""
The policy: thresholds, namespace and context weights, aliases, extra hard
rules, per-rule score overrides, exceptions and extra analyzers.

Pure data; the scorer reads it. Built in code or loaded from TOML
(`Policy.from_toml`), layered with `Policy.merge`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from blastradius._glob import Glob, GlobError, GlobTable, overlaps
from blastradius._model import Effect, Finding, Kind, Tier, fold_program
from blastradius._policy_disclosure import Disclosure
from blastradius._policy_gate import GateSettings
from blastradius._policy_hook import HookDecisions
from blastradius.exceptions import PolicyError
from blastradius.rules import (
    DEFAULT_CONTEXT_WEIGHTS,
    DEFAULT_NAMESPACE_WEIGHTS,
    UNSPECIFIED_NAMESPACE,
    WeightRule,
)


if TYPE_CHECKING:
    from blastradius.analyzers import Analyzer


__all__ = [
    "GateSettings",
    "HardRule",
    "HookDecisions",
    "Policy",
    "PolicyException",
    "RuleOverride",
    "Thresholds",
]

_RULE_ID = re.compile(r"[a-z0-9][a-z0-9_.-]*\Z")
_RULE_GLOB = re.compile(r"[a-z0-9_.*?\[\]!-]+\Z")
_PROGRAM = re.compile(r"[^\s/\\\x00-\x1f\x7f]+\Z")
_MAX_TEXT = 1000


def _check_rule_id(value: object, path: str) -> None:
    if not isinstance(value, str) or not _RULE_ID.match(value):
        msg = (
            f"{value!r} is not a rule id (lower-case letters, digits, "
            "'.', '_' and '-', e.g. 'policy.no-prod-deletes')"
        )
        raise PolicyError(msg, path=path)


def _glob(value: object, path: str, *, rule: bool = False) -> Glob:
    if not isinstance(value, str):
        msg = f"expected a glob pattern (a string), got {value!r}"
        raise PolicyError(msg, path=path)
    if rule and not _RULE_GLOB.match(value):
        msg = (
            f"{value!r} is not a rule id pattern: rule ids are lower case, "
            "e.g. 'kubectl.delete.*'"
        )
        raise PolicyError(msg, path=path)
    try:
        return Glob(value)
    except GlobError as e:
        raise PolicyError(str(e), path=path) from None


def _check_text(value: object, path: str) -> None:
    if not isinstance(value, str) or not value.strip():
        msg = "a non-empty text is required"
        raise PolicyError(msg, path=path)
    if len(value) > _MAX_TEXT:
        msg = f"at most {_MAX_TEXT} characters"
        raise PolicyError(msg, path=path)


def _check_program(value: object, path: str) -> None:
    if not isinstance(value, str) or not _PROGRAM.match(value):
        msg = f"{value!r} is not a program name"
        raise PolicyError(msg, path=path)
    folded = fold_program(value)
    if value != folded:
        msg = (
            f"{value!r}: program names are matched folded (lower case, no "
            f"directory, no '.exe'); write {folded!r}"
        )
        raise PolicyError(msg, path=path)


@attrs.frozen(kw_only=True)
class Thresholds:
    """
    The highest score of each tier: ``AUTO`` up to *auto*, ``HUMAN`` up to
    *human*, ``DUAL`` up to *dual*; ``BLOCKED`` is always exactly 100.

    They must be strictly increasing within 0..99; anything else raises
    `blastradius.PolicyError`.

    >>> Thresholds().tier_of(42)
    <Tier.HUMAN: 'human'>
    """

    auto: int = 10
    human: int = 50
    dual: int = 99

    def __attrs_post_init__(self) -> None:
        for key in ("auto", "human", "dual"):
            v = getattr(self, key)
            if not isinstance(v, int) or isinstance(v, bool):
                msg = f"must be an integer, not {v!r}"
                raise PolicyError(msg, path=f"thresholds.{key}")
        if not 0 <= self.auto < self.human < self.dual <= 99:
            msg = (
                "thresholds must be strictly increasing within 0..99 "
                f"(auto={self.auto}, human={self.human}, dual={self.dual}); "
                "BLOCKED is always 100"
            )
            raise PolicyError(msg, path="thresholds")

    @property
    def floor(self) -> int:
        """
        The lowest ``HUMAN`` score: where unknowns are floored.
        """
        return self.auto + 1

    def tier_of(self, score: int) -> Tier:
        """
        The tier of *score*.
        """
        if score >= 100:
            return Tier.BLOCKED
        if score > self.human:
            return Tier.DUAL
        if score > self.auto:
            return Tier.HUMAN
        return Tier.AUTO


def _opt_glob(
    value: str | None, path: str, *, rule: bool = False
) -> Glob | None:
    return None if value is None else _glob(value, path, rule=rule)


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
        _check_rule_id(self.id, "id")
        _check_text(self.reason, "reason")
        if self.effect is not None and not isinstance(self.effect, Effect):
            msg = f"expected an Effect, got {self.effect!r}"
            raise PolicyError(msg, path="effect")
        globs = (
            _opt_glob(self.rule, "rule", rule=True),
            _opt_glob(self.program, "program"),
            _opt_glob(self.resource, "resource"),
            _opt_glob(self.namespace, "namespace"),
            _opt_glob(self.context, "context"),
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
        object.__setattr__(self, "_glob", _glob(self.rule, "rule", rule=True))
        score: object = self.score
        if (
            not isinstance(score, int)
            or isinstance(score, bool)
            or not 0 <= self.score <= 99
        ):
            msg = (
                f"a score must be an integer from 0 to 99, not {self.score!r}"
            )
            raise PolicyError(msg, path="score")
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
        _check_text(self.reason, "reason")
        object.__setattr__(
            self,
            "_globs",
            (
                _glob(self.rule, "rule", rule=True),
                _opt_glob(self.namespace, "namespace"),
                _opt_glob(self.resource, "resource"),
                _opt_glob(self.name, "name"),
                _opt_glob(self.context, "context"),
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


def _weight_globs(
    rows: tuple[WeightRule, ...],
    path: str,
    builtin: tuple[WeightRule, ...],
    builtin_globs: tuple[Glob, ...],
) -> tuple[Glob, ...]:
    """
    Check *rows* and compile their patterns; the built-in suffix is
    compiled once, at import.
    """
    for i, row in enumerate(rows):
        if not isinstance(row, WeightRule):
            msg = f"expected a WeightRule, got {row!r}"
            raise PolicyError(msg, path=f"{path}[{i}]")
    own, keeps = _suffix(rows, builtin)
    out: list[Glob] = []
    for i, row in enumerate(own):
        _check_rule_id(row.id, f"{path}[{i}].id")
        out.append(_glob(row.pattern, f"{path}[{i}].patterns"))
    return (*out, *(builtin_globs if keeps else ()))


def _pairs(value: object) -> tuple[tuple[str, Any], ...]:
    """
    Accept a mapping or an iterable of pairs; store pairs sorted by key.
    """
    items: Iterable[tuple[Any, Any]] = (
        value.items() if isinstance(value, Mapping) else value  # type: ignore[assignment]
    )
    return tuple(sorted(((str(k), v) for k, v in items), key=lambda kv: kv[0]))


def _rows(value: Iterable[Any]) -> tuple[Any, ...]:
    return tuple(value)


def _suffix(
    rows: tuple[WeightRule, ...], builtin: tuple[WeightRule, ...]
) -> tuple[tuple[WeightRule, ...], bool]:
    """
    Split *rows* into (own rows, whether the built-in table follows them).
    """
    n = len(builtin)
    if len(rows) >= n and rows[len(rows) - n :] == builtin:
        return rows[: len(rows) - n], True
    return rows, False


def _check_overrides(overrides: tuple[RuleOverride, ...]) -> None:
    """
    Refuse an override naming a built-in hard rule, which it could never
    change (hard rules always score 100).
    """
    from blastradius.rules._hard import hard_rule_ids

    hard = hard_rule_ids()
    for i, row in enumerate(overrides):
        if row.rule in hard:
            msg = (
                f"{row.rule!r} is a hard rule: it always blocks and no "
                "override changes that, so this one would silently do "
                "nothing; remove it"
            )
            if row.rule == "shell.rm.recursive-force":
                msg += (
                    " (to let rm -rf delete build output, list the paths in "
                    "workspace.rm_paths)"
                )
            raise PolicyError(msg, path=f"overrides[{i}].rule")


def _check_exceptions(exceptions: tuple[PolicyException, ...]) -> None:
    """
    Refuse an exception naming a built-in hard rule: no exception lowers a
    hard rule, so it would never apply.
    """
    from blastradius.rules._hard import hard_rule_ids

    hard = hard_rule_ids()
    for i, row in enumerate(exceptions):
        if row.rule in hard:
            msg = (
                f"{row.rule!r} is a hard rule: it always blocks and no "
                "exception lowers it, so this one would never apply; remove "
                "it"
            )
            if row.rule == "shell.rm.recursive-force":
                msg += (
                    " (to let rm -rf delete build output, list the paths in "
                    "workspace.rm_paths)"
                )
            raise PolicyError(msg, path=f"exceptions[{i}].rule")


_BUILTIN_NS = (
    DEFAULT_NAMESPACE_WEIGHTS,
    tuple(Glob(r.pattern) for r in DEFAULT_NAMESPACE_WEIGHTS),
)
_BUILTIN_CTX = (
    DEFAULT_CONTEXT_WEIGHTS,
    tuple(Glob(r.pattern) for r in DEFAULT_CONTEXT_WEIGHTS),
)
_BUILTIN_NS_TABLE = GlobTable(_BUILTIN_NS[1])
_BUILTIN_CTX_TABLE = GlobTable(_BUILTIN_CTX[1])


@attrs.frozen(kw_only=True)
class Policy:
    """
    Everything that a team may tune about scoring; frozen and hashable.

    The default ``Policy()`` gives the built-in scores. Every field is
    validated: a malformed policy cannot be built (`blastradius.PolicyError`
    names the offending key).

    Attributes:
        thresholds: The tier thresholds.
        namespace_weights: Namespace glob → weight rows; the first match
            wins. The built-in table by default.
        unspecified_namespace: The weight of an action whose namespace is
            not given.
        context_weights: Kube-context glob → weight rows; the first match
            wins, and the higher of context and namespace weight applies.
        aliases: Program name → the program it stands for (``k`` →
            ``kubectl``); a mapping or pairs.
        hard_rules: Extra `HardRule` rows.
        overrides: Per-rule `RuleOverride` rows.
        exceptions: `PolicyException` rows.
        analyzers: Program name → analyzer, taking precedence over the
            registry; not expressible in TOML.
        trusted_tools: Build and test tools that run project code
            (``pytest``, ``npm test``), trusted not to need a person: a
            command starting with one of these literal word prefixes scores
            as a local action instead of an unknown (see ``docs/agents.md``).
        rm_paths: Workspace paths (``node_modules``, ``build``,
            ``/tmp/NAME``) that ``rm -rf`` may delete without the hard
            rule firing, when every target resolves purely against the
            command's *cwd* to one of them.
        gate: What `blastradius.adapters.Gate` asks for before it runs an
            action (approvals, their TTL, the budget of automatic runs).

        disclosure: How disclosure and exfiltration are judged
            (`Disclosure`: ``local``, ``trusted_hosts``).
        hook: What ``blastradius hook`` answers for each tier
            (`HookDecisions`: allow, ask or deny).

    .. versionchanged:: 0.2
       *gate*, *disclosure*, *hook*.

    >>> Policy().namespace_weight("kube-system").id
    'namespace.system'
    """

    thresholds: Thresholds = attrs.field(factory=Thresholds)
    namespace_weights: tuple[WeightRule, ...] = attrs.field(
        default=DEFAULT_NAMESPACE_WEIGHTS, converter=_rows
    )
    unspecified_namespace: WeightRule = UNSPECIFIED_NAMESPACE
    context_weights: tuple[WeightRule, ...] = attrs.field(
        default=DEFAULT_CONTEXT_WEIGHTS, converter=_rows
    )
    aliases: tuple[tuple[str, str], ...] = attrs.field(
        factory=tuple, converter=_pairs
    )
    hard_rules: tuple[HardRule, ...] = attrs.field(
        factory=tuple, converter=_rows
    )
    overrides: tuple[RuleOverride, ...] = attrs.field(
        factory=tuple, converter=_rows
    )
    exceptions: tuple[PolicyException, ...] = attrs.field(
        factory=tuple, converter=_rows
    )
    analyzers: tuple[tuple[str, Analyzer], ...] = attrs.field(
        factory=tuple, converter=_pairs
    )
    trusted_tools: tuple[str, ...] = attrs.field(
        factory=tuple, converter=_rows
    )
    rm_paths: tuple[str, ...] = attrs.field(factory=tuple, converter=_rows)
    gate: GateSettings = attrs.field(factory=GateSettings)
    disclosure: Disclosure = attrs.field(factory=Disclosure)
    hook: HookDecisions = attrs.field(factory=HookDecisions)

    _ns_globs: tuple[Glob, ...] = attrs.field(init=False, eq=False, repr=False)
    _ctx_globs: tuple[Glob, ...] = attrs.field(
        init=False, eq=False, repr=False
    )
    _alias_map: Mapping[str, str] = attrs.field(
        init=False, eq=False, repr=False
    )
    _analyzer_map: Mapping[str, Analyzer] = attrs.field(
        init=False, eq=False, repr=False
    )
    _ns_table: GlobTable = attrs.field(init=False, eq=False, repr=False)
    _ctx_table: GlobTable = attrs.field(init=False, eq=False, repr=False)
    _fingerprint: str = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.thresholds, Thresholds):
            msg = f"expected Thresholds, got {self.thresholds!r}"
            raise PolicyError(msg, path="thresholds")
        if not isinstance(self.gate, GateSettings):
            msg = f"expected GateSettings, got {self.gate!r}"
            raise PolicyError(msg, path="gate")
        if not isinstance(self.hook, HookDecisions):
            msg = f"expected HookDecisions, got {self.hook!r}"
            raise PolicyError(msg, path="hook")
        object.__setattr__(
            self,
            "_ns_globs",
            _weight_globs(
                self.namespace_weights, "namespaces.rules", *_BUILTIN_NS
            ),
        )
        object.__setattr__(
            self,
            "_ctx_globs",
            _weight_globs(
                self.context_weights, "contexts.rules", *_BUILTIN_CTX
            ),
        )
        object.__setattr__(
            self,
            "_ns_table",
            _BUILTIN_NS_TABLE
            if self._ns_globs == _BUILTIN_NS[1]
            else GlobTable(self._ns_globs),
        )
        object.__setattr__(
            self,
            "_ctx_table",
            _BUILTIN_CTX_TABLE
            if self._ctx_globs == _BUILTIN_CTX[1]
            else GlobTable(self._ctx_globs),
        )
        if not isinstance(self.disclosure, Disclosure):
            msg = f"expected a Disclosure, got {self.disclosure!r}"
            raise PolicyError(msg, path="disclosure")
        if not isinstance(self.unspecified_namespace, WeightRule):
            msg = f"expected a WeightRule, got {self.unspecified_namespace!r}"
            raise PolicyError(msg, path="namespaces.unspecified")
        _check_rule_id(
            self.unspecified_namespace.id, "namespaces.unspecified_id"
        )
        if self.unspecified_namespace.pattern:
            msg = "the unspecified-namespace row has no pattern"
            raise PolicyError(msg, path="namespaces.unspecified")
        for name, target in self.aliases:
            _check_program(name, f"aliases.{name}")
            if not isinstance(target, str):
                msg = f"expected a program name, got {target!r}"
                raise PolicyError(msg, path=f"aliases.{name}")
            _check_program(target, f"aliases.{name}")
        for name, analyzer in self.analyzers:
            _check_program(name, f"analyzers.{name}")
            if not callable(analyzer):
                msg = f"an analyzer must be callable, got {analyzer!r}"
                raise PolicyError(msg, path=f"analyzers.{name}")
        for key, rows, cls in (
            ("hard_rules", self.hard_rules, HardRule),
            ("overrides", self.overrides, RuleOverride),
            ("exceptions", self.exceptions, PolicyException),
        ):
            for i, row in enumerate(rows):
                if not isinstance(row, cls):
                    msg = f"expected a {cls.__name__}, got {row!r}"
                    raise PolicyError(msg, path=f"{key}[{i}]")
        if self.overrides:
            _check_overrides(self.overrides)
        if self.exceptions:
            _check_exceptions(self.exceptions)
        if (
            self.overrides or self.exceptions or self.hard_rules
        ) and not self.analyzers:
            # with analyzers of its own, the policy may name their ids
            from blastradius._policy_ids import check_rule_names

            check_rule_names(self.hard_rules, self.overrides, self.exceptions)
        if self.hard_rules or self.exceptions or self.aliases:
            from blastradius._policy_ids import check_aliases, check_resources

            check_resources(self.hard_rules, self.exceptions)
            check_aliases(self.aliases)
        if self.trusted_tools or self.rm_paths:
            from blastradius._workspace import (
                check_rm_path,
                check_trusted_tool,
            )

            for i, entry in enumerate(self.trusted_tools):
                check_trusted_tool(entry, f"workspace.trusted_tools[{i}]")
            for i, entry in enumerate(self.rm_paths):
                check_rm_path(entry, f"workspace.rm_paths[{i}]")
        object.__setattr__(self, "_alias_map", dict(self.aliases))
        object.__setattr__(self, "_analyzer_map", dict(self.analyzers))
        object.__setattr__(self, "_fingerprint", self._compute_fingerprint())

    def __reduce__(self) -> tuple[Any, tuple[()]]:
        """
        Pickle as the constructor call with the public fields, so that an
        unpickled policy is validated and compiled again (``scan --jobs``
        sends it to worker processes).
        """
        import functools

        fields = {
            f.name: getattr(self, f.name)
            for f in attrs.fields(type(self))
            if f.init
        }
        return (functools.partial(type(self), **fields), ())

    # -- lookups used by the scorer --------------------------------------

    def namespace_weight(self, namespace: str | None) -> WeightRule:
        """
        The weight row for *namespace*; `None` means not given.
        """
        if namespace is None:
            return self.unspecified_namespace
        i = self._ns_table.first(namespace)
        return (
            self.unspecified_namespace
            if i is None
            else self.namespace_weights[i]
        )

    def context_weight(self, context: str | None) -> WeightRule | None:
        """
        The weight row for kube *context*, if any pattern matches.
        """
        if context is None:
            return None
        i = self._ctx_table.first(context)
        return None if i is None else self.context_weights[i]

    def resolve_program(self, program: str) -> str:
        """
        The program name after the policy's aliases (``k`` → ``kubectl``).
        """
        return self._alias_map.get(program, program)

    def analyzer_for(self, program: str) -> Analyzer | None:
        """
        The policy's own analyzer for *program*, if it registers one.
        """
        return self._analyzer_map.get(program)

    def override_score(self, rule: str, score: int) -> int:
        """
        The score of rule id *rule* after the overrides, given its built-in
        *score*.

        >>> Policy(overrides=[RuleOverride(rule="x.*", score=7)]
        ...        ).override_score("x.y", 30)
        7
        """
        value = score
        for row in self.overrides:
            if not row.floor and row.matches(rule):
                value = row.score
                break
        for row in self.overrides:
            if row.floor and row.matches(rule):
                value = max(value, row.score)
        return value

    def hard_rules_for(self, finding: Finding) -> tuple[HardRule, ...]:
        """
        The extra hard rules that *finding* falls under.
        """
        if finding.kind is Kind.INFO:
            return ()
        return tuple(r for r in self.hard_rules if r.matches(finding))

    def exception_for(
        self, finding: Finding, now: dt.datetime | None
    ) -> tuple[PolicyException | None, PolicyException | None]:
        """
        The first exception in force that names *finding*, and the first
        that names it but is not in force (expired, or no *now* given).
        """
        inactive = None
        for row in self.exceptions:
            if row.matches(finding):
                if row.active(now):
                    return row, inactive
                if inactive is None:
                    inactive = row
        return None, inactive

    # -- identity ----------------------------------------------------------

    @property
    def fingerprint(self) -> str:
        """
        A stable hash of the policy's contents (16 hex digits): the same
        for equal policies, in any process and on any Python version.

        >>> Policy().fingerprint == Policy().fingerprint
        True
        """
        return self._fingerprint

    def _compute_fingerprint(self) -> str:
        from blastradius._policy_schema import to_toml

        names = "".join(
            f"analyzer {k} = "
            f"{getattr(v, '__module__', '?')}."
            f"{getattr(v, '__qualname__', type(v).__qualname__)}\n"
            for k, v in self.analyzers
        )
        text = to_toml(self, explicit=True) + names
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    # -- TOML ----------------------------------------------------------------

    @classmethod
    def from_toml(cls, text: str) -> Policy:
        """
        Load a policy from TOML *text* (schema in ``docs/policy.md``).

        Raises:
            PolicyError: The text is not TOML, or breaks the schema; the
                error's *path* names the key and *line* its line when known.

        >>> Policy.from_toml('version = 1\\n[thresholds]\\nauto = 5\\n'
        ...                  ).thresholds.auto
        5
        """
        from blastradius._policy_schema import from_toml

        return from_toml(text)

    def to_toml(self, *, explicit: bool = False) -> str:
        """
        The policy as TOML text, which `from_toml` reads back to an equal
        policy (except *analyzers*, which TOML cannot express and are
        listed in a comment).

        With *explicit*, the built-in namespace and context rows are
        written out in full instead of ``builtin = true``.

        >>> print(Policy().to_toml().splitlines()[1])
        version = 1
        """
        from blastradius._policy_schema import to_toml

        return to_toml(self, explicit=explicit)

    @classmethod
    def from_file(cls, path: str) -> Policy:
        """
        Read the TOML policy file at *path*; see `load_policy`.
        """
        from blastradius._policy_io import load_policy

        return load_policy(path)

    # -- layering ------------------------------------------------------------

    def merge(self, overlay: Policy, *, override: bool = False) -> Policy:
        """
        Layer *overlay* on this policy.

        By default the overlay may only tighten: lower thresholds, higher
        weights (its own namespace and context rows go first, and each must
        weigh at least as much as every row of this policy it may shadow),
        more hard rules, overrides that raise (they become *floor*
        overrides), gate settings that raise approvals, shorten their
        TTL or lower the budget, and hook decisions that are stricter
        (allow < ask < deny); it may not add exceptions, aliases or
        analyzers.
        Anything else raises `blastradius.PolicyError` naming the key.

        With *override*, the overlay's settings replace this policy's
        instead (its rows go first; a table without the built-in rows
        replaces the table), and it may loosen.

        Thresholds, the unspecified-namespace weight and the tables are
        taken from the overlay only where they differ from the built-in
        default, so an overlay loaded from a short TOML file changes only
        what the file sets.

        >>> strict = Policy().merge(Policy(thresholds=Thresholds(auto=5)))
        >>> strict.thresholds.auto
        5
        """
        if not isinstance(overlay, Policy):
            msg = f"can only merge a Policy, not {type(overlay).__name__}"
            raise TypeError(msg)
        return _merge(self, overlay, override=override)


_DEFAULT_THRESHOLDS = Thresholds()


def _merge(base: Policy, over: Policy, *, override: bool) -> Policy:
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
    own, keeps_builtin = _suffix(over, builtin)
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
