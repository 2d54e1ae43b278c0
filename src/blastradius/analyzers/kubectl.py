"""
Analyzer family: kubectl.

`parse_kubectl` reads an argv the way kubectl (cobra + pflag) does: global
flags anywhere and in every form, the command path from kubectl's own
command tree (aliases included), resources in every spelling kubectl
accepts, ``--`` and what follows it. `analyze` turns the parsed call into
findings from the tables in `blastradius.rules.kubectl`.

>>> call = parse_kubectl(["kubectl", "-nprod", "delete", "ns/x,po"])
>>> call.path, call.namespace, [r.resource for r in call.resources]
(('delete',), 'prod', ['namespaces'])
>>> call.unknown
()
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING

import attrs

from blastradius._model import (
    Effect,
    Finding,
    Kind,
    SimpleCommand,
    _setters,
)
from blastradius.rules import _data_kubectl as _data
from blastradius.rules.kubectl import (
    ACTION_BY_PATH,
    DRY_RUN_RULE,
    EFFECT_ORDER,
    ENV_RULES,
    HARD_RULES,
    LOCAL_OK,
    LOCAL_RULE,
    MODIFIERS,
    RESOURCE_BY_PLURAL,
    RESOURCES,
    SPECIALS,
    UNKNOWN_RULES,
    ActionRule,
    Check,
    EnvRule,
    Grammar,
    HardRule,
    ModifierRule,
    ResourceRule,
    SpecialRule,
)


if TYPE_CHECKING:
    from blastradius.analyzers import Analyzer, Context, Output


__all__ = [
    "ANALYZERS",
    "KubectlCall",
    "ResourceRef",
    "analyze",
    "call_effect",
    "manifest_kinds",
    "parse_kubectl",
    "resolve_resource",
    "resources_from_api_path",
]

PROGRAM = "kubectl"


# -- grammar tables (built once) -------------------------------------------

_ROOT: tuple[str, ...] = ()


def _children() -> Mapping[tuple[str, ...], Mapping[str, tuple[str, ...]]]:
    table: dict[tuple[str, ...], dict[str, tuple[str, ...]]] = {
        _ROOT: {},
        ("help",): {},
    }
    for path, aliases, _subs, _source in _data.COMMANDS:
        parent = path[:-1]
        names = table.setdefault(parent, {})
        names[path[-1]] = path
        for alias in aliases:
            names.setdefault(alias, path)
        table.setdefault(path, {})
    table[_ROOT]["help"] = ("help",)
    return MappingProxyType({k: MappingProxyType(v) for k, v in table.items()})


_CHILDREN = _children()

# long name -> (takes a value, may appear bare)
_LONG: Mapping[str, tuple[bool, bool]] = MappingProxyType(
    {
        **{name: (tv, bare) for name, tv, bare in _data.FLAGS},
        **{name: (tv, False) for name, _s, tv in _data.GLOBAL_FLAGS},
    }
)
_SHORT: Mapping[str, str] = MappingProxyType(dict(_data.SHORT_FLAGS))
_SHORT_OVER: Mapping[tuple[str, ...], Mapping[str, str]] = MappingProxyType(
    {p: MappingProxyType(dict(m)) for p, m in _data.SHORT_OVERRIDES}
)
_VALUE_OVER: Mapping[tuple[str, ...], Mapping[str, bool]] = MappingProxyType(
    {p: MappingProxyType(dict(m)) for p, m in _data.VALUE_OVERRIDES}
)
_EMPTY: Mapping[str, str] = MappingProxyType({})
_EMPTY_TV: Mapping[str, bool] = MappingProxyType({})

_Short = Mapping[str, tuple[str, bool]]
_Node = tuple[
    Mapping[str, tuple[str, ...]] | None,
    _Short,
    Mapping[str, bool],
    ActionRule | None,
]
"""One command path's grammar: its subcommands (`None` when it has none),
its short flags (letter -> long name, whether it takes a separate value),
its takes-a-value overrides and its action row."""


def _short_table(
    shorts: Mapping[str, str], value_over: Mapping[str, bool]
) -> _Short:
    table: dict[str, tuple[str, bool]] = {}
    for letter in {*_SHORT, *shorts}:
        name = shorts.get(letter) or _SHORT.get(letter, "")
        spec = _LONG.get(name) if name else None
        if spec is not None:
            takes = not spec[1] and value_over.get(name, spec[0])
            table[letter] = (name, takes)
    return MappingProxyType(table)


def _nodes() -> Mapping[tuple[str, ...], _Node]:
    paths = {*_CHILDREN, *_SHORT_OVER, *_VALUE_OVER, *ACTION_BY_PATH}
    return MappingProxyType(
        {
            p: (
                _CHILDREN.get(p) or None,
                _short_table(
                    _SHORT_OVER.get(p, _EMPTY), _VALUE_OVER.get(p, _EMPTY_TV)
                ),
                _VALUE_OVER.get(p, _EMPTY_TV),
                ACTION_BY_PATH.get(p),
            )
            for p in paths
        }
    )


_NODES = _nodes()
_NO_NODE: _Node = (None, _short_table(_EMPTY, _EMPTY_TV), _EMPTY_TV, None)

_SPECIAL = frozenset("$`*?[")
"""Characters that make a flag's *name* unknown in a dynamic word."""
_FALSE = frozenset({"false", "False", "FALSE", "f", "F", "0"})
_DRY_NOT = frozenset({"none", "false"})
_FILE_FLAGS = ("filename", "kustomize", "patch-file")


