"""
Analyzer family: git: history rewrites, forced and deleting pushes, discarded
work; ``-c`` keys that run programs are unknown.

The rows are in `blastradius.rules._tools`; this module only registers the
table interpreter under the program names.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING

from blastradius.analyzers._cli import make_analyzer
from blastradius.rules._tools import GIT


if TYPE_CHECKING:
    from blastradius.analyzers import Analyzer


__all__ = ["ANALYZERS"]

_ANALYZER = make_analyzer(GIT)

ANALYZERS: Mapping[str, Analyzer] = MappingProxyType(
    {
        "git": _ANALYZER,
    }
)
