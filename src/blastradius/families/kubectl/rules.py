"""
kubectl rule tables: what each command path does, how critical each
resource is, which flags widen or force an action, and the hard rules.

Every row is frozen and has a stable id. The command paths and resources
come from the generated `blastradius.families.kubectl._data` (kubectl's own
command tree and the API server's resources, plus the kinds OpenShift adds
for ``oc``, such as its projects); effect classes, scores and criticality
are this project's judgement, written here by hand.

Scores are *base* scores: the scorer multiplies an action's base by the
weight of its namespace or kube context (see
`blastradius.rules.DEFAULT_NAMESPACE_WEIGHTS`) and adds the modifiers.

>>> ACTION_BY_PATH[("delete",)].effect
<Effect.DESTRUCTIVE: 'destructive'>
>>> RESOURCE_BY_PLURAL["namespaces"].criticality
<Criticality.CRITICAL: 'critical'>
>>> RESOURCE_BY_PLURAL["projects"].group
'project.openshift.io'
"""

from __future__ import annotations

import enum

from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import attrs

from blastradius._model import Effect
from blastradius.families.kubectl import _data


if TYPE_CHECKING:
    from blastradius.families.kubectl.modifiers import (
        ENV_RULES,
        HARD_RULES,
        MODIFIERS,
        SPECIALS,
        Check,
        EnvRule,
        HardRule,
        ModifierRule,
        SpecialRule,
    )


__all__ = [
    "ACTIONS",
    "ACTION_BY_PATH",
    "COBRA_ACTIONS",
    "CRITICALITY_WEIGHT",
    "DRY_RUN_RULE",
    "EFFECT_ORDER",
    "ENV_RULES",
    "HARD_PATHS",
    "HARD_RULES",
    "LOCAL_OK",
    "LOCAL_RULE",
    "MODIFIERS",
    "RESOURCES",
    "RESOURCE_BY_PLURAL",
    "SPECIALS",
    "SPECIAL_PATHS",
    "UNKNOWN_RULES",
    "ActionRule",
    "Check",
    "Criticality",
    "EnvRule",
    "Grammar",
    "HardRule",
    "ModifierRule",
    "ResourceRule",
    "SpecialRule",
]


@enum.unique
class Grammar(enum.Enum):
    """
    How a command's positional words name the objects it acts on.

    - ``TYPED``: ``TYPE[,TYPE] [NAME ...]`` or ``TYPE/NAME ...``
      (``get``, ``delete``, ``label``, …).
    - ``POD``: ``POD`` or ``TYPE/NAME`` (``exec``, ``logs``, …).
    - ``IMPLIED``: the path names the kind, the words name objects
      (``create namespace NAME``, ``drain NODE``).
    - ``CP``: ``[NAMESPACE/]POD:PATH`` on either side.
    - ``NONE``: the words are not objects.
    """

    TYPED = "typed"
    POD = "pod"
    IMPLIED = "implied"
    CP = "cp"
    NONE = "none"


EFFECT_ORDER: Mapping[Effect, int] = MappingProxyType(
    {
        Effect.READ_ONLY: 0,
        Effect.LOCAL: 1,
        Effect.MUTATING: 2,
        Effect.INDIRECT: 3,
        Effect.DESTRUCTIVE: 4,
        Effect.UNKNOWN: 5,
        Effect.DISCLOSURE: 1,
    }
)
"""Effects from least to most severe (for reports)."""


@attrs.frozen(kw_only=True)
class ActionRule:
    """
    One kubectl command path: its effect class and base score.

    Attributes:
        id: ``kubectl.`` plus the path joined with dots.
        path: The command path, e.g. ``("rollout", "undo")``.
        effect: What running it does.
        base: The base score before namespace weighting.
        grammar: How its positional words name objects.
        implied: The resource (plural) the path itself names, if any.
        dry_run: Whether ``--dry-run`` (and ``--local`` where kubectl has
            it) makes it change nothing.
        group: A command that only groups subcommands (alone it prints
            help; an unknown word after it is an unknown command).
        trailing: How many final positional words are not object names
            (``set serviceaccount TYPE NAME SA``).
        message: What it does, for humans.
    """

    id: str
    path: tuple[str, ...]
    effect: Effect
    base: int
    grammar: Grammar = Grammar.NONE
    implied: str = ""
    dry_run: bool = False
    group: bool = False
    trailing: int = 0
    message: str = ""


