"""
The shell layer's expansion of words: quote removal and known values.

`WordExpander` is the part of `blastradius._shell._expand.Expander` that
expands one word of the syntax tree (`blastradius._shell._syntax.Word`)
as bash would: quotes removed, a variable whose value is known replaced
by it (split into words when unquoted), the output of a ``$( … )`` or
backtick substitution when it is known, and the commands of every
substitution run where they stand. A word whose value is only known at
run time is dynamic; its text is kept as written.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import islice
from typing import TYPE_CHECKING

from blastradius._shell._state import Capture, KnownValues, spend
from blastradius._shell._syntax import (
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
    Var,
    Vars,
    Word,
)
from blastradius._shell._tokens import TOKENS


__all__ = ["ASSIGNED", "OTHER", "RAW", "SPLIT", "WordExpander"]

# How `Expander.word` treats an expansion whose value is known: split into
# fields and globbed (a command's words), kept whole (an assignment's
# value) or resolved only when it stays one word (redirection targets,
# ``[[ … ]]``); `RAW`: not expanded at all (a heredoc delimiter).
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
    the word being expanded (*parts*, *dyn*, *quoted*): the words it
    finishes go to *fields* (a word with a glob character is dynamic);
    returns the new (dynamic, quoted) of the word still being expanded.

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


def _each_var(parts: Sequence[Part]) -> Sequence[Part]:
    """*parts* with each run of variables (`Vars`) one `Var` per name."""
    if not any(isinstance(p, Vars) for p in parts):
        return parts
    out: list[Part] = []
    for part in parts:
        if isinstance(part, Vars):
            out.extend(part.each())
        else:
            out.append(part)
    return out


class WordExpander(KnownValues):
    """Expanding words: quoting, parameters, substitutions, arithmetic."""

    if TYPE_CHECKING:  # provided by the other parts of `Expander`

        def _error(self, message: str, pos: int) -> None: ...

        def script(self, script: Script) -> None: ...

        def heredoc_bodies(self, bodies: Bodies) -> None: ...

    def word(self, word: Word, mode: int) -> tuple[str, bool, bool] | None:
        """
        Expand *word*: (text after quote removal, dynamic, quoted); `None`
        when an unquoted expansion to nothing is all it holds.

        An unquoted expansion whose value is known is treated by *mode*
        (`SPLIT`: the words it splits off before the returned one are
        left in ``self.fields``); a word holding one counts as quoted.
        """
        globby = TOKENS.globby.search
        pieces: Sequence[Part] = word.parts
        if len(pieces) == 1 and not word.tilde:
            only = pieces[0]
            if type(only) is Lit and only.ordinary and "{" not in only.text:
                # one run of ordinary characters (``2>/dev/null``): what
                # the loop below makes of it
                s = only.text
                dyn = globby(s) is not None or (mode == ASSIGNED and "~" in s)
                return s, dyn, False
        parts: list[str] = []
        dyn = word.tilde
        quoted = expanded = brace = False
        fields: list[tuple[str, bool]] | None = None
        if self.values.scope is not None and mode != RAW:
            pieces = _each_var(pieces)
        for part in pieces:
            if isinstance(
                part, Vars
            ):  # no value is known, or they are not expanded
                parts.append(part.raw)
                dyn = True
                continue
            if isinstance(part, Lit):
                s = part.text
                if part.ordinary:
                    if not dyn and globby(s):
                        dyn = True
                    if "{" in s:
                        brace = True
                    if mode == ASSIGNED and "~" in s:
                        dyn = True  # expanded after = or :
                parts.append(s)
                continue
            if isinstance(part, Quoted):
                parts.append(part.text)
                quoted = True
                continue
            if isinstance(part, Dq):
                quoted = True
                dyn = self.dq(part.parts, parts) or dyn
                continue
            if isinstance(part, Error):
                self._error(part.message, part.pos)
                continue
            if isinstance(part, Array):
                self.array(part)
                parts.append(part.raw)
                dyn = True
                continue
            if isinstance(part, ProcSub):
                self.nested(part.script, part.label, capture=False)
                parts.append(part.raw)
                dyn = True
                continue
            value, d = self.expansion(part, mode, parts)
            dyn = dyn or d
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
                parts.append(part.raw)
                dyn = True
        if brace and not dyn and mode != ASSIGNED:
            raw = word.raw
            if "$" in raw or "`" in raw:
                # bash expands braces before values: not read here
                dyn = True
                if fields:
                    fields = [(f, True) for f, _ in fields]
        text = "".join(parts)
        if expanded:
            if fields:
                self.fields = fields
            if not text and not quoted:
                return None
            if mode != ASSIGNED and not dyn and TOKENS.glob_any.search(text):
                dyn = True
            return text, dyn, True
        if not parts and not quoted:
            return None
        return text, dyn, quoted

    def expansion(
        self, part: Part, mode: int, parts: list[str]
    ) -> tuple[str | None, bool]:
        """
        An unquoted ``$…`` or backtick expansion: its value when known
        (else its text goes onto *parts*), and whether it is dynamic.
        """
        if isinstance(part, Var):
            if self.values.scope is None or mode == RAW:
                parts.append(part.raw)
                return None, True
            value = self._lookup(part.name)
            if value is None:
                parts.append(part.raw)
                return None, True
            return value, False
        if isinstance(part, Backtick):
            value = self.backtick(part)
            if value is None:
                parts.append(part.raw)
            return value, value is None
        value, dyn = self.dollar(part, parts, expand=mode != RAW)
        return value, dyn

    def dollar(
        self, part: Part, parts: list[str], *, expand: bool
    ) -> tuple[str | None, bool]:
        """
        ``$…`` (not a plain variable out of quotes): its value when known
        and *expand*, else its text onto *parts*; and whether it is
        dynamic.
        """
        value: str | None = None
        if isinstance(part, Var):
            if self.values.scope is not None:
                value = self._lookup(part.name)
        elif isinstance(part, DollarBracket):
            if self.track:  # $[ … ]: arithmetic
                self._clear(ifs=False)
            parts.append("$")
            return None, False
        elif isinstance(part, Lit):
            parts.append(part.text)
            return None, False
        elif isinstance(part, CmdSub):
            value = self.nested(part.script, "$(...)", capture=expand)
        elif isinstance(part, Brace):
            self.inner(part.inner)
            if self.track and part.closed:
                value = self._param_value(part.body)
        elif isinstance(part, Arith):
            self.arith(part)
        elif isinstance(part, Backtick):
            value = self.backtick(part)
            if value is None:
                parts.append(part.raw)
                return None, True
            return value, False
        if value is None or not expand:
            parts.append(part.raw)
            return None, True
        return value, False

    def dq(self, inside: Sequence[Part], parts: list[str]) -> bool:
        """
        The inside of ``"…"`` (or an unquoted heredoc body) onto *parts*;
        whether it holds an expansion not known.
        """
        dyn = False
        for part in inside:
            if isinstance(part, Lit):
                parts.append(part.text)
            elif isinstance(part, Error):
                self._error(part.message, part.pos)
            else:
                value, d = self.dollar(part, parts, expand=True)
                if value is not None:
                    parts.append(value)
                dyn = dyn or d
        return dyn

    def inner(self, inside: Sequence[Part]) -> None:
        """The expansions inside ``${ … }`` or arithmetic: they run."""
        sink: list[str] = []
        for part in inside:
            if isinstance(part, Dq):
                self.dq(part.parts, sink)
            elif isinstance(part, Error):
                self._error(part.message, part.pos)
            else:
                self.dollar(part, sink, expand=True)

    def arith(self, arith: Arith) -> None:
        """An arithmetic body: its expansions run; it may assign."""
        self.inner(arith.inner)
        body = arith.body
        if arith.closed and self.track and TOKENS.arith_effect.search(body):
            # it may assign: values are no longer known
            self._clear(ifs="IFS" in body)

    def array(self, array: Array) -> None:
        """The elements of ``NAME=( … )``: expanded, their commands run."""
        for item in array.items:
            if isinstance(item, Word):
                self.word(item, OTHER)
            elif isinstance(item, Bodies):
                self.heredoc_bodies(item)
            else:
                self._error(item.message, item.pos)

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

    def nested(
        self, script: Script, label: str, *, capture: bool
    ) -> str | None:
        """
        A ``$( … )``-like *script*, in a subshell; with *capture*, its
        output when it is known.
        """
        saved = self.env
        env = self.env = saved.evolve(via=(*saved.via, label))
        outer = self.capture
        cap = self.capture = Capture(env.via) if capture else None
        state = self._subshell() if self.track else None
        try:
            self.script(script)
        finally:
            self.env = saved
            self.capture = outer
            if state is not None:
                self._leave(state)
        if cap is None or not self._trusted() or cap.text is None:
            return None
        return spend(self.shared, cap.output())

    def backtick(self, part: Backtick) -> str | None:
        """A backtick substitution, its body a text of its own: its output."""
        if part.error is not None:
            self._error(part.error.message, part.error.pos)
        env = self.env.evolve(via=(*self.env.via, "`...`"))
        source = part.source
        sub = type(self)(source.text, env, self.shared, part.depth)
        sub.values = self.values.subshell()  # it sees our values
        if self.values.scope is not None:
            sub.tracking()
        cap = sub.capture = Capture(env.via)
        sub.run(source=source)
        if sub.broken:
            self.broken = True
        return spend(self.shared, cap.output()) if self._trusted() else None
