"""
The shell layer's word reader: one word, its quoting and expansions.

`WordReader._word` reads one word at the reading position: quotes,
``$'…'``, ``$NAME`` and ``${…}`` (resolved when the value is known),
``$( … )`` and backticks (whose scripts are read in place), ``$(( … ))``,
globs and brace expansion (which make a word dynamic or split it). It
returns the word after quote removal and whether any part of it is
unknown before the command runs.

The grammar of a word (`WordReader._word`):

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

from itertools import islice
from typing import TYPE_CHECKING

from blastradius._shell._evaluate import ansi_c
from blastradius._shell._state import (
    MAX_DEPTH,
    Capture,
    ReaderBase,
    TooDeep,
    Values,
    spend,
)
from blastradius._shell._tokens import TOKENS


__all__ = ["ASSIGNED", "OTHER", "RAW", "SPLIT", "WordReader"]

# How `_word` treats an expansion whose value is known: split into fields
# and globbed (a command's words), kept whole (an assignment's value) or
# resolved only when it stays one word (redirection targets, ``[[ … ]]``);
# `RAW`: not expanded at all (a heredoc delimiter).
OTHER, SPLIT, ASSIGNED, RAW = 0, 1, 2, 3


def _spread(
    parts: list[str],
    fields: list[tuple[str, bool]],
    value: str,
    dyn: bool,
    quoted: bool,
) -> tuple[bool, bool]:
    """
    Split an unquoted expansion's *value* on blanks (the default IFS) onto
    the word being read (*parts*, *dyn*, *quoted*): the words it finishes
    go to *fields* (a word with a glob character is dynamic); returns the
    new (dynamic, quoted) of the word still being read.

    >>> parts, fields = ["x"], []
    >>> _spread(parts, fields, "a b  c", False, False), parts, fields
    ((False, False), ['c'], [('xa', False), ('b', False)])
    """
    pieces = TOKENS.ifs_split.split(value)
    parts.append(pieces[0])
    if len(pieces) == 1:
        return dyn, quoted
    word = "".join(parts)
    if word or quoted:
        fields.append((word, dyn or TOKENS.glob_any.search(word) is not None))
    fields.extend(
        (piece, TOKENS.glob_any.search(piece) is not None)
        for piece in islice(pieces, 1, len(pieces) - 1)
    )
    parts.clear()
    parts.append(pieces[-1])
    return False, False


class WordReader(ReaderBase):
    """
    Reading words: quoting, parameters, substitutions, arithmetic.
    """

    if TYPE_CHECKING:  # provided by the other parts of `Parser`

        def _error(self, message: str, pos: int) -> None: ...

        def _lookup(self, name: str) -> str | None: ...

        def _clear(self, *, ifs: bool) -> None: ...

        def _trusted(self) -> bool: ...

        def _subshell(self) -> Values | None: ...

        def _leave(self, saved: Values | None) -> None: ...

        def _script(self, stop: str, depth: int) -> None: ...

        def _read_heredocs(self) -> None: ...

    def _blank(self, i: int) -> int:
        m = TOKENS.blank.match(self.text, i)
        return m.end() if m else i

    def _skip_space(self) -> None:
        """Skip blanks, newlines and comments (reading heredocs)."""
        text = self.text
        while True:
            self.i = self._blank(self.i)
            if self.i >= self.n:
                return
            c = text[self.i]
            if c == "\n":
                self.i += 1
                self._read_heredocs()
            elif c == "#":
                j = text.find("\n", self.i)
                self.i = self.n if j < 0 else j
            else:
                return

    def _word(
        self, depth: int, mode: int = OTHER
    ) -> tuple[str, bool, bool] | None:
        """
        Read one word at ``self.i``: (text after quote removal, dynamic,
        quoted). `None` when nothing but line continuations (or an unquoted
        expansion to nothing) was read.

        An unquoted expansion whose value is known is treated by *mode*
        (`SPLIT`: the words it splits off before the returned one are
        left in ``self.fields``); a word holding one counts as quoted (it
        is no keyword).
        """
        text, n, i = self.text, self.n, self.i
        ordinary, globby = TOKENS.ord.match, TOKENS.globby.search
        parts: list[str] = []
        dyn = quoted = expanded = False
        begin = i
        brace = False  # an unquoted { (brace expansion comes first)
        fields: list[tuple[str, bool]] | None = None
        if text.startswith("~", i):
            dyn = True
        while i < n:
            m = ordinary(text, i)
            if m is not None:
                s = m.group()
                if not dyn and globby(s):
                    dyn = True
                if "{" in s:
                    brace = True
                if mode == ASSIGNED and "~" in s:
                    dyn = True  # expanded after = or :
                parts.append(s)
                i = m.end()
                if i >= n:
                    break
            c = text[i]
            if c in " \t\n;&|)":
                break
            if c in "<>(":
                after = self._parenthesized(parts, depth, i)
                if after < 0:
                    break
                dyn = True
                i = after
                continue
            if c == "'":
                j = text.find("'", i + 1)
                quoted = True
                if j < 0:
                    self._error("unterminated '", i)
                    parts.append(text[i + 1 :])
                    i = n
                    break
                parts.append(text[i + 1 : j])
                i = j + 1
                continue
            if c == '"':
                quoted = True
                self.i = i + 1
                dyn = self._dq(parts, depth, heredoc=False) or dyn
                i = self.i
                continue
            if c == "\\":
                m = TOKENS.escapes.match(text, i)
                if m is not None:
                    parts.append(m.group()[1::2])
                    quoted = True
                    i = m.end()
                elif i + 1 < n:  # a line continuation
                    i += 2
                else:
                    parts.append("\\")
                    i += 1
                continue
            start = i
            got = self._expansion(parts, depth, mode, i)
            if got is None:
                break  # $IFS unquoted splits words
            i, value, d, q = got
            dyn = dyn or d
            quoted = quoted or q
            if value is None:
                continue
            # an unquoted expansion with a known value
            expanded = True
            if mode == ASSIGNED:
                parts.append(value)
            elif mode == SPLIT and not self.shared.ifs:
                fields = fields if fields is not None else []
                dyn, quoted = _spread(parts, fields, value, dyn, quoted)
            elif mode == OTHER and not (
                self.shared.ifs or TOKENS.ifs_char.search(value)
            ):
                parts.append(value)
            else:  # it would split: not resolved
                parts.append(text[start:i])
                dyn = True
        if brace and not dyn and mode != ASSIGNED:
            raw = text[begin:i]
            if "$" in raw or "`" in raw:
                # bash expands braces before values: not read here
                dyn = True
                if fields:
                    fields = [(f, True) for f, _ in fields]
        self.i = i
        word = "".join(parts)
        if expanded:
            if fields:
                self.fields = fields
            if not word and not quoted:
                return None
            if mode != ASSIGNED and not dyn and TOKENS.glob_any.search(word):
                dyn = True
            return word, dyn, True
        if not parts and not quoted:
            return None
        return word, dyn, quoted

    def _parenthesized(self, parts: list[str], depth: int, i: int) -> int:
        """
        The ``(`` ``<`` or ``>`` at *i* inside a word: an array assignment
        ``NAME=( … )`` or a process substitution ``<( … )`` / ``>( … )``,
        read onto *parts* (it is dynamic); the index after it, or -1 when
        the character ends the word.
        """
        text = self.text
        c = text[i]
        if c == "(" and parts and parts[-1].endswith("="):
            self.i = i + 1
            self._array(depth + 1)
        elif c != "(" and text.startswith("(", i + 1) and not parts:
            self.i = i + 2
            self._nested_script(depth, f"{c}(...)")
        else:
            return -1
        parts.append(text[i : self.i])
        return self.i

    def _expansion(
        self, parts: list[str], depth: int, mode: int, i: int
    ) -> tuple[int, str | None, bool, bool] | None:
        """
        Read the unquoted ``$…`` or backtick expansion at *i* onto
        *parts*: (the index after it, its value when known, dynamic,
        quoted); `None` when an unquoted ``$IFS`` ends the word there.
        """
        text = self.text
        start = i
        if text[i] == "$":
            m = TOKENS.simple_vars.match(text, i)
            if m is not None and "IFS" not in m.group():
                if self.values.scope is None or mode == RAW:
                    parts.append(m.group())
                    return m.end(), None, True, False
                m = TOKENS.one_var.match(text, i)
                i = m.end()  # type: ignore[union-attr]
                value = self._lookup(m.group(1))  # type: ignore[union-attr]
                if value is None:
                    parts.append(text[start:i])
                    return i, None, True, False
                return i, value, False, False
            if (
                text.startswith(("$IFS", "${IFS}"), i)
                and TOKENS.blank.match(text, i) is not None
            ):
                return None
            self.i = i
            self.expanded = None
            d, q = self._dollar(parts, depth, in_dq=False, expand=mode != RAW)
            return self.i, self.expanded, d, q
        self.i = i  # a backtick
        self.expanded = None
        self._backtick(parts, depth, in_dq=False)
        value = self.expanded
        return self.i, value, value is None, False

    def _array(self, depth: int) -> None:
        """The elements of ``NAME=( … )`` up to the ``)``."""
        if depth > MAX_DEPTH:
            raise TooDeep
        while True:
            self._skip_space()
            if self.i >= self.n:
                self._error("unterminated array", self.n)
                return
            if self.text[self.i] == ")":
                self.i += 1
                return
            if self._word(depth) is None:
                self.i += 1

    def _dq(self, parts: list[str], depth: int, *, heredoc: bool) -> bool:
        """
        Read the inside of ``"…"`` (or an unquoted heredoc body) from
        ``self.i``; return whether it holds an expansion.

        .. code-block:: text

            dq = { ordinary | "\\" char | expansion } ;
        """
        text = self.text
        n = self.n
        i = self.i
        dyn = False
        ordinary = TOKENS.hd_ord if heredoc else TOKENS.dq_ord
        while i < n:
            m = ordinary.match(text, i)
            if m is not None:
                parts.append(m.group())
                i = m.end()
                if i >= n:
                    break
            c = text[i]
            if c == '"':
                self.i = i + 1
                return dyn
            if c == "\\":
                nxt = text[i + 1 : i + 2]
                if nxt == "\n":
                    i += 2
                elif nxt and nxt in '$`"\\' and (nxt != '"' or not heredoc):
                    parts.append(nxt)
                    i += 2
                else:
                    parts.append("\\")
                    i += 1
            elif c == "$":
                self.i = i
                d, _ = self._dollar(parts, depth, in_dq=True)
                dyn = dyn or d
                i = self.i
            else:
                self.i = i
                if not self._backtick(parts, depth, in_dq=True):
                    dyn = True
                i = self.i
        self.i = n
        if not heredoc:
            self._error('unterminated "', n)
        return dyn

    def _dollar(
        self, parts: list[str], depth: int, *, in_dq: bool, expand: bool = True
    ) -> tuple[bool, bool]:
        """
        Read an expansion at ``self.i`` (on its ``$``); return (dynamic,
        quoted). A known value is added to *parts* in double quotes; out of
        them it is left in ``self.expanded`` for `_word` (when *expand*).

        .. code-block:: text

            expansion = "$" ( name | special ) | "${" param "}"
                      | "$(" script ")" | "$((" arith "))"
                      | "$'" ansi "'" | '$"' dq '"' ;   (bash)
        """
        text = self.text
        i = self.i
        nxt = text[i + 1 : i + 2]
        if (
            nxt
            and nxt in "'\""
            and not in_dq
            and not self.shared.dialect.ansi_c_quotes
        ):
            parts.append("$")  # sh: a literal $ before a quoted string
            self.i = i + 1
            return False, False
        if nxt == "'" and not in_dq:
            m = TOKENS.ansi_body.match(text, i + 2)
            if m is None:
                self._error("unterminated $'", i)
                parts.append(ansi_c(text[i + 2 :]))
                self.i = self.n
            else:
                parts.append(ansi_c(text[i + 2 : m.end() - 1]))
                self.i = m.end()
            return False, True
        if nxt == '"' and not in_dq:
            self.i = i + 2
            return self._dq(parts, depth, heredoc=False), True
        value: str | None = None
        if nxt == "(":
            if text.startswith("((", i + 1):
                self.i = i + 3
                self._arith(depth + 1)
            else:
                self.i = i + 2
                value = self._nested_script(depth, "$(...)", capture=expand)
        elif nxt == "{":
            self.i = i + 2
            self._param(depth + 1)
            if self.track and self.i - i > 3 and text[self.i - 1] == "}":
                value = self._param_value(text[i + 2 : self.i - 1])
        else:
            m = TOKENS.var.match(text, i + 1)
            if m is None:
                if nxt == "[" and self.track:  # $[ … ]: arithmetic
                    self._clear(ifs=False)
                parts.append("$")
                self.i = i + 1
                return False, False
            self.i = m.end()
            if self.values.scope is not None:
                value = self._lookup(m.group())
        if value is None or not expand:
            parts.append(text[i : self.i])
            return True, False
        if in_dq:
            parts.append(value)
        else:
            self.expanded = value
        return False, False

    def _param_value(self, body: str) -> str | None:
        """
        The value of ``${body}`` when it is known: ``NAME``, ``NAME-word``
        or ``NAME:-word`` (a plain word) with NAME known; a form that may
        assign (``=``, subscripts, ``++``) makes values unknown.
        """
        m = TOKENS.param_simple.fullmatch(body)
        if m is None:
            if TOKENS.param_effect.search(body):
                self._clear(ifs="IFS" in body)
            return None
        if self.values.scope is None:
            return None
        value = self._lookup(m.group(1))
        if value is None or m.group(2) is None:
            return value
        if m.group(2) == ":-" and not value:
            return m.group(3)
        return value

    def _nested_script(
        self, depth: int, label: str, *, capture: bool = False
    ) -> str | None:
        """
        Read a ``$( … )``-like script from ``self.i`` to its ``)``, in a
        subshell; with *capture*, return its output when it is known.
        """
        if depth + 1 > MAX_DEPTH:
            raise TooDeep
        saved = self.env
        env = self.env = saved.evolve(via=(*saved.via, label))
        outer = self.capture
        cap = self.capture = Capture(env.via) if capture else None
        state = self._subshell() if self.track else None
        try:
            self._script(")", depth + 1)
        finally:
            self.env = saved
            self.capture = outer
            if state is not None:
                self._leave(state)
        if cap is None or not self._trusted() or cap.text is None:
            return None
        return spend(self.shared, cap.output())

    def _param(self, depth: int) -> None:
        """Skip ``${ … }`` from ``self.i``, running what it substitutes."""
        if depth > MAX_DEPTH:
            raise TooDeep
        i = self._balanced(depth, TOKENS.param_ord, "{", "}")
        if i is None:
            self._error("unterminated ${", self.n)
        else:
            self.i = i + 1

    def _arith(self, depth: int) -> None:
        """Skip an arithmetic ``(( … ))`` body from ``self.i``."""
        if depth > MAX_DEPTH:
            raise TooDeep
        text = self.text
        start = self.i
        i = self._balanced(depth, TOKENS.arith_ord, "(", ")")
        if i is None:
            self._error("unterminated ((", self.n)
            return
        if self.track and TOKENS.arith_effect.search(text, start, i):
            # it may assign: values are no longer known
            self._clear(ifs="IFS" in text[start:i])
        self.i = i + (2 if text.startswith("))", i) else 1)

    def _balanced(
        self, depth: int, ordinary: re.Pattern[str], opener: str, closer: str
    ) -> int | None:
        """
        Read from ``self.i`` to the *closer* that balances (nested pairs,
        quotes and escapes skipped; ``$…`` and backticks run as in double
        quotes): its index, or `None` at the end of the text (``self.i``
        is then the end).
        """
        text = self.text
        n = self.n
        i = self.i
        sink: list[str] = []
        level = 0
        while i < n:
            m = ordinary.match(text, i)
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
                self._dq(sink, depth, heredoc=False)
                i = self.i
            elif c == "$":
                self.i = i
                self._dollar(sink, depth, in_dq=True)
                i = self.i
            else:
                self.i = i
                self._backtick(sink, depth, in_dq=True)
                i = self.i
        self.i = n
        return None

    def _backtick(self, parts: list[str], depth: int, *, in_dq: bool) -> bool:
        """
        Read a backtick substitution at ``self.i`` (on its backtick);
        return whether its output is known (added to *parts* in double
        quotes, left in ``self.expanded`` out of them).
        """
        text = self.text
        i = self.i
        m = TOKENS.bq_body.match(text, i + 1)
        if m is None:
            self._error("unterminated `", i)
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
        env = self.env.evolve(via=(*self.env.via, "`...`"))
        sub = type(self)(inner, env, self.shared, depth + 1)
        sub.values = self.values.subshell()  # it sees our values
        if self.values.scope is not None:
            sub.tracking()
        cap = sub.capture = Capture(env.via)
        sub.run()
        if sub.broken:
            self.broken = True
        value = spend(self.shared, cap.output()) if self._trusted() else None
        if value is None:
            parts.append(text[i : self.i])
            return False
        if in_dq:
            parts.append(value)
        else:
            self.expanded = value
        return True
