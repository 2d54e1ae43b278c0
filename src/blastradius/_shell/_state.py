"""
The shell layer's reading state: what one parse knows as it reads.

`Shared` is what one `parse` call collects (the commands, the errors, the
budgets, the functions defined, what is no longer trusted); `ReaderBase`
holds one text's reading position and its known variable values (an
explicit record per shell and subshell, `Scope`); `KnownValues` follows
assignments, builtins and control flow to keep those values right (see
"Dynamic words" in docs/shell.md). Nothing here reads text itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from typing import TYPE_CHECKING

from blastradius._model import Redirect, SimpleCommand
from blastradius._record import Record
from blastradius._shell._dialect import BASH, Dialect
from blastradius._shell._syntax import MAX_DEPTH, MAX_ERRORS, TooDeep
from blastradius._shell._tokens import TOKENS
from blastradius._shell._unwrap import Env


if TYPE_CHECKING:
    from blastradius._shell._syntax import Source


__all__ = [
    "DECLARE",
    "FREEZE",
    "MAX_COMMANDS",
    "MAX_DEPTH",
    "MAX_ERRORS",
    "Capture",
    "Cmd",
    "KnownValues",
    "ReaderBase",
    "Scope",
    "Shared",
    "Stage",
    "TooDeep",
    "TooMany",
    "Values",
    "spend",
]

MAX_COMMANDS = 10_000
"""At most this many distinct simple commands are returned."""


_MIN_BUDGET = 1 << 20


class TooMany(Exception):  # noqa: N818 - internal control flow
    """More simple commands than `MAX_COMMANDS`."""


# Variables bash sets by itself, or whose assignment does not stick.
SPECIAL_VARS = frozenset(
    [
        "_",
        "IFS",
        "RANDOM",
        "SRANDOM",
        "SECONDS",
        "EPOCHSECONDS",
        "EPOCHREALTIME",
        "LINENO",
        "HISTCMD",
        "PIPESTATUS",
        "REPLY",
        "OPTARG",
        "OPTIND",
        "OPTERR",
        "PPID",
        "UID",
        "EUID",
        "GROUPS",
        "FUNCNAME",
        "DIRSTACK",
        "PWD",
        "OLDPWD",
        "SHLVL",
        "COLUMNS",
        "LINES",
        "SHELLOPTS",
        "MAPFILE",
        "COPROC",
        "HOSTNAME",
        "HOSTTYPE",
        "MACHTYPE",
        "OSTYPE",
        "PS4",
    ]
)


# Builtins that run in the shell and may change any variable (or, with
# ``IFS``, how words split): every value known so far is forgotten.
_FORGET_ALL = frozenset(
    [
        "eval",
        "source",
        ".",
        "read",
        "readarray",
        "mapfile",
        "unset",
        "let",
        "getopts",
        "wait",
        "command",
        "builtin",
        "time",
        "compgen",
    ]
)


# Builtins after which no value is trusted again: code run later (traps,
# aliases), loaded builtins, shell options, files read by the shell (which
# may define functions that change variables).
FREEZE = frozenset(("trap", "alias", "enable", "shopt", "source", "."))


# Builtins that run their arguments in this shell.
_RUNS_ARGS = frozenset(("eval", "command", "builtin", "time"))


# Declaration builtins: their ``NAME=value`` operands are assignments.
DECLARE = frozenset(("export", "declare", "typeset", "readonly", "local"))


_AND_OR_BG = frozenset(("&&", "||", "&"))


# Options of declare/typeset/export that give a variable no attribute.
_PLAIN_DECLARE_OPTS = frozenset(("-x", "-g", "--", "-gx", "-xg"))


# Every builtin `Parser._builtin` looks at.
_BUILTINS = FREEZE | DECLARE | _RUNS_ARGS | _FORGET_ALL | {"printf"}


_NO_NAMES: frozenset[str] = frozenset()


class Scope:
    """
    The variables one shell (or subshell) knows the value of: *known* maps
    a name to its value, or to `None` when it was assigned something
    unknown. A name not in *known* is looked up in *parent*, unless the
    scope is *sealed* (everything was forgotten in it).
    """

    __slots__ = ("known", "parent", "sealed")

    def __init__(self, parent: Scope | None) -> None:
        self.parent = parent
        self.known: dict[str, str | None] = {}
        self.sealed = False


class Values:
    """
    The known-values state of one shell or subshell, as one explicit
    record: its variables (*scope*), the compound commands open around
    the command being read (*ctl*), the names the current and-or list set
    (*listed*), how many loops and function bodies are open (*barrier*)
    and whether the pipeline being read follows ``&&`` / ``||``
    (*andor*). Entering a subshell swaps in `subshell`'s record; leaving
    it swaps the outer one back, so what a subshell assigns stays in it.
    """

    __slots__ = ("andor", "barrier", "ctl", "listed", "scope")

    def __init__(self, scope: Scope | None = None, barrier: int = 0) -> None:
        self.scope = scope
        # "i" if, "l" loop, "g" group, "c" case, "f" function body:
        # assignments inside are conditional
        self.ctl: list[str] = []
        # forgotten if the list ends in &
        self.listed: list[str] = []
        # no value can be trusted inside a loop or a function body
        self.barrier = barrier
        self.andor = False

    def subshell(self) -> Values:
        """The record of a subshell: it sees the values known here."""
        scope = None if self.scope is None else Scope(self.scope)
        return Values(scope, self.barrier)


class Capture:
    """
    What the script of a ``$( … )`` writes: known when it is one pipeline
    (run with *via*) whose last command's output is known.
    """

    __slots__ = ("count", "text", "via")

    def __init__(self, via: tuple[str, ...]) -> None:
        self.via = via
        self.count = 0
        self.text: str | None = None

    def output(self) -> str | None:
        """The substituted text: the output less its trailing newlines."""
        text = self.text
        if self.count != 1 or text is None or "\0" in text:
            return None
        return text.rstrip("\n")


class Cmd:
    """A simple command while it is being read (mutable, local)."""

    __slots__ = (
        "adyn",
        "assigns",
        "dyn",
        "incomplete",
        "kind",
        "redirects",
        "stdin",
        "stdin_unknown",
        "words",
    )

    def __init__(self) -> None:
        self.words: list[str] = []
        self.dyn: list[bool] = []
        self.assigns: list[tuple[str, str]] = []
        # per assignment: its value is unknown (dynamic, ``+=``, an array)
        self.adyn: list[bool] = []
        self.redirects: list[Redirect] = []
        self.stdin: str | None = None
        self.stdin_unknown = False
        self.incomplete = False
        self.kind = ""

    def empty(self) -> bool:
        """Nothing read yet: no word, assignment or redirection."""
        return not (self.words or self.assigns or self.redirects)

    def stage(self) -> Stage:
        """The command as read, frozen: what the walker takes."""
        return Stage(
            words=tuple(self.words),
            dyn=tuple(self.dyn),
            assigns=tuple(self.assigns),
            redirects=tuple(self.redirects),
            stdin=self.stdin,
            stdin_unknown=self.stdin_unknown,
            incomplete=self.incomplete,
            kind=self.kind,
        )


class Stage(Record):
    """
    One pipeline stage as the grammar read it, the value the walker
    takes: a simple command's words (after quote removal) and their
    dynamic flags, its assignments and redirections, the standard input a
    heredoc or herestring gives it, whether its input was unfinished, and
    *kind*: ``""`` for a simple command, else the compound command it is
    (``"compound"``, ``"for"``, ``"syntax"``), read already.
    """

    __slots__ = _fields = (
        "words",
        "dyn",
        "assigns",
        "redirects",
        "stdin",
        "stdin_unknown",
        "incomplete",
        "kind",
    )

    words: tuple[str, ...]
    dyn: tuple[bool, ...]
    assigns: tuple[tuple[str, str], ...]
    redirects: tuple[Redirect, ...]
    stdin: str | None
    stdin_unknown: bool
    incomplete: bool
    kind: str

    def __init__(  # noqa: PLR0913 - one field each
        self,
        *,
        words: tuple[str, ...],
        dyn: tuple[bool, ...],
        assigns: tuple[tuple[str, str], ...],
        redirects: tuple[Redirect, ...],
        stdin: str | None,
        stdin_unknown: bool,
        incomplete: bool,
        kind: str,
    ) -> None:
        if len(words) != len(dyn):
            msg = "a Stage needs one dynamic flag per word"
            raise ValueError(msg)
        (
            set_words,
            set_dyn,
            set_assigns,
            set_redirects,
            set_stdin,
            set_stdin_unknown,
            set_incomplete,
            set_kind,
        ) = self._setters
        set_words(self, tuple(words))
        set_dyn(self, tuple(dyn))
        set_assigns(self, tuple(assigns))
        set_redirects(self, tuple(redirects))
        set_stdin(self, stdin)
        set_stdin_unknown(self, stdin_unknown)
        set_incomplete(self, incomplete)
        set_kind(self, kind)


class Shared:
    """
    What one `parse` call collects, shared by the parsers of nested texts.
    """

    __slots__ = (
        "budget",
        "commands",
        "dialect",
        "errors",
        "expansion",
        "frozen",
        "functions",
        "ifs",
        "last",
        "memo",
        "tainted",
    )

    def __init__(self, size: int, dialect: Dialect = BASH) -> None:
        # the shell whose grammar the texts are read in
        self.dialect = dialect
        # distinct commands in order (a dict keeps order and drops repeats)
        self.commands: dict[SimpleCommand, None] = {}
        self.errors: list[str] = []
        # characters the parsers of re-lexed texts may still read
        self.budget = max(4 * size, _MIN_BUDGET)
        self.last: SimpleCommand | None = None
        self.memo: dict[tuple[object, ...], tuple[str | None, str | None]]
        self.memo = {}
        # characters known values may still expand to (``a=$a$a`` doubles)
        self.expansion = self.budget
        # no value is trusted any more (``trap``, ``alias``, ``shopt``, …)
        self.frozen = False
        # IFS may have changed: unquoted expansions are not split
        self.ifs = False
        # names with attributes (readonly, integer, case, nameref, …)
        self.tainted: AbstractSet[str] = _NO_NAMES
        # the shell functions defined so far
        self.functions: AbstractSet[str] = _NO_NAMES

    def taint(self, name: str) -> None:
        """*name* got an attribute: its value is never known again."""
        tainted = self.tainted
        if isinstance(tainted, set):
            tainted.add(name)
        else:
            self.tainted = {name}

    def define(self, name: str) -> None:
        """Shell function *name* is defined."""
        functions = self.functions
        if isinstance(functions, set):
            functions.add(name)
        else:
            self.functions = {name}


def spend(shared: Shared, value: str | None) -> str | None:
    """
    *value*, when the expansion budget still covers it (it keeps repeated
    doubling, ``a=$a$a; a=$a$a; …``, linear); `None` past it.
    """
    if value:
        shared.expansion -= len(value)
        if shared.expansion < 0:
            return None
    return value


class ReaderBase:
    """
    One text being read: the text, the position, the env every command
    inherits, the nesting used (*depth*) and the state shared with the
    readers of nested texts (*shared*).
    """

    text: str
    n: int
    i: int
    env: Env
    shared: Shared
    out: dict[SimpleCommand, None]
    errors: list[str]
    depth: int
    broken: bool
    error_count: int
    flat_from: int
    heredocs: list[tuple[Cmd, str, bool, bool, bool]]
    deferred: list[tuple[list[Cmd], tuple[str, ...]]]
    values: Values

    if TYPE_CHECKING:  # the reader's entry point (`Expander.run`)

        def run(
            self, stages: Sequence[Stage] = (), source: Source | None = None
        ) -> None: ...

    def __init__(
        self, text: str, env: Env, shared: Shared, depth: int = 0
    ) -> None:
        self.text = text
        self.n = len(text)
        self.i = 0
        self.env = env
        self.shared = shared
        self.out = shared.commands
        self.errors = shared.errors
        self.depth = depth
        if depth:
            shared.budget -= len(text)
            if shared.budget < 0:
                raise TooDeep
        self.broken = False
        self.error_count = 0
        self.flat_from = -1
        self.heredocs: list[tuple[Cmd, str, bool, bool, bool]] = []
        self.deferred: list[tuple[list[Cmd], tuple[str, ...]]] = []
        # the known values of this shell
        self.values = Values()
        if "=" in text or "$(" in text or "`" in text or "base64" in text:
            self.tracking()

    def tracking(self) -> None:
        """Follow assignments and control flow from here on."""
        self.track = True

    # known values (class defaults: most texts assign nothing)
    track = False
    """Assignments and control flow matter: the text assigns something,
    substitutes or decodes, or values are known already (`tracking`)."""
    capture: Capture | None = None
    """The output of the ``$( … )`` being read."""
    fields: Sequence[tuple[str, bool]] = ()
    """Words an unquoted expansion split off before `_word`'s result."""
    expanded: str | None = None
    """The value of an unquoted expansion `_dollar` resolved."""


