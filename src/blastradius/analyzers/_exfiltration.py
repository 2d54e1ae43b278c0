"""
Moved to `blastradius.families.disclosure._exfiltration`:
this module re-exports its names until the integrator repoints the
importers (#17).
"""

from __future__ import annotations

from blastradius.families.disclosure._exfiltration import (
    NETWORK,
    is_trusted,
    network,
    sends_stdin,
    url_host,
)


__all__ = [
    "NETWORK",
    "is_trusted",
    "network",
    "sends_stdin",
    "url_host",
]
