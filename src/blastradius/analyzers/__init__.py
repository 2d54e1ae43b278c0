"""
Analyzers: one module per program family, registered by program name.

An analyzer is any callable ``(command, context) -> Iterable[Output]``. It
reads one `SimpleCommand` and returns findings carrying their rule's *base*
score; it never weighs or combines scores (the scorer does) and never calls
back into the engine: a command that the analysed one runs (``trap 'rm -rf
/tmp/x' EXIT``, ``python -c "os.system('…')"``) is returned as a `Nested`
record among the findings, for the scorer to analyse. The default
registry is a read-only mapping over the family modules (each imported on
first lookup; ``_table`` lists which family registers which name); a host
adds its own analyzers through ``Policy(analyzers=...)`` or by passing
``registry=`` to `blastradius.score`.
"""

from __future__ import annotations

import importlib
import re
import sys

from collections.abc import Callable, Iterable, Iterator, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Protocol, Union

from blastradius._model import Finding, SimpleCommand
from blastradius.analyzers import _table


if TYPE_CHECKING:
    from blastradius._handoff import Nested, Target
    from blastradius._policy import Policy


__all__ = [
    "DEFAULT_REGISTRY",
    "FUNCTIONS",
    "JUDGMENT",
    "REDIRECTS",
    "Analyzer",
    "Context",
    "Nested",
    "Output",
    "lookup",
]


def __getattr__(name: str) -> object:
    # `Nested` lives in a module of its own, imported only when asked for:
    # ``score("kubectl get pods")`` never needs it.
    if name == "Nested":
        from blastradius._handoff import Nested

        return Nested
    msg = f"module {__name__!r} has no attribute {name!r}"
    raise AttributeError(msg)


class Context(Protocol):
    """
    What an analyzer may ask of the engine while it analyses one command.

    .. deprecated:: 0.2
       `script` and `argv` analyse a nested command by calling back into
       the engine. Return ``Nested(script=text, via=...)`` or
       ``Nested(argv=words, via=..., dynamic=...)`` among the findings
       instead (same result); both methods keep working for this release.
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
        findings are returned for information. Deprecated: return
        ``Nested(script=text, via=via)`` instead.
        """
        ...

    def argv(
        self, argv: Iterable[str], *, via: str, dynamic: bool = False
    ) -> tuple[Finding, ...]:
        """
        Analyse *argv* as a command run without a shell by the current one.
        Deprecated: return ``Nested(argv=argv, via=via, dynamic=dynamic)``
        instead.
        """
        ...


Output = Union[Finding, "Nested", "Target"]
"""
What an analyzer returns: `Finding` rows, and `Nested` commands for the
scorer to analyse (``Target`` records are the built-in tool tables' own).
"""

Analyzer = Callable[[SimpleCommand, Context], Iterable[Output]]
"""The type of an analyzer."""

REDIRECTS = ":redirects"
"""
Registry key of the analyzer run on *every* command that has redirections
(``echo x > /dev/sda``), whatever its program.
"""

FUNCTIONS = ":functions"
"""
Registry key of the analyzer run on every command fed by a pipe inside the
body of a shell function (its ``via`` is not empty), whatever its program:
a function may have any name (``bomb(){ bomb|bomb& };bomb``).
"""

JUDGMENT = ":judgment"
"""
Registry key of the analyzer run on *every* command after its program's
own analyzer: disclosure, exfiltration and permission widening
(`blastradius.analyzers.disclosure`). It only adds findings.
"""


_PACKAGE = __name__


class _Registry(Mapping[str, "Analyzer"]):
    """
    The built-in registry: read-only, and lazy — a family module is imported
    the first time one of its programs is looked up, so that ``import
    blastradius`` stays small. Its only state is the interpreter's own
    module table (``sys.modules``).
    """

    __slots__ = ("_family_of",)

    def __init__(self, family_of: Iterable[tuple[str, str]]) -> None:
        self._family_of: Mapping[str, str] = MappingProxyType(
            {name: f"{_PACKAGE}.{family}" for name, family in family_of}
        )

    def __getitem__(self, name: str) -> Analyzer:
        module = self._family_of[name]
        found = sys.modules.get(module)
        if found is None or getattr(
            getattr(found, "__spec__", None), "_initializing", False
        ):
            found = importlib.import_module(module)
        analyzers: Mapping[str, Analyzer] = found.ANALYZERS
        return analyzers[name]

    def get(  # type: ignore[override]
        self, name: str, default: Analyzer | None = None
    ) -> Analyzer | None:
        module = self._family_of.get(name)
        if module is None:
            return default
        found = sys.modules.get(module)
        if found is None or getattr(
            getattr(found, "__spec__", None), "_initializing", False
        ):
            found = importlib.import_module(module)
        analyzers: Mapping[str, Analyzer] = found.ANALYZERS
        return analyzers[name]

    def __contains__(self, name: object) -> bool:
        return name in self._family_of

    def __iter__(self) -> Iterator[str]:
        return iter(self._family_of)

    def __len__(self) -> int:
        return len(self._family_of)

    def __repr__(self) -> str:
        return f"<analyzer registry of {len(self)} programs>"


DEFAULT_REGISTRY: Mapping[str, Analyzer] = _Registry(_table.FAMILY_OF)
"""
Every built-in analyzer by program name (read-only; each family module is
imported on first lookup).
"""

_VERSION_SUFFIX = re.compile(r"[0-9][0-9.]*$")


def lookup(registry: Mapping[str, Analyzer], program: str) -> Analyzer | None:
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
