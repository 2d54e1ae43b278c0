"""
blastradius: how dangerous is this command, before it runs?

>>> import blastradius
>>> blastradius.score("ls -la").tier
<Tier.AUTO: 'auto'>
"""

from __future__ import annotations

import typing


if typing.TYPE_CHECKING:
    from blastradius._model import (
        Assessment,
        Effect,
        Finding,
        Kind,
        Redirect,
        SimpleCommand,
        Tier,
    )
    from blastradius._policy import Policy, Thresholds
    from blastradius._policy_disclosure import Disclosure
    from blastradius._policy_gate import GateSettings
    from blastradius._policy_hook import HookDecisions
    from blastradius._policy_io import load_policy, load_preset
    from blastradius._policy_rows import (
        HardRule,
        PolicyException,
        RuleOverride,
    )
    from blastradius._score import score
    from blastradius.exceptions import BlastRadiusError, PolicyError, SpecError
    from blastradius.rules import WeightRule

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
    "GateSettings",
    "HardRule",
    "HookDecisions",
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
    "load_preset",
    "score",
]


# Served by __getattr__, imported when first asked for: ``import
# blastradius`` imports no engine module (``blastradius --version`` stays
# fast), load_policy reads files (outside the pure core), and hosts that
# only score never load the rollback and spec API.
_LAZY: typing.Final = {
    "Assessment": "blastradius._model",
    "Effect": "blastradius._model",
    "Finding": "blastradius._model",
    "Kind": "blastradius._model",
    "Redirect": "blastradius._model",
    "SimpleCommand": "blastradius._model",
    "Tier": "blastradius._model",
    "Disclosure": "blastradius._policy_disclosure",
    "GateSettings": "blastradius._policy_gate",
    "HardRule": "blastradius._policy_rows",
    "HookDecisions": "blastradius._policy_hook",
    "Policy": "blastradius._policy",
    "PolicyException": "blastradius._policy_rows",
    "RuleOverride": "blastradius._policy_rows",
    "Thresholds": "blastradius._policy",
    "score": "blastradius._score",
    "BlastRadiusError": "blastradius.exceptions",
    "PolicyError": "blastradius.exceptions",
    "SpecError": "blastradius.exceptions",
    "WeightRule": "blastradius.rules",
    "load_policy": "blastradius._policy_io",
    "load_preset": "blastradius._policy_io",
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

        value = getattr(importlib.import_module(module), name)
        # bound once, as ``from … import`` would: later lookups of
        # ``blastradius.score`` skip this function (2 µs a call otherwise)
        globals()[name] = value
        return value
    if name != "__version__":
        msg = f"module {__name__!r} has no attribute {name!r}"
        raise AttributeError(msg)

    from importlib.metadata import version

    return version("blastradius-policy")


def __dir__() -> list[str]:
    return [*__all__, "__version__"]
