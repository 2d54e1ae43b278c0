"""
Fact capture: the read-only commands that fetch what a rollback plan
*needs* (`blastradius.RollbackPlan.needs`) before the action runs, and the
parser that turns their output into `blastradius.Facts`.

`fact_commands` and `parse_facts` are pure (`parse_facts` writes the
manifests it is given under *snapshot_dir*, because `Facts` holds paths);
`capture_facts` runs the commands through the host's runners.

Every command is a ``kubectl get … -o json`` or ``helm history … -o json``
of the objects the action names, each scoring ``AUTO`` under the default
policy. The contents of a Secret are never captured: a plan whose facts
would need them stays as it is (irreversible or incomplete).
"""

from __future__ import annotations

import hashlib
import json
import os
import pathlib
import re

from collections.abc import Callable, Mapping, Sequence
from typing import Any, Final

from blastradius import _names
from blastradius._rollback import Facts, Target, command_of
from blastradius._spec import EvaluatedSpec
from blastradius.adapters._protocols import Runner, RunResult
from blastradius.exceptions import SpecError


__all__ = [
    "FACT_NAMES",
    "FACT_TIMEOUT",
    "FactError",
    "capture_facts",
    "fact_commands",
    "parse_facts",
]

FACT_TIMEOUT: Final = 30.0
"""Seconds one fact command may take."""

FACT_NAMES: Final = (
    "previous_replicas",
    "previous_images",
    "previous_image",
    "previous_labels",
    "previous_annotations",
    "previous_taints",
    "previous_manifest",
    "snapshot",
    "helm_previous_revision",
)
"""The `Facts` fields fact capture knows how to fetch."""

_ONE_OBJECT: Final = frozenset(
    {
        "previous_replicas",
        "previous_images",
        "previous_image",
        "previous_labels",
        "previous_annotations",
        "previous_taints",
    }
)
_SECRETS: Final = "secrets"  # the resource plural
_DROPPED_META: Final = (
    "resourceVersion",
    "creationTimestamp",
    "generation",
    "managedFields",
    "selfLink",
)
_TAINT_SPEC: Final = re.compile(r"[^=:]+(?:=[^:]*)?:[A-Za-z]+-?")

Argv = tuple[str, ...]


class FactError(SpecError):
    """
    A fact could not be captured or read; *field* names it
    (``facts.previous_replicas`` …).
    """


def _detail(result: RunResult) -> str:
    lines = result.stderr.strip().splitlines()
    text = result.error or (lines[-1] if lines else "")
    return "".join(c if c.isprintable() else "?" for c in text)[:300]


# -- which commands --------------------------------------------------------


def _action_argv(evaluated: EvaluatedSpec) -> Argv | None:
    if evaluated.argv:
        return evaluated.argv
    command = command_of(evaluated.spec.action)
    return None if isinstance(command, str) else command.argv


def _call_of(evaluated: EvaluatedSpec, argv: Argv) -> Any:
    """
    The kubectl call of *argv*, *evaluated*'s action: the one the scorer
    read and kept (`blastradius.Assessment.calls`) when *argv* is the
    runnable argv (which has no word only known at run time, so the kept
    call is the argv's), else *argv* read again.
    """
    from blastradius.families.kubectl.grammar import KubectlCall, parse_kubectl

    if argv == evaluated.argv:
        for call in evaluated.assessment.calls:
            if isinstance(call, KubectlCall) and call.argv == argv:
                return call
    return parse_kubectl(argv)


def _kubectl_context(
    call: Any, default_ns: str | None
) -> tuple[Any, str | None, Argv, list[Target]] | None:
    from blastradius import _rollback

    try:
        conn = _rollback._conn(call)  # noqa: SLF001 - the plan's own flags
    except _rollback._Rejected:  # noqa: SLF001
        return None
    namespace = call.namespace if call.namespace is not None else default_ns
    if namespace is not None and not _names.is_dns1123_label(namespace):
        return None
    if tuple(call.path)[:1] in {("cordon",), ("drain",), ("taint",)}:
        targets = _rollback._node_targets(call)  # noqa: SLF001
    else:
        targets = [
            Target(r.resource, r.group, r.name)
            for r in call.resources
            if r.name
        ]
    if not all(_names.is_object_name(t.resource, t.name) for t in targets):
        return None
    return call, namespace, conn, targets


