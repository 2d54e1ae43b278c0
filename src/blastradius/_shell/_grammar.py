"""
The shell layer's grammar: one text into a syntax tree (`_syntax`).

`read_source` reads a whole text; `Grammar` has one method per
production, its EBNF in the docstring. The grammar decides nothing that
depends on a value: it reads what bash's parser reads, before any
expansion, and leaves every value to the expansion
(`blastradius._shell._expand`). Words are read with a compiled regex that
grabs runs of ordinary characters; quoting, expansions and operators are
read one construct at a time, never one character at a time. Nesting
(``$( … )``, backticks, subshells, ``case`` arms) recurses with a hard
bound, `MAX_DEPTH`: past it the text reads as far as its last complete
pipeline, then `Fatal`.

.. code-block:: text

    script    = { separator | pipeline } ;
    pipeline  = command { ( "|" | "|&" ) command } ;
    command   = { assignment | redirect | word | keyword }
              | "(" script ")" | "((" arith "))" | name "(" ")" body ;
    separator = ";" | "&" | "&&" | "||" | newline | comment ;

Reserved words that only open or close a compound command (``if``,
``then``, ``do``, ``done``, …) are read as `Keyword` items (or skipped
with the separators, `Idle`): every branch and loop body is read as the
commands it holds.
"""

from __future__ import annotations

import re

from typing import Any

from blastradius._shell._dialect import BASH, Dialect
from blastradius._shell._evaluate import ansi_c
from blastradius._shell._syntax import (
    MAX_DEPTH,
    MAX_ERRORS,
    Arith,
    ArithCmd,
    Array,
    AssignWord,
    Backtick,
    Bodies,
    Body,
    Brace,
    Case,
    CmdSub,
    Command,
    CommandItem,
    Cond,
    DollarBracket,
    Dq,
    Error,
    Fatal,
    FuncDef,
    FunctionKw,
    Group,
    Idle,
    Keyword,
    Lit,
    Part,
    Pipeline,
    Plain,
    ProcSub,
    Quoted,
    Redirect,
    Script,
    ScriptItem,
    Source,
    Subshell,
    TooDeep,
    TooManyErrors,
    Var,
    Vars,
    Word,
)
from blastradius._shell._tokens import KEYWORDS, SKIP_KEYWORDS, TOKENS


__all__ = ["Grammar", "read_source"]


_AFTER_BRACE = " \t\n;&|)<>"

_DOLLAR = Lit("$", ordinary=False)


def read_source(text: str, depth: int = 0, dialect: Dialect = BASH) -> Source:
    """
    Read *text* (nested *depth* deep) in *dialect* into its syntax tree.

    >>> source = read_source("ls -l | wc")
    >>> [[c.items for c in p.commands] for p in source.script.items]
    [[(Plain(words=('ls', '-l')),), (Plain(words=('wc',)),)]]
    """
    return Source(text, Grammar(text, depth, dialect).top())


class _Cmd:
    """A command while the grammar reads it (mutable, local)."""

    __slots__ = ("first", "items", "kind", "nassign", "nredirect", "nwords")

    def __init__(self) -> None:
        self.items: list[CommandItem] = []
        self.nwords = 0
        self.nassign = 0
        self.nredirect = 0
        self.kind = ""
        self.first: str | None = None  # the first word, when static

    def empty(self) -> bool:
        return not (self.nwords or self.nassign or self.nredirect)

    def word(self, item: CommandItem, value: str | None) -> None:
        if not self.nwords:
            self.first = value
        self.nwords += 1
        self.items.append(item)

    def build(self) -> Command:
        return Command(tuple(self.items))


def _static(word: Word) -> str | None:
    """
    The value of *word* when it holds no expansion, glob or ``~`` (what
    it is whatever the shell knows), else `None`.
    """
    if word.tilde:
        return None
    out = []
    for part in word.parts:
        if isinstance(part, Lit):
            if part.ordinary and TOKENS.globby.search(part.text):
                return None
            out.append(part.text)
        elif isinstance(part, Quoted):
            out.append(part.text)
        elif isinstance(part, Dq) and all(
            isinstance(p, Lit) for p in part.parts
        ):
            out.extend(p.raw for p in part.parts)
        else:
            return None
    return "".join(out)


