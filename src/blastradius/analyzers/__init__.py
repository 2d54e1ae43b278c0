"""
Analyzers: one module per program family, registered by program name.

An analyzer is any callable ``(command, context) -> Iterable[Finding]``. It
reads one `SimpleCommand` and yields findings carrying their rule's *base*
score; it never weighs or combines scores (the scorer does). The default
registry is a read-only mapping built once from the family modules; a host
adds its own analyzers through ``Policy(analyzers=...)`` or by passing
``registry=`` to `blastradius.score`.
"""

from __future__ import annotations

import re

from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Protocol

from blastradius._model import Finding, SimpleCommand


if TYPE_CHECKING:
    from blastradius._policy import Policy


__all__ = [
    "DEFAULT_REGISTRY",
    "REDIRECTS",
    "Analyzer",
    "Context",
    "lookup",
]


class Context(Protocol):
    """
    What an analyzer may ask of the engine while it analyses one command.
    """

    @property
    def policy(self) -> Policy:
        """
        The policy in force.
        """
        ...

    def script(self, text: str, *, via: str) -> tuple[Finding, ...]:
        """
        Analyse *text* as a shell script run by the current command (e.g.
        the string given to ``python -c "os.system('…')"``).

        The commands found are scored as part of the assessment; their
        findings are returned for information.
        """
        ...

    def argv(
        self, argv: Iterable[str], *, via: str, dynamic: bool = False
    ) -> tuple[Finding, ...]:
        """
        Analyse *argv* as a command run without a shell by the current one.
        """
        ...


Analyzer = Callable[[SimpleCommand, Context], Iterable[Finding]]
"""The type of an analyzer."""

REDIRECTS = ":redirects"
"""
Registry key of the analyzer run on *every* command that has redirections
(``echo x > /dev/sda``), whatever its program.
"""


def _build() -> Mapping[str, Analyzer]:
    from blastradius.analyzers import (
        cloud,
        containers,
        datastore,
        git,
        helm,
        http,
        interpreters,
        kubectl,
        shell,
        sql,
        terraform,
    )

    table: dict[str, Analyzer] = {}
    for module in (
        shell,
        kubectl,
        sql,
        datastore,
        helm,
        git,
        terraform,
        containers,
        cloud,
        http,
        interpreters,
    ):
        for name, analyzer in module.ANALYZERS.items():
            table.setdefault(name, analyzer)
    return MappingProxyType(table)


DEFAULT_REGISTRY: Mapping[str, Analyzer] = _build()
"""Every built-in analyzer by program name (read-only)."""

_VERSION_SUFFIX = re.compile(r"[0-9][0-9.]*$")


def lookup(
    registry: Mapping[str, Analyzer], program: str
) -> Analyzer | None:
    """
    Find *program*'s analyzer: its exact name, then the name without a
    version suffix (``python3.12`` → ``python``), then the part before the
    first dot (``mkfs.ext4`` → ``mkfs``).

    >>> lookup({"python": print}, "python3.12") is print
    True
    """
    found = registry.get(program)
    if found is not None:
        return found
    bare = _VERSION_SUFFIX.sub("", program)
    if bare and bare != program:
        found = registry.get(bare)
        if found is not None:
            return found
    head = program.split(".", 1)[0]
    if head and head != program:
        return registry.get(head)
    return None
