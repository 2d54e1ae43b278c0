"""
Moved to `blastradius.families.shell.rules`:
this module re-exports its names until the integrator repoints the
importers (#17).
"""

from __future__ import annotations

from blastradius.families.shell.rules import (
    BENIGN_DEVICES,
    BLOCK_DEVICES,
    DEVICES,
    ENCODERS,
    HOME,
    REDIRECT_RULES,
    REDIRECT_SPEC,
    REMOTE_SOURCES,
    ROOT,
    SHELL_SPECS,
    SHELLS,
    SYSTEM,
    with_prefix,
)


__all__ = [
    "BENIGN_DEVICES",
    "BLOCK_DEVICES",
    "DEVICES",
    "ENCODERS",
    "HOME",
    "REDIRECT_RULES",
    "REDIRECT_SPEC",
    "REMOTE_SOURCES",
    "ROOT",
    "SHELLS",
    "SHELL_SPECS",
    "SYSTEM",
    "with_prefix",
]
