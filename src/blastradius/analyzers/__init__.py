"""
Analyzers: what reads one command, registered by program name (the
built-in ones, one package per program family, live in
``blastradius.families``).

An analyzer is any callable ``(command, context) -> Iterable[Output]``. It
reads one `SimpleCommand` and returns findings carrying their rule's *base*
score; it never weighs or combines scores (the scorer does) and never calls
back into the engine: a command that the analysed one runs (``trap 'rm -rf
/tmp/x' EXIT``, ``python -c "os.system('…')"``) is returned as a `Nested`
record among the findings, for the scorer to analyse. The default
registry is a read-only mapping over the family modules (each imported on
first lookup; ``blastradius.families`` maps each name to its family); a host
adds its own analyzers through ``Policy(analyzers=...)`` or by passing
``registry=`` to `blastradius.score`.
"""

from __future__ import annotations

import importlib
import sys

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Protocol, Union

from blastradius import families
from blastradius._model import Finding, SimpleCommand


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


class _Registry(Mapping[str, "Analyzer"]):
    """
    The built-in registry: read-only, and lazy — a family's module is
    imported the first time one of its programs is looked up, so that
    ``import blastradius`` stays small.

    Two static tables say where a program's analyzer lives: *programs*
    (program name → family) and *modules* (family → the module whose
    ``ANALYZERS`` holds the family's analyzers). The registry keeps no
    state of its own: a family module already imported is read from
    `sys.modules`; one without its ``ANALYZERS`` yet (not imported, or
    being imported by another thread) goes through
    `importlib.import_module`, which waits for it. Family modules bind
    ``ANALYZERS`` last and never look the registry up while they import.
    """

    __slots__ = ("_modules", "_programs")

    def __init__(
        self, programs: Mapping[str, str], modules: Mapping[str, str]
    ) -> None:
        self._programs = programs
        self._modules = modules

    def _find(self, name: str, family: str) -> Analyzer:
        path = self._modules[family]
        table: Mapping[str, Analyzer] | None = getattr(
            sys.modules.get(path), "ANALYZERS", None
        )
        if table is None:
            table = importlib.import_module(path).ANALYZERS
        return table[name]

    def __getitem__(self, name: str) -> Analyzer:
        return self._find(name, self._programs[name])

    def get(  # type: ignore[override]
        self, name: str, default: Analyzer | None = None
    ) -> Analyzer | None:
        family = self._programs.get(name)
        if family is None:
            return default
        # `_find` written out: this is the scorer's lookup, once per command.
        path = self._modules[family]
        table: Mapping[str, Analyzer] | None = getattr(
            sys.modules.get(path), "ANALYZERS", None
        )
        if table is None:
            table = importlib.import_module(path).ANALYZERS
        return table[name]

    def __contains__(self, name: object) -> bool:
        return name in self._programs

    def __iter__(self) -> Iterator[str]:
        return iter(self._programs)

    def __len__(self) -> int:
        return len(self._programs)

    def __repr__(self) -> str:
        return f"<analyzer registry of {len(self)} programs>"


DEFAULT_REGISTRY: Mapping[str, Analyzer] = _Registry(
    families.PROGRAMS, families.MODULES
)
"""
Every built-in analyzer by program name (read-only; each family module is
imported on first lookup).
"""

_DIGITS = "0123456789"


def _without_version(program: str) -> str:
    """
    *program* without a version suffix: the last run of digits and dots
    from its first digit on (``python3.12`` → ``python``, ``v8.`` → ``v``;
    ``python.`` keeps its dot). Plain string methods rather than a
    pattern compiled at import: every `blastradius.score` imports this
    module, and few programs have a suffix.

    >>> [_without_version(p) for p in ("python3.12", "pip", "v8.", "7z")]
    ['python', 'pip', 'v', '7z']
    """
    suffix = program[len(program.rstrip(_DIGITS + ".")) :].lstrip(".")
    return program[: len(program) - len(suffix)]


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
    bare = _without_version(program)
    if bare and bare != program:
        found = registry.get(bare)
        if found is not None:
            return found
    head = program.split(".", 1)[0]
    if head and head != program:
        return registry.get(head)
    return None
