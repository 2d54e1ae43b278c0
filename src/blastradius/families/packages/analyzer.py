"""
Analyzer family: the package managers (pip, pipx, uv, npm, yarn, pnpm, apt,
dnf / yum, brew, cargo, go).

The rows are in `blastradius.families.packages.rules`; this module only
registers the table interpreter under the program names.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING

from blastradius.families._interpret import make_analyzer
from blastradius.families.packages.rules import PACKAGE_SPECS


if TYPE_CHECKING:
    from blastradius.analyzers import Analyzer


__all__ = ["ANALYZERS"]

_BY_SPEC: dict[int, Analyzer] = {}
for _spec in PACKAGE_SPECS.values():
    _BY_SPEC.setdefault(id(_spec), make_analyzer(_spec))

ANALYZERS: Mapping[str, Analyzer] = MappingProxyType(
    {name: _BY_SPEC[id(spec)] for name, spec in PACKAGE_SPECS.items()}
)