def _names() -> Mapping[str, ResourceRule]:
    table: dict[str, ResourceRule] = {}
    qualified: dict[str, ResourceRule] = {}
    for row in RESOURCES:
        spellings = {
            row.resource,
            row.singular,
            row.kind.lower(),
            *row.short_names,
        } - {""}
        for s in spellings:
            table.setdefault(s, row)
            if row.group:
                qualified.setdefault(f"{s}.{row.group}", row)
    for k, v in qualified.items():
        table.setdefault(k, v)
    return MappingProxyType(table)


_BY_NAME = _names()
_BY_GROUP: Mapping[tuple[str, str], ResourceRule] = MappingProxyType(
    {
        (s, row.group): row
        for row in reversed(RESOURCES)
        for s in (row.resource, row.singular, row.kind.lower())
    }
)


def _is_version(text: str) -> bool:
    """
    ``v1``, ``v2beta1``, ``v1alpha3``.
    """
    if len(text) < 2 or text[0] != "v" or not text[1].isdigit():
        return False
    rest = text[1:].lstrip("0123456789")
    for tag in ("alpha", "beta"):
        if rest.startswith(tag):
            rest = rest[len(tag) :].lstrip("0123456789")
            break
    return not rest


def resolve_resource(word: str) -> ResourceRule | None:
    """
    The resource row *word* names, in any spelling kubectl accepts:
    plural, singular, short name, Kind, any case, ``plural.group`` and
    ``plural.version.group``; `None` when it is not a built-in kind.

    >>> resolve_resource("Deploy").resource
    'deployments'
    >>> resolve_resource("clusterroles.rbac.authorization.k8s.io").group
    'rbac.authorization.k8s.io'
    >>> resolve_resource("widgets.example.com") is None
    True
    """
    low = word.lower()
    row = _BY_NAME.get(low)
    if row is not None:
        return row
    head, dot, rest = low.partition(".")
    if not dot:
        return None
    version, dot, group = rest.partition(".")
    if not _is_version(version):
        return None
    return _BY_GROUP.get((head, group if dot else ""))


# -- the parsed call ----------------------------------------------------------


