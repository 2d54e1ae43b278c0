"""
The platform family: PostgreSQL's and MongoDB's client programs, helmfile,
argocd, flux, kustomize — and ``oc``, which runs kubectl's commands as
kubectl does.

``grammar.py`` holds the command grammar (the `CliSpec` tables),
``rules.py`` the rows (literal ids) and ``analyzer.py`` registers the
table interpreter under the program names.
"""

from __future__ import annotations


__all__: list[str] = []
