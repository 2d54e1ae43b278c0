"""
Rule table of ``oc``'s own commands (OpenShift's client): the command tree
is data generated from openshift/oc (`blastradius.rules._data_oc`); this
module gives each class of command its effect and base score and builds
the `CliSpec` the ``oc`` analyzer runs when kubectl's tables do not know the
command (``oc new-project``, ``oc adm drain``, ``oc rollout latest``).

Commands ``oc`` shares with kubectl (``get``, ``delete``, ``apply`` …) are
read by kubectl's analyzer exactly as for ``kubectl``.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from blastradius._model import Effect
from blastradius.families._clispec import CliRule, CliSpec
from blastradius.families.kubectl import _data as _data_kubectl
from blastradius.rules._data_oc import COMMANDS, SECOND_IDS


__all__ = ["CLASSES", "OC", "OWN_HEADS"]

RO = Effect.READ_ONLY
LO = Effect.LOCAL
MU = Effect.MUTATING
DE = Effect.DESTRUCTIVE
IN = Effect.INDIRECT

CLASSES: Mapping[str, tuple[Effect, int, str]] = MappingProxyType(
    {
        "read": (RO, 0, "reads cluster state"),
        "local": (LO, 5, "changes only local oc configuration or files"),
        "disclose": (
            RO,
            15,
            "prints credentials or copies cluster data out of the cluster",
        ),
        "create": (
            MU,
            15,
            "creates a project, application, build or image stream",
        ),
        "push": (MU, 15, "pushes images to a registry"),
        "change": (
            MU,
            22,
            "changes workloads, builds, policy or node scheduling",
        ),
        "runs": (
            IN,
            22,
            "runs a command in a container or for each watched object",
        ),
        "cluster": (
            MU,
            35,
            "changes the cluster itself (nodes, upgrades, certificates)",
        ),
        "upgrade": (
            MU,
            35,
            "changes the cluster itself (nodes, upgrades, certificates)",
        ),
        "privilege": (
            MU,
            40,
            "grants cluster-wide roles, security constraints or certificates",
        ),
        "prune": (DE, 40, "deletes the objects it selects"),
        "destroy": (DE, 40, "deletes the objects it selects"),
    }
)
"""Class (as in ``tools/data/oc_commands.json``) → effect, base, message."""

_CONFIRM = ("--confirm",)
_UPGRADE = (
    "--to",
    "--to-latest",
    "--to-image",
    "--to-multi-arch",
    "--clear",
)


_SECOND: Mapping[str, str] = MappingProxyType(dict(SECOND_IDS))
"""The id of each command's second row (written out in `_data_oc`)."""


def _rows(
    rule: str, path: tuple[str, ...], klass: str, read: tuple[str, ...]
) -> list[CliRule]:
    effect, base, message = CLASSES[klass]
    if read:
        return [
            CliRule(
                id=rule,
                effect=effect,
                base=base,
                message=message,
                path=path,
                unless=read,
            ),
            CliRule(
                id=_SECOND[rule],
                effect=RO,
                base=0,
                message=f"{' '.join(read[:2])} only searches or prints",
                path=path,
                when=[read],
            ),
        ]
    if klass == "prune":
        return [
            CliRule(
                id=rule,
                effect=effect,
                base=base,
                message=message,
                path=path,
                when=[_CONFIRM],
            ),
            CliRule(
                id=_SECOND[rule],
                effect=RO,
                base=0,
                message="reports what it would prune: nothing changes "
                "without --confirm",
                path=path,
                unless=_CONFIRM,
            ),
        ]
    if klass == "upgrade":
        return [
            CliRule(
                id=rule,
                effect=effect,
                base=base,
                message="upgrades the cluster",
                path=path,
                when=[_UPGRADE],
            ),
            CliRule(
                id=_SECOND[rule],
                effect=RO,
                base=0,
                message="prints the cluster's version and updates",
                path=path,
                unless=_UPGRADE,
                max_args=0,
            ),
        ]
    return [
        CliRule(id=rule, effect=effect, base=base, message=message, path=path)
    ]


def _value_opts() -> frozenset[str]:
    names = set()
    for name, short, takes in _data_kubectl.GLOBAL_FLAGS:
        if takes:
            names.add(f"--{name}")
            if short:
                names.add(f"-{short}")
    names.update(
        (
            "-f",
            "--filename",
            "-o",
            "--output",
            "-l",
            "--selector",
            "-p",
            "--param",
            "--display-name",
            "--description",
            "--node-selector",
            "--admin",
            "--admin-role",
            "--to",
            "--to-image",
            "--from",
            "--from-build",
            "--from-file",
            "--from-dir",
            "--from-repo",
            "--from-archive",
            "--keys",
            "--confirm-timeout",
            "--dest-dir",
            "--image",
            "--name",
            "-c",
            "--container",
            "--rolebinding-name",
            "--timeout",
            "--channel",
            "--keep-younger-than",
            "--keep-complete",
            "--keep-failed",
            "--keep-tag-revisions",
            "--registry-url",
            "--token",
        )
    )
    return frozenset(names)


OC = CliSpec(
    family="oc",
    value_opts=_value_opts(),
    namespace_opts=("-n", "--namespace"),
    context_opts=("--context",),
    rules=[
        CliRule(
            id="oc.help",
            effect=RO,
            base=0,
            message="prints help or the version",
            when=[("-h", "--help")],
        ),
        *(r for rule, p, k, ro, _ in COMMANDS for r in _rows(rule, p, k, ro)),
    ],
)
"""``oc``'s own commands (those kubectl does not have)."""

OWN_HEADS: frozenset[str] = frozenset(p[0] for _, p, _, _, _ in COMMANDS)
"""The first words of ``oc``'s own commands."""
