"""
Analyzer family: the platform tools — PostgreSQL's and MongoDB's client
programs, helmfile, argocd, flux, kustomize — and ``oc``.

The rows are in `blastradius.families.platform.rules` and
`blastradius.rules.oc`.
``oc`` runs kubectl's commands as kubectl does: a command kubectl's command
tree knows goes to kubectl's analyzer unchanged; only the commands kubectl
does not have (``oc new-project``, ``oc adm drain``, ``oc rollout latest``)
are read from ``oc``'s own table.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING

from blastradius.families._interpret import analyze as run_spec
from blastradius.families._interpret import make_analyzer
from blastradius.families.kubectl.analyzer import analyze_call
from blastradius.families.kubectl.grammar import parse_command
from blastradius.families.platform.grammar import PLATFORM_SPECS
from blastradius.rules.oc import OC


if TYPE_CHECKING:
    from blastradius._model import SimpleCommand
    from blastradius.analyzers import Analyzer, Context, Output


__all__ = ["ANALYZERS", "analyze_oc"]


def analyze_oc(command: SimpleCommand, ctx: Context) -> Sequence[Output]:
    """
    The ``oc`` analyzer: kubectl's for the commands kubectl knows, ``oc``'s
    own table for the rest.
    """
    call = parse_command(command)
    if all(what != "command" for what, _ in call.problems):
        # the call read once, for kubectl's findings too
        return analyze_call(command, call, ctx)
    return run_spec(OC, command)[1]


_BY_SPEC: dict[int, Analyzer] = {}
for _spec in PLATFORM_SPECS.values():
    _BY_SPEC.setdefault(id(_spec), make_analyzer(_spec))

ANALYZERS: Mapping[str, Analyzer] = MappingProxyType(
    {
        **{name: _BY_SPEC[id(spec)] for name, spec in PLATFORM_SPECS.items()},
        "oc": analyze_oc,
    }
)
