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
from typing import Any, Final

import attrs

from blastradius import _names
from blastradius._model import Effect, SimpleCommand
from blastradius.exceptions import SpecError
from blastradius.rules.rollback import (
    HELM_ROLLBACK_BY_PATH,
    KUBECTL_ROLLBACK_BY_PATH,
    UNDO_NOTE,
    WORKLOADS,
    RollbackRule,
    Strategy,
)


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


@attrs.frozen(kw_only=True)
class _Ctx:
    """
    Everything a builder needs about one kubectl action.
    """

    rule: RollbackRule
    call: Any  # blastradius.analyzers.kubectl.KubectlCall
    facts: Facts
    namespace: str | None
    conn: tuple[str, ...]
    targets: tuple[Target, ...]
    by_selector: bool
    from_file: bool

    def kubectl(self, *words: str, namespaced: bool = True) -> Argv:
        ns: tuple[str, ...] = ()
        if namespaced and self.namespace is not None:
            ns = ("-n", self.namespace)
        return ("kubectl", *words, *ns, *self.conn)

    def flag(self, name: str) -> str | None:
        value = self.call.flag(name)
        return value if isinstance(value, str) else None

    def has(self, name: str) -> bool:
        return bool(self.call.has(name))

    def plan(self, status: RollbackStatus, **kw: Any) -> RollbackPlan:
        notes = tuple(kw.pop("notes", ()))
        if self.rule.note and self.rule.note not in notes:
            notes = (*notes, self.rule.note)
        if self.namespace is None and any(
            _namespaced(t.resource, t.group) for t in self.targets
        ):
            notes = (
                *notes,
                (
                    "the action names no namespace: the steps run in the "
                    "current context's namespace"
                ),
            )
        return RollbackPlan(
            status=status, rule=self.rule.id, notes=notes, **kw
        )

    def verify(self, targets: Iterable[Target]) -> tuple[Argv, ...]:
        return tuple(
            self.kubectl(
                "rollout", "status", t.ref, f"--timeout={VERIFY_TIMEOUT}"
            )
            for t in targets
            if t.workload
        )


def _namespaced(resource: str, group: str) -> bool:
    from blastradius.rules.kubectl import RESOURCE_BY_PLURAL

    row = RESOURCE_BY_PLURAL.get(resource)
    if row is None or row.group != group:
        return True
    return row.namespaced


def _unnamed(ctx: _Ctx, what: str) -> RollbackPlan:
    return ctx.plan(
        RollbackStatus.INCOMPLETE,
        needs=ctx.rule.needs,
        reason=f"the {what} are not named on the command line "
        "(selector, --all, -A or -f): name them to derive a rollback",
    )


# -- builders, one per strategy -------------------------------------------


def _b_scale(ctx: _Ctx) -> RollbackPlan:
    if ctx.by_selector or ctx.from_file or not ctx.targets:
        return _unnamed(ctx, "scaled objects")
    current = ctx.flag("current-replicas")
    previous = ctx.facts.previous_replicas
    if previous is None and current is not None and current.isdigit():
        previous = int(current)
    if previous is None or (
        len(ctx.targets) > 1 and ctx.facts.previous_replicas is not None
    ):
        return ctx.plan(
            RollbackStatus.INCOMPLETE,
            needs=("previous_replicas",),
            reason="the replica count before the scale is not known"
            if previous is None
            else "one previous_replicas for several objects is ambiguous",
        )
    refs = tuple(t.ref for t in ctx.targets)
    return ctx.plan(
        RollbackStatus.EXACT,
        steps=[ctx.kubectl("scale", *refs, f"--replicas={previous}")],
        verify=ctx.verify(ctx.targets),
        reason=f"scale back to {previous} replicas",
    )


def _undo(
    ctx: _Ctx, reason: str, *, notes: Sequence[str] = ()
) -> RollbackPlan:
    """
    ``rollout undo`` of every target, when all are workloads.
    """
    if ctx.targets and all(t.workload for t in ctx.targets):
        return ctx.plan(
            RollbackStatus.GENERIC,
            steps=[ctx.kubectl("rollout", "undo", t.ref) for t in ctx.targets],
            verify=ctx.verify(ctx.targets),
            needs=ctx.rule.needs,
            reason=f"{reason}: rollout undo to the previous revision",
            notes=(*notes, UNDO_NOTE),
        )
    return ctx.plan(
        RollbackStatus.IRREVERSIBLE,
        needs=ctx.rule.needs,
        reason=f"{reason}, and the target is not a deployment, daemonset "
        "or statefulset that rollout undo could revert",
    )


