"""
The policy: thresholds, namespace and context weights, aliases, extra hard
rules, per-rule score overrides, exceptions, extra analyzers, workspace
trust, the gate's and the hook's settings and the penalties of
`blastradius.DeclarativeSpec.evaluate`.

A pure, validated record; the scorer, the spec and the gate read it. Its
TOML codec (`blastradius._policy_schema`, `blastradius._toml`), its file
reader (`blastradius._policy_io`) and layering (`blastradius._policy_merge`)
depend on it, never the reverse: the thin methods `Policy.from_toml`,
`Policy.to_toml`, `Policy.from_file` and `Policy.merge` import them when
called. The rows (`HardRule`, `RuleOverride`, `PolicyException`) live in
`blastradius._policy_rows`, loaded when a policy has some; the sections
(`GateSettings`, `Disclosure`, `HookDecisions`) in their own modules,
loaded when a policy sets one or someone reads it (see `Policy`).
"""

from __future__ import annotations

import functools

from collections.abc import Iterable, Mapping
from enum import Enum
from typing import TYPE_CHECKING, Any, Final

import attrs

from blastradius._model import Kind, Tier
from blastradius._policy_check import (
    check_program,
    check_rule_id,
    check_score,
    compile_glob,
    split_builtin,
)
from blastradius._record import attrs_repr
from blastradius.exceptions import PolicyError
from blastradius.rules import (
    DEFAULT_CONTEXT_WEIGHTS,
    DEFAULT_NAMESPACE_WEIGHTS,
    UNSPECIFIED_NAMESPACE,
    WeightRule,
)


if TYPE_CHECKING:
    import datetime as dt

    from blastradius._glob import Glob, GlobTable
    from blastradius._model import Finding
    from blastradius._policy_disclosure import Disclosure
    from blastradius._policy_gate import GateSettings
    from blastradius._policy_hook import HookDecisions
    from blastradius._policy_rows import (
        HardRule,
        PolicyException,
        RuleOverride,
    )
    from blastradius.analyzers import Analyzer


__all__ = [
    "DEFAULT_DRY_RUN_FROM_TIER",
    "DEFAULT_IRREVERSIBLE_PENALTY",
    "DEFAULT_MISSING_FACTS_PENALTY",
    "GateSettings",
    "HardRule",
    "HookDecisions",
    "Policy",
    "PolicyException",
    "RuleOverride",
    "Thresholds",
]

DEFAULT_IRREVERSIBLE_PENALTY: Final = 20
"""Score `DeclarativeSpec.evaluate` adds when the action cannot be undone
(the default of `Policy.irreversible_penalty`)."""

DEFAULT_MISSING_FACTS_PENALTY: Final = 10
"""Score it adds when no rollback step can be built until facts are
supplied (the default of `Policy.missing_facts_penalty`)."""

DEFAULT_DRY_RUN_FROM_TIER: Final = Tier.HUMAN
"""The lowest tier at which a mutating action must pass a server dry run
first (the default of `Policy.dry_run_from_tier`)."""

_LAZY: Final = {
    "HardRule": "blastradius._policy_rows",
    "PolicyException": "blastradius._policy_rows",
    "RuleOverride": "blastradius._policy_rows",
    "GateSettings": "blastradius._policy_gate",
    "HookDecisions": "blastradius._policy_hook",
}


def __getattr__(name: str) -> Any:
    # The rows and the sections are served from their own modules when
    # first asked for, so that scoring with a policy that sets none of
    # them never loads them.
    module = _LAZY.get(name)
    if module is not None:
        import importlib

        return getattr(importlib.import_module(module), name)
    msg = f"module {__name__!r} has no attribute {name!r}"
    raise AttributeError(msg)


@attrs.frozen(kw_only=True, repr=False)  # __repr__: see attrs_repr
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

    __repr__ = attrs_repr

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


def _weight_globs(
    rows: tuple[WeightRule, ...], path: str, builtin: tuple[WeightRule, ...]
) -> tuple[tuple[Glob, ...], bool]:
    """
    Check *rows* and compile the policy's own patterns: those before the
    *builtin* table, and whether it follows them.
    """
    for i, row in enumerate(rows):
        if not isinstance(row, WeightRule):
            msg = f"expected a WeightRule, got {row!r}"
            raise PolicyError(msg, path=f"{path}[{i}]")
    own, keeps = split_builtin(rows, builtin)
    out: list[Glob] = []
    for i, row in enumerate(own):
        check_rule_id(row.id, f"{path}[{i}].id")
        out.append(compile_glob(row.pattern, f"{path}[{i}].patterns"))
    return tuple(out), keeps