class KnownValues(ReaderBase):
    """
    The values a shell knows: lookups, assignments, and what builtins,
    subshells and compound commands do to them.
    """

    def _lookup(self, name: str) -> str | None:
        """The value of variable *name* when it is known here."""
        if (
            self.values.barrier
            or name in SPECIAL_VARS
            or name.startswith("BASH")
        ):
            return None
        shared = self.shared
        if shared.frozen or name in shared.tainted:
            return None
        scope = self.values.scope
        while scope is not None:
            known = scope.known
            if name in known:
                return spend(shared, known[name])
            if scope.sealed:
                return None
            scope = scope.parent
        return None

    def _set(self, name: str, value: str | None) -> None:
        """Record *name*'s *value* in this shell (`None`: unknown)."""
        if name == "IFS":
            self.shared.ifs = True
        scope = self.values.scope
        if value is None:
            if scope is not None:
                scope.known[name] = None
            return
        if scope is None:
            scope = self.values.scope = Scope(None)
        scope.known[name] = value

    def _clear(self, *, ifs: bool) -> None:
        """Forget every value known in this shell (and maybe IFS)."""
        if ifs:
            self.shared.ifs = True
        scope = self.values.scope
        if scope is not None:
            scope.known.clear()
            scope.sealed = True

    def _trusted(self) -> bool:
        """
        Whether ``echo``, ``printf``, ``cat`` and ``base64`` are what they
        seem here: not in a loop or a function body (where a function
        defined later may replace them), nor after code we cannot see.
        """
        return not (self.values.barrier or self.shared.frozen)

    def _subshell(self) -> Values | None:
        """
        Enter a subshell: it sees the values known here; what it assigns
        stays in it. Returns what `_leave` restores.
        """
        if not self.track:
            return None
        saved = self.values
        self.values = saved.subshell()
        return saved

    def _leave(self, saved: Values | None) -> None:
        """Leave a subshell: the values known before it are back."""
        if saved is not None:
            self.values = saved

    def _control(self, word: str) -> None:
        """Follow the compound commands a keyword opens or closes."""
        ctl = self.values.ctl
        if word == "if":
            ctl.append("i")
        elif word in ("while", "until", "for", "select"):
            ctl.append("l")
            self.values.barrier += 1
        elif word == "{":
            ctl.append("g")
        elif word in ("fi", "done", "}"):
            want = "i" if word == "fi" else "l" if word == "done" else "g"
            if ctl and ctl[-1] == want:
                ctl.pop()
                if want == "l":
                    self.values.barrier -= 1
            else:  # not what bash would read: trust nothing more
                self.shared.frozen = True
        elif word == "&":  # a compound command run in the background
            self._clear(ifs=False)
        elif word == "coproc":
            self._clear(ifs=True)

    def _idle_words(self, start: int, end: int) -> None:
        """The keywords in a run `TOKENS.idle` skipped."""
        for word in TOKENS.idle_words.findall(self.text, start, end):
            if word:
                self._control(word)

    def _effects(self, stages: list[Cmd], cmd: Cmd, op: str) -> None:
        """
        What a pipeline ended by *op* does to the values this shell
        knows: a bare assignment run for sure records them; builtins that
        change variables forget them.
        """
        words = cmd.words
        if (
            not stages
            and words
            and op not in _AND_OR_BG
            and not cmd.dyn[0]
            and words[0] not in _BUILTINS
            and words[0] not in self.shared.functions
        ):  # a plain command (the common case)
            self.values.andor = False
            if not self.values.ctl:
                self.values.listed.clear()
            return
        cond = bool(self.values.ctl) or self.values.andor or op == "&"
        if not stages and not cmd.words and cmd.assigns and not cmd.kind:
            if not cond:
                for (name, value), unknown in zip(
                    cmd.assigns, cmd.adyn, strict=True
                ):
                    if not unknown:
                        self._set(name, value)
                        self.values.listed.append(name)
        else:
            pipe = bool(stages)
            for st in stages:
                if st.words:
                    self._builtin(st, cond=True)
            if cmd.words:
                self._builtin(cmd, cond=cond or pipe)
        if op in ("&&", "||"):
            self.values.andor = True
            return
        self.values.andor = False
        if op == "&":
            for name in self.values.listed:
                self._set(name, None)
            self.values.listed.clear()
        elif not self.values.ctl:
            self.values.listed.clear()

    def _builtin(self, st: Cmd, *, cond: bool) -> None:
        """What a simple command does to the values this shell knows."""
        words = st.words
        shared = self.shared
        name = words[0]
        if st.dyn[0] or name in FREEZE:
            # any builtin, or a function defined where we cannot see
            shared.frozen = True
        elif name in shared.functions:  # it may assign anything
            self._clear(ifs=True)
        elif name in DECLARE:
            self._declare(st, cond=cond)
        elif name in _RUNS_ARGS and (
            any(st.dyn) or not FREEZE.isdisjoint(words)
        ):
            shared.frozen = True
        elif name in _FORGET_ALL:
            self._clear(
                ifs=name in _RUNS_ARGS
                or any(st.dyn)
                or any("IFS" in w for w in words)
            )
        elif name == "printf" and any(w.startswith("-v") for w in words):
            self._clear(ifs=True)

    def _declare(self, st: Cmd, *, cond: bool) -> None:
        """``export``/``declare``/``typeset``/``readonly``/``local``."""
        words, dyn = st.words, st.dyn
        builtin = words[0]
        attributes = builtin == "readonly"
        record = not cond and builtin != "local"
        options = True
        for word, unknown in zip(words[1:], dyn[1:], strict=True):
            if options and word[:1] in "-+" and word not in ("-", "+"):
                if word == "--":
                    options = False
                elif word in ("-f", "-F", "-p"):
                    return  # functions, or printing
                elif builtin != "export" and word not in _PLAIN_DECLARE_OPTS:
                    attributes = True
                    if "n" in word:  # a name reference: assigning to it
                        self.shared.frozen = True  # assigns another name
                continue
            options = False
            name, eq, value = word.partition("=")
            base = name.rstrip("+").partition("[")[0]
            if not TOKENS.name.fullmatch(base):
                self._clear(ifs=True)  # a name only known at run time
                return
            if attributes:
                self.shared.taint(base)
            if (
                eq
                and record
                and not attributes
                and not unknown
                and base == name
                and not TOKENS.split_or_glob.search(value)
            ):
                self._set(name, value)
                self.values.listed.append(name)
            elif eq or attributes or builtin == "local":
                self._set(base, None)