def _b_image(ctx: _Ctx) -> RollbackPlan:
    if ctx.by_selector or ctx.from_file or not ctx.targets:
        return _unnamed(ctx, "updated objects")
    pairs = [a.partition("=") for a in ctx.call.args if "=" in a]
    known = dict(ctx.facts.previous_images)
    restore: list[str] = []
    for container, _eq, _image in pairs:
        old = known.get(container)
        if old is None and len(pairs) == 1:
            old = ctx.facts.previous_image
        if old is None or not _names.is_dns1123_label(container):
            restore = []
            break
        restore.append(f"{container}={old}")
    if restore and len(ctx.targets) == 1:
        return ctx.plan(
            RollbackStatus.EXACT,
            steps=[ctx.kubectl("set", "image", ctx.targets[0].ref, *restore)],
            verify=ctx.verify(ctx.targets),
            reason="set the previous images again",
        )
    return _undo(ctx, "the previous images are not known")


def _b_restore(ctx: _Ctx) -> RollbackPlan:
    manifest = ctx.facts.previous_manifest
    notes = []
    if ctx.has("prune"):
        notes.append(
            "objects pruned by --prune come back only if the prior "
            "manifest lists them"
        )
    if manifest is not None:
        verb = (
            "apply"
            if ctx.rule.path in {("apply",), ("auth", "reconcile")}
            else "replace"
        )
        return ctx.plan(
            RollbackStatus.EXACT,
            steps=[ctx.kubectl(verb, "-f", manifest)],
            verify=ctx.verify(ctx.targets),
            reason=f"{verb} the manifest saved before the action",
            notes=notes,
        )
    if ctx.by_selector or ctx.from_file:
        return ctx.plan(
            RollbackStatus.IRREVERSIBLE,
            needs=ctx.rule.needs,
            reason="no prior manifest was supplied and the objects are not "
            "named on the command line",
            notes=notes,
        )
    return _undo(ctx, "no prior manifest was supplied", notes=notes)


def _b_nothing(ctx: _Ctx) -> RollbackPlan:
    return ctx.plan(
        RollbackStatus.NOTHING,
        verify=ctx.verify(ctx.targets),
        reason=ctx.rule.summary,
    )


def _b_inverse(ctx: _Ctx) -> RollbackPlan:
    if ctx.by_selector or ctx.from_file or not ctx.targets:
        return _unnamed(ctx, "objects")
    nodes = ctx.rule.path[0] in {"cordon", "uncordon", "drain"}
    words = (
        tuple(t.name for t in ctx.targets)
        if nodes
        else tuple(t.ref for t in ctx.targets)
    )
    status = (
        RollbackStatus.GENERIC
        if ctx.rule.path == ("drain",)
        else RollbackStatus.EXACT
    )
    return ctx.plan(
        status,
        steps=[ctx.kubectl(*ctx.rule.inverse, *words, namespaced=not nodes)],
        verify=() if nodes else ctx.verify(ctx.targets),
        reason=" ".join(ctx.rule.inverse),
    )


def _b_undo_again(ctx: _Ctx) -> RollbackPlan:
    if ctx.by_selector or ctx.from_file or not ctx.targets:
        return _unnamed(ctx, "workloads")
    return ctx.plan(
        RollbackStatus.EXACT,
        steps=[ctx.kubectl("rollout", "undo", t.ref) for t in ctx.targets],
        verify=ctx.verify(ctx.targets),
        reason="the revision live before the undo is now the previous one",
    )


def _taint_specs(ctx: _Ctx) -> tuple[list[str], list[str]]:
    """
    The inverse taint specs, and the facts missing to build them.
    """
    known = dict(ctx.facts.previous_taints)
    given = bool(ctx.facts.previous_taints)
    overwrite = ctx.has("overwrite")
    out: list[str] = []
    missing: list[str] = []
    specs = [
        a for a in ctx.call.args if ":" in a or "=" in a or a.endswith("-")
    ]
    for spec in specs:
        if spec.endswith("-"):
            body = spec[:-1]
            keys = (
                [body]
                if ":" in body
                else [k for k in known if k.rpartition(":")[0] == body]
            )
            if not keys or any(k not in known for k in keys):
                missing.append(spec)
                continue
            for k in keys:
                old = known[k]
                if old is not None:
                    name, _c, effect = k.rpartition(":")
                    out.append(f"{name}={old}:{effect}" if old else k)
            continue
        head, _c, effect = spec.rpartition(":")
        name, _eq, _value = head.partition("=")
        key = f"{name}:{effect}"
        _require(
            _names.is_label_key(name) and effect in _names.TAINT_EFFECTS,
            "a taint KEY[=VALUE]:EFFECT",
            spec,
        )
        if key in known:
            old = known[key]
            if old is None:
                out.append(f"{key}-")
            else:
                out.append(f"{name}={old}:{effect}" if old else key)
        elif overwrite or given:
            missing.append(spec)
        else:
            out.append(f"{key}-")
    return out, missing


