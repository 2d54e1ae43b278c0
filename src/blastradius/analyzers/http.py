"""
Kept for one release (#17): the http family moved to
`blastradius.families.http.analyzer` and `blastradius.families.http.urls`.
This old path re-exports the same objects (no behaviour changes, so no
`DeprecationWarning`); new code imports the family's module instead.
"""

from __future__ import annotations

from blastradius.families.http.analyzer import (
    ANALYZERS,
    Request,
    kubectl_argv,
    requests_of,
)
from blastradius.families.http.urls import split_url


__all__ = [
    "ANALYZERS",
    "Request",
    "kubectl_argv",
    "requests_of",
    "split_url",
]