# One row per command path, its id written out (``kubectl.`` plus the path
# joined with dots, so ``grep kubectl.rollout.undo`` finds it), its message
# indented on the next line. e (effect): R read-only, L local only, M
# mutating, D destructive, I indirect; bas: base score; grammar: how
# positional words name objects; implied: the kind the path names; dry: y
# when --dry-run (and --local where kubectl has it) makes it change nothing.
_ACTION_TABLE = """
# id                                  e bas grammar implied                 dry
kubectl.proxy                         I  20 -       -                        -
    serves the whole API on a local port
kubectl.get                           R   0 typed   -                        -
    reads objects
kubectl.debug                         I  20 pod     -                        -
    starts a debugging container
kubectl.create                        M  14 -       -                        y
    creates objects from manifests
kubectl.create.namespace              M   8 implied namespaces               y
    creates a namespace
kubectl.create.quota                  M   8 implied resourcequotas           y
    creates a quota
kubectl.create.secret                 R   0 -       -                        -
    prints help
kubectl.create.secret.docker-registry M  10 implied secrets                  y
    creates a registry secret
kubectl.create.secret.tls             M  10 implied secrets                  y
    creates a TLS secret
kubectl.create.secret.generic         M  10 implied secrets                  y
    creates a secret
kubectl.create.configmap              M   8 implied configmaps               y
    creates a config map
kubectl.create.serviceaccount         M   8 implied serviceaccounts          y
    creates a service account
kubectl.create.service                R   0 -       -                        -
    prints help
kubectl.create.service.clusterip      M   8 implied services                 y
    creates a service
kubectl.create.service.nodeport       M   8 implied services                 y
    creates a service
kubectl.create.service.loadbalancer   M   8 implied services                 y
    creates a service
kubectl.create.service.externalname   M   8 implied services                 y
    creates a service
kubectl.create.deployment             M   8 implied deployments              y
    creates a deployment
kubectl.create.clusterrole            M  14 implied clusterroles             y
    creates cluster-wide RBAC permissions
kubectl.create.clusterrolebinding     M  16 implied clusterrolebindings      y
    grants cluster-wide RBAC permissions
kubectl.create.role                   M  12 implied roles                    y
    creates RBAC permissions
kubectl.create.rolebinding            M  14 implied rolebindings             y
    grants RBAC permissions
kubectl.create.poddisruptionbudget    M   8 implied poddisruptionbudgets     y
    creates a disruption budget
kubectl.create.priorityclass          M  10 implied priorityclasses          y
    creates a priority class
kubectl.create.job                    M   8 implied jobs                     y
    starts a job
kubectl.create.cronjob                M   8 implied cronjobs                 y
    creates a cron job
kubectl.create.ingress                M   8 implied ingresses                y
    creates an ingress
kubectl.create.token                  M  14 implied serviceaccounts          y
    issues a service account token (a credential)
kubectl.expose                        M   8 typed   -                        y
    creates a service
kubectl.run                           M  10 -       -                        y
    starts a pod
kubectl.set                           R   0 -       -                        -
    prints help
kubectl.set.image                     M  14 typed   -                        y
    changes container images
kubectl.set.resources                 M  12 typed   -                        y
    changes resource limits
kubectl.set.selector                  M  16 typed   -                        y
    changes a selector
kubectl.set.subject                   M  16 typed   -                        y
    changes RBAC subjects
kubectl.set.serviceaccount            M  14 typed   -                        y
    changes the pods' service account
kubectl.set.env                       M  14 typed   -                        y
    changes environment variables
kubectl.explain                       R   0 -       -                        -
    documents a resource
kubectl.edit                          M  16 typed   -                        -
    edits objects in an editor
kubectl.delete                        D  24 typed   -                        y
    deletes objects
kubectl.rollout                       R   0 -       -                        -
    prints help
kubectl.rollout.history               R   0 typed   -                        -
    reads rollout history
kubectl.rollout.pause                 M  10 typed   -                        y
    pauses a rollout
kubectl.rollout.resume                M   8 typed   -                        y
    resumes a rollout
kubectl.rollout.undo                  M  16 typed   -                        y
    rolls back to a revision
kubectl.rollout.status                R   0 typed   -                        -
    watches a rollout
kubectl.rollout.restart               M  12 typed   -                        y
    restarts every pod
kubectl.scale                         M  12 typed   -                        y
    changes the replica count
kubectl.autoscale                     M  10 typed   -                        y
    creates an autoscaler
kubectl.certificate                   R   0 -       -                        -
    prints help
kubectl.certificate.approve          M  20 implied certificatesigningrequests -
    approves a certificate request (issues a credential)
kubectl.certificate.deny             M   6 implied certificatesigningrequests -
    denies a certificate request
kubectl.cluster-info                  R   0 -       -                        -
    reads cluster endpoints
kubectl.cluster-info.dump             R   0 -       -                        -
    dumps cluster state
kubectl.top                           R   0 -       -                        -
    prints help
kubectl.top.node                      R   0 implied nodes                    -
    reads node metrics
kubectl.top.pod                       R   0 implied pods                     -
    reads pod metrics
kubectl.cordon                        M  10 implied nodes                    y
    stops scheduling on nodes
kubectl.uncordon                      M   8 implied nodes                    y
    resumes scheduling on nodes
kubectl.drain                         D  26 implied nodes                    y
    evicts every pod from nodes
kubectl.taint                         M  12 typed   -                        y
    changes node taints
kubectl.describe                      R   0 typed   -                        -
    reads objects
kubectl.logs                          R   0 pod     -                        -
    reads logs
kubectl.attach                        I  16 pod     -                        -
    attaches to a running container
kubectl.exec                          I  20 pod     -                        -
    runs a command inside a container
kubectl.port-forward                  I  12 pod     -                        -
    opens a local port into the cluster
kubectl.cp                            I  18 cp      -                        -
    copies files into or out of a container
kubectl.auth                          R   0 -       -                        -
    prints help
kubectl.auth.can-i                    R   0 -       -                        -
    checks permissions
kubectl.auth.reconcile                M  20 -       -                        y
    writes RBAC rules
kubectl.auth.whoami                   R   0 -       -                        -
    reads the current identity
kubectl.events                        R   0 -       -                        -
    reads events
kubectl.diff                          R   0 -       -                        -
    compares manifests with the cluster
kubectl.apply                         M  16 -       -                        y
    creates or updates objects
kubectl.apply.view-last-applied       R   0 typed   -                        -
    reads the last applied configuration
kubectl.apply.set-last-applied        M   8 -       -                        y
    rewrites the last applied annotation
kubectl.apply.edit-last-applied       M  16 typed   -                        -
    edits the last applied configuration
kubectl.patch                         M  16 typed   -                        y
    patches objects
kubectl.replace                       M  20 -       -                        y
    replaces objects
kubectl.wait                          R   0 typed   -                        -
    waits for a condition
kubectl.kustomize                     L   0 -       -                        -
    renders manifests locally
kubectl.label                         M   8 typed   -                        y
    changes labels
kubectl.annotate                      M   6 typed   -                        y
    changes annotations
kubectl.completion                    L   0 -       -                        -
    prints shell completion code
kubectl.alpha                         L   0 -       -                        -
    prints help
kubectl.config                        L   0 -       -                        -
    prints help
kubectl.config.view                   L   0 -       -                        -
    prints the kubeconfig (redacted)
kubectl.config.set-cluster            L   6 -       -                        -
    edits the kubeconfig
kubectl.config.set-credentials        L   6 -       -                        -
    edits the kubeconfig
kubectl.config.set-context            L   6 -       -                        -
    edits the kubeconfig
kubectl.config.set                    L   6 -       -                        -
    edits the kubeconfig
kubectl.config.unset                  L   6 -       -                        -
    edits the kubeconfig
kubectl.config.current-context        L   0 -       -                        -
    prints the current context
kubectl.config.use-context            L   8 -       -                        -
    switches the cluster later commands act on
kubectl.config.get-contexts           L   0 -       -                        -
    lists contexts
kubectl.config.get-clusters           L   0 -       -                        -
    lists clusters
kubectl.config.get-users              L   0 -       -                        -
    lists users
kubectl.config.delete-cluster         L   4 -       -                        -
    edits the kubeconfig
kubectl.config.delete-context         L   4 -       -                        -
    edits the kubeconfig
kubectl.config.delete-user            L   4 -       -                        -
    edits the kubeconfig
kubectl.config.rename-context         L   4 -       -                        -
    edits the kubeconfig
kubectl.plugin                        L   0 -       -                        -
    prints help
kubectl.plugin.list                   L   0 -       -                        -
    lists plugins
kubectl.version                       R   0 -       -                        -
    reads versions
kubectl.api-versions                  R   0 -       -                        -
    reads API versions
kubectl.api-resources                 R   0 -       -                        -
    reads API resources
kubectl.options                       L   0 -       -                        -
    prints the global flags
kubectl.kuberc                        L   0 -       -                        -
    prints help
kubectl.kuberc.view                   L   0 -       -                        -
    prints the kuberc file
kubectl.kuberc.set                    L   4 -       -                        -
    edits the kuberc file
"""

