"""
The shell layer's syntax tree: what the grammar reads, before expansion.

The grammar (`blastradius._shell._grammar`) turns one text into a
`Source`; the expansion (`blastradius._shell._expand`) walks it. Nodes
are plain immutable records (`Record`): cheap to create, validated in
``__init__``, frozen after it. Everything is kept in the order of the
text, because the expansion does what bash does in that order (a value
assigned before a word is known in it; the commands of a substitution
run before the command holding it).

A word is a tuple of parts (`Lit`, `Quoted`, `Dq`, `Var`, `Brace`,
`Arith`, `CmdSub`, `ProcSub`, `Backtick`, `Array`, `DollarBracket`, and an
`Error` where the text was unfinished). A script is a tuple of and-or
lists (`AndOr`: pipelines joined by ``&&`` / ``||``), each `Pipeline`
ended by its operator (``;``, ``&``, ``&&``, ``||``, a newline or the
end). A pipeline holds `Command`s, and a command its items in order:
`Idle` runs (separators and keywords that only open or close a compound
command), `Plain`
runs of words, `Word`s, `AssignWord`s, `Redirect`s, `Keyword`s and the
compound pieces (`Subshell`, `ArithCmd`, `Cond`, `Case`, `FuncDef`,
`FunctionKw`). Heredoc bodies are read at the newline after their
command: the `Bodies` of that newline. The reserved words that only
open or close a compound command (``if``, ``then``, ``do``, ``done``, …)
are `Keyword` items, as the reader has always read them: every branch and
loop body is read as the commands it holds.
"""

from __future__ import annotations

from typing import TypeAlias

from blastradius._record import Record
from blastradius._shell._tokens import TOKENS


__all__ = [
    "MAX_DEPTH",
    "MAX_ERRORS",
    "AndOr",
    "Arith",
    "ArithCmd",
    "Array",
    "AssignWord",
    "Backtick",
    "Bodies",
    "Body",
    "Brace",
    "Case",
    "CmdSub",
    "Command",
    "CommandItem",
    "Cond",
    "DollarBracket",
    "Dq",
    "Error",
    "Fatal",
    "FuncDef",
    "FunctionKw",
    "Group",
    "Idle",
    "Keyword",
    "Lit",
    "Part",
    "Pipeline",
    "Plain",
    "ProcSub",
    "Quoted",
    "Redirect",
    "Script",
    "ScriptItem",
    "Source",
    "Subshell",
    "TooDeep",
    "TooManyErrors",
    "Var",
    "Vars",
    "Word",
    "script_of",
]

MAX_DEPTH = 64
"""How deep substitutions, subshells and re-lexed strings may nest."""


MAX_ERRORS = 32
"""At most this many errors are reported; past it the reading stops."""


class TooDeep(Exception):  # noqa: N818 - internal control flow
    """Nesting, re-lexing or syntax errors went past their bound."""


class TooManyErrors(TooDeep):
    """More than `MAX_ERRORS` errors in one text: *error* the last."""

    def __init__(self, error: Error) -> None:
        super().__init__(error.message)
        self.error = error


class Error(Record):
    """An unfinished or unexpected construct at *pos* (in its text)."""

    __slots__ = _fields = ("message", "pos")

    message: str
    pos: int

    def __init__(self, message: str, pos: int) -> None:
        set_message, set_pos = self._setters
        set_message(self, message)
        set_pos(self, pos)

    @property
    def raw(self) -> str:
        """Nothing: an error holds no text."""
        return ""


class Fatal(Record):
    """
    The reading stopped here: nesting went past `MAX_DEPTH`, or *error*
    was one too many.
    """

    __slots__ = _fields = ("error",)

    error: Error | None

    def __init__(self, error: Error | None = None) -> None:
        (set_error,) = self._setters
        set_error(self, error)


