"""
Rule rows of the containers family, written from the tools' own reference
(docs.docker.com/reference/cli). Rows are data: the analyzer only interprets
them.
"""

from __future__ import annotations

from typing import Any

from blastradius.families._clispec import CliRule
from blastradius.rules._rowkit import (
    DE,
    IN,
    LO,
    MOD,
    MU,
    RO,
    help_row,
)
from blastradius.rules._rowkit import each as _each
from blastradius.rules._rowkit import row as _r
from blastradius.rules._rowkit import under as _under
from blastradius.rules._rowkit import words as _words


__all__ = [
    "CONTAINERS_RULES",
]


# -- docker / podman / nerdctl --
# docs.docker.com/reference/cli/docker: "docker container rm" = "docker rm",
# "docker system prune -a/--all --volumes", "docker volume prune -a".
# docker run: --privileged, -v/--volume, --mount, --pid, --network/--net,
# --ipc, --userns, --cap-add, --device, --security-opt.

_C_READ = (
    "ps",
    "images",
    "inspect",
    "logs",
    "version",
    "info",
    "stats",
    "top",
    "port",
    "diff",
    "events",
    "search",
    "history",
    "wait",
    "help",
)
_C_LOCAL = ("build", "pull", "tag", "login", "logout", "save", "export")
_C_RUNS = ("run", "create")
_C_EXEC_MOUNTS = ("/:*", "/")


def _c(*names: str) -> list[tuple[str, ...]]:
    """``docker X`` and ``docker container X``."""
    return [*_words(*names), *_under("container", *names)]


def _compose(*names: str) -> list[tuple[str, ...]]:
    return [("compose", "...", n) for n in names]


def _escape(rule_id: str, base: int, message: str, **kw: Any) -> list[CliRule]:
    return _each(
        rule_id,
        MU,
        base,
        message,
        [*_c(*_C_RUNS), *_c("exec"), *_compose("run")],
        kind=MOD,
        **kw,
    )


