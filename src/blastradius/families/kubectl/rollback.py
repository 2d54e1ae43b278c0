"""
Rollback derivation for kubectl: a `KubectlCall` and the prior facts → a
`blastradius.RollbackPlan` of argv steps.

It reads the call the grammar parsed (`blastradius.families.kubectl.grammar`)
— the one the scorer keeps in `blastradius.Assessment.calls` — and never
reads the argv again. One builder per `blastradius.rules.rollback.Strategy`;
every word of every step is a fixed word or a value that passed one of the
validators in `blastradius._names`.

>>> from blastradius._rollback import Facts
>>> plan = kubectl_plan(
...     ["kubectl", "scale", "deploy/api", "--replicas=0", "-n", "prod"],
...     Facts(previous_replicas=3),
...     None,
... )
>>> plan.steps
(('kubectl', 'scale', 'deployments.apps/api', '--replicas=3', '-n', 'prod'),)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import Any, Final

import attrs

from blastradius import _names
from blastradius._model import Effect
from blastradius._rollback import (
    VERIFY_TIMEOUT,
    Argv,
    Facts,
    RollbackPlan,
    RollbackStatus,
    Target,
    _Rejected,
    _require,
)
from blastradius.families.kubectl.grammar import KubectlCall, parse_kubectl
from blastradius.families.kubectl.rules import (
    ACTION_BY_PATH,
    RESOURCE_BY_PLURAL,
)
from blastradius.rules.rollback import (
    KUBECTL_ROLLBACK_BY_PATH,
    UNDO_NOTE,
    RollbackRule,
    Strategy,
)


__all__ = ["kubectl_plan", "supports_server_dry_run", "verify_conn"]


@attrs.frozen(kw_only=True)
class _Ctx:
    """
    Everything a builder needs about one kubectl action.
    """

    rule: RollbackRule
    call: KubectlCall
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
    paths = [f for f in files if f is not None and _names.is_path(f)]
    if files and not kust and len(paths) == len(files):
        words = [w for f in paths for w in ("-f", f)]
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


def _conn(call: KubectlCall) -> tuple[str, ...]:
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


def _node_targets(call: KubectlCall) -> list[Target]:
    refs = [
        Target(r.resource, r.group, r.name) for r in call.resources if r.name
    ]
    if refs:
        return refs
    words = [a for a in call.args if "=" not in a and ":" not in a]
    return [Target("nodes", "", w) for w in words]


def kubectl_plan(
    argv: Sequence[str],
    facts: Facts,
    default_ns: str | None,
    call: object = None,
) -> RollbackPlan:
    """
    The rollback plan of kubectl command *argv*, read by the grammar as
    *call* (read here only when not given), with the prior *facts*;
    *default_ns* pins the steps when the action names no namespace.
    """
    if not isinstance(call, KubectlCall):
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
    rule: RollbackRule,
    call: KubectlCall,
    facts: Facts,
    default_ns: str | None,
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


def verify_conn(call: KubectlCall) -> tuple[str, ...] | None:
    """
    The connection flags a verify step of *call* repeats (``--context=…``,
    …), or `None` when it could not repeat them (credentials or a server
    given on the command line, or a value that fails validation).
    """
    if any(n in _UNCOPIED_CONN for n, _v in call.flags):
        return None
    try:
        return _conn(call)
    except _Rejected:
        return None


def supports_server_dry_run(call: KubectlCall) -> bool:
    """
    Whether the command *call* reads has a rollback rule that says a
    ``--dry-run=server`` of it is meaningful.
    """
    rule = KUBECTL_ROLLBACK_BY_PATH.get(call.path)
    return rule is not None and rule.dry_run
