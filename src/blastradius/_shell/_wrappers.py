"""
The wrapper table: programs that run another command (``sudo``, ``env``,
``timeout``, ``xargs``, ``bash -c``, ``kubectl exec``, …) and how to find
the command they run.

A row says which of the wrapper's own options take a value, how many
positional words follow them (``timeout DURATION``, ``ssh HOST``), whether
the wrapper itself is kept as a command too, and the ``via`` label the
wrapped command gets. The few behaviours that are not "skip options, then
the rest is an argv" are named by the row's *kind*:

- ``argv``: the remaining words are the wrapped command's argv;
- ``shell``: ``bash [-flags] -c STRING``: STRING is re-lexed as a script;
  with no ``-c``, a script file argument keeps the shell as a command, and
  a known standard input is re-lexed as a script (via ``sh stdin``);
- ``join``: the remaining words are joined with spaces and re-lexed
  (``eval``, ``ssh HOST CMD…``, ``watch CMD…``);
- ``su``: ``su [-] [USER] -c STRING`` (``runuser -u USER -- CMD`` is an
  argv);
- ``find``: each ``-exec``/``-execdir``/``-ok``/``-okdir CMD ;`` (or ``+``)
  runs CMD with unknown arguments;
- ``parallel``: GNU parallel: the command words before ``:::`` are joined
  and re-lexed, with unknown arguments;
- ``subcommand``: a wrapper only through some subcommands, each a
  `Subcommand` row (``kubectl exec``, ``kubectl debug``, ``kubectl run``,
  ``kubectl create job``, ``docker exec``, ``docker run``); other
  subcommands are ordinary commands.

The command a container is started with is a command that runs: ``docker
run IMAGE CMD…``, ``kubectl run NAME --image=X --command -- CMD…``,
``kubectl debug POD --image=X -- CMD…``, ``kubectl create job|cronjob|
deployment NAME --image=X -- CMD…``. Where the words are *arguments* to the
image's ENTRYPOINT (``docker run IMAGE ARGS…``, ``kubectl run`` without
``--command``, ``kubectl debug --arguments-only``), the image decides
whether they are the command (an image with no ENTRYPOINT, such as
``busybox`` or ``alpine``, runs them as one): they are analysed as a
command, and also emitted behind a *dynamic* program (the image's
ENTRYPOINT, named by the image), so the result is at least ``HUMAN`` and
every hard rule in them still fires. An option the table does not know
before ``docker run``'s IMAGE makes the image's position ambiguous: each
possible position (at most `MAX_READINGS`) is read, once per input.
"""

from __future__ import annotations

import re

from collections.abc import Callable, Iterable, Sequence
from types import MappingProxyType
from typing import Any

import attrs

from blastradius._model import Redirect, SimpleCommand, fold_program
from blastradius._shell._tokens import TOKENS


__all__ = [
    "CONTAINER_VIAS",
    "MAX_READINGS",
    "MAX_WRAPPERS",
    "WRAPPERS",
    "WRAPPERS_BY_NAME",
    "Env",
    "Script",
    "Subcommand",
    "Unwrapped",
    "Wrapper",
    "container_image",
    "passes",
    "split_words",
    "unwrap",
]

MAX_WRAPPERS = 64
"""How many wrappers may nest in one argv before the rest is left as is."""

MAX_READINGS = 4
"""How many positions of ``docker run``'s IMAGE are read when unknown
options make it ambiguous."""


