"""
Analyzer family: helm: install, upgrade, rollback, uninstall and the read-only
commands; scoped by ``-n`` / ``--kube-context``.

The rows are in `blastradius.families.helm.rules`; this module only
registers the table interpreter under the program names.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING

from blastradius.families._interpret import make_analyzer
from blastradius.families.helm.grammar import HELM


if TYPE_CHECKING:
    from blastradius.analyzers import Analyzer


__all__ = ["ANALYZERS"]

_ANALYZER = make_analyzer(HELM)

ANALYZERS: Mapping[str, Analyzer] = MappingProxyType(
    {
        "helm": _ANALYZER,
    }
)
