"""
The public error hierarchy.
"""

from __future__ import annotations


__all__ = ["BlastRadiusError", "PolicyError", "SpecError"]


class BlastRadiusError(Exception):
    """
    Base class of every error blastradius raises on purpose.
    """


class PolicyError(BlastRadiusError, ValueError):
    """
    A policy is malformed; *path* names the offending key.
    """

    def __init__(
        self, msg: str, *, path: str = "", line: int | None = None
    ) -> None:
        self.path = path
        self.line = line
        where = path
        if line is not None:
            where = f"{where} (line {line})" if where else f"line {line}"
        super().__init__(f"{where}: {msg}" if where else msg)


class SpecError(BlastRadiusError, ValueError):
    """
    A declarative spec is malformed; *field* names the offending field.
    """

    def __init__(self, msg: str, *, field: str = "", value: object = None):
        self.field = field
        self.value = value
        super().__init__(f"{field}: {msg}" if field else msg)
