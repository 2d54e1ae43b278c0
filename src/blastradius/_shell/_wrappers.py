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

from collections.abc import Iterable, Sequence
from functools import cache
from types import MappingProxyType

from blastradius._model import fold_program
from blastradius._record import Record


__all__ = [
    "CONTAINER_VIAS",
    "DOCKER_RUN",
    "GRAMMARS",
    "KINDS",
    "MAX_READINGS",
    "MAX_WRAPPERS",
    "WRAPPERS",
    "WRAPPERS_BY_NAME",
    "Subcommand",
    "Wrapper",
    "fold",
    "grammar_options",
    "passes",
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


def _path(
    value: Iterable[str | frozenset[str]],
) -> tuple[frozenset[str], ...]:
    """``("create", "cronjob|cj")``: each word with its aliases."""
    return tuple(
        word if isinstance(word, frozenset) else frozenset(word.split("|"))
        for word in value
    )


class Subcommand(Record):
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
        grammar_path: For a row of a program with a grammar of its own
            (the wrapper's *grammar*: kubectl), the command path whose
            value-taking flags that grammar names; *short_values* and
            *long_values* are then read from it, not written here.
        reads_options: Derived: the options before ``--`` matter.
    """

    __slots__ = (
        *(
            _fields := (
                "path",
                "via",
                "short_values",
                "long_values",
                "short_flags",
                "long_flags",
                "positionals",
                "dash_dash",
                "dash_only",
                "args_default",
                "command_opts",
                "args_opts",
                "program_opts",
                "image_opts",
                "dry_run_opts",
                "grammar_path",
            )
        ),
        "reads_options",
    )

    path: tuple[frozenset[str], ...]
    via: str
    short_values: str
    long_values: frozenset[str]
    short_flags: str | None
    long_flags: frozenset[str]
    positionals: int
    dash_dash: bool
    dash_only: bool
    args_default: bool
    command_opts: frozenset[str]
    args_opts: frozenset[str]
    program_opts: frozenset[str]
    image_opts: frozenset[str]
    dry_run_opts: frozenset[str]
    grammar_path: tuple[str, ...] | None
    reads_options: bool

    def __init__(  # noqa: PLR0913 - one field each
        self,
        *,
        path: Iterable[str | frozenset[str]],
        via: str,
        short_values: str = "",
        long_values: Iterable[str] = (),
        short_flags: str | None = None,
        long_flags: Iterable[str] = (),
        positionals: int = 1,
        dash_dash: bool = False,
        dash_only: bool = False,
        args_default: bool = False,
        command_opts: Iterable[str] = (),
        args_opts: Iterable[str] = (),
        program_opts: Iterable[str] = (),
        image_opts: Iterable[str] = (),
        dry_run_opts: Iterable[str] = (),
        grammar_path: Iterable[str] | None = None,
    ) -> None:
        (
            set_path,
            set_via,
            set_short_values,
            set_long_values,
            set_short_flags,
            set_long_flags,
            set_positionals,
            set_dash_dash,
            set_dash_only,
            set_args_default,
            set_command_opts,
            set_args_opts,
            set_program_opts,
            set_image_opts,
            set_dry_run_opts,
            set_grammar_path,
            set_reads_options,
        ) = self._setters
        words = _path(path)
        if not words:
            msg = f"subcommand {via!r} needs a path"
            raise ValueError(msg)
        set_path(self, words)
        set_via(self, via)
        set_short_values(self, short_values)
        set_long_values(self, _set(long_values))
        set_short_flags(self, short_flags)
        set_long_flags(self, _set(long_flags))
        set_positionals(self, positionals)
        set_dash_dash(self, dash_dash)
        set_dash_only(self, dash_only)
        set_args_default(self, args_default)
        set_command_opts(self, _set(command_opts))
        set_args_opts(self, _set(args_opts))
        set_program_opts(self, _set(program_opts))
        set_image_opts(self, _set(image_opts))
        set_dry_run_opts(self, _set(dry_run_opts))
        set_grammar_path(
            self, None if grammar_path is None else _strs(grammar_path)
        )
        set_reads_options(
            self,
            bool(
                self.command_opts
                or self.args_opts
                or self.image_opts
                or self.dry_run_opts
            ),
        )


KINDS = frozenset(
    ("argv", "join", "shell", "su", "find", "parallel", "subcommand")
)
"""The row kinds: how a row's wrapped command is found."""


class Wrapper(Record):
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
        grammar: The program's own grammar, when the package has one
            (``"kubectl"``: `blastradius.families.kubectl.grammar`): the
            options that take a value, the row's and its *subs*' (at their
            *grammar_path*), are read from it (`options`,
            `global_options`), not from *short_values* / *long_values*.
    """

    __slots__ = (
        *(
            _fields := (
                "names",
                "via",
                "kind",
                "short_values",
                "long_values",
                "positionals",
                "assignments",
                "keep_outer",
                "unknown_args",
                "split",
                "command_opts",
                "argv_opts",
                "replace_opts",
                "default_replace",
                "subs",
                "groups",
                "plus_options",
                "empty_ok",
                "default",
                "grammar",
            )
        ),
        "subcommands",
        "loose",
        "sub_options",
    )

    names: tuple[str, ...]
    via: str
    kind: str
    short_values: str
    long_values: frozenset[str]
    positionals: int
    assignments: bool
    keep_outer: bool
    unknown_args: bool
    split: frozenset[str]
    command_opts: frozenset[str]
    argv_opts: frozenset[str]
    replace_opts: frozenset[str]
    default_replace: str
    subs: tuple[Subcommand, ...]
    groups: frozenset[str]
    plus_options: bool
    empty_ok: bool
    default: tuple[str, ...]
    grammar: str
    subcommands: frozenset[str]
    loose: frozenset[str]
    sub_options: tuple[tuple[str, frozenset[str]], ...]

    def __init__(  # noqa: PLR0913 - one field each
        self,
        *,
        names: Iterable[str],
        via: str,
        kind: str = "argv",
        short_values: str = "",
        long_values: Iterable[str] = (),
        positionals: int = 0,
        assignments: bool = False,
        keep_outer: bool = False,
        unknown_args: bool = False,
        split: Iterable[str] = (),
        command_opts: Iterable[str] = (),
        argv_opts: Iterable[str] = (),
        replace_opts: Iterable[str] = (),
        default_replace: str = "",
        subs: Iterable[Subcommand] = (),
        groups: Iterable[str] = (),
        plus_options: bool = False,
        empty_ok: bool = False,
        default: Iterable[str] = (),
        grammar: str = "",
    ) -> None:
        (
            set_names,
            set_via,
            set_kind,
            set_short_values,
            set_long_values,
            set_positionals,
            set_assignments,
            set_keep_outer,
            set_unknown_args,
            set_split,
            set_command_opts,
            set_argv_opts,
            set_replace_opts,
            set_default_replace,
            set_subs,
            set_groups,
            set_plus_options,
            set_empty_ok,
            set_default,
            set_grammar,
            set_subcommands,
            set_loose,
            set_sub_options,
        ) = self._setters
        row_names = _strs(names)
        if not row_names or kind not in KINDS or grammar not in GRAMMARS:
            msg = (
                f"wrapper row {via!r}: names {row_names!r}, kind {kind!r}, "
                f"grammar {grammar!r}"
            )
            raise ValueError(msg)
        rows = _subs(subs)
        if grammar and any(sub.grammar_path is None for sub in rows):
            msg = f"wrapper row {via!r}: each subcommand needs a grammar_path"
            raise ValueError(msg)
        set_names(self, row_names)
        set_via(self, via)
        set_kind(self, kind)
        set_short_values(self, short_values)
        set_long_values(self, _set(long_values))
        set_positionals(self, positionals)
        set_assignments(self, assignments)
        set_keep_outer(self, keep_outer)
        set_unknown_args(self, unknown_args)
        set_split(self, _set(split))
        set_command_opts(self, _set(command_opts))
        set_argv_opts(self, _set(argv_opts))
        set_replace_opts(self, _set(replace_opts))
        set_default_replace(self, default_replace)
        set_subs(self, rows)
        set_groups(self, _set(groups))
        set_plus_options(self, plus_options)
        set_empty_ok(self, empty_ok)
        set_default(self, _strs(default))
        set_grammar(self, grammar)
        set_subcommands(
            self,
            frozenset(w for sub in rows for w in sub.path[0]),
        )
        set_loose(
            self,
            frozenset(
                w for sub in rows if not sub.dash_only for w in sub.path[0]
            ),
        )
        set_sub_options(
            self,
            tuple(
                (
                    short_values + sub.short_values,
                    self.long_values | sub.long_values,
                )
                for sub in rows
            ),
        )

    def options(self, sub: Subcommand) -> tuple[str, frozenset[str]]:
        """
        The short and long options taking a value for *sub*, one of
        *subs*: its own and the row's global ones (from the program's
        *grammar*, when it has one).
        """
        if self.grammar:
            return grammar_options(self.grammar, sub.grammar_path or ())
        for each, options in zip(self.subs, self.sub_options, strict=True):
            if each is sub:
                return options
        return self.sub_options[self.subs.index(sub)]

    def global_options(self) -> tuple[str, frozenset[str]]:
        """
        The short and long options taking a value before a subcommand
        (from the program's *grammar*, when it has one).
        """
        if self.grammar:
            return grammar_options(self.grammar, ())
        return self.short_values, self.long_values


GRAMMARS = frozenset(("", "kubectl"))
"""The programs whose option tables come from their family's grammar."""


@cache
def grammar_options(
    program: str, path: tuple[str, ...]
) -> tuple[str, frozenset[str]]:
    """
    The short letters and long options that take a separate value word at
    command *path* of *program* (one of `GRAMMARS`), from its family's
    grammar: kubectl's `blastradius.families.kubectl.grammar.value_flags`,
    imported the first time a kubectl row is read (``import
    blastradius._shell`` never loads the family). A table derived from
    constant data, built once per path.

    >>> shorts, longs = grammar_options("kubectl", ("exec",))
    >>> "c" in shorts, "--container" in longs, "--stdin" in longs
    (True, True, False)
    """
    if program != "kubectl":
        msg = f"no grammar for {program!r}"
        raise ValueError(msg)
    from blastradius.families.kubectl.grammar import value_flags

    longs, shorts = value_flags(path)
    return "".join(sorted(shorts)), longs


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

# The kubectl subcommands that start a container with a command. Which of
# their options take a value word is kubectl's own grammar's
# (`grammar_options`: the kubectl family's table, generated from kubectl's
# source), read at each row's *grammar_path*.
_KUBECTL_DRY_RUN = frozenset({"--dry-run"})

_KUBECTL_SUBS = (
    # kubectl exec (POD | TYPE/NAME) [-c CONTAINER] -- COMMAND [args...]
    Subcommand(
        path=("exec",),
        grammar_path=("exec",),
        via="kubectl exec",
        dash_dash=True,
    ),
    # kubectl debug (POD | TYPE/NAME) [ -- COMMAND [args...] ]: the
    # debug container's command; --arguments-only makes them its args.
    Subcommand(
        path=("debug",),
        grammar_path=("debug",),
        via="kubectl debug",
        dash_dash=True,
        dash_only=True,
        args_opts={"--arguments-only"},
        image_opts={"--image"},
    ),
    # kubectl run NAME --image=image [--command] -- [COMMAND] [args...]:
    # without --command the words are the container's args.
    Subcommand(
        path=("run",),
        grammar_path=("run",),
        via="kubectl run",
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
        grammar_path=("create", "job"),
        via="kubectl create job",
        dash_dash=True,
        dash_only=True,
        dry_run_opts=_KUBECTL_DRY_RUN,
    ),
    Subcommand(
        path=("create", "cronjob|cj"),
        grammar_path=("create", "cronjob"),
        via="kubectl create cronjob",
        dash_dash=True,
        dash_only=True,
        dry_run_opts=_KUBECTL_DRY_RUN,
    ),
    Subcommand(
        path=("create", "deployment|deploy"),
        grammar_path=("create", "deployment"),
        via="kubectl create deployment",
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
        keep_outer=True,
        subs=_KUBECTL_SUBS,
        grammar="kubectl",
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


def fold(word: str) -> str:
    """`fold_program`, with a shortcut for names that need no folding."""
    if word.isalnum() and word.islower():
        return word
    return fold_program(word)


DOCKER_RUN = _DOCKER_SUBS[1]
"""The ``docker [container] run`` row (its IMAGE grammar)."""
