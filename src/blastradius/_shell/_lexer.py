"""
The lexer and parser: shell text → the simple commands bash would run.

One pass over the text, linear in its length. Words are read with a
compiled regex that grabs runs of ordinary characters; quoting, expansions
and operators are handled one construct at a time, never one character at
a time. Nesting (``$(…)``, backticks, subshells, ``case`` arms, re-lexed
``bash -c`` strings) recurses with a hard bound, `MAX_DEPTH`; past it the
parse stops and a flat scan of the text takes over.

The commands of a shell function's ``{ … }`` or ``( … )`` body end their
``via`` with the function's label, ``name()`` (`function_label`), so that
an analyzer can tell a call of the function from inside its own body
(`enclosing_functions`): ``bomb(){ bomb|bomb& }`` is the fork bomb.
"""

from __future__ import annotations

import re

from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from itertools import islice

import attrs

from blastradius._model import Redirect, SimpleCommand
from blastradius._shell._evaluate import ansi_c, output
from blastradius._shell._tokens import KEYWORDS, SKIP_KEYWORDS, TOKENS
from blastradius._shell._wrappers import Env, Script, Unwrapped, unwrap


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

MAX_DEPTH = 64
"""How deep substitutions, subshells and re-lexed strings may nest."""

MAX_ERRORS = 32
"""At most this many errors are reported; past it the parse stops."""

MAX_COMMANDS = 10_000
"""At most this many distinct simple commands are returned."""

_MIN_BUDGET = 1 << 20


class TooDeep(Exception):  # noqa: N818 - internal control flow
    """Nesting, re-lexing or syntax errors went past their bound."""


class TooMany(Exception):  # noqa: N818 - internal control flow
    """More simple commands than `MAX_COMMANDS`."""


_AFTER_BRACE = " \t\n;&|)<>"


# -- known values (see "Dynamic words" in docs/shell.md) ---------------------

