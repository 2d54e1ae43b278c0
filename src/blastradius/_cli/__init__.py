"""
The ``blastradius`` command line: a small dispatcher over one module per
subcommand (stdlib `argparse` in each), imported only when its word is used.

Reading standard input, policy files and repositories happens in these
modules, outside the pure core; the core only ever sees strings and
`Policy` objects. ``blastradius --version`` imports nothing of the engine.
"""

from __future__ import annotations

import importlib
import os
import sys

from collections.abc import Sequence
from typing import Final

from blastradius._cli._common import (
    EXIT_AUTO,
    EXIT_BLOCKED,
    EXIT_DUAL,
    EXIT_FOUND,
    EXIT_HUMAN,
    EXIT_PIPE,
    EXIT_POLICY,
    EXIT_USAGE,
    fail,
    package_version,
    visible,
    write,
)


__all__ = [
    "COMMANDS",
    "EXIT_AUTO",
    "EXIT_BLOCKED",
    "EXIT_DUAL",
    "EXIT_FOUND",
    "EXIT_HUMAN",
    "EXIT_PIPE",
    "EXIT_POLICY",
    "EXIT_USAGE",
    "main",
    "misspelt",
]

COMMANDS: Final = {
    "score": "blastradius._cli._score",
    "explain": "blastradius._cli._rules",
    "rules": "blastradius._cli._rules",
    "scan": "blastradius._cli._scan",
    "hook": "blastradius._cli._hook",
    "doctor": "blastradius._cli._doctor",
    "policy": "blastradius._cli._policy",
}
"""Subcommand word → the module whose ``run(argv) -> int`` serves it (the
rule modules serve two words and take the word first)."""

_TWO_WORDS: Final = frozenset({"explain", "rules"})

_HELP = f"""\
usage: blastradius [-h] [--version] COMMAND ...
       blastradius [SCORE OPTIONS] CMD...

Score how dangerous a shell, kubectl or SQL command is before it runs.

commands:
  score [OPTIONS] CMD...      score a command (the default; "-" or none:
                              stdin; --lines: one command per line)
  explain RULE_ID             what a rule means and scores
  rules [--family F]          list the rules, or one family's
  scan PATH...                score the commands in scripts, CI workflows,
                              Dockerfiles and Makefiles (text, JSON, SARIF)
  hook                        answer an AI agent's pre-tool-use hook
  doctor                      check the installed agent hooks
  policy check FILE | show    validate a TOML policy / print the default

  "blastradius COMMAND --help" tells more. A command to score whose first
  word is one of these must be written after "blastradius score --".

exit status:
  {EXIT_AUTO:<3} AUTO (any tier with --exit-zero; success of the others)
  {EXIT_FOUND:<3} found: scan --fail-on TIER found a command at or above it
  {EXIT_USAGE:<3} usage error
  {EXIT_POLICY:<3} invalid or unreadable policy file
  {EXIT_HUMAN:<3} HUMAN: one person must approve
  {EXIT_DUAL:<3} DUAL: two people must approve
  {EXIT_BLOCKED:<3} BLOCKED: a hard rule fired
  {EXIT_PIPE:<3} pipe: standard output closed early (e.g. "| head")
"""


def _one_edit(a: str, b: str) -> bool:
    """
    Whether *a* and *b* are one Damerau-Levenshtein edit apart (a letter
    changed, added, removed, or two neighbours swapped).

    >>> [_one_edit("polcy", "policy"), _one_edit("scroe", "score")]
    [True, True]
    >>> [_one_edit("score", "score"), _one_edit("sc", "score")]
    [False, False]
    """
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while a[i : i + 1] == b[i : i + 1] and i < len(a):
        i += 1
    if len(a) < len(b):
        return a[i:] == b[i + 1 :]
    if a[i + 1 :] == b[i + 1 :]:
        return True
    return (
        i + 1 < len(a)
        and (a[i], a[i + 1]) == (b[i + 1], b[i])
        and a[i + 2 :] == b[i + 2 :]
    )


def _known_program(word: str) -> bool:
    from blastradius.families import PROGRAMS

    return word in PROGRAMS


def misspelt(word: str) -> str | None:
    """
    Why *word* cannot start a command scored without ``score``: it names a
    subcommand, or is one edit away from one and is no program the tables
    know; `None` when it can.
    """
    if word in COMMANDS:
        return (
            f"{word!r} is a subcommand: put options after it, or score a "
            f"command starting with it as 'blastradius score -- {word} ...'"
        )
    near = [c for c in COMMANDS if _one_edit(word, c)]
    if not near or _known_program(word):
        return None
    return (
        f"unknown command {visible(word)!r}: did you mean {near[0]!r}? "
        f"(to score a program of that name: "
        f"'blastradius score -- {visible(word)} ...')"
    )


def _run(word: str, rest: list[str], *, as_json: bool) -> int:
    name = COMMANDS[word]
    try:
        module = importlib.import_module(name)
    except ModuleNotFoundError as e:
        if e.name != name:
            raise
        raise SystemExit(
            fail(
                EXIT_USAGE,
                "usage",
                f"'{word}' is not available in this build",
                as_json=as_json,
            )
        ) from None
    args = [word, *rest] if word in _TWO_WORDS else rest
    code: int = module.run(args)
    return code


def _dispatch(args: list[str]) -> int:
    first = args[0] if args else ""
    if first in {"-h", "--help"}:
        write(sys.stdout, _HELP)
        raise SystemExit(EXIT_AUTO)
    if first == "--version":
        write(sys.stdout, f"blastradius {package_version()}\n")
        raise SystemExit(EXIT_AUTO)
    if first in COMMANDS:
        return _run(first, args[1:], as_json="--json" in args)
    problem = None if first.startswith("-") else misspelt(first)
    if problem is not None:
        write(sys.stderr, "usage: blastradius [-h] [--version] COMMAND ...\n")
        raise SystemExit(
            fail(EXIT_USAGE, "usage", problem, as_json="--json" in args)
        )
    from blastradius._cli import _score

    return _score.run(args, implicit=True)


def _quiet_stdout() -> None:
    """
    Point standard output at the null device, so that the interpreter's
    last flush at exit does not fail again on the closed pipe.
    """
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fd)
    os.close(devnull)


def main(argv: Sequence[str] | None = None) -> int:
    """
    Run the command line with *argv* (``sys.argv[1:]`` when `None`).

    Returns:
        The exit status: per tier for scoring (0, 10, 20, 30), 0 for
        success of the other subcommands, 1 when ``scan --fail-on`` finds
        a command, 2 for usage errors, 3 for a bad policy file, 141 when
        standard output is closed early.
    """
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        try:
            code = _dispatch(args)
        finally:
            # also on SystemExit (--help, --version, usage errors): a closed
            # pipe must fail here, not in the interpreter's last flush
            sys.stdout.flush()
    except BrokenPipeError:
        _quiet_stdout()
        return EXIT_PIPE
    return code
