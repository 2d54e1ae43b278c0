"""
The kubectl rows only some commands need: modifiers (for a mutating or
destructive action), special cases (for their paths), hard rules (for
theirs) and the environment variables that run programs.

`blastradius.families.kubectl.rules` serves these names too; the analyzer
imports this module only when a command needs it, so that ``kubectl get
pods`` does not pay for building them. `SPECIAL_PATHS` and `HARD_PATHS`
in the rules module name, as literal data, the paths that need it.

>>> HARD_BY_PATH[("delete",)][0].id
'kubectl.delete.namespace'
"""

from __future__ import annotations

import enum

from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING

import attrs

from blastradius._model import Effect


if TYPE_CHECKING:
    from blastradius.families.kubectl.grammar import KubectlCall


__all__ = [
    "ENV_BY_NAME",
    "ENV_RULES",
    "HARD_BY_PATH",
    "HARD_RULES",
    "MODIFIERS",
    "SPECIALS",
    "SPECIALS_BY_PATH",
    "Check",
    "EnvRule",
    "HardRule",
    "ModifierRule",
    "SpecialRule",
    "fires",
    "modifier_plan",
]


@enum.unique
class Check(enum.Enum):
    """
    What a modifier or special rule looks at.
    """

    FLAG = "flag"  # any of *flags* given (and not =false)
    VALUE = "value"  # any of *flags* given with a value in *values*
    NAMES = "names"  # more than one object named
    RESOURCE = "resource"  # any object of a kind in *values*
    FINALIZERS = "finalizers"  # a patch that removes finalizers


@attrs.frozen(kw_only=True)
class ModifierRule:
    """
    A flag or scope that widens or forces a changing action.

    Added (its *score*) to the command's action score when the action
    mutates or destroys and is not a dry run; *paths* limits it to some
    commands (empty: every command).
    """

    id: str
    score: int
    test: Check
    flags: tuple[str, ...] = ()
    values: frozenset[str] = frozenset()
    paths: frozenset[tuple[str, ...]] = frozenset()
    message: str = ""


MODIFIERS: tuple[ModifierRule, ...] = (
    ModifierRule(
        id="kubectl.scope.several-names",
        score=5,
        test=Check.NAMES,
        message="acts on several named objects",
    ),
    ModifierRule(
        id="kubectl.scope.selector",
        score=10,
        test=Check.FLAG,
        flags=("selector", "field-selector"),
        message="acts on every object a selector matches",
    ),
    ModifierRule(
        id="kubectl.scope.all",
        score=20,
        test=Check.FLAG,
        flags=("all",),
        message="acts on every object of the kind",
    ),
    ModifierRule(
        id="kubectl.scope.all-namespaces",
        score=30,
        test=Check.FLAG,
        flags=("all-namespaces",),
        message="acts in every namespace",
    ),
    ModifierRule(
        id="kubectl.force",
        score=10,
        test=Check.FLAG,
        flags=("force",),
        message="forces the change",
    ),
    ModifierRule(
        id="kubectl.grace-period-zero",
        score=10,
        test=Check.VALUE,
        flags=("grace-period",),
        values=frozenset({"0"}),
        message="kills without a grace period",
    ),
    ModifierRule(
        id="kubectl.cascade-orphan",
        score=10,
        test=Check.VALUE,
        flags=("cascade",),
        values=frozenset({"orphan", "false"}),
        message="orphans dependent objects",
    ),
    ModifierRule(
        id="kubectl.replicas-zero",
        score=25,
        test=Check.VALUE,
        flags=("replicas",),
        values=frozenset({"0"}),
        paths=frozenset({("scale",)}),
        message="scales to zero replicas",
    ),
    ModifierRule(
        id="kubectl.prune",
        score=15,
        test=Check.FLAG,
        flags=("prune",),
        message="deletes objects missing from the manifests",
    ),
    ModifierRule(
        id="kubectl.overwrite",
        score=5,
        test=Check.FLAG,
        flags=("overwrite",),
        message="overwrites existing values",
    ),
    ModifierRule(
        id="kubectl.force-conflicts",
        score=5,
        test=Check.FLAG,
        flags=("force-conflicts",),
        message="takes fields over from other managers",
    ),
    ModifierRule(
        id="kubectl.drain.delete-emptydir-data",
        score=10,
        test=Check.FLAG,
        flags=("delete-emptydir-data", "delete-local-data"),
        paths=frozenset({("drain",)}),
        message="deletes pods' emptyDir data",
    ),
    ModifierRule(
        id="kubectl.drain.disable-eviction",
        score=15,
        test=Check.FLAG,
        flags=("disable-eviction",),
        paths=frozenset({("drain",)}),
        message="deletes pods, bypassing disruption budgets",
    ),
)
"""Scope and force modifiers."""


@attrs.frozen(kw_only=True)
class SpecialRule:
    """
    A case where a command does more (or less) than its path says.

    Emitted as an extra action finding with its own *effect* and *base*;
    when *replaces* is set it stands instead of the path's action.
    """

    id: str
    path: tuple[str, ...]
    test: Check
    effect: Effect
    base: int
    flags: tuple[str, ...] = ()
    values: frozenset[str] = frozenset()
    replaces: bool = False
    scoped: bool = True
    message: str = ""


