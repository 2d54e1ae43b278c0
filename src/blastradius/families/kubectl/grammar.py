"""
kubectl's grammar, read once per command into a `KubectlCall`.

The grammar is declarative: kubectl's command tree with its aliases, every
long flag with whether it takes a value and whether it may appear bare,
the short flags (and the paths where a letter means another flag), the
flags whose arity a path changes (all generated from kubectl's source into
`blastradius.families.kubectl._data`), and each path's positional roles
(`blastradius.families.kubectl.rules.ActionRule.grammar`: ``TYPE NAME``,
a pod, an implied kind, ``cp`` paths). Everything after ``--`` is
`KubectlCall.exec_argv`, never flags.

`parse_kubectl` reads an argv the way kubectl (cobra + pflag) does: global
flags anywhere and in every form, the command path from the command tree
(aliases included), resources in every spelling kubectl accepts, ``--`` and
what follows it. The analyzer (`blastradius.families.kubectl.analyzer`),
the rollback derivation (`blastradius.families.kubectl.rollback`) and
`blastradius.DeclarativeSpec.evaluate` all read that one call; the scorer
keeps it in `blastradius.Assessment.calls`. `value_flags` is the flag table
the shell layer needs to find the command ``kubectl exec`` runs.

>>> call = parse_kubectl(["kubectl", "-nprod", "delete", "ns/x,po"])
>>> call.path, call.namespace, [r.resource for r in call.resources]
(('delete',), 'prod', ['namespaces'])
>>> call.unknown
()
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from blastradius.families.kubectl import _data
from blastradius.families.kubectl.call import _FALSE, KubectlCall, ResourceRef
from blastradius.families.kubectl.rules import (
    ACTION_BY_PATH,
    RESOURCE_BY_PLURAL,
    RESOURCES,
    ActionRule,
    Grammar,
    ResourceRule,
)


if TYPE_CHECKING:
    from blastradius._model import SimpleCommand


__all__ = [
    "KubectlCall",
    "ResourceRef",
    "manifest_kinds",
    "parse_command",
    "parse_kubectl",
    "resolve_resource",
    "resources_from_api_path",
    "value_flags",
]

# -- grammar tables (built once) -------------------------------------------
#
# The private tables are plain dicts typed `Mapping` (read only, never
# changed): a dict's ``get`` costs about half a `MappingProxyType`'s, and
# the reader looks words up several times per command.

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
    return table


_CHILDREN = _children()

# long name -> (takes a value, may appear bare)
_LONG: Mapping[str, tuple[bool, bool]] = {
    **{name: (tv, bare) for name, tv, bare in _data.FLAGS},
    **{name: (tv, False) for name, _s, tv in _data.GLOBAL_FLAGS},
}
_LONG_WORD: Mapping[str, tuple[str, bool, bool]] = {
    f"--{name}": (name, tv, bare) for name, (tv, bare) in _LONG.items()
}
"""``--name`` -> (name, takes a value, may appear bare): the reader finds
a flag written without ``=`` by its word, without slicing it."""
_SHORT: Mapping[str, str] = dict(_data.SHORT_FLAGS)
_SHORT_OVER: Mapping[tuple[str, ...], Mapping[str, str]] = {
    p: dict(m) for p, m in _data.SHORT_OVERRIDES
}
_VALUE_OVER: Mapping[tuple[str, ...], Mapping[str, bool]] = {
    p: dict(m) for p, m in _data.VALUE_OVERRIDES
}
_EMPTY: Mapping[str, str] = {}
_EMPTY_TV: Mapping[str, bool] = {}

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
    return table


_DEFAULT_SHORT = _short_table(_EMPTY, _EMPTY_TV)
"""The short flags of every path that overrides none (most of them)."""


def _nodes() -> Mapping[tuple[str, ...], _Node]:
    paths = {*_CHILDREN, *_SHORT_OVER, *_VALUE_OVER, *ACTION_BY_PATH}
    return {
        p: (
            _CHILDREN.get(p) or None,
            _short_table(
                _SHORT_OVER.get(p, _EMPTY), _VALUE_OVER.get(p, _EMPTY_TV)
            )
            if p in _SHORT_OVER or p in _VALUE_OVER
            else _DEFAULT_SHORT,
            _VALUE_OVER.get(p, _EMPTY_TV),
            ACTION_BY_PATH.get(p),
        )
        for p in paths
    }


_NODES = _nodes()
_NO_NODE: _Node = (None, _DEFAULT_SHORT, _EMPTY_TV, None)
_ROOT_NODE: _Node = _NODES[_ROOT]

_SPECIAL = frozenset("$`*?[")
"""Characters that make a flag's *name* unknown in a dynamic word."""
_DRY_NOT = frozenset({"none", "false"})


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
    return table


