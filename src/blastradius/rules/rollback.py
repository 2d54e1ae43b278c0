"""
The rollback table: one frozen row per mutating kubectl (and helm) action,
saying how `blastradius.derive_rollback` undoes it.

A row names a *strategy*; `blastradius._rollback` turns the strategy, the
parsed action and the host's prior facts into argv steps. Rows also say
whether the action accepts ``--dry-run=server`` (read from kubectl's
``cmdutil.AddDryRunFlag`` calls, kubernetes/kubectl, Apache-2.0): ``edit``,
``apply edit-last-applied``, ``rollout pause|resume|restart``, ``debug``,
``create token`` and ``certificate approve|deny`` do not.

``docs/rollback.md`` is generated from this table by
``tools/gen_rollback_docs.py``.
"""

from __future__ import annotations

import enum

from collections.abc import Iterable, Mapping
from types import MappingProxyType

import attrs


def _strs(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


__all__ = [
    "HELM_ROLLBACK_BY_PATH",
    "KUBECTL_ROLLBACK_BY_PATH",
    "ROLLBACK_RULES",
    "UNDO_NOTE",
    "WORKLOADS",
    "RollbackRule",
    "Strategy",
]


@enum.unique
class Strategy(enum.Enum):
    """
    How an action is undone.
    """

    SCALE_BACK = "scale-back"
    """``scale`` to the replica count captured before."""
    PREVIOUS_IMAGE = "previous-image"
    """``set image`` to the previous image, else ``rollout undo``."""
    NOTHING = "nothing-to-undo"
    """The action leaves nothing to revert (``rollout restart``)."""
    INVERSE = "inverse"
    """A fixed inverse command (``cordon`` ↔ ``uncordon``)."""
    TAINT = "taint"
    """Remove an added taint, or put a removed one back."""
    METADATA = "metadata"
    """``label`` / ``annotate``: ``k-`` or the previous value."""
    RESTORE = "restore-manifest"
    """Re-apply a prior manifest, else ``rollout undo`` for workloads."""
    UNDO_AGAIN = "undo-again"
    """``rollout undo`` again: back to the revision live before."""
    DELETE_CREATED = "delete-created"
    """Delete the object the action created."""
    RECREATE = "recreate"
    """Re-create the deleted objects from a snapshot."""
    MANUAL = "manual"
    """An inverse exists but is hard-blocked; a human does it."""
    IRREVERSIBLE = "irreversible"
    """Nothing can undo it."""
    HELM_ROLLBACK = "helm-rollback"
    """``helm rollback RELEASE REVISION``."""
    HELM_UNINSTALL = "helm-uninstall"
    """``helm uninstall RELEASE``."""


@attrs.frozen(kw_only=True)
class RollbackRule:
    """
    How one action is rolled back.

    Attributes:
        id: Stable rule id, ``rollback.<program>.<path words joined by
            dots>``.
        program: ``kubectl`` or ``helm``.
        path: The command path, e.g. ``("rollout", "undo")``.
        strategy: How it is undone.
        summary: One line for people: what the rollback does.
        needs: Fact names (see `blastradius.Facts`) that make it exact.
        inverse: For `Strategy.INVERSE`: the inverse command path.
        creates: For `Strategy.DELETE_CREATED`: the resource created,
            ``plural`` or ``plural.group``.
        dry_run: Whether the action accepts ``--dry-run=server``.
        note: A caveat shown with every plan of this row.
    """

    id: str
    program: str
    path: tuple[str, ...] = attrs.field(converter=_strs)
    strategy: Strategy
    summary: str
    needs: tuple[str, ...] = attrs.field(converter=_strs, default=())
    inverse: tuple[str, ...] = attrs.field(converter=_strs, default=())
    creates: str | None = None
    dry_run: bool = False
    note: str = ""


WORKLOADS: frozenset[tuple[str, str]] = frozenset(
    {("deployments", "apps"), ("daemonsets", "apps"), ("statefulsets", "apps")}
)
"""Resources (plural, group) that ``rollout undo`` / ``status`` handle."""

UNDO_NOTE = (
    "rollout undo fails when the workload has a single revision "
    "('no rollout history found') and does not restore the replica count"
)
"""The caveat attached to every plan that falls back to ``rollout undo``."""


def _k(  # noqa: PLR0913 - a row builder
    path: str,
    strategy: Strategy,
    summary: str,
    *,
    needs: tuple[str, ...] = (),
    inverse: str = "",
    creates: str | None = None,
    dry_run: bool = True,
    note: str = "",
) -> RollbackRule:
    words = tuple(path.split())
    return RollbackRule(
        id="rollback.kubectl." + ".".join(words),
        program="kubectl",
        path=words,
        strategy=strategy,
        summary=summary,
        needs=needs,
        inverse=tuple(inverse.split()),
        creates=creates,
        dry_run=dry_run,
        note=note,
    )


def _created(path: str, resource: str, note: str = "") -> RollbackRule:
    return _k(
        path,
        Strategy.DELETE_CREATED,
        f"delete the {resource} it created",
        creates=resource,
        note=note,
    )


def _restore(path: str, *, dry_run: bool = True) -> RollbackRule:
    return _k(
        path,
        Strategy.RESTORE,
        "replace with the prior manifest; else rollout undo for "
        "deployments, daemonsets and statefulsets; else irreversible",
        needs=("previous_manifest",),
        dry_run=dry_run,
    )


_HARD_NOTE = (
    "its inverse is a delete that blastradius blocks as a hard rule: "
    "a person removes it after review"
)

ROLLBACK_RULES: tuple[RollbackRule, ...] = (
    # -- replicas, images, rollouts --------------------------------------
    _k(
        "scale",
        Strategy.SCALE_BACK,
        "scale back to the replica count captured before "
        "(or given by --current-replicas)",
        needs=("previous_replicas",),
    ),
    _k(
        "set image",
        Strategy.PREVIOUS_IMAGE,
        "set image back to the previous image of each container; "
        "else rollout undo",
        needs=("previous_images",),
    ),
    _restore("set env"),
    _restore("set resources"),
    _restore("set selector"),
    _restore("set serviceaccount"),
    _restore("set subject"),
    _k(
        "rollout restart",
        Strategy.NOTHING,
        "nothing to undo: the pods were replaced with identical ones",
        dry_run=False,
    ),
    _k(
        "rollout pause",
        Strategy.INVERSE,
        "rollout resume",
        inverse="rollout resume",
        dry_run=False,
    ),
    _k(
        "rollout resume",
        Strategy.INVERSE,
        "rollout pause",
        inverse="rollout pause",
        dry_run=False,
    ),
    _k(
        "rollout undo",
        Strategy.UNDO_AGAIN,
        "rollout undo again: the revision live before the undo is now the "
        "previous one",
        note="does not restore the replica count",
    ),
    # -- nodes -----------------------------------------------------------
    _k("cordon", Strategy.INVERSE, "uncordon", inverse="uncordon"),
    _k("uncordon", Strategy.INVERSE, "cordon", inverse="cordon"),
    _k(
        "drain",
        Strategy.INVERSE,
        "uncordon",
        inverse="uncordon",
        note=(
            "evicted pods are not restored: controllers re-create theirs "
            "elsewhere, bare pods and emptyDir data are gone"
        ),
    ),
    _k(
        "taint",
        Strategy.TAINT,
        "remove an added taint (KEY:EFFECT-); put a removed or "
        "overwritten one back from previous_taints",
        needs=("previous_taints",),
    ),
    # -- metadata --------------------------------------------------------
    _k(
        "label",
        Strategy.METADATA,
        "remove added labels (KEY-) or restore previous values "
        "with --overwrite",
        needs=("previous_labels",),
    ),
    _k(
        "annotate",
        Strategy.METADATA,
        "remove added annotations (KEY-) or restore previous values "
        "with --overwrite",
        needs=("previous_annotations",),
    ),
    # -- whole objects ---------------------------------------------------
    _k(
        "apply",
        Strategy.RESTORE,
        "apply the prior manifest; else rollout undo for deployments, "
        "daemonsets and statefulsets; else irreversible",
        needs=("previous_manifest",),
    ),
    _restore("apply set-last-applied"),
    _restore("apply edit-last-applied", dry_run=False),
    _restore("patch"),
    _restore("replace"),
    _restore("edit", dry_run=False),
    _k(
        "auth reconcile",
        Strategy.RESTORE,
        "apply the prior RBAC manifest; else irreversible",
        needs=("previous_manifest",),
    ),
    # -- creation --------------------------------------------------------
    _k(
        "create",
        Strategy.DELETE_CREATED,
        "delete -f the same file",
        note="the file may have changed since; objects created from "
        "stdin, a URL or -k are not named",
    ),
    _k(
        "create namespace",
        Strategy.MANUAL,
        "delete the namespace, by hand",
        creates="namespaces",
        note=_HARD_NOTE,
    ),
    _k(
        "create clusterrole",
        Strategy.MANUAL,
        "delete the cluster role, by hand",
        creates="clusterroles.rbac.authorization.k8s.io",
        note=_HARD_NOTE,
    ),
    _created("create quota", "resourcequotas"),
    _created("create secret", "secrets"),
    _created("create secret docker-registry", "secrets"),
    _created("create secret generic", "secrets"),
    _created("create secret tls", "secrets"),
    _created("create configmap", "configmaps"),
    _created("create serviceaccount", "serviceaccounts"),
    _created("create service", "services"),
    _created("create service clusterip", "services"),
    _created("create service nodeport", "services"),
    _created("create service loadbalancer", "services"),
    _created("create service externalname", "services"),
    _created("create deployment", "deployments.apps"),
    _created(
        "create clusterrolebinding",
        "clusterrolebindings.rbac.authorization.k8s.io",
    ),
    _created("create role", "roles.rbac.authorization.k8s.io"),
    _created("create rolebinding", "rolebindings.rbac.authorization.k8s.io"),
    _created("create poddisruptionbudget", "poddisruptionbudgets.policy"),
    _created("create priorityclass", "priorityclasses.scheduling.k8s.io"),
    _created(
        "create job",
        "jobs.batch",
        note="what the job's pods already did is not undone",
    ),
    _created("create cronjob", "cronjobs.batch"),
    _created("create ingress", "ingresses.networking.k8s.io"),
    _k(
        "create token",
        Strategy.IRREVERSIBLE,
        "irreversible: an issued token stays valid until it expires",
        dry_run=False,
    ),
    _created("expose", "services"),
    _created(
        "run",
        "pods",
        note="what the pod already did is not undone",
    ),
    _created("autoscale", "horizontalpodautoscalers.autoscaling"),
    _k(
        "debug",
        Strategy.IRREVERSIBLE,
        "irreversible: an ephemeral container cannot be removed from its "
        "pod; with --copy-to, delete the copy",
        dry_run=False,
    ),
    # -- deletion and one-way doors --------------------------------------
    _k(
        "delete",
        Strategy.RECREATE,
        "create the objects again from a snapshot; else irreversible",
        needs=("snapshot",),
        note="the snapshot must be a manifest saved before the delete, "
        "without metadata.resourceVersion and uid; data in deleted "
        "volumes is not restored",
    ),
    _k(
        "certificate approve",
        Strategy.IRREVERSIBLE,
        "irreversible: a signed certificate stays valid until it expires",
        dry_run=False,
    ),
    _k(
        "certificate deny",
        Strategy.IRREVERSIBLE,
        "irreversible: a denied request cannot be approved again",
        dry_run=False,
    ),
    # -- helm ------------------------------------------------------------
    RollbackRule(
        id="rollback.helm.upgrade",
        program="helm",
        path=("upgrade",),
        strategy=Strategy.HELM_ROLLBACK,
        summary="helm rollback RELEASE to the revision deployed before",
        needs=("helm_previous_revision",),
        note="without the revision, helm rollback goes to the previous "
        "release, which is the right one only if nothing ran since",
    ),
    RollbackRule(
        id="rollback.helm.rollback",
        program="helm",
        path=("rollback",),
        strategy=Strategy.HELM_ROLLBACK,
        summary="helm rollback RELEASE to the revision deployed before",
        needs=("helm_previous_revision",),
    ),
    RollbackRule(
        id="rollback.helm.install",
        program="helm",
        path=("install",),
        strategy=Strategy.HELM_UNINSTALL,
        summary="helm uninstall RELEASE",
        note="resources kept by helm.sh/resource-policy: keep stay",
    ),
    RollbackRule(
        id="rollback.helm.uninstall",
        program="helm",
        path=("uninstall",),
        strategy=Strategy.IRREVERSIBLE,
        summary="irreversible: install the chart again by hand",
    ),
)
"""Every rollback row."""


def _index(program: str) -> Mapping[tuple[str, ...], RollbackRule]:
    return MappingProxyType(
        {r.path: r for r in ROLLBACK_RULES if r.program == program}
    )


KUBECTL_ROLLBACK_BY_PATH: Mapping[tuple[str, ...], RollbackRule] = _index(
    "kubectl"
)
"""kubectl rows by command path (read-only)."""

HELM_ROLLBACK_BY_PATH: Mapping[tuple[str, ...], RollbackRule] = _index("helm")
"""helm rows by command path (read-only)."""
