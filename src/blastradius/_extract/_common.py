"""
The record the extractors return, and their error.
"""

from __future__ import annotations

import shlex

from collections.abc import Iterable

import attrs


__all__ = ["ExtractError", "Snippet"]


def _command(value: str | Iterable[str]) -> str | tuple[str, ...]:
    if isinstance(value, str):
        return value
    words = tuple(value)
    if not all(isinstance(w, str) for w in words):
        msg = f"an argv holds strings only, got {words!r}"
        raise TypeError(msg)
    return words


def _positive(
    instance: object, attribute: attrs.Attribute[int], value: int
) -> None:
    del instance
    if value < 1:
        msg = f"{attribute.name} must be at least 1, got {value}"
        raise ValueError(msg)


@attrs.frozen(kw_only=True)
class Snippet:
    """
    One command found in a file: a shell text or an argv (``RUN ["rm",
    …]``, a JSONL list) and the lines it spans (1-based).

    >>> Snippet(line=3, command=["rm", "-rf", "a b"]).text
    "rm -rf 'a b'"
    """

    line: int = attrs.field(validator=_positive)
    end_line: int = attrs.field(validator=_positive)
    command: str | tuple[str, ...] = attrs.field(converter=_command)

    @end_line.default
    def _end_line(self) -> int:
        return self.line

    def __attrs_post_init__(self) -> None:
        if self.end_line < self.line:
            msg = f"end_line {self.end_line} is before line {self.line}"
            raise ValueError(msg)

    @property
    def text(self) -> str:
        """The command as one line of shell text, for people."""
        if isinstance(self.command, str):
            return self.command
        return shlex.join(self.command)


class ExtractError(ValueError):
    """
    A file is not valid in its format; *line* (1-based) says where.
    """

    def __init__(self, message: str, *, line: int = 1) -> None:
        super().__init__(message)
        self.line = line
