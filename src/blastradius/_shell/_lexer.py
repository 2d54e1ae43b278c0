"""
The shell layer's command grammar: lists, pipelines, compound commands.

`Parser` is the reader of one text: the grammar here, the word reader
(`blastradius._shell._words`), the known values (`._state`) and the
walker (`._walk`) that turns each pipeline into simple commands. One pass
over the text, linear in its length. Words are read with a
compiled regex that grabs runs of ordinary characters; quoting, expansions
and operators are handled one construct at a time, never one character at
a time. Nesting (``$(…)``, backticks, subshells, ``case`` arms, re-lexed
``bash -c`` strings) recurses with a hard bound, `MAX_DEPTH`; past it the
parse stops and a flat scan of the text takes over.

The commands of a shell function's ``{ … }`` or ``( … )`` body end their
``via`` with the function's label, ``name()`` (`function_label`), so that
an analyzer can tell a call of the function from inside its own body
(`enclosing_functions`): ``bomb(){ bomb|bomb& }`` is the fork bomb.

The grammar `Parser._script` reads (one method per construct):

.. code-block:: text

    script   = { separator | pipeline } ;
    pipeline = command { ( "|" | "|&" ) command } ;
    command  = { assignment | redirect | word }
             | "(" script ")" | "((" arith "))" | "{" script "}"
             | keyword … | name "(" ")" body ;
    separator = ";" | "&" | "&&" | "||" | newline | comment ;

Reserved words that only open or close a compound command (``if``,
``then``, ``do``, ``done``, …) are separators here; each pipeline
is handed to the walker when its separator is read.
"""

from __future__ import annotations

from collections.abc import Sequence

from blastradius._model import Redirect
from blastradius._shell._state import (
    DECLARE,
    MAX_COMMANDS,
    MAX_DEPTH,
    Cmd,
    KnownValues,
    Shared,
    Stage,
    TooDeep,
    TooMany,
)
from blastradius._shell._tokens import KEYWORDS, SKIP_KEYWORDS, TOKENS
from blastradius._shell._walk import Walker
from blastradius._shell._words import (
    ASSIGNED,
    OTHER,
    RAW,
    SPLIT,
    WordReader,
)


__all__ = [
    "MAX_COMMANDS",
    "MAX_DEPTH",
    "SAME_SHELL",
    "Parser",
    "Shared",
    "TooDeep",
    "TooMany",
    "enclosing_functions",
    "function_label",
]


_AFTER_BRACE = " \t\n;&|)<>"


_ARITH_TESTS = frozenset(("-eq", "-ne", "-lt", "-le", "-gt", "-ge"))


_FUNCTION_SUFFIX = "()"


SAME_SHELL = frozenset(("$(...)", "`...`", "<(...)", ">(...)", "eval", "time"))
"""
The ``via`` labels of text run by the same shell (a subshell or the shell
itself), where the shell's functions can still be called; every other
label (``bash -c``, ``sudo``, ``nohup``, ``command``, …) runs a new
program, which cannot.
"""


def function_label(name: str) -> str:
    """
    The ``via`` label of the commands in the body of shell function *name*
    (``name () { …; }``, ``function name { …; }``).

    >>> function_label("bomb")
    'bomb()'
    """
    return name + _FUNCTION_SUFFIX


def enclosing_functions(via: Sequence[str]) -> list[str]:
    """
    The shell functions a command with this *via* runs in the body of,
    innermost first: the ones it can call by name (up to the first label
    that starts a new program).

    >>> enclosing_functions(("bash -c", "f()", "$(...)", "g()"))
    ['g', 'f']
    >>> enclosing_functions(("f()", "sudo"))
    []
    """
    names: list[str] = []
    for label in reversed(via):
        if label.endswith(_FUNCTION_SUFFIX) and len(label) > 2:
            names.append(label[:-2])
        elif label not in SAME_SHELL:
            break
    return names


