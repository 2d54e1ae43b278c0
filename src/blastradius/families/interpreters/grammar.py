"""
The interpreters' command-line grammar: how ``python``, ``node``, ``deno``,
``bun``, ``perl``, ``ruby`` and ``php`` read their arguments into what they
run (`Run`): inline code (``-c``/``-e``), a module (``-m``), a script
file, standard input, or only help and version output.

Written from each interpreter's own manual (linked in each reader's
docstring); `blastradius.families.interpreters.analyzer` scores what the
command line runs.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType

import attrs

from blastradius._model import SimpleCommand


__all__ = ["CLIS", "Run", "family"]


@attrs.frozen
class Run:
    """
    What an interpreter's command line runs: inline *code*, a *module*, a
    *script* file, standard input, or only prints (*info*).
    """

    code: tuple[str, ...] = ()
    module: tuple[str, ...] = ()
    script: str | None = None
    stdin: bool = False
    info: str | None = None
    dynamic: bool = False
    extra: tuple[tuple[str, tuple[str, ...]], ...] = ()


def _python_cli(cmd: SimpleCommand) -> Run:
    """
    python [-bBdEhiIOPqsSuvVWx?] [-c cmd | -m mod | file | -] [args]
    (https://docs.python.org/3/using/cmdline.html).
    """
    args = cmd.args
    i = 0
    while i < len(args):
        word = args[i]
        dyn = cmd.is_dynamic(i + 1)
        if word == "-":
            return Run(stdin=True)
        if word in {"--version", "--help", "--help-env", "--help-xoptions"}:
            return Run(info=word)
        if word == "--help-all":
            return Run(info=word)
        if word == "--check-hash-based-pycs":
            i += 2
            continue
        if word.startswith("--"):
            i += 1
            continue
        if not word.startswith("-") or len(word) < 2:
            return Run(script=word, dynamic=dyn)
        j = 1
        while j < len(word):
            ch = word[j]
            if ch in "cm":
                rest = word[j + 1 :]
                if rest:
                    value = rest
                elif i + 1 < len(args):
                    value, dyn = args[i + 1], cmd.is_dynamic(i + 2)
                    i += 1
                else:
                    return Run(info="--help")  # "Argument expected"
                if ch == "c":
                    return Run(code=(value,), dynamic=dyn)
                return Run(module=(value, *args[i + 1 :]), dynamic=dyn)
            if ch in "WX":
                if j + 1 == len(word):
                    i += 1
                break
            if ch in "hV?":
                return Run(info="-" + ch)
            j += 1
        i += 1
    return Run(stdin=True)


def _cluster_cli(  # noqa: PLR0913 - one keyword per kind of switch
    cmd: SimpleCommand,
    *,
    code_flags: str,
    value_flags: str,
    attached_flags: str,
    long_code: frozenset[str] = frozenset(),
    long_value: frozenset[str] = frozenset(),
    info: frozenset[str] = frozenset(),
) -> tuple[Run, list[str], set[str]]:
    """
    Read a perl/ruby/node/php style command line: *code_flags* take the
    code (attached or next word, repeatable), *value_flags* take a value
    (attached or next word), *attached_flags* consume the rest of their
    word. Returns the run, the remaining positionals and the flags seen.
    """
    args = cmd.args
    code: list[str] = []
    dynamic = False
    positionals: list[str] = []
    seen: set[str] = set()
    i = 0
    while i < len(args):
        word = args[i]
        if word == "--":
            positionals.extend(args[i + 1 :])
            break
        if word in info:
            return Run(info=word), [], seen
        if word.startswith("--"):
            name, eq, value = word.partition("=")
            seen.add(name)
            if name in long_code:
                if not eq and i + 1 < len(args):
                    value = args[i + 1]
                    dynamic = dynamic or cmd.is_dynamic(i + 2)
                    i += 1
                code.append(value)
            elif name in long_value and not eq:
                i += 1
            i += 1
            continue
        if not word.startswith("-") or word == "-":
            if code:
                positionals.extend(args[i:])
                break
            if word == "-":
                return Run(stdin=True), list(args[i + 1 :]), seen
            return (
                Run(script=word, dynamic=cmd.is_dynamic(i + 1)),
                list(args[i + 1 :]),
                seen,
            )
        j = 1
        while j < len(word):
            ch = word[j]
            seen.add("-" + ch)
            rest = word[j + 1 :]
            if ch in code_flags:
                if rest:
                    code.append(rest)
                    dynamic = dynamic or cmd.is_dynamic(i + 1)
                elif i + 1 < len(args):
                    code.append(args[i + 1])
                    dynamic = dynamic or cmd.is_dynamic(i + 2)
                    i += 1
                break
            if ch in value_flags:
                if not rest:
                    i += 1
                break
            if ch in "l0" and ch in attached_flags:
                # -l[octal], -0[digits]: only digits belong to the switch
                j += 1
                while j < len(word) and word[j] in "0123456789xXabcdefABCDEF":
                    j += 1
                continue
            if ch in attached_flags:
                break
            j += 1
        i += 1
    if code:
        return Run(code=tuple(code), dynamic=dynamic), positionals, seen
    if positionals:
        return Run(script=positionals[0]), positionals[1:], seen
    if "-v" in seen and "v" not in code_flags + value_flags:
        return Run(info="-v"), positionals, seen
    return Run(stdin=True), positionals, seen


def _perl_cli(cmd: SimpleCommand) -> Run:
    """
    perl [switches] [--] [programfile] [arguments] (perlrun).
    """
    return _in_place_cli(
        cmd,
        code_flags="eE",
        value_flags="",
        attached_flags="MmIi0lCdDxVF",
        info=frozenset({"--version", "--help", "-v", "-V", "-h"}),
    )


def _ruby_cli(cmd: SimpleCommand) -> Run:
    """
    ruby [switches] [--] [programfile] [arguments] (ruby(1)).
    """
    return _in_place_cli(
        cmd,
        code_flags="e",
        value_flags="rICEF",
        attached_flags="i0xTWKlU",
        info=frozenset({"--version", "--help", "-v", "-h", "--copyright"}),
    )


def _in_place_cli(
    cmd: SimpleCommand,
    *,
    code_flags: str,
    value_flags: str,
    attached_flags: str,
    info: frozenset[str],
) -> Run:
    """
    perl and ruby: clustered switches; ``-i`` edits the files named after
    the code in place; ``-c`` only checks the code's syntax.
    """
    run, files, seen = _cluster_cli(
        cmd,
        code_flags=code_flags,
        value_flags=value_flags,
        attached_flags=attached_flags,
        info=info,
    )
    if run.code and "-i" in seen and files:
        return attrs.evolve(
            run, extra=(("interpreter.in-place-edit", ("-i", *files)),)
        )
    if "-c" in seen and run.code:
        return attrs.evolve(run, info="-c")
    return run


def _node_cli(cmd: SimpleCommand) -> Run:
    """
    node [options] [-e script | script.js | -] [arguments]
    (https://nodejs.org/api/cli.html).
    """
    run, _files, seen = _cluster_cli(
        cmd,
        code_flags="ep",
        value_flags="rC",
        attached_flags="",
        long_code=frozenset({"--eval", "--print"}),
        long_value=frozenset(
            {
                "--require",
                "--import",
                "--loader",
                "--experimental-loader",
                "--conditions",
                "--input-type",
                "--title",
                "--env-file",
                "--inspect-port",
                "--stack-size",
            }
        ),
        info=frozenset({"--version", "-v", "--help", "-h", "--v8-options"}),
    )
    if {"-c", "--check"} & seen and run.script is not None:
        return Run(info="--check")
    return run


def _php_cli(cmd: SimpleCommand) -> Run:
    """
    php [options] [-f] file | -r code | -S addr
    (https://www.php.net/manual/en/features.commandline.options.php).
    """
    run, _files, seen = _cluster_cli(
        cmd,
        code_flags="rBRE",
        value_flags="dcftSzF",
        attached_flags="",
        info=frozenset(
            {"--version", "-v", "--help", "-h", "-m", "-i", "--ini"}
        ),
    )
    args = cmd.args
    for k, word in enumerate(args):
        if word == "-S" or word.startswith("-S"):
            return Run(extra=(("interpreter.server", ("-S",)),))
        if word == "-f" and k + 1 < len(args):
            return Run(script=args[k + 1])
    if {"-l", "-s", "-w"} & seen and not run.code:
        return Run(info="-l")
    return run


def _deno_cli(cmd: SimpleCommand) -> Run:
    """
    deno eval CODE | deno run SCRIPT | deno SUBCOMMAND
    (https://docs.deno.com/runtime/reference/cli/).
    """
    args = [a for a in cmd.args if not a.startswith("-")]
    if not cmd.args or cmd.args[0] in {"--version", "-V", "--help", "-h"}:
        return Run(info="--version")
    sub = args[0] if args else ""
    if sub == "eval" and len(args) > 1:
        k = cmd.argv.index(args[1], 1)
        return Run(code=(args[1],), dynamic=cmd.is_dynamic(k))
    if sub in {"run", "serve", "test", "bench", "task", "repl", "jupyter"}:
        return Run(script=args[1] if len(args) > 1 else sub)
    if sub in {"install", "add", "i", "outdated"}:
        return Run(extra=(("interpreter.package-install", (sub,)),))
    if sub in {"remove", "uninstall", "rm"}:
        return Run(extra=(("interpreter.package-remove", (sub,)),))
    if sub in {"fmt", "lint", "check", "info", "doc", "types", "help"}:
        rule = "interpreter.fs" if sub == "fmt" else "interpreter.check"
        return Run(extra=((rule, (sub,)),))
    if sub.endswith((".ts", ".js", ".mjs", ".tsx", ".jsx")):
        return Run(script=sub)
    return Run(extra=(("interpreter.unknown", (sub,)),))


def _bun_cli(cmd: SimpleCommand) -> Run:
    """
    bun -e CODE | bun run SCRIPT | bun SUBCOMMAND (https://bun.sh/docs/cli).
    """
    run, files, _seen = _cluster_cli(
        cmd,
        code_flags="ep",
        value_flags="r",
        attached_flags="",
        long_code=frozenset({"--eval", "--print"}),
        info=frozenset({"--version", "-v", "--help", "-h", "--revision"}),
    )
    if run.code or run.info:
        return run
    sub = run.script or ""
    if sub in {"install", "add", "i", "a", "link", "update"}:
        return Run(extra=(("interpreter.package-install", (sub,)),))
    if sub in {"remove", "rm", "unlink"}:
        return Run(extra=(("interpreter.package-remove", (sub,)),))
    if sub in {"run", "x", "test", "exec", "create"} and files:
        return Run(script=files[0])
    if sub in {"pm", "outdated", "audit", "info"}:
        return Run(extra=(("interpreter.check", (sub,)),))
    return run


CLIS: Mapping[str, tuple[str, Callable[[SimpleCommand], Run]]] = (
    MappingProxyType(
        {
            "python": ("python", _python_cli),
            "pypy": ("python", _python_cli),
            "node": ("javascript", _node_cli),
            "nodejs": ("javascript", _node_cli),
            "deno": ("javascript", _deno_cli),
            "bun": ("javascript", _bun_cli),
            "perl": ("perl", _perl_cli),
            "ruby": ("ruby", _ruby_cli),
            "php": ("php", _php_cli),
        }
    )
)


def family(program: str) -> str:
    """
    The key of `CLIS` that reads *program*'s command line (``python3.12``
    reads like ``python``).

    >>> family("python3.12"), family("nodejs")
    ('python', 'nodejs')
    """
    bare = program.rstrip("0123456789.")
    if bare in CLIS:
        return bare
    return "python" if program.startswith(("python", "pypy")) else bare
