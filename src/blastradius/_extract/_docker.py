"""
Dockerfile ``RUN`` instructions: shell form (continued lines joined as the
builder joins them), exec form (``RUN ["rm", "-rf", "/x"]``, an argv) and
BuildKit here documents (``RUN <<EOF`` … ``EOF``, each line of the script
at its own line). The ``# escape=`` directive and ``ONBUILD RUN`` are
honoured; after a ``SHELL`` that is no POSIX shell, shell-form ``RUN`` is
skipped.
"""

from __future__ import annotations

import json
import re

from collections.abc import Iterator

from blastradius._extract._common import Snippet
from blastradius._extract._shell import split_shell


__all__ = ["dockerfile"]

_DIRECTIVE = re.compile(r"#\s*([A-Za-z][A-Za-z0-9_-]*)\s*=\s*(\S*)\s*$")
_FLAG = re.compile(r"--[a-z][a-z-]*(?:=\S*)?\s+")
_HEREDOC = re.compile(r"<<(-?)([\"']?)([A-Za-z_][A-Za-z0-9_]*)\2")
_POSIX = frozenset({"sh", "bash", "dash", "ash"})


def _argv(text: str) -> list[str] | None:
    """The exec form's argv, or `None` for the shell form."""
    if not text.startswith("["):
        return None
    try:
        value = json.loads(text)
    except ValueError:
        return None
    if isinstance(value, list) and all(isinstance(w, str) for w in value):
        return value
    return None


class _Lines:
    def __init__(self, text: str) -> None:
        self.lines = [x.removesuffix("\r") for x in text.split("\n")]
        self.i = 0
        self.escape = "\\"

    def directives(self) -> None:
        while self.i < len(self.lines):
            m = _DIRECTIVE.match(self.lines[self.i])
            if m is None:
                return
            if m[1].lower() == "escape" and m[2] in {"\\", "`"}:
                self.escape = m[2]
            self.i += 1

    def instruction(self) -> tuple[int, str]:
        """The 0-based first line and text of the next instruction."""
        start = self.i
        body = self.lines[self.i]
        while body.rstrip().endswith(self.escape) and self.i + 1 < len(
            self.lines
        ):
            body = body.rstrip()[:-1]
            self.i += 1
            while self.i + 1 < len(self.lines) and (
                not self.lines[self.i].strip()
                or self.lines[self.i].lstrip().startswith("#")
            ):
                self.i += 1
            body += self.lines[self.i]
        self.i += 1
        return start, body

    def heredoc(self, word: str, *, tabs: bool) -> tuple[int, list[str]]:
        """The 0-based first line and lines of a here document's body."""
        start = self.i
        body: list[str] = []
        while self.i < len(self.lines):
            line = self.lines[self.i]
            self.i += 1
            if (line.lstrip("\t") if tabs else line) == word:
                break
            body.append(line)
        return start, body


def _run(doc: _Lines, start: int, rest: str) -> Iterator[Snippet]:
    while (m := _FLAG.match(rest)) is not None:
        rest = rest[m.end() :]
    heredocs = list(_HEREDOC.finditer(rest))
    if not heredocs:
        yield Snippet(line=start + 1, end_line=doc.i, command=rest)
        return
    parts = [rest]
    first_body = doc.i
    bodies: list[list[str]] = []
    for m in heredocs:
        _, body = doc.heredoc(m[3], tabs=m[1] == "-")
        bodies.append(body)
        parts.extend([*body, m[3]])
    if rest.strip() == heredocs[0][0] and len(heredocs) == 1:
        # RUN <<EOF: the body is the script the shell runs
        yield from split_shell("\n".join(bodies[0]), first_line=first_body + 1)
        return
    yield Snippet(line=start + 1, end_line=doc.i, command="\n".join(parts))


def dockerfile(text: str) -> Iterator[Snippet]:
    """
    The commands of the ``RUN`` instructions of a Dockerfile.

    >>> df = 'FROM alpine\\nRUN apk add x && \\\\\\n    rm -rf /\\n'
    >>> df += 'RUN ["ls", "/"]\\n'
    >>> [(s.line, s.end_line, s.command) for s in dockerfile(df)]
    [(2, 3, 'apk add x &&     rm -rf /'), (4, 4, ('ls', '/'))]
    """
    doc = _Lines(text)
    doc.directives()
    posix = True
    while doc.i < len(doc.lines):
        stripped = doc.lines[doc.i].strip()
        if not stripped or stripped.startswith("#"):
            doc.i += 1
            continue
        start, body = doc.instruction()
        word, _, rest = body.strip().partition(" ")
        if word.upper() == "ONBUILD":
            word, _, rest = rest.strip().partition(" ")
        word, rest = word.upper(), rest.strip()
        argv = _argv(rest)
        if word == "SHELL" and argv:
            posix = argv[0].rsplit("/", 1)[-1] in _POSIX
        elif word == "RUN" and argv is not None:
            yield Snippet(line=start + 1, end_line=doc.i, command=argv)
        elif word == "RUN" and posix:
            yield from _run(doc, start, rest)