def _b_taint(ctx: _Ctx) -> RollbackPlan:
    if ctx.by_selector or not ctx.targets:
        return _unnamed(ctx, "nodes")
    out, missing = _taint_specs(ctx)
    if missing:
        return ctx.plan(
            RollbackStatus.INCOMPLETE,
            needs=("previous_taints",),
            reason="the previous value of "
            + ", ".join(missing)
            + " is not known",
        )
    if not out:
        return ctx.plan(RollbackStatus.NOTHING, reason="no taint changed")
    names = tuple(t.name for t in ctx.targets)
    restores = any(not s.endswith("-") for s in out)
    flags = ("--overwrite",) if restores else ()
    return ctx.plan(
        RollbackStatus.EXACT,
        steps=[
            ctx.kubectl(
                "taint", "nodes", *names, *out, *flags, namespaced=False
            )
        ],
        reason="remove added taints, put removed ones back",
    )


def _b_metadata(ctx: _Ctx) -> RollbackPlan:
    if ctx.has("list"):
        return ctx.plan(RollbackStatus.NOTHING, reason="--list only reads")
    if ctx.by_selector or ctx.from_file or not ctx.targets:
        return _unnamed(ctx, "objects")
    label = ctx.rule.path == ("label",)
    field = "previous_labels" if label else "previous_annotations"
    known = dict(
        ctx.facts.previous_labels if label else ctx.facts.previous_annotations
    )
    value_ok = _names.is_label_value if label else _names.is_annotation_value
    overwrite = ctx.has("overwrite")
    out: list[str] = []
    missing: list[str] = []
    assumed: list[str] = []
    for spec in ctx.call.args:
        if spec.endswith("-") and "=" not in spec:
            key = spec[:-1]
            _require(_names.is_label_key(key), "a key", key)
            if key not in known:
                missing.append(key)
            elif known[key] is not None:
                out.append(f"{key}={known[key]}")
            continue
        key, eq, value = spec.partition("=")
        if not eq:
            continue
        _require(_names.is_label_key(key), "a key", key)
        _require(value_ok(value), "a value", value)
        if key in known:
            old = known[key]
            out.append(f"{key}-" if old is None else f"{key}={old}")
        elif overwrite:
            missing.append(key)
        else:
            assumed.append(key)
            out.append(f"{key}-")
    if missing or (len(ctx.targets) > 1 and known):
        return ctx.plan(
            RollbackStatus.INCOMPLETE,
            needs=(field,),
            reason="the previous value of "
            + ", ".join(missing)
            + " is not known"
            if missing
            else f"one {field} for several objects is ambiguous",
        )
    if not out:
        return ctx.plan(RollbackStatus.NOTHING, reason="no key changed")
    restores = any(not s.endswith("-") for s in out)
    refs = tuple(t.ref for t in ctx.targets)
    step = ctx.kubectl(
        ctx.rule.path[0], *refs, *out, *(("--overwrite",) if restores else ())
    )
    if assumed:
        return ctx.plan(
            RollbackStatus.GENERIC,
            steps=[step],
            needs=(field,),
            reason="remove " + ", ".join(assumed) + ": without --overwrite "
            "kubectl refuses a different existing value, so the key was "
            "absent or already equal",
        )
    return ctx.plan(
        RollbackStatus.EXACT,
        steps=[step],
        reason="restore the previous values",
    )


def _created_name(ctx: _Ctx) -> str | None:
    path = ctx.rule.path
    if path in {("expose",), ("autoscale",)}:
        named = ctx.flag("name")
        if named is not None:
            return named
        return ctx.targets[0].name if len(ctx.targets) == 1 else None
    args = [a for a in ctx.call.args if "=" not in a]
    return args[0] if args else None


