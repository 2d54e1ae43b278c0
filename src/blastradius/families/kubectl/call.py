"""
The records kubectl's grammar reads a command into: `KubectlCall`, the one
parsed call the analyzer, the rollback derivation and the spec share (and
`blastradius.Assessment.calls` keeps), and `ResourceRef`, each object it
names.

Both are plain self-validating records on `blastradius._record.Record`
(a slotted class whose ``__init__`` checks and sets its fields): one
`KubectlCall` and about one `ResourceRef` are made for every kubectl
command scored, and creating the classes costs about 13 µs at import where
an ``@attrs.frozen`` class costs about 600 µs. `parse_kubectl` in
`blastradius.families.kubectl.grammar` builds them; that module re-exports
both.

>>> call = KubectlCall(argv=("kubectl", "get"), path=("get",))
>>> call.path, call.last, call.has("force")
(('get',), {}, False)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, NoReturn

from blastradius._record import Record
from blastradius.families.kubectl.rules import RESOURCE_BY_PLURAL


if TYPE_CHECKING:
    from blastradius.families.kubectl.rules import ResourceRule


__all__ = ["KubectlCall", "ResourceRef"]

_FALSE = frozenset({"false", "False", "FALSE", "f", "F", "0"})
"""The values that turn a boolean flag off (``--all=false``)."""


def _refuse(record: str, fields: str) -> NoReturn:
    msg = f"a {record} has {fields}"
    raise TypeError(msg)


class ResourceRef(Record):
    """
    One object (or kind, when *name* is `None`) a kubectl call names.

    A plain self-validating record (`blastradius._record.Record`):
    one or more is made for most kubectl commands scored.

    Attributes:
        resource: The canonical plural (``"deployments"``); ``""`` when the
            word is not a known kind.
        group: Its API group (``""`` for core).
        name: The object's name, if given.
        spelled: The type as written (``"deploy"``, ``"ns"``).
        namespace: A namespace written into the reference itself (``kubectl
            cp ns/pod:/path``), else `None`.
        slashed: Written as ``TYPE/NAME``.

    >>> ResourceRef(resource="pods", group="", name="web", spelled="po")
    ResourceRef(resource='pods', group='', name='web', spelled='po', \
namespace=None, slashed=False)
    """

    __slots__ = _fields = (
        "resource",
        "group",
        "name",
        "spelled",
        "namespace",
        "slashed",
    )

    resource: str
    group: str
    name: str | None
    spelled: str
    namespace: str | None
    slashed: bool

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
        if not (
            type(resource) is str
            and type(group) is str
            and type(spelled) is str
            and (name is None or type(name) is str)
            and (namespace is None or type(namespace) is str)
            and type(slashed) is bool
        ):
            _refuse(
                "ResourceRef",
                "a str resource, group and spelled, a str or None name and "
                "namespace, and a bool slashed",
            )
        (
            set_resource,
            set_group,
            set_name,
            set_spelled,
            set_namespace,
            set_slashed,
        ) = self._setters
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


_PROBLEMS = frozenset({"command", "flag", "resource", "dynamic"})


def _valid_problems(problems: tuple[object, ...]) -> bool:
    """
    Whether each of *problems* is a ``(what, word)`` pair of str, *what* a
    known kind of problem.
    """
    for q in problems:
        if not (
            type(q) is tuple
            and len(q) == 2
            and q[0] in _PROBLEMS
            and type(q[1]) is str
        ):
            return False
    return True


class KubectlCall(Record):
    """
    A kubectl argv as kubectl reads it: the one parsed call that the
    analyzer, the rollback derivation and the spec all read (and that
    `blastradius.Assessment.calls` keeps).

    A plain self-validating record (`blastradius._record.Record`):
    one is made for every kubectl command scored. Equality, hashing,
    ``repr``, pickling and `Record.evolve` read the fields; *last* is
    derived from *flags*.

    Attributes:
        argv: The whole argv.
        path: The command path, e.g. ``("rollout", "undo")``; ``()`` for
            bare ``kubectl`` or an unknown command.
        path_words: The path as written (aliases kept).
        namespace: ``-n`` / ``--namespace``, if given (and known before it
            runs).
        all_namespaces: ``-A`` / ``--all-namespaces``.
        context: ``--context``, if given (and known before it runs).
        resources: One per (type, name) pair.
        args: The positional words after the path.
        flags: ``(long name, value or None)`` in order, short forms
            resolved to long names.
        dry_run: ``--dry-run``, ``=client``, ``=server`` (not ``=none``).
        exec_argv: The words after ``--``.
        problems: ``(what, word)`` for each word that could not be
            resolved (`unknown`); *what* is one of
            ``command``, ``flag``, ``resource``, ``dynamic``.
        last: The last value of each flag given (derived from *flags*).

    >>> call = KubectlCall(argv=("kubectl", "-n", "a", "-n", "b"),
    ...                    flags=(("namespace", "a"), ("namespace", "b")))
    >>> call.flag("namespace"), call.values("namespace")
    ('b', ('a', 'b'))
    """

    _fields = (
        "argv",
        "path",
        "path_words",
        "namespace",
        "all_namespaces",
        "context",
        "resources",
        "args",
        "flags",
        "dry_run",
        "exec_argv",
        "problems",
    )
    __slots__ = (*_fields, "last")

    argv: tuple[str, ...]
    path: tuple[str, ...]
    path_words: tuple[str, ...]
    namespace: str | None
    all_namespaces: bool
    context: str | None
    resources: tuple[ResourceRef, ...]
    args: tuple[str, ...]
    flags: tuple[tuple[str, str | None], ...]
    dry_run: bool
    exec_argv: tuple[str, ...]
    problems: tuple[tuple[str, str], ...]
    last: Mapping[str, str | None]

    def __init__(  # noqa: PLR0913 - one keyword per field
        self,
        *,
        argv: tuple[str, ...],
        path: tuple[str, ...] = (),
        path_words: tuple[str, ...] = (),
        namespace: str | None = None,
        all_namespaces: bool = False,
        context: str | None = None,
        resources: tuple[ResourceRef, ...] = (),
        args: tuple[str, ...] = (),
        flags: tuple[tuple[str, str | None], ...] = (),
        dry_run: bool = False,
        exec_argv: tuple[str, ...] = (),
        problems: tuple[tuple[str, str], ...] = (),
    ) -> None:
        last = dict(flags)
        bools: tuple[object, object] = (all_namespaces, dry_run)
        valid = (
            type(argv) is tuple
            and type(path) is tuple
            and type(path_words) is tuple
            and type(args) is tuple
            and type(exec_argv) is tuple
            and type(resources) is tuple
            and type(flags) is tuple
            and type(problems) is tuple
            and (namespace is None or type(namespace) is str)
            and (context is None or type(context) is str)
            and type(bools[0]) is bool
            and type(bools[1]) is bool
            and (not problems or _valid_problems(problems))
        )
        for r in resources if valid else ():
            if type(r) is not ResourceRef:
                valid = False
        try:
            # every word a str: one C-level pass
            "".join(argv)
        except TypeError:
            valid = False
        if not valid:
            _refuse(
                "KubectlCall",
                "tuples of str for argv, path, path_words, args and "
                "exec_argv, a str or None namespace and context, bool "
                "all_namespaces and dry_run, a tuple of ResourceRef, "
                "(name, value) flags and (what, word) problems",
            )
        (
            set_argv,
            set_path,
            set_path_words,
            set_namespace,
            set_all_namespaces,
            set_context,
            set_resources,
            set_args,
            set_flags,
            set_dry_run,
            set_exec_argv,
            set_problems,
            set_last,
        ) = self._setters
        set_argv(self, argv)
        set_path(self, path)
        set_path_words(self, path_words)
        set_namespace(self, namespace)
        set_all_namespaces(self, all_namespaces)
        set_context(self, context)
        set_resources(self, resources)
        set_args(self, args)
        set_flags(self, flags)
        set_dry_run(self, dry_run)
        set_exec_argv(self, exec_argv)
        set_problems(self, problems)
        set_last(self, last)

    @property
    def kubeconfig(self) -> str | None:
        """
        ``--kubeconfig``, if given.
        """
        return self.last.get("kubeconfig")

    @property
    def unknown(self) -> tuple[str, ...]:
        """
        The words that could not be resolved (the words of *problems*).
        """
        return tuple([w for _k, w in self.problems])

    def flag(self, name: str) -> str | None:
        """
        The last value given to flag *name* (`None` if absent or bare).
        """
        return self.last.get(name)

    def has(self, name: str) -> bool:
        """
        Whether flag *name* is given and not set to false.
        """
        last = self.last
        if name not in last:
            return False
        value = last[name]
        return value is None or value not in _FALSE

    def values(self, name: str) -> tuple[str | None, ...]:
        """
        Every value given to flag *name*, in order.
        """
        return tuple([v for n, v in self.flags if n == name])
