"""
Analyzer family: interpreters. (Placeholder: filled by its issue.)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING


if TYPE_CHECKING:
    from blastradius.analyzers import Analyzer


__all__ = ["ANALYZERS"]

ANALYZERS: Mapping[str, Analyzer] = {}