def _table(
    own: tuple[Glob, ...], keeps: bool, builtin: tuple[WeightRule, ...]
) -> GlobTable:
    """
    The lookup table of *own* patterns, followed by the *builtin* table's
    when *keeps*.
    """
    from blastradius._glob import Glob, GlobTable

    rows = builtin if keeps else ()
    return GlobTable((*own, *(Glob(r.pattern) for r in rows)))


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


def _tier(value: object) -> object:
    """
    A `Tier`, or its value (``"human"``) as one; anything else is left for
    the validator to refuse.
    """
    if isinstance(value, str):
        try:
            return Tier(value)
        except ValueError:
            return value
    return value


def _section(value: object, key: str, module: str, what: str) -> Any:
    """
    Policy section *key* as `Policy` stores it: `None` for the built-in
    one (not given, `None`, or equal to it), else *value*, which must be
    an instance of the class *what* names (``"a Disclosure"``) in
    *module*. That module is imported here only when a section is given.
    """
    if value is None:
        return None
    import importlib

    cls = getattr(importlib.import_module(module), what.rsplit(maxsplit=1)[-1])
    if not isinstance(value, cls):
        msg = f"expected {what}, got {value!r}"
        raise PolicyError(msg, path=key)
    return None if value == cls() else value


def _gate(value: GateSettings | None) -> GateSettings | None:
    section: GateSettings | None = _section(
        value, "gate", "blastradius._policy_gate", "GateSettings"
    )
    return section


def _disclosure(value: Disclosure | None) -> Disclosure | None:
    section: Disclosure | None = _section(
        value, "disclosure", "blastradius._policy_disclosure", "a Disclosure"
    )
    return section


def _hook(value: HookDecisions | None) -> HookDecisions | None:
    section: HookDecisions | None = _section(
        value, "hook", "blastradius._policy_hook", "HookDecisions"
    )
    return section


def _check_penalty(_policy: object, field: Any, value: object) -> None:
    check_score(value, field.name)


def _check_tier(_policy: object, field: Any, value: object) -> None:
    if not isinstance(value, Tier):
        known = ", ".join(repr(t.value) for t in Tier)
        msg = f"expected a tier ({known}), not {value!r}"
        raise PolicyError(msg, path=field.name)


