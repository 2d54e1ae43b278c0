"""
Analyzer family: interpreters given inline code (python, pypy, node, deno,
bun, perl, ruby, php).

The interpreter's own options are read (flags before ``-c``/``-e`` count:
``python3 -u -c``, ``python -Ic``, ``perl -Mstrict -e``), the code is
tokenized with the language's string syntax
(`blastradius.families.interpreters._codescan`) and calls are looked up in
the tables of `blastradius.families.interpreters.rules`. Shell strings are
returned as ``Nested(script=...)`` for the scorer to analyse, argv lists as
``Nested(argv=...)``; anything built at run time is unknown. A script file
is unknown too.

>>> import blastradius
>>> cmd = ["python3", "-c", "import shutil; shutil.rmtree('/')"]
>>> [c.argv for c in blastradius.score(cmd).commands][1]
('rm', '-rf', '/')
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING

import attrs

from blastradius._model import Finding, SimpleCommand
from blastradius.families.interpreters._codescan import (
    JS,
    PERL,
    PHP,
    PYTHON,
    RUBY,
    Arg,
    Call,
    Lang,
    Tok,
    calls,
    tokenize,
)
from blastradius.families.interpreters.grammar import CLIS as _CLIS
from blastradius.families.interpreters.grammar import family as _family
from blastradius.families.interpreters.rules import (
    JS_CALLS,
    MODULES,
    PERL_CALLS,
    PHP_CALLS,
    PYTHON_CALLS,
    PYTHON_METHODS,
    RUBY_CALLS,
    RULES_BY_ID,
)


if TYPE_CHECKING:
    from blastradius.analyzers import Analyzer, Context, Output


__all__ = ["ANALYZERS", "Effects", "code_effects"]

MAX_EVAL = 4
"""How deep literal ``eval('…')`` strings are followed."""


@attrs.define
class Effects:
    """
    What a piece of code was found to do: rule ids with their words, shell
    scripts it runs and argv lists it runs.
    """

    rules: list[tuple[str, tuple[str, ...]]] = attrs.field(factory=list)
    scripts: list[str] = attrs.field(factory=list)
    argvs: list[tuple[str, ...]] = attrs.field(factory=list)

    def rule(self, rule: str, *words: str) -> None:
        hit = (rule, tuple(w[:200] for w in words))
        if hit not in self.rules:
            self.rules.append(hit)

    def dynamic(self, *words: str) -> None:
        self.rule("interpreter.dynamic.unknown", *words)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


@attrs.frozen
class _Language:
    lang: Lang
    table: Mapping[str, str]
    bare: frozenset[str] = frozenset()


_LANGS: Mapping[str, _Language] = MappingProxyType(
    {
        "python": _Language(PYTHON, PYTHON_CALLS),
        "javascript": _Language(JS, JS_CALLS),
        "perl": _Language(
            PERL,
            PERL_CALLS,
            _words(
                "system exec unlink rmdir rename kill eval do require "
                "open chmod chown mkdir"
            ),
        ),
        "ruby": _Language(
            RUBY,
            RUBY_CALLS,
            _words("system exec spawn eval require load"),
        ),
        "php": _Language(PHP, PHP_CALLS),
    }
)


def code_effects(code: str, language: str, depth: int = 0) -> Effects:
    """
    What *code* in *language* (``python``, ``javascript``, ``perl``,
    ``ruby``, ``php``) does, as far as can be seen.

    >>> code_effects("import os; os.system('ls -l')", "python").scripts
    ['ls -l']
    """
    spec = _LANGS[language]
    tokens = tokenize(code, spec.lang)
    fx = Effects()
    aliases = _python_aliases(tokens) if language == "python" else {}
    has_child_process = any(
        t.kind == "string" and t.text.removeprefix("node:") == "child_process"
        for t in tokens
    )
    for tok in tokens:
        if tok.kind == "shell":
            if tok.dynamic:
                fx.dynamic("`" + tok.text[:60] + "`")
            else:
                fx.rule("interpreter.shell", "`" + tok.text[:60] + "`")
                fx.scripts.append(tok.text)
        elif language == "php" and tok.kind == "name" and tok.text == "$":
            fx.dynamic("$")
    for i, call in enumerate(calls(tokens, spec.bare)):
        del i
        action, name = _resolve(call, language, aliases, has_child_process)
        if action is None:
            if language == "php" and call.callee[0].startswith("$"):
                fx.dynamic(call.callee[0] + "(…)")
            continue
        _apply(action, name, call, fx, at=(language, depth))
    return fx


def _python_aliases(tokens: Sequence[Tok]) -> dict[str, str]:
    """
    ``import a.b as c`` → {c: a.b}; ``from a import b as c`` → {c: a.b};
    ``from a import *`` → every name of *a* in the table.
    """
    aliases: dict[str, str] = {}
    n = len(tokens)
    i = 0
    while i < n:
        t = tokens[i]
        if t.kind == "name" and t.text == "import":
            module, j = _dotted(tokens, i + 1)
            if (
                j + 1 < n
                and tokens[j].kind == "name"
                and tokens[j].text == "as"
            ):
                aliases[tokens[j + 1].text] = module
                j += 2
            i = j
            continue
        if t.kind == "name" and t.text == "from":
            module, j = _dotted(tokens, i + 1)
            if j < n and tokens[j].text == "import":
                j += 1
                while j < n and tokens[j].text in {"(", ")"}:
                    j += 1
                while j < n and tokens[j].kind in {"name", "op"}:
                    tok = tokens[j]
                    if tok.text == "*":
                        prefix = module + "."
                        for key in PYTHON_CALLS:
                            if key.startswith(prefix):
                                aliases[key[len(prefix) :]] = key
                        j += 1
                        continue
                    if tok.kind != "name":
                        if tok.text not in {",", "(", ")"}:
                            break
                        j += 1
                        continue
                    name = tok.text
                    if name in {"import", "from"}:
                        break
                    target = f"{module}.{name}"
                    if j + 2 < n and tokens[j + 1].text == "as":
                        aliases[tokens[j + 2].text] = target
                        j += 3
                    else:
                        aliases[name] = target
                        j += 1
            i = j
            continue
        i += 1
    return aliases


def _dotted(tokens: Sequence[Tok], i: int) -> tuple[str, int]:
    parts: list[str] = []
    n = len(tokens)
    while i < n and tokens[i].kind == "name":
        parts.append(tokens[i].text)
        if i + 1 < n and tokens[i + 1].text == ".":
            i += 2
        else:
            i += 1
            break
    return ".".join(parts), i


def _resolve(
    call: Call,
    language: str,
    aliases: Mapping[str, str],
    has_child_process: bool,
) -> tuple[str | None, str]:
    table = _LANGS[language].table
    parts = list(call.callee)
    first = call.args[0] if call.args else None
    if (
        parts[-1] in _IMPORTERS
        and first is not None
        and first.text is not None
    ):
        return None, ".".join(parts)  # a literal module name is fine
    if language == "python":
        if not call.computed and parts[0] in aliases:
            parts = [*aliases[parts[0]].split("."), *parts[1:]]
        name = ".".join(parts)
        found = table.get(name)
        if found is None and (call.computed or len(parts) > 1):
            found = PYTHON_METHODS.get(parts[-1])
            if found is not None and not call.computed and len(parts) > 1:
                # os.system under an alias we could not resolve, Path().x
                found = found if parts[0] not in {"self", "re"} else None
        return found, name
    name = ".".join(parts)
    found = table.get(name)
    if found is not None:
        return found, name
    last = parts[-1]
    if language == "javascript":
        found = table.get(last)
        if found in {"shell", "spawn"} and not (
            has_child_process or "child_process" in parts
        ):
            return None, name
        if found is not None and len(parts) == 1 and found == _DYN_RULE:
            return found, name
        if (
            found is not None
            and len(parts) > 1
            and last in _JS_GENERIC
            and not _FS_RECEIVERS & set(parts[:-1])
        ):
            return None, name
        return found, name
    if len(parts) == 1 and not call.computed:
        return table.get(last), name
    if table.get(last) == _DYN_RULE:
        return _DYN_RULE, name  # obj.send(:system, …), x.instance_eval
    return None, name


_DYN_RULE = "interpreter.dynamic.unknown"
_JS_GENERIC = frozenset(
    {"remove", "removeSync", "rename", "rm", "rmdir", "unlink", "mkdir"}
    | {"chmod", "chown", "truncate", "cp", "symlink", "writeFile"}
)
_FS_RECEIVERS = frozenset({"fs", "fsp", "promises", "fsPromises", "Deno"})
_IMPORTERS = frozenset(
    {"require", "import", "__import__", "import_module", "load"}
)


def _literal(arg: Arg | None) -> str | None:
    return None if arg is None else arg.text


def _words_of(args: Sequence[Arg]) -> list[str] | None:
    """
    All arguments as literal words (strings and string lists), or `None`
    when any is not literal.
    """
    out: list[str] = []
    for arg in args:
        if arg.text is not None:
            out.append(arg.text)
        elif arg.items is not None:
            out.extend(arg.items)
        else:
            return None
    return out


def _kwarg_true(call: Call, key: str) -> bool:
    """
    Whether ``key=True`` / ``key: true`` appears among the arguments.
    """
    for arg in call.args:
        texts = [t.text for t in arg.tokens]
        for k in range(len(texts) - 2):
            if (
                texts[k] == key
                and texts[k + 1] in {"=", ":"}
                and texts[k + 2] in {"True", "true", "1"}
            ):
                return True
    return False


def _apply(
    action: str, name: str, call: Call, fx: Effects, *, at: tuple[str, int]
) -> None:
    handler = _ACTIONS.get(action)
    if handler is None:
        fx.rule(action, name)
        return
    handler(name, call, fx, *at)


def _shell(name: str, call: Call, fx: Effects, _lang: str, _d: int) -> None:
    text = _literal(call.args[0] if call.args else None)
    if text is None:
        fx.dynamic(name + "(…)")
    else:
        fx.rule("interpreter.shell", name, text)
        fx.scripts.append(text)


def _argv(name: str, call: Call, fx: Effects, _lang: str, _d: int) -> None:
    first = call.args[0] if call.args else None
    if first is not None and first.items is not None:
        fx.rule("interpreter.shell", name, *first.items)
        fx.argvs.append(first.items)
    elif first is not None and first.text is not None:
        fx.rule("interpreter.shell", name, first.text)
        fx.scripts.append(first.text)
    else:
        fx.dynamic(name + "(…)")


def _exec(name: str, call: Call, fx: Effects, _lang: str, _d: int) -> None:
    words = _words_of(call.args)
    if words is None or not words:
        fx.dynamic(name + "(…)")
        return
    fx.rule("interpreter.shell", name, *words)
    if len(words) == 1:
        fx.scripts.append(words[0])
    else:
        fx.argvs.append(tuple(words))


def _spawn(name: str, call: Call, fx: Effects, _lang: str, _d: int) -> None:
    """
    ``spawn(cmd, [args], {shell: true})``: a command and its arguments.
    """
    args = [a for a in call.args if a.tokens and a.tokens[0].text != "{"]
    words = _words_of(args)
    if words is None or not words:
        fx.dynamic(name + "(…)")
        return
    fx.rule("interpreter.shell", name, *words)
    if _kwarg_true(call, "shell"):
        fx.scripts.append(" ".join(words))
    else:
        fx.argvs.append(tuple(words))


def _deno(name: str, call: Call, fx: Effects, _lang: str, _d: int) -> None:
    """
    ``new Deno.Command(cmd, {args: [...]})`` and ``Deno.run({cmd: [...]})``.
    """
    words: list[str] = []
    first = call.args[0] if call.args else None
    if first is not None and first.text is not None:
        words.append(first.text)
    for arg in call.args:
        texts = arg.tokens
        for k in range(len(texts) - 2):
            if texts[k].text in {"args", "cmd"} and texts[k + 1].text == ":":
                end = k + 2
                while end < len(texts) and texts[end].text != "]":
                    end += 1
                items = texts[k + 3 : end]
                if not all(t.kind == "string" or t.text == "," for t in items):
                    fx.dynamic(name + "(…)")
                    return
                words.extend(t.text for t in items if t.kind == "string")
    if not words:
        fx.dynamic(name + "(…)")
        return
    fx.rule("interpreter.shell", name, *words)
    fx.argvs.append(tuple(words))


def _path_action(
    argv0: Sequence[str],
) -> Callable[[str, Call, Effects, str, int], None]:
    def handler(
        name: str, call: Call, fx: Effects, _lang: str, _d: int
    ) -> None:
        paths = _words_of(call.args[:1]) if call.args else None
        if not paths:
            fx.dynamic(name + "(…)")
            return
        fx.rule("interpreter.fs", name, *paths)
        fx.argvs.append((*argv0, *paths))

    return handler


def _rm_opt(name: str, call: Call, fx: Effects, lang: str, d: int) -> None:
    flags = ("rm", "-rf") if _kwarg_true(call, "recursive") else ("rm", "-f")
    _path_action(flags)(name, call, fx, lang, d)


def _mv(name: str, call: Call, fx: Effects, _lang: str, _d: int) -> None:
    paths = _words_of(call.args[:2])
    if not paths or len(paths) != 2:
        fx.dynamic(name + "(…)")
        return
    fx.rule("interpreter.fs", name, *paths)
    fx.argvs.append(("mv", *paths))


def _http(name: str, call: Call, fx: Effects, _lang: str, _d: int) -> None:
    """
    ``requests.delete(url)`` → ``curl -X DELETE url``.
    """
    method = name.rsplit(".", 1)[-1].upper()
    args = list(call.args)
    if method == "REQUEST" and args and args[0].text is not None:
        method = args[0].text.upper()
        args = args[1:]
    if method in {"URLOPEN", "REQUEST", "AXIOS"}:
        method = "GET"
    url = _literal(args[0] if args else None)
    if url is None:
        fx.rule("interpreter.network", name)
        fx.dynamic(name + "(…)")
        return
    fx.rule("interpreter.network", name, url)
    fx.argvs.append(("curl", "-X", method, url))


def _fetch(name: str, call: Call, fx: Effects, _lang: str, _d: int) -> None:
    """
    ``fetch(url, {method: 'DELETE'})`` → ``curl -X DELETE url``.
    """
    url = _literal(call.args[0] if call.args else None)
    method = "GET"
    for arg in call.args[1:]:
        texts = arg.tokens
        for k in range(len(texts) - 2):
            if texts[k].text == "method" and texts[k + 1].text == ":":
                value = texts[k + 2]
                if value.kind != "string" or value.dynamic:
                    fx.dynamic(name + "(…)")
                    return
                method = value.text.upper()
    if url is None:
        fx.rule("interpreter.network", name)
        fx.dynamic(name + "(…)")
        return
    fx.rule("interpreter.network", name, url)
    fx.argvs.append(("curl", "-X", method, url))


def _eval(name: str, call: Call, fx: Effects, lang: str, depth: int) -> None:
    """
    A literal string given to eval runs as code of the same language;
    anything else is unknown.
    """
    fx.dynamic(name + "(…)")
    text = _literal(call.args[0] if call.args else None)
    if text is None or depth >= MAX_EVAL:
        return
    inner = code_effects(text, lang, depth + 1)
    for rule, words in inner.rules:
        fx.rule(rule, *words)
    fx.scripts.extend(inner.scripts)
    fx.argvs.extend(inner.argvs)


def _open(name: str, call: Call, fx: Effects, _lang: str, _d: int) -> None:
    """
    Python ``open(path, mode)``: writing modes change files.
    """
    mode_arg = call.args[1] if len(call.args) > 1 else None
    mode = "r" if mode_arg is None else mode_arg.text
    for arg in call.args:
        texts = [t.text for t in arg.tokens]
        if len(texts) == 3 and texts[0] == "mode" and texts[1] == "=":
            mode = (
                arg.tokens[2].text if arg.tokens[2].kind == "string" else None
            )
    if mode is None:
        fx.dynamic(name + "(…)")
    elif any(c in mode for c in "wax+"):
        path = _literal(call.args[0] if call.args else None) or "…"
        fx.rule("interpreter.fs", name, path)


def _popen(name: str, call: Call, fx: Effects, _lang: str, _d: int) -> None:
    """
    Perl ``open``: ``"|cmd"``, ``"cmd|"``, ``"-|", "cmd", @args`` run
    commands; ``">"`` modes write files.
    """
    args = call.args
    mode = _literal(args[1] if len(args) > 1 else None)
    if mode is None:
        if len(args) > 1:
            fx.dynamic(name + "(…)")
        return
    mode = mode.strip()
    if len(args) == 2 and (mode.startswith("|") or mode.endswith("|")):
        command = mode.strip("|").strip()
        fx.rule("interpreter.shell", name, command)
        fx.scripts.append(command)
    elif mode in {"-|", "|-"}:
        words = _words_of(args[2:])
        if not words:
            fx.dynamic(name + "(…)")
        elif len(words) == 1:
            fx.rule("interpreter.shell", name, words[0])
            fx.scripts.append(words[0])
        else:
            fx.rule("interpreter.shell", name, *words)
            fx.argvs.append(tuple(words))
    elif mode.startswith((">", "+")):
        fx.rule("interpreter.fs", name, mode)


_ACTIONS: Mapping[str, Callable[[str, Call, Effects, str, int], None]] = (
    MappingProxyType(
        {
            "shell": _shell,
            "argv": _argv,
            "exec": _exec,
            "spawn": _spawn,
            "deno": _deno,
            "rm-rf": _path_action(("rm", "-rf")),
            "rm": _path_action(("rm", "-f")),
            "rmdir": _path_action(("rmdir",)),
            "rm-opt": _rm_opt,
            "mv": _mv,
            "http": _http,
            "fetch": _fetch,
            "eval": _eval,
            "open": _open,
            "popen": _popen,
        }
    )
)


def _f(rule: str, program: str, words: Iterable[str]) -> Finding:
    return RULES_BY_ID[rule].finding(program, words)


def _analyze(cmd: SimpleCommand, ctx: Context) -> Iterable[Output]:
    del ctx
    program = cmd.program
    language, read = _CLIS[_family(program)]
    run = read(cmd)
    found: list[Output] = [
        _f(rule, program, words) for rule, words in run.extra
    ]
    if run.info is not None:
        rule = (
            "interpreter.check"
            if run.info in {"-c", "--check", "-l"}
            else ("interpreter.version")
        )
        found.append(_f(rule, program, [run.info]))
        return found
    if run.module:
        found.extend(_module(run.module, program))
        return found
    if run.script is not None:
        found.append(_f("interpreter.script.unknown", program, [run.script]))
        return found
    codes = list(run.code)
    if run.stdin:
        if cmd.stdin is None:
            if not found:
                found.append(
                    _f(
                        "interpreter.stdin.unknown",
                        program,
                        [cmd.stdin_from or "stdin"],
                    )
                )
            return found
        codes.append(cmd.stdin)
    if run.dynamic:
        found.append(_f("interpreter.dynamic.unknown", program, ["code"]))
    if not codes:
        return found or [_f("interpreter.unknown", program, cmd.args[:1])]
    fx = code_effects("\n".join(codes), language)
    via = f"{program} {'-c' if language == 'python' else '-e'}"
    from blastradius._handoff import Nested

    found.extend(Nested(script=script, via=via) for script in fx.scripts)
    found.extend(Nested(argv=argv, via=via) for argv in fx.argvs)
    found.extend(_f(rule, program, words) for rule, words in fx.rules)
    if not fx.rules and not fx.scripts and not fx.argvs:
        found.append(_f("interpreter.inline", program, [codes[0][:80]]))
    return found


def _module(module: Sequence[str], program: str) -> list[Finding]:
    name = module[0]
    if name == "pip":
        sub = next((w for w in module[1:] if not w.startswith("-")), "")
        flag = next((w for w in module[1:] if w in {"--version", "-V"}), "")
        key = f"pip {sub}" if sub else f"pip {flag}"
        rule = MODULES.get(key, "interpreter.module.unknown")
        return [_f(rule, program, ["-m", *module[:2]])]
    rule = MODULES.get(name, "interpreter.module.unknown")
    return [_f(rule, program, ["-m", name])]


ANALYZERS: Mapping[str, Analyzer] = MappingProxyType(
    {
        "python": _analyze,
        "python3": _analyze,
        "python2": _analyze,
        "pypy": _analyze,
        "pypy3": _analyze,
        "node": _analyze,
        "nodejs": _analyze,
        "deno": _analyze,
        "bun": _analyze,
        "perl": _analyze,
        "ruby": _analyze,
        "php": _analyze,
    }
)