SPECIALS: tuple[SpecialRule, ...] = (
    SpecialRule(
        id="kubectl.apply.prune",
        path=("apply",),
        test=Check.FLAG,
        flags=("prune",),
        effect=Effect.DESTRUCTIVE,
        base=24,
        message="apply --prune deletes objects missing from the manifests",
    ),
    SpecialRule(
        id="kubectl.replace.force",
        path=("replace",),
        test=Check.FLAG,
        flags=("force",),
        effect=Effect.DESTRUCTIVE,
        base=26,
        message="replace --force deletes and recreates the objects",
    ),
    SpecialRule(
        id="kubectl.patch.finalizers",
        path=("patch",),
        test=Check.FINALIZERS,
        flags=("patch",),
        effect=Effect.DESTRUCTIVE,
        base=26,
        message="removing finalizers lets deletion skip its clean-up",
    ),
    SpecialRule(
        id="kubectl.config.view.raw",
        path=("config", "view"),
        test=Check.FLAG,
        flags=("raw",),
        effect=Effect.INDIRECT,
        base=55,
        scoped=False,
        message="config view --raw prints credentials",
    ),
    SpecialRule(
        id="kubectl.config.set-credentials.exec",
        path=("config", "set-credentials"),
        test=Check.FLAG,
        flags=("exec-command",),
        effect=Effect.LOCAL,
        base=20,
        scoped=False,
        message="configures a program kubectl runs for credentials",
    ),
    SpecialRule(
        id="kubectl.run.interactive",
        path=("run",),
        test=Check.FLAG,
        flags=("stdin", "tty", "attach"),
        effect=Effect.INDIRECT,
        base=20,
        message="runs a pod and attaches to it",
    ),
    SpecialRule(
        id="kubectl.debug.node",
        path=("debug",),
        test=Check.RESOURCE,
        values=frozenset({"nodes"}),
        effect=Effect.INDIRECT,
        base=30,
        scoped=False,
        message="debug node/… runs a pod with the node's file system",
    ),
    SpecialRule(
        id="kubectl.set.env.list",
        path=("set", "env"),
        test=Check.FLAG,
        flags=("list",),
        effect=Effect.READ_ONLY,
        base=0,
        replaces=True,
        message="--list only prints",
    ),
    SpecialRule(
        id="kubectl.label.list",
        path=("label",),
        test=Check.FLAG,
        flags=("list",),
        effect=Effect.READ_ONLY,
        base=0,
        replaces=True,
        message="--list only prints",
    ),
    SpecialRule(
        id="kubectl.annotate.list",
        path=("annotate",),
        test=Check.FLAG,
        flags=("list",),
        effect=Effect.READ_ONLY,
        base=0,
        replaces=True,
        message="--list only prints",
    ),
)
"""Special cases, by path."""


@attrs.frozen(kw_only=True)
class HardRule:
    """
    A command that is always blocked (unless it is a dry run).

    Fires when the path is in *paths*, any object is of a kind in
    *resources* (any kind when empty) and every flag of *requires* is
    given.
    """

    id: str
    paths: frozenset[tuple[str, ...]]
    resources: frozenset[str] = frozenset()
    requires: tuple[str, ...] = ()
    message: str = ""


_DELETE = frozenset({("delete",)})

HARD_RULES: tuple[HardRule, ...] = (
    HardRule(
        id="kubectl.delete.namespace",
        paths=_DELETE,
        # An OpenShift project is its namespace: deleting one deletes both.
        resources=frozenset({"namespaces", "projects"}),
        message="deleting a namespace deletes everything in it",
    ),
    HardRule(
        id="kubectl.delete.persistentvolume",
        paths=_DELETE,
        resources=frozenset({"persistentvolumes"}),
        message="deleting a persistent volume can destroy its data",
    ),
    HardRule(
        id="kubectl.delete.persistentvolumeclaim",
        paths=_DELETE,
        resources=frozenset({"persistentvolumeclaims"}),
        message="deleting a volume claim can destroy its data",
    ),
    HardRule(
        id="kubectl.delete.clusterrole",
        paths=_DELETE,
        resources=frozenset({"clusterroles"}),
        message="deleting a cluster role can lock out users and controllers",
    ),
    HardRule(
        id="kubectl.delete.customresourcedefinition",
        paths=_DELETE,
        resources=frozenset({"customresourcedefinitions", "api-extensions"}),
        message="deleting a CRD deletes every object of its kind",
    ),
    HardRule(
        id="kubectl.delete.everything",
        paths=_DELETE,
        requires=("all", "all-namespaces"),
        message="--all in every namespace deletes cluster-wide",
    ),
)
"""Hard rules: always blocked."""


@attrs.frozen(kw_only=True)
class EnvRule:
    """
    An environment variable that makes kubectl run a program or read a
    file, given as a leading assignment (``KUBE_EDITOR=vim kubectl edit``).

    *how* says what the value is: ``script`` (run by a shell), ``argv``
    (split on blanks and run) or ``kubeconfig`` (a file that may name
    credential plugins).
    """

    id: str
    names: frozenset[str]
    how: str
    message: str = ""