@attrs.frozen(kw_only=True, repr=False)  # __repr__: see attrs_repr
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
            action (`GateSettings`: approvals, their TTL, the budget of
            automatic runs).
        disclosure: How disclosure and exfiltration are judged
            (`Disclosure`: ``local``, ``trusted_hosts``).
        hook: What ``blastradius hook`` answers for each tier
            (`HookDecisions`: allow, ask or deny).
        irreversible_penalty: What `DeclarativeSpec.evaluate` adds to the
            score of an action whose rollback plan is ``irreversible``
            (0..99; the sum is clamped to 99).
        missing_facts_penalty: What it adds when the plan is
            ``incomplete`` or ``rejected``, or ``unsupported`` for a
            mutating action (0..99).
        dry_run_from_tier: The lowest tier at which
            `DeclarativeSpec.evaluate` requires a mutating kubectl action to
            pass a server dry run first (a `Tier` or its value, such as
            ``"dual"``; `Tier.BLOCKED` requires none, since blocked actions
            never run).

    The sections *gate*, *disclosure* and *hook* default to the built-in
    ones (given as `None`, or not given); a policy stores a built-in
    section as `None` and builds it when it is first read, so that
    scoring with the default policy does not load their modules. Equality,
    hashing, ``repr``, pickling and `fingerprint` see the sections
    themselves: ``Policy(gate=GateSettings()) == Policy()``.

    .. versionchanged:: 0.2
       *gate*, *disclosure*, *hook*, *irreversible_penalty*,
       *missing_facts_penalty*, *dry_run_from_tier*.

    >>> Policy().namespace_weight("kube-system").id
    'namespace.system'
    >>> Policy(dry_run_from_tier="dual").dry_run_from_tier
    <Tier.DUAL: 'dual'>
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
    _gate: GateSettings | None = attrs.field(
        default=None, alias="gate", converter=_gate
    )
    _disclosure: Disclosure | None = attrs.field(
        default=None, alias="disclosure", converter=_disclosure
    )
    _hook: HookDecisions | None = attrs.field(
        default=None, alias="hook", converter=_hook
    )
    irreversible_penalty: int = attrs.field(
        default=DEFAULT_IRREVERSIBLE_PENALTY, validator=_check_penalty
    )
    missing_facts_penalty: int = attrs.field(
        default=DEFAULT_MISSING_FACTS_PENALTY, validator=_check_penalty
    )
    dry_run_from_tier: Tier = attrs.field(
        default=DEFAULT_DRY_RUN_FROM_TIER,
        converter=_tier,
        validator=_check_tier,
    )

    _ns_globs: tuple[tuple[Glob, ...], bool] = attrs.field(
        init=False, eq=False, repr=False
    )
    _ctx_globs: tuple[tuple[Glob, ...], bool] = attrs.field(
        init=False, eq=False, repr=False
    )
    _alias_map: Mapping[str, str] = attrs.field(
        init=False, eq=False, repr=False
    )
    _analyzer_map: Mapping[str, Analyzer] = attrs.field(
        init=False, eq=False, repr=False
    )

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.thresholds, Thresholds):
            msg = f"expected Thresholds, got {self.thresholds!r}"
            raise PolicyError(msg, path="thresholds")
        # The patterns are checked now; the lookup tables, with the
        # built-in rows, are built at the first lookup (`_ns_table`).
        object.__setattr__(
            self,
            "_ns_globs",
            _weight_globs(
                self.namespace_weights,
                "namespaces.rules",
                DEFAULT_NAMESPACE_WEIGHTS,
            ),
        )
        object.__setattr__(
            self,
            "_ctx_globs",
            _weight_globs(
                self.context_weights, "contexts.rules", DEFAULT_CONTEXT_WEIGHTS
            ),
        )
        if not isinstance(self.unspecified_namespace, WeightRule):
            msg = f"expected a WeightRule, got {self.unspecified_namespace!r}"
            raise PolicyError(msg, path="namespaces.unspecified")
        check_rule_id(
            self.unspecified_namespace.id, "namespaces.unspecified_id"
        )
        if self.unspecified_namespace.pattern:
            msg = "the unspecified-namespace row has no pattern"
            raise PolicyError(msg, path="namespaces.unspecified")
        for name, target in self.aliases:
            check_program(name, f"aliases.{name}")
            if not isinstance(target, str):
                msg = f"expected a program name, got {target!r}"
                raise PolicyError(msg, path=f"aliases.{name}")
            check_program(target, f"aliases.{name}")
        for name, analyzer in self.analyzers:
            check_program(name, f"analyzers.{name}")
            if not callable(analyzer):
                msg = f"an analyzer must be callable, got {analyzer!r}"
                raise PolicyError(msg, path=f"analyzers.{name}")
        if self.hard_rules or self.overrides or self.exceptions:
            from blastradius._policy_rows import check_rows

            # with analyzers of its own, the policy may name their ids
            check_rows(
                self.hard_rules,
                self.overrides,
                self.exceptions,
                own_ids=bool(self.analyzers),
            )
        if self.aliases:
            from blastradius._policy_ids import check_aliases

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

    def __reduce__(self) -> tuple[Any, tuple[()]]:
        """
        Pickle as the constructor call with the public fields, so that an
        unpickled policy is validated and compiled again (``scan --jobs``
        sends it to worker processes).
        """
        import functools

        fields = {
            f.alias: getattr(self, f.name)
            for f in attrs.fields(type(self))
            if f.init
        }
        return (functools.partial(type(self), **fields), ())

    # the public fields, as given (``gate=GateSettings(…)``, not the
    # stored ``_gate=None``)
    __repr__ = attrs_repr

    # -- the sections, built on first read when built-in -------------------
    # (undocumented here: the class's *Attributes* describe them)

    @functools.cached_property
    def gate(self) -> GateSettings:
        if self._gate is not None:
            return self._gate
        from blastradius._policy_gate import GateSettings

        return GateSettings()

    @functools.cached_property
    def disclosure(self) -> Disclosure:
        if self._disclosure is not None:
            return self._disclosure
        from blastradius._policy_disclosure import Disclosure

        return Disclosure()

    @functools.cached_property
    def hook(self) -> HookDecisions:
        if self._hook is not None:
            return self._hook
        from blastradius._policy_hook import HookDecisions

        return HookDecisions()

    # -- lookups used by the scorer --------------------------------------

    @functools.cached_property
    def _ns_table(self) -> GlobTable:
        return _table(*self._ns_globs, DEFAULT_NAMESPACE_WEIGHTS)

    @functools.cached_property
    def _ctx_table(self) -> GlobTable:
        return _table(*self._ctx_globs, DEFAULT_CONTEXT_WEIGHTS)

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

        >>> from blastradius import RuleOverride
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

    @functools.cached_property
    def fingerprint(self) -> str:
        """
        A stable hash of the policy's contents (16 hex digits): the same
        for equal policies, in any process and on any Python version.

        It is computed from the fields themselves (every field, by name;
        analyzers by module and qualified name), not from the TOML text.

        >>> Policy().fingerprint == Policy().fingerprint
        True
        """
        return _sha256(_canonical(self).encode())[:16]

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
        from blastradius._policy_merge import merge

        return merge(self, overlay, override=override)


