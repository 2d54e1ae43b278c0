"""
Analyzer family: shell tools.

The read-only allowlist (``ls``, ``cat``, ``grep``, ``jq``, ``ps``, …),
tools that change files, disks, processes, services, firewalls and accounts
(``rm``, ``dd``, ``mkfs``, ``chmod -R``, ``systemctl stop``, ``iptables
-F``, ``crontab -r``, …), output redirections (registered under
`blastradius.analyzers.REDIRECTS`), fork bombs, and shells the shell layer
could not see through (a script file, an unknown or encoded standard
input).

The rows are in `blastradius.families.shell.rules`; this module interprets
them and adds what a row cannot say: ``awk`` programs that run commands or
write files, ``alias`` / ``trap`` / ``ip netns exec`` text run later, the
payload fed to a shell, and a shell function piped into itself inside its
own body (`function_calls`: the fork bomb, whatever the function's name).

>>> import blastradius
>>> blastradius.score(["rm", "-r", "-f", "/tmp/x"]).tier
<Tier.BLOCKED: 'blocked'>
>>> blastradius.score(["ls", "-la"]).tier
<Tier.AUTO: 'auto'>
"""

from __future__ import annotations

import re

from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING

import attrs

from blastradius._model import Effect, Finding, Kind, SimpleCommand
from blastradius._shell._lexer import enclosing_functions
from blastradius.families._clispec import CliSpec, glob_match
from blastradius.families._interpret import (
    Words,
    find_opt,
    make_analyzer,
    norm_path,
    run_rules,
)
from blastradius.families.shell.rules import (
    AWK,
    BENIGN_DEVICES,
    ENCODERS,
    REDIRECT_SPEC,
    REMOTE_SOURCES,
    SHELL_SPECS,
)


if TYPE_CHECKING:
    from blastradius.analyzers import Analyzer, Context, Output


__all__ = ["ANALYZERS", "function_calls"]

_Then = Callable[[SimpleCommand, "Context", Words], Iterable["Output"]]

# An awk program runs a command through system(), a pipe to or from a
# command, or a coprocess; print/printf > or >> writes a file
# (gnu.org/software/gawk/manual: Redirection, I/O Functions).
_AWK_EXEC = re.compile(
    r"\bsystem\s*\(|\|\s*getline|\|&"
    r"|\bprintf?\b[^;{}\n]*?(?:>|\|)"
)
# GNU sed: the "e" command and the "e" flag of "s" run a shell command;
# "w FILE" / "W FILE" and the "w" flag of "s" write a file (GNU sed manual,
# "Commands", "The s Command").
_SED_EXEC = re.compile(
    r"(?:^|[;\n{}])\s*(?:[0-9$]+|/[^/]*/)?,?(?:[0-9$]+|/[^/]*/)?\s*[eWw]\b"
    r"|\bs(.)(?:(?!\1).)*\1(?:(?!\1).)*\1[gpIiMm0-9]*[ew]"
)
_WRITE_OPS = frozenset({">", ">>", ">|", "&>", "&>>", "<>", ">&"})


def _unknown(
    rule: str, program: str, words: Iterable[str], message: str
) -> Finding:
    return Finding(
        rule=rule,
        program=program,
        words=tuple(words),
        kind=Kind.UNKNOWN,
        message=message,
        effect=Effect.UNKNOWN,
    )


def _awk(
    command: SimpleCommand, ctx: Context, words: Words
) -> Iterable[Finding]:
    """
    ``awk 'PROGRAM'``: a program that runs commands or writes files is not
    read-only (and what it runs is not known).
    """
    del ctx
    source = find_opt(AWK, words, ("-e", "--source"))
    text = source.value if source is not None else None
    if (
        text is None
        and find_opt(AWK, words, ("-f", "--file", "-E", "--exec")) is None
    ):
        if not words.pos:
            return [
                _unknown(
                    "shell.awk.program.unknown",
                    command.program,
                    (command.program,),
                    "no awk program on the command line",
                )
            ]
        text = words.pos[0]
    if text is not None and _AWK_EXEC.search(text):
        return [
            _unknown(
                "shell.awk.exec.unknown",
                command.program,
                (text,),
                "the awk program runs commands or writes files",
            )
        ]
    return []


def _sed(
    command: SimpleCommand, ctx: Context, words: Words
) -> Iterable[Finding]:
    """
    A sed script that runs commands (``e``) or writes files (``w``) is not
    a text filter: unknown.
    """
    del ctx
    scripts = [
        o.value
        for o in words.opts
        if o.name in ("-e", "--expression") and o.value is not None
    ]
    if not scripts and words.pos:
        scripts = [words.pos[0]]
    for script in scripts:
        if _SED_EXEC.search(script):
            return [
                _unknown(
                    "shell.sed.exec.unknown",
                    command.program,
                    (script,),
                    "the sed script runs commands or writes files",
                )
            ]
    return []


