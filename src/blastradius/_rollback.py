"""
Rollback derivation: an action and the facts a host captured before it
ran → a `RollbackPlan` of argv steps.

Pure: no I/O, no clock. Every word of every step is either a fixed word
of ours (``kubectl``, ``scale``, ``--replicas=3``, ``-n``) or a value that
passed one of the validators in `blastradius._names`, so no step word
that comes from the action or the facts can start with ``-``.

Argv form of a kubectl step::

    kubectl VERB... TYPE/NAME [ARGS...] [FLAGS...] [-n NAMESPACE]
        [--context=CTX] [--kubeconfig=PATH] [--cluster=C] [--user=U]

where ``TYPE`` is the resource's plural, qualified by its API group when
it has one (``deployments.apps/api``, ``services/web``).
"""

from __future__ import annotations

import enum

from collections.abc import Callable, Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Final

import attrs

from blastradius import _names
from blastradius._model import SimpleCommand
from blastradius.exceptions import SpecError
from blastradius.rules.rollback import (
    HELM_ROLLBACK_BY_PATH,
    WORKLOADS,
    RollbackRule,
    Strategy,
)


if TYPE_CHECKING:
    from blastradius import _shell
    from blastradius.families.kubectl.grammar import KubectlCall


__all__ = [
    "Facts",
    "RollbackPlan",
    "RollbackStatus",
    "derive_rollback",
]

VERIFY_TIMEOUT: Final = "120s"
"""The ``--timeout`` of ``rollout status`` verify steps."""


@enum.unique
class RollbackStatus(enum.Enum):
    """
    How good a `RollbackPlan` is.
    """

    EXACT = "exact"
    """The steps restore the state from before the action."""
    GENERIC = "generic"
    """The steps undo what can be undone; *needs* names what would make
    them exact, *notes* what they leave behind."""
    NOTHING = "nothing"
    """Nothing to undo: read-only, a dry run, or a restart."""
    INCOMPLETE = "incomplete"
    """No step until the facts in *needs* are supplied or the targets are
    named."""
    MANUAL = "manual"
    """The inverse is itself blocked by a hard rule: a person does it."""
    IRREVERSIBLE = "irreversible"
    """Nothing can undo the action."""
    REJECTED = "rejected"
    """A name in the action is not valid; no argv was built from it."""
    UNSUPPORTED = "unsupported"
    """Not an action blastradius knows how to undo."""


Argv = tuple[str, ...]


def _steps(value: Iterable[Iterable[str]]) -> tuple[Argv, ...]:
    out = tuple(tuple(step) for step in value)
    for step in out:
        if not step or not all(step):
            msg = "every step is a non-empty argv of non-empty strings"
            raise SpecError(msg, field="steps", value=step)
        if any("\0" in w for w in step):
            msg = "argv words cannot contain NUL"
            raise SpecError(msg, field="steps", value=step)
    return out


