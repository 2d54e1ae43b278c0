"""
The kubectl analyzer: a `KubectlCall` → findings.

It reads the call `blastradius.families.kubectl.grammar` parsed, and the
rows of `blastradius.families.kubectl.rules`; it returns findings and never
weighs them (the scorer does).

>>> from blastradius.families.kubectl.grammar import parse_kubectl
>>> call_effect(parse_kubectl(["kubectl", "delete", "ns", "prod"]))
<Effect.DESTRUCTIVE: 'destructive'>
"""

from __future__ import annotations

import importlib
import sys

from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import chain
from types import MappingProxyType, ModuleType
from typing import TYPE_CHECKING, Final

from blastradius._model import Effect, Finding, Kind, SimpleCommand
from blastradius.families.kubectl.grammar import (
    KubectlCall,
    manifest_kinds,
    parse_command,
)
from blastradius.families.kubectl.rules import (
    ACTION_BY_PATH,
    DRY_RUN_RULE,
    EFFECT_ORDER,
    HARD_PATHS,
    LOCAL_OK,
    LOCAL_RULE,
    RESOURCE_BY_PLURAL,
    SPECIAL_PATHS,
    UNKNOWN_RULES,
    ActionRule,
    ResourceRule,
)


if TYPE_CHECKING:
    from blastradius.analyzers import Analyzer, Context, Output
    from blastradius.families.kubectl.modifiers import SpecialRule


__all__ = [
    "ANALYZER",
    "ANALYZERS",
    "analyze",
    "analyze_call",
    "call_effect",
]

PROGRAM = "kubectl"
_MODIFIERS = "blastradius.families.kubectl.modifiers"


def _more() -> ModuleType:
    """
    `blastradius.families.kubectl.modifiers`, imported the first time a
    command needs its rows. Its only state is the interpreter's module
    table: a function-level ``from … import`` costs about 1 µs a call
    (measured), a module table lookup a twentieth of that, and this runs
    for most commands that change something.
    """
    found = sys.modules.get(_MODIFIERS)
    if found is None:
        found = importlib.import_module(_MODIFIERS)
    return found


_FILE_FLAGS = ("filename", "kustomize", "patch-file")


# -- findings -------------------------------------------------------------
#
# The private tables are plain dicts typed `Mapping` (read only, never
# changed): a dict's ``get`` costs about half a `MappingProxyType`'s.

_FILE_FLAG_SET = frozenset(_FILE_FLAGS)
_FILE_ORDER: Mapping[str, int] = {f: i for i, f in enumerate(_FILE_FLAGS)}
"""The file flags, in the order their findings are listed."""
_ROWS: Mapping[str, ResourceRule] = dict(RESOURCE_BY_PLURAL)
"""`RESOURCE_BY_PLURAL` (a `ResourceRef`'s row, without its property)."""
_WEIGHT: Mapping[str, int] = {
    plural: row.weight for plural, row in RESOURCE_BY_PLURAL.items()
}
"""`ResourceRule.weight` of each row of `RESOURCE_BY_PLURAL` (the rows
`_targets` yields), without the enum lookup."""

_PathPlan = tuple[ActionRule, bool, bool, bool]
"""An action's findings plan: its row, whether ``--local`` may make it a
no-op, whether it has special cases, whether hard rules look at it."""

_PATH_PLANS: Mapping[tuple[str, ...], _PathPlan] = {
    p: (rule, p in LOCAL_OK, p in SPECIAL_PATHS, p in HARD_PATHS)
    for p, rule in ACTION_BY_PATH.items()
}

_MANIFEST = "kubectl.manifest.contents-unknown"
_MANIFEST_MESSAGE = UNKNOWN_RULES[_MANIFEST]


def _finding(  # noqa: PLR0913 - one builder for every finding
    rule: str,
    kind: Kind,
    words: Iterable[str],
    message: str,
    *,
    score: int = 0,
    effect: Effect | None = None,
    call: KubectlCall | None = None,
    scoped: bool = False,
    namespace: str | None = None,
    resource: str | None = None,
) -> Finding:
    return Finding(
        rule=rule,
        program=PROGRAM,
        words=tuple(words),
        score=score,
        kind=kind,
        message=message,
        effect=effect,
        scoped=scoped,
        namespace=namespace,
        context=call.context if call is not None and scoped else None,
        resource=resource,
    )