def _public_fields(record: Any) -> Iterable[tuple[str, Any]]:
    """
    The fields an attrs *record* is built from, as ``(name, value)`` in
    order: by the name its constructor takes, read from the attribute of
    that name (for `Policy`'s sections, the property that builds a
    built-in one).
    """
    for f in attrs.fields(type(record)):
        if f.init:
            yield f.alias, getattr(record, f.alias)


def _sha256(data: bytes) -> str:
    """
    The SHA-256 digest of *data* in hex, as `hashlib.sha256` computes it.

    CPython's own SHA-256 module (``_sha2`` from 3.12, ``_sha256`` before)
    is used when present: ``import hashlib`` loads OpenSSL's ``_hashlib``,
    and every `blastradius.score` reads a policy's fingerprint. The
    evidence for this one trick (``-X importtime``, Python 3.11, load about
    4, cumulative µs of 7 fresh interpreters): ``import hashlib`` 3,689 to
    9,728, ``import _sha256`` 226 to 385 — 3.5 ms or more of the 25 ms that
    ``score("kubectl get pods")`` may add to an interpreter (issue 17), so
    over 10 % of it. Where neither module exists, `hashlib` serves; a test
    holds the digests equal.

    >>> import hashlib
    >>> _sha256(b"x") == hashlib.sha256(b"x").hexdigest()
    True
    """
    try:
        from _sha2 import sha256  # type: ignore[import-not-found]
    except ImportError:
        try:
            from _sha256 import sha256  # type: ignore[import-not-found]
        except ImportError:
            from hashlib import sha256
    digest: str = sha256(data).hexdigest()
    return digest


def _canonical(value: object) -> str:
    """
    *value* as text that depends only on its contents, the same in every
    process and on every Python version: records by type name and fields
    sorted by name, texts as `ascii` writes them, numbers by `repr`,
    enums by value, date-times in ISO 8601, anything else (an analyzer) by
    module and qualified name.

    >>> _canonical(Thresholds())
    'Thresholds(auto=10,dual=99,human=50)'
    """
    if value is None or isinstance(value, bool):
        return repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value + 0.0)  # -0.0 equals 0.0, so it is written alike
    if isinstance(value, str):
        return ascii(value)
    if isinstance(value, tuple):
        return "(" + ",".join(_canonical(v) for v in value) + ")"
    if isinstance(value, Enum):
        return f"{type(value).__name__}.{_canonical(value.value)}"
    cls = type(value)
    if attrs.has(cls):
        inner = ",".join(
            f"{name}={_canonical(v)}"
            for name, v in sorted(_public_fields(value), key=lambda f: f[0])
        )
        return f"{cls.__name__}({inner})"
    isoformat = getattr(value, "isoformat", None)
    if isoformat is not None:  # an exception's expiry (a UTC datetime)
        return f"datetime({isoformat()})"
    module = getattr(value, "__module__", "?")
    name = getattr(value, "__qualname__", type(value).__qualname__)
    return f"code({module}.{name})"
