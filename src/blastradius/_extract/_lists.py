"""
Command lists: one command per line, as plain text (blank and ``#`` lines
skipped) or as JSON Lines (each line a JSON string, an argv list, or an
object with a ``command`` or ``cmd`` member holding either).
"""

from __future__ import annotations

import json

from collections.abc import Iterator

from blastradius._extract._common import ExtractError, Snippet


__all__ = ["commands", "jsonl"]


def commands(text: str) -> Iterator[Snippet]:
    """
    The commands of a plain list.

    >>> [(s.line, s.command) for s in commands("# ops\\nls\\n\\nrm -rf /\\n")]
    [(2, 'ls'), (4, 'rm -rf /')]
    """
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            yield Snippet(line=number, command=stripped)


def _command(value: object) -> str | list[str] | None:
    if isinstance(value, dict):
        value = value.get("command", value.get("cmd"))
    if isinstance(value, str):
        return value
    if (
        isinstance(value, list)
        and value
        and all(isinstance(w, str) for w in value)
    ):
        return value
    return None


def jsonl(text: str) -> Iterator[Snippet]:
    """
    The commands of a JSON Lines list; a line holding no command (another
    kind of record) is skipped.

    Raises:
        ExtractError: A line is not JSON.

    >>> data = '"ls"\\n["rm", "-rf", "/"]\\n{"cmd": "id"}\\n{"n": 1}\\n'
    >>> [(s.line, s.command) for s in jsonl(data)]
    [(1, 'ls'), (2, ('rm', '-rf', '/')), (3, 'id')]
    """
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except ValueError as e:
            msg = f"not a JSON value: {e}"
            raise ExtractError(msg, line=number) from None
        command = _command(value)
        if command is not None:
            yield Snippet(line=number, command=command)