def _unknowns(call: KubectlCall, out: list[Finding]) -> None:
    changes: bool | None = None
    for what, word in call.problems:
        if what == "resource":
            if changes is None:
                changes = _changes(call)
            if not changes:
                continue
        rule = f"kubectl.{what}.unknown"
        out.append(_finding(rule, Kind.UNKNOWN, (word,), UNKNOWN_RULES[rule]))
    if call.kubeconfig is not None and call.path[:1] != ("config",):
        # config subcommands only read or edit the file: they never
        # contact a cluster, so no credential plugin runs
        rule = "kubectl.kubeconfig.unknown"
        out.append(
            _finding(
                rule,
                Kind.UNKNOWN,
                ("--kubeconfig", call.kubeconfig),
                UNKNOWN_RULES[rule],
            )
        )


def _changes(call: KubectlCall) -> bool:
    rule = ACTION_BY_PATH.get(call.path)
    return (
        rule is not None
        and _is_changing(rule.effect)
        and not _no_change(call, rule)
    )


def _is_severe(effect: Effect | None) -> bool:
    """
    Mutating or destructive (identity tests: hashing an enum is slow).
    """
    return effect is Effect.MUTATING or effect is Effect.DESTRUCTIVE


def _is_changing(effect: Effect | None) -> bool:
    """
    Severe, or indirect (``exec``, ``port-forward``, …).
    """
    return _is_severe(effect) or effect is Effect.INDIRECT


def _no_change(call: KubectlCall, rule: ActionRule) -> bool:
    if not rule.dry_run:
        return False
    return call.dry_run or (rule.path in LOCAL_OK and call.has("local"))


def _env(cmd: SimpleCommand) -> Iterator[Output]:
    env_by_name = _more().ENV_BY_NAME
    for name, value in cmd.assignments:
        rule = env_by_name.get(name)
        if rule is None:
            continue
        words = (f"{name}={value}",)
        if rule.how == "kubeconfig":
            yield _finding(rule.id, Kind.UNKNOWN, words, rule.message)
            continue
        yield _finding(rule.id, Kind.INFO, words, rule.message)
        from blastradius._handoff import Nested

        if rule.how == "script":
            yield Nested(script=value, via=name)
        else:
            yield Nested(argv=value.split(), via=name)


def _targets(
    call: KubectlCall, rule: ActionRule
) -> list[tuple[ResourceRule | None, tuple[str, ...]]]:
    """
    The distinct kinds the action touches, with the words naming each.
    """
    resources = call.resources
    if not resources:
        implied = rule.implied
        return [(_ROWS[implied] if implied else None, ())]
    if len(resources) == 1:
        r = resources[0]
        words = r.words
        if len(words) == 2 and words[0] == words[1]:
            words = words[:1]
        return [(_ROWS.get(r.resource), words)]
    # the words of each kind, deduplicated in order by dict keys: linear
    # in the number of names (a list's ``not in`` made ``delete pod p0 …
    # p99999`` take minutes)
    seen: dict[str, tuple[ResourceRule | None, dict[str, None]]] = {}
    for r in resources:
        entry = seen.setdefault(r.resource, (_ROWS.get(r.resource), {}))
        entry[1].update(dict.fromkeys(r.words))
    return [(row, tuple(words)) for row, words in seen.values()]


def _scope_ns(call: KubectlCall, row: ResourceRule | None) -> str | None:
    if call.all_namespaces:
        return None
    if row is not None and not row.namespaced and not row.members:
        return None
    for r in call.resources:
        if r.namespace is not None:
            return r.namespace
    return call.namespace