class Lit(Record):
    """
    Unquoted literal text; *ordinary* when it is a run of ordinary
    characters (where globs, braces and ``~`` count), not a lone ``$`` or
    ``\\``.
    """

    __slots__ = _fields = ("text", "ordinary")

    text: str
    ordinary: bool

    def __init__(self, text: str, ordinary: bool = True) -> None:
        set_text, set_ordinary = self._setters
        set_text(self, text)
        set_ordinary(self, ordinary)

    @property
    def raw(self) -> str:
        """The text (as written, for an unquoted literal)."""
        return self.text


class Quoted(Record):
    """Quoted literal text: ``'…'``, backslash escapes, ``$'…'`` decoded."""

    __slots__ = _fields = ("text",)

    text: str

    def __init__(self, text: str) -> None:
        (set_text,) = self._setters
        set_text(self, text)

    @property
    def raw(self) -> str:
        """The text after quote removal."""
        return self.text


class Var(Record):
    """``$NAME`` or a special parameter (``$1``, ``$@``), *raw* as written."""

    __slots__ = _fields = ("name", "raw")

    name: str
    raw: str

    def __init__(self, name: str, raw: str) -> None:
        set_name, set_raw = self._setters
        set_name(self, name)
        set_raw(self, raw)


class Vars(Record):
    """
    A run of plain ``$NAME`` expansions out of quotes, as written (one
    part, so that ``$$$$…`` stays cheap).
    """

    __slots__ = _fields = ("raw",)

    raw: str

    def __init__(self, raw: str) -> None:
        (set_raw,) = self._setters
        set_raw(self, raw)

    def each(self) -> list[Var]:
        """One `Var` per expansion of the run."""
        return [
            Var(m.group(1), m.group())
            for m in TOKENS.one_var.finditer(self.raw)
        ]


class DollarBracket(Record):
    """The ``$`` of ``$[ … ]`` (old arithmetic, which may assign)."""

    __slots__ = _fields = ()

    @property
    def raw(self) -> str:
        """The ``$``."""
        return "$"


class Brace(Record):
    """
    ``${ … }``: *body* between the braces, *raw* as written, *inner* the
    expansions inside it (in double-quote mode), *closed* when its ``}``
    was found.
    """

    __slots__ = _fields = ("body", "raw", "inner", "closed")

    body: str
    raw: str
    inner: tuple[Part, ...]
    closed: bool

    def __init__(
        self, body: str, raw: str, inner: tuple[Part, ...], *, closed: bool
    ) -> None:
        set_body, set_raw, set_inner, set_closed = self._setters
        set_body(self, body)
        set_raw(self, raw)
        set_inner(self, tuple(inner))
        set_closed(self, closed)


class Arith(Record):
    """
    An arithmetic body (``$(( … ))``, ``(( … ))``): *body* as written,
    *inner* the expansions in it, *closed* when its end was found.
    """

    __slots__ = _fields = ("body", "raw", "inner", "closed")

    body: str
    raw: str
    inner: tuple[Part, ...]
    closed: bool

    def __init__(
        self, body: str, raw: str, inner: tuple[Part, ...], *, closed: bool
    ) -> None:
        set_body, set_raw, set_inner, set_closed = self._setters
        set_body(self, body)
        set_raw(self, raw)
        set_inner(self, tuple(inner))
        set_closed(self, closed)


class CmdSub(Record):
    """``$( … )``: its *script* (in the same text), *raw* as written."""

    __slots__ = _fields = ("script", "raw")

    script: Script
    raw: str

    def __init__(self, script: Script, raw: str) -> None:
        set_script, set_raw = self._setters
        set_script(self, script)
        set_raw(self, raw)


class ProcSub(Record):
    """``<( … )`` / ``>( … )``: *label* (its ``via``) and *script*."""

    __slots__ = _fields = ("label", "script", "raw")

    label: str
    script: Script
    raw: str

    def __init__(self, label: str, script: Script, raw: str) -> None:
        set_label, set_script, set_raw = self._setters
        set_label(self, label)
        set_script(self, script)
        set_raw(self, raw)


