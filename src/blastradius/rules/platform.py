"""
Kept for one release (#17): the platform family moved to
`blastradius.families.platform.grammar`. This old path re-exports the same
objects (no behaviour changes, so no `DeprecationWarning`); new code imports
the family's module instead.
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