_BY_NAME = _names()
_BY_GROUP: Mapping[tuple[str, str], ResourceRule] = {
    (s, row.group): row
    for row in reversed(RESOURCES)
    for s in (row.resource, row.singular, row.kind.lower())
}


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


_Read = tuple[
    tuple[str, ...],
    _Node,
    list[str],
    list[tuple[str, bool]],
    list[str],
    list[tuple[str, str | None]],
    list[str],
    list[tuple[str, str]],
    tuple[str, ...],
]
"""What `_read` found: the path, its node, the path as written, the
positional words (with their dynamic flags), the positional words, the
flags, the flags given a value only known at run time, the problems and
the words after ``--``."""


def _value(  # noqa: PLR0913, PLR0917 - the reader's state, not an object
    name: str,
    i: int,
    words: tuple[str, ...],
    dyn: tuple[bool, ...],
    flags: list[tuple[str, str | None]],
    dyn_values: list[str],
    problems: list[tuple[str, str]],
) -> int:
    """
    Take word *i* + 1 as flag *name*'s value; the index read last.
    """
    if i + 1 < len(words):
        flags.append((name, words[i + 1]))
        if dyn[i + 1]:
            dyn_values.append(name)
        return i + 1
    problems.append(("flag", words[i]))
    flags.append((name, None))
    return i


def _shorts(  # noqa: PLR0913, PLR0917 - the reader's state, not an object
    i: int,
    d: bool,
    shorts: _Short,
    words: tuple[str, ...],
    dyn: tuple[bool, ...],
    flags: list[tuple[str, str | None]],
    dyn_values: list[str],
    problems: list[tuple[str, str]],
) -> int:
    """
    Read ``-abc``, ``-nNS``, ``-n=NS`` or ``-n NS`` at *i*; the index read
    last.
    """
    w = words[i]
    for j in range(1, len(w)):
        entry = shorts.get(w[j])
        if entry is None:
            problems.append(("flag", w))
            return i
        name, takes = entry
        rest = w[j + 1 :]
        if rest[:1] == "=" or (takes and rest):
            flags.append((name, rest[1:] if rest[0] == "=" else rest))
            if d:
                dyn_values.append(name)
            return i
        if takes:
            return _value(name, i, words, dyn, flags, dyn_values, problems)
        flags.append((name, None))
    return i


def _read(words: tuple[str, ...], dyn: tuple[bool, ...]) -> _Read:
    """
    One left-to-right read of *words* (*dyn*: one flag per word).
    """
    # One loop with the common cases (a plain word, a path word, a long
    # flag) inline: this runs once per word of every kubectl command.
    path = _ROOT
    node = _ROOT_NODE
    children = node[0]
    path_words: list[str] = []
    positional: list[tuple[str, bool]] = []
    args: list[str] = []
    flags: list[tuple[str, str | None]] = []
    dyn_values: list[str] = []
    problems: list[tuple[str, str]] = []
    long_flags = _LONG
    long_words = _LONG_WORD
    nodes = _NODES
    n = len(words)
    i = 1
    while i < n:
        w = words[i]
        d = dyn[i]
        if len(w) > 1 and w[0] == "-":
            if w[1] != "-":
                if d and w[1] in _SPECIAL:
                    problems.append(("dynamic", w))
                i = _shorts(
                    i, d, node[1], words, dyn, flags, dyn_values, problems
                )
                i += 1
                continue
            if w == "--":
                return (
                    path,
                    node,
                    path_words,
                    positional,
                    args,
                    flags,
                    dyn_values,
                    problems,
                    words[i + 1 :],
                )
            known = long_words.get(w)
            if known is not None:  # ``--name``, no ``=``: the common case
                name, takes, bare = known
                over = node[2]
                if bare or not (over.get(name, takes) if over else takes):
                    flags.append((name, None))
                elif i + 1 < n:
                    i += 1
                    flags.append((name, words[i]))
                    if dyn[i]:
                        dyn_values.append(name)
                else:
                    problems.append(("flag", w))
                    flags.append((name, None))
                i += 1
                continue
            name, eq, value = w[2:].partition("=")
            if d and not _SPECIAL.isdisjoint(name):
                problems.append(("dynamic", w))
            if eq and name in long_flags:
                flags.append((name, value))
                if d:
                    dyn_values.append(name)
            else:
                problems.append(("flag", w))
                flags.append((name, value if eq else None))
        elif children is not None:
            child = None if d else children.get(w)
            if child is not None:
                path = child
                node = nodes.get(child, _NO_NODE)
                children = node[0]
                path_words.append(w)
            else:
                rule = node[3]
                if rule is None or rule.group:
                    problems.append(("dynamic" if d else "command", w))
                children = None
                positional.append((w, d))
                args.append(w)
        else:
            positional.append((w, d))
            args.append(w)
        i += 1
    return (
        path,
        node,
        path_words,
        positional,
        args,
        flags,
        dyn_values,
        problems,
        (),
    )


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
    dyn = tuple(dynamic)
    if len(dyn) != len(words):  # one flag per word
        dyn = (*dyn[: len(words)], *(False,) * (len(words) - len(dyn)))
    (
        path,
        node,
        path_words,
        positional,
        args,
        flag_list,
        dyn_values,
        problems,
        exec_argv,
    ) = _read(words, dyn)
    flags = tuple(flag_list)
    # The last value of each flag wins, as in kubectl.
    last = dict(flags)
    get = last.get
    namespace = get("namespace")
    context = get("context")
    if dyn_values:
        if "namespace" in dyn_values:
            namespace = None
        if "context" in dyn_values:
            context = None
    all_ns = "all-namespaces" in last and (
        last["all-namespaces"] is None or last["all-namespaces"] not in _FALSE
    )
    resources: tuple[ResourceRef, ...] = ()
    if positional and "filename" not in last and "kustomize" not in last:
        rule = node[3]
        if rule is not None:
            resources = _resources(path, rule, positional, problems)
    if path in _RAW_PATHS:
        raw = get("raw")
        if raw:
            raw_ns, ref = resources_from_api_path(raw)
            if ref is None:
                problems.append(("resource", raw))
            else:
                resources = (*resources, ref)
                if raw_ns is not None:
                    namespace = raw_ns
    return KubectlCall(
        argv=words,
        path=path,
        path_words=tuple(path_words),
        namespace=namespace,
        all_namespaces=all_ns,
        context=context,
        resources=resources,
        args=tuple(args),
        flags=flags,
        dry_run="dry-run" in last and last["dry-run"] not in _DRY_NOT,
        exec_argv=exec_argv,
        problems=tuple(problems),
    )


