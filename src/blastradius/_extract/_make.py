"""
Makefile recipes: the tab-indented lines after a rule (and the command
after ``target: prerequisites ;``), with their ``@`` / ``-`` / ``+``
prefixes removed and backslash-continued lines joined, as make hands them
to the shell. ``$$`` is a ``$``; any other make reference (``$(RM)``,
``${DIR}``, ``$@``) is only known when make runs, so it stands for a word
only known at run time. ``define`` … ``endef`` bodies are skipped.
"""

from __future__ import annotations

import re

from collections.abc import Iterator

from blastradius._extract._common import Snippet


__all__ = ["makefile"]

_RULE = re.compile(r"^(?!\s)[^#=:]*[^#=:\s][^#=]*?::?(?![=])(.*)$")
_ASSIGN = re.compile(r"^(?:override\s+|export\s+)?[^\s:#=]+\s*(?:[:?+!]|::)?=")
_DIRECTIVES = (
    "ifeq",
    "ifneq",
    "ifdef",
    "ifndef",
    "else",
    "endif",
    "include",
    "-include",
    "sinclude",
    "export",
    "unexport",
    "vpath",
    "override",
)
_REFERENCE = re.compile(r"\$(?:\$|\([^()]*\)|\{[^{}]*\}|.)")
_DYNAMIC = "$BLASTRADIUS_MAKE"


def _expand(text: str) -> str:
    return _REFERENCE.sub(lambda m: "$" if m[0] == "$$" else _DYNAMIC, text)


def _recipe(line: str) -> str:
    """A recipe's first line without its tab and ``@-+`` prefixes."""
    return _expand(line.removeprefix("\t").lstrip(" @+-\t"))


def _continued(line: str) -> str:
    """A continuation line without its recipe tab."""
    return _expand(line.removeprefix("\t"))


def _continues(line: str) -> bool:
    return (len(line) - len(line.rstrip("\\"))) % 2 == 1


def makefile(text: str) -> Iterator[Snippet]:
    """
    The recipe commands of a Makefile.

    >>> mk = "clean:\\n\\t-rm -rf $(BUILD)\\nall: ; @echo $$HOME\\n"
    >>> [(s.line, s.command) for s in makefile(mk)]
    [(2, 'rm -rf $BLASTRADIUS_MAKE'), (3, 'echo $HOME')]
    """
    lines = [x.removesuffix("\r") for x in text.split("\n")]
    in_rule = False
    in_define = False
    i = 0
    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        start = i
        i += 1
        if in_define:
            in_define = stripped != "endef"
            continue
        if line.startswith("\t") and in_rule:
            parts = [_recipe(line)]
            while _continues(lines[i - 1]) and i < len(lines):
                parts.append(_continued(lines[i]))
                i += 1
            command = "\n".join(parts)
            if command.strip() and not command.lstrip().startswith("#"):
                yield Snippet(line=start + 1, end_line=i, command=command)
            continue
        if not stripped or stripped.startswith("#"):
            continue
        word = stripped.split(None, 1)[0]
        if word == "define" or stripped.startswith("define "):
            in_define, in_rule = True, False
        elif word in _DIRECTIVES and not _RULE.match(line):
            continue
        elif _ASSIGN.match(stripped):
            in_rule = False
        elif (m := _RULE.match(line)) is not None:
            in_rule = True
            inline = m[1].partition(";")
            if inline[1] and inline[2].strip():
                yield Snippet(line=start + 1, command=_recipe(inline[2]))
        else:
            in_rule = False