def _get(targets: Sequence[Target], namespace: str | None, conn: Argv) -> Argv:
    refs = tuple(t.ref for t in targets)
    namespaced = any(_namespaced(t) for t in targets)
    ns = ("-n", namespace) if namespace is not None and namespaced else ()
    return ("kubectl", "get", *refs, "-o", "json", *ns, *conn)


def _namespaced(target: Target) -> bool:
    from blastradius._rollback import _namespaced as namespaced

    return namespaced(target.resource, target.group)


def _kubectl_commands(
    call: Any, needs: Sequence[str], default_ns: str | None
) -> list[tuple[str, Argv]]:
    found = _kubectl_context(call, default_ns)
    if found is None:
        return []
    _call, namespace, conn, targets = found
    if not targets or any(t.resource == _SECRETS for t in targets):
        return []
    out: list[tuple[str, Argv]] = []
    for name in needs:
        if name in _ONE_OBJECT and len(targets) != 1:
            continue
        if name in _ONE_OBJECT or name in {"previous_manifest", "snapshot"}:
            out.append((name, _get(targets, namespace, conn)))
    return out


def _helm_commands(
    argv: Argv, needs: Sequence[str], default_ns: str | None
) -> list[tuple[str, Argv]]:
    from blastradius import _rollback

    if "helm_previous_revision" not in needs:
        return []
    try:
        call = _rollback._parse_helm(argv)  # noqa: SLF001
    except _rollback._Rejected:  # noqa: SLF001
        return []
    if not call.positional or "generate-name" in call.flags:
        return []
    release = call.positional[0]
    if not _names.is_helm_release(release):
        return []
    tail: list[str] = []
    namespace = call.flags.get("namespace") or default_ns
    if namespace is not None:
        if not _names.is_dns1123_label(namespace):
            return []
        tail += ["-n", namespace]
    for flag in ("kube-context", "kubeconfig"):
        value = call.flags.get(flag)
        if value is not None:
            ok = (
                _names.is_path(value)
                if flag == "kubeconfig"
                else _names.is_context(value)
            )
            if not ok:
                return []
            tail.append(f"--{flag}={value}")
    history = ("helm", "history", release, "--max", "1", "-o", "json")
    return [("helm_previous_revision", (*history, *tail))]


def fact_commands(evaluated: EvaluatedSpec) -> tuple[tuple[str, Argv], ...]:
    """
    The read-only commands that capture what *evaluated*'s rollback plan
    needs: ``(fact name, argv)`` pairs, in the order of
    `blastradius.RollbackPlan.needs`.

    A fact gets no command when it cannot be read safely: the objects are
    not named on the command line, a one-object fact is asked of several
    objects, an object is a Secret (whose contents are never captured), or
    the read would not score ``AUTO`` by `blastradius.score` (the action
    names its own ``--kubeconfig``: give the runner the kubeconfig instead).

    >>> from blastradius import DeclarativeSpec
    >>> from blastradius.adapters import fact_commands
    >>> spec = DeclarativeSpec("kubectl scale deploy/api --replicas=0 -n prod")
    >>> for name, argv in fact_commands(spec.evaluate()):
    ...     print(name, " ".join(argv))
    previous_replicas kubectl get deployments.apps/api -o json -n prod

    .. versionadded:: 0.2
    """
    needs = [n for n in evaluated.rollback_plan.needs if n in FACT_NAMES]
    if not needs:
        return ()
    argv = _action_argv(evaluated)
    if argv is None:
        return ()
    program = pathlib.PurePath(argv[0]).name
    if program == "kubectl":
        found = _kubectl_commands(
            _call_of(evaluated, argv), needs, evaluated.spec.namespace
        )
    elif program == "helm":
        found = _helm_commands(argv, needs, evaluated.spec.namespace)
    else:
        found = []
    from blastradius._model import Tier
    from blastradius._score import score

    # the guarantee, checked by our own scorer: a read that would not score
    # AUTO (an action naming its own --kubeconfig, which may run credential
    # plugins) gets no command, and the plan stays inexact
    return tuple(f for f in found if score(list(f[1])).tier is Tier.AUTO)


