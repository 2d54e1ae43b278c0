"""
What unwrapping finds, as data: the records `blastradius._shell._unwrap`
returns and the reader takes.

`Env` is what a command inherits from the command line that runs it;
`Script` a text a wrapper runs as a script, for the reader to read;
`Unwrapped` what unwrapping one argv found, in order.
"""

from __future__ import annotations

from blastradius._model import Redirect, SimpleCommand
from blastradius._record import Record


__all__ = ["Env", "Script", "Unwrapped"]


class Env(Record):
    """
    What a wrapped command inherits from the command line that runs it.

    *ambiguous*: a wrapper's grammar was ambiguous further out (an unknown
    option before ``docker run``'s IMAGE): its readings are not multiplied
    again.
    """

    __slots__ = _fields = (
        "via",
        "assignments",
        "redirects",
        "stdin",
        "stdin_unknown",
        "stdin_from",
        "incomplete",
        "unknown_args",
        "ambiguous",
    )

    via: tuple[str, ...]
    assignments: tuple[tuple[str, str], ...]
    redirects: tuple[Redirect, ...]
    stdin: str | None
    stdin_unknown: bool
    stdin_from: str | None
    incomplete: bool
    unknown_args: bool
    ambiguous: bool

    def __init__(  # noqa: PLR0913 - one field each
        self,
        *,
        via: tuple[str, ...] = (),
        assignments: tuple[tuple[str, str], ...] = (),
        redirects: tuple[Redirect, ...] = (),
        stdin: str | None = None,
        stdin_unknown: bool = False,
        stdin_from: str | None = None,
        incomplete: bool = False,
        unknown_args: bool = False,
        ambiguous: bool = False,
    ) -> None:
        (
            set_via,
            set_assignments,
            set_redirects,
            set_stdin,
            set_stdin_unknown,
            set_stdin_from,
            set_incomplete,
            set_unknown_args,
            set_ambiguous,
        ) = self._setters
        set_via(self, tuple(via))
        set_assignments(self, tuple(assignments))
        set_redirects(self, tuple(redirects))
        set_stdin(self, stdin)
        set_stdin_unknown(self, stdin_unknown)
        set_stdin_from(self, stdin_from)
        set_incomplete(self, incomplete)
        set_unknown_args(self, unknown_args)
        set_ambiguous(self, ambiguous)


class Script(Record):
    """
    A text a wrapper runs as a script (``bash -c TEXT``, ``eval``, ``ssh
    HOST CMD…``), for the reader to read with *env* (its via already
    extended).

    *script_stdin*: the text came from a standard input, so the script's
    own commands read nothing more from it. Words holding *mark* (an
    ``xargs -I`` placeholder) are dynamic.
    """

    __slots__ = _fields = ("text", "env", "script_stdin", "mark")

    text: str
    env: Env
    script_stdin: bool
    mark: str

    def __init__(
        self,
        *,
        text: str,
        env: Env,
        script_stdin: bool = False,
        mark: str = "",
    ) -> None:
        if not isinstance(env, Env):
            msg = f"Script env must be an Env, not {env!r}"
            raise TypeError(msg)
        set_text, set_env, set_script_stdin, set_mark = self._setters
        set_text(self, str(text))
        set_env(self, env)
        set_script_stdin(self, script_stdin)
        set_mark(self, mark)


class Unwrapped(Record):
    """
    What unwrapping one argv found, in order: the simple commands that
    run and the scripts to read (the reader reads each `Script` where it
    stands); *last* is the innermost command, `None` when the innermost
    part is a script; *errors* what went wrong.
    """

    __slots__ = _fields = ("found", "last", "errors")

    found: tuple[SimpleCommand | Script, ...]
    last: SimpleCommand | None
    errors: tuple[str, ...]

    def __init__(
        self,
        *,
        found: tuple[SimpleCommand | Script, ...],
        last: SimpleCommand | None = None,
        errors: tuple[str, ...] = (),
    ) -> None:
        set_found, set_last, set_errors = self._setters
        set_found(self, tuple(found))
        set_last(self, last)
        set_errors(self, tuple(errors))