def _strs(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


def _set(value: Iterable[str]) -> frozenset[str]:
    return frozenset(value)


def _subs(value: Iterable[Subcommand]) -> tuple[Subcommand, ...]:
    return tuple(value)


def _path(value: Iterable[str]) -> tuple[frozenset[str], ...]:
    """``("create", "cronjob|cj")``: each word with its aliases."""
    return tuple(frozenset(word.split("|")) for word in value)


@attrs.frozen(kw_only=True)
class Subcommand:
    """
    One subcommand of a ``subcommand`` wrapper row, and how to find the
    command it runs.

    Attributes:
        path: The subcommand's words after the program and its global
            options, each with its aliases (``("create", "cronjob|cj")``).
        via: The label appended to the wrapped command's ``via``.
        short_values: Its short options (letters) that take a value.
        long_values: Its long options that take a value.
        short_flags: For an image grammar (``docker run [OPTIONS] IMAGE
            [COMMAND] [ARG...]``), the short options that take no value;
            `None` for a ``--`` grammar, where every option not in
            *short_values* / *long_values* is taken as a flag.
        long_flags: For an image grammar, the long options that take no
            value. An option in neither set makes IMAGE's position
            ambiguous.
        positionals: Operands before the command (POD, CONTAINER, NAME;
            for an image grammar, IMAGE is the one operand).
        dash_dash: A ``--`` after the subcommand starts the command.
        dash_only: Only a ``--`` starts the command (``kubectl debug``:
            more operands are more targets).
        args_default: The words are arguments to the image's ENTRYPOINT
            unless a *command_opts* flag is on (``kubectl run``, ``docker
            run``).
        command_opts: Flags that make the words the command (``--command``).
        args_opts: Flags that make the words arguments to the ENTRYPOINT
            (``kubectl debug --arguments-only``).
        program_opts: Options naming the program the words are given to
            (``docker run --entrypoint``); an empty value resets it.
        image_opts: Options naming the image (``kubectl run --image``); an
            image grammar has IMAGE as its operand instead.
        dry_run_opts: Options that, unless their value is ``none``, mean
            nothing is created, so nothing runs (``--dry-run``).
        reads_options: Derived: the options before ``--`` matter.
    """

    path: tuple[frozenset[str], ...] = attrs.field(converter=_path)
    via: str
    short_values: str = ""
    long_values: frozenset[str] = attrs.field(
        converter=_set, default=frozenset()
    )
    short_flags: str | None = None
    long_flags: frozenset[str] = attrs.field(
        converter=_set, default=frozenset()
    )
    positionals: int = 1
    dash_dash: bool = False
    dash_only: bool = False
    args_default: bool = False
    command_opts: frozenset[str] = attrs.field(
        converter=_set, default=frozenset()
    )
    args_opts: frozenset[str] = attrs.field(
        converter=_set, default=frozenset()
    )
    program_opts: frozenset[str] = attrs.field(
        converter=_set, default=frozenset()
    )
    image_opts: frozenset[str] = attrs.field(
        converter=_set, default=frozenset()
    )
    dry_run_opts: frozenset[str] = attrs.field(
        converter=_set, default=frozenset()
    )
    reads_options: bool = attrs.field(init=False)

    @reads_options.default
    def _reads_options(self) -> bool:
        return bool(
            self.command_opts
            or self.args_opts
            or self.image_opts
            or self.dry_run_opts
        )


@attrs.frozen(kw_only=True)
class Wrapper:
    """
    One row of the wrapper table.

    Attributes:
        names: The program names (folded) this row applies to.
        via: The label appended to the wrapped command's ``via``.
        kind: How the wrapped command is found (see the module docs).
        short_values: Short options (letters) that take a value.
        long_values: Long options (``--user``) that take a value.
        positionals: Words to skip after the options (``timeout``'s
            DURATION, ``ssh``'s HOST, ``chroot``'s NEWROOT).
        assignments: Leading ``NAME=value`` words after the options are
            environment assignments for the wrapped command (``env``,
            ``sudo``).
        keep_outer: The wrapper itself is kept as a command too
            (``find``, ``kubectl exec``, ``docker exec``).
        unknown_args: The wrapped command gets more arguments at run time
            (``xargs``, ``find -exec``, ``parallel``).
        split: Options whose value is split into words and put in front of
            the rest (``env -S``).
        command_opts: Options whose value is a command string to re-lex
            (``su -c``); for ``shell`` rows, the flag letter that makes the
            first operand a command string (``c``).
        argv_opts: Options that switch a ``join``/``su`` row to argv mode
            (``watch -x``, ``runuser -u``).
        replace_opts: Options naming a placeholder that is replaced by
            unknown text in the wrapped words (``xargs -I %``).
        default_replace: The placeholder when such an option has no value
            (``xargs -i`` means ``{}``).
        subs: For ``subcommand`` rows, the subcommands that wrap
            (`Subcommand` rows; the first that matches applies).
        groups: For ``subcommand`` rows, words that may come before a
            subcommand and change nothing (``docker container run``).
        subcommands: The first words of *subs* (derived): an argv with
            none of them is not wrapped (a fast test).
        loose: The first words of the *subs* that may wrap without a
            ``--`` (derived): an argv with none of them and no ``--`` is
            not wrapped either (`passes`).
        sub_options: Derived, one per *subs*: the short and long options
            taking a value, the row's global ones included.
        plus_options: Words starting with ``+`` are options too (shells'
            ``+o``).
        empty_ok: With no command the wrapper does nothing but apply its
            redirections (``exec >log``): only those are kept.
        default: The command run when none is given (``xargs`` → echo).
    """

    names: tuple[str, ...] = attrs.field(converter=_strs)
    via: str
    kind: str = "argv"
    short_values: str = ""
    long_values: frozenset[str] = attrs.field(
        converter=_set, default=frozenset()
    )
    positionals: int = 0
    assignments: bool = False
    keep_outer: bool = False
    unknown_args: bool = False
    split: frozenset[str] = attrs.field(converter=_set, default=frozenset())
    command_opts: frozenset[str] = attrs.field(
        converter=_set, default=frozenset()
    )
    argv_opts: frozenset[str] = attrs.field(
        converter=_set, default=frozenset()
    )
    replace_opts: frozenset[str] = attrs.field(
        converter=_set, default=frozenset()
    )
    default_replace: str = ""
    subs: tuple[Subcommand, ...] = attrs.field(converter=_subs, default=())
    groups: frozenset[str] = attrs.field(converter=_set, default=frozenset())
    plus_options: bool = False
    empty_ok: bool = False
    default: tuple[str, ...] = attrs.field(converter=_strs, default=())
    subcommands: frozenset[str] = attrs.field(init=False)
    loose: frozenset[str] = attrs.field(init=False)
    sub_options: tuple[tuple[str, frozenset[str]], ...] = attrs.field(
        init=False, repr=False
    )

    @subcommands.default
    def _first_words(self) -> frozenset[str]:
        return frozenset(w for sub in self.subs for w in sub.path[0])

    @loose.default
    def _loose_words(self) -> frozenset[str]:
        return frozenset(
            w for sub in self.subs if not sub.dash_only for w in sub.path[0]
        )

    @sub_options.default
    def _sub_options(self) -> tuple[tuple[str, frozenset[str]], ...]:
        return tuple(
            (
                self.short_values + sub.short_values,
                self.long_values | sub.long_values,
            )
            for sub in self.subs
        )


# kubectl's global flags that take a value, from kubernetes/cli-runtime
# (genericclioptions.ConfigFlags), kubectl's root command and
# component-base logging flags (Apache-2.0; see ../NOTICE).
_KUBECTL_GLOBAL_VALUES = frozenset(
    {
        "--kubeconfig",
        "--cache-dir",
        "--client-certificate",
        "--client-key",
        "--token",
        "--as",
        "--as-uid",
        "--as-group",
        "--as-user-extra",
        "--username",
        "--password",
        "--cluster",
        "--user",
        "--namespace",
        "--context",
        "--server",
        "--tls-server-name",
        "--certificate-authority",
        "--request-timeout",
        "--profile",
        "--profile-output",
        "--kuberc",
        "--v",
        "--vmodule",
        "--log-flush-frequency",
    }
)

_DOCKER_GLOBAL_VALUES = frozenset(
    {
        "--config",
        "--context",
        "--host",
        "--log-level",
        "--tlscacert",
        "--tlscert",
        "--tlskey",
        "--connection",
        "--identity",
        "--url",
        "--root",
        "--runroot",
        "--storage-driver",
        "--cgroup-manager",
        "--log-driver",
    }
)

# The options of the kubectl subcommands that start a container with a
# command, from ``kubectl <path> --help`` (kubectl v1.32; Apache-2.0).
# Flags with a default for a bare use (``--dry-run``, ``--cascade``,
# ``--validate``) take no separate value word.
_KUBECTL_DRY_RUN = frozenset({"--dry-run"})
_KUBECTL_CREATE = frozenset({"--output", "--field-manager", "--template"})

_KUBECTL_SUBS = (
    # kubectl exec (POD | TYPE/NAME) [-c CONTAINER] -- COMMAND [args...]
    Subcommand(
        path=("exec",),
        via="kubectl exec",
        short_values="cf",
        long_values={"--container", "--filename", "--pod-running-timeout"},
        dash_dash=True,
    ),
    # kubectl debug (POD | TYPE/NAME) [ -- COMMAND [args...] ]: the
    # debug container's command; --arguments-only makes them its args.
    Subcommand(
        path=("debug",),
        via="kubectl debug",
        short_values="cf",
        long_values={
            "--container",
            "--copy-to",
            "--custom",
            "--env",
            "--filename",
            "--image",
            "--image-pull-policy",
            "--profile",
            "--set-image",
            "--target",
        },
        dash_dash=True,
        dash_only=True,
        args_opts={"--arguments-only"},
        image_opts={"--image"},
    ),
    # kubectl run NAME --image=image [--command] -- [COMMAND] [args...]:
    # without --command the words are the container's args.
    Subcommand(
        path=("run",),
        via="kubectl run",
        short_values="fklo",
        long_values={
            "--annotations",
            "--env",
            "--field-manager",
            "--filename",
            "--grace-period",
            "--image",
            "--image-pull-policy",
            "--kustomize",
            "--labels",
            "--output",
            "--override-type",
            "--overrides",
            "--pod-running-timeout",
            "--port",
            "--restart",
            "--template",
            "--timeout",
        },
        dash_dash=True,
        args_default=True,
        command_opts={"--command"},
        image_opts={"--image"},
        dry_run_opts=_KUBECTL_DRY_RUN,
    ),
    # kubectl create job|cronjob|deployment NAME --image=image
    # -- [COMMAND] [args...]: the container's command; without ``--``
    # kubectl refuses more operands ("exactly one NAME is required").
    Subcommand(
        path=("create", "job"),
        via="kubectl create job",
        short_values="o",
        long_values={"--from", "--image", *_KUBECTL_CREATE},
        dash_dash=True,
        dash_only=True,
        dry_run_opts=_KUBECTL_DRY_RUN,
    ),
    Subcommand(
        path=("create", "cronjob|cj"),
        via="kubectl create cronjob",
        short_values="o",
        long_values={"--image", "--restart", "--schedule", *_KUBECTL_CREATE},
        dash_dash=True,
        dash_only=True,
        dry_run_opts=_KUBECTL_DRY_RUN,
    ),
    Subcommand(
        path=("create", "deployment|deploy"),
        via="kubectl create deployment",
        short_values="or",
        long_values={"--image", "--port", "--replicas", *_KUBECTL_CREATE},
        dash_dash=True,
        dash_only=True,
        dry_run_opts=_KUBECTL_DRY_RUN,
    ),
)

# ``docker run [OPTIONS] IMAGE [COMMAND] [ARG...]``: which options take a
# value, from docker's reference (docs.docker.com/reference/cli/docker/
# container/run, ``docker run --help``, Docker 28.2; Apache-2.0) plus
# hidden aliases (``--net``, ``--net-alias``, ``--dns-opt``) and podman's
# own (containers/podman cmd/podman/common/create.go and netflags.go;
# Apache-2.0). nerdctl follows docker's grammar.
_RUN_LONG_VALUES = frozenset(
    {
        # docker
        "--add-host",
        "--annotation",
        "--attach",
        "--blkio-weight",
        "--blkio-weight-device",
        "--cap-add",
        "--cap-drop",
        "--cgroup-parent",
        "--cgroupns",
        "--cidfile",
        "--cpu-count",
        "--cpu-percent",
        "--cpu-period",
        "--cpu-quota",
        "--cpu-rt-period",
        "--cpu-rt-runtime",
        "--cpu-shares",
        "--cpus",
        "--cpuset-cpus",
        "--cpuset-mems",
        "--detach-keys",
        "--device",
        "--device-cgroup-rule",
        "--device-read-bps",
        "--device-read-iops",
        "--device-write-bps",
        "--device-write-iops",
        "--dns",
        "--dns-opt",
        "--dns-option",
        "--dns-search",
        "--domainname",
        "--entrypoint",
        "--env",
        "--env-file",
        "--expose",
        "--gpus",
        "--group-add",
        "--health-cmd",
        "--health-interval",
        "--health-retries",
        "--health-start-interval",
        "--health-start-period",
        "--health-timeout",
        "--hostname",
        "--io-maxbandwidth",
        "--io-maxiops",
        "--ip",
        "--ip6",
        "--ipc",
        "--isolation",
        "--kernel-memory",
        "--label",
        "--label-file",
        "--link",
        "--link-local-ip",
        "--log-driver",
        "--log-opt",
        "--mac-address",
        "--memory",
        "--memory-reservation",
        "--memory-swap",
        "--memory-swappiness",
        "--mount",
        "--name",
        "--net",
        "--net-alias",
        "--network",
        "--network-alias",
        "--oom-score-adj",
        "--pid",
        "--pids-limit",
        "--platform",
        "--publish",
        "--pull",
        "--restart",
        "--runtime",
        "--security-opt",
        "--shm-size",
        "--stop-signal",
        "--stop-timeout",
        "--storage-opt",
        "--sysctl",
        "--tmpfs",
        "--ulimit",
        "--user",
        "--userns",
        "--uts",
        "--volume",
        "--volume-driver",
        "--volumes-from",
        "--workdir",
        # podman
        "--arch",
        "--authfile",
        "--cert-dir",
        "--cgroup-conf",
        "--cgroups",
        "--chrootdirs",
        "--conmon-pidfile",
        "--creds",
        "--decryption-key",
        "--env-merge",
        "--gidmap",
        "--group-entry",
        "--health-on-failure",
        "--health-startup-cmd",
        "--health-startup-interval",
        "--health-startup-retries",
        "--health-startup-success",
        "--health-startup-timeout",
        "--hosts-file",
        "--hostuser",
        "--image-volume",
        "--init-path",
        "--os",
        "--passwd-entry",
        "--personality",
        "--pidfile",
        "--pod",
        "--pod-id-file",
        "--preserve-fd",
        "--preserve-fds",
        "--rdt-class",
        "--requires",
        "--retry",
        "--retry-delay",
        "--sdnotify",
        "--seccomp-policy",
        "--secret",
        "--shm-size-systemd",
        "--signature-policy",
        "--subgidname",
        "--subuidname",
        "--systemd",
        "--timeout",
        "--tz",
        "--uidmap",
        "--umask",
        "--unsetenv",
        "--variant",
    }
)
_RUN_LONG_FLAGS = frozenset(
    {
        # docker
        "--detach",
        "--disable-content-trust",
        "--help",
        "--init",
        "--interactive",
        "--no-healthcheck",
        "--oom-kill-disable",
        "--privileged",
        "--publish-all",
        "--quiet",
        "--read-only",
        "--rm",
        "--sig-proxy",
        "--tty",
        "--use-api-socket",
        # podman
        "--env-host",
        "--http-proxy",
        "--no-hosts",
        "--passwd",
        "--read-only-tmpfs",
        "--replace",
        "--rmi",
        "--rootfs",
        "--tls-verify",
        "--unsetenv-all",
    }
)

_DOCKER_SUBS = (
    # docker exec [OPTIONS] CONTAINER COMMAND [ARG...]
    Subcommand(
        path=("exec",),
        via="docker exec",
        short_values="euw",
        long_values={
            "--env",
            "--user",
            "--workdir",
            "--env-file",
            "--detach-keys",
        },
    ),
    # docker run [OPTIONS] IMAGE [COMMAND] [ARG...]: the words after
    # IMAGE are CMD, given to the image's ENTRYPOINT if it has one.
    Subcommand(
        path=("run",),
        via="docker run",
        short_values="acehlmpuvw",
        long_values=_RUN_LONG_VALUES,
        short_flags="diPqt",
        long_flags=_RUN_LONG_FLAGS,
        args_default=True,
        program_opts={"--entrypoint"},
    ),
)


_SHELL_LONG_VALUES = frozenset({"--rcfile", "--init-file"})

WRAPPERS: tuple[Wrapper, ...] = (
    Wrapper(
        names=("sudo",),
        via="sudo",
        short_values="ughpCDRTUrt",
        long_values={
            "--user",
            "--group",
            "--host",
            "--prompt",
            "--close-from",
            "--chdir",
            "--chroot",
            "--command-timeout",
            "--other-user",
            "--role",
            "--type",
        },
        assignments=True,
    ),
    Wrapper(names=("doas",), via="doas", short_values="uC"),
    Wrapper(
        names=("env",),
        via="env",
        short_values="uCS",
        long_values={"--unset", "--chdir", "--split-string"},
        assignments=True,
        split={"-S", "--split-string"},
    ),
    Wrapper(names=("command",), via="command", empty_ok=True),
    Wrapper(names=("builtin",), via="builtin", empty_ok=True),
    Wrapper(names=("exec",), via="exec", short_values="a", empty_ok=True),
    Wrapper(
        names=("time",),
        via="time",
        empty_ok=True,
        short_values="fo",
        long_values={"--format", "--output"},
    ),
    Wrapper(
        names=("nice",),
        via="nice",
        short_values="n",
        long_values={"--adjustment"},
    ),
    Wrapper(
        names=("ionice",),
        via="ionice",
        short_values="cnp",
        long_values={"--class", "--classdata", "--pid", "--pgid", "--uid"},
    ),
    Wrapper(names=("nohup",), via="nohup"),
    Wrapper(names=("setsid",), via="setsid"),
    Wrapper(
        names=("timeout",),
        via="timeout",
        short_values="sk",
        long_values={"--signal", "--kill-after"},
        positionals=1,
    ),
    Wrapper(
        names=("watch",),
        via="watch",
        kind="join",
        short_values="nq",
        long_values={"--interval", "--equexit"},
        argv_opts={"-x", "--exec"},
    ),
    Wrapper(
        names=("stdbuf",),
        via="stdbuf",
        short_values="ioe",
        long_values={"--input", "--output", "--error"},
    ),
    Wrapper(
        names=("chroot",),
        via="chroot",
        long_values={"--userspec", "--groups"},
        positionals=1,
    ),
    Wrapper(
        names=("strace", "ltrace"),
        via="strace",
        short_values="eopsuaEPISXAU",
        long_values={
            "--expr",
            "--output",
            "--attach",
            "--string-limit",
            "--user",
            "--columns",
            "--env",
            "--trace-path",
        },
    ),
    Wrapper(
        names=("xargs",),
        via="xargs",
        short_values="adEILnPs",
        long_values={
            "--arg-file",
            "--delimiter",
            "--max-lines",
            "--max-args",
            "--max-procs",
            "--max-chars",
            "--process-slot-var",
        },
        unknown_args=True,
        replace_opts={"-I", "-i", "--replace"},
        default_replace="{}",
        default=("echo",),
    ),
    Wrapper(names=("find",), via="find -exec", kind="find", keep_outer=True),
    Wrapper(
        names=("parallel",),
        via="parallel",
        kind="parallel",
        short_values="jSaIdnNLE",
        long_values={
            "--jobs",
            "--sshlogin",
            "--arg-file",
            "--colsep",
            "--delimiter",
            "--max-args",
            "--max-replace-args",
            "--env",
            "--joblog",
            "--results",
            "--timeout",
            "--workdir",
            "--tmpdir",
            "--basefile",
            "--retries",
        },
        unknown_args=True,
    ),
    Wrapper(
        names=("bash", "sh", "zsh", "dash", "ksh", "ash", "mksh", "rbash"),
        via="bash -c",
        kind="shell",
        short_values="oO",
        long_values=_SHELL_LONG_VALUES,
        plus_options=True,
        command_opts={"-c"},
    ),
    Wrapper(names=("busybox",), via="busybox"),
    Wrapper(names=("eval",), via="eval", kind="join"),
    Wrapper(
        names=("su",),
        via="su -c",
        kind="su",
        short_values="csgGwC",
        long_values={
            "--command",
            "--session-command",
            "--shell",
            "--group",
            "--supp-group",
            "--whitelist-environment",
        },
        command_opts={"-c", "--command", "--session-command", "-C"},
    ),
    Wrapper(
        names=("runuser",),
        via="runuser",
        kind="su",
        short_values="csgGwu",
        long_values={
            "--command",
            "--session-command",
            "--shell",
            "--group",
            "--supp-group",
            "--whitelist-environment",
            "--user",
        },
        command_opts={"-c", "--command", "--session-command"},
        argv_opts={"-u", "--user"},
    ),
    Wrapper(
        names=("ssh",),
        via="ssh",
        kind="join",
        short_values="bcDEeFIiJLlmOopQRSWwB",
        positionals=1,
    ),
    Wrapper(
        names=("kubectl", "oc"),
        via="kubectl exec",
        kind="subcommand",
        short_values="nsv",
        long_values=_KUBECTL_GLOBAL_VALUES,
        keep_outer=True,
        subs=_KUBECTL_SUBS,
    ),
    Wrapper(
        names=("docker", "podman", "nerdctl"),
        via="docker exec",
        kind="subcommand",
        short_values="cHl",
        long_values=_DOCKER_GLOBAL_VALUES,
        keep_outer=True,
        subs=_DOCKER_SUBS,
        groups={"container"},
    ),
)
"""Every wrapper the shell layer sees through."""


def _by_name() -> MappingProxyType[str, Wrapper]:
    table: dict[str, Wrapper] = {}
    for row in WRAPPERS:
        for name in row.names:
            table.setdefault(name, row)
    return MappingProxyType(table)


WRAPPERS_BY_NAME = _by_name()
"""Wrapper rows by folded program name (read-only)."""

CONTAINER_VIAS = frozenset(
    sub.via for row in WRAPPERS for sub in row.subs if row.keep_outer
)
"""The ``via`` labels of commands run inside a container (``kubectl exec``,
``kubectl run``, ``docker run``, …): the wrapper that runs them is kept as
a command of its own."""


_DOCKER_ROW = WRAPPERS_BY_NAME["docker"]
_DOCKER_RUN = _DOCKER_SUBS[1]
_IMAGE_VERBS = frozenset(("run", "create"))


def container_image(argv: Sequence[str]) -> int:
    """
    The index of IMAGE in a ``docker|podman|nerdctl [container] run|create
    [OPTIONS] IMAGE [COMMAND] [ARG...]`` argv, or -1.

    The words after IMAGE belong to the container's command, not to
    docker. When unknown options make IMAGE's position ambiguous, the
    farthest position is returned, or -1 if there may be more than
    `MAX_READINGS` of them.

    >>> container_image(["docker", "run", "-v", "/:/h", "ubuntu", "ls"])
    4
    >>> container_image(["docker", "ps", "-a"])
    -1
    """
    n = len(argv)
    if not n or WRAPPERS_BY_NAME.get(_fold(argv[0])) is not _DOCKER_ROW:
        return -1
    row = _DOCKER_ROW
    words = list(argv)
    i = _skip_options(words, 1, row.short_values, row.long_values, [])
    if i < n and words[i] in row.groups:
        i = _skip_options(words, i + 1, row.short_values, row.long_values, [])
    if i >= n or words[i] not in _IMAGE_VERBS:
        return -1
    found = _image_positions(words, i + 1, _DOCKER_RUN, [])
    if not found or len(found) >= MAX_READINGS:
        return -1
    return found[-1]


def passes(row: Wrapper, words: Sequence[str]) -> bool:
    """
    Whether *row*, a ``subcommand`` row, certainly wraps nothing in
    *words*: none of its subcommands is there, or only subcommands that
    need a ``--`` and there is none (a fast test before `unwrap`).
    """
    subs = row.subcommands
    if not subs:
        return False
    if subs.isdisjoint(words):
        return True
    return "--" not in words and row.loose.isdisjoint(words)


def _fold(word: str) -> str:
    """`fold_program`, with a shortcut for names that need no folding."""
    if word.isalnum() and word.islower():
        return word
    return fold_program(word)


def _dq_escape(m: re.Match[str]) -> str:
    escaped = m.group(1)
    return "" if escaped == "\n" else escaped


def _unquote(m: re.Match[str]) -> str:
    single, double, escaped = m.groups()
    if single is not None:
        return single
    if double is not None:
        return TOKENS.dq_escape.sub(_dq_escape, double)
    return escaped if escaped != "\n" else ""


def split_words(text: str) -> tuple[list[str], bool]:
    """
    Split *text* into words with shell quoting, as ``env -S`` reads its
    value: quotes removed, each operator character a word of its own, no
    expansion (``$x`` stays as written). Returns the words and whether
    the text was read to its end (an unterminated quote was not).

    >>> split_words("rm -rf '/tmp/a b';x")
    (['rm', '-rf', '/tmp/a b', ';', 'x'], True)
    >>> split_words("rm 'oops")
    (['rm'], False)
    """
    words: list[str] = []
    i, n = 0, len(text)
    while i < n:
        m = TOKENS.split_token.match(text, i)
        if m is None:
            return words, False
        i = m.end()
        if m.lastgroup == "op":
            words.append(m.group())
        elif m.lastgroup == "word":
            words.append(TOKENS.split_unquote.sub(_unquote, m.group()))
    return words, True


_FIND_PLACEHOLDER = "{}"
_FIND_EXEC = frozenset(("-exec", "-execdir", "-ok", "-okdir"))
_PARALLEL_SEPS = frozenset((":::", "::::", ":::+", "::::+"))


@attrs.frozen(kw_only=True)
class Env:
    """
    What a wrapped command inherits from the command line that runs it.
    """

    via: tuple[str, ...] = ()
    assignments: tuple[tuple[str, str], ...] = ()
    redirects: tuple[Redirect, ...] = ()
    stdin: str | None = None
    stdin_unknown: bool = False
    stdin_from: str | None = None
    incomplete: bool = False
    unknown_args: bool = False
    ambiguous: bool = False
    """A wrapper's grammar was ambiguous further out (an unknown option
    before ``docker run``'s IMAGE): its readings are not multiplied again."""


@attrs.frozen(kw_only=True)
class Script:
    """
    A text a wrapper runs as a script (``bash -c TEXT``, ``eval``, ``ssh
    HOST CMD…``), for the reader to read with *env* (its via already
    extended).

    *script_stdin*: the text came from a standard input, so the script's
    own commands read nothing more from it. Words holding *mark* (an
    ``xargs -I`` placeholder) are dynamic.
    """

    text: str
    env: Env
    script_stdin: bool = False
    mark: str = ""


def _found(
    value: Iterable[SimpleCommand | Script],
) -> tuple[SimpleCommand | Script, ...]:
    return tuple(value)


@attrs.frozen(kw_only=True)
class Unwrapped:
    """
    What unwrapping one argv found, in order: the simple commands that
    run and the scripts to read (the reader reads each `Script` where it
    stands); *last* is the innermost command, `None` when the innermost
    part is a script; *errors* what went wrong.
    """

    found: tuple[SimpleCommand | Script, ...] = attrs.field(converter=_found)
    last: SimpleCommand | None = None
    errors: tuple[str, ...] = attrs.field(default=(), converter=_strs)


def _command(
    words: Sequence[str], dyn: Sequence[bool], env: Env
) -> SimpleCommand:
    return SimpleCommand(
        argv=words,
        dynamic=dyn,
        assignments=env.assignments,
        redirects=env.redirects,
        stdin=env.stdin,
        stdin_unknown=env.stdin_unknown,
        via=env.via,
        incomplete=env.incomplete,
        unknown_args=env.unknown_args,
        stdin_from=env.stdin_from,
    )


_Opts = list[tuple[str, str | None]]


def _skip_options(  # noqa: PLR0913, PLR0917 - one call site per shape
    words: Sequence[str],
    i: int,
    short_values: str,
    long_values: frozenset[str],
    opts: _Opts,
    plus: bool = False,
) -> int:
    """
    Skip the options starting at *i*; record them in *opts*; return the
    index of the first operand (after a ``--``, which is consumed).
    """
    n = len(words)
    while i < n:
        w = words[i]
        if w == "--":
            return i + 1
        first = w[:1]
        if len(w) < 2 or (first != "-" and not (plus and first == "+")):
            return i
        i += 1
        if w[1] == "-" and first == "-":
            name, eq, value = w.partition("=")
            if eq:
                opts.append((name, value))
            elif name in long_values:
                opts.append((name, words[i] if i < n else None))
                i += 1
            else:
                opts.append((name, None))
            continue
        j = 1
        while j < len(w):
            ch = w[j]
            if ch in short_values:
                rest = w[j + 1 :]
                if rest:
                    opts.append((first + ch, rest))
                else:
                    opts.append((first + ch, words[i] if i < n else None))
                    i += 1
                break
            opts.append((first + ch, None))
            j += 1
    return i


def _value(opts: _Opts, names: frozenset[str]) -> str | None:
    """The last value given to one of *names* (``""`` if bare), or None."""
    found = None
    for name, value in opts:
        if name in names:
            found = value if value is not None else ""
    return found


def _has(opts: _Opts, names: frozenset[str]) -> bool:
    return any(name in names for name, _ in opts)


class _Frame:
    """
    The argv being unwrapped: its words from *start*, and its env; what
    was found so far in *found* and *errors*.
    """

    __slots__ = ("dyn", "env", "errors", "found", "start", "token", "words")

    def __init__(self, words: list[str], dyn: list[bool], env: Env) -> None:
        self.words = words
        self.dyn = dyn
        self.start = 0
        self.env = env
        self.token = ""
        self.found: list[SimpleCommand | Script] = []
        self.errors: list[str] = []

    def emit(self, command: SimpleCommand) -> None:
        """A simple command that runs."""
        self.found.append(command)

    def emit_outer(self) -> SimpleCommand:
        """Emit the wrapper itself, from *start*, as a command."""
        command = _command(
            self.words[self.start :], self.dyn[self.start :], self.env
        )
        self.found.append(command)
        return command

    def take(self, inner: Unwrapped) -> None:
        """What unwrapping another reading found."""
        self.found.extend(inner.found)
        self.errors.extend(inner.errors)

    def inner(self, row: Wrapper | Subcommand, **changes: Any) -> Env:
        """The env of the wrapped command."""
        return attrs.evolve(self.env, via=(*self.env.via, row.via), **changes)

    def script(self, i: int, env: Env) -> _Done:
        """
        Read word *i* as a script; a word that is unknown as a whole
        (an ``xargs -I`` placeholder, a glob) is a dynamic program.
        """
        text = self.words[i]
        if self.dyn[i] and "$" not in text and "`" not in text:
            if not self.token or text == self.token:
                self.found.append(_command((text,), (True,), env))
                return _DONE
            self.found.append(Script(text=text, env=env, mark=self.token))
            return _DONE
        return self.relex(text, env)

    def relex(self, text: str, env: Env) -> _Done:
        """Read *text* as a script run with *env*."""
        self.found.append(Script(text=text, env=env))
        return _DONE

    def mark(self, start: int, token: str) -> None:
        """Mark the words from *start* holding *token* as dynamic."""
        words, dyn = self.words, self.dyn
        for k in range(start, len(words)):
            if token in words[k]:
                dyn[k] = True


@attrs.frozen
class _Done:
    """Unwrapping ended; *last* is the innermost command, if one."""

    last: SimpleCommand | None = None


_DONE = _Done()


_NOTHING = Unwrapped(found=())


def unwrap(
    words: Sequence[str],
    dyn: Sequence[bool],
    env: Env,
    *,
    token: str = "",
) -> Unwrapped:
    """
    The command *words* and whatever it wraps, as data.

    *token* is a placeholder replaced by unknown text at run time
    (``find -exec … {}``). The result lists the simple commands that run
    and the scripts to read, in order; its *last* is the innermost simple
    command, or `None` when the innermost part is a script.

    >>> [getattr(f, "argv", None) or f.text
    ...  for f in unwrap(["sudo", "sh", "-c", "ls"], [False] * 4, Env()).found]
    ['ls']
    """
    if not words:
        return _NOTHING
    row = None if dyn[0] else WRAPPERS_BY_NAME.get(_fold(words[0]))
    if row is None or passes(row, words):  # the common case: no wrapper
        command = _command(words, dyn, env)
        return Unwrapped(found=(command,), last=command)
    frame = _Frame(list(words), list(dyn), env)
    frame.token = token
    last = _unwrap(frame)
    return Unwrapped(found=frame.found, last=last, errors=frame.errors)


def _unwrap(frame: _Frame) -> SimpleCommand | None:
    """Step through the wrappers of *frame*; the innermost command."""
    for _ in range(MAX_WRAPPERS):
        start = frame.start
        if start >= len(frame.words):
            return None
        if frame.dyn[start]:
            break
        row = WRAPPERS_BY_NAME.get(_fold(frame.words[start]))
        if row is None:
            break
        step = _STEPS[row.kind](row, frame)
        if step is None:
            break
        if isinstance(step, _Done):
            return step.last
    else:
        frame.errors.append(f"wrappers nested deeper than {MAX_WRAPPERS}")
        frame.env = attrs.evolve(frame.env, incomplete=True)
    return frame.emit_outer()


# A step returns True when *frame* now starts at the wrapped command,
# a _Done when it emitted everything, None when the row does not apply
# (the command is emitted as it is).


def _step_argv(row: Wrapper, frame: _Frame) -> bool | _Done | None:
    words, env = frame.words, frame.env
    opts: _Opts = []
    i = _skip_options(
        words,
        frame.start + 1,
        row.short_values,
        row.long_values,
        opts,
        plus=row.plus_options,
    )
    changes: dict[str, Any] = {}
    if row.split:
        extra: list[str] = []
        for name, value in opts:
            if name in row.split and value is not None:
                words_of, complete = split_words(value)
                extra.extend(words_of)
                if not complete:
                    frame.errors.append("unterminated quote")
        if extra:
            frame.words = words = [*words[:i], *extra, *words[i:]]
            frame.dyn = [
                *frame.dyn[:i],
                *([False] * len(extra)),
                *frame.dyn[i:],
            ]
    if row.assignments:
        assigns = list(env.assignments)
        n = len(words)
        if i < n and words[i] == "-":
            i += 1
        while i < n and TOKENS.name_eq.match(words[i]):
            name, _, value = words[i].partition("=")
            assigns.append((name, value))
            i += 1
        changes["assignments"] = tuple(assigns)
    i += row.positionals
    token = _value(opts, row.replace_opts) if row.replace_opts else None
    if row.unknown_args:
        # xargs: the command's standard input is not xargs' input; its
        # arguments come from that input
        changes.update(
            unknown_args=True,
            stdin=None,
            stdin_unknown=False,
            stdin_from=None,
        )
        if token is not None:
            token = token or row.default_replace
            lines = (env.stdin or "").split("\n")
            if env.stdin is not None and len([x for x in lines if x]) == 1:
                # ``echo X | xargs -I{} CMD {}``: one known line
                line = next(x for x in lines if x)
                frame.words = words = [
                    w.replace(token, line) if k >= i else w
                    for k, w in enumerate(words)
                ]
                changes["unknown_args"] = False
            else:
                frame.mark(i, token)
                frame.token = token
    if i >= len(words):
        if row.empty_ok and not opts:
            if env.redirects or env.assignments:
                frame.emit(_command((), (), env))
            return _DONE
        if not row.default:
            return None
        frame.words = words = [*words, *row.default]
        frame.dyn.extend([False] * len(row.default))
    if (
        row.unknown_args
        and token is None
        and env.stdin is not None
        and not opts
    ):
        # ``echo a b | xargs CMD``: the arguments are known
        extra = env.stdin.split()
        frame.words = [*words, *extra]
        frame.dyn.extend([False] * len(extra))
        changes["unknown_args"] = False
    frame.start = i
    frame.env = frame.inner(row, **changes)
    return True


def _step_join(row: Wrapper, frame: _Frame) -> bool | _Done | None:
    words, env = frame.words, frame.env
    opts: _Opts = []
    i = _skip_options(
        words, frame.start + 1, row.short_values, row.long_values, opts
    )
    if row.positionals:
        i = _skip_options(
            words,
            i + row.positionals,
            row.short_values,
            row.long_values,
            opts,
        )
    if row.argv_opts and _has(opts, row.argv_opts):
        if i >= len(words):
            return None
        frame.start = i
        frame.env = frame.inner(row)
        return True
    if i < len(words):
        return frame.relex(" ".join(words[i:]), frame.inner(row))
    if row.positionals and i == len(words) and env.stdin is not None:
        # ``echo CMD | ssh host``: the remote shell reads the script
        return _shell_stdin(frame, (*env.via, row.via))
    return None


def _shell_stdin(frame: _Frame, via: tuple[str, ...]) -> _Done | None:
    """A shell reading its script from a known standard input."""
    env = frame.env
    if env.stdin is None:
        return None
    frame.found.append(
        Script(
            text=env.stdin,
            env=attrs.evolve(
                env,
                via=(*via, "sh stdin"),
                stdin=None,
                stdin_unknown=False,
                stdin_from=None,
            ),
            script_stdin=True,
        )
    )
    return _DONE


def _step_shell(row: Wrapper, frame: _Frame) -> bool | _Done | None:
    words = frame.words
    opts: _Opts = []
    i = _skip_options(
        words,
        frame.start + 1,
        row.short_values,
        row.long_values,
        opts,
        plus=True,
    )
    if _has(opts, row.command_opts):
        if i >= len(words):
            return None
        return frame.script(i, frame.inner(row))
    if i < len(words) and not _has(opts, _STDIN_FLAG):
        return None  # a script file: the shell stays a command
    return _shell_stdin(frame, frame.env.via)


def _step_su(row: Wrapper, frame: _Frame) -> bool | _Done | None:
    words = frame.words
    opts: _Opts = []
    start = frame.start
    i = start + 1
    n = len(words)
    while True:
        i = _skip_options(words, i, row.short_values, row.long_values, opts)
        if row.argv_opts and _has(opts, row.argv_opts):
            if i >= n:
                return None
            frame.start = i
            frame.env = frame.inner(row)
            return True
        if i >= n or _has(opts, row.command_opts):
            break
        if words[i - 1] == "--" and i > start + 1:
            break
        i += 1  # ``-`` or the user name; options may follow
    command = _value(opts, row.command_opts)
    if command is not None:
        return frame.relex(command, frame.inner(row))
    return _shell_stdin(frame, frame.env.via)


def _step_find(row: Wrapper, frame: _Frame) -> bool | _Done | None:
    words, dyn = frame.words, frame.dyn
    n = len(words)
    execs: list[tuple[int, int]] = []
    i = frame.start + 1
    while i < n:
        if words[i] in _FIND_EXEC and not dyn[i]:
            j = i + 1
            # ends at ``;``, or at ``+`` right after ``{}``
            while j < n and not (
                words[j] == ";" or (words[j] == "+" and words[j - 1] == "{}")
            ):
                j += 1
            execs.append((i + 1, j))
            i = j + 1
        else:
            i += 1
    if not execs:
        return None
    last: SimpleCommand | None = frame.emit_outer()
    inner = frame.inner(row, unknown_args=True)
    for lo, hi in execs:
        if lo < hi:
            sub = words[lo:hi]
            marks = [
                d or "{}" in w for w, d in zip(sub, dyn[lo:hi], strict=True)
            ]
            found = unwrap(sub, marks, inner, token=_FIND_PLACEHOLDER)
            frame.take(found)
            last = found.last or last
    return _Done(last)


def _step_parallel(row: Wrapper, frame: _Frame) -> bool | _Done | None:
    words = frame.words
    opts: _Opts = []
    i = _skip_options(
        words, frame.start + 1, row.short_values, row.long_values, opts
    )
    n = len(words)
    j = i
    while j < n and words[j] not in _PARALLEL_SEPS:
        j += 1
    inner = frame.inner(row, unknown_args=True)
    if j > i:
        return frame.relex(" ".join(words[i:j]), inner)
    for k in range(j, n):  # ``parallel ::: CMD1 CMD2``
        if words[k] not in _PARALLEL_SEPS:
            frame.relex(words[k], inner)
    return _DONE


def _step_subcommand(row: Wrapper, frame: _Frame) -> bool | _Done | None:
    words, dyn = frame.words, frame.dyn
    opts: _Opts = []
    i = _skip_options(
        words, frame.start + 1, row.short_values, row.long_values, opts
    )
    n = len(words)
    if i < n and words[i] in row.groups and not dyn[i]:
        i = _skip_options(
            words, i + 1, row.short_values, row.long_values, opts
        )
    if i >= n or dyn[i] or words[i] not in row.subcommands:
        return None
    for sub in row.subs:
        j = _match_path(row, sub, words, dyn, i)
        if j >= 0:
            if sub.short_flags is not None:
                return _image_grammar(sub, frame, j)
            return _dash_grammar(row, sub, frame, j)
    return None


def _match_path(
    row: Wrapper,
    sub: Subcommand,
    words: Sequence[str],
    dyn: Sequence[bool],
    i: int,
) -> int:
    """
    The index after *sub*'s path at *i* (options between), or -1; word *i*
    is known and one of the row's subcommands.
    """
    if len(sub.path) == 1:
        return i + 1 if words[i] in sub.path[0] else -1
    n = len(words)
    for k, names in enumerate(sub.path):
        if k:
            shorts, longs = row.sub_options[row.subs.index(sub)]
            i = _skip_options(words, i, shorts, longs, [])
        if i >= n or dyn[i] or words[i] not in names:
            return -1
        i += 1
    return i


def _on(opts: _Opts, names: frozenset[str]) -> bool:
    """Whether a boolean flag among *names* is on (``--x``, ``--x=true``)."""
    value = _value(opts, names)
    return value is not None and value.lower() not in _FALSE


_FALSE = frozenset(("false", "0", "f"))


def _dash_grammar(
    row: Wrapper, sub: Subcommand, frame: _Frame, i: int
) -> bool | _Done | None:
    """``kubectl exec|debug|run|create … [--] COMMAND…``."""
    words = frame.words
    n = len(words)
    end = n
    if sub.dash_dash:
        try:
            end = words.index("--", i)
        except ValueError:
            end = n
    opts: _Opts = []
    start = end + 1
    if end == n or sub.reads_options:
        shorts, longs = row.sub_options[row.subs.index(sub)]
        operands = 0
        k = i
        while k < end:
            k = _skip_options(words, k, shorts, longs, opts)
            if k >= end:
                break
            if not sub.dash_only:
                if words[k - 1] == "--" and k - 1 >= i:
                    start = k  # ``docker exec CTR -- CMD``
                    break
                operands += 1
                if operands > sub.positionals:
                    start = k  # ``kubectl exec POD CMD…``: no ``--``
                    break
            k += 1
    outer = frame.emit_outer()
    if start >= n:
        return _Done(outer)
    inner = frame.inner(sub)
    if sub.reads_options:
        if _dry_run(opts, sub.dry_run_opts):
            return _Done(outer)
        if (sub.args_default and not _on(opts, sub.command_opts)) or _on(
            opts, sub.args_opts
        ):
            args = (words[start:], frame.dyn[start:])
            image = _value(opts, sub.image_opts) or ""
            readings = [args, *_entrypoint(frame, image, args, inner)]
            return _read(frame, outer, readings, inner)
    frame.start = start
    frame.env = inner
    return True


def _dry_run(opts: _Opts, names: frozenset[str]) -> bool:
    """``--dry-run``, ``--dry-run=client|server``: nothing is created."""
    if not names:
        return False
    value = _value(opts, names)
    return value is not None and value != "none"


_Reading = tuple[list[str], list[bool]]


def _entrypoint(
    frame: _Frame, image: str, args: _Reading, env: Env
) -> list[_Reading]:
    """
    Emit *args* given to the image's ENTRYPOINT: a dynamic program, named
    by the image (``bitnami/kubectl:1.32`` -> ``kubectl``). An image named
    like a wrapper (``bash``, ``busybox``) is also read as that wrapper:
    the reading is returned.
    """
    name = image.partition("@")[0].rpartition("/")[2].partition(":")[0]
    words, flags = args
    frame.emit(_command((name, *words), (True, *flags), env))
    if name and WRAPPERS_BY_NAME.get(_fold(name)) is not None:
        return [([name, *words], [False, *flags])]
    return []


def _read(
    frame: _Frame, outer: SimpleCommand, readings: list[_Reading], env: Env
) -> bool | _Done:
    """
    Go on with the first reading of the wrapped words; unwrap the others
    into the frame's findings, once per input (*env* then becomes
    ``ambiguous``, and a wrapper inside reads its words one way only).
    """
    if not readings:
        return _Done(outer)
    if len(readings) > 1 and not env.ambiguous:
        env = attrs.evolve(env, ambiguous=True)
        for argv, flags in readings[1:]:
            frame.take(unwrap(argv, flags, env, token=frame.token))
    frame.words, frame.dyn = readings[0]
    frame.start = 0
    frame.env = env
    return True


def _image_grammar(sub: Subcommand, frame: _Frame, i: int) -> bool | _Done:
    """``docker run [OPTIONS] IMAGE [COMMAND] [ARG...]``."""
    opts: _Opts = []
    images = _image_positions(frame.words, i, sub, opts)
    outer = frame.emit_outer()
    if frame.env.ambiguous:
        del images[1:]
    program = _value(opts, sub.program_opts)
    words, dyn = frame.words, frame.dyn
    inner = frame.inner(sub)
    readings: list[_Reading] = []
    for p in images:
        args = (words[p + 1 :], dyn[p + 1 :])
        if program:
            prog = _program_words(program)
            readings.append(([*prog, *args[0]], [False] * len(prog) + args[1]))
        elif args[0]:
            readings.append(args)
            if program is None:
                readings += _entrypoint(frame, words[p], args, inner)
    return _read(frame, outer, readings, inner)


def _program_words(value: str) -> list[str]:
    """``--entrypoint`` is one program, or (podman) a JSON array."""
    if value.startswith("["):
        import json  # rare: not imported at start

        try:
            parsed = json.loads(value)
        except ValueError:
            return [value]
        if (
            isinstance(parsed, list)
            and parsed
            and all(isinstance(w, str) for w in parsed)
        ):
            return parsed
    return [value]


def _image_positions(
    words: Sequence[str], i: int, sub: Subcommand, opts: _Opts
) -> list[int]:
    """
    The indices where IMAGE may be, options from *i* recorded in *opts*:
    one, unless an option the table does not know may or may not take a
    value (then each, at most `MAX_READINGS`, in order).
    """
    n = len(words)
    shorts, flags = sub.short_values, sub.short_flags or ""
    found: list[int] = []
    todo = [i]
    seen: set[int] = set()
    while todo and len(found) < MAX_READINGS:
        k = min(todo)
        todo.remove(k)
        if k >= n or k in seen:
            continue
        seen.add(k)
        w = words[k]
        if w == "--":
            if k + 1 < n:
                found.append(k + 1)
            continue
        if len(w) < 2 or w[0] != "-":
            found.append(k)
            continue
        if w[1] == "-":
            name, eq, value = w.partition("=")
            if eq:
                opts.append((name, value))
                todo.append(k + 1)
            elif name in sub.long_values:
                opts.append((name, words[k + 1] if k + 1 < n else None))
                todo.append(k + 2)
            else:
                opts.append((name, None))
                todo.append(k + 1)
                if name not in sub.long_flags:
                    todo.append(k + 2)
            continue
        nxt = [k + 1]
        for j in range(1, len(w)):
            ch = w[j]
            if ch in flags:
                opts.append(("-" + ch, None))
                continue
            if ch in shorts:
                rest = w[j + 1 :]
                opts.append(
                    ("-" + ch, rest or (words[k + 1] if k + 1 < n else None))
                )
                if not rest:
                    nxt = [k + 2]
            else:
                nxt = [k + 1, k + 2]  # unknown: a flag or takes a value
            break
        todo.extend(nxt)
    return found


_STDIN_FLAG = frozenset({"-s"})

_STEPS: MappingProxyType[
    str, Callable[[Wrapper, _Frame], bool | _Done | None]
] = MappingProxyType(
    {
        "argv": _step_argv,
        "join": _step_join,
        "shell": _step_shell,
        "su": _step_su,
        "find": _step_find,
        "parallel": _step_parallel,
        "subcommand": _step_subcommand,
    }
)
