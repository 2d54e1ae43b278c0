"""
Validators for every name that goes into a rollback argv.

Each check is a full-match regular expression with a length bound, chosen
so that a valid value can never start with ``-`` and never contains
whitespace, quotes or shell metacharacters: a hostile target such as
``--all`` or ``x --namespace=kube-system`` can never become a flag.
"""

from __future__ import annotations

import re

from typing import Final

from blastradius.exceptions import SpecError


__all__ = [
    "TAINT_EFFECTS",
    "check",
    "is_annotation_value",
    "is_context",
    "is_dns1123_label",
    "is_dns1123_subdomain",
    "is_helm_release",
    "is_image",
    "is_label_key",
    "is_label_value",
    "is_object_name",
    "is_path",
]

_LABEL: Final = re.compile(r"[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?")
_SUBDOMAIN: Final = re.compile(
    r"[a-z0-9](?:[-a-z0-9]*[a-z0-9])?(?:\.[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)*"
)
# RBAC objects accept any path segment; we accept a conservative subset
# that covers ``system:controller:foo`` and ``edit``.
_RBAC_NAME: Final = re.compile(r"[A-Za-z0-9](?:[-A-Za-z0-9_.:@]*[A-Za-z0-9])?")
_KEY_NAME: Final = re.compile(
    r"[A-Za-z0-9](?:[-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?"
)
_LABEL_VALUE: Final = re.compile(
    r"(?:[A-Za-z0-9](?:[-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?"
)
# A conservative image reference: [registry[:port]/]path[:tag][@digest].
_COMPONENT: Final = r"[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*"
_IMAGE: Final = re.compile(
    r"(?:[A-Za-z0-9](?:[-A-Za-z0-9.]*[A-Za-z0-9])?(?::[0-9]{1,5})?/)?"
    rf"{_COMPONENT}(?:/{_COMPONENT})*"
    r"(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?"
    r"(?:@sha256:[a-f0-9]{64})?"
)
_PATH: Final = re.compile(r"[A-Za-z0-9_./][A-Za-z0-9_./@+=:,-]*")
_CONTEXT: Final = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.:@/+=-]*")
_RBAC: Final = frozenset(
    {"roles", "clusterroles", "rolebindings", "clusterrolebindings"}
)
_LABEL_NAMED: Final = frozenset({"namespaces", "services"})

TAINT_EFFECTS: Final = ("NoSchedule", "PreferNoSchedule", "NoExecute")
"""The taint effects Kubernetes knows."""


def _full(rx: re.Pattern[str], value: object, limit: int) -> bool:
    return (
        isinstance(value, str)
        and 0 < len(value) <= limit
        and rx.fullmatch(value) is not None
    )


def is_dns1123_label(value: object) -> bool:
    """
    A DNS-1123 label: lower-case alphanumerics and ``-``, at most 63.

    >>> is_dns1123_label("prod"), is_dns1123_label("-A")
    (True, False)
    """
    return _full(_LABEL, value, 63)


def is_dns1123_subdomain(value: object) -> bool:
    """
    A DNS-1123 subdomain: dot-separated labels, at most 253 characters.

    >>> is_dns1123_subdomain("node-1.example.com")
    True
    """
    return _full(_SUBDOMAIN, value, 253)


def is_object_name(resource: str, value: object) -> bool:
    """
    Whether *value* is a valid name for an object of *resource* (plural).

    Namespaces and services need a DNS-1123 label, RBAC objects a
    conservative path segment, everything else a DNS-1123 subdomain.

    >>> is_object_name("clusterroles", "system:aggregate-to-edit")
    True
    >>> is_object_name("deployments", "x --namespace=kube-system")
    False
    """
    if resource in _LABEL_NAMED:
        return is_dns1123_label(value)
    if resource in _RBAC:
        return _full(_RBAC_NAME, value, 253)
    return is_dns1123_subdomain(value)


def is_label_key(value: object) -> bool:
    """
    A label or annotation key: ``[prefix/]name``, prefix a DNS-1123
    subdomain, name at most 63 of ``[A-Za-z0-9_.-]``, alphanumeric at both
    ends.

    >>> is_label_key("app.kubernetes.io/name"), is_label_key("--all")
    (True, False)
    """
    if not isinstance(value, str):
        return False
    prefix, slash, name = value.rpartition("/")
    if slash and not is_dns1123_subdomain(prefix):
        return False
    return _full(_KEY_NAME, name, 63)


def is_label_value(value: object) -> bool:
    """
    A label value (or taint value): empty, or at most 63 of
    ``[A-Za-z0-9_.-]``, alphanumeric at both ends.

    >>> is_label_value(""), is_label_value("v1.2"), is_label_value("-x")
    (True, True, False)
    """
    return (
        isinstance(value, str)
        and len(value) <= 63
        and _LABEL_VALUE.fullmatch(value) is not None
    )


def is_annotation_value(value: object) -> bool:
    """
    An annotation value: any text without NUL, at most 256 KiB.

    >>> is_annotation_value("owner: team a")
    True
    """
    return (
        isinstance(value, str) and len(value) <= 262144 and "\0" not in value
    )


def is_image(value: object) -> bool:
    """
    A container image reference, by a conservative grammar:
    ``[registry[:port]/]path[:tag][@sha256:digest]``, path components
    lower-case.

    >>> is_image("registry.k8s.io/pause:3.9"), is_image("--help")
    (True, False)
    """
    return _full(_IMAGE, value, 512)


def is_path(value: object) -> bool:
    """
    A local file path for ``-f``: letters, digits and ``_./@+=:,-``, not
    starting with ``-``, no ``://`` (URLs are not files we can vouch for).

    >>> is_path("/var/backups/api.yaml"), is_path("-"), is_path("-x")
    (True, False, False)
    """
    return (
        _full(_PATH, value, 4096)
        and isinstance(value, str)
        and "://" not in value
    )


def is_context(value: object) -> bool:
    """
    A kube context, cluster or user name (``gke_p_z_c``,
    ``arn:aws:eks:…:cluster/x``): no whitespace, not starting with ``-``.

    >>> is_context("arn:aws:eks:eu-west-1:123:cluster/prod")
    True
    """
    return _full(_CONTEXT, value, 512)


def is_helm_release(value: object) -> bool:
    """
    A helm release name: a DNS-1123 subdomain of at most 53 characters.

    >>> is_helm_release("api"), is_helm_release("--all")
    (True, False)
    """
    return is_dns1123_subdomain(value) and len(str(value)) <= 53


def check(ok: bool, field: str, what: str, value: object) -> None:
    """
    Raise `SpecError` naming *field* unless *ok*.
    """
    if not ok:
        msg = f"{value!r} is not {what}"
        raise SpecError(msg, field=field, value=value)
