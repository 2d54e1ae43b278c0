"""
A shell text → its commands, each at its own line.

A line is a command of its own unless it continues (a trailing backslash)
or leaves something open that only a later line closes (a quote, a here
document, ``$(``, a ``case``): then the lines up to the closing one are one
command, reported at its first line. Blank and comment lines are skipped.
Each command is scored alone, so a variable set on an earlier line is
unknown on a later one (unknown never scores below ``HUMAN``).
"""

from __future__ import annotations

from collections.abc import Iterator

from blastradius._extract._common import Snippet
from blastradius._shell import parse


__all__ = ["split_shell"]

_MAX_LINES = 500
"""The most lines one command may span before it is cut (and scored as
it stands: an unterminated command never scores below ``HUMAN``)."""


def _continues(line: str) -> bool:
    body = line.rstrip("\r")
    return (len(body) - len(body.rstrip("\\"))) % 2 == 1


def _open(text: str) -> bool:
    return any(e.startswith("unterminated") for e in parse(text).errors)


def split_shell(text: str, first_line: int = 1) -> Iterator[Snippet]:
    """
    The commands of shell *text* whose first line is line *first_line*
    of its file.

    >>> [(s.line, s.command) for s in split_shell("ls\\n\\necho 'a\\nb'\\n")]
    [(1, 'ls'), (3, "echo 'a\\nb'")]
    """
    lines = [line.removesuffix("\r") for line in text.split("\n")]
    i = 0
    while i < len(lines):
        stripped = lines[i].strip()
        if not stripped or stripped.startswith("#"):
            i += 1
            continue
        start = i
        while (
            i + 1 < len(lines)
            and i - start + 1 < _MAX_LINES
            and (
                _continues(lines[i]) or _open("\n".join(lines[start : i + 1]))
            )
        ):
            i += 1
        yield Snippet(
            line=first_line + start,
            end_line=first_line + i,
            command="\n".join(lines[start : i + 1]),
        )
        i += 1
