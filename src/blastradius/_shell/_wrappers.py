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
- ``subcommand``: a wrapper only through one subcommand (``kubectl exec``,
  ``docker exec``); other subcommands are ordinary commands.
"""

from __future__ import annotations

import re

from collections.abc import Callable, Iterable, Sequence
from types import MappingProxyType
from typing import Any

import attrs

from blastradius._model import Redirect, SimpleCommand, fold_program


__all__ = [
    "MAX_WRAPPERS",
    "WRAPPERS",
    "WRAPPERS_BY_NAME",
    "Env",
    "Sink",
    "Wrapper",
    "unwrap",
]

MAX_WRAPPERS = 64
"""How many wrappers may nest in one argv before the rest is left as is."""


def _strs(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


def _set(value: Iterable[str]) -> frozenset[str]:
    return frozenset(value)


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
        subcommands: For ``subcommand`` rows, the subcommands that wrap.
        sub_short_values: Short options of the subcommand taking a value.
        sub_long_values: Long options of the subcommand taking a value.
        plus_options: Words starting with ``+`` are options too (shells'
            ``+o``).
        dash_dash: For ``subcommand`` rows, a ``--`` after the subcommand
            starts the wrapped command (``kubectl exec POD -- CMD``).
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
    subcommands: frozenset[str] = attrs.field(
        converter=_set, default=frozenset()
    )
    sub_short_values: str = ""
    sub_long_values: frozenset[str] = attrs.field(
        converter=_set, default=frozenset()
    )
    plus_options: bool = False
    dash_dash: bool = False
    empty_ok: bool = False
    default: tuple[str, ...] = attrs.field(converter=_strs, default=())


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
        subcommands={"exec"},
        dash_dash=True,
        sub_short_values="cf",
        sub_long_values={"--container", "--filename", "--pod-running-timeout"},
        positionals=1,
    ),
    Wrapper(
        names=("docker", "podman", "nerdctl"),
        via="docker exec",
        kind="subcommand",
        short_values="cHl",
        long_values=_DOCKER_GLOBAL_VALUES,
        keep_outer=True,
        subcommands={"exec"},
        sub_short_values="euw",
        sub_long_values={
            "--env",
            "--user",
            "--workdir",
            "--env-file",
            "--detach-keys",
        },
        positionals=1,
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


def _fold(word: str) -> str:
    """`fold_program`, with a shortcut for names that need no folding."""
    if word.isalnum() and word.islower():
        return word
    return fold_program(word)


_NAME_EQ = re.compile(r"[A-Za-z_][A-Za-z0-9_]*=")
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


class Sink:
    """
    Where unwrapping sends what it finds (implemented by the parser).
    """

    def emit(self, command: SimpleCommand) -> None:
        raise NotImplementedError

    def relex(
        self, text: str, env: Env, *, script_stdin: bool, mark: str = ""
    ) -> None:
        """
        Parse *text* as a script run with *env* (its via already
        extended). *script_stdin*: the text came from a standard input, so
        the script's own commands read nothing more from it. Words holding
        *mark* (an ``xargs -I`` placeholder) are dynamic.
        """
        raise NotImplementedError

    def split_words(self, text: str) -> list[str]:
        """
        Split *text* into words with shell quoting (``env -S``).
        """
        raise NotImplementedError

    def error(self, message: str) -> None:
        raise NotImplementedError


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
    """The argv being unwrapped: its words from *start*, and its env."""

    __slots__ = ("dyn", "env", "sink", "start", "token", "words")

    def __init__(
        self, words: list[str], dyn: list[bool], env: Env, sink: Sink
    ) -> None:
        self.words = words
        self.dyn = dyn
        self.start = 0
        self.env = env
        self.sink = sink
        self.token = ""

    def emit_outer(self) -> SimpleCommand:
        """Emit the wrapper itself, from *start*, as a command."""
        command = _command(
            self.words[self.start :], self.dyn[self.start :], self.env
        )
        self.sink.emit(command)
        return command

    def inner(self, row: Wrapper, **changes: Any) -> Env:
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
                self.sink.emit(_command((text,), (True,), env))
                return _DONE
            self.sink.relex(text, env, script_stdin=False, mark=self.token)
            return _DONE
        return self.relex(text, env)

    def relex(self, text: str, env: Env) -> _Done:
        self.sink.relex(text, env, script_stdin=False)
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


def unwrap(
    words: Sequence[str],
    dyn: Sequence[bool],
    env: Env,
    sink: Sink,
    *,
    token: str = "",
) -> SimpleCommand | None:
    """
    Emit the command *words* and whatever it wraps into *sink*.

    *token* is a placeholder replaced by unknown text at run time
    (``find -exec … {}``).

    Returns the innermost simple command emitted, or `None` when the
    innermost part was a script (re-lexed into *sink*).
    """
    if not words:
        return None
    row = None if dyn[0] else WRAPPERS_BY_NAME.get(_fold(words[0]))
    if row is None or (
        row.subcommands and row.subcommands.isdisjoint(words)
    ):  # the common case: not a wrapper
        command = _command(words, dyn, env)
        sink.emit(command)
        return command
    frame = _Frame(list(words), list(dyn), env, sink)
    frame.token = token
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
        sink.error(f"wrappers nested deeper than {MAX_WRAPPERS}")
        frame.env = attrs.evolve(frame.env, incomplete=True)
    return frame.emit_outer()


# A step returns True when *frame* now starts at the wrapped command,
# a _Done when it emitted everything, None when the row does not apply
# (the command is emitted as it is).


def _step_argv(row: Wrapper, frame: _Frame) -> bool | _Done | None:
    words, env, sink = frame.words, frame.env, frame.sink
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
                extra.extend(sink.split_words(value))
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
        while i < n and _NAME_EQ.match(words[i]):
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
                sink.emit(_command((), (), env))
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
    frame.sink.relex(
        env.stdin,
        attrs.evolve(
            env,
            via=(*via, "sh stdin"),
            stdin=None,
            stdin_unknown=False,
            stdin_from=None,
        ),
        script_stdin=True,
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
            last = (
                unwrap(sub, marks, inner, frame.sink, token=_FIND_PLACEHOLDER)
                or last
            )
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
    words = frame.words
    opts: _Opts = []
    i = _skip_options(
        words, frame.start + 1, row.short_values, row.long_values, opts
    )
    n = len(words)
    if i >= n or words[i] not in row.subcommands or frame.dyn[i]:
        return None
    dash = -1
    if row.dash_dash:
        for k in range(i + 1, n):
            if words[k] == "--":
                dash = k
                break
    if dash >= 0:
        j = dash + 1
    else:
        shorts = row.sub_short_values + row.short_values
        longs = row.sub_long_values | row.long_values
        j = _skip_options(words, i + 1, shorts, longs, opts)
        j += row.positionals
        j = _skip_options(words, j, shorts, longs, opts)
    outer = frame.emit_outer()
    if j >= n:
        return _Done(outer)
    frame.start = j
    frame.env = frame.inner(row)
    return True


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
