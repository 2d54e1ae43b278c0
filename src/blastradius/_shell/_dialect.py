"""
The shell dialect a text is read in, as data.

bash and POSIX ``sh`` (dash, what ``subprocess(shell=True)`` and
``os.system`` run) read some texts differently: ``((…))`` is arithmetic
in bash and two nested subshells in dash; ``$'…'`` is an ANSI-C string in
bash and a ``$`` before a quoted string in dash. The reader takes a
`Dialect` and consults it where the readings part; the scorer reads bash
(`BASH`). A construct the record does not name yet is read as bash reads
it.
"""

from __future__ import annotations

from blastradius._record import Record
from blastradius._shell._tokens import TOKENS


__all__ = ["BASH", "SH", "Dialect", "differ"]


class Dialect(Record):
    """
    What one shell's grammar has, where bash and ``sh`` differ.

    Attributes:
        name: The shell (``"bash"``, ``"sh"``).
        arithmetic_commands: ``(( … ))`` is an arithmetic command (else
            two nested subshells).
        ansi_c_quotes: ``$'…'`` and ``$"…"`` are quotes (else a literal
            ``$`` before a quoted string).
    """

    __slots__ = _fields = ("name", "arithmetic_commands", "ansi_c_quotes")

    name: str
    arithmetic_commands: bool
    ansi_c_quotes: bool

    def __init__(
        self,
        *,
        name: str,
        arithmetic_commands: bool = True,
        ansi_c_quotes: bool = True,
    ) -> None:
        set_name, set_arithmetic_commands, set_ansi_c_quotes = self._setters
        set_name(self, str(name))
        set_arithmetic_commands(self, bool(arithmetic_commands))
        set_ansi_c_quotes(self, bool(ansi_c_quotes))


BASH = Dialect(name="bash")
"""bash: the reading every text gets."""

SH = Dialect(name="sh", arithmetic_commands=False, ansi_c_quotes=False)
"""POSIX ``sh`` as dash reads it."""


def differ(text: str) -> bool:
    """
    Whether *text* holds a construct bash and POSIX ``sh`` read
    differently (`TOKENS.dialects_differ`: ``((`` not after ``$``,
    ``$'``, ``$"``); the substrings are looked for first, so that most
    texts need no regex.

    >>> differ("echo $((1))"), differ("((x))"), differ("echo $'a'")
    (False, True, True)
    """
    if "((" not in text and "$'" not in text and '$"' not in text:
        return False
    return TOKENS.dialects_differ.search(text) is not None
