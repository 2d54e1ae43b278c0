"""
The shell layer's walker: pipelines become simple commands.

`Walker._pipeline` takes the stages of one pipeline as the grammar read
them, gives each its context (assignments, redirections, what its standard
input is: the known output of the stage before it, `output`), unwraps
each stage's argv (`unwrap`, which returns data) and emits what it found:
the simple commands, and each wrapped `Script` read where it stands. It
also holds the errors and the flat fallback.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import islice
from typing import TYPE_CHECKING

import attrs

from blastradius._model import SimpleCommand
from blastradius._shell._evaluate import output
from blastradius._shell._fast import reduced
from blastradius._shell._state import (
    MAX_COMMANDS,
    MAX_DEPTH,
    MAX_ERRORS,
    Cmd,
    ReaderBase,
    Stage,
    TooDeep,
    TooMany,
)
from blastradius._shell._tokens import TOKENS
from blastradius._shell._unwrap import (
    Env,
    Script,
    Unwrapped,
    unwrap,
    unwrapped,
)


__all__ = ["Walker"]


def _bare(env: Env) -> SimpleCommand:
    return SimpleCommand(
        argv=(),
        assignments=env.assignments,
        redirects=env.redirects,
        via=env.via,
        incomplete=env.incomplete,
    )


class Walker(ReaderBase):
    """
    Emitting simple commands: pipelines, unwrapping, scripts, errors.
    """

    if TYPE_CHECKING:  # provided by the other parts of `Parser`

        def _effects(self, stages: list[Cmd], cmd: Cmd, op: str) -> None: ...

    def emit(self, command: SimpleCommand) -> None:
        """Add a simple command to the result."""
        out = self.out
        if len(out) >= MAX_COMMANDS:
            raise TooMany
        out[command] = None
        self.shared.last = command

    def _last_program(self) -> str | None:
        """The program of the last command emitted."""
        last = self.shared.last
        return None if last is None else last.program

    def unwrap(
        self, words: Sequence[str], dyn: Sequence[bool], env: Env
    ) -> SimpleCommand | None:
        """
        Unwrap *words* and take what it found: its commands, its scripts
        read where they stand. The innermost command, if one.
        """
        return self.take(unwrap(words, dyn, env))

    def take(self, found: Unwrapped) -> SimpleCommand | None:
        """Emit the commands of *found* and read its scripts, in order."""
        for item in found.found:
            if isinstance(item, Script):
                self.relex(item)
            else:
                self.emit(item)
        for message in found.errors:
            self.error(message)
        return found.last

    def relex(self, script: Script) -> None:
        """Read the text of *script* as a script run with its env."""
        text, env, mark = script.text, script.env, script.mark
        script_stdin = script.script_stdin
        # the script's commands share the shell's standard input, unless
        # the script itself came from it
        sub_env = Env(
            via=env.via,
            assignments=env.assignments,
            incomplete=env.incomplete,
            unknown_args=env.unknown_args,
            stdin=None if script_stdin else env.stdin,
            stdin_unknown=False if script_stdin else env.stdin_unknown,
            stdin_from=None if script_stdin else env.stdin_from,
        )
        if self.depth + 1 > MAX_DEPTH:
            raise TooDeep
        out = self.out
        before = len(out)
        # a script of plain pipelines is read without its repeats, as at
        # the entry (`reduced`)
        short = reduced(text) or text
        type(self)(short, sub_env, self.shared, self.depth + 1).run()
        if mark and len(out) > before:
            added = list(islice(reversed(out), len(out) - before))[::-1]
            for command in added:
                del out[command]
            for command in added:
                dyn = tuple(
                    d or mark in w
                    for w, d in zip(command.argv, command.dynamic, strict=True)
                )
                out[attrs.evolve(command, dynamic=dyn)] = None

    def error(self, message: str) -> None:
        errors = self.errors
        if len(errors) < MAX_ERRORS and message not in errors:
            errors.append(message)

    def guarded(self, read: Callable[[], None]) -> None:
        """
        Run *read* (the top-level reading) so that it never raises: past
        the depth limit the text is scanned flat, past the command limit
        the rest is left.
        """
        if self.depth == 0:
            try:
                read()
            except TooDeep:
                self.error(
                    f"nested deeper than {MAX_DEPTH}"
                    if self.error_count <= MAX_ERRORS
                    else "too many syntax errors"
                )
                self.broken = True
                self._flat(0)
            except TooMany:
                self.error(
                    f"more than {MAX_COMMANDS} simple commands; the rest "
                    "is not analysed"
                )
        else:
            read()

    def _error(self, message: str, pos: int) -> None:
        self.error(message)
        self.broken = True
        self.error_count += 1
        if self.error_count > MAX_ERRORS:
            raise TooDeep
        if self.flat_from < 0 or pos < self.flat_from:
            self.flat_from = pos

    def _flat(self, pos: int) -> None:
        """
        Scan ``text[pos:]`` without quoting rules: every run between
        operators becomes an incomplete command, so that hard rules still
        see ``rm -rf /`` in input the lexer could not finish.
        """
        env = self.env.evolve(incomplete=True)
        out = self.out
        seen: set[tuple[str, ...]] = set()
        for part in TOKENS.flat_split.split(self.text[pos:]):
            words = TOKENS.flat_strip.sub("", part).split()
            key = tuple(words)
            if words and key not in seen:
                seen.add(key)
                flags = [False] * len(words)
                command = unwrapped(words, flags, env)
                if command is None:
                    self._take_flat(unwrap(words, flags, env))
                elif len(out) < MAX_COMMANDS:
                    out[command] = None

    def _take_flat(self, found: Unwrapped) -> None:
        """
        What unwrapping found during the flat fallback: scripts are
        scanned flat too, and nothing raises.
        """
        out = self.out
        for item in found.found:
            if isinstance(item, Script):
                via = item.env.via
                for part in TOKENS.flat_split.split(item.text):
                    words = TOKENS.flat_strip.sub("", part).split()
                    if words and len(out) < MAX_COMMANDS:
                        command = SimpleCommand(
                            argv=words, via=via, incomplete=True
                        )
                        out[command] = None
            elif len(out) < MAX_COMMANDS:
                out[item] = None
        self.errors.extend(found.errors)

    def _end(
        self, stages: list[Cmd], cmd: Cmd, errors_at: int, op: str
    ) -> None:
        """
        The end of a pipeline (ended by *op*): analyse it now or after its
        heredocs.
        """
        if self.track:
            self._effects(stages, cmd, op)
        if not cmd.empty() or cmd.kind or stages:
            stages = [*stages, cmd]
        if not stages:
            return
        if self.broken or len(self.errors) > errors_at:
            for st in stages:
                st.incomplete = True
        if self.heredocs:
            self.deferred.append((stages, self.env.via))
            return
        self._pipeline([st.stage() for st in stages], self.env.via)

    def _flush_deferred(self) -> None:
        if self.deferred and not self.heredocs:
            deferred, self.deferred = self.deferred, []
            for stages, via in deferred:
                self._pipeline([st.stage() for st in stages], via)

    def _compound(self, st: Stage, via: tuple[str, ...]) -> str | None:
        """
        A stage that is a compound command (read already): its
        redirections stay a bare command (``( … ) > /dev/sda``), as a
        group's do; the program of its last command, for a subshell.
        """
        if st.redirects:
            base = self.env
            self.emit(
                _bare(
                    Env(
                        via=via,
                        assignments=base.assignments,
                        redirects=st.redirects,
                        incomplete=st.incomplete or base.incomplete,
                    )
                )
            )
        return self._last_program() if st.kind == "compound" else None

    def _pipeline(self, stages: list[Stage], via: tuple[str, ...]) -> None:
        """
        Unwrap and emit each stage, feeding it what the previous stage
        writes when that is known.
        """
        base = self.env
        memo = self.shared.memo
        base_key = (
            via,
            base.stdin,
            base.stdin_unknown,
            base.stdin_from,
            base.incomplete,
            base.unknown_args,
        )
        prev_text: str | None = None
        prev_program: str | None = None
        cap = self.capture
        if cap is not None and cap.via is not via:
            cap = None  # not the substitution's own pipeline
        # a substitution reading the shell's standard input: an earlier
        # command may have read it already, so its output is not known
        inherited = cap is not None and (
            base.stdin is not None
            and stages[0].stdin is None
            and not stages[0].stdin_unknown
        )
        # the output of the last stage matters only to a substitution
        last_stage = len(stages) - 1 if cap is None else -1
        # in a loop or a function body, or after code we cannot see, base64
        # may be a function: what it decodes is not known
        untrusted = bool(self.values.barrier or self.shared.frozen)
        functions = self.shared.functions
        for k, st in enumerate(stages):
            if st.kind:  # "compound", "for" or "syntax": read already
                prev_text, prev_program = None, self._compound(st, via)
                continue
            if not st.words and not (
                st.redirects or st.assigns or st.incomplete
            ):
                prev_text, prev_program = None, None
                continue
            if k == 0:
                stdin, unknown, source = (
                    base.stdin,
                    base.stdin_unknown,
                    base.stdin_from,
                )
            else:
                stdin, unknown, source = (
                    prev_text,
                    prev_text is None,
                    prev_program,
                )
            # the shell's own standard input, which an earlier command may
            # have read: what a decoder makes of it is not known
            shared_stdin = k == 0 and stdin is not None
            if st.stdin is not None or st.stdin_unknown:
                stdin, unknown = st.stdin, st.stdin_unknown
                shared_stdin = False
            shared_stdin = shared_stdin or untrusted
            # the same stage in the same place gives the same commands:
            # analyse it once (this keeps repetitive input fast)
            key = (
                st.words,
                st.dyn,
                st.assigns,
                st.redirects,
                stdin,
                unknown,
                source,
                st.incomplete,
                (k == last_stage) + 2 * shared_stdin,
                base_key,
            )
            hit = memo.get(key)
            if hit is not None:
                prev_text, prev_program = hit
                continue
            if (
                k == 0
                and via is base.via
                and not (st.assigns or st.redirects or st.incomplete)
                and stdin is base.stdin
                and unknown is base.stdin_unknown
            ):
                env = base
            else:
                env = _stage_env(base, st, via, (stdin, unknown, source))
            if not st.words:
                self.emit(_bare(env))
                prev_text, prev_program = None, None
            else:
                last = self.unwrap(st.words, st.dyn, env)
                if last is None:
                    prev_text, prev_program = None, self._last_program()
                elif k == last_stage:
                    prev_text, prev_program = None, last.program
                else:
                    prev_program = last.program
                    prev_text = (
                        None
                        if prev_program in functions
                        else output(
                            last, prev_program, shared_stdin=shared_stdin
                        )
                    )
            memo[key] = (prev_text, prev_program)
        if cap is not None:
            cap.count += 1
            cap.text = None if inherited else prev_text


def _stage_env(
    base: Env,
    st: Stage,
    via: tuple[str, ...],
    stdin: tuple[str | None, bool, str | None],
) -> Env:
    """
    The env of pipeline stage *st*: the shell's, with the stage's own
    assignments and redirections and its standard input (*stdin*: the
    text when known, whether it is unknown, the program feeding it).
    """
    text, unknown, source = stdin
    return Env(
        via=via,
        assignments=(*base.assignments, *st.assigns),
        redirects=st.redirects,
        stdin=text,
        stdin_unknown=unknown,
        stdin_from=source,
        incomplete=st.incomplete or base.incomplete,
        unknown_args=base.unknown_args,
    )
