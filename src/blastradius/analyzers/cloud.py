"""
Analyzer family: the cloud CLIs ``aws``, ``gcloud``, ``gsutil`` and ``az``:
deleting and terminating resources, recursive object deletion, IAM grants;
``describe``, ``list``, ``get`` and ``show`` read only.

``gcloud compute ssh VM --command CMD`` runs *CMD* on the machine: it is
analysed as a shell script too. A command that changes resources in an
account, project, subscription or resource group whose name matches one of
the policy's production or staging kube-context patterns (``--profile
prod``, ``--project shop-prod``) gets the ``<family>.target.<weight>``
modifier: ``+10`` per unit of weight above 1 (``+15`` for production).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING

from blastradius._model import Effect, Finding, Kind, SimpleCommand
from blastradius.analyzers._cli import Words, analyze, find_opt
from blastradius.rules._cli import CliSpec
from blastradius.rules._tools import AWS, AZ, GCLOUD, GSUTIL


if TYPE_CHECKING:
    from blastradius.analyzers import Analyzer, Context


__all__ = ["ANALYZERS"]


def _gcloud_ssh(
    command: SimpleCommand, ctx: Context, words: Words
) -> Iterable[Finding]:
    """
    ``gcloud compute ssh … --command CMD``: analyse *CMD* as shell text.
    """
    if "ssh" not in words.key:
        return ()
    opt = find_opt(GCLOUD, words, ("--command",))
    if opt is None or opt.value is None:
        return ()
    del command
    ctx.script(opt.value, via="gcloud ssh --command")
    return ()


_CHANGES = frozenset({Effect.MUTATING, Effect.DESTRUCTIVE, Effect.INDIRECT})


def _targets(
    spec: CliSpec,
    names: tuple[str, ...],
    ctx: Context,
    words: Words,
    findings: list[Finding],
) -> Iterable[Finding]:
    """
    A production- or staging-looking account, project or group named by
    *names* raises a command that changes resources.
    """
    if not names or not any(
        f.kind in (Kind.ACTION, Kind.HARD) and f.effect in _CHANGES
        for f in findings
    ):
        return ()
    best = None
    for opt in words.opts:
        if opt.value is None or opt.name not in names:
            continue
        row = ctx.policy.context_weight(opt.value)
        if row is not None and (best is None or row.weight > best[0].weight):
            best = (row, opt)
    if best is None or best[0].weight <= 1:
        return ()
    row, opt = best
    label = row.id.rsplit(".", 1)[-1]
    return (
        Finding(
            rule=f"{spec.family}.target.{label}",
            program=spec.family,
            words=(opt.name, opt.value or ""),
            score=round((row.weight - 1) * 10),
            kind=Kind.MODIFIER,
            message=f"{opt.value!r} looks like {label} ({row.id})",
            effect=Effect.MUTATING,
        ),
    )


def _make(
    spec: CliSpec,
    names: tuple[str, ...],
    then: Callable[[SimpleCommand, Context, Words], Iterable[Finding]]
    | None = None,
) -> Analyzer:
    def analyzer(command: SimpleCommand, ctx: Context) -> list[Finding]:
        words, findings = analyze(spec, command)
        findings.extend(_targets(spec, names, ctx, words, findings))
        if then is not None:
            findings.extend(then(command, ctx, words))
        return findings

    return analyzer


ANALYZERS: Mapping[str, Analyzer] = MappingProxyType(
    {
        "aws": _make(AWS, ("--profile",)),
        "gcloud": _make(GCLOUD, ("--project",), _gcloud_ssh),
        "gsutil": _make(GSUTIL, ("-p",)),
        "az": _make(AZ, ("--subscription", "-g", "--resource-group")),
    }
)