@attrs.frozen(kw_only=True, init=False)
class ResourceRef:
    """
    One object (or kind, when *name* is `None`) a kubectl call names.

    Attributes:
        resource: The canonical plural (``"deployments"``); ``""`` when the
            word is not a known kind.
        group: Its API group (``""`` for core).
        name: The object's name, if given.
        spelled: The type as written (``"deploy"``, ``"ns"``).
        namespace: A namespace written into the reference itself (``kubectl
            cp ns/pod:/path``), else `None`.
        slashed: Written as ``TYPE/NAME``.
    """

    resource: str
    group: str
    name: str | None
    spelled: str
    namespace: str | None = None
    slashed: bool = False

    def __init__(  # noqa: PLR0913 - one keyword per field
        self,
        *,
        resource: str,
        group: str,
        name: str | None,
        spelled: str,
        namespace: str | None = None,
        slashed: bool = False,
    ) -> None:
        # Slot setters directly: a frozen attrs __init__ costs twice as much.
        (
            set_resource,
            set_group,
            set_name,
            set_spelled,
            set_namespace,
            set_slashed,
        ) = _REF_SETTERS
        set_resource(self, resource)
        set_group(self, group)
        set_name(self, name)
        set_spelled(self, spelled)
        set_namespace(self, namespace)
        set_slashed(self, slashed)

    @property
    def words(self) -> tuple[str, ...]:
        """
        The reference as written, one or two words.
        """
        if self.slashed:
            return (f"{self.spelled}/{self.name or ''}",)
        spelled, name = self.spelled, self.name
        if spelled:
            return (spelled, name) if name else (spelled,)
        return (name,) if name else ()

    @property
    def rule(self) -> ResourceRule | None:
        """
        The resource's table row, if it is a known kind.
        """
        return RESOURCE_BY_PLURAL.get(self.resource) if self.resource else None


_REF_SETTERS = _setters(ResourceRef)
_new = object.__new__


def _new_ref(  # noqa: PLR0913, PLR0917 - one argument per field
    resource: str,
    group: str,
    name: str | None,
    spelled: str,
    namespace: str | None,
    slashed: bool,
) -> ResourceRef:
    """
    `ResourceRef` built positionally (the internal path; no keywords).
    """
    ref: ResourceRef = _new(ResourceRef)
    (
        set_resource,
        set_group,
        set_name,
        set_spelled,
        set_namespace,
        set_slashed,
    ) = _REF_SETTERS
    set_resource(ref, resource)
    set_group(ref, group)
    set_name(ref, name)
    set_spelled(ref, spelled)
    set_namespace(ref, namespace)
    set_slashed(ref, slashed)
    return ref


@attrs.frozen(kw_only=True, init=False)
class KubectlCall:
    """
    A kubectl argv as kubectl reads it.

    Attributes:
        argv: The whole argv.
        path: The command path, e.g. ``("rollout", "undo")``; ``()`` for
            bare ``kubectl`` or an unknown command.
        path_words: The path as written (aliases kept).
        namespace: ``-n`` / ``--namespace``, if given.
        all_namespaces: ``-A`` / ``--all-namespaces``.
        context: ``--context``, if given.
        kubeconfig: ``--kubeconfig``, if given.
        resources: One per (type, name) pair.
        args: The positional words after the path.
        flags: ``(long name, value or None)`` in order, short forms
            resolved to long names.
        dry_run: ``--dry-run``, ``=client``, ``=server`` (not ``=none``).
        exec_argv: The words after ``--``.
        unknown: The words that could not be resolved.
        problems: ``(what, word)`` for each of *unknown*; *what* is one of
            ``command``, ``flag``, ``resource``, ``dynamic``.
    """

    argv: tuple[str, ...]
    path: tuple[str, ...] = ()
    path_words: tuple[str, ...] = ()
    namespace: str | None = None
    all_namespaces: bool = False
    context: str | None = None
    kubeconfig: str | None = None
    resources: tuple[ResourceRef, ...] = ()
    args: tuple[str, ...] = ()
    flags: tuple[tuple[str, str | None], ...] = ()
    dry_run: bool = False
    exec_argv: tuple[str, ...] = ()
    unknown: tuple[str, ...] = ()
    problems: tuple[tuple[str, str], ...] = ()

    last: Mapping[str, str | None] = attrs.field(
        factory=dict, eq=False, repr=False
    )
    """The last value of each flag given (derived from *flags*)."""

    def __init__(  # noqa: PLR0913 - one keyword per field
        self,
        *,
        argv: tuple[str, ...],
        path: tuple[str, ...] = (),
        path_words: tuple[str, ...] = (),
        namespace: str | None = None,
        all_namespaces: bool = False,
        context: str | None = None,
        kubeconfig: str | None = None,
        resources: tuple[ResourceRef, ...] = (),
        args: tuple[str, ...] = (),
        flags: tuple[tuple[str, str | None], ...] = (),
        dry_run: bool = False,
        exec_argv: tuple[str, ...] = (),
        unknown: tuple[str, ...] = (),
        problems: tuple[tuple[str, str], ...] = (),
        last: Mapping[str, str | None] | None = None,
    ) -> None:
        # Slot setters directly: a frozen attrs __init__ costs twice as much.
        (
            set_argv,
            set_path,
            set_path_words,
            set_namespace,
            set_all_namespaces,
            set_context,
            set_kubeconfig,
            set_resources,
            set_args,
            set_flags,
            set_dry_run,
            set_exec_argv,
            set_unknown,
            set_problems,
            set_last,
        ) = _CALL_SETTERS
        set_argv(self, argv)
        set_path(self, path)
        set_path_words(self, path_words)
        set_namespace(self, namespace)
        set_all_namespaces(self, all_namespaces)
        set_context(self, context)
        set_kubeconfig(self, kubeconfig)
        set_resources(self, resources)
        set_args(self, args)
        set_flags(self, flags)
        set_dry_run(self, dry_run)
        set_exec_argv(self, exec_argv)
        set_unknown(self, unknown)
        set_problems(self, problems)
        set_last(self, {} if last is None else last)

    def flag(self, name: str) -> str | None:
        """
        The last value given to flag *name* (`None` if absent or bare).
        """
        return self.last.get(name)

    def has(self, name: str) -> bool:
        """
        Whether flag *name* is given and not set to false.
        """
        if name not in self.last:
            return False
        value = self.last[name]
        return value is None or value not in _FALSE

    def values(self, name: str) -> tuple[str | None, ...]:
        """
        Every value given to flag *name*, in order.
        """
        return tuple(v for n, v in self.flags if n == name)


