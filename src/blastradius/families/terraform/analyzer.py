"""
Analyzer family: terraform and OpenTofu: destroy, apply, state surgery; plan,
show and validate read only.

The rows are in `blastradius.families.terraform.rules`; this module only
registers the table interpreter under the program names.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING

from blastradius.families._interpret import make_analyzer
from blastradius.families.terraform.grammar import TERRAFORM


if TYPE_CHECKING:
    from blastradius.analyzers import Analyzer


__all__ = ["ANALYZERS"]

_ANALYZER = make_analyzer(TERRAFORM)

ANALYZERS: Mapping[str, Analyzer] = MappingProxyType(
    {
        "terraform": _ANALYZER,
        "tofu": _ANALYZER,
        "opentofu": _ANALYZER,
    }
)
