"""
The shell layer's expansion: a syntax tree into simple commands.

`Expander` walks the `Source` the grammar read
(`blastradius._shell._grammar`), in the order of the text, with the
explicit state of `blastradius._shell._state`: the known values of each
shell and subshell, the functions defined, what is no longer trusted.
Each word is expanded as bash would (`Expander.word`: quote removal,
known values, the output of ``$( … )`` when it is known, globs and brace
expansion marking it dynamic), each command's effects on the known values
follow it, and each pipeline goes to the walker (`blastradius._shell.
_walk`), which unwraps its stages and emits the simple commands. The
grammar's errors are taken where they stand in the text, so that what
follows an error is marked incomplete and the text after the first one
is also scanned flatly.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from blastradius._model import Redirect as RedirectRecord
from blastradius._shell._expand_words import (
    ASSIGNED,
    OTHER,
    RAW,
    SPLIT,
    WordExpander,
)
from blastradius._shell._grammar import read_items
from blastradius._shell._lexer import function_label
from blastradius._shell._state import (
    DECLARE,
    MAX_DEPTH,
    Cmd,
    Stage,
    TooDeep,
)
from blastradius._shell._syntax import (
    AndOr,
    ArithCmd,
    AssignWord,
    Bodies,
    Case,
    Command,
    Cond,
    Error,
    Fatal,
    FuncDef,
    FunctionKw,
    Group,
    Idle,
    Keyword,
    Plain,
    Redirect,
    Script,
    Source,
    Subshell,
    Word,
)
from blastradius._shell._tokens import SKIP_KEYWORDS, TOKENS
from blastradius._shell._walk import Walker


__all__ = ["Expander"]

_ARITH_TESTS = frozenset(("-eq", "-ne", "-lt", "-le", "-gt", "-ge"))


class Expander(WordExpander, Walker):
    """
    Expand one text's syntax tree into simple commands, collected in
    *shared*; *env* is what every command inherits (``via`` …), *depth*
    the nesting already used.
    """

    def run(
        self, stages: Sequence[Stage] = (), source: Source | None = None
    ) -> None:
        """
        Read and expand the whole text (or its *source*, read already);
        never raises past the depth limit.

        *stages*: the text is this one pipeline, read already (by the
        fast path): only the walker runs.
        """
        if stages:
            self.guarded(lambda: self._pipeline(list(stages), self.env.via))
        elif self.depth == 0:
            self.guarded(lambda: self._run(source))
        else:
            self._run(source)

    def _run(self, source: Source | None) -> None:
        if source is None:
            self.items(read_items(self.text, self.depth, self.shared.dialect))
        else:
            self.script(source.script)
        self._flush_heredocs()
        if self.flat_from >= 0:
            self._flat(self.flat_from)

    def script(self, script: Script) -> None:
        """Expand *script*'s and-or lists, their pipelines in order."""
        self.items(script.items)

    def items(self, items: Iterable[AndOr | Fatal]) -> None:
        """Expand and-or lists in order (`Fatal`: nesting too deep)."""
        errors_at = len(self.errors)
        for and_or in items:
            if isinstance(and_or, Fatal):
                error = and_or.error
                if error is not None:
                    self._error(error.message, error.pos)
                raise TooDeep
            for pipeline in and_or.pipelines:
                stages: list[Cmd] = []
                commands = pipeline.commands
                if len(commands) > 1:
                    for command in commands[:-1]:
                        stages.append(self.command(command, Cmd(), stages))
                cmd = self.command(commands[-1], Cmd(), stages)
                bodies = pipeline.bodies
                if bodies is not None:
                    self.heredoc_bodies(bodies)
                    self._flush_deferred()
                self._end(stages, cmd, errors_at, pipeline.op)

    def command(self, command: Command, cmd: Cmd, stages: list[Cmd]) -> Cmd:
        """
        Expand one pipeline stage's items into *cmd*; the command it ends
        as (a function definition starts another).
        """
        for item in command.items:
            if isinstance(item, Plain):
                words = item.words
                cmd.words.extend(words)
                cmd.dyn.extend([False] * len(words))
            elif isinstance(item, Word):
                self.command_word(cmd, item)
            elif isinstance(item, Redirect):
                self.redirect(cmd, item)
            elif isinstance(item, AssignWord):
                self.assign_word(cmd, item.word)
            elif isinstance(item, Idle):
                if self.track:
                    for word in item.keywords:
                        self._control(word)
            elif isinstance(item, Error):
                self._error(item.message, item.pos)
            else:
                cmd = self.compound(item, cmd, stages)
        return cmd

    def compound(self, item: object, cmd: Cmd, stages: list[Cmd]) -> Cmd:
        """A compound piece of a command: keywords, subshells, bodies."""
        if isinstance(item, Keyword):
            word = item.word
            if self.track:
                self._control(word)
            if word not in SKIP_KEYWORDS:
                cmd.kind = "for"
        elif isinstance(item, Subshell):
            self.subshell(item.script, stages)
            cmd.kind = "compound"
        elif isinstance(item, ArithCmd):
            self.arith(item.arith)
            cmd.kind = "syntax"
        elif isinstance(item, Cond):
            self.cond(item)
            cmd.kind = "syntax"
        elif isinstance(item, Case):
            self.case(item)
        elif isinstance(item, Group):
            self.script(item.script)
        elif isinstance(item, Bodies):
            self.heredoc_bodies(item)
        elif isinstance(item, FuncDef):
            return self.func_def(item, stages)
        elif isinstance(item, FunctionKw):
            self.function_kw(item, cmd)
        return cmd

    def command_word(self, cmd: Cmd, word: Word) -> None:
        """A word of *cmd*: expanded, split, added."""
        got = self.word(word, SPLIT)
        if self.fields:
            for field, field_dyn in self.fields:
                cmd.words.append(field)
                cmd.dyn.append(field_dyn)
            self.fields = ()
        if got is None:
            return
        value, dyn, _ = got
        if cmd.kind == "for" and not cmd.words and self.track:
            self._set(value.partition("[")[0], None)  # the loop variable
        self._add(cmd, value, dyn, word.raw)

    def assign_word(self, cmd: Cmd, word: Word) -> None:
        """
        A ``NAME=value`` word: an assignment before the command's first
        word, a declaration's operand after ``export`` & co, else a word.
        """
        if cmd.kind or (cmd.words and cmd.words[0] not in DECLARE):
            self.command_word(cmd, word)
            return
        got = self.word(word, ASSIGNED)
        if got is None:
            return
        if cmd.words:  # a declaration's operand
            self._add(cmd, got[0], got[1], word.raw)
        else:
            self._assign(cmd, got[0], got[1])

    def _assign(self, cmd: Cmd, word: str, dyn: bool) -> None:
        """
        A leading ``NAME=value`` word: the command's assignment. The name
        is unknown from now on; `_effects` records its value when the
        command turns out to be a bare assignment run for sure.
        """
        name, _, value = word.partition("=")
        plain = name.rstrip("+")
        cmd.assigns.append((plain, value))
        base = plain.partition("[")[0]
        cmd.adyn.append(dyn or base != name)
        if self.track:
            if base != plain:  # a subscript is arithmetic: it may assign
                self._clear(ifs="IFS" in name)
            self._set(base, None)

    def _add(self, cmd: Cmd, value: str, dyn: bool, raw: str) -> None:
        """Add a word to *cmd*, brace-expanding a literal ``a{b,c}d``."""
        if (
            dyn
            and "{" in value
            and "$" not in value
            and "`" not in value
            and raw == value
        ):
            m = TOKENS.brace_word.fullmatch(value)
            if m is not None:
                pre, items, post = m.groups()
                for item in items.split(","):
                    word = pre + item + post
                    cmd.words.append(word)
                    cmd.dyn.append(TOKENS.globby.search(word) is not None)
                return
        cmd.words.append(value)
        cmd.dyn.append(dyn)

    def subshell(self, script: Script, stages: list[Cmd]) -> None:
        """A ``( … )`` subshell: it reads the pipe; its values stay in it."""
        saved = self.env
        if stages:  # it reads the pipe
            self.env = saved.evolve(
                stdin=None,
                stdin_unknown=True,
                stdin_from=self._last_program(),
            )
        state = self._subshell()
        try:
            self.script(script)
        finally:
            self.env = saved
            self._leave(state)

    def func_def(self, item: FuncDef, stages: list[Cmd]) -> Cmd:
        """``name () body``: the name is the one word read before it."""
        before = self.command(item.command, Cmd(), stages)
        name = None if not before.words or before.dyn[0] else before.words[0]
        cmd = Cmd()
        if name and item.static:
            self.function(name, item.body, other=item.other)
            if item.subshell and self.track:
                cmd.kind = "compound"
        elif self.track:  # its body is read as commands
            self.shared.frozen = True
        return cmd

    def function_kw(self, item: FunctionKw, cmd: Cmd) -> None:
        """``function name [()] body``."""
        name = None if item.name is None else self.word(item.name, OTHER)
        if item.static and name is not None and name[0] and not name[1]:
            self.function(name[0], item.body, other=item.other)
            if item.subshell and self.track:
                cmd.kind = "compound"
        elif self.track:  # a body read as plain commands
            self.shared.frozen = True

    def function(self, name: str, body: Script | None, *, other: bool) -> None:
        """
        Shell function *name* is defined; its body (when a ``{ … }`` or
        ``( … )``) is read with `function_label` (*name*) ending the
        ``via`` of its commands, where no value is trusted (it runs later,
        maybe more than once) and what it assigns is unknown.
        """
        shared = self.shared
        shared.define(name)
        if name == "command_not_found_handle":
            shared.frozen = True
        if other:  # its body is read as plain commands
            shared.frozen = True
        if body is None:
            return
        saved = self.env
        self.env = saved.evolve(via=(*saved.via, function_label(name)))
        if not self.track:
            try:
                self.script(body)
            finally:
                self.env = saved
            return
        ctl, barrier = len(self.values.ctl), self.values.barrier
        self.values.ctl.append("f")
        self.values.barrier += 1
        try:
            self.script(body)
        finally:
            self.env = saved
            del self.values.ctl[ctl:]
            self.values.barrier = barrier

    def case(self, item: Case) -> None:
        """``case … esac``: every arm is read, none trusted to run."""
        if not self.track:
            self._case_items(item)
            return
        ctl, barrier = len(self.values.ctl), self.values.barrier
        self.values.ctl.append("c")
        self._case_items(item)
        del self.values.ctl[ctl:]
        self.values.barrier = barrier

    def _case_items(self, item: Case) -> None:
        for part in item.items:
            if isinstance(part, Word):
                self.word(part, OTHER)
            elif isinstance(part, Script):
                self.script(part)
            elif isinstance(part, Bodies):
                self.heredoc_bodies(part)
            else:
                self._error(part.message, part.pos)

    def cond(self, item: Cond) -> None:
        """``[[ … ]]``: its substitutions run; ``-eq`` & co may assign."""
        for part in item.items:
            if isinstance(part, Word):
                got = self.word(part, OTHER)
                if got is not None and got[0] in _ARITH_TESTS and self.track:
                    # its operands are arithmetic, which may assign
                    self._clear(ifs=True)
            elif isinstance(part, Bodies):
                self.heredoc_bodies(part)
            else:
                self._error(part.message, part.pos)

    def redirect(self, cmd: Cmd, item: Redirect) -> None:
        """One redirection of *cmd*: its target expanded, its stdin."""
        if item.error is not None:
            self._error(item.error.message, item.error.pos)
            return
        op, fd = item.op, item.fd
        # a heredoc's delimiter is not expanded; a herestring is not split
        mode = (
            RAW if op in ("<<", "<<-") else ASSIGNED if op == "<<<" else OTHER
        )
        word = None if item.target is None else self.word(item.target, mode)
        if word is None:
            self._error(f"redirection {op} without a target", item.pos)
            return
        target, dyn, quoted = word
        cmd.redirects.append(RedirectRecord(op, target, fd, dyn))
        if op in ("<<", "<<-"):
            self.heredocs.append(
                (cmd, target, op == "<<-", quoted, fd in (None, 0))
            )
        elif fd not in (None, 0):
            return
        elif op == "<<<":
            if dyn:
                cmd.stdin, cmd.stdin_unknown = None, True
            else:
                cmd.stdin, cmd.stdin_unknown = target + "\n", False
        elif op in ("<", "<>", "<&"):
            cmd.stdin, cmd.stdin_unknown = None, True

    def heredoc_bodies(self, bodies: Bodies) -> None:
        """The bodies of the heredocs waiting, in order."""
        if not self.heredocs:
            return
        pending, self.heredocs = self.heredocs, []
        for (cmd, _, _, _, to_stdin), body in zip(
            pending, bodies.bodies, strict=False
        ):
            if body.error is not None:
                self._error(body.error.message, body.error.pos)
            text = body.text
            if body.parts is not None:
                if self.track and (
                    "$((" in text or "$[" in text or "${" in text
                ):
                    # arithmetic and ${a:=x} may assign
                    self._clear(ifs=True)
                if self.depth + 1 > MAX_DEPTH:
                    raise TooDeep
                sub = type(self)(text, self.env, self.shared, self.depth + 1)
                sub.dq(body.parts, [])
            if to_stdin:
                cmd.stdin, cmd.stdin_unknown = text, False

    def _flush_heredocs(self) -> None:
        if self.heredocs:
            for cmd, delim, _, _, _ in self.heredocs:
                self._error(f"unterminated heredoc <<{delim}", self.n)
                cmd.incomplete = True
            self.heredocs = []
        self._flush_deferred()