class Parser(KnownValues, WordReader, Walker):
    """
    Parse one text into simple commands, collected in *shared*.

    *env* is what every command inherits (``via`` …); *depth* the nesting
    already used.
    """

    def run(self, stages: Sequence[Stage] = ()) -> None:
        """
        Parse the whole text; never raises past the depth limit.

        *stages*: the text is this one pipeline, read already (by the
        fast path): only the walker runs.
        """
        if stages:
            self.guarded(lambda: self._pipeline(list(stages), self.env.via))
        elif self.depth == 0:
            self.guarded(self._run)
        else:
            self._run()

    def _run(self) -> None:
        self._script("", self.depth)
        self._flush_heredocs()
        if self.flat_from >= 0:
            self._flat(self.flat_from)

    def _script(self, stop: str, depth: int) -> None:
        """
        Read commands until *stop*: ``""`` (end of text), ``")"`` (the end
        of a subshell or substitution, consumed), ``"case"`` (``;;`` or
        ``esac``, not consumed) or ``"}"`` (the end of a function's ``{ …
        }`` body, consumed; a ``)`` ends it too, not consumed).
        """
        if depth > MAX_DEPTH:
            raise TooDeep
        text, n, blank = self.text, self.n, TOKENS.blank.match
        stages: list[Cmd] = []
        cmd, errors_at = Cmd(), len(self.errors)
        group = stop == "}"
        idle = TOKENS.idle_group.match if group else TOKENS.idle.match
        run_from = run_to = -1  # a run of plain words known to fail
        while True:
            i = self.i
            m = None
            if not stages and cmd.kind == "" and stop != "case":
                m = idle(text, i)  # separators, newlines, plain keywords
                if m is not None and (self.heredocs or not cmd.empty()):
                    m = None
                elif m is not None and self.track:
                    self._idle_words(i, m.end())
            if m is None:
                m = blank(text, i)
            if m is not None:
                i = self.i = m.end()
            if i >= n:
                if stop == ")":
                    self._error("unterminated ( or $(", i)
                break
            c = text[i]
            if (
                group
                and c in "{}"
                and not stages
                and not cmd.kind
                and cmd.empty()
                # a reserved word: ``{`` before a blank, ``}`` before a
                # blank or an operator (or either at the end)
                and text[i + 1 : i + 2]
                in (" \t\n" if c == "{" else _AFTER_BRACE)
            ):
                self.i = i + 1
                if c == "}":
                    break
                # a nested { … } group; like an outer one it is no stage
                # of its own (redirections after it stay a bare command)
                self._script("}", depth + 1)
                continue
            if c == "\n":
                stages, cmd = self._newline(stages, cmd, errors_at)
                continue
            if c == "#" and (i == 0 or text[i - 1] in " \t\n;&|()<>"):
                j = text.find("\n", i)
                self.i = n if j < 0 else j
                continue
            if c == ")":
                if stop == ")":
                    self.i = i + 1
                    break
                if stop in ("case", "}"):
                    break
                self.i = i + 1
                self._error("unexpected )", i)
                self._end(stages, cmd, errors_at, ";")
                stages, cmd = [], Cmd()
                continue
            if c in ";&|":
                m = TOKENS.operator.match(text, i)
                op = m.group() if m else c
                if op in ("&>", "&>>"):
                    self._redirect(cmd, depth, None)
                    continue
                if op in (";;", ";&", ";;&") and stop == "case":
                    break
                self.i = i + len(op)
                if op in ("|", "|&"):
                    stages.append(cmd)
                    cmd = Cmd()
                    continue
                self._end(stages, cmd, errors_at, op)
                stages, cmd = [], Cmd()
                continue
            if c == "(":
                cmd = self._open_paren(cmd, stages, depth)
                continue
            if c in "<>" and not text.startswith(("<(", ">("), i):
                self._redirect(cmd, depth, None)
                continue
            if c in "0123456789":
                m = TOKENS.fd.match(text, i)
                if m:
                    self.i = m.end()
                    self._redirect(cmd, depth, int(m.group()[:9]))
                    continue
            # words: first a run of plain ones in one match (tried once:
            # a failing run would fail again from each of its words)
            if run_from <= i < run_to:
                m = None
            else:
                m = TOKENS.plain_run.match(text, i)
                if m is None:
                    m2 = TOKENS.plain_words.match(text, i)
                    if m2 is not None:
                        run_from, run_to = i, m2.end()
            if m is not None:
                run = m.group().split()
                first = run[0]
                if cmd.words or (
                    not cmd.kind and "=" not in first and first not in KEYWORDS
                ):
                    cmd.words.extend(run)
                    cmd.dyn.extend([False] * len(run))
                    self.i = m.end()
                    continue
            if self._command_word(cmd, depth, stop=stop):
                break
        self._end(stages, cmd, errors_at, "")

    def _newline(
        self, stages: list[Cmd], cmd: Cmd, errors_at: int
    ) -> tuple[list[Cmd], Cmd]:
        """
        A newline: it ends the pipeline (after the heredocs it opened are
        read); blank lines after an empty command are skipped. The stages
        and command being read after it.
        """
        text, i = self.text, self.i
        if not stages and not self.heredocs and cmd.empty():
            m = TOKENS.newlines.match(text, i)
            self.i = m.end() if m else i + 1
            if not cmd.kind:
                return stages, cmd
            self._end(stages, cmd, errors_at, "\n")
            return stages, Cmd()
        self.i = i + 1
        self._read_heredocs()
        self._flush_deferred()
        self._end(stages, cmd, errors_at, "\n")
        return [], Cmd()

    def _open_paren(self, cmd: Cmd, stages: list[Cmd], depth: int) -> Cmd:
        """
        A ``(`` where a command may be: ``(( … ))``, a ``( … )`` subshell
        (one pipeline stage), or the ``()`` of a function definition;
        anything else is an error. The command being read after it.
        """
        text, n, i = self.text, self.n, self.i
        if cmd.empty():
            if (
                text.startswith("((", i)
                and self.shared.dialect.arithmetic_commands
            ):
                self.i = i + 2
                self._arith(depth + 1)
                cmd.kind = "syntax"
                return cmd
            # a ( … ) subshell: one pipeline stage
            self.i = i + 1
            saved = self.env
            if stages:  # it reads the pipe
                self.env = saved.evolve(
                    stdin=None,
                    stdin_unknown=True,
                    stdin_from=self._last_program(),
                )
            state = self._subshell()
            try:
                self._script(")", depth + 1)
            finally:
                self.env = saved
                self._leave(state)
            cmd.kind = "compound"
            return cmd
        if len(cmd.words) == 1 and not cmd.redirects:
            # ``name () compound``: a function definition
            j = self._blank(i + 1)
            if j < n and text[j] == ")":
                self.i = j + 1
                name = None if cmd.dyn[0] else cmd.words[0]
                cmd = Cmd()
                if name:
                    self._function(name, cmd, depth)
                elif self.track:  # its body is read as commands
                    self.shared.frozen = True
                return cmd
        self.i = i + 1
        self._error("unexpected (", i)
        return cmd

    def _command_word(self, cmd: Cmd, depth: int, *, stop: str) -> bool:
        """
        Read one word of *cmd* that is not a plain run: an assignment, a
        declaration's operand, a keyword that opens a compound command, or
        a word. `True` when it is the ``esac`` that ends a *stop* ``case``
        (left unread).
        """
        text, i = self.text, self.i
        start = i
        assign = not cmd.kind and (not cmd.words or cmd.words[0] in DECLARE)
        if assign and TOKENS.assign.match(text, start):
            word = self._word(depth, ASSIGNED)
            if word is None:
                return False
            if cmd.words:  # a declaration's operand
                self._add(cmd, word[0], word[1], start)
            else:
                self._assign(cmd, word[0], word[1])
            return False
        word = self._word(depth, SPLIT)
        if self.fields:
            for field, field_dyn in self.fields:
                cmd.words.append(field)
                cmd.dyn.append(field_dyn)
            self.fields = ()
        if word is None:
            return False
        value, dyn, quoted = word
        if cmd.empty() and not cmd.kind:
            if not quoted and value in KEYWORDS:
                if stop == "case" and value == "esac":
                    self.i = start
                    return True
                self._keyword(value, cmd, depth)
                return False
        elif cmd.kind == "for" and not cmd.words and self.track:
            self._set(value.partition("[")[0], None)  # the loop variable
        self._add(cmd, value, dyn, start)
        return False

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

    def _add(self, cmd: Cmd, value: str, dyn: bool, start: int) -> None:
        """
        Add a word to *cmd*, brace-expanding a literal ``a{b,c}d``.
        """
        if (
            dyn
            and "{" in value
            and "$" not in value
            and "`" not in value
            and self.text[start : self.i] == value
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

    def _keyword(self, word: str, cmd: Cmd, depth: int) -> None:
        """
        A reserved word that starts *cmd*.

        .. code-block:: text

            keyword = "if" | "then" | "elif" | "else" | "fi" | "while"
                    | "until" | "do" | "done" | "{" | "}" | "!" | "coproc"
                    | ( "for" | "select" ) name [ "in" word… ]
                    | "case" case | "[[" cond "]]" | "function" name body ;
        """
        if word in SKIP_KEYWORDS:
            if self.track:
                self._control(word)
            return
        if word in ("for", "select"):
            if self.track:
                self._control(word)
            cmd.kind = "for"
            return
        if word == "[[":
            self._cond(depth)
            cmd.kind = "syntax"
            return
        if word == "function":
            self.i = self._blank(self.i)
            name = self._word(depth)
            j = self._blank(self.i)
            if self.text.startswith("(", j):
                k = self._blank(j + 1)
                if self.text.startswith(")", k):
                    self.i = k + 1
            if name is not None and name[0] and not name[1]:
                self._function(name[0], cmd, depth)
            elif self.track:  # a body read as plain commands
                self.shared.frozen = True
            return
        if not self.track:
            self._case(depth)
            return
        ctl, barrier = len(self.values.ctl), self.values.barrier
        self.values.ctl.append("c")
        self._case(depth)
        del self.values.ctl[ctl:]
        self.values.barrier = barrier

    def _function(self, name: str, cmd: Cmd, depth: int) -> None:
        """
        .. code-block:: text

            function = name "(" ")" body | "function" name [ "(" ")" ] body ;
            body     = "{" script "}" | "(" script ")" | compound ;

        After ``name ()`` or ``function name``: read the body when it is a
        ``{ … }`` group or a ``( … )`` subshell, with `function_label`
        (*name*) ending the ``via`` of its commands (a subshell makes *cmd*
        a compound, as a ``( … )`` does anywhere). Another body (``if``,
        ``while``, …) is left to the caller, read as any other commands.
        """
        text = self.text
        if self.heredocs:  # a newline would start their bodies
            j = self._blank(self.i)
        else:
            m = TOKENS.function_gap.match(text, self.i)
            j = m.end() if m is not None else self.i
        shared = self.shared
        shared.define(name)
        if name == "command_not_found_handle":
            shared.frozen = True
        if j >= self.n:
            return
        c = text[j]
        if c == "{" and text[j + 1 : j + 2] in " \t\n":
            stop = "}"
        elif c == "(" and not text.startswith("((", j):
            stop = ")"
        else:  # its body is read as plain commands
            shared.frozen = True
            return
        if depth + 1 > MAX_DEPTH:
            raise TooDeep
        saved = self.env
        self.env = saved.evolve(via=(*saved.via, function_label(name)))
        self.i = j + 1
        # run later, maybe more than once: no value is trusted inside, and
        # what it assigns is unknown
        if not self.track:
            try:
                self._script(stop, depth + 1)
            finally:
                self.env = saved
            return
        ctl, barrier = len(self.values.ctl), self.values.barrier
        self.values.ctl.append("f")
        self.values.barrier += 1
        try:
            self._script(stop, depth + 1)
        finally:
            self.env = saved
            del self.values.ctl[ctl:]
            self.values.barrier = barrier
        if stop == ")":
            cmd.kind = "compound"

    def _case(self, depth: int) -> None:
        """
        ``case WORD in PATTERN) LIST ;; … esac``: every arm is read.

        .. code-block:: text

            case = word "in" { [ "(" ] pattern { "|" pattern } ")" script
                   [ ";;" | ";&" | ";;&" ] } "esac" ;
        """
        text = self.text
        n = self.n
        self.i = self._blank(self.i)
        self._word(depth)  # the subject
        self._skip_space()
        word = self._word(depth) if self.i < n else None
        if word is None or word[0] != "in":
            self._error("case without in", self.i)
            return
        while True:
            self._skip_space()
            if self.i >= n:
                self._error("unterminated case", self.i)
                return
            if text.startswith("esac", self.i):
                end = self.i + 4
                if end >= n or text[end] in " \t\n;&|()<>":
                    self.i = end
                    return
            # the pattern
            if text[self.i] == "(":
                self.i += 1
            while True:
                self.i = self._blank(self.i)
                if self.i >= n:
                    self._error("unterminated case pattern", self.i)
                    return
                c = text[self.i]
                if c == ")":
                    self.i += 1
                    break
                if c in "|\n":
                    self.i += 1
                    continue
                if c in ";&<>(":
                    self._error("bad case pattern", self.i)
                    self.i += 1
                    continue
                if self._word(depth + 1) is None and self.i < n:
                    self.i += 1
            self._script("case", depth + 1)
            m = TOKENS.operator.match(text, self.i)
            if m and m.group() in (";;", ";&", ";;&"):
                self.i = m.end()

    def _cond(self, depth: int) -> None:
        """
        The inside of ``[[ … ]]``: words and operators up to ``]]``; its
        substitutions still run.

        .. code-block:: text

            cond = { word | "(" | ")" | "!" | "&&" | "||" | "<" | ">" } "]]" ;
        """
        text = self.text
        n = self.n
        while True:
            self._skip_space()
            if self.i >= n:
                self._error("unterminated [[", self.i)
                return
            c = text[self.i]
            if c in ";&|()<>":
                self.i += 1
                continue
            word = self._word(depth)
            if word is None:
                continue
            if word[0] == "]]" and not word[2]:
                return
            if word[0] in _ARITH_TESTS and self.track:
                # its operands are arithmetic, which may assign
                self._clear(ifs=True)

    def _redirect(self, cmd: Cmd, depth: int, fd: int | None) -> None:
        """
        One redirection of *cmd* (its file descriptor *fd* read already).

        .. code-block:: text

            redirect = [ fd ] ( "<" | ">" | ">>" | ">|" | "<>" | "<&" | ">&"
                       | "&>" | "&>>" ) word
                     | [ fd ] ( "<<" | "<<-" ) delimiter   (body: next line)
                     | [ fd ] "<<<" word ;
        """
        text = self.text
        i = self.i
        if text.startswith("&>", i):
            op = "&>>" if text.startswith("&>>", i) else "&>"
        else:
            m = TOKENS.redir_op.match(text, i)
            op = m.group() if m else text[i]
        self.i = self._blank(i + len(op))
        word = None
        if self.i < self.n and (
            text[self.i] not in "\n;&|)<>"
            or text.startswith(("<(", ">("), self.i)
        ):
            # a heredoc's delimiter is not expanded; a herestring is not
            # split
            word = self._word(
                depth,
                RAW
                if op in ("<<", "<<-")
                else ASSIGNED
                if op == "<<<"
                else OTHER,
            )
        if word is None:
            self._error(f"redirection {op} without a target", i)
            return
        target, dyn, quoted = word
        cmd.redirects.append(Redirect(op, target, fd, dyn))
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

    def _read_heredocs(self) -> None:
        """Read the pending heredoc bodies, starting at ``self.i``."""
        if not self.heredocs:
            return
        text = self.text
        n = self.n
        pending, self.heredocs = self.heredocs, []
        for cmd, delim, strip, quoted, to_stdin in pending:
            start = pos = self.i
            while True:
                eol = text.find("\n", pos)
                line = text[pos : n if eol < 0 else eol]
                if (line.lstrip("\t") if strip else line) == delim:
                    body = text[start:pos]
                    self.i = n if eol < 0 else eol + 1
                    break
                if eol < 0:
                    self._error(f"unterminated heredoc <<{delim}", start)
                    body = text[start:]
                    self.i = n
                    break
                pos = eol + 1
            if strip:
                body = "\n".join(x.lstrip("\t") for x in body.split("\n"))
            if not quoted:
                body = body.replace("\\\n", "")
                if "$" in body or "`" in body:
                    if self.track and (
                        "$((" in body or "$[" in body or "${" in body
                    ):
                        # arithmetic and ${a:=x} may assign
                        self._clear(ifs=True)
                    if self.depth + 1 > MAX_DEPTH:
                        raise TooDeep
                    sub = Parser(body, self.env, self.shared, self.depth + 1)
                    sub._dq([], self.depth + 1, heredoc=True)
            if to_stdin:
                cmd.stdin, cmd.stdin_unknown = body, False

    def _flush_heredocs(self) -> None:
        if self.heredocs:
            for cmd, delim, _, _, _ in self.heredocs:
                self._error(f"unterminated heredoc <<{delim}", self.n)
                cmd.incomplete = True
            self.heredocs = []
        self._flush_deferred()
