"""
Helpers shared by the judgment analyzer's parts
(`blastradius.families.disclosure.analyzer`, ``_exfiltration``,
``_permissions``):
findings of the judgment rows and the plain word tests they all use.
"""

from __future__ import annotations

import functools
import re

from collections.abc import Iterable, Sequence

from blastradius._model import Finding
from blastradius.families.disclosure.rules import RULES, SENSITIVE_NAME


__all__ = ["finding", "option", "positional", "secret_var"]


@functools.cache
def secret_var() -> re.Pattern[str]:
    """
    Matches a ``$VAR`` / ``${VAR}`` whose name says it holds a secret.

    Compiled on first use (about 0.3 ms), not at import: the judgment
    analyzer is imported for every command and most never print or send
    a variable. Cached once: its only input is a constant.

    >>> secret_var().search("Bearer $GITHUB_TOKEN").group(0)
    '$GITHUB_TOKEN'
    """
    return re.compile(
        rf"\$\{{?[A-Za-z0-9_]*(?:{SENSITIVE_NAME})[A-Za-z0-9_]*",
        re.IGNORECASE,
    )


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
