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

_MAX_LINES = 10_000
"""The most lines one command may span before it is cut (and scored as
it stands: an unterminated command never scores below ``HUMAN``)."""

_MAX_READ = 1_000_000
"""The most characters one command's lines may be read again for (while a
construct stays open on lines that might close it) before it is cut."""


_CLOSERS = {
    "unterminated '": ("'",),
    "unterminated $'": ("'",),
    'unterminated "': ('"',),
    "unterminated `": ("`",),
    "unterminated ( or $(": (")",),
    "unterminated ((": (")",),
    "unterminated array": (")",),
    "unterminated ${": ("}",),
    "unterminated [[": ("]]",),
    "unterminated case": ("esac",),
    "unterminated case pattern": (")", "esac"),
}
"""What a line must hold to close each open construct (a here document
closes on its delimiter); a construct not in this table may close on any
line."""


def _continues(line: str) -> bool:
    return (len(line) - len(line.rstrip("\\"))) % 2 == 1


def _closers(text: str) -> tuple[str, ...] | None:
    """
    What a later line must hold to close what *text* leaves open; `None`
    when nothing is open.
    """
    needles: list[str] = []
    for error in parse(text).errors:
        heredoc = error.removeprefix("unterminated heredoc <<")
        if heredoc != error:
            needles.append(heredoc)
        elif error.startswith("unterminated"):
            needles.extend(_CLOSERS.get(error, ("",)))
    return tuple(needles) if needles else None


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
        needles: tuple[str, ...] | None = ()  # (): read the lines again
        spent = 0
        while (
            i + 1 < len(lines)
            and i - start + 1 < _MAX_LINES
            and spent < _MAX_READ
        ):
            if _continues(lines[i]):
                needles = ()
            elif not needles or any(n in lines[i] for n in needles):
                # only a line holding what closes an open construct can
                # close it: the others are not read again
                chunk = "\n".join(lines[start : i + 1])
                spent += len(chunk)
                needles = _closers(chunk)
                if needles is None:
                    break
            i += 1
        yield Snippet(
            line=first_line + start,
            end_line=first_line + i,
            command="\n".join(lines[start : i + 1]),
        )
        i += 1