ENV_RULES: tuple[EnvRule, ...] = (
    EnvRule(
        id="kubectl.env.editor",
        names=frozenset({"KUBE_EDITOR", "EDITOR"}),
        how="script",
        message="kubectl runs this editor",
    ),
    EnvRule(
        id="kubectl.env.external-diff",
        names=frozenset({"KUBECTL_EXTERNAL_DIFF"}),
        how="argv",
        message="kubectl diff runs this program",
    ),
    EnvRule(
        id="kubectl.kubeconfig.unknown",
        names=frozenset({"KUBECONFIG"}),
        how="kubeconfig",
        message="a kubeconfig file may run credential plugins",
    ),
)
"""Environment variables that run programs."""


# -- views, built once --------------------------------------------------


def _build_specials() -> Mapping[tuple[str, ...], tuple[SpecialRule, ...]]:
    table: dict[tuple[str, ...], list[SpecialRule]] = {}
    for s in SPECIALS:
        table.setdefault(s.path, []).append(s)
    return MappingProxyType({k: tuple(v) for k, v in table.items()})


SPECIALS_BY_PATH = _build_specials()
"""`SPECIALS` by path."""

_GENERAL_MODIFIERS: tuple[ModifierRule, ...] = tuple(
    m for m in MODIFIERS if not m.paths
)
_MODIFIERS_BY_PATH: Mapping[tuple[str, ...], tuple[ModifierRule, ...]] = (
    MappingProxyType(
        {
            p: tuple(m for m in MODIFIERS if not m.paths or p in m.paths)
            for p in {p for m in MODIFIERS for p in m.paths}
        }
    )
)
HARD_BY_PATH: Mapping[tuple[str, ...], tuple[HardRule, ...]] = (
    MappingProxyType(
        {
            p: tuple(h for h in HARD_RULES if p in h.paths)
            for p in {p for h in HARD_RULES for p in h.paths}
        }
    )
)
_ModifierPlan = tuple[
    tuple[ModifierRule, ...],
    Mapping[str, tuple[int, ...]],
    tuple[int, ...],
]


def _plan(modifiers: tuple[ModifierRule, ...]) -> _ModifierPlan:
    """
    *modifiers*; for each flag their flag-tested rows look at, the indexes
    of those rows; the indexes of the rows that need no flag.
    """
    by_flag: dict[str, list[int]] = {}
    for i, m in enumerate(modifiers):
        if m.test is not Check.NAMES:
            for f in m.flags:
                rows = by_flag.setdefault(f, [])
                if i not in rows:
                    rows.append(i)
    names = tuple(i for i, m in enumerate(modifiers) if m.test is Check.NAMES)
    return (
        modifiers,
        MappingProxyType({f: tuple(v) for f, v in by_flag.items()}),
        names,
    )


_GENERAL_PLAN = _plan(_GENERAL_MODIFIERS)
_PLAN_BY_PATH: Mapping[tuple[str, ...], _ModifierPlan] = MappingProxyType(
    {p: _plan(m) for p, m in _MODIFIERS_BY_PATH.items()}
)


def modifier_plan(path: tuple[str, ...]) -> _ModifierPlan:
    """
    The modifiers that may fire on *path*; for each flag, the indexes of
    the rows testing it; the indexes of the rows that need no flag.
    """
    return _PLAN_BY_PATH.get(path, _GENERAL_PLAN)


ENV_BY_NAME: Mapping[str, EnvRule] = MappingProxyType(
    {n: r for r in ENV_RULES for n in r.names}
)
"""`ENV_RULES` by variable name."""


def fires(
    test: Check,
    flags: tuple[str, ...],
    values: frozenset[str],
    call: KubectlCall,
) -> tuple[str, ...] | None:
    """
    The words that make a modifier or special fire, or `None`.
    """
    if test is Check.FLAG:
        for f in flags:
            if call.has(f):
                return (f"--{f}",)
        return None
    if test is Check.VALUE:
        for f in flags:
            v = call.flag(f)
            if v is not None and v in values:
                return (f"--{f}={v}",)
        return None
    if test is Check.NAMES:
        names = {r.name for r in call.resources if r.name is not None}
        return tuple(sorted(names)) if len(names) > 1 else None
    if test is Check.RESOURCE:
        for r in call.resources:
            if r.resource in values:
                return r.words
        return None
    for f in flags:
        for v in call.values(f):
            if v is not None and _removes_finalizers(v):
                return (f"--{f}", v)
    return None


def _removes_finalizers(patch: str) -> bool:
    """
    Whether a patch text clears or removes ``metadata.finalizers``.
    """
    if "finalizers" not in patch:
        return False
    compact = "".join(patch.split())
    return any(
        marker in compact
        for marker in (
            '"finalizers":null',
            '"finalizers":[]',
            "finalizers:null",
            "finalizers:[]",
            "finalizers:~",
            '"$patch":"delete"',
            "$patch:delete",
            '"op":"remove"',
            "op:remove",
            '"op":"replace"',
        )
    )