def _b_delete_created(ctx: _Ctx) -> RollbackPlan:
    if ctx.rule.creates is None:  # bare ``create -f FILE``
        return _b_delete_from_file(ctx)
    resource, _dot, group = ctx.rule.creates.partition(".")
    name = _created_name(ctx)
    if name is None:
        return ctx.plan(
            RollbackStatus.INCOMPLETE,
            reason="the name of the created object is not on the command line",
        )
    _require(_names.is_object_name(resource, name), f"a {resource} name", name)
    target = Target(resource, group, name)
    if ctx.rule.strategy is Strategy.MANUAL:
        return ctx.plan(
            RollbackStatus.MANUAL,
            reason=f"delete {target.ref} by hand after review: "
            + ctx.rule.note,
        )
    return ctx.plan(
        RollbackStatus.EXACT,
        steps=[
            ctx.kubectl(
                "delete", target.ref, namespaced=_namespaced(resource, group)
            )
        ],
        reason=f"delete the {resource} it created",
    )


def _b_delete_from_file(ctx: _Ctx) -> RollbackPlan:
    files = [v for n, v in ctx.call.flags if n == "filename"]
    kust = [v for n, v in ctx.call.flags if n == "kustomize"]
    if files and not kust and all(_names.is_path(f) for f in files):
        words = [w for f in files for w in ("-f", f)]
        return ctx.plan(
            RollbackStatus.GENERIC,
            steps=[ctx.kubectl("delete", *words)],
            reason="delete what the same files describe",
        )
    return ctx.plan(
        RollbackStatus.INCOMPLETE,
        reason="the created objects come from stdin, a URL or a "
        "kustomization: name them to delete them",
    )


def _b_recreate(ctx: _Ctx) -> RollbackPlan:
    snapshot = ctx.facts.snapshot
    if snapshot is None:
        return ctx.plan(
            RollbackStatus.IRREVERSIBLE,
            needs=("snapshot",),
            reason="deleted objects cannot be re-created without a snapshot "
            "taken before the delete",
        )
    return ctx.plan(
        RollbackStatus.EXACT,
        steps=[ctx.kubectl("create", "-f", snapshot)],
        verify=ctx.verify(ctx.targets),
        reason="create the objects again from the snapshot",
    )


def _b_irreversible(ctx: _Ctx) -> RollbackPlan:
    copy = ctx.flag("copy-to")
    if ctx.rule.path == ("debug",) and copy is not None:
        _require(_names.is_dns1123_subdomain(copy), "a pod name", copy)
        return ctx.plan(
            RollbackStatus.EXACT,
            steps=[ctx.kubectl("delete", f"pods/{copy}")],
            reason="delete the debugging copy of the pod",
        )
    return ctx.plan(RollbackStatus.IRREVERSIBLE, reason=ctx.rule.summary)


_BUILDERS: Mapping[Strategy, Callable[[_Ctx], RollbackPlan]] = (
    MappingProxyType(
        {
            Strategy.SCALE_BACK: _b_scale,
            Strategy.PREVIOUS_IMAGE: _b_image,
            Strategy.NOTHING: _b_nothing,
            Strategy.INVERSE: _b_inverse,
            Strategy.TAINT: _b_taint,
            Strategy.METADATA: _b_metadata,
            Strategy.RESTORE: _b_restore,
            Strategy.UNDO_AGAIN: _b_undo_again,
            Strategy.DELETE_CREATED: _b_delete_created,
            Strategy.MANUAL: _b_delete_created,
            Strategy.RECREATE: _b_recreate,
            Strategy.IRREVERSIBLE: _b_irreversible,
        }
    )
)


def _require(ok: bool, what: str, value: object) -> None:
    if not ok:
        msg = f"{value!r} is not {what}"
        raise _Rejected(msg)


# -- kubectl -------------------------------------------------------------

_CONN_FLAGS: Final = ("context", "kubeconfig", "cluster", "user")
_UNCOPIED_CONN: Final = frozenset(
    {
        "server",
        "token",
        "username",
        "password",
        "as",
        "as-group",
        "as-uid",
        "certificate-authority",
        "client-certificate",
        "client-key",
        "tls-server-name",
        "insecure-skip-tls-verify",
    }
)


# Commands whose own flags shadow a global one of the same name.
_LOCAL_FLAGS: Final[Mapping[tuple[str, ...], frozenset[str]]] = (
    MappingProxyType(
        {
            ("create", "rolebinding"): frozenset({"user"}),
            ("create", "clusterrolebinding"): frozenset({"user"}),
            ("set", "subject"): frozenset({"user"}),
        }
    )
)


def _conn(call: Any) -> tuple[str, ...]:
    out: list[str] = []
    local = _LOCAL_FLAGS.get(tuple(call.path), frozenset())
    for name in _CONN_FLAGS:
        if name in local:
            continue
        value = call.flag(name)
        if value is None:
            continue
        ok = (
            _names.is_path(value)
            if name == "kubeconfig"
            else _names.is_context(value)
        )
        _require(ok, f"a --{name} value", value)
        out.append(f"--{name}={value}")
    return tuple(out)


