"""
The shell layer's grammar of words: quoting and expansions.

`WordGrammar` is the part of `blastradius._shell._grammar.Grammar` that
reads one word: quotes, ``$'…'``, ``$NAME`` and ``${…}``, ``$( … )`` and
backticks (whose scripts are read in place, or as a text of their own),
``$(( … ))``, process substitutions and arrays. It reads; it expands
nothing (`blastradius._shell._expand` does).

.. code-block:: text

    word = piece { piece } ;
    piece = ordinary | "'" chars "'" | '"' dq '"' | "\\" char
          | expansion | "<(" script ")" | ">(" script ")"
          | name "=(" array ")" ;
    expansion = "$" name | "${" param "}" | "$(" script ")"
              | "$((" arith "))" | "`" script "`" | "$'" ansi "'" ;
"""

from __future__ import annotations

import re

from typing import TYPE_CHECKING, Any

from blastradius._shell._dialect import BASH, Dialect
from blastradius._shell._evaluate import ansi_c
from blastradius._shell._syntax import (
    MAX_DEPTH,
    MAX_ERRORS,
    Arith,
    Array,
    Backtick,
    Bodies,
    Brace,
    CmdSub,
    DollarBracket,
    Dq,
    Error,
    Lit,
    Part,
    ProcSub,
    Quoted,
    Script,
    Source,
    TooDeep,
    TooManyErrors,
    Var,
    Vars,
    Word,
)
from blastradius._shell._tokens import TOKENS


__all__ = ["WordGrammar"]

_DOLLAR = Lit("$", ordinary=False)


class WordGrammar:
    """
    Read the words of one text: the position, the heredocs waiting for
    their bodies, the errors so far, the dialect.
    """

    __slots__ = ("depth", "dialect", "errors", "heredocs", "i", "n", "text")

    if TYPE_CHECKING:  # the command grammar (`Grammar`)

        def script(self, stop: str, depth: int) -> Script: ...

        def heredoc_bodies(self) -> Bodies | None: ...

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
        sub = type(self)(inner, depth + 1, self.dialect)
        source = Source(inner, sub.script("", depth + 1))
        return Backtick(source, text[i : self.i], depth + 1, error)
