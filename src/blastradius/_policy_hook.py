"""
The hook's part of a policy (``[hook]``): what ``blastradius hook`` answers
an agent for each tier — ``allow``, ``ask`` or ``deny``.

Pure data; `blastradius._cli._hook.decide` reads it.
"""

from __future__ import annotations

from typing import Final

import attrs

from blastradius._model import Tier
from blastradius._record import attrs_repr
from blastradius.exceptions import PolicyError


__all__ = ["DECISIONS", "HookDecisions"]

DECISIONS: Final = ("allow", "ask", "deny")
"""The decisions, least strict first."""

_STRICTNESS: Final = {d: i for i, d in enumerate(DECISIONS)}
_TIERS: Final = ("auto", "human", "dual", "blocked")


@attrs.frozen(kw_only=True, repr=False)  # see _record.attrs_repr
class HookDecisions:
    """
    The hook's decision for each tier (the policy's ``[hook]`` table).

    Attributes:
        auto: The answer to an ``AUTO`` command (``"allow"``).
        human: The answer to a ``HUMAN`` command (``"ask"``).
        dual: The answer to a ``DUAL`` command (``"ask"``, with a reason
            saying two people are needed).
        blocked: The answer to a ``BLOCKED`` command: always ``"deny"``.

    Each is ``"allow"``, ``"ask"`` or ``"deny"``; an agent whose hook
    cannot ask gets a deny instead of an ask.

    Raises:
        PolicyError: A value is not a decision, or *blocked* is not
            ``"deny"``; the path names the key.

    >>> HookDecisions(human="deny").decision(Tier.HUMAN)
    'deny'

    .. versionadded:: 0.2
    """

    auto: str = "allow"
    human: str = "ask"
    dual: str = "ask"
    blocked: str = "deny"

    __repr__ = attrs_repr

    def __attrs_post_init__(self) -> None:
        for name in _TIERS:
            value: object = getattr(self, name)
            if not isinstance(value, str) or value not in _STRICTNESS:
                msg = f"expected one of 'allow', 'ask', 'deny', not {value!r}"
                raise PolicyError(msg, path=f"hook.{name}")
        if self.blocked != "deny":
            msg = (
                f"a BLOCKED command never runs: blocked must be 'deny', not "
                f"{self.blocked!r}"
            )
            raise PolicyError(msg, path="hook.blocked")

    def decision(self, tier: Tier) -> str:
        """
        The decision for *tier*.
        """
        value: str = getattr(self, tier.value)
        return value

    def merge(self, over: HookDecisions, *, override: bool) -> HookDecisions:
        """
        Layer *over* on these decisions (see `blastradius.Policy.merge`):
        keys *over* leaves at the default keep this value; without
        *override* the others may only be stricter (allow < ask < deny).

        Raises:
            PolicyError: A tightening layer loosens a key.
        """
        values: dict[str, str] = {}
        for name in _TIERS:
            mine = getattr(self, name)
            theirs = getattr(over, name)
            if theirs == getattr(_DEFAULT, name):
                values[name] = mine
                continue
            if not override and _STRICTNESS[theirs] < _STRICTNESS[mine]:
                msg = (
                    f"the overlay loosens it from {mine!r} to {theirs!r}; a "
                    "tightening overlay may only make decisions stricter "
                    "(allow < ask < deny; merge with override=True to "
                    "replace)"
                )
                raise PolicyError(msg, path=f"hook.{name}")
            values[name] = theirs
        return HookDecisions(**values)


_DEFAULT: Final = HookDecisions()