_EFFECT_CODE: Mapping[str, Effect] = {
    "R": Effect.READ_ONLY,
    "L": Effect.LOCAL,
    "M": Effect.MUTATING,
    "D": Effect.DESTRUCTIVE,
    "I": Effect.INDIRECT,
}
_GRAMMAR_CODE: Mapping[str, Grammar] = {
    "typed": Grammar.TYPED,
    "pod": Grammar.POD,
    "implied": Grammar.IMPLIED,
    "cp": Grammar.CP,
    "-": Grammar.NONE,
}

_RUNS_ALONE = frozenset({("create",), ("apply",), ("cluster-info",)})
_TRAILING: Mapping[tuple[str, ...], int] = {("set", "serviceaccount"): 1}


def _action(line: str, message: str) -> ActionRule:
    rid, eff, base, grammar, implied, dry = line.split()
    path = tuple(rid.split(".")[1:])
    subs = _SUBCOMMANDS.get(path, ())
    return ActionRule(
        id=rid,
        path=path,
        effect=_EFFECT_CODE[eff],
        base=int(base),
        grammar=_GRAMMAR_CODE[grammar],
        implied="" if implied == "-" else implied,
        dry_run=dry == "y",
        group=(bool(subs) and path not in _RUNS_ALONE) or path == ("alpha",),
        trailing=_TRAILING.get(path, 0),
        message=message,
    )


