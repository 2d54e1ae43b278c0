"""
The old path of `blastradius.families.http.analyzer`, which it re-exports
for one release (the integrator removes it once no branch imports it).
``_CURL`` and ``_WGET`` are the clients' option specs, which
`blastradius.analyzers._exfiltration` imports from here.
"""

from __future__ import annotations

from blastradius.families.http.analyzer import (
    ANALYZERS,
    Request,
    kubectl_argv,
    requests_of,
)
from blastradius.families.http.grammar import CURL as _CURL
from blastradius.families.http.grammar import WGET as _WGET
from blastradius.families.http.urls import split_url


__all__ = [
    "ANALYZERS",
    "_CURL",
    "_WGET",
    "Request",
    "kubectl_argv",
    "requests_of",
    "split_url",
]
