"""
The gate's part of a policy (``[gate]``): how many approvals each tier
needs, how long an approval holds, and the budget of automatic executions
per target.

Pure data; `blastradius.adapters.Gate` reads it.
"""

from __future__ import annotations

import re

from collections.abc import Callable
from typing import Final

import attrs

from blastradius._record import attrs_repr
from blastradius.exceptions import PolicyError


__all__ = ["GateSettings", "duration_seconds", "duration_text"]

_MAX_APPROVALS: Final = 20
_MAX_TTL: Final = 30 * 86400
_MAX_EXECUTIONS: Final = 1000
_MAX_WINDOW: Final = 7 * 86400
_DURATION: Final = r"(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?"
_UNITS: Final = (("d", 86400), ("h", 3600), ("m", 60), ("s", 1))


def duration_seconds(value: object, path: str) -> int:
    """
    Whole seconds from *value*: an integer of seconds, or a text such as
    ``"24h"``, ``"10m"``, ``"1h30m"``, ``"90s"`` (units ``d``, ``h``,
    ``m``, ``s``, largest first).

    Raises:
        PolicyError: *value* is neither; *path* names the key.

    >>> duration_seconds("1h30m", "gate.approval_ttl")
    5400
    """
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str):
        m = re.fullmatch(_DURATION, value)
        if value and m is not None:
            parts = (int(g or 0) for g in m.groups())
            return sum(
                n * size for n, (_u, size) in zip(parts, _UNITS, strict=True)
            )
    msg = (
        f"expected a duration (whole seconds, or text like '24h', '10m', "
        f"'1h30m'), got {value!r}"
    )
    raise PolicyError(msg, path=path)


def duration_text(seconds: int) -> str:
    """
    *seconds* as `duration_seconds` reads it back, largest units first.

    >>> duration_text(86400), duration_text(600), duration_text(5430)
    ('1d', '10m', '1h30m30s')
    """
    out = []
    rest = seconds
    for unit, size in _UNITS:
        n, rest = divmod(rest, size)
        if n:
            out.append(f"{n}{unit}")
    return "".join(out) or "0s"


def _ttl(value: object) -> int:
    return duration_seconds(value, "gate.approval_ttl")


def _window(value: object) -> int:
    return duration_seconds(value, "gate.budget_window")


_BOUNDS: Final = {
    "approvals_human": (1, _MAX_APPROVALS),
    "approvals_dual": (2, _MAX_APPROVALS),
    "approval_ttl": (1, _MAX_TTL),
    "budget_executions": (0, _MAX_EXECUTIONS),
    "budget_window": (1, _MAX_WINDOW),
}


@attrs.frozen(kw_only=True, repr=False)  # see _record.attrs_repr
class GateSettings:
    """
    The gate's settings (the policy's ``[gate]`` table).

    Attributes:
        approvals_human: Distinct approvals a ``HUMAN`` action needs
            (1..20).
        approvals_dual: Distinct approvals a ``DUAL`` action needs (2..20,
            at least *approvals_human*).
        approval_ttl: Seconds an approval holds after it was given (an
            integer, or a text such as ``"24h"``).
        budget_executions: How many automatic (``AUTO``) executions of
            mutating actions may run per target within *budget_window*
            (0..1000; 0 runs none without a person).
        budget_window: The budget's window, in seconds (or ``"10m"`` …).

    Raises:
        PolicyError: A value is out of range; the path names the key.

    >>> GateSettings(approval_ttl="1h").approval_ttl
    3600

    .. versionadded:: 0.2
    """

    approvals_human: int = 1
    approvals_dual: int = 2
    approval_ttl: int = attrs.field(default=24 * 3600, converter=_ttl)
    budget_executions: int = 3
    budget_window: int = attrs.field(default=600, converter=_window)

    __repr__ = attrs_repr

    def __attrs_post_init__(self) -> None:
        for name, (low, high) in _BOUNDS.items():
            value: object = getattr(self, name)
            if (
                not isinstance(value, int)
                or isinstance(value, bool)
                or not low <= value <= high
            ):
                msg = f"must be an integer from {low} to {high}, not {value!r}"
                raise PolicyError(msg, path=f"gate.{name}")
        if self.approvals_dual < self.approvals_human:
            msg = (
                f"approvals_dual ({self.approvals_dual}) must be at least "
                f"approvals_human ({self.approvals_human})"
            )
            raise PolicyError(msg, path="gate.approvals_dual")

    def merge(self, over: GateSettings, *, override: bool) -> GateSettings:
        """
        Layer *over* on these settings (see `blastradius.Policy.merge`):
        keys *over* leaves at the default keep this value; without
        *override* the others may only raise approvals, shorten the TTL
        and lower the budget (fewer executions, a longer window).

        Raises:
            PolicyError: A tightening layer loosens a key.
        """
        values: dict[str, int] = {}
        for name, stricter in _STRICTER.items():
            mine = getattr(self, name)
            theirs = getattr(over, name)
            if theirs == getattr(_DEFAULT, name):
                values[name] = mine
                continue
            if not override and theirs != mine and not stricter(theirs, mine):
                msg = (
                    f"the overlay loosens it from {mine} to {theirs}; a "
                    "tightening overlay may only raise approvals, shorten "
                    "the TTL and lower the budget (merge with override=True "
                    "to replace)"
                )
                raise PolicyError(msg, path=f"gate.{name}")
            values[name] = theirs
        return GateSettings(**values)


_DEFAULT: Final = GateSettings()

_STRICTER: Final[dict[str, Callable[[int, int], bool]]] = {
    "approvals_human": lambda new, old: new > old,
    "approvals_dual": lambda new, old: new > old,
    "approval_ttl": lambda new, old: new < old,
    "budget_executions": lambda new, old: new < old,
    "budget_window": lambda new, old: new > old,
}
