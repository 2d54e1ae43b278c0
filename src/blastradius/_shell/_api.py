"""
PLACEHOLDER shell layer (shlex-based), to be replaced by the real lexer.
"""

from __future__ import annotations

import shlex

from collections.abc import Sequence

import attrs

from blastradius._model import SimpleCommand


__all__ = ["Parsed", "from_argv", "parse"]


@attrs.frozen
class Parsed:
    """
    The simple commands found in some input, and what went wrong.

    *errors* names what the lexer could not finish (``"unterminated
    quote"``, ``"depth limit"``, …); when it is not empty the input is not
    fully understood and the scorer floors the result at ``HUMAN``.
    """

    commands: tuple[SimpleCommand, ...] = attrs.field(converter=tuple)
    errors: tuple[str, ...] = attrs.field(converter=tuple, default=())


def parse(text: str, *, via: tuple[str, ...] = ()) -> Parsed:
    """
    Parse *text* as bash would and return its simple commands.
    """
    commands = []
    errors: list[str] = []
    for part in text.replace("\n", ";").split(";"):
        try:
            argv = shlex.split(part)
        except ValueError:
            errors.append("unterminated quote")
            argv = part.split()
        if argv:
            commands.append(SimpleCommand(argv=argv, via=via))
    return Parsed(commands, errors)


def from_argv(argv: Sequence[str], *, via: tuple[str, ...] = ()) -> Parsed:
    """
    Take *argv* word for word (no shell parsing) and unwrap wrappers.
    """
    return Parsed((SimpleCommand(argv=argv, via=via),))