def _alias(
    command: SimpleCommand, ctx: Context, words: Words
) -> Iterable[Output]:
    """``alias name='text'``: *text* runs whenever *name* is typed."""
    del command, ctx
    found: list[Output] = []
    for word in words.pos:
        _, eq, value = word.partition("=")
        if eq and value:
            from blastradius._handoff import Nested

            found.append(Nested(script=value, via="alias"))
    return found


def _trap(
    command: SimpleCommand, ctx: Context, words: Words
) -> Iterable[Output]:
    """``trap 'text' SIGNAL…``: *text* runs when the signal arrives."""
    del command, ctx
    if len(words.pos) >= 2 and words.pos[0] not in ("", "-"):
        from blastradius._handoff import Nested

        return [Nested(script=words.pos[0], via="trap")]
    return []


def _ip(
    command: SimpleCommand, ctx: Context, words: Words
) -> Iterable[Output]:
    """``ip netns exec NAME CMD…``: *CMD* runs in that namespace."""
    del ctx
    if words.key[:2] not in (("netns", "exec"), ("netns", "e")):
        return []
    args = command.args
    for i in range(len(args) - 3):
        if args[i] == "netns" and args[i + 1] in ("exec", "e"):
            from blastradius._handoff import Nested

            return [Nested(argv=args[i + 3 :], via="ip netns exec")]
    return []


def _shell(
    command: SimpleCommand, ctx: Context, words: Words
) -> Iterable[Output]:
    """
    A shell the shell layer did not see through: an encoded or downloaded
    payload on its standard input is unverifiable and scores higher.
    """
    del ctx, words
    source = command.stdin_from
    if command.stdin is not None:
        from blastradius._handoff import Nested

        return [Nested(script=command.stdin, via=f"{command.program} stdin")]
    if source is None:
        return []
    if source in ENCODERS or source.rstrip("0123456789.") in ENCODERS:
        return _payload(
            "shell.encoded-payload",
            command.program,
            source,
            "a transformed or encoded payload piped into a shell",
        )
    if source in REMOTE_SOURCES:
        return _payload(
            "shell.remote-payload",
            command.program,
            source,
            "downloaded code piped into a shell",
        )
    return [
        _unknown(
            "shell.stdin.unknown",
            command.program,
            (source, command.program),
            "the shell runs what another program prints",
        )
    ]


_PAYLOAD_SCORE = 60
_PAYLOAD_UNKNOWN = {
    "shell.encoded-payload": "shell.encoded-payload.unknown",
    "shell.remote-payload": "shell.remote-payload.unknown",
}
"""The unknown that goes with each payload finding."""


def _payload(
    rule: str, program: str, source: str, message: str
) -> list[Finding]:
    """
    An unverifiable payload: unknown (floored at ``HUMAN``) and an indirect
    action scored 60 (``DUAL``): what runs cannot be read before it runs.
    """
    words = (source, program)
    return [
        Finding(
            rule=rule,
            program=program,
            words=words,
            score=_PAYLOAD_SCORE,
            message=message,
            effect=Effect.INDIRECT,
        ),
        _unknown(_PAYLOAD_UNKNOWN[rule], program, words, message),
    ]


def _fork_bomb(program: str, name: str, message: str) -> list[Finding]:
    return [
        Finding(
            rule="shell.fork-bomb",
            program=program,
            words=(name, "|", name),
            hard=True,
            message=message,
            effect=Effect.DESTRUCTIVE,
        )
    ]


# Builtins whose own analyzer reads them piped into themselves as the fork
# bomb, in a function body or not (``:(){ :|:& };:``).
_NULL_BOMBS = (":", ".")


def _colon(
    command: SimpleCommand, ctx: Context, words: Words
) -> Iterable[Finding]:
    """
    ``:(){ :|:& };:`` — the shell layer gives the function body as
    ``: | :``: a builtin (``:``, ``.``) piped into itself is the fork bomb
    (no real script pipes the null command into itself).
    """
    del ctx, words
    program = command.program
    if command.stdin_from == program and program in _NULL_BOMBS:
        return _fork_bomb(
            program, program, "a function piping into itself: a fork bomb"
        )
    return []


def function_calls(command: SimpleCommand, ctx: Context) -> list[Finding]:
    """
    The analyzer of a command in the body of a shell function (its ``via``
    holds the function's label, `blastradius._shell._lexer.function_label`):
    a call of that function fed by a pipe from another call of it —
    ``bomb(){ bomb|bomb& };bomb``, whatever the name — is the fork bomb
    (hard). A call fed by another program (``f(){ ls | f; }``) or feeding
    one (``f(){ f | grep x; }``), and a program of the same name run
    through a wrapper that execs it (``nohup f``, ``command f``), are not;
    ``:`` and ``.`` are left to their own analyzer (``:(){ :|:& };:``).

    A function may have any name, so this analyzer is registered under no
    program name: it is meant for every command fed by a pipe whose
    ``via`` holds a function's label.

    >>> from blastradius._shell import parse
    >>> [f.words for c in parse("x(){ x|x& };x").commands
    ...  for f in function_calls(c, None)]
    [('x', '|', 'x')]
    """
    del ctx
    argv = command.argv
    if (
        not command.via
        or command.stdin_from is None
        or not argv
        or command.is_dynamic(0)
    ):
        return []
    name = argv[0]
    program = command.program
    if (
        command.stdin_from != program
        or program in _NULL_BOMBS  # reported by their own analyzer
        or name not in enclosing_functions(command.via)
    ):
        return []
    return _fork_bomb(
        program,
        name,
        f"function {name} pipes into itself, in its own body: a fork bomb",
    )


