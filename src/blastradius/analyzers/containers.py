"""
Analyzer family: docker, podman and nerdctl (and ``docker-compose``):
prunes, volume and container removal, container escapes (``--privileged``,
a host root mount, ``--pid=host``); ``ps``, ``images``, ``inspect`` and
``logs`` read only.

``docker exec CONTAINER CMD`` is unwrapped by the shell layer (``CMD`` is
analysed as if it ran directly); the outer ``docker exec`` scores as an
indirect action here.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING

from blastradius.analyzers._cli import make_analyzer
from blastradius.rules._tools import CONTAINERS


if TYPE_CHECKING:
    from blastradius.analyzers import Analyzer


__all__ = ["ANALYZERS"]

_ANALYZER = make_analyzer(CONTAINERS)
_COMPOSE = make_analyzer(CONTAINERS, prefix=("compose",))

ANALYZERS: Mapping[str, Analyzer] = MappingProxyType(
    {
        "docker": _ANALYZER,
        "podman": _ANALYZER,
        "nerdctl": _ANALYZER,
        "docker-compose": _COMPOSE,
        "podman-compose": _COMPOSE,
    }
)