def _actions(
    call: KubectlCall,
    rule: ActionRule,
    candidates: tuple[SpecialRule, ...] | None,
    out: list[Finding],
) -> bool:
    """
    Append the action findings of *call* to *out* (*candidates*: the
    specials of its path); whether any of them is severe (mutating or
    destructive).
    """
    path_words = call.path_words
    specials: list[tuple[SpecialRule, tuple[str, ...]]] = []
    replaced = False
    if candidates:
        fires = _more().fires
        for s in candidates:
            words = fires(s.test, s.flags, s.values, call)
            if words is not None:
                specials.append((s, words))
                if s.replaces:
                    replaced = True
    severe = False
    if not replaced:
        effect = rule.effect
        destroys = effect is Effect.DESTRUCTIVE
        severe = destroys or effect is Effect.MUTATING
        base = rule.base
        scoped = base > 0 and effect is not Effect.LOCAL
        context = call.context if scoped else None
        for row, words in _targets(call, rule):
            if row is None:
                score = base
                message = rule.message
                resource = None
            else:
                resource = row.resource
                if destroys:
                    score = max(1, base + _WEIGHT[resource])
                elif severe:
                    score = max(1, base + _WEIGHT[resource] // 2)
                else:
                    score = base
                message = f"{rule.message} ({resource})"
            out.append(
                Finding(
                    rule=rule.id,
                    program=PROGRAM,
                    words=(*path_words, *words),
                    score=score,
                    kind=Kind.ACTION,
                    message=message,
                    effect=effect,
                    scoped=scoped,
                    namespace=_scope_ns(call, row) if scoped else None,
                    context=context,
                    resource=resource,
                )
            )
    for s, words in specials:
        severe = severe or _is_severe(s.effect)
        out.append(
            _finding(
                s.id,
                Kind.ACTION,
                (*path_words, *words),
                s.message,
                score=s.base,
                effect=s.effect,
                call=call,
                scoped=s.scoped and s.base > 0,
                namespace=_scope_ns(call, None) if s.scoped else None,
            )
        )
    return severe


def call_effect(call: KubectlCall) -> Effect:
    """
    The most severe effect of *call*'s actions (`Effect.UNKNOWN` for an
    unknown command).

    >>> from blastradius.families.kubectl.grammar import parse_kubectl
    >>> call_effect(parse_kubectl(["kubectl", "apply", "--prune", "-f", "x"]))
    <Effect.DESTRUCTIVE: 'destructive'>
    """
    out: list[Finding] = []
    _call_findings(call, out)
    effects = [
        f.effect for f in out if f.kind is Kind.ACTION and f.effect is not None
    ]
    if not effects:
        return Effect.UNKNOWN if call.problems else Effect.READ_ONLY
    return max(effects, key=EFFECT_ORDER.__getitem__)


def _modifiers(call: KubectlCall, out: list[Finding]) -> None:
    """
    Append the modifiers of *call*, a mutating or destructive action.
    """
    more = _more()
    modifiers, by_flag, names = more.modifier_plan(call.path)
    # Only rows testing a flag given can fire, or rows testing the names
    # when there are several objects (most commands: none at all).
    given = [by_flag[f] for f in call.last if f in by_flag]
    if len(call.resources) > 1:
        given.append(names)
    if not given:
        return
    # each tuple is in table order; several are merged in table order
    rows = given[0] if len(given) == 1 else sorted({*chain(*given)})
    fires = more.fires
    for i in rows:
        m = modifiers[i]
        words = fires(m.test, m.flags, m.values, call)
        if words is not None:
            out.append(
                Finding(
                    rule=m.id,
                    program=PROGRAM,
                    words=words,
                    score=m.score,
                    kind=Kind.MODIFIER,
                    message=m.message,
                )
            )


def _hard(call: KubectlCall, out: list[Finding]) -> None:
    """
    Append the hard rules *call* fires.
    """
    kinds = {r.resource for r in call.resources}
    for h in _more().HARD_BY_PATH.get(call.path, ()):
        if h.resources and kinds.isdisjoint(h.resources):
            continue
        if h.requires and not all(call.has(f) for f in h.requires):
            continue
        fired = [
            w
            for r in call.resources
            if not h.resources or r.resource in h.resources
            for w in r.words
        ]
        fired.extend(f"--{f}" for f in h.requires)
        out.append(
            _finding(
                h.id,
                Kind.HARD,
                (*call.path_words, *fired),
                h.message,
                score=100,
                effect=Effect.DESTRUCTIVE,
                namespace=call.namespace,
            )
        )


def _call_findings(call: KubectlCall, out: list[Finding]) -> None:
    """
    Append the findings of *call* to *out*.
    """
    given = call.last
    if call.problems or "kubeconfig" in given:
        _unknowns(call, out)
    path = call.path
    plan = _PATH_PLANS.get(path)
    if plan is None:
        return
    rule, local_ok, has_specials, has_hards = plan
    if rule.dry_run and (call.dry_run or (local_ok and call.has("local"))):
        _dry_run(call, rule, out)
        return
    specials = None
    if has_specials:
        specials = _more().SPECIALS_BY_PATH.get(path)
    if _actions(call, rule, specials, out):
        _modifiers(call, out)
    if has_hards:
        _hard(call, out)
    effect = rule.effect
    if (
        effect is Effect.MUTATING
        or effect is Effect.DESTRUCTIVE
        or effect is Effect.INDIRECT
    ) and not _FILE_FLAG_SET.isdisjoint(given):
        _manifests(call, out)


def _dry_run(call: KubectlCall, rule: ActionRule, out: list[Finding]) -> None:
    """
    Append the one action of *call*, a dry run (or ``--local``) of *rule*.
    """
    local = not call.dry_run
    row = LOCAL_RULE if local else DRY_RUN_RULE
    out.append(
        _finding(
            row.id,
            Kind.ACTION,
            (*call.path_words, "--local" if local else "--dry-run"),
            f"{row.message} ({rule.id})",
            score=row.base,
            effect=row.effect,
            call=call,
            scoped=row.base > 0,
            namespace=call.namespace,
        )
    )


def _manifests(call: KubectlCall, out: list[Finding]) -> None:
    """
    Append a finding for each file, URL or stdin *call*'s objects come
    from (``-f``, ``-k``, ``--patch-file``), by flag then in order.
    """
    given = [(f, v) for f, v in call.flags if f in _FILE_FLAG_SET]
    if len(given) > 1:
        given.sort(key=lambda pair: _FILE_ORDER[pair[0]])
    for f, v in given:
        where = "stdin" if v == "-" else repr(v)
        out.append(
            Finding(
                rule=_MANIFEST,
                program=PROGRAM,
                words=(f"--{f}", v or ""),
                kind=Kind.UNKNOWN,
                message=f"{_MANIFEST_MESSAGE}: {where}",
            )
        )


def analyze_call(
    cmd: SimpleCommand, call: KubectlCall, ctx: Context
) -> Sequence[Output]:
    """
    The findings of kubectl command *cmd*, read by the grammar as *call*.
    """
    if cmd.stdin is not None and "-" in call.values("filename"):
        kinds = manifest_kinds(cmd.stdin)
        if kinds:
            call = call.evolve(resources=(*call.resources, *kinds))
    del ctx
    out: list[Finding] = []
    if cmd.unknown_args:
        rule = "kubectl.dynamic.unknown"
        out.append(
            _finding(
                rule,
                Kind.UNKNOWN,
                (cmd.argv[0],),
                f"{UNKNOWN_RULES[rule]}: more words are added when it runs",
            )
        )
    _call_findings(call, out)
    return [*_env(cmd), *out] if cmd.assignments else out


def analyze(cmd: SimpleCommand, ctx: Context) -> Sequence[Output]:
    """
    The kubectl analyzer: findings for one kubectl command.
    """
    return analyze_call(cmd, parse_command(cmd), ctx)


class _KubectlAnalyzer:
    """
    The registry's kubectl analyzer: `analyze` as a callable, and
    `read_call`, which the scorer uses to keep the call it reads.
    """

    __slots__ = ()

    def __call__(self, cmd: SimpleCommand, ctx: Context) -> Sequence[Output]:
        return analyze_call(cmd, parse_command(cmd), ctx)

    def read_call(
        self, cmd: SimpleCommand, ctx: Context
    ) -> tuple[KubectlCall, Sequence[Output]]:
        """
        *cmd* read by the grammar, and its findings from that call.
        """
        call = parse_command(cmd)
        return call, analyze_call(cmd, call, ctx)

    def __repr__(self) -> str:
        return "<kubectl analyzer>"


ANALYZER: Final = _KubectlAnalyzer()
"""The kubectl (and ``oc``) analyzer of the registry."""

ANALYZERS: Mapping[str, Analyzer] = MappingProxyType(
    {"kubectl": ANALYZER, "oc": ANALYZER}
)
