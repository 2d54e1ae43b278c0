"""
Rules for raw API calls (curl, wget, HTTPie, xh) and the table that maps a
request on a Kubernetes API path to the kubectl command it amounts to.

A request whose path is a Kubernetes API path is analysed as that kubectl
command (``DELETE /api/v1/namespaces/prod`` is ``kubectl delete namespaces
prod``), so it scores exactly like it; other requests score by method.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from blastradius._model import Effect, Kind
from blastradius.rules._rulerow import Rule, index


__all__ = [
    "BUILTIN_GROUPS",
    "CORE_RESOURCES",
    "METHOD_VERBS",
    "QUERY_FLAGS",
    "RULES",
    "RULES_BY_ID",
    "SUBRESOURCE_VERBS",
]

_UNK = Kind.UNKNOWN

RULES: tuple[Rule, ...] = (
    Rule(
        "http.kubernetes-api",
        0,
        Effect.INDIRECT,
        "a Kubernetes API request, analysed as the kubectl command it "
        "amounts to",
        Kind.INFO,
    ),
    Rule("http.get", 5, Effect.READ_ONLY, "an HTTP read (GET/HEAD)"),
    Rule(
        "http.download",
        5,
        Effect.LOCAL,
        "downloads to a local file",
    ),
    Rule(
        "http.mutating",
        30,
        Effect.MUTATING,
        "an HTTP request that changes something (POST/PUT/PATCH/DELETE); "
        "its effect is not known",
    ),
    Rule(
        "http.url.unknown",
        0,
        Effect.UNKNOWN,
        "a URL or method only known at run time",
        _UNK,
    ),
    Rule(
        "http.config.unknown",
        0,
        Effect.UNKNOWN,
        "options or URLs read from a file whose contents are not known",
        _UNK,
    ),
    Rule(
        "http.kubernetes-api.unknown",
        0,
        Effect.UNKNOWN,
        "a Kubernetes API request not mapped to a kubectl command "
        "(proxy, unknown subresource)",
        _UNK,
    ),
)

RULES_BY_ID: Mapping[str, Rule] = index(RULES)
"""Every raw-API rule by id."""

METHOD_VERBS: Mapping[str, str] = MappingProxyType(
    {
        "GET": "get",
        "HEAD": "get",
        "DELETE": "delete",
        "PATCH": "patch",
        "PUT": "replace",
        "POST": "create",
        "OPTIONS": "get",
    }
)
"""HTTP method → the kubectl verb it performs on a resource."""

SUBRESOURCE_VERBS: Mapping[str, str] = MappingProxyType(
    {
        "exec": "exec",
        "attach": "attach",
        "portforward": "port-forward",
        "log": "logs",
        "eviction": "delete",
        "scale": "scale",
        "status": "patch",
        "ephemeralcontainers": "debug",
        "binding": "patch",
        "approval": "certificate",
        "token": "create",
    }
)
"""A subresource → the kubectl verb it amounts to (method aside)."""

QUERY_FLAGS: Mapping[str, str] = MappingProxyType(
    {
        "labelSelector": "-l",
        "fieldSelector": "--field-selector",
        "gracePeriodSeconds": "--grace-period",
        "propagationPolicy": "--cascade",
        "dryRun": "--dry-run",
    }
)
"""A query parameter → the kubectl flag that says the same."""

CORE_RESOURCES: frozenset[str] = frozenset(
    {
        "bindings",
        "componentstatuses",
        "configmaps",
        "endpoints",
        "events",
        "limitranges",
        "namespaces",
        "nodes",
        "persistentvolumeclaims",
        "persistentvolumes",
        "pods",
        "podtemplates",
        "replicationcontrollers",
        "resourcequotas",
        "secrets",
        "serviceaccounts",
        "services",
    }
)
"""Resources of the core group (``/api/v1``)."""

BUILTIN_GROUPS: frozenset[str] = frozenset(
    {
        "apps",
        "batch",
        "policy",
        "autoscaling",
        "extensions",
        "rbac.authorization.k8s.io",
        "networking.k8s.io",
        "storage.k8s.io",
        "apiextensions.k8s.io",
        "admissionregistration.k8s.io",
        "apiregistration.k8s.io",
        "certificates.k8s.io",
        "coordination.k8s.io",
        "discovery.k8s.io",
        "events.k8s.io",
        "flowcontrol.apiserver.k8s.io",
        "node.k8s.io",
        "scheduling.k8s.io",
        "authentication.k8s.io",
        "authorization.k8s.io",
        "resource.k8s.io",
        "internal.apiserver.k8s.io",
        "storagemigration.k8s.io",
        "metrics.k8s.io",
    }
)
"""API groups built into Kubernetes: their resources go to kubectl by
plural alone; other groups' (CRDs) as ``plural.group``."""