_CALL_SETTERS = _setters(KubectlCall)


def _new_call(  # noqa: PLR0913, PLR0917 - one argument per field
    argv: tuple[str, ...],
    path: tuple[str, ...],
    path_words: tuple[str, ...],
    namespace: str | None,
    all_namespaces: bool,
    context: str | None,
    kubeconfig: str | None,
    resources: tuple[ResourceRef, ...],
    args: tuple[str, ...],
    flags: tuple[tuple[str, str | None], ...],
    dry_run: bool,
    exec_argv: tuple[str, ...],
    unknown: tuple[str, ...],
    problems: tuple[tuple[str, str], ...],
    last: Mapping[str, str | None],
) -> KubectlCall:
    """
    `KubectlCall` built positionally (the internal path; no keywords).
    """
    call: KubectlCall = _new(KubectlCall)
    (
        set_argv,
        set_path,
        set_path_words,
        set_namespace,
        set_all_namespaces,
        set_context,
        set_kubeconfig,
        set_resources,
        set_args,
        set_flags,
        set_dry_run,
        set_exec_argv,
        set_unknown,
        set_problems,
        set_last,
    ) = _CALL_SETTERS
    set_argv(call, argv)
    set_path(call, path)
    set_path_words(call, path_words)
    set_namespace(call, namespace)
    set_all_namespaces(call, all_namespaces)
    set_context(call, context)
    set_kubeconfig(call, kubeconfig)
    set_resources(call, resources)
    set_args(call, args)
    set_flags(call, flags)
    set_dry_run(call, dry_run)
    set_exec_argv(call, exec_argv)
    set_unknown(call, unknown)
    set_problems(call, problems)
    set_last(call, last)
    return call