_THEN: Mapping[str, _Then] = MappingProxyType(
    {
        "shell.awk": _awk,
        "shell.sed": _sed,
        "shell.alias": _alias,
        "shell.trap": _trap,
        "shell.ip": _ip,
        "shell.script": _shell,
        "shell.builtin": _colon,
        "shell.source": _colon,
    }
)


def redirects(command: SimpleCommand, ctx: Context) -> list[Finding]:
    """
    The analyzer of every command's output redirections: ``> /dev/sda`` is
    blocked, ``> /etc/passwd`` is dual, ``> out.txt`` is a local write, a
    target only known at run time is unknown.
    """
    del ctx
    program = command.program
    findings: list[Finding] = []
    for redirect in command.redirects:
        if redirect.op not in _WRITE_OPS:
            continue
        target = redirect.target
        if redirect.op == ">&" and (target.isdigit() or target == "-"):
            continue
        if redirect.dynamic:
            findings.append(
                _unknown(
                    "shell.redirect.unknown",
                    program,
                    (redirect.op, target),
                    "writes to a file named only at run time",
                )
            )
            continue
        normal = norm_path(target)
        if any(glob_match(p, normal) for p in BENIGN_DEVICES):
            continue
        words = Words(
            opts=(),
            pos=(target,),
            key=(target,),
            norm=(normal,),
            dyn=(False,),
        )
        findings.extend(
            attrs.evolve(found, words=(redirect.op, target))
            for found in run_rules(REDIRECT_SPEC, words, program)
        )
    return findings


def _build() -> Mapping[str, Analyzer]:
    from blastradius.analyzers import FUNCTIONS, REDIRECTS

    made: dict[int, Analyzer] = {}
    table: dict[str, Analyzer] = {}
    for name, spec in SHELL_SPECS.items():
        key = id(spec)
        if key not in made:
            made[key] = _make(spec)
        table[name] = made[key]
    table[REDIRECTS] = redirects
    table[FUNCTIONS] = function_calls
    return MappingProxyType(table)


def _make(spec: CliSpec) -> Analyzer:
    if spec.family == "shell.nft":
        return _nft(spec)
    if spec.family == "shell.tar":
        return _tar(spec)
    return make_analyzer(spec, then=_THEN.get(spec.family))


_TAR_KEY = re.compile(r"[A-Za-z]*[crtuxA][A-Za-z]*")


def _tar(spec: CliSpec) -> Analyzer:
    """
    tar(1)'s old-style first word is a cluster of options without the
    dash (``tar czf b.tgz``, ``tar xf b.tar``): read as ``-czf``.
    """
    inner = make_analyzer(spec, then=_THEN.get(spec.family))

    def analyzer(command: SimpleCommand, ctx: Context) -> Iterable[Output]:
        argv = command.argv
        if (
            len(argv) < 2
            or command.is_dynamic(1)
            or not _TAR_KEY.fullmatch(argv[1])
        ):
            return inner(command, ctx)
        dashed = attrs.evolve(
            command, argv=(argv[0], f"-{argv[1]}", *argv[2:])
        )
        return inner(dashed, ctx)

    return analyzer


def _nft(spec: CliSpec) -> Analyzer:
    """
    nft(8) joins its arguments into one command line, where ``;``
    separates commands: ``nft 'flush ruleset'`` is ``nft flush ruleset``;
    each command is matched on its own.
    """
    inner = make_analyzer(spec)

    def analyzer(command: SimpleCommand, ctx: Context) -> Iterable[Output]:
        if not any(" " in w or ";" in w for w in command.args):
            return inner(command, ctx)
        text = " ".join(command.args).replace(";", "\n")
        dynamic = any(command.dynamic[1:])
        found: list[Output] = []
        for line in text.splitlines():
            words = line.split()
            if not words:
                continue
            part = attrs.evolve(
                command,
                argv=(command.argv[0], *words),
                dynamic=(command.is_dynamic(0), *(dynamic,) * len(words)),
            )
            found.extend(inner(part, ctx))
        return found

    return analyzer


ANALYZERS: Mapping[str, Analyzer] = _build()
"""The shell tools' analyzers by program name, plus the redirections one."""