def parse_command(cmd: SimpleCommand) -> KubectlCall:
    """
    *cmd* read by kubectl's grammar (its words only known at run time
    marked as such).

    >>> from blastradius import SimpleCommand
    >>> parse_command(SimpleCommand(argv=("oc", "get", "pods"))).path
    ('get',)
    """
    return parse_kubectl(cmd.argv, dynamic=cmd.dynamic)


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
    namespace: str | None = None,
) -> ResourceRef:
    if row is None:
        return ResourceRef(
            resource="",
            group="",
            name=name,
            spelled=spelled,
            namespace=namespace,
            slashed=slashed,
        )
    return ResourceRef(
        resource=row.resource,
        group=row.group,
        name=name,
        spelled=spelled,
        namespace=namespace,
        slashed=slashed,
    )


def _resources(
    path: tuple[str, ...],
    rule: ActionRule,
    positional: list[tuple[str, bool]],
    problems: list[tuple[str, str]],
) -> tuple[ResourceRef, ...]:
    grammar = rule.grammar
    if grammar is Grammar.TYPED:
        return _typed(rule, positional, problems)
    if grammar is Grammar.POD:
        word = positional[0][0]
        if "/" in word:
            return _slashed([positional[0]], problems)
        return (ResourceRef(resource="pods", group="", name=word, spelled=""),)
    if grammar is Grammar.IMPLIED:
        row = RESOURCE_BY_PLURAL[rule.implied]
        names = positional[:1] if path[0] == "create" else positional
        resource, group = row.resource, row.group
        return tuple(
            [
                ResourceRef(resource=resource, group=group, name=w, spelled="")
                for w, _d in names
            ]
        )
    if grammar is Grammar.CP:
        refs = []
        for word, _dyn in positional:
            head, colon, _rest = word.partition(":")
            if not colon or not head:
                continue
            ns, slash, pod = head.rpartition("/")
            refs.append(
                ResourceRef(
                    resource="pods",
                    group="",
                    name=pod,
                    spelled="",
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
            return (
                ResourceRef(resource="", group="", name=None, spelled=first),
            )
        return (
            ResourceRef(
                resource=row.resource,
                group=row.group,
                name=None,
                spelled=first,
            ),
        )
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


def value_flags(
    path: Sequence[str] = (),
) -> tuple[frozenset[str], frozenset[str]]:
    """
    The flags that take a separate value word at command *path* (kubectl's
    global flags included): their long spellings (``--namespace``) and
    their short letters (``n``).

    This is the table the shell layer needs to find where the command of
    ``kubectl exec POD -c C -- CMD`` starts; a flag that may appear bare
    (``--dry-run``) takes no separate word.

    >>> long, short = value_flags(("exec",))
    >>> "--namespace" in long, "--container" in long, {"c", "n"} <= short
    (True, True, True)
    >>> "--all-namespaces" in long
    False
    """
    node = _NODES.get(tuple(path), _NO_NODE)
    over = node[2]
    long = frozenset(
        f"--{name}"
        for name, (takes, bare) in _LONG.items()
        if not bare and over.get(name, takes)
    )
    short = frozenset(
        letter for letter, (_name, takes) in node[1].items() if takes
    )
    return long, short