def parse_kubectl(
    argv: Sequence[str], *, dynamic: Sequence[bool] = ()
) -> KubectlCall:
    """
    Parse *argv* (``argv[0]`` is the program) as kubectl does.

    *dynamic* flags the words only known at run time (as
    `blastradius.SimpleCommand.dynamic`). Never raises.

    >>> c = parse_kubectl(["kubectl", "--context=prod", "rollout", "undo",
    ...                    "deploy/api", "--dry-run=none"])
    >>> c.path, c.context, c.dry_run, c.resources[0].name
    (('rollout', 'undo'), 'prod', False, 'api')
    """
    words = tuple(argv)
    n = len(words)
    path: tuple[str, ...] = _ROOT
    path_words: list[str] = []
    open_path = True
    positional: list[tuple[str, bool]] = []
    args: list[str] = []
    flags: list[tuple[str, str | None]] = []
    dyn_values: set[str] = set()
    problems: list[tuple[str, str]] = []
    exec_argv: tuple[str, ...] = ()
    dyn = tuple(dynamic)
    nd = len(dyn)
    long_spec = _LONG.get
    # Per-path grammar, looked up again only when the path grows.
    children, shorts, value_over, rule = _NODES[path]

    i = 1
    while i < n:
        w = words[i]
        d = i < nd and dyn[i]
        if w == "--":
            exec_argv = words[i + 1 :]
            break
        if len(w) > 1 and w[0] == "-":
            long = w[1] == "-"
            if d:
                head = w.partition("=")[0] if long else w[1]
                if not _SPECIAL.isdisjoint(head):
                    problems.append(("dynamic", w))
            if long:
                name, eq, value = w[2:].partition("=")
                spec = long_spec(name)
                if spec is None:
                    problems.append(("flag", w))
                    flags.append((name, value if eq else None))
                elif eq:
                    flags.append((name, value))
                    if d:
                        dyn_values.add(name)
                elif not spec[1] and value_over.get(name, spec[0]):
                    if i + 1 < n:
                        i += 1
                        flags.append((name, words[i]))
                        if i < nd and dyn[i]:
                            dyn_values.add(name)
                    else:
                        problems.append(("flag", w))
                        flags.append((name, None))
                else:
                    flags.append((name, None))
                i += 1
                continue
            j = 1
            while j < len(w):
                entry = shorts.get(w[j])
                if entry is None:
                    problems.append(("flag", w))
                    break
                name, takes = entry
                rest = w[j + 1 :]
                if rest[:1] == "=":
                    flags.append((name, rest[1:]))
                    if d:
                        dyn_values.add(name)
                    break
                if takes:
                    if rest:
                        flags.append((name, rest))
                        if d:
                            dyn_values.add(name)
                    elif i + 1 < n:
                        i += 1
                        flags.append((name, words[i]))
                        if i < nd and dyn[i]:
                            dyn_values.add(name)
                    else:
                        problems.append(("flag", w))
                        flags.append((name, None))
                    break
                flags.append((name, None))
                j += 1
            i += 1
            continue
        if open_path:
            open_path = False
            if children:
                child = None if d else children.get(w)
                if child is not None:
                    path = child
                    children, shorts, value_over, rule = _NODES.get(
                        path, _NO_NODE
                    )
                    path_words.append(w)
                    open_path = True
                    i += 1
                    continue
                if rule is None or rule.group:
                    problems.append(("dynamic" if d else "command", w))
        positional.append((w, d))
        args.append(w)
        i += 1

    # The last value of each flag wins, as in kubectl.
    last = dict(flags)
    namespace: str | None = None
    context: str | None = None
    kubeconfig: str | None = None
    all_ns = False
    dry = False
    if last:
        get = last.get
        namespace = get("namespace")
        context = get("context")
        kubeconfig = get("kubeconfig")
        if "all-namespaces" in last:
            given = last["all-namespaces"]
            all_ns = given is None or given not in _FALSE
        if "dry-run" in last:
            dry = last["dry-run"] not in _DRY_NOT
    if dyn_values:
        if "namespace" in dyn_values:
            namespace = None
        if "context" in dyn_values:
            context = None
    resources = (
        ()
        if not positional or "filename" in last or "kustomize" in last
        else _resources(path, rule, positional, problems)
    )
    raw = last.get("raw") if path in _RAW_PATHS else None
    if raw:
        raw_ns, ref = resources_from_api_path(raw)
        if ref is None:
            problems.append(("resource", raw))
        else:
            resources = (*resources, ref)
            if raw_ns is not None:
                namespace = raw_ns
    return _new_call(
        words,
        path,
        tuple(path_words),
        namespace,
        all_ns,
        context,
        kubeconfig,
        resources,
        tuple(args),
        tuple(flags),
        dry,
        exec_argv,
        tuple([w for _k, w in problems]) if problems else (),
        tuple(problems),
        last,
    )


