"""
blastradius: how dangerous is this command, before it runs?

>>> import blastradius
>>> blastradius.score("ls -la").tier
<Tier.AUTO: 'auto'>
"""

from __future__ import annotations

import typing

from blastradius._model import (
    Assessment,
    Effect,
    Finding,
    Kind,
    Redirect,
    SimpleCommand,
    Tier,
)
from blastradius._policy import (
    HardRule,
    Policy,
    PolicyException,
    RuleOverride,
    Thresholds,
)
from blastradius._rollback import (
    Facts,
    RollbackPlan,
    RollbackStatus,
    derive_rollback,
)
from blastradius._score import score
from blastradius._spec import DeclarativeSpec, EvaluatedSpec
from blastradius.exceptions import BlastRadiusError, PolicyError, SpecError
from blastradius.rules import WeightRule


if typing.TYPE_CHECKING:
    from blastradius._policy_io import load_policy


__all__ = [
    "Assessment",
    "BlastRadiusError",
    "DeclarativeSpec",
    "Effect",
    "EvaluatedSpec",
    "Facts",
    "Finding",
    "HardRule",
    "Kind",
    "Policy",
    "PolicyError",
    "PolicyException",
    "Redirect",
    "RollbackPlan",
    "RollbackStatus",
    "RuleOverride",
    "SimpleCommand",
    "SpecError",
    "Thresholds",
    "Tier",
    "WeightRule",
    "derive_rollback",
    "load_policy",
    "score",
]


def __getattr__(name: str) -> typing.Any:
    # load_policy reads files: it lives outside the pure core and is only
    # imported when asked for.
    if name == "load_policy":
        from blastradius._policy_io import load_policy

        return load_policy
    if name != "__version__":
        msg = f"module {__name__!r} has no attribute {name!r}"
        raise AttributeError(msg)

    from importlib.metadata import version

    return version("blastradius-policy")


def __dir__() -> list[str]:
    return [*__all__, "__version__"]
