"""
The shell layer's entry points: `parse` and `from_argv`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache
from typing import TYPE_CHECKING

from blastradius._model import SimpleCommand
from blastradius._record import Record
from blastradius._shell._dialect import BASH, SH, Dialect, differ
from blastradius._shell._fast import one_command, reduced, stages_of
from blastradius._shell._unwrap import Env
from blastradius._shell._wrappers import WRAPPERS_BY_NAME, fold, passes


if TYPE_CHECKING:
    from blastradius._shell._expand import Expander
    from blastradius._shell._state import Shared, Stage

__all__ = ["Parsed", "from_argv", "parse", "read"]


class Parsed(Record):
    """
    The simple commands found in some input, and what went wrong.

    *errors* names what the lexer could not finish (``"unterminated
    quote"``, ``"depth limit"``, …); when it is not empty the input is not
    fully understood and the scorer floors the result at ``HUMAN``.
    """

    __slots__ = _fields = ("commands", "errors")

    commands: tuple[SimpleCommand, ...]
    errors: tuple[str, ...]

    def __init__(
        self,
        commands: Iterable[SimpleCommand],
        errors: Iterable[str] = (),
    ) -> None:
        set_commands, set_errors = self._setters
        set_commands(self, tuple(commands))
        set_errors(self, tuple(errors))


_TOP = Env()
_NOTHING = Parsed(())


@cache
def _reader() -> tuple[type[Expander], type[Shared], type[Stage]]:
    """
    The full reader, imported the first time a text needs it: a plain
    command (the fast path) never loads it, and a text that does pays
    for the import statements once, not on every call.
    """
    from blastradius._shell._expand import Expander
    from blastradius._shell._state import Shared, Stage

    return Expander, Shared, Stage


def parse(text: str, *, via: tuple[str, ...] = ()) -> Parsed:
    """
    Parse *text* as bash would and return its simple commands.

    Every command bash could run is returned, wrappers unwrapped, with
    what is unknown about it marked; where POSIX ``sh`` reads the text
    otherwise, what ``sh`` would run is returned too (`read`). Never
    raises; runs in time linear in the length of *text*.

    >>> [c.argv for c in parse("k'ube'ctl delete ns prod").commands]
    [('kubectl', 'delete', 'ns', 'prod')]
    >>> [(c.argv, c.via) for c in parse("sudo bash -c 'rm -rf /'").commands]
    [(('rm', '-rf', '/'), ('sudo', 'bash -c'))]
    """
    # the one fast path: one pipeline of plain and simply quoted words is
    # read at once (a command that runs no script is the whole result,
    # else the walker takes its stages); a script of plain pipelines is
    # read without its repeats
    stages = stages_of(text)
    if stages is None:
        return read(reduced(text) or text, via=via)
    if len(stages) == 1:
        commands = one_command(stages[0], via)
        if commands is not None:
            return Parsed(commands)
    parser, shared_state, stage = _reader()
    shared = shared_state(len(text))
    env = _TOP if not via else Env(via=tuple(via))
    nodes = [
        stage(
            words=tuple(words),
            dyn=tuple(dyn),
            assigns=(),
            redirects=(),
            stdin=None,
            stdin_unknown=False,
            incomplete=False,
            kind="",
        )
        for words, dyn in stages
    ]
    parser(text, env, shared).run(nodes)
    return Parsed(shared.commands, shared.errors)


def read(
    text: str, *, via: tuple[str, ...] = (), dialect: Dialect | None = None
) -> Parsed:
    """
    Parse *text* with the full reader, no fast path: what `parse` returns
    for every text (the contract of its fast path).

    With no *dialect*, the text is read as bash reads it and, when it holds
    a construct POSIX ``sh`` (dash) reads otherwise (``((…))``, ``$'…'``,
    ``$"…"``), as ``sh`` reads it too: the commands and errors of both
    readings are returned, so the worse reading counts. With a *dialect*,
    that reading only.

    >>> read("ls -l") == parse("ls -l")
    True
    >>> [c.argv for c in read("((rm -rf /))").commands]
    [('rm', '-rf', '/')]
    """
    if dialect is not None:
        return _read(text, via, dialect)
    bash = _read(text, via, BASH)
    if not differ(text):
        return bash
    sh = _read(text, via, SH)
    return Parsed(
        dict.fromkeys((*bash.commands, *sh.commands)),
        dict.fromkeys((*bash.errors, *sh.errors)),
    )


def _read(text: str, via: tuple[str, ...], dialect: Dialect) -> Parsed:
    """One reading of *text*, in *dialect*."""
    parser, shared_state, _ = _reader()
    shared = shared_state(len(text), dialect)
    env = _TOP if not via else Env(via=tuple(via))
    parser(text, env, shared).run()
    return Parsed(shared.commands, shared.errors)


def from_argv(argv: Sequence[str], *, via: tuple[str, ...] = ()) -> Parsed:
    """
    Take *argv* word for word (no shell parsing) and unwrap wrappers.

    A shell's ``-c`` string inside it is still parsed as a script.

    >>> [c.argv for c in from_argv(["sudo", "rm", "-rf", "/"]).commands]
    [('rm', '-rf', '/')]
    """
    words = [str(w) for w in argv]
    if not words:
        return Parsed((SimpleCommand(argv=(), via=via),))
    row = WRAPPERS_BY_NAME.get(fold(words[0]))
    if row is None or passes(row, words):
        # not a wrapper: the argv is the command (the common case)
        command = SimpleCommand(
            argv=words, dynamic=(False,) * len(words), via=via
        )
        return Parsed((command,))
    from blastradius._shell._expand import Expander as Parser
    from blastradius._shell._state import MAX_COMMANDS, Shared, TooMany
    from blastradius._shell._syntax import MAX_DEPTH, TooDeep

    shared = Shared(sum(map(len, words)))
    reader = Parser("", Env(via=tuple(via)), shared)
    try:
        reader.unwrap(words, [False] * len(words), reader.env)
    except TooDeep:
        reader.error(f"nested deeper than {MAX_DEPTH}")
        shared.commands[
            SimpleCommand(argv=words, via=tuple(via), incomplete=True)
        ] = None
    except TooMany:
        reader.error(f"more than {MAX_COMMANDS} simple commands")
    return Parsed(shared.commands, shared.errors)