_RAW_PATHS = frozenset({("delete",), ("create",), ("replace",), ("get",)})


def resources_from_api_path(
    path: str,
) -> tuple[str | None, ResourceRef | None]:
    """
    The namespace and object an API server path names (``--raw`` and
    HTTP clients), or ``(None, None)`` when it names no known kind.

    >>> ns, ref = resources_from_api_path("/api/v1/namespaces/prod")
    >>> ns, ref.resource, ref.name
    (None, 'namespaces', 'prod')
    >>> ns, ref = resources_from_api_path(
    ...     "/apis/apps/v1/namespaces/prod/deployments/api?x=1")
    >>> ns, ref.resource, ref.name
    ('prod', 'deployments', 'api')
    """
    parts = [p for p in path.split("?", 1)[0].split("/") if p]
    if len(parts) >= 2 and parts[0] == "api":
        group, rest = "", parts[2:]
    elif len(parts) >= 3 and parts[0] == "apis":
        group, rest = parts[1], parts[3:]
    else:
        return None, None
    namespace = None
    if len(rest) >= 3 and rest[0] == "namespaces":
        namespace, rest = rest[1], rest[2:]
    if not rest:
        return None, None
    row = _BY_GROUP.get((rest[0].lower(), group))
    if row is None:
        return None, None
    return namespace, ResourceRef(
        resource=row.resource,
        group=row.group,
        name=rest[1] if len(rest) > 1 else None,
        spelled=rest[0],
        namespace=namespace,
    )


def _ref(
    row: ResourceRule | None,
    spelled: str,
    name: str | None,
    *,
    slashed: bool = False,
) -> ResourceRef:
    if row is None:
        return _new_ref("", "", name, spelled, None, slashed)
    return _new_ref(row.resource, row.group, name, spelled, None, slashed)


def _resources(
    path: tuple[str, ...],
    rule: ActionRule | None,
    positional: list[tuple[str, bool]],
    problems: list[tuple[str, str]],
) -> tuple[ResourceRef, ...]:
    if rule is None or not positional:
        return ()
    grammar = rule.grammar
    if grammar is Grammar.TYPED:
        return _typed(rule, positional, problems)
    if grammar is Grammar.POD:
        word = positional[0][0]
        if "/" in word:
            return _slashed([positional[0]], problems)
        return (_ref(RESOURCE_BY_PLURAL["pods"], "", word),)
    if grammar is Grammar.IMPLIED:
        row = RESOURCE_BY_PLURAL[rule.implied]
        names = positional[:1] if path[0] == "create" else positional
        return tuple(_ref(row, "", w) for w, _d in names)
    if grammar is Grammar.CP:
        refs = []
        for word, _dyn in positional:
            head, colon, _rest = word.partition(":")
            if not colon or not head:
                continue
            ns, slash, pod = head.rpartition("/")
            refs.append(
                attrs.evolve(
                    _ref(RESOURCE_BY_PLURAL["pods"], "", pod),
                    namespace=ns if slash else None,
                )
            )
        return tuple(refs)
    return ()


def _slashed(
    words: Iterable[tuple[str, bool]], problems: list[tuple[str, str]]
) -> tuple[ResourceRef, ...]:
    refs = []
    for word, dyn in words:
        kind, _slash, name = word.partition("/")
        row = None if dyn else resolve_resource(kind)
        if row is None:
            problems.append(("dynamic" if dyn else "resource", kind))
        refs.append(_ref(row, kind, name or None, slashed=True))
    return tuple(refs)


