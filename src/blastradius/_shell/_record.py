"""Moved to `blastradius._record` (shared by the whole package)."""

from blastradius._record import FrozenError, Record


__all__ = ["FrozenError", "Record"]