# -- reading the output ----------------------------------------------------


def _json(name: str, text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        msg = f"the output is not JSON ({e.msg} at line {e.lineno})"
        raise FactError(msg, field=f"facts.{name}", value=text[:200]) from e


def _object(name: str, text: str) -> dict[str, Any]:
    data = _json(name, text)
    if not isinstance(data, dict) or not isinstance(data.get("kind"), str):
        msg = "the output is not a Kubernetes object"
        raise FactError(msg, field=f"facts.{name}", value=text[:200])
    _no_secret(name, data)
    if data["kind"].endswith("List"):
        items = data.get("items")
        if not isinstance(items, list) or len(items) != 1:
            msg = "the output is not exactly one object"
            raise FactError(msg, field=f"facts.{name}", value=text[:200])
        return _object(name, json.dumps(items[0]))
    return data


def _no_secret(name: str, data: Any) -> None:
    kinds = [data.get("kind")]
    items = data.get("items")
    if isinstance(items, list):
        kinds += [i.get("kind") for i in items if isinstance(i, dict)]
    if "Secret" in kinds:
        msg = "a Secret's contents are never captured"
        raise FactError(msg, field=f"facts.{name}", value="Secret")


def _path(data: Any, *keys: str) -> Any:
    for key in keys:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def _pod_spec(data: dict[str, Any]) -> dict[str, Any] | None:
    for keys in (
        ("spec", "template", "spec"),
        ("spec", "jobTemplate", "spec", "template", "spec"),
        ("spec",),
    ):
        spec = _path(data, *keys)
        if isinstance(spec, dict) and isinstance(spec.get("containers"), list):
            return spec
    return None


def _images(name: str, data: dict[str, Any]) -> dict[str, str]:
    spec = _pod_spec(data)
    if spec is None:
        msg = "the object has no containers"
        raise FactError(msg, field=f"facts.{name}", value=data.get("kind"))
    out: dict[str, str] = {}
    for key in ("initContainers", "containers"):
        for c in spec.get(key) or ():
            if isinstance(c, dict) and isinstance(c.get("image"), str):
                out[str(c.get("name"))] = c["image"]
    return out


def _mapping(name: str, data: Any, keys: tuple[str, ...]) -> dict[str, Any]:
    found = _path(data, *keys)
    if found is None:
        return {}
    if not isinstance(found, dict):
        msg = f".{'.'.join(keys)} is not a mapping"
        raise FactError(msg, field=f"facts.{name}", value=found)
    return dict(found)


def _taints(name: str, data: Any) -> dict[str, str | None]:
    found = _path(data, "spec", "taints")
    if found is None:
        return {}
    if not isinstance(found, list):
        msg = ".spec.taints is not a list"
        raise FactError(msg, field=f"facts.{name}", value=found)
    out: dict[str, str | None] = {}
    for taint in found:
        if not isinstance(taint, dict):
            msg = "a taint is not a mapping"
            raise FactError(msg, field=f"facts.{name}", value=taint)
        key = f"{taint.get('key')}:{taint.get('effect')}"
        out[key] = str(taint.get("value") or "")
    return out


def _clean(data: Any, *, drop_uid: bool) -> Any:
    if not isinstance(data, dict):
        return data
    out = {k: v for k, v in data.items() if k != "status"}
    meta = out.get("metadata")
    if isinstance(meta, dict):
        meta = {k: v for k, v in meta.items() if k not in _DROPPED_META}
        if drop_uid:
            meta.pop("uid", None)
            meta.pop("ownerReferences", None)
        out["metadata"] = meta
    items = out.get("items")
    if isinstance(items, list):
        out["items"] = [_clean(i, drop_uid=drop_uid) for i in items]
    return out


def _manifest(name: str, text: str, snapshot_dir: pathlib.Path) -> str:
    data = _json(name, text)
    if not isinstance(data, dict) or not isinstance(data.get("kind"), str):
        msg = "the output is not a Kubernetes object or list"
        raise FactError(msg, field=f"facts.{name}", value=text[:200])
    _no_secret(name, data)
    body = json.dumps(
        _clean(data, drop_uid=name == "snapshot"), indent=2, sort_keys=True
    )
    digest = hashlib.sha256(body.encode()).hexdigest()[:16]
    snapshot_dir.mkdir(parents=True, exist_ok=True)
    path = snapshot_dir.resolve() / f"{name}-{digest}.json"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(body + "\n")
    return str(path)


def _helm_revision(name: str, text: str) -> int:
    data = _json(name, text)
    revisions = (
        [r.get("revision") for r in data if isinstance(r, dict)]
        if isinstance(data, list)
        else []
    )
    numbers = [
        r for r in revisions if isinstance(r, int) and not isinstance(r, bool)
    ]
    if not numbers:
        msg = "helm history lists no revision"
        raise FactError(msg, field=f"facts.{name}", value=text[:200])
    return max(numbers)


def _action_args(evaluated: EvaluatedSpec | None) -> list[str]:
    """
    The arguments (not flags) of the kubectl action, if it is one.
    """
    if evaluated is None:
        return []
    argv = _action_argv(evaluated)
    if argv is None or pathlib.PurePath(argv[0]).name != "kubectl":
        return []
    return list(_call_of(evaluated, argv).args)


def _named_keys(args: Sequence[str]) -> list[str]:
    out = []
    for word in args:
        if word.endswith("-") and "=" not in word:
            out.append(word[:-1])
        elif "=" in word:
            out.append(word.partition("=")[0])
    return out


def _named_taints(args: Sequence[str]) -> list[str]:
    out = []
    for word in args:
        if not _TAINT_SPEC.fullmatch(word):
            continue
        head, _c, effect = word.removesuffix("-").rpartition(":")
        out.append(f"{head.partition('=')[0]}:{effect}")
    return out


def _reader(
    name: str, evaluated: EvaluatedSpec | None
) -> Callable[[str, pathlib.Path], Any]:
    args = _action_args(evaluated)

    def replicas(text: str, _d: pathlib.Path) -> int:
        value = _path(_object(name, text), "spec", "replicas")
        if isinstance(value, bool) or not isinstance(value, int):
            msg = ".spec.replicas is not an integer"
            raise FactError(msg, field=f"facts.{name}", value=value)
        return value

    def images(text: str, _d: pathlib.Path) -> dict[str, str]:
        return _images(name, _object(name, text))

    def image(text: str, _d: pathlib.Path) -> str:
        found = _images(name, _object(name, text))
        asked = [w.partition("=")[0] for w in args if "=" in w]
        if len(asked) == 1 and asked[0] in found:
            return found[asked[0]]
        if len(found) == 1:
            return next(iter(found.values()))
        msg = "which container's image is meant is not known"
        raise FactError(msg, field=f"facts.{name}", value=sorted(found))

    def metadata(field: str) -> Callable[[str, pathlib.Path], Any]:
        def read(text: str, _d: pathlib.Path) -> dict[str, str | None]:
            found = _mapping(name, _object(name, text), ("metadata", field))
            named = _named_keys(args)
            if not named:
                return found
            return {k: found.get(k) for k in named}

        return read

    def taints(text: str, _d: pathlib.Path) -> dict[str, str | None]:
        found: dict[str, str | None] = _taints(name, _object(name, text))
        for key in _named_taints(args):
            found.setdefault(key, None)
        return found

    def manifest(text: str, directory: pathlib.Path) -> str:
        return _manifest(name, text, directory)

    def helm(text: str, _d: pathlib.Path) -> int:
        return _helm_revision(name, text)

    readers: dict[str, Callable[[str, pathlib.Path], Any]] = {
        "previous_replicas": replicas,
        "previous_images": images,
        "previous_image": image,
        "previous_labels": metadata("labels"),
        "previous_annotations": metadata("annotations"),
        "previous_taints": taints,
        "previous_manifest": manifest,
        "snapshot": manifest,
        "helm_previous_revision": helm,
    }
    return readers[name]


def parse_facts(
    outputs: Mapping[str, str],
    *,
    snapshot_dir: str | os.PathLike[str],
    evaluated: EvaluatedSpec | None = None,
) -> Facts:
    """
    The `blastradius.Facts` in *outputs*: fact name → the standard output
    of its command from `fact_commands`.

    ``previous_manifest`` and ``snapshot`` are written under
    *snapshot_dir* (created if missing, files mode 0600) without
    ``status``, ``resourceVersion`` and the other server-set fields
    (``uid`` too for a snapshot); the facts hold their paths.

    Args:
        outputs: Fact name → command output.
        snapshot_dir: Where manifests go.
        evaluated: The spec the facts are for; with it, label, annotation
            and taint keys the action names but the object lacks are
            recorded as absent (`None`), and ``previous_image`` is the
            image of the container the action names.

    Raises:
        FactError: An unknown fact name, output that is not the JSON
            expected, or a Secret (field ``facts.<name>``).
        SpecError: A value `Facts` rejects.

    >>> from blastradius.adapters import parse_facts
    >>> out = {"previous_replicas": '{"kind": "Deployment", '
    ...        '"spec": {"replicas": 3}}'}
    >>> parse_facts(out, snapshot_dir="/nonexistent").previous_replicas
    3

    .. versionadded:: 0.2
    """
    directory = pathlib.Path(snapshot_dir)
    values: dict[str, object] = {}
    for name, text in outputs.items():
        if name not in FACT_NAMES:
            msg = f"unknown fact; known: {', '.join(FACT_NAMES)}"
            raise FactError(msg, field=f"facts.{name}", value=name)
        if not isinstance(text, str):
            msg = "the output must be a str"
            raise FactError(msg, field=f"facts.{name}", value=type(text))
        values[name] = _reader(name, evaluated)(text, directory)
    return Facts.from_mapping(values)


def capture_facts(
    evaluated: EvaluatedSpec,
    runner: Runner,
    *,
    snapshot_dir: str | os.PathLike[str],
    runners: Mapping[str, Runner] | None = None,
    timeout: float = FACT_TIMEOUT,
) -> Facts:
    """
    Run `fact_commands` of *evaluated* and `parse_facts` their output: the
    gate's ``fact_capture`` (bind *runner* and *snapshot_dir* with
    `functools.partial`).

    kubectl commands run through *runner*, helm ones only through
    ``runners["helm"]``; each distinct argv runs once.

    Raises:
        FactError: A command failed or did not run (field
            ``facts.<name>``), or its output cannot be read.

    .. versionadded:: 0.2
    """
    extra = dict(runners or {})
    outputs: dict[str, str] = {}
    done: dict[Argv, RunResult] = {}
    for name, argv in fact_commands(evaluated):
        program = argv[0]
        chosen = runner if program == "kubectl" else extra.get(program)
        if program in extra:
            chosen = extra[program]
        if chosen is None:
            msg = (
                f"no runner for {program!r} (pass runners={{{program!r}: …}})"
            )
            raise FactError(msg, field=f"facts.{name}", value=argv)
        result = done.get(argv)
        if result is None:
            result = chosen.run(argv, timeout=timeout)
            done[argv] = result
        if not result.ok:
            msg = f"{' '.join(argv[:3])} failed (rc {result.rc}): " + _detail(
                result
            )
            raise FactError(msg, field=f"facts.{name}", value=argv)
        outputs[name] = result.stdout
    return parse_facts(outputs, snapshot_dir=snapshot_dir, evaluated=evaluated)