class Backtick(Record):
    """
    A backtick substitution: its body, unescaped, read as a text of its
    own (*source*); *raw* as written, *error* when unterminated.
    """

    __slots__ = _fields = ("source", "raw", "depth", "error")

    source: Source
    raw: str
    depth: int
    error: Error | None

    def __init__(
        self, source: Source, raw: str, depth: int, error: Error | None = None
    ) -> None:
        set_source, set_raw, set_depth, set_error = self._setters
        set_source(self, source)
        set_raw(self, raw)
        set_depth(self, depth)
        set_error(self, error)


class Array(Record):
    """``NAME=( … )``'s elements (words, heredoc bodies, errors)."""

    __slots__ = _fields = ("items", "raw")

    items: tuple[Word | Bodies | Error, ...]
    raw: str

    def __init__(
        self, items: tuple[Word | Bodies | Error, ...], raw: str
    ) -> None:
        set_items, set_raw = self._setters
        set_items(self, tuple(items))
        set_raw(self, raw)


class Dq(Record):
    """``"…"`` (or ``$"…"``): the parts inside, in order."""

    __slots__ = _fields = ("parts",)

    parts: tuple[Part, ...]

    def __init__(self, parts: tuple[Part, ...]) -> None:
        (set_parts,) = self._setters
        set_parts(self, tuple(parts))

    @property
    def raw(self) -> str:
        """The inside's texts between double quotes."""
        return '"' + "".join(p.raw for p in self.parts) + '"'


Part: TypeAlias = (
    "Lit | Quoted | Dq | Var | Vars | DollarBracket | Brace | Arith | CmdSub"
    " | ProcSub | Backtick | Array | Error"
)


class Word(Record):
    """
    One word: its *parts*, *raw* text, whether it holds quoting
    (*quoted*), and *tilde* when it starts with ``~``.
    """

    __slots__ = _fields = ("parts", "raw", "quoted", "tilde")

    parts: tuple[Part, ...]
    raw: str
    quoted: bool
    tilde: bool

    def __init__(
        self, parts: tuple[Part, ...], raw: str, *, quoted: bool, tilde: bool
    ) -> None:
        set_parts, set_raw, set_quoted, set_tilde = self._setters
        set_parts(self, tuple(parts))
        set_raw(self, raw)
        set_quoted(self, quoted)
        set_tilde(self, tilde)


class Plain(Record):
    """A run of plain words (no quoting, no expansion), read at once."""

    __slots__ = _fields = ("words",)

    words: tuple[str, ...]

    def __init__(self, words: tuple[str, ...]) -> None:
        (set_words,) = self._setters
        set_words(self, tuple(words))


class AssignWord(Record):
    """
    A word shaped ``NAME=value`` where an assignment may be: the
    command's assignment before its first word, a declaration's operand
    after ``export`` & co, else an ordinary word.
    """

    __slots__ = _fields = ("word",)

    word: Word

    def __init__(self, word: Word) -> None:
        (set_word,) = self._setters
        set_word(self, word)


class Keyword(Record):
    """A reserved word that starts a command (``if``, ``for``, ``{`` …)."""

    __slots__ = _fields = ("word",)

    word: str

    def __init__(self, word: str) -> None:
        (set_word,) = self._setters
        set_word(self, word)


class Redirect(Record):
    """
    A redirection: operator, file descriptor, target word (`None` with
    an *error* when it has none).
    """

    __slots__ = _fields = ("op", "fd", "target", "pos", "error")

    op: str
    fd: int | None
    target: Word | None
    pos: int
    error: Error | None

    def __init__(
        self,
        op: str,
        fd: int | None,
        target: Word | None,
        pos: int,
        error: Error | None = None,
    ) -> None:
        if (target is None) == (error is None):
            msg = "a Redirect has a target or an error"
            raise ValueError(msg)
        set_op, set_fd, set_target, set_pos, set_error = self._setters
        set_op(self, op)
        set_pos(self, pos)
        set_fd(self, fd)
        set_target(self, target)
        set_error(self, error)


