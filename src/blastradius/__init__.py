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
from blastradius._policy_disclosure import Disclosure
from blastradius._score import score
from blastradius.exceptions import BlastRadiusError, PolicyError, SpecError
from blastradius.rules import WeightRule


if typing.TYPE_CHECKING:
    from blastradius._policy_io import load_policy

    __version__: str
    from blastradius._rollback import (
        Facts,
        RollbackPlan,
        RollbackStatus,
        derive_rollback,
    )
    from blastradius._spec import DeclarativeSpec, EvaluatedSpec


__all__ = [
    "Assessment",
    "BlastRadiusError",
    "DeclarativeSpec",
    "Disclosure",
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


# Served by __getattr__, imported when first asked for: load_policy reads
# files (outside the pure core); the rollback and spec API keeps ``import
# blastradius`` small for hosts that only score.
_LAZY: typing.Final = {
    "load_policy": "blastradius._policy_io",
    "DeclarativeSpec": "blastradius._spec",
    "EvaluatedSpec": "blastradius._spec",
    "Facts": "blastradius._rollback",
    "RollbackPlan": "blastradius._rollback",
    "RollbackStatus": "blastradius._rollback",
    "derive_rollback": "blastradius._rollback",
}


def __getattr__(name: str) -> typing.Any:
    module = _LAZY.get(name)
    if module is not None:
        import importlib

        return getattr(importlib.import_module(module), name)
    if name != "__version__":
        msg = f"module {__name__!r} has no attribute {name!r}"
        raise AttributeError(msg)

    from importlib.metadata import version

    return version("blastradius-policy")


def __dir__() -> list[str]:
    return [*__all__, "__version__"]
