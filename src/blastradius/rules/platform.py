"""
The old path of `blastradius.families.platform.grammar`, which it re-exports
for one release (the integrator removes it once no branch imports it).
"""

from __future__ import annotations

from blastradius.families.platform.grammar import (
    ARGOCD,
    CREATEDB,
    DROPDB,
    FLUX,
    HELMFILE,
    KUSTOMIZE,
    MONGODUMP,
    MONGORESTORE,
    PG_DUMP,
    PG_RESTORE,
    PLATFORM_SPECS,
)


__all__ = [
    "ARGOCD",
    "CREATEDB",
    "DROPDB",
    "FLUX",
    "HELMFILE",
    "KUSTOMIZE",
    "MONGODUMP",
    "MONGORESTORE",
    "PG_DUMP",
    "PG_RESTORE",
    "PLATFORM_SPECS",
]
