"""
Analyzer family: the cloud CLIs ``aws``, ``gcloud``, ``gsutil`` and ``az``:
deleting and terminating resources, recursive object deletion, IAM grants;
``describe``, ``list``, ``get`` and ``show`` read only.

``gcloud compute ssh VM --command CMD`` runs *CMD* on the machine: it is
analysed as a shell script too. A command that changes resources in an
account, project, subscription or resource group whose name matches one of
the policy's production or staging kube-context patterns (``--profile
prod``, ``--project shop-prod``) gets the ``<family>.target.<label>``
modifier (see `blastradius.families._interpret.target_of`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING

from blastradius.families._interpret import Words, find_opt, make_analyzer
from blastradius.families.cloud.grammar import AWS, AZ, GCLOUD, GSUTIL


if TYPE_CHECKING:
    from blastradius._model import SimpleCommand
    from blastradius.analyzers import Analyzer, Context, Output


__all__ = ["ANALYZERS"]


def _gcloud_ssh(
    command: SimpleCommand, ctx: Context, words: Words
) -> Iterable[Output]:
    """
    ``gcloud compute ssh … --command CMD``: analyse *CMD* as shell text.
    """
    if "ssh" not in words.key:
        return ()
    opt = find_opt(GCLOUD, words, ("--command",))
    if opt is None or opt.value is None:
        return ()
    del command, ctx
    from blastradius._handoff import Nested

    return (Nested(script=opt.value, via="gcloud ssh --command"),)


ANALYZERS: Mapping[str, Analyzer] = MappingProxyType(
    {
        "aws": make_analyzer(AWS),
        "gcloud": make_analyzer(GCLOUD, then=_gcloud_ssh),
        "gsutil": make_analyzer(GSUTIL),
        "az": make_analyzer(AZ),
    }
)
