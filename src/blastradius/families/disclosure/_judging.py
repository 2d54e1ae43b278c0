"""
Helpers shared by the judgment analyzer's parts
(`blastradius.analyzers.disclosure`, ``_exfiltration``, ``_permissions``):
findings of the judgment rows and the plain word tests they all use.
"""

from __future__ import annotations

import re

from collections.abc import Iterable, Sequence

from blastradius._model import Finding
from blastradius.families.disclosure.rules import RULES, SENSITIVE_NAME


__all__ = ["SECRET_VAR", "finding", "option", "positional"]

SECRET_VAR = re.compile(
    rf"\$\{{?[A-Za-z0-9_]*(?:{SENSITIVE_NAME})[A-Za-z0-9_]*", re.IGNORECASE
)
"""A ``$VAR`` / ``${VAR}`` whose name says it holds a secret."""


def finding(
    rule: str, program: str, words: Iterable[str], note: str = ""
) -> Finding:
    """The finding of judgment row *rule*, its message completed by *note*."""
    row = RULES[rule]
    found = row.finding(program, words)
    if not note:
        return found
    return Finding(
        rule=found.rule,
        program=found.program,
        words=found.words,
        score=found.score,
        kind=found.kind,
        message=f"{row.message}: {note}",
        effect=found.effect,
    )


def positional(args: Sequence[str]) -> list[str]:
    """The words of *args* that are not options."""
    return [a for a in args if not a.startswith("-")]


def option(args: Sequence[str], names: Sequence[str]) -> bool:
    """Whether an option of *names* is given (``--name`` or ``--name=v``)."""
    return any(a.split("=", 1)[0] in names for a in args)