def _delimiter(word: Word) -> str:
    """A heredoc delimiter's text: quotes removed, nothing expanded."""
    out = []
    for part in word.parts:
        if isinstance(part, (Lit, Quoted)):
            out.append(part.text)
        elif isinstance(part, Dq):
            out.append(
                "".join(
                    p.text if isinstance(p, Lit) else p.raw
                    for p in part.parts
                    if not isinstance(p, Error)
                )
            )
        elif not isinstance(part, Error):
            out.append(part.raw)
    return "".join(out)


def _keyword(word: Word) -> str | None:
    """The reserved word *word* is, if it is one (unquoted, literal)."""
    if word.quoted or word.tilde:
        return None
    parts = word.parts
    if len(parts) == 1 and isinstance(parts[0], Lit) and parts[0].ordinary:
        text = parts[0].text
        return text if text in KEYWORDS else None
    return None


class Grammar:
    """
    Read one text: the position, the heredocs waiting for their bodies,
    the dialect. Each method reads one production at ``self.i``.
    """

    __slots__ = ("depth", "dialect", "errors", "heredocs", "i", "n", "text")

    def __init__(
        self, text: str, depth: int = 0, dialect: Dialect = BASH
    ) -> None:
        self.text = text
        self.n = len(text)
        self.i = 0
        self.depth = depth
        self.dialect = dialect
        # (delimiter, strip tabs, quoted) of the heredocs read so far
        # whose bodies start at the next newline
        self.heredocs: list[tuple[str, bool, bool]] = []
        self.errors = 0

    def error(self, message: str, pos: int) -> Error:
        """
        An error at *pos*; past `MAX_ERRORS` in this text the reading
        stops (`TooManyErrors`).
        """
        error = Error(message, pos)
        self.errors += 1
        if self.errors > MAX_ERRORS:
            raise TooManyErrors(error)
        return error

    def top(self) -> Script:
        """
        The whole text; nesting past `MAX_DEPTH` ends it with `Fatal`
        after the pipelines read before.
        """
        out: list[ScriptItem] = []
        try:
            self.script("", self.depth, out)
        except TooManyErrors as exc:
            out.append(Fatal(exc.error))
        except TooDeep:
            out.append(Fatal())
        return Script(tuple(out))

    def blank(self, i: int) -> int:
        m = TOKENS.blank.match(self.text, i)
        return m.end() if m else i

    def skip_space(self, items: list[Any]) -> None:
        """
        Skip blanks, newlines and comments; the heredoc bodies a newline
        starts go to *items*.
        """
        text = self.text
        while True:
            self.i = self.blank(self.i)
            if self.i >= self.n:
                return
            c = text[self.i]
            if c == "\n":
                self.i += 1
                bodies = self.heredoc_bodies()
                if bodies is not None:
                    items.append(bodies)
            elif c == "#":
                j = text.find("\n", self.i)
                self.i = self.n if j < 0 else j
            else:
                return

    def script(
        self, stop: str, depth: int, out: list[ScriptItem] | None = None
    ) -> Script:
        """
        Read pipelines until *stop*: ``""`` (end of text), ``")"`` (the
        end of a subshell or substitution, consumed), ``"case"`` (``;;``
        or ``esac``, not consumed) or ``"}"`` (the end of a function's
        ``{ … }`` body, consumed; a ``)`` ends it too, not consumed).

        .. code-block:: text

            script = { separator | pipeline } ;
            pipeline = command { ( "|" | "|&" ) command } ;
        """
        if depth > MAX_DEPTH:
            raise TooDeep
        if out is None:
            out = []
        text, n, blank = self.text, self.n, TOKENS.blank.match
        stages: list[Command] = []
        cmd = _Cmd()
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
                elif m is not None:
                    self.idle(cmd, i, m.end())
            if m is None:
                m = blank(text, i)
            if m is not None:
                i = self.i = m.end()
            if i >= n:
                if stop == ")":
                    cmd.items.append(self.error("unterminated ( or $(", i))
                break
            c = text[i]
            if (
                group
                and c in "{}"
                and not stages
                and not cmd.kind
                and cmd.empty()
                and text[i + 1 : i + 2]
                in (" \t\n" if c == "{" else _AFTER_BRACE)
            ):
                self.i = i + 1
                if c == "}":
                    break
                cmd.items.append(Group(self.script("}", depth + 1)))
                continue
            if c == "\n":
                if not stages and not self.heredocs and cmd.empty():
                    m = TOKENS.newlines.match(text, i)
                    self.i = m.end() if m else i + 1
                    if not cmd.kind:
                        continue
                    out.append(Pipeline((cmd.build(),), "\n"))
                else:
                    self.i = i + 1
                    bodies = self.heredoc_bodies()
                    out.append(Pipeline((*stages, cmd.build()), "\n", bodies))
                stages, cmd = [], _Cmd()
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
                cmd.items.append(self.error("unexpected )", i))
                out.append(Pipeline((*stages, cmd.build()), ";"))
                stages, cmd = [], _Cmd()
                continue
            if c in ";&|":
                m = TOKENS.operator.match(text, i)
                op = m.group() if m else c
                if op in ("&>", "&>>"):
                    self.redirect(cmd, depth, None)
                    continue
                if op in (";;", ";&", ";;&") and stop == "case":
                    break
                self.i = i + len(op)
                if op in ("|", "|&"):
                    stages.append(cmd.build())
                    cmd = _Cmd()
                    continue
                out.append(Pipeline((*stages, cmd.build()), op))
                stages, cmd = [], _Cmd()
                continue
            if c == "(":
                cmd = self.open_paren(cmd, depth)
                continue
            if c in "<>" and not text.startswith(("<(", ">("), i):
                self.redirect(cmd, depth, None)
                continue
            if c in "0123456789":
                m = TOKENS.fd.match(text, i)
                if m:
                    self.i = m.end()
                    self.redirect(cmd, depth, int(m.group()[:9]))
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
                if cmd.nwords or (
                    not cmd.kind and "=" not in first and first not in KEYWORDS
                ):
                    if not cmd.nwords:
                        cmd.first = first
                    cmd.nwords += len(run)
                    cmd.items.append(Plain(tuple(run)))
                    self.i = m.end()
                    continue
            if self.command_word(cmd, depth, stop=stop):
                break
        out.append(Pipeline((*stages, cmd.build()), ""))
        return Script(tuple(out))

    def idle(self, cmd: _Cmd, start: int, end: int) -> None:
        """The keywords in a run of separators `TOKENS.idle` matched."""
        text = self.text
        if not text[start:end].strip(" \t\n;"):
            return
        words = [w for w in TOKENS.idle_words.findall(text, start, end) if w]
        if words:
            cmd.items.append(Idle(tuple(words)))

    def open_paren(self, cmd: _Cmd, depth: int) -> _Cmd:
        """
        A ``(`` where a command may be; the command being read after it.

        .. code-block:: text

            paren = "((" arith "))" | "(" script ")"
                  | name "(" ")" body ;     (name: the command's one word)
        """
        text, n, i = self.text, self.n, self.i
        if cmd.empty():
            if text.startswith("((", i) and self.dialect.arithmetic_commands:
                self.i = i + 2
                cmd.items.append(ArithCmd(self.arith(depth + 1)))
                cmd.kind = "syntax"
                return cmd
            self.i = i + 1
            cmd.items.append(Subshell(self.script(")", depth + 1)))
            cmd.kind = "compound"
            return cmd
        if cmd.nwords == 1 and not cmd.nredirect:
            j = self.blank(i + 1)
            if j < n and text[j] == ")":
                self.i = j + 1
                static = bool(cmd.first)
                body, subshell, other = (
                    self.function(depth) if static else (None, False, False)
                )
                new = _Cmd()
                new.items.append(
                    FuncDef(
                        cmd.build(),
                        static=static,
                        body=body,
                        subshell=subshell,
                        other=other,
                    )
                )
                if subshell:
                    new.kind = "compound"
                return new
        self.i = i + 1
        cmd.items.append(self.error("unexpected (", i))
        return cmd

    def command_word(self, cmd: _Cmd, depth: int, *, stop: str) -> bool:
        """
        One word of *cmd* that is not a plain run: an assignment, a
        keyword that opens a compound command, or a word. `True` when it
        is the ``esac`` that ends a *stop* ``case`` (left unread).

        .. code-block:: text

            assignment = name [ "[" … "]" ] [ "+" ] "=" word ;
        """
        text, start = self.text, self.i
        if not cmd.kind and TOKENS.assign.match(text, start):
            word = self.word(depth)
            if word is None:
                return False
            if cmd.nwords:
                cmd.word(AssignWord(word), None)
            else:
                cmd.nassign += 1
                cmd.items.append(AssignWord(word))
            return False
        word = self.word(depth)
        if word is None:
            return False
        if cmd.empty() and not cmd.kind:
            key = _keyword(word)
            if key is not None:
                if stop == "case" and key == "esac":
                    self.i = start
                    return True
                self.keyword(key, cmd, depth)
                return False
        cmd.word(word, _static(word))
        return False

    def keyword(self, word: str, cmd: _Cmd, depth: int) -> None:
        """
        A reserved word that starts *cmd*.

        .. code-block:: text

            keyword = "if" | "then" | "elif" | "else" | "fi" | "while"
                    | "until" | "do" | "done" | "{" | "}" | "!" | "coproc"
                    | ( "for" | "select" ) name [ "in" word… ]
                    | "case" case | "[[" cond "]]" | "function" name body ;
        """
        if word in SKIP_KEYWORDS:
            cmd.items.append(Keyword(word))
            return
        if word in ("for", "select"):
            cmd.items.append(Keyword(word))
            cmd.kind = "for"
            return
        if word == "[[":
            cmd.items.append(self.cond(depth))
            cmd.kind = "syntax"
            return
        if word == "function":
            self.i = self.blank(self.i)
            name = self.word(depth)
            j = self.blank(self.i)
            if self.text.startswith("(", j):
                k = self.blank(j + 1)
                if self.text.startswith(")", k):
                    self.i = k + 1
            value = None if name is None else _static(name)
            if value:
                body, subshell, other = self.function(depth)
                cmd.items.append(
                    FunctionKw(
                        name,
                        static=True,
                        body=body,
                        subshell=subshell,
                        other=other,
                    )
                )
                if subshell:
                    cmd.kind = "compound"
            else:
                cmd.items.append(FunctionKw(name, static=False))
            return
        cmd.items.append(self.case(depth))

    def function(self, depth: int) -> tuple[Script | None, bool, bool]:
        """
        After ``name ()`` or ``function name``: the body when it is a
        ``{ … }`` group or a ``( … )`` subshell: (body, whether it is a
        subshell, whether it is another body: ``if``, ``while``, …, left
        to the caller).

        .. code-block:: text

            function = name "(" ")" body | "function" name [ "(" ")" ] body ;
            body     = "{" script "}" | "(" script ")" | compound ;
        """
        text = self.text
        if self.heredocs:  # a newline would start their bodies
            j = self.blank(self.i)
        else:
            m = TOKENS.function_gap.match(text, self.i)
            j = m.end() if m is not None else self.i
        if j >= self.n:
            return None, False, False
        c = text[j]
        if c == "{" and text[j + 1 : j + 2] in " \t\n":
            stop = "}"
        elif c == "(" and not text.startswith("((", j):
            stop = ")"
        else:
            return None, False, True
        if depth + 1 > MAX_DEPTH:
            raise TooDeep
        self.i = j + 1
        body = self.script(stop, depth + 1)
        return body, stop == ")", False

    def case(self, depth: int) -> Case:
        """
        ``case WORD in PATTERN) LIST ;; … esac``: every arm.

        .. code-block:: text

            case = word "in" { [ "(" ] pattern { "|" pattern } ")" script
                   [ ";;" | ";&" | ";;&" ] } "esac" ;
        """
        text, n = self.text, self.n
        items: list[Word | Script | Bodies | Error] = []
        self.i = self.blank(self.i)
        subject = self.word(depth)
        if subject is not None:
            items.append(subject)
        self.skip_space(items)
        word = self.word(depth) if self.i < n else None
        if word is not None:
            items.append(word)
        if word is None or _delimiter(word) != "in" or word.tilde:
            items.append(self.error("case without in", self.i))
            return Case(tuple(items))
        while True:
            self.skip_space(items)
            if self.i >= n:
                items.append(self.error("unterminated case", self.i))
                break
            if text.startswith("esac", self.i):
                end = self.i + 4
                if end >= n or text[end] in " \t\n;&|()<>":
                    self.i = end
                    break
            if text[self.i] == "(":
                self.i += 1
            if not self.patterns(items, depth):
                break
            items.append(self.script("case", depth + 1))
            m = TOKENS.operator.match(text, self.i)
            if m and m.group() in (";;", ";&", ";;&"):
                self.i = m.end()
        return Case(tuple(items))

    def patterns(
        self, items: list[Word | Script | Bodies | Error], depth: int
    ) -> bool:
        """
        A case arm's patterns up to its ``)``; `False` at the end of the
        text.

        .. code-block:: text

            pattern = word { "|" word } ;
        """
        text, n = self.text, self.n
        while True:
            self.i = self.blank(self.i)
            if self.i >= n:
                items.append(self.error("unterminated case pattern", self.i))
                return False
            c = text[self.i]
            if c == ")":
                self.i += 1
                return True
            if c in "|\n":
                self.i += 1
                continue
            if c in ";&<>(":
                items.append(self.error("bad case pattern", self.i))
                self.i += 1
                continue
            word = self.word(depth + 1)
            if word is not None:
                items.append(word)
            elif self.i < n:
                self.i += 1

    def cond(self, depth: int) -> Cond:
        """
        The inside of ``[[ … ]]``: words and operators up to ``]]``.

        .. code-block:: text

            cond = { word | "(" | ")" | "!" | "&&" | "||" | "<" | ">" } "]]" ;
        """
        text, n = self.text, self.n
        items: list[Word | Bodies | Error] = []
        while True:
            self.skip_space(items)
            if self.i >= n:
                items.append(self.error("unterminated [[", self.i))
                break
            if text[self.i] in ";&|()<>":
                self.i += 1
                continue
            word = self.word(depth)
            if word is None:
                continue
            items.append(word)
            if not word.quoted and word.raw == "]]":
                break
        return Cond(tuple(items))

    def redirect(self, cmd: _Cmd, depth: int, fd: int | None) -> None:
        """
        One redirection of *cmd* (its file descriptor *fd* read already).

        .. code-block:: text

            redirect = [ fd ] ( "<" | ">" | ">>" | ">|" | "<>" | "<&" | ">&"
                       | "&>" | "&>>" ) word
                     | [ fd ] ( "<<" | "<<-" ) delimiter   (body: next line)
                     | [ fd ] "<<<" word ;
        """
        text, i = self.text, self.i
        if text.startswith("&>", i):
            op = "&>>" if text.startswith("&>>", i) else "&>"
        else:
            m = TOKENS.redir_op.match(text, i)
            op = m.group() if m else text[i]
        self.i = self.blank(i + len(op))
        word = None
        if self.i < self.n and (
            text[self.i] not in "\n;&|)<>"
            or text.startswith(("<(", ">("), self.i)
        ):
            word = self.word(depth)
        if word is None:
            error = self.error(f"redirection {op} without a target", i)
            cmd.items.append(Redirect(op, fd, None, i, error))
            return
        cmd.nredirect += 1
        cmd.items.append(Redirect(op, fd, word, i))
        if op in ("<<", "<<-"):
            self.heredocs.append((_delimiter(word), op == "<<-", word.quoted))

    def heredoc_bodies(self) -> Bodies | None:
        """
        The bodies of the heredocs waiting, from ``self.i`` (after a
        newline), in order.

        .. code-block:: text

            body = { line } delimiter-line ;
        """
        if not self.heredocs:
            return None
        text, n = self.text, self.n
        pending, self.heredocs = self.heredocs, []
        bodies = []
        for delim, strip, quoted in pending:
            start = pos = self.i
            error = None
            while True:
                eol = text.find("\n", pos)
                line = text[pos : n if eol < 0 else eol]
                if (line.lstrip("\t") if strip else line) == delim:
                    body = text[start:pos]
                    self.i = n if eol < 0 else eol + 1
                    break
                if eol < 0:
                    error = self.error(
                        f"unterminated heredoc <<{delim}", start
                    )
                    body = text[start:]
                    self.i = n
                    break
                pos = eol + 1
            if strip:
                body = "\n".join(x.lstrip("\t") for x in body.split("\n"))
            parts = None
            if not quoted:
                body = body.replace("\\\n", "")
                if "$" in body or "`" in body:
                    if self.depth + 1 > MAX_DEPTH:
                        raise TooDeep
                    sub = Grammar(body, self.depth + 1, self.dialect)
                    parts = sub.dq(self.depth + 1, heredoc=True).parts
            bodies.append(Body(body, parts, error))
        return Bodies(tuple(bodies))

    def word(self, depth: int) -> Word | None:
        """
        One word at ``self.i``; `None` when nothing but line
        continuations was read (or an unquoted ``$IFS``, which separates
        words, is next).

        .. code-block:: text

            word = piece { piece } ;
            piece = ordinary | "'" chars "'" | '"' dq '"' | "\\\\" char
                  | expansion | "<(" script ")" | ">(" script ")"
                  | name "=(" array ")" ;
        """
        text, n, i = self.text, self.n, self.i
        ordinary = TOKENS.ord.match
        parts: list[Part] = []
        quoted = False
        begin = i
        while i < n:
            m = ordinary(text, i)
            if m is not None:
                parts.append(Lit(m.group()))
                i = m.end()
                if i >= n:
                    break
            c = text[i]
            if c in " \t\n;&|)":
                break
            if c in "<>(":
                after = self.parenthesized(parts, depth, i)
                if after < 0:
                    break
                i = after
                continue
            if c == "'":
                j = text.find("'", i + 1)
                quoted = True
                if j < 0:
                    parts.append(self.error("unterminated '", i))
                    parts.append(Quoted(text[i + 1 :]))
                    i = n
                    break
                parts.append(Quoted(text[i + 1 : j]))
                i = j + 1
                continue
            if c == '"':
                quoted = True
                self.i = i + 1
                parts.append(self.dq(depth, heredoc=False))
                i = self.i
                continue
            if c == "\\":
                m = TOKENS.escapes.match(text, i)
                if m is not None:
                    parts.append(Quoted(m.group()[1::2]))
                    quoted = True
                    i = m.end()
                elif i + 1 < n:  # a line continuation
                    i += 2
                else:
                    parts.append(Lit("\\", ordinary=False))
                    i += 1
                continue
            if c == "$":
                m = TOKENS.simple_vars.match(text, i)
                if m is not None and "IFS" not in m.group():
                    parts.append(Vars(m.group()))
                    i = m.end()
                    continue
                if (
                    text.startswith(("$IFS", "${IFS}"), i)
                    and TOKENS.blank.match(text, i) is not None
                ):
                    break  # $IFS unquoted splits words
            self.i = i
            quoted = self.dollar(parts, depth, in_dq=False) or quoted
            i = self.i
        self.i = i
        if not parts and not quoted:
            return None
        return Word(
            tuple(parts),
            text[begin:i],
            quoted=quoted,
            tilde=text.startswith("~", begin),
        )

    def parenthesized(self, parts: list[Part], depth: int, i: int) -> int:
        """
        The ``(`` ``<`` or ``>`` at *i* inside a word: an array assignment
        ``NAME=( … )`` or a process substitution ``<( … )`` / ``>( … )``,
        read onto *parts*; the index after it, or -1 when the character
        ends the word.
        """
        text = self.text
        c = text[i]
        if (
            c == "("
            and parts
            and isinstance(last := parts[-1], (Lit, Quoted))
            and last.text.endswith("=")
        ):
            self.i = i + 1
            items = self.array(depth + 1)
            parts.append(Array(items, text[i : self.i]))
        elif c != "(" and text.startswith("(", i + 1) and not parts:
            self.i = i + 2
            if depth + 1 > MAX_DEPTH:
                raise TooDeep
            script = self.script(")", depth + 1)
            parts.append(ProcSub(f"{c}(...)", script, text[i : self.i]))
        else:
            return -1
        return self.i

    def array(self, depth: int) -> tuple[Word | Bodies | Error, ...]:
        """
        The elements of ``NAME=( … )`` up to the ``)``.

        .. code-block:: text

            array = { word } ")" ;
        """
        if depth > MAX_DEPTH:
            raise TooDeep
        items: list[Word | Bodies | Error] = []
        while True:
            self.skip_space(items)
            if self.i >= self.n:
                items.append(self.error("unterminated array", self.n))
                break
            if self.text[self.i] == ")":
                self.i += 1
                break
            word = self.word(depth)
            if word is None:
                self.i += 1
            else:
                items.append(word)
        return tuple(items)

    def dq(self, depth: int, *, heredoc: bool) -> Dq:
        """
        The inside of ``"…"`` (or an unquoted heredoc body) from
        ``self.i``.

        .. code-block:: text

            dq = { ordinary | "\\\\" char | expansion } ;
        """
        text, n, i = self.text, self.n, self.i
        parts: list[Part] = []
        ordinary = TOKENS.hd_ord if heredoc else TOKENS.dq_ord
        while i < n:
            m = ordinary.match(text, i)
            if m is not None:
                parts.append(Lit(m.group(), ordinary=False))
                i = m.end()
                if i >= n:
                    break
            c = text[i]
            if c == '"':
                self.i = i + 1
                return Dq(tuple(parts))
            if c == "\\":
                nxt = text[i + 1 : i + 2]
                if nxt == "\n":
                    i += 2
                elif nxt and nxt in '$`"\\' and (nxt != '"' or not heredoc):
                    parts.append(Lit(nxt, ordinary=False))
                    i += 2
                else:
                    parts.append(Lit("\\", ordinary=False))
                    i += 1
            elif c == "$":
                self.i = i
                self.dollar(parts, depth, in_dq=True)
                i = self.i
            else:
                self.i = i
                parts.append(self.backtick(depth, in_dq=True))
                i = self.i
        self.i = n
        if not heredoc:
            parts.append(self.error('unterminated "', n))
        return Dq(tuple(parts))

    def dollar(self, parts: list[Part], depth: int, *, in_dq: bool) -> bool:
        """
        An expansion at ``self.i`` (on its ``$`` or backtick), read onto
        *parts*; whether it is quoted (``$'…'``, ``$"…"``).

        .. code-block:: text

            expansion = "$" ( name | special ) | "${" param "}"
                      | "$(" script ")" | "$((" arith "))" | "`" script "`"
                      | "$'" ansi "'" | '$"' dq '"' ;   (bash)
        """
        text, i = self.text, self.i
        if text[i] == "`":
            parts.append(self.backtick(depth, in_dq=in_dq))
            return False
        nxt = text[i + 1 : i + 2]
        if nxt and nxt in "'\"" and not in_dq:
            if not self.dialect.ansi_c_quotes:
                self.i = i + 1  # sh: a literal $ before a quoted string
                parts.append(_DOLLAR)
                return False
            if nxt == "'":
                m = TOKENS.ansi_body.match(text, i + 2)
                if m is None:
                    parts.append(self.error("unterminated $'", i))
                    parts.append(Quoted(ansi_c(text[i + 2 :])))
                    self.i = self.n
                else:
                    parts.append(Quoted(ansi_c(text[i + 2 : m.end() - 1])))
                    self.i = m.end()
                return True
            self.i = i + 2
            parts.append(self.dq(depth, heredoc=False))
            return True
        if nxt == "(":
            if text.startswith("((", i + 1):
                self.i = i + 3
                parts.append(self.arith(depth + 1, start=i))
                return False
            self.i = i + 2
            if depth + 1 > MAX_DEPTH:
                raise TooDeep
            script = self.script(")", depth + 1)
            parts.append(CmdSub(script, text[i : self.i]))
            return False
        if nxt == "{":
            self.i = i + 2
            parts.append(self.param(depth + 1, i))
            return False
        m = TOKENS.var.match(text, i + 1)
        if m is None:
            self.i = i + 1
            parts.append(DollarBracket() if nxt == "[" else _DOLLAR)
            return False
        self.i = m.end()
        parts.append(Var(m.group(), text[i : m.end()]))
        return False

    def param(self, depth: int, start: int) -> Brace:
        """
        ``${ … }`` from ``self.i``, its expansions read.

        .. code-block:: text

            param = { ordinary | quoted | expansion | "{" param "}" } ;
        """
        if depth > MAX_DEPTH:
            raise TooDeep
        inner: list[Part] = []
        i = self.balanced(depth, TOKENS.param_ord, "{", "}", inner)
        if i is None:
            inner.append(self.error("unterminated ${", self.n))
        else:
            self.i = i + 1
        text = self.text
        closed = self.i - start > 3 and text[self.i - 1] == "}"
        return Brace(
            text[start + 2 : self.i - 1],
            text[start : self.i],
            tuple(inner),
            closed=closed,
        )

    def arith(self, depth: int, start: int | None = None) -> Arith:
        """
        An arithmetic body from ``self.i`` through its ``))``.

        .. code-block:: text

            arith = { ordinary | quoted | expansion | "(" arith ")" } "))" ;
        """
        if depth > MAX_DEPTH:
            raise TooDeep
        text = self.text
        begin = self.i
        if start is None:
            start = begin - 2
        inner: list[Part] = []
        i = self.balanced(depth, TOKENS.arith_ord, "(", ")", inner)
        if i is None:
            inner.append(self.error("unterminated ((", self.n))
            return Arith("", text[start:], tuple(inner), closed=False)
        self.i = i + (2 if text.startswith("))", i) else 1)
        return Arith(
            text[begin:i], text[start : self.i], tuple(inner), closed=True
        )

    def balanced(
        self,
        depth: int,
        ordinary: re.Pattern[str],
        opener: str,
        closer: str,
        inner: list[Part],
    ) -> int | None:
        """
        Read from ``self.i`` to the *closer* that balances (nested pairs,
        quotes and escapes skipped; ``$…`` and backticks read as in double
        quotes, onto *inner*): its index, or `None` at the end of the text
        (``self.i`` is then the end).
        """
        text, n, i = self.text, self.n, self.i
        match = ordinary.match
        level = 0
        while i < n:
            m = match(text, i)
            if m is not None:
                i = m.end()
                if i >= n:
                    break
            c = text[i]
            if c == closer:
                if level == 0:
                    return i
                level -= 1
                i += 1
            elif c == opener:
                level += 1
                i += 1
            elif c == "\\":
                i += 2
            elif c == "'":
                j = text.find("'", i + 1)
                i = n if j < 0 else j + 1
            elif c == '"':
                self.i = i + 1
                inner.append(self.dq(depth, heredoc=False))
                i = self.i
            else:
                self.i = i
                self.dollar(inner, depth, in_dq=True)
                i = self.i
        self.i = n
        return None

    def backtick(self, depth: int, *, in_dq: bool) -> Backtick:
        """
        A backtick substitution at ``self.i``: its body, unescaped, read
        as a text of its own.

        .. code-block:: text

            backtick = "`" { char | "\\\\" char } "`" ;
        """
        text, i = self.text, self.i
        m = TOKENS.bq_body.match(text, i + 1)
        error = None
        if m is None:
            error = self.error("unterminated `", i)
            body = text[i + 1 :]
            self.i = self.n
        else:
            body = text[i + 1 : m.end() - 1]
            self.i = m.end()
        inner = (TOKENS.bq_unescape_dq if in_dq else TOKENS.bq_unescape).sub(
            r"\1", body
        )
        if depth + 1 > MAX_DEPTH:
            raise TooDeep
        sub = Grammar(inner, depth + 1, self.dialect)
        out: list[ScriptItem] = []
        sub.script("", depth + 1, out)
        source = Source(inner, Script(tuple(out)))
        return Backtick(source, text[i : self.i], depth + 1, error)