def _typed(
    rule: ActionRule,
    positional: list[tuple[str, bool]],
    problems: list[tuple[str, str]],
) -> tuple[ResourceRef, ...]:
    words = positional[: len(positional) - rule.trailing] or positional[:1]
    first, dyn = words[0]
    if len(words) == 1 and first and "/" not in first and "," not in first:
        # One type word, no names: the common ``get pods``.
        row = None if dyn else resolve_resource(first)
        if row is None:
            problems.append(("dynamic" if dyn else "resource", first))
            return (_new_ref("", "", None, first, None, False),)
        return (_new_ref(row.resource, row.group, None, first, None, False),)
    if "/" in first:
        return _slashed(
            [w for w in words if "/" in w[0] and "=" not in w[0]], problems
        )
    rows: list[tuple[ResourceRule | None, str]] = []
    for kind in first.split(","):
        if not kind:
            continue
        row = None if dyn else resolve_resource(kind)
        if row is None:
            problems.append(("dynamic" if dyn else "resource", kind))
        rows.append((row, kind))
    names = [
        w
        for w, _d in words[1:]
        if "=" not in w and ":" not in w and not w.endswith("-")
    ]
    if not names:
        return tuple([_ref(row, kind, None) for row, kind in rows])
    return tuple(
        [_ref(row, kind, name) for row, kind in rows for name in names]
    )


# -- findings -------------------------------------------------------------


def _build_specials() -> Mapping[tuple[str, ...], tuple[SpecialRule, ...]]:
    table: dict[tuple[str, ...], list[SpecialRule]] = {}
    for s in SPECIALS:
        table.setdefault(s.path, []).append(s)
    return MappingProxyType({k: tuple(v) for k, v in table.items()})


