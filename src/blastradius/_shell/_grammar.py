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

    script    = { separator | and_or } ;
    and_or    = pipeline { ( "&&" | "||" ) pipeline } ;
    pipeline  = command { ( "|" | "|&" ) command } ;
    command   = { assignment | redirect | word | keyword }
              | "(" script ")" | "((" arith "))" | name "(" ")" body ;
    separator = ";" | "&" | newline | comment ;

Reserved words that only open or close a compound command (``if``,
``then``, ``do``, ``done``, …) are read as `Keyword` items (or skipped
with the separators, `Idle`): every branch and loop body is read as the
commands it holds.
"""

from __future__ import annotations

import re

from collections.abc import Iterator

from blastradius._shell._dialect import BASH, Dialect
from blastradius._shell._grammar_words import WordGrammar
from blastradius._shell._syntax import (
    MAX_DEPTH,
    AndOr,
    ArithCmd,
    AssignWord,
    Bodies,
    Body,
    Case,
    Command,
    CommandItem,
    Cond,
    Dq,
    Error,
    Fatal,
    FuncDef,
    FunctionKw,
    Group,
    Idle,
    Keyword,
    Lit,
    Pipeline,
    Plain,
    Quoted,
    Redirect,
    Script,
    Source,
    Subshell,
    TooDeep,
    TooManyErrors,
    Word,
    script_of,
)
from blastradius._shell._tokens import KEYWORDS, SKIP_KEYWORDS, TOKENS


__all__ = ["Grammar", "read_items", "read_source"]


_AFTER_BRACE = " \t\n;&|)<>"


def read_source(text: str, depth: int = 0, dialect: Dialect = BASH) -> Source:
    """
    Read *text* (nested *depth* deep) in *dialect* into its syntax tree.

    >>> (and_or,) = read_source("ls -l | wc").script.items
    >>> [[c.items for c in p.commands] for p in and_or.pipelines]
    [[(Plain(words=('ls', '-l')),), (Plain(words=('wc',)),)]]
    """
    return Source(text, Script(tuple(read_items(text, depth, dialect))))


def read_items(
    text: str, depth: int = 0, dialect: Dialect = BASH
) -> Iterator[AndOr | Fatal]:
    """
    Read *text* one and-or list at a time (`Grammar.stream`): what
    `read_source` holds, for a reader that takes each before the rest.

    >>> [len(a.pipelines) for a in read_items("a && b; c")]
    [2, 1]
    """
    return Grammar(text, depth, dialect).stream()


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

    def plain(self, word: str) -> None:
        """Add one plain word, to the run of them before it if one."""
        items = self.items
        if not self.nwords:
            self.first = word
        self.nwords += 1
        if items and isinstance(last := items[-1], Plain):
            items[-1] = Plain((*last.words, word))
        else:
            items.append(Plain((word,)))

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


def _brace(text: str, i: int, stages: list[Command], cmd: _Cmd) -> bool:
    """
    Whether the ``{`` or ``}`` at *i* is a reserved word (in a function's
    body): it starts a command, ``{`` before a blank, ``}`` before a blank
    or an operator (or either at the end).
    """
    after = " \t\n" if text[i] == "{" else _AFTER_BRACE
    return (
        not stages
        and not cmd.kind
        and cmd.empty()
        and text[i + 1 : i + 2] in after
    )


def _keyword(word: Word) -> str | None:
    """The reserved word *word* is, if it is one (unquoted, literal)."""
    if word.quoted or word.tilde:
        return None
    parts = word.parts
    if len(parts) == 1 and isinstance(parts[0], Lit) and parts[0].ordinary:
        text = parts[0].text
        return text if text in KEYWORDS else None
    return None


class Grammar(WordGrammar):
    """
    Read one text: its commands (`WordGrammar`: its words). Each method
    reads one production at ``self.i``.
    """

    __slots__ = ()

    def stream(self) -> Iterator[AndOr | Fatal]:
        """
        The whole text's and-or lists, each as soon as it is read (so the
        expansion can take it before the rest is read, and a long script
        is never held whole); nesting past `MAX_DEPTH` or one error too
        many ends them with `Fatal`.
        """
        run: list[Pipeline] = []
        fatal = None
        try:
            for pipeline in self.pipelines("", self.depth):
                run.append(pipeline)
                if pipeline.op not in ("&&", "||"):
                    yield AndOr(tuple(run))
                    run = []
        except TooManyErrors as exc:
            fatal = Fatal(exc.error)
        except TooDeep:
            fatal = Fatal()
        if run:
            yield AndOr(tuple(run))
        if fatal is not None:
            yield fatal

    def script(self, stop: str, depth: int) -> Script:
        """The pipelines until *stop* (`pipelines`) as a `Script`."""
        return script_of(list(self.pipelines(stop, depth)))

    def pipelines(self, stop: str, depth: int) -> Iterator[Pipeline]:
        """
        Read pipelines until *stop*: ``""`` (end of text), ``")"`` (the
        end of a subshell or substitution, consumed), ``"case"`` (``;;``
        or ``esac``, not consumed) or ``"}"`` (the end of a function's
        ``{ … }`` body, consumed; a ``)`` ends it too, not consumed).

        .. code-block:: text

            script = { separator | and_or } ;
            and_or = pipeline { ( "&&" | "||" ) pipeline } ;
            pipeline = command { ( "|" | "|&" ) command } ;
        """
        if depth > MAX_DEPTH:
            raise TooDeep
        text, n, blank = self.text, self.n, TOKENS.blank.match
        stages: list[Command] = []
        cmd = _Cmd()
        group = stop == "}"
        idle = TOKENS.idle_group.match if group else TOKENS.idle.match
        run_from = run_to = -1  # a run of plain words known to fail
        while True:
            i = self.i
            m = None
            if (
                not stages
                and cmd.kind == ""
                and stop != "case"
                and not (
                    self.heredocs or cmd.nwords or cmd.nassign or cmd.nredirect
                )
            ):
                m = idle(text, i)  # separators, newlines, plain keywords
                if m is not None:
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
            if group and c in "{}" and _brace(text, i, stages, cmd):
                self.i = i + 1
                if c == "}":
                    break
                cmd.items.append(Group(self.script("}", depth + 1)))
                continue
            if c == "\n":
                ended = self.newline(stages, cmd)
                if ended is not None:
                    yield ended
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
                yield Pipeline((*stages, cmd.build()), ";")
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
                yield Pipeline((*stages, cmd.build()), op)
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
            # words: first a run of plain ones in one match; one that does
            # not end the command is tried once (it would fail again from
            # each of its words)
            if not run_from <= i < run_to:
                m = TOKENS.plain_words.match(text, i)
                if m is not None:
                    if TOKENS.run_end.match(text, m.end()) is not None:
                        if self.plain(cmd, m):
                            continue
                    else:
                        run_from, run_to = i, m.end()
                        if self.plain(cmd, m, complete=False):
                            continue
            if self.command_word(cmd, depth, stop=stop):
                break
        yield Pipeline((*stages, cmd.build()), "")

    def newline(self, stages: list[Command], cmd: _Cmd) -> Pipeline | None:
        """
        A newline: it ends the pipeline, after the heredoc bodies it
        opened; blank lines after an empty command are skipped. The
        pipeline it ended, if one.
        """
        text, i = self.text, self.i
        if not stages and not self.heredocs and cmd.empty():
            m = TOKENS.newlines.match(text, i)
            self.i = m.end() if m else i + 1
            if not cmd.kind:
                return None
            return Pipeline((cmd.build(),), "\n")
        self.i = i + 1
        ended = (*stages, cmd.build())
        return Pipeline(ended, "\n", self.heredoc_bodies())

    def plain(
        self, cmd: _Cmd, m: re.Match[str], *, complete: bool = True
    ) -> bool:
        """
        A run of plain words (*m*), taken when it cannot start with a
        keyword or an assignment: whether it was. Unless the run is
        *complete* (it ends the command), its last word is taken only
        when a blank follows it.

        .. code-block:: text

            plain = plain-word { blank plain-word } ;
        """
        run = m.group().split()
        end = m.end()
        if not complete and self.text[end : end + 1] not in (" ", "\t"):
            if len(run) == 1:
                return False
            # the last word goes on with what follows: the run ends
            # before the blanks that precede it (``ls ls{``)
            head = m.group()[: -len(run.pop())]
            end = m.start() + len(head.rstrip(" \t"))
        first = run[0]
        if cmd.nwords or (
            not cmd.kind and "=" not in first and first not in KEYWORDS
        ):
            if not cmd.nwords:
                cmd.first = first
            cmd.nwords += len(run)
            cmd.items.append(Plain(tuple(run)))
            self.i = end
            return True
        return False

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
        parts = word.parts
        if (
            len(parts) == 1
            and isinstance(lit := parts[0], Lit)
            and lit.ordinary
            and not word.tilde
            and "{" not in lit.text
            and not (cmd.kind == "for" and not cmd.nwords)
            and TOKENS.globby.search(lit.text) is None
        ):  # a plain word after all: what a `Plain` run holds
            cmd.plain(lit.text)
            return False
        cmd.word(word, None if cmd.nwords else _static(word))
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
        m = TOKENS.redir_plain.match(text, i)
        if m is not None:  # a plain target (``2>/dev/null``): one match
            op, target = m.groups()
            self.i = m.end()
            plain = Word((Lit(target),), target, quoted=False, tilde=False)
            cmd.nredirect += 1
            cmd.items.append(Redirect(op, fd, plain, i))
            if op in ("<<", "<<-"):
                self.heredocs.append((target, op == "<<-", False))
            return
        if text.startswith("&>", i):
            op = "&>>" if text.startswith("&>>", i) else "&>"
        else:
            m = TOKENS.redir_op.match(text, i)
            op = m.group() if m else text[i]
        j = i + len(op)
        m = TOKENS.blank.match(text, j)
        self.i = m.end() if m else j
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
                    sub = type(self)(body, self.depth + 1, self.dialect)
                    parts = sub.dq(self.depth + 1, heredoc=True).parts
            bodies.append(Body(body, parts, error))
        return Bodies(tuple(bodies))