class Body(Record):
    """
    One heredoc's body: its *text* (after ``<<-`` tab stripping and, when
    unquoted, line continuations), *parts* when it is unquoted and holds
    expansions (the body read as a text of its own, in double-quote
    mode), an *error* when its delimiter never came.
    """

    __slots__ = _fields = ("text", "parts", "error")

    text: str
    parts: tuple[Part, ...] | None
    error: Error | None

    def __init__(
        self,
        text: str,
        parts: tuple[Part, ...] | None,
        error: Error | None = None,
    ) -> None:
        set_text, set_parts, set_error = self._setters
        set_text(self, text)
        set_parts(self, None if parts is None else tuple(parts))
        set_error(self, error)


class Bodies(Record):
    """The heredoc bodies read at one newline, in order."""

    __slots__ = _fields = ("bodies",)

    bodies: tuple[Body, ...]

    def __init__(self, bodies: tuple[Body, ...]) -> None:
        (set_bodies,) = self._setters
        set_bodies(self, tuple(bodies))


class Idle(Record):
    """Separators and plain keywords skipped between commands."""

    __slots__ = _fields = ("keywords",)

    keywords: tuple[str, ...]

    def __init__(self, keywords: tuple[str, ...]) -> None:
        (set_keywords,) = self._setters
        set_keywords(self, tuple(keywords))


class Subshell(Record):
    """``( … )``: one pipeline stage."""

    __slots__ = _fields = ("script",)

    script: Script

    def __init__(self, script: Script) -> None:
        (set_script,) = self._setters
        set_script(self, script)


class ArithCmd(Record):
    """``(( … ))``: an arithmetic command."""

    __slots__ = _fields = ("arith",)

    arith: Arith

    def __init__(self, arith: Arith) -> None:
        (set_arith,) = self._setters
        set_arith(self, arith)


class Cond(Record):
    """``[[ … ]]``: its words (and heredoc bodies, errors) in order."""

    __slots__ = _fields = ("items",)

    items: tuple[Word | Bodies | Error, ...]

    def __init__(self, items: tuple[Word | Bodies | Error, ...]) -> None:
        (set_items,) = self._setters
        set_items(self, tuple(items))


class Case(Record):
    """
    ``case WORD in … esac``: its items in order: the subject and pattern
    words, each arm's `Script`, heredoc bodies and errors.
    """

    __slots__ = _fields = ("items",)

    items: tuple[Word | Script | Bodies | Error, ...]

    def __init__(
        self, items: tuple[Word | Script | Bodies | Error, ...]
    ) -> None:
        (set_items,) = self._setters
        set_items(self, tuple(items))


class Group(Record):
    """A ``{ … }`` nested in a function's ``{ … }`` body."""

    __slots__ = _fields = ("script",)

    script: Script

    def __init__(self, script: Script) -> None:
        (set_script,) = self._setters
        set_script(self, script)


class FuncDef(Record):
    """
    ``name () body``: *command* what was read before the ``()`` (the
    name is its one word), *static*
    when that word is known as written (else the body is read as plain
    commands after it); *body* its ``{ … }`` or ``( … )`` (*subshell*);
    *other* when the body is another compound command (read as plain
    commands after it); `None` and not *other*: no body at all.
    """

    __slots__ = _fields = ("command", "static", "body", "subshell", "other")

    command: Command
    static: bool
    body: Script | None
    subshell: bool
    other: bool

    def __init__(
        self,
        command: Command,
        *,
        static: bool,
        body: Script | None = None,
        subshell: bool = False,
        other: bool = False,
    ) -> None:
        set_command, set_static, set_body, set_subshell, set_other = (
            self._setters
        )
        set_command(self, command)
        set_static(self, static)
        set_body(self, body)
        set_subshell(self, subshell)
        set_other(self, other)