_SPECIALS_BY_PATH = _build_specials()
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
_HARD_BY_PATH: Mapping[tuple[str, ...], tuple[HardRule, ...]] = (
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
_FILE_FLAG_SET = frozenset(_FILE_FLAGS)
_WEIGHT: Mapping[str, int] = MappingProxyType(
    {plural: row.weight for plural, row in RESOURCE_BY_PLURAL.items()}
)
"""`ResourceRule.weight` of each row of `RESOURCE_BY_PLURAL` (the rows
`_targets` yields), without the enum lookup."""

_PathPlan = tuple[
    ActionRule,
    bool,
    tuple[SpecialRule, ...] | None,
    _ModifierPlan,
    tuple[HardRule, ...] | None,
]
"""An action's findings plan: its row, whether ``--local`` may make it a
no-op, its specials, modifiers and hard rules."""

_PATH_PLANS: Mapping[tuple[str, ...], _PathPlan] = MappingProxyType(
    {
        p: (
            rule,
            rule.path in LOCAL_OK,
            _SPECIALS_BY_PATH.get(rule.path),
            _PLAN_BY_PATH.get(p, _GENERAL_PLAN),
            _HARD_BY_PATH.get(p),
        )
        for p, rule in ACTION_BY_PATH.items()
    }
)
_ENV_BY_NAME: Mapping[str, EnvRule] = MappingProxyType(
    {n: r for r in ENV_RULES for n in r.names}
)


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
    for name, value in cmd.assignments:
        rule = _ENV_BY_NAME.get(name)
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


def _test(
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


def _targets(
    call: KubectlCall, rule: ActionRule
) -> list[tuple[ResourceRule | None, tuple[str, ...]]]:
    """
    The distinct kinds the action touches, with the words naming each.
    """
    resources = call.resources
    if not resources:
        row = RESOURCE_BY_PLURAL[rule.implied] if rule.implied else None
        return [(row, ())]
    if len(resources) == 1:
        r = resources[0]
        words = r.words
        if len(words) == 2 and words[0] == words[1]:
            words = words[:1]
        return [(r.rule, words)]
    # the words of each kind, deduplicated in order by dict keys: linear
    # in the number of names (a list's ``not in`` made ``delete pod p0 …
    # p99999`` take minutes)
    seen: dict[str, tuple[ResourceRule | None, dict[str, None]]] = {}
    for r in resources:
        entry = seen.setdefault(r.resource, (r.rule, {}))
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
        for s in candidates:
            words = _test(s.test, s.flags, s.values, call)
            if words is not None:
                specials.append((s, words))
                if s.replaces:
                    replaced = True
    severe = False
    if not replaced:
        effect = rule.effect
        severe = effect is Effect.MUTATING or effect is Effect.DESTRUCTIVE
        scoped = rule.base > 0 and effect is not Effect.LOCAL
        context = call.context if scoped else None
        for row, words in _targets(call, rule):
            base = rule.base
            if row is None:
                message = rule.message
                resource = None
            else:
                resource = row.resource
                if effect is Effect.DESTRUCTIVE:
                    base = max(1, base + _WEIGHT[resource])
                elif effect is Effect.MUTATING:
                    base = max(1, base + _WEIGHT[resource] // 2)
                message = f"{rule.message} ({resource})"
            out.append(
                Finding(
                    rule=rule.id,
                    program=PROGRAM,
                    words=(*path_words, *words),
                    score=base,
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
        if not severe and _is_severe(s.effect):
            severe = True
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


def _call_findings(call: KubectlCall, out: list[Finding]) -> None:
    """
    Append the findings of *call* to *out*.
    """
    if call.problems or call.kubeconfig is not None:
        _unknowns(call, out)
    plan = _PATH_PLANS.get(call.path)
    if plan is None:
        return
    rule, local_ok, specials, modifier_plan, hards = plan
    if rule.dry_run and (call.dry_run or (local_ok and call.has("local"))):
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
        return
    severe = _actions(call, rule, specials, out)
    given = call.last
    if severe:
        modifiers, by_flag, names = modifier_plan
        # Only rows testing a flag given, or needing none, can fire.
        wanted = set(names)
        for f in given:
            hit = by_flag.get(f)
            if hit:
                wanted.update(hit)
        for i in sorted(wanted):
            m = modifiers[i]
            words = _test(m.test, m.flags, m.values, call)
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
    if hards:
        kinds = {r.resource for r in call.resources}
        for h in hards:
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
    effect = rule.effect
    if (
        effect is Effect.MUTATING
        or effect is Effect.DESTRUCTIVE
        or effect is Effect.INDIRECT
    ) and not _FILE_FLAG_SET.isdisjoint(given):
        for f in _FILE_FLAGS:
            for v in call.values(f):
                rid = "kubectl.manifest.contents-unknown"
                where = "stdin" if v == "-" else repr(v)
                out.append(
                    _finding(
                        rid,
                        Kind.UNKNOWN,
                        (f"--{f}", v or ""),
                        f"{UNKNOWN_RULES[rid]}: {where}",
                    )
                )


def manifest_kinds(text: str) -> tuple[ResourceRef, ...]:
    """
    The kinds a YAML or JSON manifest text declares (``kind: Namespace``,
    ``"kind": "Namespace"``), as references without names; unknown kinds
    are left out.

    >>> [r.resource for r in manifest_kinds("kind: Namespace\\nmetadata: {}")]
    ['namespaces']
    """
    refs: list[ResourceRef] = []
    for line in text.splitlines():
        values = [part.partition(":")[2] for part in line.split('"kind"')[1:]]
        word = line.strip().lstrip("-{ ")
        if word.startswith(("kind:", "'kind'")):
            values.append(word.partition(":")[2])
        for raw in values:
            value = raw.strip()
            if value[:1] in {'"', "'"}:
                value = value[1:].split(value[0], 1)[0]
            else:
                value = value.split("#", 1)[0].strip().rstrip(",} ")
            row = resolve_resource(value) if value else None
            if row is not None and not row.members:
                refs.append(_ref(row, value, None))
    return tuple(refs)


def analyze(cmd: SimpleCommand, ctx: Context) -> Sequence[Output]:
    """
    The kubectl analyzer: findings for one kubectl command.
    """
    call = parse_kubectl(cmd.argv, dynamic=cmd.dynamic)
    if cmd.stdin is not None and "-" in call.values("filename"):
        kinds = manifest_kinds(cmd.stdin)
        if kinds:
            call = attrs.evolve(call, resources=(*call.resources, *kinds))
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


ANALYZERS: Mapping[str, Analyzer] = MappingProxyType(
    {"kubectl": analyze, "oc": analyze}
)