def _actions() -> tuple[ActionRule, ...]:
    rows = [
        line
        for line in _ACTION_TABLE.splitlines()
        if line and not line.startswith("#")
    ]
    return tuple(
        _action(line, text.strip())
        for line, text in zip(rows[::2], rows[1::2], strict=True)
    )


_SUBCOMMANDS: Mapping[tuple[str, ...], tuple[str, ...]] = {
    c[0]: c[2] for c in _data.COMMANDS
}

ACTIONS: tuple[ActionRule, ...] = _actions()
"""One row per command path of kubectl's command tree."""

COBRA_ACTIONS: tuple[ActionRule, ...] = (
    ActionRule(
        id="kubectl.help",
        path=("help",),
        effect=Effect.READ_ONLY,
        base=0,
        message="prints help",
    ),
)
"""Commands cobra adds at run time (not in the tree)."""

ACTION_BY_PATH: Mapping[tuple[str, ...], ActionRule] = MappingProxyType(
    {a.path: a for a in (*ACTIONS, *COBRA_ACTIONS)}
)
"""`ACTIONS` (and `COBRA_ACTIONS`) by path."""


@enum.unique
class Criticality(enum.Enum):
    """
    How much damage changing or losing a kind of object can do.
    """

    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"
    CRITICAL = "critical"


