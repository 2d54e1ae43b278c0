"""
Analyzer family: git: history rewrites, forced and deleting pushes, discarded
work; ``-c`` keys that run programs are unknown.

The rows are in `blastradius.families.git.rules`; this module only registers
the table interpreter under the program names.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING

from blastradius.families._clispec import glob_match
from blastradius.families._interpret import Words, make_analyzer
from blastradius.families.git.grammar import GIT


if TYPE_CHECKING:
    from blastradius._model import SimpleCommand
    from blastradius.analyzers import Analyzer, Context, Output


__all__ = ["ANALYZERS"]

# git-config(1): these keys hold a shell command git runs ("!" marks a
# shell alias).
_COMMAND_KEYS = (
    "core.sshcommand",
    "core.pager",
    "core.editor",
    "core.fsmonitor",
    "core.askpass",
    "sequence.editor",
    "diff.external",
    "gpg.program",
    "pager.*",
    "alias.*",
    "credential.helper",
)


def _config_commands(
    command: SimpleCommand, ctx: Context, words: Words
) -> Iterable[Output]:
    """
    ``git -c core.sshCommand='CMD' …``: *CMD* is analysed as shell text (the
    rule ``git.config-exec.unknown`` already floors the command).
    """
    del command, ctx
    found: list[Output] = []
    for opt in words.opts:
        if not opt.first or opt.name != "-c" or opt.value is None:
            continue
        key, eq, value = opt.value.partition("=")
        key = key.lower()
        if not eq or not any(glob_match(k, key) for k in _COMMAND_KEYS):
            continue
        if key.startswith(("alias.", "credential.")):
            if not value.startswith("!"):
                continue
            value = value[1:]
        if value and value.lower() not in ("true", "false"):
            from blastradius._handoff import Nested

            found.append(Nested(script=value, via="git -c"))
    return found


_ANALYZER = make_analyzer(GIT, then=_config_commands)

ANALYZERS: Mapping[str, Analyzer] = MappingProxyType(
    {
        "git": _ANALYZER,
    }
)