def _strs(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


@attrs.frozen(kw_only=True)
class RollbackPlan:
    """
    How to undo one action.

    Attributes:
        status: How good the plan is (`RollbackStatus`).
        steps: The argv of each command to run, in order (never strings).
        verify: Argv of commands that check the rollback converged, e.g.
            ``kubectl rollout status deployments.apps/api -n prod
            --timeout=120s``.
        needs: Names of `Facts` fields that would make the plan exact.
        reason: Why the plan is what it is (always set unless *exact*).
        notes: Caveats: what the steps do not restore.
        rule: The id of the rollback row used, if any.

    >>> plan = derive_rollback("kubectl cordon node-1")
    >>> plan.steps
    (('kubectl', 'uncordon', 'node-1'),)
    """

    status: RollbackStatus
    steps: tuple[Argv, ...] = attrs.field(converter=_steps, default=())
    verify: tuple[Argv, ...] = attrs.field(converter=_steps, default=())
    needs: tuple[str, ...] = attrs.field(converter=_strs, default=())
    reason: str = ""
    notes: tuple[str, ...] = attrs.field(converter=_strs, default=())
    rule: str | None = None

    @property
    def irreversible(self) -> bool:
        """
        Whether the action cannot be undone at all.
        """
        return self.status is RollbackStatus.IRREVERSIBLE

    @property
    def exact(self) -> bool:
        """
        Whether the steps restore the prior state (or nothing changed).
        """
        return self.status in (RollbackStatus.EXACT, RollbackStatus.NOTHING)

    @property
    def executable(self) -> bool:
        """
        Whether a host has steps to run (or nothing to undo).
        """
        return bool(self.steps) or self.status is RollbackStatus.NOTHING

    def to_dict(self) -> dict[str, Any]:
        """
        A JSON-ready view.
        """
        return {
            "status": self.status.value,
            "irreversible": self.irreversible,
            "steps": [list(s) for s in self.steps],
            "verify": [list(s) for s in self.verify],
            "needs": list(self.needs),
            "reason": self.reason,
            "notes": list(self.notes),
            "rule": self.rule,
        }


# -- facts ---------------------------------------------------------------


def _pairs(value: object) -> tuple[tuple[str, Any], ...]:
    if isinstance(value, Mapping):
        items: Iterable[Any] = value.items()
    elif isinstance(value, str | bytes) or not isinstance(value, Iterable):
        msg = "must be a mapping"
        raise SpecError(msg, field="facts", value=value)
    else:
        items = value
    out: list[tuple[str, Any]] = []
    for item in items:
        if not isinstance(item, tuple) or len(item) != 2:
            msg = "must be a mapping"
            raise SpecError(msg, field="facts", value=value)
        out.append((item[0], item[1]))
    return tuple(sorted(out, key=lambda kv: str(kv[0])))


def _opt_int(field: str, low: int) -> Callable[[Any, Any, Any], None]:
    def check(_inst: object, _attr: object, value: object) -> None:
        if value is None:
            return
        ok = (
            isinstance(value, int)
            and not isinstance(value, bool)
            and low <= value <= 1_000_000
        )
        _names.check(ok, f"facts.{field}", f"an integer >= {low}", value)

    return check


def _opt_path(field: str) -> Callable[[Any, Any, Any], None]:
    def check(_inst: object, _attr: object, value: object) -> None:
        if value is not None:
            _names.check(
                _names.is_path(value),
                f"facts.{field}",
                "a local file path (letters, digits, _./@+=:,- ; not "
                "starting with -)",
                value,
            )

    return check


def _check_images(_inst: object, _attr: object, value: object) -> None:
    assert isinstance(value, tuple)  # noqa: S101 - the converter made it
    for container, image in value:
        _names.check(
            _names.is_dns1123_label(container),
            "facts.previous_images",
            "a container name",
            container,
        )
        _names.check(
            _names.is_image(image), "facts.previous_images", "an image", image
        )


def _check_kv(
    field: str, value_ok: Callable[[object], bool], what: str
) -> Callable[[Any, Any, Any], None]:
    def check(_inst: object, _attr: object, value: object) -> None:
        assert isinstance(value, tuple)  # noqa: S101 - the converter made it
        for key, old in value:
            _names.check(
                _names.is_label_key(key), f"facts.{field}", "a key", key
            )
            if old is not None:
                _names.check(value_ok(old), f"facts.{field}", what, old)

    return check


def _check_taints(_inst: object, _attr: object, value: object) -> None:
    assert isinstance(value, tuple)  # noqa: S101 - the converter made it
    for key, old in value:
        name, colon, effect = str(key).rpartition(":")
        _names.check(
            isinstance(key, str)
            and bool(colon)
            and _names.is_label_key(name)
            and effect in _names.TAINT_EFFECTS,
            "facts.previous_taints",
            "KEY:EFFECT",
            key,
        )
        if old is not None:
            _names.check(
                _names.is_label_value(old),
                "facts.previous_taints",
                "a taint value",
                old,
            )


def _check_image(_inst: object, _attr: object, value: Any) -> None:
    if value is not None:
        _names.check(
            _names.is_image(value), "facts.previous_image", "an image", value
        )


@attrs.frozen(kw_only=True)
class Facts:
    """
    What a host captured *before* the action ran, so the rollback can be
    exact. Every field is optional; a plan's *needs* names the ones that
    would have helped. All values are validated on construction
    (`blastradius.SpecError` naming ``facts.<field>``).

    Attributes:
        previous_replicas: ``.spec.replicas`` before a ``scale``.
        previous_images: Container name → image before ``set image``.
        previous_image: The image before ``set image`` of one container.
        previous_labels: Label key → previous value, `None` when the
            label was absent.
        previous_annotations: Annotation key → previous value, `None` when
            absent.
        previous_taints: ``KEY:EFFECT`` → previous value (``""`` for a taint
            without value), `None` when the node had no such taint.
        previous_manifest: Path of a manifest of the objects saved before a
            ``patch`` / ``apply`` / ``replace`` / ``edit`` / ``set`` (e.g.
            ``kubectl get deploy api -o yaml``, without
            ``metadata.resourceVersion``).
        snapshot: Path of a manifest saved before a ``delete``, without
            ``metadata.resourceVersion`` and ``uid``.
        helm_previous_revision: The release's revision before ``helm
            upgrade`` / ``helm rollback``.

    >>> Facts.from_mapping({"previous_replicas": 3}).previous_replicas
    3
    """

    previous_replicas: int | None = attrs.field(
        default=None, validator=_opt_int("previous_replicas", 0)
    )
    previous_images: tuple[tuple[str, str], ...] = attrs.field(
        default=(), converter=_pairs, validator=_check_images
    )
    previous_image: str | None = attrs.field(
        default=None, validator=_check_image
    )
    previous_labels: tuple[tuple[str, str | None], ...] = attrs.field(
        default=(),
        converter=_pairs,
        validator=_check_kv(
            "previous_labels", _names.is_label_value, "a label value"
        ),
    )
    previous_annotations: tuple[tuple[str, str | None], ...] = attrs.field(
        default=(),
        converter=_pairs,
        validator=_check_kv(
            "previous_annotations",
            _names.is_annotation_value,
            "an annotation value",
        ),
    )
    previous_taints: tuple[tuple[str, str | None], ...] = attrs.field(
        default=(), converter=_pairs, validator=_check_taints
    )
    previous_manifest: str | None = attrs.field(
        default=None, validator=_opt_path("previous_manifest")
    )
    snapshot: str | None = attrs.field(
        default=None, validator=_opt_path("snapshot")
    )
    helm_previous_revision: int | None = attrs.field(
        default=None, validator=_opt_int("helm_previous_revision", 1)
    )

    @classmethod
    def from_mapping(cls, facts: Mapping[str, object]) -> Facts:
        """
        Build from a plain mapping; an unknown key is a `SpecError`.
        """
        names = {a.name for a in attrs.fields(cls)}
        for key in facts:
            if key not in names:
                msg = f"unknown fact; known: {', '.join(sorted(names))}"
                raise SpecError(msg, field=f"facts.{key}", value=key)
        return cls(**facts)  # type: ignore[arg-type]

    def to_dict(self) -> dict[str, Any]:
        """
        A JSON-ready view of the facts that are set.
        """
        out: dict[str, Any] = {}
        for a in attrs.fields(type(self)):
            value = getattr(self, a.name)
            if value is None or value == ():
                continue
            out[a.name] = dict(value) if isinstance(value, tuple) else value
        return out


def as_facts(facts: Facts | Mapping[str, object] | None) -> Facts:
    """
    *facts* as a `Facts`.
    """
    if facts is None:
        return _NO_FACTS
    if isinstance(facts, Facts):
        return facts
    if isinstance(facts, Mapping):
        return Facts.from_mapping(facts)
    msg = "facts must be a Facts, a mapping or None"
    raise SpecError(msg, field="facts", value=facts)


_NO_FACTS: Final = Facts()


# -- parsed actions --------------------------------------------------------


@attrs.frozen
class Target:
    """
    One named object: resource plural, API group, name.
    """

    resource: str
    group: str
    name: str

    @property
    def ref(self) -> str:
        """
        ``plural[.group]/name``.
        """
        kind = f"{self.resource}.{self.group}" if self.group else self.resource
        return f"{kind}/{self.name}"

    @property
    def workload(self) -> bool:
        """
        Whether ``rollout undo`` / ``rollout status`` apply.
        """
        return (self.resource, self.group) in WORKLOADS


class _Rejected(Exception):  # noqa: N818 - internal control flow
    """
    A name failed validation: the plan is `RollbackStatus.REJECTED`.
    """


def _require(ok: bool, what: str, value: object) -> None:
    if not ok:
        msg = f"{value!r} is not {what}"
        raise _Rejected(msg)


# -- helm ------------------------------------------------------------------

_HELM_VALUE_FLAGS: Final = frozenset(
    {
        "namespace",
        "kube-context",
        "kubeconfig",
        "kube-apiserver",
        "kube-as-group",
        "kube-as-user",
        "kube-ca-file",
        "kube-token",
        "kube-tls-server-name",
        "registry-config",
        "repository-cache",
        "repository-config",
        "burst-limit",
        "qps",
        "values",
        "set",
        "set-string",
        "set-file",
        "set-json",
        "set-literal",
        "version",
        "timeout",
        "description",
        "post-renderer",
        "post-renderer-args",
        "repo",
        "username",
        "password",
        "ca-file",
        "cert-file",
        "key-file",
        "keyring",
        "history-max",
        "labels",
        "name-template",
        "output",
        "cascade",
        "max",
    }
)
_HELM_BOOL_FLAGS: Final = frozenset(
    {
        "atomic",
        "rollback-on-failure",
        "install",
        "force",
        "force-replace",
        "force-conflicts",
        "reuse-values",
        "reset-values",
        "reset-then-reuse-values",
        "wait",
        "wait-for-jobs",
        "no-hooks",
        "cleanup-on-fail",
        "create-namespace",
        "dependency-update",
        "devel",
        "disable-openapi-validation",
        "skip-crds",
        "skip-schema-validation",
        "take-ownership",
        "verify",
        "insecure-skip-tls-verify",
        "plain-http",
        "pass-credentials",
        "enable-dns",
        "render-subchart-notes",
        "debug",
        "keep-history",
        "generate-name",
        "replace",
        "recreate-pods",
        "hide-notes",
        "hide-secret",
        "dry-run",
        "ignore-not-found",
    }
)
_HELM_SHORT: Final = MappingProxyType(
    {
        "n": "namespace",
        "f": "values",
        "i": "install",
        "g": "generate-name",
        "l": "labels",
        "o": "output",
    }
)
_HELM_ALIASES: Final = MappingProxyType(
    {"un": "uninstall", "del": "uninstall", "delete": "uninstall"}
)


@attrs.frozen
class _HelmCall:
    sub: str
    positional: tuple[str, ...]
    flags: Mapping[str, str | None]


def _parse_helm(argv: Sequence[str]) -> _HelmCall:
    positional: list[str] = []
    flags: dict[str, str | None] = {}
    words = list(argv[1:])
    i = 0
    while i < len(words):
        word = words[i]
        i += 1
        if word == "--":
            positional.extend(words[i:])
            break
        if not word.startswith("-") or word == "-":
            positional.append(word)
            continue
        name, eq, value = word.lstrip("-").partition("=")
        if not word.startswith("--"):
            name, value, eq = (
                name[:1],
                name[1:] or value,
                "=" if name[1:] or eq else "",
            )
            name = _HELM_SHORT.get(name, "?" + name)
        if name in _HELM_BOOL_FLAGS:
            flags[name] = value if eq else None
        elif name in _HELM_VALUE_FLAGS:
            if not eq:
                if i >= len(words):
                    msg = f"--{name} has no value"
                    raise _Rejected(msg)
                value = words[i]
                i += 1
            flags[name] = value
        else:
            msg = f"helm flag {word!r} is not understood"
            raise _Rejected(msg)
    sub = positional[0] if positional else ""
    return _HelmCall(
        _HELM_ALIASES.get(sub, sub),
        tuple(positional[1:]),
        MappingProxyType(flags),
    )


def _helm_plan(
    argv: Sequence[str], facts: Facts, default_ns: str | None
) -> RollbackPlan:
    try:
        call = _parse_helm(argv)
    except _Rejected as e:
        return RollbackPlan(
            status=RollbackStatus.INCOMPLETE,
            reason=f"{e}: cannot tell the release name",
        )
    rule = HELM_ROLLBACK_BY_PATH.get((call.sub,))
    if rule is None:
        return RollbackPlan(
            status=RollbackStatus.UNSUPPORTED,
            reason=f"no rollback is known for helm {call.sub}".rstrip(),
        )
    try:
        return _helm_rule_plan(rule, call, facts, default_ns)
    except _Rejected as e:
        return RollbackPlan(
            status=RollbackStatus.REJECTED, reason=str(e), rule=rule.id
        )


def _helm_rule_plan(
    rule: RollbackRule, call: _HelmCall, facts: Facts, default_ns: str | None
) -> RollbackPlan:
    notes = (rule.note,) if rule.note else ()
    if "dry-run" in call.flags and call.flags["dry-run"] not in {
        "none",
        "false",
    }:
        return RollbackPlan(
            status=RollbackStatus.NOTHING,
            reason="a dry run changes nothing",
            rule=rule.id,
        )
    if rule.strategy is Strategy.IRREVERSIBLE:
        return RollbackPlan(
            status=RollbackStatus.IRREVERSIBLE,
            reason=rule.summary,
            rule=rule.id,
        )
    if "generate-name" in call.flags or not call.positional:
        return RollbackPlan(
            status=RollbackStatus.INCOMPLETE,
            reason="the release name is not on the command line",
            rule=rule.id,
        )
    release = call.positional[0]
    _require(_names.is_helm_release(release), "a helm release name", release)
    tail: list[str] = []
    namespace = call.flags.get("namespace") or default_ns
    if namespace is not None:
        _require(_names.is_dns1123_label(namespace), "a namespace", namespace)
        tail += ["-n", namespace]
    for name in ("kube-context", "kubeconfig"):
        value = call.flags.get(name)
        if value is not None:
            ok = (
                _names.is_path(value)
                if name == "kubeconfig"
                else _names.is_context(value)
            )
            _require(ok, f"a --{name} value", value)
            tail.append(f"--{name}={value}")
    verify = (("helm", "status", release, *tail),)
    if rule.strategy is Strategy.HELM_UNINSTALL:
        return RollbackPlan(
            status=RollbackStatus.EXACT,
            steps=[("helm", "uninstall", release, *tail)],
            reason="uninstall the release it installed",
            notes=notes,
            rule=rule.id,
        )
    revision = facts.helm_previous_revision
    if revision is None:
        return RollbackPlan(
            status=RollbackStatus.GENERIC,
            steps=[("helm", "rollback", release, *tail)],
            verify=verify,
            needs=("helm_previous_revision",),
            reason="roll back to the previous release",
            notes=notes,
            rule=rule.id,
        )
    return RollbackPlan(
        status=RollbackStatus.EXACT,
        steps=[("helm", "rollback", release, str(revision), *tail)],
        verify=verify,
        reason=f"roll back to revision {revision}",
        rule=rule.id,
    )


# -- entry point -----------------------------------------------------------


def _kubectl_plan(
    argv: Sequence[str],
    facts: Facts,
    default_ns: str | None,
    call: object = None,
) -> RollbackPlan:
    from blastradius.families.kubectl import rollback

    return rollback.kubectl_plan(argv, facts, default_ns, call)


def _helm(
    argv: Sequence[str],
    facts: Facts,
    default_ns: str | None,
    _call: object = None,
) -> RollbackPlan:
    return _helm_plan(argv, facts, default_ns)


_PROGRAMS: Final[
    Mapping[
        str,
        Callable[[Sequence[str], Facts, str | None, object], RollbackPlan],
    ]
] = MappingProxyType({"kubectl": _kubectl_plan, "helm": _helm})


def one_command(parsed: _shell.Parsed) -> SimpleCommand | str:
    """
    The one simple command *parsed* runs, or why there is not exactly one.
    """
    from blastradius._shell._wrappers import CONTAINER_VIAS

    if parsed.errors:
        return "the action cannot be parsed: " + "; ".join(parsed.errors)
    # a command run inside a container (``kubectl create deployment X
    # --image=Y -- CMD``) is part of what the outer command creates
    commands = [
        c
        for c in parsed.commands
        if c.argv and CONTAINER_VIAS.isdisjoint(c.via)
    ]
    if len(commands) != 1:
        return f"a rollback needs exactly one command, not {len(commands)}"
    return commands[0]


def read_action(action: str | Sequence[str]) -> _shell.Parsed:
    """
    *action* read by the shell layer: a command line as bash reads it, an
    argv word for word.
    """
    from blastradius import _shell

    if isinstance(action, str):
        return _shell.parse(action)
    return _shell.from_argv(tuple(action))


def command_of(action: str | Sequence[str]) -> SimpleCommand | str:
    """
    The one simple command *action* runs, or why there is not exactly one.
    """
    return one_command(read_action(action))


def plan_for(
    command: SimpleCommand,
    facts: Facts,
    *,
    namespace: str | None,
    argv: Sequence[str] | None = None,
    call: object = None,
) -> RollbackPlan:
    """
    The rollback plan of one simple *command*.

    Args:
        command: The command, as the shell layer read it.
        facts: The prior facts.
        namespace: The namespace to pin the steps to when the action names
            none (already validated).
        argv: The argv to derive from, when not *command*'s own (a policy
            alias resolved to its program).
        call: The call the program's grammar already read from *command*
            (`blastradius.Assessment.calls`), so it is not read again.
    """
    if any(command.dynamic) or command.unknown_args:
        return RollbackPlan(
            status=RollbackStatus.INCOMPLETE,
            reason="some words of the action are only known at run time",
        )
    words = command.argv if argv is None else tuple(argv)
    program = command.program if argv is None else _program(words)
    build = _PROGRAMS.get(program)
    if build is None:
        return RollbackPlan(
            status=RollbackStatus.UNSUPPORTED,
            reason=f"no rollback is known for {program!r}",
        )
    return build(words, facts, namespace, call)


def _program(argv: Sequence[str]) -> str:
    return SimpleCommand(argv=tuple(argv)).program


def derive_rollback(
    action: str | Sequence[str],
    facts: Facts | Mapping[str, object] | None = None,
    *,
    namespace: str | None = None,
) -> RollbackPlan:
    """
    Derive how to undo *action* from the action alone and the prior *facts*.

    Pure: the same action and facts always give the same plan; nothing is
    fetched. When a fact is missing, the plan names it in *needs*.

    Args:
        action: One command: a shell command line or an argv.
        facts: What the host captured before the action ran: a `Facts` or a
            mapping with its field names.
        namespace: The namespace to pin the steps to when the action names
            none (`DeclarativeSpec.evaluate` passes the spec's).

    Returns:
        A `RollbackPlan`; never raises for any action.

    Raises:
        SpecError: *facts* or *namespace* is malformed (field
            ``facts.<name>`` or ``namespace``).

    >>> plan = derive_rollback(
    ...     "kubectl scale deploy/api --replicas=0 -n prod",
    ...     facts={"previous_replicas": 3},
    ... )
    >>> import shlex
    >>> for step in plan.steps:
    ...     print(shlex.join(step))
    kubectl scale deployments.apps/api --replicas=3 -n prod
    >>> derive_rollback("kubectl delete deploy api -n prod").irreversible
    True
    """
    known = as_facts(facts)
    if namespace is not None:
        _names.check(
            _names.is_dns1123_label(namespace),
            "namespace",
            "a namespace",
            namespace,
        )
    command = command_of(action)
    if isinstance(command, str):
        return RollbackPlan(status=RollbackStatus.UNSUPPORTED, reason=command)
    return plan_for(command, known, namespace=namespace)


# The kubectl derivation moved to blastradius.families.kubectl.rollback;
# these three stay here for the adapters that call them (imported only when
# called, so that this module stays small).


def _conn(call: KubectlCall) -> tuple[str, ...]:
    from blastradius.families.kubectl import rollback

    return rollback._conn(call)  # noqa: SLF001


def _namespaced(resource: str, group: str) -> bool:
    from blastradius.families.kubectl import rollback

    return rollback._namespaced(resource, group)  # noqa: SLF001


def _node_targets(call: KubectlCall) -> list[Target]:
    from blastradius.families.kubectl import rollback

    return rollback._node_targets(call)  # noqa: SLF001
