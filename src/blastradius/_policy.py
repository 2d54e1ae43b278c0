"""
The policy: thresholds, namespace and context weights, aliases and extra
analyzers. Pure data; the scorer reads it.
"""

from __future__ import annotations

import fnmatch
import hashlib
import re

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from blastradius._model import Tier
from blastradius.exceptions import PolicyError
from blastradius.rules import (
    DEFAULT_CONTEXT_WEIGHTS,
    DEFAULT_NAMESPACE_WEIGHTS,
    UNSPECIFIED_NAMESPACE,
    WeightRule,
)


if TYPE_CHECKING:
    from blastradius.analyzers import Analyzer


__all__ = ["Policy", "Thresholds"]


@attrs.frozen(kw_only=True)
class Thresholds:
    """
    The highest score of each tier: ``AUTO`` up to *auto*, ``HUMAN`` up to
    *human*, ``DUAL`` up to *dual*; ``BLOCKED`` is always exactly 100.

    >>> Thresholds().tier_of(42)
    <Tier.HUMAN: 'human'>
    """

    auto: int = 10
    human: int = 50
    dual: int = 99

    def __attrs_post_init__(self) -> None:
        values = (self.auto, self.human, self.dual)
        if any(not isinstance(v, int) or isinstance(v, bool) for v in values):
            msg = "thresholds must be integers"
            raise PolicyError(msg, path="thresholds")
        if not 0 <= self.auto < self.human < self.dual <= 99:  # noqa: PLR2004
            msg = (
                "thresholds must be strictly increasing within 0..99 "
                f"(auto={self.auto}, human={self.human}, dual={self.dual}); "
                "BLOCKED is always 100"
            )
            raise PolicyError(msg, path="thresholds")

    @property
    def floor(self) -> int:
        """
        The lowest ``HUMAN`` score: where unknowns are floored.
        """
        return self.auto + 1

    def tier_of(self, score: int) -> Tier:
        """
        The tier of *score*.
        """
        if score >= 100:  # noqa: PLR2004
            return Tier.BLOCKED
        if score > self.human:
            return Tier.DUAL
        if score > self.auto:
            return Tier.HUMAN
        return Tier.AUTO


def _pairs(value: object) -> tuple[tuple[str, Any], ...]:
    """
    Accept a mapping or an iterable of pairs; store sorted pairs.
    """
    items = value.items() if isinstance(value, Mapping) else value
    return tuple(sorted(((str(k), v) for k, v in items), key=lambda kv: kv[0]))  # type: ignore[attr-defined]


def _compile(rows: Iterable[WeightRule]) -> tuple[re.Pattern[str], ...]:
    return tuple(
        re.compile(fnmatch.translate(r.pattern.lower())) for r in rows
    )


def _match(
    rows: tuple[WeightRule, ...],
    compiled: tuple[re.Pattern[str], ...],
    name: str,
) -> WeightRule | None:
    low = name.lower()
    for row, rx in zip(rows, compiled):
        if rx.match(low):
            return row
    return None


@attrs.frozen(kw_only=True)
class Policy:
    """
    Everything that a team may tune about scoring.

    The default ``Policy()`` gives the built-in scores.

    >>> Policy().namespace_weight("kube-system").id
    'namespace.system'
    """

    thresholds: Thresholds = attrs.field(factory=Thresholds)
    namespace_weights: tuple[WeightRule, ...] = attrs.field(
        default=DEFAULT_NAMESPACE_WEIGHTS, converter=tuple
    )
    unspecified_namespace: WeightRule = UNSPECIFIED_NAMESPACE
    context_weights: tuple[WeightRule, ...] = attrs.field(
        default=DEFAULT_CONTEXT_WEIGHTS, converter=tuple
    )
    aliases: tuple[tuple[str, str], ...] = attrs.field(
        factory=tuple, converter=_pairs
    )
    analyzers: tuple[tuple[str, Analyzer], ...] = attrs.field(
        factory=tuple, converter=_pairs
    )

    _ns_rx: tuple[re.Pattern[str], ...] = attrs.field(
        init=False, eq=False, repr=False
    )
    _ctx_rx: tuple[re.Pattern[str], ...] = attrs.field(
        init=False, eq=False, repr=False
    )
    _alias_map: Mapping[str, str] = attrs.field(
        init=False, eq=False, repr=False
    )
    _analyzer_map: Mapping[str, Analyzer] = attrs.field(
        init=False, eq=False, repr=False
    )

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_ns_rx", _compile(self.namespace_weights))
        object.__setattr__(self, "_ctx_rx", _compile(self.context_weights))
        object.__setattr__(self, "_alias_map", dict(self.aliases))
        object.__setattr__(self, "_analyzer_map", dict(self.analyzers))

    def namespace_weight(self, namespace: str | None) -> WeightRule:
        """
        The weight row for *namespace*; `None` means not given.
        """
        if namespace is None:
            return self.unspecified_namespace
        row = _match(self.namespace_weights, self._ns_rx, namespace)
        return row if row is not None else self.unspecified_namespace

    def context_weight(self, context: str | None) -> WeightRule | None:
        """
        The weight row for kube *context*, if any pattern matches.
        """
        if context is None:
            return None
        return _match(self.context_weights, self._ctx_rx, context)

    def resolve_program(self, program: str) -> str:
        """
        The program name after the policy's aliases (``k`` → ``kubectl``).
        """
        return self._alias_map.get(program, program)

    def analyzer_for(self, program: str) -> Analyzer | None:
        """
        The policy's own analyzer for *program*, if it registers one.
        """
        return self._analyzer_map.get(program)

    @property
    def fingerprint(self) -> str:
        """
        A stable hash of the policy's contents (16 hex digits).
        """
        text = repr(
            (
                self.thresholds,
                self.namespace_weights,
                self.unspecified_namespace,
                self.context_weights,
                self.aliases,
                tuple(
                    (k, getattr(v, "__qualname__", repr(v)))
                    for k, v in self.analyzers
                ),
            )
        )
        return hashlib.sha256(text.encode()).hexdigest()[:16]