def _node_targets(call: Any) -> list[Target]:
    refs = [r for r in call.resources if r.name]
    if refs:
        return [Target(r.resource, r.group, r.name) for r in refs]
    words = [a for a in call.args if "=" not in a and ":" not in a]
    return [Target("nodes", "", w) for w in words]


def _kubectl_plan(
    argv: Sequence[str], facts: Facts, default_ns: str | None
) -> RollbackPlan:
    from blastradius.analyzers.kubectl import parse_kubectl
    from blastradius.rules.kubectl import ACTION_BY_PATH

    call = parse_kubectl(argv)
    path = tuple(call.path)
    if call.dry_run:
        return RollbackPlan(
            status=RollbackStatus.NOTHING, reason="a dry run changes nothing"
        )
    rule = KUBECTL_ROLLBACK_BY_PATH.get(path)
    if rule is None:
        action = ACTION_BY_PATH.get(path)
        if action is not None and action.effect in (
            Effect.READ_ONLY,
            Effect.LOCAL,
        ):
            return RollbackPlan(
                status=RollbackStatus.NOTHING,
                reason="the action does not change the cluster",
            )
        return RollbackPlan(
            status=RollbackStatus.UNSUPPORTED,
            reason="no rollback is known for kubectl " + " ".join(path),
        )
    try:
        return _kubectl_rule_plan(rule, call, facts, default_ns)
    except _Rejected as e:
        return RollbackPlan(
            status=RollbackStatus.REJECTED, reason=str(e), rule=rule.id
        )


def _kubectl_rule_plan(
    rule: RollbackRule, call: Any, facts: Facts, default_ns: str | None
) -> RollbackPlan:
    uncopied = sorted({n for n, _v in call.flags if n in _UNCOPIED_CONN})
    if uncopied:
        return RollbackPlan(
            status=RollbackStatus.INCOMPLETE,
            rule=rule.id,
            reason="the action connects with "
            + ", ".join(f"--{n}" for n in uncopied)
            + ", which a rollback does not copy: use a kube context",
        )
    if call.has("local") or (rule.path == ("set", "env") and call.has("list")):
        return RollbackPlan(
            status=RollbackStatus.NOTHING,
            rule=rule.id,
            reason="--local / --list change nothing on the server",
        )
    namespace = call.namespace if call.namespace is not None else default_ns
    if namespace is not None:
        _require(_names.is_dns1123_label(namespace), "a namespace", namespace)
    if rule.path[0] in {"cordon", "uncordon", "drain", "taint"}:
        targets = _node_targets(call)
    else:
        targets = [
            Target(r.resource, r.group, r.name)
            for r in call.resources
            if r.name
        ]
    for r in call.resources:
        _require(bool(r.resource), "a known resource type", r.spelled)
    for t in targets:
        _require(
            _names.is_object_name(t.resource, t.name),
            f"a {t.resource} name",
            t.name,
        )
    by_selector = bool(
        call.all_namespaces
        or call.has("selector")
        or call.has("all")
        or call.has("field-selector")
    )
    from_file = call.has("filename") or call.has("kustomize")
    ctx = _Ctx(
        rule=rule,
        call=call,
        facts=facts,
        namespace=namespace,
        conn=_conn(call),
        targets=tuple(targets),
        by_selector=by_selector,
        from_file=from_file,
    )
    return _BUILDERS[rule.strategy](ctx)


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

_PROGRAMS: Final[
    Mapping[str, Callable[[Sequence[str], Facts, str | None], RollbackPlan]]
] = MappingProxyType({"kubectl": _kubectl_plan, "helm": _helm_plan})


def command_of(action: str | Sequence[str]) -> SimpleCommand | str:
    """
    The one simple command *action* runs, or why there is not exactly one.
    """
    from blastradius import _shell
    from blastradius._shell._wrappers import CONTAINER_VIAS

    if isinstance(action, str):
        parsed = _shell.parse(action)
    else:
        parsed = _shell.from_argv(tuple(action))
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
    if any(command.dynamic) or command.unknown_args:
        return RollbackPlan(
            status=RollbackStatus.INCOMPLETE,
            reason="some words of the action are only known at run time",
        )
    build = _PROGRAMS.get(command.program)
    if build is None:
        return RollbackPlan(
            status=RollbackStatus.UNSUPPORTED,
            reason=f"no rollback is known for {command.program!r}",
        )
    return build(command.argv, known, namespace)