CONTAINERS_RULES: tuple[CliRule, ...] = (
    help_row("containers.help"),
    *_each(
        "containers.read",
        RO,
        0,
        "reads containers, images or the engine",
        [
            *_c(*_C_READ),
            ("*", "ls"),
            ("*", "list"),
            ("*", "inspect"),
            ("system", "df"),
            ("system", "info"),
            ("system", "events"),
            ("context", "show"),
            *_compose(
                "ps",
                "logs",
                "config",
                "ls",
                "images",
                "top",
                "version",
                "port",
                "events",
            ),
            ("buildx", "du"),
        ],
    ),
    *_each(
        "containers.local",
        LO,
        5,
        "changes local images, builds or settings only",
        [
            *_words(*_C_LOCAL, "load", "import", "commit"),
            *_under("image", "build", "pull", "tag", "save", "load", "import"),
            *_under("buildx", "build", "create", "use", "bake"),
            *_under("context", "use", "create"),
            *_under("volume", "create"),
            *_compose("build", "pull"),
        ],
    ),
    *_each(
        "containers.create",
        MU,
        15,
        "creates a container or a network",
        [
            *_c("create", "cp", "attach", "rename", "unpause"),
            *_under("network", "create", "connect", "disconnect"),
            *_compose("create"),
        ],
    ),
    *_each(
        "containers.run",
        MU,
        20,
        "runs a container",
        [
            *_c("run", "start", "update", "pause"),
            *_compose("up", "start", "run", "unpause"),
        ],
    ),
    *_each(
        "containers.exec",
        IN,
        25,
        "runs a command inside a container",
        [*_c("exec"), *_compose("exec")],
    ),
    *_each(
        "containers.push",
        MU,
        25,
        "pushes an image, overwriting the tag in the registry",
        [*_words("push"), ("image", "push"), *_compose("push")],
    ),
    *_each(
        "containers.stop",
        MU,
        25,
        "stops running containers",
        [
            *_c("stop", "restart"),
            *_compose("stop", "restart", "pause"),
        ],
    ),
    *_each(
        "containers.kill",
        MU,
        30,
        "kills running containers",
        [*_c("kill"), *_compose("kill")],
    ),
    *_each(
        "containers.rm",
        DE,
        25,
        "deletes containers",
        [*_c("rm"), ("container", "remove"), *_compose("rm")],
    ),
    *_each(
        "containers.rm.force",
        DE,
        15,
        "-f kills and deletes running containers",
        [*_c("rm"), ("container", "remove"), *_compose("rm")],
        when=[("-f", "--force")],
        kind=MOD,
    ),
    *_each(
        "containers.rm.volumes",
        DE,
        10,
        "-v also deletes the containers' anonymous volumes",
        [*_c("rm"), ("container", "remove"), *_compose("rm")],
        when=[("-v", "--volumes")],
        kind=MOD,
    ),
    _r(
        "containers.container.prune",
        DE,
        30,
        "deletes every stopped container",
        path=["container", "prune"],
    ),
    *_each(
        "containers.rmi",
        DE,
        15,
        "deletes images",
        [("rmi",), ("image", "rm"), ("image", "remove")],
    ),
    *_each(
        "containers.rmi.force",
        DE,
        10,
        "-f deletes images in use",
        [("rmi",), ("image", "rm"), ("image", "remove")],
        when=[("-f", "--force")],
        kind=MOD,
    ),
    _r(
        "containers.image.prune",
        DE,
        20,
        "deletes unused images",
        path=["image", "prune"],
    ),
    *_each(
        "containers.prune.all",
        DE,
        10,
        "-a deletes every unused image, not only dangling ones",
        [("image", "prune"), ("system", "prune")],
        when=[("-a", "--all")],
        kind=MOD,
    ),
    *_each(
        "containers.volume.rm",
        DE,
        55,
        "deletes volumes and the data in them",
        _under("volume", "rm", "remove"),
    ),
    _r(
        "containers.volume.rm.force",
        DE,
        10,
        "-f deletes volumes in use",
        path=["volume", "rm"],
        when=[("-f", "--force")],
        kind=MOD,
    ),
    _r(
        "containers.volume.prune",
        DE,
        55,
        "deletes unused volumes and their data",
        path=["volume", "prune"],
    ),
    _r(
        "containers.volume.prune.all",
        DE,
        15,
        "-a deletes named volumes too, not only anonymous ones",
        path=["volume", "prune"],
        when=[("-a", "--all")],
        kind=MOD,
    ),
    _r(
        "containers.system.prune",
        DE,
        40,
        "deletes stopped containers, unused networks, images, cache",
        path=["system", "prune"],
    ),
    _r(
        "containers.system.prune.volumes",
        DE,
        25,
        "--volumes also deletes unused volumes and their data",
        path=["system", "prune"],
        when=[("--volumes",)],
        kind=MOD,
    ),
    _r(
        "containers.system.reset",
        DE,
        85,
        "deletes every container, image, volume and setting",
        path=["system", "reset"],
    ),
    *_each(
        "containers.network.rm",
        DE,
        20,
        "deletes networks",
        _under("network", "rm", "remove", "prune"),
    ),
    *_each(
        "containers.cache.prune",
        DE,
        10,
        "deletes build cache",
        [("builder", "prune"), ("buildx", "prune")],
    ),
    *_each(
        "containers.compose.down",
        DE,
        20,
        "stops and deletes the project's containers and networks",
        _compose("down"),
    ),
    *_each(
        "containers.compose.down.volumes",
        DE,
        40,
        "-v also deletes the project's volumes and their data",
        _compose("down"),
        when=[("-v", "--volumes")],
        kind=MOD,
    ),
    *_each(
        "containers.compose.down.images",
        DE,
        10,
        "--rmi also deletes the project's images",
        _compose("down"),
        when=[("--rmi",)],
        kind=MOD,
    ),
    *_each(
        "containers.swarm",
        MU,
        50,
        "changes or removes swarm services, stacks and nodes",
        [
            *_under("service", "rm", "remove", "scale", "update"),
            *_under("stack", "rm", "remove", "down", "deploy"),
            *_under("node", "rm", "remove", "demote", "update"),
            *_under("swarm", "leave", "init", "join", "update"),
            *_under("secret", "rm", "create"),
            *_under("config", "rm", "create"),
        ],
    ),
    *_each(
        "containers.pod.rm",
        DE,
        30,
        "deletes pods (podman)",
        [("pod", "rm"), ("pod", "prune"), ("machine", "rm")],
    ),
    # container escapes (docs.docker.com/engine/containers/run)
    *_escape(
        "containers.run.privileged",
        40,
        "--privileged gives the container the host's devices",
        when=[("--privileged",)],
    ),
    *_escape(
        "containers.run.host-root-mount",
        40,
        "mounts the host's root filesystem",
        opt=["-v", "--volume"],
        opt_values=_C_EXEC_MOUNTS,
    ),
    *_escape(
        "containers.run.host-root-mount",
        40,
        "mounts the host's root filesystem",
        opt=["--mount"],
        opt_values=["*source=/,*", "*src=/,*", "*source=/", "*src=/"],
    ),
    *_escape(
        "containers.run.engine-socket",
        40,
        "mounts the container engine's socket: root on the host",
        opt=["-v", "--volume", "--mount"],
        opt_values=["*docker.sock*", "*podman.sock*", "*containerd.sock*"],
    ),
    *_escape(
        "containers.run.system-mount",
        25,
        "mounts a host system directory",
        opt=["-v", "--volume"],
        opt_values=[
            f"{d}{s}"
            for d in (
                "/etc",
                "/root",
                "/boot",
                "/dev",
                "/proc",
                "/sys",
                "/usr",
                "/bin",
                "/sbin",
                "/lib",
                "/var/lib",
                "/var/run",
                "/run",
                "/home",
            )
            for s in (":*", "/*:*")
        ],
    ),
    *_escape(
        "containers.run.host-pid",
        30,
        "--pid=host sees and signals every host process",
        opt=["--pid"],
        opt_values=["host"],
    ),
    *_escape(
        "containers.run.host-namespace",
        15,
        "shares a host namespace (network, IPC, user, UTS)",
        opt=["--net", "--network", "--ipc", "--userns", "--uts"],
        opt_values=["host"],
    ),
    *_escape(
        "containers.run.cap-add",
        30,
        "adds a capability that reaches the host",
        opt=["--cap-add"],
        opt_values=[
            "all",
            "sys_admin",
            "cap_sys_admin",
            "sys_ptrace",
            "cap_sys_ptrace",
            "sys_module",
            "cap_sys_module",
            "dac_read_search",
            "cap_dac_read_search",
            "net_admin",
            "cap_net_admin",
            "sys_rawio",
            "cap_sys_rawio",
        ],
    ),
    *_escape(
        "containers.run.device",
        20,
        "--device gives the container a host device",
        opt=["--device"],
        opt_values=["*"],
    ),
    *_escape(
        "containers.run.unconfined",
        20,
        "turns off a security profile",
        opt=["--security-opt"],
        opt_values=["*unconfined*", "label=disable", "label:disable"],
    ),
)
