"""
Help lines: a command that only prints its help (``docker rm --help``,
``aws s3 rm help``, ``kubectl delete --help``) runs nothing; the scorer
asks `help_line` before it runs the program's analyzer.
"""

from __future__ import annotations

import re

from blastradius._model import Finding, SimpleCommand
from blastradius.families.disclosure.rules import HELP, HELP_RUNS, RULES


__all__ = ["help_finding", "help_line"]

_SUBCOMMAND = re.compile(r"[a-z][a-z0-9-]*")
_RUN_HELP = frozenset(
    {"kubectl", "oc", "docker", "podman", "nerdctl", "helm", "az", "gcloud"}
)
"""Programs whose ``run``/``exec`` subcommand takes ``--help`` itself."""


def help_line(command: SimpleCommand) -> bool:
    """
    Whether *command* only prints its help: a known program, a help word
    after nothing but subcommand words (no option value, no payload), no
    word known only at run time.

    >>> help_line(SimpleCommand(argv=["docker", "rm", "--help"]))
    True
    >>> help_line(SimpleCommand(argv=["docker", "run", "alpine", "--help"]))
    False
    """
    argv = command.argv
    if len(argv) < 2:
        return False
    words = HELP.get(command.program)
    if words is None or argv[-1] not in words or any(command.dynamic):
        return False
    before = argv[1:-1]
    if len(before) > 4 or not all(_SUBCOMMAND.fullmatch(w) for w in before):
        return False
    return not any(w in HELP_RUNS for w in before[:-1]) and not (
        before and before[-1] in HELP_RUNS and command.program not in _RUN_HELP
    )


def help_finding(command: SimpleCommand) -> Finding:
    """The finding of a help line."""
    return RULES["help"].finding(command.program, command.argv[-1:])