CRITICALITY_WEIGHT: Mapping[Criticality, int] = MappingProxyType(
    {
        Criticality.LOW: -4,
        Criticality.NORMAL: 0,
        Criticality.HIGH: 12,
        Criticality.CRITICAL: 24,
    }
)
"""
Added to a destructive action's base (half of it to a mutating one's).
"""


@attrs.frozen(kw_only=True)
class ResourceRule:
    """
    One resource kind (or category) as kubectl resolves it.

    Attributes:
        id: ``kubectl.resource.`` plus the plural (and group when the plural
            exists in several groups).
        resource: The canonical plural, e.g. ``"deployments"``.
        group: The API group (``""`` for core).
        singular: The singular name.
        kind: The Kind.
        short_names: kubectl's short names.
        namespaced: `False` for cluster-scoped kinds.
        criticality: How much damage changing it can do.
        members: For a category (``all``), the plurals it expands to.
    """

    id: str
    resource: str
    group: str
    singular: str
    kind: str
    short_names: tuple[str, ...] = ()
    namespaced: bool = True
    criticality: Criticality = Criticality.NORMAL
    members: tuple[str, ...] = ()

    @property
    def weight(self) -> int:
        """
        The criticality's weight.
        """
        return CRITICALITY_WEIGHT[self.criticality]


_CRITICALITY: Mapping[str, Criticality] = {
    **dict.fromkeys(
        (
            "namespaces",
            "projects",  # OpenShift: a project is its namespace
            "persistentvolumes",
            "persistentvolumeclaims",
            "customresourcedefinitions",
            "clusterroles",
            "clusterrolebindings",
            "nodes",
            "mutatingwebhookconfigurations",
            "validatingwebhookconfigurations",
            "validatingadmissionpolicies",
            "validatingadmissionpolicybindings",
            "mutatingadmissionpolicies",
            "mutatingadmissionpolicybindings",
            "storageclasses",
            "apiservices",
            "api-extensions",
        ),
        Criticality.CRITICAL,
    ),
    **dict.fromkeys(
        (
            "secrets",
            "roles",
            "rolebindings",
            "serviceaccounts",
            "statefulsets",
            "daemonsets",
            "networkpolicies",
            "resourcequotas",
            "limitranges",
            "priorityclasses",
            "csidrivers",
            "csinodes",
            "volumeattachments",
            "runtimeclasses",
            "ingressclasses",
            "podsecuritypolicies",
            "flowschemas",
            "prioritylevelconfigurations",
            "leases",
            "certificatesigningrequests",
            "clustertrustbundles",
            "storageversionmigrations",
            "deviceclasses",
            "resourceslices",
            "ipaddresses",
            "servicecidrs",
            "volumeattributesclasses",
            "all",
        ),
        Criticality.HIGH,
    ),
    **dict.fromkeys(
        (
            "pods",
            "events",
            "podtemplates",
            "endpointslices",
            "bindings",
            "componentstatuses",
            "selfsubjectreviews",
            "tokenreviews",
            "localsubjectaccessreviews",
            "selfsubjectaccessreviews",
            "selfsubjectrulesreviews",
            "subjectaccessreviews",
        ),
        Criticality.LOW,
    ),
}