class FunctionKw(Record):
    """
    ``function name [()] body``: the *name* word, and the rest as in
    `FuncDef`.
    """

    __slots__ = _fields = ("name", "static", "body", "subshell", "other")

    name: Word | None
    static: bool
    body: Script | None
    subshell: bool
    other: bool

    def __init__(
        self,
        name: Word | None,
        *,
        static: bool,
        body: Script | None = None,
        subshell: bool = False,
        other: bool = False,
    ) -> None:
        set_name, set_static, set_body, set_subshell, set_other = self._setters
        set_name(self, name)
        set_static(self, static)
        set_body(self, body)
        set_subshell(self, subshell)
        set_other(self, other)


CommandItem: TypeAlias = (
    "Plain | Word | AssignWord | Keyword | Redirect | Subshell | ArithCmd"
    " | Cond | Case | FuncDef | FunctionKw | Group | Idle | Bodies | Error"
)


class Command(Record):
    """One pipeline stage: its items in the order of the text."""

    __slots__ = _fields = ("items",)

    items: tuple[CommandItem, ...]

    def __init__(self, items: tuple[CommandItem, ...]) -> None:
        (set_items,) = self._setters
        set_items(self, tuple(items))


class Pipeline(Record):
    """
    Commands joined by ``|`` / ``|&``, ended by *op*; *bodies*: the
    heredoc bodies read at the newline that ends it, before it ends.
    """

    __slots__ = _fields = ("commands", "op", "bodies")

    commands: tuple[Command, ...]
    op: str
    bodies: Bodies | None

    def __init__(
        self,
        commands: tuple[Command, ...],
        op: str,
        bodies: Bodies | None = None,
    ) -> None:
        if not commands:
            msg = "a Pipeline has at least one command"
            raise ValueError(msg)
        set_commands, set_op, set_bodies = self._setters
        set_commands(self, tuple(commands))
        set_op(self, op)
        set_bodies(self, bodies)


class AndOr(Record):
    """
    An and-or list: pipelines joined by ``&&`` / ``||`` (each but the
    last ends with one of them), the last ended by ``;``, ``&``, a newline
    or the end.
    """

    __slots__ = _fields = ("pipelines",)

    pipelines: tuple[Pipeline, ...]

    def __init__(self, pipelines: tuple[Pipeline, ...]) -> None:
        if not pipelines or (
            len(pipelines) > 1
            and any(p.op not in ("&&", "||") for p in pipelines[:-1])
        ):
            msg = "an AndOr joins pipelines with && or ||"
            raise ValueError(msg)
        (set_pipelines,) = self._setters
        set_pipelines(self, tuple(pipelines))


ScriptItem: TypeAlias = "AndOr | Fatal"


def script_of(read: list[Pipeline | Fatal]) -> Script:
    """
    The `Script` of the pipelines *read* in order (and the `Fatal` that
    may end them), grouped into and-or lists.
    """
    items: list[ScriptItem] = []
    run: list[Pipeline] = []
    for item in read:
        if isinstance(item, Fatal):
            if run:
                items.append(AndOr(tuple(run)))
                run = []
            items.append(item)
            continue
        run.append(item)
        if item.op not in ("&&", "||"):
            items.append(AndOr(tuple(run)))
            run = []
    if run:
        items.append(AndOr(tuple(run)))
    return Script(tuple(items))


class Script(Record):
    """A list of commands: its and-or lists, in order."""

    __slots__ = _fields = ("items",)

    items: tuple[ScriptItem, ...]

    def __init__(self, items: tuple[ScriptItem, ...]) -> None:
        (set_items,) = self._setters
        set_items(self, tuple(items))


class Source(Record):
    """One text and its script (the top level, a backtick body, …)."""

    __slots__ = _fields = ("text", "script")

    text: str
    script: Script

    def __init__(self, text: str, script: Script) -> None:
        set_text, set_script = self._setters
        set_text(self, text)
        set_script(self, script)
