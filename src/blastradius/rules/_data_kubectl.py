"""
Re-export of the generated kubectl tables (moved to
`blastradius.families.kubectl._data`).
"""

from __future__ import annotations

from blastradius.families.kubectl._data import COMMANDS as COMMANDS
from blastradius.families.kubectl._data import TOP_LEVEL as TOP_LEVEL
from blastradius.families.kubectl._data import GLOBAL_FLAGS as GLOBAL_FLAGS
from blastradius.families.kubectl._data import FLAGS as FLAGS
from blastradius.families.kubectl._data import SHORT_FLAGS as SHORT_FLAGS
from blastradius.families.kubectl._data import (
    SHORT_OVERRIDES as SHORT_OVERRIDES,
)
from blastradius.families.kubectl._data import (
    VALUE_OVERRIDES as VALUE_OVERRIDES,
)
from blastradius.families.kubectl._data import RESOURCES as RESOURCES
from blastradius.families.kubectl._data import CATEGORIES as CATEGORIES
from blastradius.families.kubectl._data import (
    OPENSHIFT_RESOURCES as OPENSHIFT_RESOURCES,
)
from blastradius.families.kubectl._data import RESOURCE_IDS as RESOURCE_IDS


__all__ = [
    "CATEGORIES",
    "COMMANDS",
    "FLAGS",
    "GLOBAL_FLAGS",
    "OPENSHIFT_RESOURCES",
    "RESOURCES",
    "RESOURCE_IDS",
    "SHORT_FLAGS",
    "SHORT_OVERRIDES",
    "TOP_LEVEL",
    "VALUE_OVERRIDES",
]
