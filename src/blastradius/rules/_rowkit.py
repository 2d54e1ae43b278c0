"""
Shorthands for writing `blastradius.families._clispec.CliRule` tables:
the effect and kind abbreviations and the row builders that the tool,
platform and package-manager tables share.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from blastradius._model import Effect, Kind
from blastradius.families._clispec import CliRule


__all__ = [
    "DE",
    "IN",
    "LO",
    "MOD",
    "MU",
    "RO",
    "UNK",
    "each",
    "help_row",
    "row",
    "under",
    "words",
]

RO = Effect.READ_ONLY
LO = Effect.LOCAL
MU = Effect.MUTATING
DE = Effect.DESTRUCTIVE
IN = Effect.INDIRECT
MOD = Kind.MODIFIER
UNK = Kind.UNKNOWN


def row(
    rule_id: str, effect: Effect, base: int, message: str, **kw: Any
) -> CliRule:
    """
    One rule row (keywords as `CliRule` takes them).
    """
    return CliRule(id=rule_id, effect=effect, base=base, message=message, **kw)


def each(
    rule_id: str,
    effect: Effect,
    base: int,
    message: str,
    paths: Iterable[tuple[str, ...]],
    **kw: Any,
) -> list[CliRule]:
    """
    One row per path, all under the same id.
    """
    return [row(rule_id, effect, base, message, path=p, **kw) for p in paths]


def words(*names: str) -> list[tuple[str, ...]]:
    """
    Each name as a one-word path.
    """
    return [(n,) for n in names]


def under(head: str, *names: str) -> list[tuple[str, ...]]:
    """
    Each name as a two-word path under *head*.
    """
    return [(head, n) for n in names]


def help_row(rule_id: str) -> CliRule:
    """
    The row every tool family has under its own literal id
    (``help_row("git.help")``): help or version output, read only.
    """
    return CliRule(
        id=rule_id,
        effect=RO,
        base=0,
        message="prints help or the version",
        when=[("-h", "--help", "--version", "-version", "-v")],
        max_args=0,
    )