# How `_word` treats an expansion whose value is known: split into fields
# and globbed (a command's words), kept whole (an assignment's value) or
# resolved only when it stays one word (redirection targets, ``[[ … ]]``);
# `_RAW`: not expanded at all (a heredoc delimiter).
_OTHER, _SPLIT, _ASSIGNED, _RAW = 0, 1, 2, 3
_ARITH_TESTS = frozenset(("-eq", "-ne", "-lt", "-le", "-gt", "-ge"))
# Variables bash sets by itself, or whose assignment does not stick.
_SPECIAL_VARS = frozenset(
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
_FREEZE = frozenset(("trap", "alias", "enable", "shopt", "source", "."))
# Builtins that run their arguments in this shell.
_RUNS_ARGS = frozenset(("eval", "command", "builtin", "time"))
# Declaration builtins: their ``NAME=value`` operands are assignments.
_DECLARE = frozenset(("export", "declare", "typeset", "readonly", "local"))
_AND_OR_BG = frozenset(("&&", "||", "&"))
# Options of declare/typeset/export that give a variable no attribute.
_PLAIN_DECLARE_OPTS = frozenset(("-x", "-g", "--", "-gx", "-xg"))
# Every builtin `Parser._builtin` looks at.
_BUILTINS = _FREEZE | _DECLARE | _RUNS_ARGS | _FORGET_ALL | {"printf"}


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


_NO_NAMES: frozenset[str] = frozenset()


class _Scope:
    """
    The variables one shell (or subshell) knows the value of: *known* maps
    a name to its value, or to `None` when it was assigned something
    unknown. A name not in *known* is looked up in *parent*, unless the
    scope is *sealed* (everything was forgotten in it).
    """

    __slots__ = ("known", "parent", "sealed")

    def __init__(self, parent: _Scope | None) -> None:
        self.parent = parent
        self.known: dict[str, str | None] = {}
        self.sealed = False


_Saved = tuple[_Scope | None, list[str], bool, list[str], int]


class _Capture:
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


class _Cmd:
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
        return not (self.words or self.assigns or self.redirects)


class Shared:
    """
    What one `parse` call collects, shared by the parsers of nested texts.
    """

    __slots__ = (
        "budget",
        "commands",
        "errors",
        "expansion",
        "frozen",
        "functions",
        "ifs",
        "last",
        "memo",
        "tainted",
    )

    def __init__(self, size: int) -> None:
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


class Parser:
    """
    Parse one text into simple commands, collected in *shared*.

    *env* is what every command inherits (``via`` …); *depth* the nesting
    already used.
    """

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
        self.heredocs: list[tuple[_Cmd, str, bool, bool, bool]] = []
        self.deferred: list[tuple[list[_Cmd], tuple[str, ...]]] = []
        if "=" in text or "$(" in text or "`" in text or "base64" in text:
            self.tracking()

    # known values (class defaults: most texts assign nothing)
    scope: _Scope | None = None
    """This shell's variables (`None`: none known yet)."""
    track = False
    """Assignments and control flow matter: the text assigns something,
    substitutes or decodes, or values are known already (`tracking`)."""
    ctl: list[str]
    """Open compound commands: "i" if, "l" loop, "g" group, "c" case, "f"
    function body; assignments inside are conditional."""
    listed: list[str]
    """Names set by the current and-or list (forgotten if it ends in &)."""
    barrier = 0
    """Loops and function bodies open: no value can be trusted inside."""
    andor = False
    """The pipeline being read follows ``&&`` / ``||``."""
    capture: _Capture | None = None
    """The output of the ``$( … )`` being read."""
    fields: Sequence[tuple[str, bool]] = ()
    """Words an unquoted expansion split off before `_word`'s result."""
    expanded: str | None = None
    """The value of an unquoted expansion `_dollar` resolved."""

    def tracking(self) -> None:
        """Follow assignments and control flow from here on."""
        if not self.track:
            self.track = True
            self.ctl = []
            self.listed = []

    # -- entry points ----------------------------------------------------

    def run(self) -> None:
        """
        Parse the whole text; never raises past the depth limit.
        """
        if self.depth == 0:
            try:
                self._run()
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
            self._run()

    def _run(self) -> None:
        self._script("", self.depth)
        self._flush_heredocs()
        if self.flat_from >= 0:
            self._flat(self.flat_from)

    # -- what unwrapping found -------------------------------------------

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
        Parser(text, sub_env, self.shared, self.depth + 1).run()
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

    # -- errors and the flat fallback -------------------------------------

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
        env = attrs.evolve(self.env, incomplete=True)
        seen: set[tuple[str, ...]] = set()
        for part in TOKENS.flat_split.split(self.text[pos:]):
            words = TOKENS.flat_strip.sub("", part).split()
            key = tuple(words)
            if words and key not in seen:
                seen.add(key)
                self._take_flat(unwrap(words, [False] * len(words), env))

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

    # -- known values ---------------------------------------------------------

    def _lookup(self, name: str) -> str | None:
        """The value of variable *name* when it is known here."""
        if self.barrier or name in _SPECIAL_VARS or name.startswith("BASH"):
            return None
        shared = self.shared
        if shared.frozen or name in shared.tainted:
            return None
        scope = self.scope
        while scope is not None:
            known = scope.known
            if name in known:
                return _spend(shared, known[name])
            if scope.sealed:
                return None
            scope = scope.parent
        return None

    def _set(self, name: str, value: str | None) -> None:
        """Record *name*'s *value* in this shell (`None`: unknown)."""
        if name == "IFS":
            self.shared.ifs = True
        scope = self.scope
        if value is None:
            if scope is not None:
                scope.known[name] = None
            return
        if scope is None:
            scope = self.scope = _Scope(None)
        scope.known[name] = value

    def _clear(self, *, ifs: bool) -> None:
        """Forget every value known in this shell (and maybe IFS)."""
        if ifs:
            self.shared.ifs = True
        scope = self.scope
        if scope is not None:
            scope.known.clear()
            scope.sealed = True

    def _trusted(self) -> bool:
        """
        Whether ``echo``, ``printf``, ``cat`` and ``base64`` are what they
        seem here: not in a loop or a function body (where a function
        defined later may replace them), nor after code we cannot see.
        """
        return not (self.barrier or self.shared.frozen)

    def _subshell(self) -> _Saved | None:
        """
        Enter a subshell: it sees the values known here; what it assigns
        stays in it. Returns what `_leave` restores.
        """
        if not self.track:
            return None
        saved = (self.scope, self.ctl, self.andor, self.listed, self.barrier)
        if self.scope is not None:
            self.scope = _Scope(self.scope)
        self.ctl, self.andor, self.listed = [], False, []
        return saved

    def _leave(self, saved: _Saved | None) -> None:
        if saved is not None:
            self.scope, self.ctl, self.andor = saved[:3]
            self.listed, self.barrier = saved[3:]

    def _control(self, word: str) -> None:
        """Follow the compound commands a keyword opens or closes."""
        ctl = self.ctl
        if word == "if":
            ctl.append("i")
        elif word in ("while", "until", "for", "select"):
            ctl.append("l")
            self.barrier += 1
        elif word == "{":
            ctl.append("g")
        elif word in ("fi", "done", "}"):
            want = "i" if word == "fi" else "l" if word == "done" else "g"
            if ctl and ctl[-1] == want:
                ctl.pop()
                if want == "l":
                    self.barrier -= 1
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

    def _effects(self, stages: list[_Cmd], cmd: _Cmd, op: str) -> None:
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
            self.andor = False
            if not self.ctl:
                self.listed.clear()
            return
        cond = bool(self.ctl) or self.andor or op == "&"
        if not stages and not cmd.words and cmd.assigns and not cmd.kind:
            if not cond:
                for (name, value), unknown in zip(
                    cmd.assigns, cmd.adyn, strict=True
                ):
                    if not unknown:
                        self._set(name, value)
                        self.listed.append(name)
        else:
            pipe = bool(stages)
            for st in stages:
                if st.words:
                    self._builtin(st, cond=True)
            if cmd.words:
                self._builtin(cmd, cond=cond or pipe)
        if op in ("&&", "||"):
            self.andor = True
            return
        self.andor = False
        if op == "&":
            for name in self.listed:
                self._set(name, None)
            self.listed.clear()
        elif not self.ctl:
            self.listed.clear()

    def _builtin(self, st: _Cmd, *, cond: bool) -> None:
        """What a simple command does to the values this shell knows."""
        words = st.words
        shared = self.shared
        name = words[0]
        if st.dyn[0] or name in _FREEZE:
            # any builtin, or a function defined where we cannot see
            shared.frozen = True
        elif name in shared.functions:  # it may assign anything
            self._clear(ifs=True)
        elif name in _DECLARE:
            self._declare(st, cond=cond)
        elif name in _RUNS_ARGS and (
            any(st.dyn) or not _FREEZE.isdisjoint(words)
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

    def _declare(self, st: _Cmd, *, cond: bool) -> None:
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
                self.listed.append(name)
            elif eq or attributes or builtin == "local":
                self._set(base, None)

    # -- the script level ---------------------------------------------------

    def _blank(self, i: int) -> int:
        m = TOKENS.blank.match(self.text, i)
        return m.end() if m else i

    def _script(self, stop: str, depth: int) -> None:
        """
        Read commands until *stop*: ``""`` (end of text), ``")"`` (the end
        of a subshell or substitution, consumed), ``"case"`` (``;;`` or
        ``esac``, not consumed) or ``"}"`` (the end of a function's ``{ …
        }`` body, consumed; a ``)`` ends it too, not consumed).
        """
        if depth > MAX_DEPTH:
            raise TooDeep
        text = self.text
        n = self.n
        stages: list[_Cmd] = []
        cmd = _Cmd()
        errors_at = len(self.errors)
        blank = TOKENS.blank.match
        group = stop == "}"
        idle = TOKENS.idle_group.match if group else TOKENS.idle.match
        run_from = run_to = -1  # a run of plain words known to fail
        while True:
            i = self.i
            if not stages and cmd.kind == "" and stop != "case":
                m = idle(text, i)  # separators, newlines, plain keywords
                if (
                    m is not None
                    and not self.heredocs
                    and not cmd.words
                    and not cmd.assigns
                    and not cmd.redirects
                ):
                    if self.track:
                        self._idle_words(i, m.end())
                    i = m.end()
                else:
                    m = blank(text, i)
                    if m is not None:
                        i = m.end()
            else:
                m = blank(text, i)
                if m is not None:
                    i = m.end()
            self.i = i
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
                if not stages and not self.heredocs and cmd.empty():
                    m = TOKENS.newlines.match(text, i)
                    self.i = m.end() if m else i + 1
                    if not cmd.kind:
                        continue
                    self._end(stages, cmd, errors_at, "\n")
                    cmd = _Cmd()
                    continue
                self.i = i + 1
                self._read_heredocs()
                self._flush_deferred()
                self._end(stages, cmd, errors_at, "\n")
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
                self._error("unexpected )", i)
                self._end(stages, cmd, errors_at, ";")
                stages, cmd = [], _Cmd()
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
                    cmd = _Cmd()
                    continue
                self._end(stages, cmd, errors_at, op)
                stages, cmd = [], _Cmd()
                continue
            if c == "(":
                if cmd.empty():
                    if text.startswith("((", i):
                        self.i = i + 2
                        self._arith(depth + 1)
                        cmd.kind = "syntax"
                        continue
                    # a ( … ) subshell: one pipeline stage
                    self.i = i + 1
                    saved = self.env
                    if stages:  # it reads the pipe
                        self.env = attrs.evolve(
                            saved,
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
                    continue
                if len(cmd.words) == 1 and not cmd.redirects:
                    # ``name () compound``: a function definition
                    j = self._blank(i + 1)
                    if j < n and text[j] == ")":
                        self.i = j + 1
                        name = None if cmd.dyn[0] else cmd.words[0]
                        cmd = _Cmd()
                        if name:
                            self._function(name, cmd, depth)
                        elif self.track:  # its body is read as commands
                            self.shared.frozen = True
                        continue
                self.i = i + 1
                self._error("unexpected (", i)
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
            # words: first a run of plain ones, in one regex match (a run
            # not followed by an operator fails from each of its words:
            # it is tried once, so that this stays linear)
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
            start = i
            assign = not cmd.kind and (
                not cmd.words or cmd.words[0] in _DECLARE
            )
            if assign and TOKENS.assign.match(text, start):
                word = self._word(depth, _ASSIGNED)
                if word is None:
                    continue
                if cmd.words:  # a declaration's operand
                    self._add(cmd, word[0], word[1], start)
                else:
                    self._assign(cmd, word[0], word[1])
                continue
            word = self._word(depth, _SPLIT)
            if self.fields:
                for field, field_dyn in self.fields:
                    cmd.words.append(field)
                    cmd.dyn.append(field_dyn)
                self.fields = ()
            if word is None:
                continue
            value, dyn, quoted = word
            if cmd.empty() and not cmd.kind:
                if not quoted and value in KEYWORDS:
                    if stop == "case" and value == "esac":
                        self.i = start
                        break
                    self._keyword(value, cmd, depth)
                    continue
            elif cmd.kind == "for" and not cmd.words and self.track:
                self._set(value.partition("[")[0], None)  # the loop variable
            self._add(cmd, value, dyn, start)
        self._end(stages, cmd, errors_at, "")

    def _assign(self, cmd: _Cmd, word: str, dyn: bool) -> None:
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

    def _add(self, cmd: _Cmd, value: str, dyn: bool, start: int) -> None:
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

    def _keyword(self, word: str, cmd: _Cmd, depth: int) -> None:
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
        ctl, barrier = len(self.ctl), self.barrier
        self.ctl.append("c")
        self._case(depth)
        del self.ctl[ctl:]
        self.barrier = barrier

    def _function(self, name: str, cmd: _Cmd, depth: int) -> None:
        """
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
        self.env = attrs.evolve(saved, via=(*saved.via, function_label(name)))
        self.i = j + 1
        # run later, maybe more than once: no value is trusted inside, and
        # what it assigns is unknown
        if not self.track:
            try:
                self._script(stop, depth + 1)
            finally:
                self.env = saved
            return
        ctl, barrier = len(self.ctl), self.barrier
        self.ctl.append("f")
        self.barrier += 1
        try:
            self._script(stop, depth + 1)
        finally:
            self.env = saved
            del self.ctl[ctl:]
            self.barrier = barrier
        if stop == ")":
            cmd.kind = "compound"

    def _case(self, depth: int) -> None:
        """
        ``case WORD in PATTERN) LIST ;; … esac``: every arm is read.
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

    def _cond(self, depth: int) -> None:
        """
        The inside of ``[[ … ]]``: words and operators up to ``]]``; its
        substitutions still run.
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

    # -- words ------------------------------------------------------------

    def _word(
        self, depth: int, mode: int = _OTHER
    ) -> tuple[str, bool, bool] | None:
        """
        Read one word at ``self.i``: (text after quote removal, dynamic,
        quoted). `None` when nothing but line continuations (or an unquoted
        expansion to nothing) was read.

        An unquoted expansion whose value is known is treated by *mode*
        (`_SPLIT`: the words it splits off before the returned one are
        left in ``self.fields``); a word holding one counts as quoted (it
        is no keyword).
        """
        text = self.text
        n = self.n
        i = self.i
        parts: list[str] = []
        dyn = False
        quoted = False
        expanded = False
        begin = i
        brace = False  # an unquoted { (brace expansion comes first)
        fields: list[tuple[str, bool]] | None = None
        if text.startswith("~", i):
            dyn = True
        while i < n:
            m = TOKENS.ord.match(text, i)
            if m is not None:
                s = m.group()
                if not dyn and TOKENS.globby.search(s):
                    dyn = True
                if "{" in s:
                    brace = True
                if mode == _ASSIGNED and "~" in s:
                    dyn = True  # expanded after = or :
                parts.append(s)
                i = m.end()
                if i >= n:
                    break
            c = text[i]
            if c in " \t\n;&|)":
                break
            if c == "(" and parts and parts[-1].endswith("="):
                # an array assignment: NAME=( … )
                self.i = i + 1
                self._array(depth + 1)
                parts.append(text[i : self.i])
                dyn = True
                i = self.i
                continue
            if c in "<>(":
                if c != "(" and i + 1 < n and text[i + 1] == "(" and not parts:
                    # process substitution <( … ) / >( … )
                    self.i = i + 2
                    self._nested_script(depth, f"{c}(...)")
                    parts.append(text[i : self.i])
                    dyn = True
                    i = self.i
                    continue
                break
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
            if c == "$":
                m = TOKENS.simple_vars.match(text, i)
                if m is not None and "IFS" not in m.group():
                    if self.scope is None or mode == _RAW:
                        parts.append(m.group())
                        dyn = True
                        i = m.end()
                        continue
                    m = TOKENS.one_var.match(text, i)
                    i = m.end()  # type: ignore[union-attr]
                    value = self._lookup(m.group(1))  # type: ignore[union-attr]
                    if value is None:
                        parts.append(text[start:i])
                        dyn = True
                        continue
                else:
                    if text.startswith(("$IFS", "${IFS}"), i):
                        m2 = TOKENS.blank.match(text, i)
                        if m2 is not None:
                            break  # $IFS unquoted splits words
                    self.i = i
                    self.expanded = None
                    d, q = self._dollar(
                        parts, depth, in_dq=False, expand=mode != _RAW
                    )
                    dyn = dyn or d
                    quoted = quoted or q
                    i = self.i
                    value = self.expanded
                    if value is None:
                        continue
            else:  # backtick
                self.i = i
                self.expanded = None
                self._backtick(parts, depth, in_dq=False)
                i = self.i
                value = self.expanded
                if value is None:
                    dyn = True
                    continue
            # an unquoted expansion with a known value
            expanded = True
            if mode == _ASSIGNED:
                parts.append(value)
            elif mode == _SPLIT and not self.shared.ifs:
                fields = fields if fields is not None else []
                dyn, quoted = _spread(parts, fields, value, dyn, quoted)
            elif mode == _OTHER and not (
                self.shared.ifs or TOKENS.ifs_char.search(value)
            ):
                parts.append(value)
            else:  # it would split: not resolved
                parts.append(text[start:i])
                dyn = True
        if brace and not dyn and mode != _ASSIGNED:
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
            if mode != _ASSIGNED and not dyn and TOKENS.glob_any.search(word):
                dyn = True
            return word, dyn, True
        if not parts and not quoted:
            return None
        return word, dyn, quoted

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
        """
        text = self.text
        i = self.i
        nxt = text[i + 1 : i + 2]
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
            if self.scope is not None:
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
        if self.scope is None:
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
        env = self.env = attrs.evolve(saved, via=(*saved.via, label))
        outer = self.capture
        cap = self.capture = _Capture(env.via) if capture else None
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
        return _spend(self.shared, cap.output())

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
        env = attrs.evolve(self.env, via=(*self.env.via, "`...`"))
        sub = Parser(inner, env, self.shared, depth + 1)
        if self.scope is not None:  # a subshell: it sees our values
            sub.scope = _Scope(self.scope)
            sub.tracking()
        sub.barrier = self.barrier
        cap = sub.capture = _Capture(env.via)
        sub.run()
        if sub.broken:
            self.broken = True
        value = _spend(self.shared, cap.output()) if self._trusted() else None
        if value is None:
            parts.append(text[i : self.i])
            return False
        if in_dq:
            parts.append(value)
        else:
            self.expanded = value
        return True

    # -- redirections and heredocs -------------------------------------------

    def _redirect(self, cmd: _Cmd, depth: int, fd: int | None) -> None:
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
                _RAW
                if op in ("<<", "<<-")
                else _ASSIGNED
                if op == "<<<"
                else _OTHER,
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

    # -- pipelines ------------------------------------------------------------

    def _end(
        self, stages: list[_Cmd], cmd: _Cmd, errors_at: int, op: str
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
        self._pipeline(stages, self.env.via)

    def _flush_deferred(self) -> None:
        if self.deferred and not self.heredocs:
            deferred, self.deferred = self.deferred, []
            for stages, via in deferred:
                self._pipeline(stages, via)

    def _pipeline(self, stages: list[_Cmd], via: tuple[str, ...]) -> None:
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
        untrusted = bool(self.barrier or self.shared.frozen)
        functions = self.shared.functions
        for k, st in enumerate(stages):
            if st.kind:  # "compound", "for" or "syntax": read already
                if st.redirects:
                    # ``( … ) > /dev/sda``: the redirections of a subshell
                    # or an arithmetic command stay a bare command, as a
                    # group's do
                    self.emit(
                        _bare(
                            Env(
                                via=via,
                                assignments=base.assignments,
                                redirects=tuple(st.redirects),
                                incomplete=st.incomplete or base.incomplete,
                            )
                        )
                    )
                prev_text = None
                prev_program = (
                    self._last_program() if st.kind == "compound" else None
                )
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
                tuple(st.words),
                tuple(st.dyn),
                tuple(st.assigns),
                tuple(st.redirects),
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
                env = Env(
                    via=via,
                    assignments=(*base.assignments, *st.assigns),
                    redirects=tuple(st.redirects),
                    stdin=stdin,
                    stdin_unknown=unknown,
                    stdin_from=source,
                    incomplete=st.incomplete or base.incomplete,
                    unknown_args=base.unknown_args,
                )
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


def _spend(shared: Shared, value: str | None) -> str | None:
    """
    *value*, when the expansion budget still covers it (it keeps repeated
    doubling, ``a=$a$a; a=$a$a; …``, linear); `None` past it.
    """
    if value:
        shared.expansion -= len(value)
        if shared.expansion < 0:
            return None
    return value


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


def _bare(env: Env) -> SimpleCommand:
    return SimpleCommand(
        argv=(),
        assignments=env.assignments,
        redirects=env.redirects,
        via=env.via,
        incomplete=env.incomplete,
    )
