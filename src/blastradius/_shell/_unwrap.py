"""
Unwrapping: what a wrapper row says the wrapped command is, as data.

`unwrap` takes an argv and its `Env` (what the command line gives it) and
steps through its wrappers (the `WRAPPERS` table): each step function,
one per row *kind*, finds the wrapped argv, or a script to read. It
returns an `Unwrapped`: the simple commands that run and the `Script`
texts to read, in order, for the reader to take; it never reads a script
itself and never calls back into the reader.
"""

from __future__ import annotations

import re

from collections.abc import Callable, Sequence
from types import MappingProxyType
from typing import Any

from blastradius._model import SimpleCommand
from blastradius._shell._found import Env, Script, Unwrapped
from blastradius._shell._tokens import TOKENS
from blastradius._shell._wrappers import (
    DOCKER_RUN,
    MAX_READINGS,
    MAX_WRAPPERS,
    WRAPPERS_BY_NAME,
    Subcommand,
    Wrapper,
    fold,
    passes,
)


__all__ = [
    "Env",
    "Script",
    "Unwrapped",
    "container_image",
    "split_words",
    "unwrap",
    "unwrapped",
]


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


def split_words(text: str) -> tuple[list[str], list[bool], bool]:
    """
    Split *text* into words with shell quoting, as ``env -S`` reads its
    value: quotes removed, each operator character a word of its own, no
    command substitution. ``env -S`` expands ``${NAME}`` from its
    environment: a word holding a ``$`` outside single quotes is dynamic.
    Returns the words, their dynamic flags and whether the text was read
    to its end (an unterminated quote was not).

    >>> split_words("rm '/tmp/a b';x")
    (['rm', '/tmp/a b', ';', 'x'], [False, False, False, False], True)
    >>> split_words("rm ${HOME}/x 'oops")
    (['rm', '${HOME}/x'], [False, True], False)
    """
    words: list[str] = []
    dyn: list[bool] = []
    i, n = 0, len(text)
    while i < n:
        m = TOKENS.split_token.match(text, i)
        if m is None:
            return words, dyn, False
        i = m.end()
        if m.lastgroup == "op":
            words.append(m.group())
            dyn.append(False)
        elif m.lastgroup == "word":
            raw = m.group()
            words.append(TOKENS.split_unquote.sub(_unquote, raw))
            dyn.append("$" in TOKENS.fast_quoted_piece.sub("", raw))
    return words, dyn, True


_FIND_PLACEHOLDER = "{}"
_FIND_EXEC = frozenset(("-exec", "-execdir", "-ok", "-okdir"))
_PARALLEL_SEPS = frozenset((":::", "::::", ":::+", "::::+"))


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
        return self.env.evolve(via=(*self.env.via, row.via), **changes)

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


class _Done:
    """
    Unwrapping ended; *last* is the innermost command, if one (a step's
    private answer, never kept: a plain slotted class).
    """

    __slots__ = ("last",)

    def __init__(self, last: SimpleCommand | None = None) -> None:
        self.last = last


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
    command = unwrapped(words, dyn, env)
    if command is not None:  # the common case: no wrapper
        return Unwrapped(found=(command,), last=command)
    frame = _Frame(list(words), list(dyn), env)
    frame.token = token
    last = _unwrap(frame)
    return Unwrapped(
        found=tuple(frame.found), last=last, errors=tuple(frame.errors)
    )


def unwrapped(
    words: Sequence[str], dyn: Sequence[bool], env: Env
) -> SimpleCommand | None:
    """
    The command *words* (not empty) when it wraps nothing, as `unwrap`
    would find it alone; `None` when a wrapper row may apply.

    >>> unwrapped(["ls", "-l"], [False, False], Env()).argv
    ('ls', '-l')
    >>> unwrapped(["sudo", "ls"], [False, False], Env()) is None
    True
    """
    row = None if dyn[0] else WRAPPERS_BY_NAME.get(fold(words[0]))
    if row is None or passes(row, words):
        return _command(words, dyn, env)
    return None


def _unwrap(frame: _Frame) -> SimpleCommand | None:
    """Step through the wrappers of *frame*; the innermost command."""
    for _ in range(MAX_WRAPPERS):
        start = frame.start
        if start >= len(frame.words):
            return None
        if frame.dyn[start]:
            break
        row = WRAPPERS_BY_NAME.get(fold(frame.words[start]))
        if row is None:
            break
        step = _STEPS[row.kind](row, frame)
        if step is None:
            break
        if isinstance(step, _Done):
            return step.last
    else:
        frame.errors.append(f"wrappers nested deeper than {MAX_WRAPPERS}")
        frame.env = frame.env.evolve(incomplete=True)
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
        extra_dyn: list[bool] = []
        for name, value in opts:
            if name in row.split and value is not None:
                words_of, dyn_of, complete = split_words(value)
                extra.extend(words_of)
                extra_dyn.extend(dyn_of)
                if not complete:
                    frame.errors.append("unterminated quote")
        if extra:
            frame.words = words = [*words[:i], *extra, *words[i:]]
            frame.dyn = [*frame.dyn[:i], *extra_dyn, *frame.dyn[i:]]
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
            env=env.evolve(
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
    shorts, longs = row.global_options()
    i = _skip_options(words, frame.start + 1, shorts, longs, opts)
    n = len(words)
    if i < n and words[i] in row.groups and not dyn[i]:
        i = _skip_options(words, i + 1, shorts, longs, opts)
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
            shorts, longs = row.options(sub)
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
        shorts, longs = row.options(sub)
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
    if name and WRAPPERS_BY_NAME.get(fold(name)) is not None:
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
        env = env.evolve(ambiguous=True)
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


_DOCKER_ROW = WRAPPERS_BY_NAME["docker"]
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
    if not n or WRAPPERS_BY_NAME.get(fold(argv[0])) is not _DOCKER_ROW:
        return -1
    row = _DOCKER_ROW
    words = list(argv)
    i = _skip_options(words, 1, row.short_values, row.long_values, [])
    if i < n and words[i] in row.groups:
        i = _skip_options(words, i + 1, row.short_values, row.long_values, [])
    if i >= n or words[i] not in _IMAGE_VERBS:
        return -1
    found = _image_positions(words, i + 1, DOCKER_RUN, [])
    if not found or len(found) >= MAX_READINGS:
        return -1
    return found[-1]
