"""
Analyzer family: docker, podman and nerdctl (and ``docker-compose``):
prunes, volume and container removal, container escapes (``--privileged``,
a host root mount, ``--pid=host``); ``ps``, ``images``, ``inspect`` and
``logs`` read only.

The shell layer unwraps the command a container runs: ``docker exec
CONTAINER CMD`` and ``docker run [OPTIONS] IMAGE CMD`` (``CMD`` is analysed
as if it ran directly, see ``blastradius._shell._wrappers``); the outer
``docker exec`` / ``docker run`` scores here as entering or starting a
container. For ``run`` and ``create``, only the words up to IMAGE are
docker's own: the words after it are the container's command, so a
``-v /`` or ``--privileged`` there is not an option of docker's.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING

import attrs

from blastradius._shell._unwrap import container_image
from blastradius.families._interpret import make_analyzer
from blastradius.families.containers.grammar import CONTAINERS


if TYPE_CHECKING:
    from blastradius._model import SimpleCommand
    from blastradius.analyzers import Analyzer, Context, Output


__all__ = ["ANALYZERS"]

_CLI = make_analyzer(CONTAINERS)
_COMPOSE = make_analyzer(CONTAINERS, prefix=("compose",))


def _analyzer(command: SimpleCommand, ctx: Context) -> list[Output]:
    """
    The table's findings on docker's own words: for ``run``/``create``,
    the words up to IMAGE.
    """
    image = container_image(command.argv)
    if 0 <= image < len(command.argv) - 1:
        command = attrs.evolve(
            command,
            argv=command.argv[: image + 1],
            dynamic=command.dynamic[: image + 1],
        )
    return list(_CLI(command, ctx))


ANALYZERS: Mapping[str, Analyzer] = MappingProxyType(
    {
        "docker": _analyzer,
        "podman": _analyzer,
        "nerdctl": _analyzer,
        "docker-compose": _COMPOSE,
        "podman-compose": _COMPOSE,
    }
)
