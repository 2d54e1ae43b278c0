"""
Kept for one release (#17): the kubectl family moved to
`blastradius.families.kubectl.rules`. This old path re-exports the same
objects (no behaviour changes, so no `DeprecationWarning`); new code imports
the family's module instead.
"""

from __future__ import annotations

from blastradius.families.kubectl.rules import (
    ACTION_BY_PATH,
    ACTIONS,
    COBRA_ACTIONS,
    CRITICALITY_WEIGHT,
    DRY_RUN_RULE,
    EFFECT_ORDER,
    ENV_RULES,
    HARD_RULES,
    LOCAL_OK,
    LOCAL_RULE,
    MODIFIERS,
    RESOURCE_BY_PLURAL,
    RESOURCES,
    SPECIALS,
    UNKNOWN_RULES,
    ActionRule,
    Check,
    Criticality,
    EnvRule,
    Grammar,
    HardRule,
    ModifierRule,
    ResourceRule,
    SpecialRule,
)


__all__ = [
    "ACTIONS",
    "ACTION_BY_PATH",
    "COBRA_ACTIONS",
    "CRITICALITY_WEIGHT",
    "DRY_RUN_RULE",
    "EFFECT_ORDER",
    "ENV_RULES",
    "HARD_RULES",
    "LOCAL_OK",
    "LOCAL_RULE",
    "MODIFIERS",
    "RESOURCES",
    "RESOURCE_BY_PLURAL",
    "SPECIALS",
    "UNKNOWN_RULES",
    "ActionRule",
    "Check",
    "Criticality",
    "EnvRule",
    "Grammar",
    "HardRule",
    "ModifierRule",
    "ResourceRule",
    "SpecialRule",
]
