"""
The command grammar of the containers family: how each program spells its
options (which take a value, dry-run and target options), over the rows
of `blastradius.families.containers.rules`.
"""

from __future__ import annotations

from blastradius.families._clispec import CliSpec
from blastradius.families.containers.rules import CONTAINERS_RULES


__all__ = [
    "CONTAINERS",
]


# -- docker / podman / nerdctl --
# docs.docker.com/reference/cli/docker: "docker container rm" = "docker rm",
# "docker system prune -a/--all --volumes", "docker volume prune -a".
# docker run: --privileged, -v/--volume, --mount, --pid, --network/--net,
# --ipc, --userns, --cap-add, --device, --security-opt.
CONTAINERS = CliSpec(
    target_opts=("-c", "--context", "-H", "--host"),
    family="containers",
    value_opts={
        "-H",
        "--host",
        "-c",
        "--context",
        "--config",
        "-l",
        "--log-level",
        "--connection",
        "--url",
        "--root",
        "--runroot",
        "--storage-driver",
        "--namespace",
        "--address",
        "-v",
        "--volume",
        "--mount",
        "-e",
        "--env",
        "--env-file",
        "-p",
        "--publish",
        "--name",
        "-w",
        "--workdir",
        "-u",
        "--user",
        "--entrypoint",
        "--network",
        "--net",
        "--pid",
        "--ipc",
        "--uts",
        "--userns",
        "--cap-add",
        "--cap-drop",
        "--device",
        "--security-opt",
        "--restart",
        "--label",
        "--project-name",
        "--project-directory",
        "--file",
        "--profile",
        "--filter",
        "--format",
    },
    rules=CONTAINERS_RULES,
)