def _resources() -> tuple[ResourceRule, ...]:
    kinds = (*_data.RESOURCES, *_data.OPENSHIFT_RESOURCES)
    ids = iter(_data.RESOURCE_IDS)
    rows = [
        ResourceRule(
            id=next(ids),
            resource=plural,
            group=group,
            singular=singular,
            kind=kind,
            short_names=shorts,
            namespaced=namespaced,
            criticality=_CRITICALITY.get(plural, Criticality.NORMAL),
        )
        for (
            plural,
            singular,
            kind,
            group,
            shorts,
            namespaced,
        ) in kinds
    ]
    rows.extend(
        ResourceRule(
            id=next(ids),
            resource=name,
            group="",
            singular=name,
            kind="",
            namespaced=True,
            criticality=_CRITICALITY.get(name, Criticality.NORMAL),
            members=members,
        )
        for name, members in _data.CATEGORIES
    )
    return tuple(rows)


RESOURCES: tuple[ResourceRule, ...] = _resources()
"""
Every built-in resource (first in each group wins), then the kinds OpenShift
adds (a Kubernetes spelling wins over an OpenShift one), then the
categories.
"""

RESOURCE_BY_PLURAL: Mapping[str, ResourceRule] = MappingProxyType(
    {r.resource: r for r in reversed(RESOURCES)}
)
"""`RESOURCES` by plural; a plural served by several groups maps to core."""


DRY_RUN_RULE: ActionRule = ActionRule(
    id="kubectl.dry-run",
    path=(),
    effect=Effect.READ_ONLY,
    base=2,
    message="dry run: nothing changes",
)
"""The action a dry run stands for."""

LOCAL_RULE: ActionRule = ActionRule(
    id="kubectl.local",
    path=(),
    effect=Effect.LOCAL,
    base=0,
    message="--local: works on files only, nothing in the cluster changes",
)
"""The action ``--local`` stands for."""

LOCAL_OK: frozenset[tuple[str, ...]] = frozenset(
    {
        ("set", "image"),
        ("set", "resources"),
        ("set", "selector"),
        ("set", "subject"),
        ("set", "serviceaccount"),
        ("set", "env"),
        ("label",),
        ("annotate",),
    }
)
"""Commands whose ``--local`` keeps them off the cluster."""

UNKNOWN_RULES: Mapping[str, str] = MappingProxyType(
    {
        "kubectl.command.unknown": "not a kubectl command (a plugin?)",
        "kubectl.flag.unknown": "a flag kubectl does not know",
        "kubectl.resource.unknown": "not a built-in resource kind",
        "kubectl.dynamic.unknown": "a word only known at run time",
        "kubectl.kubeconfig.unknown": (
            "an explicit kubeconfig may run credential plugins"
        ),
        "kubectl.manifest.contents-unknown": (
            "the objects come from files, a URL or stdin"
        ),
    }
)
"""Ids of the unknown findings and what they mean."""

SPECIAL_PATHS: frozenset[tuple[str, ...]] = frozenset(
    {
        ("annotate",),
        ("apply",),
        ("config", "set-credentials"),
        ("config", "view"),
        ("debug",),
        ("label",),
        ("patch",),
        ("replace",),
        ("run",),
        ("set", "env"),
    }
)
"""The paths with special cases (`SPECIALS`), as literal data (a test holds
it to the table)."""

HARD_PATHS: frozenset[tuple[str, ...]] = frozenset({("delete",)})
"""The paths hard rules (`HARD_RULES`) look at, as literal data."""

_LATER: frozenset[str] = frozenset(
    {
        "ENV_RULES",
        "HARD_RULES",
        "MODIFIERS",
        "SPECIALS",
        "Check",
        "EnvRule",
        "HardRule",
        "ModifierRule",
        "SpecialRule",
    }
)


def __getattr__(name: str) -> Any:
    # The rows only some commands need live in
    # blastradius.families.kubectl.modifiers, imported when first asked for.
    if name in _LATER:
        from blastradius.families.kubectl import modifiers

        return getattr(modifiers, name)
    msg = f"module {__name__!r} has no attribute {name!r}"
    raise AttributeError(msg)
