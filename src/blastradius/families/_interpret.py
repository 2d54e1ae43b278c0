"""
The interpreter of the tool tables (`CliSpec` /
`CliRule`): split a command's words into options and positional words the
way the tool does, find the rows that match, and turn them into findings.

It never scores: each finding carries its row's base score, and the command
scores its worst action plus its modifiers (see `blastradius._score`).
"""

from __future__ import annotations

import posixpath

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, NamedTuple

import attrs

from blastradius._model import (
    Effect,
    Finding,
    Kind,
    SimpleCommand,
    _setters,
)
from blastradius.families._clispec import SEP, CliRule, CliSpec, glob_match


if TYPE_CHECKING:
    from blastradius._handoff import Target
    from blastradius.analyzers import Analyzer, Context, Output


__all__ = [
    "Opt",
    "Words",
    "analyze",
    "find_opt",
    "make_analyzer",
    "match_row",
    "norm_path",
    "parse",
    "resolve_words",
    "run_rules",
    "target_of",
]

_SAFE_EFFECTS = frozenset({Effect.READ_ONLY, Effect.LOCAL})
_FALSE_VALUES = frozenset({"false", "0", "no", "none", "off"})


class Opt(NamedTuple):
    """
    One option as the tool reads it: its *name* (``-f``, ``--force``), its
    *value* if it takes one, the *word* it came from, and whether it came
    before the first positional word (*first*).
    """

    name: str
    value: str | None
    word: str
    first: bool


@attrs.frozen(init=False)
class Words:
    """
    A command's words split the way its tool reads them.

    *pos* are the positional words, *key* the same compared against path
    patterns (case-folded when the family folds case), *norm* the same with
    paths normalised (``//etc/./`` → ``/etc``), *dyn* whether each one is
    only known at run time.
    """

    opts: tuple[Opt, ...]
    pos: tuple[str, ...]
    key: tuple[str, ...]
    norm: tuple[str, ...]
    dyn: tuple[bool, ...]

    def __init__(
        self,
        opts: tuple[Opt, ...],
        pos: tuple[str, ...],
        key: tuple[str, ...],
        norm: tuple[str, ...],
        dyn: tuple[bool, ...],
    ) -> None:
        # Slot setters directly: a frozen attrs __init__ costs twice as much.
        set_opts, set_pos, set_key, set_norm, set_dyn = _WORDS_SETTERS
        set_opts(self, opts)
        set_pos(self, pos)
        set_key(self, key)
        set_norm(self, norm)
        set_dyn(self, dyn)


_WORDS_SETTERS = _setters(Words)
_NO_WORDS = Words(opts=(), pos=(), key=(), norm=(), dyn=())
"""The split of a command with no words after the program."""


def norm_path(word: str) -> str:
    """
    Normalise a path-like word the way the kernel resolves it, so that
    ``//etc/../etc/`` compares equal to ``/etc``; ``KEY=/path`` operands
    (``of=/dev/sda``) have their value normalised.

    >>> norm_path("//usr/./lib/../")
    '/usr'
    >>> norm_path("of=/dev//sda")
    'of=/dev/sda'
    """
    key, eq, value = word.partition("=")
    if eq and key.isidentifier() and value.startswith("/"):
        return f"{key}={norm_path(value)}"
    if not word.startswith("/"):
        if word.startswith("~") and word.endswith("/") and len(word) > 1:
            return word.rstrip("/")
        return word
    normal = posixpath.normpath(word)
    return "/" + normal.lstrip("/") if normal.startswith("//") else normal


_opt = Opt._make
"""An `Opt` from its four fields in one tuple (no Python-level ``__new__``)."""


def _go_name(name: str) -> str:
    return name[1:] if name.startswith("--") else name


def parse(
    spec: CliSpec,
    args: Sequence[str],
    dynamic: Sequence[bool] = (),
) -> Words:
    """
    Split *args* (the words after the program) into options and positional
    words as *spec*'s tool does.
    """
    if not args:
        return _NO_WORDS
    opts: list[Opt] = []
    pos: list[str] = []
    dyn: list[bool] = []
    n = len(args)
    i = 0
    ended = False
    while i < n:
        word = args[i]
        is_dyn = i < len(dynamic) and dynamic[i]
        i += 1
        first = not pos
        if ended or len(word) < 2 or not word.startswith("-"):
            pos.append(word)
            dyn.append(is_dyn)
            continue
        if word == "--":
            ended = True
            opts.append(_opt(("--", None, word, first)))
            continue
        if spec.numeric_args and i > 1 and word[1:].isdigit():
            pos.append(word)
            dyn.append(is_dyn)
            continue
        if word.startswith("--") or spec.go_flags or not spec.clusters:
            name, eq, value = word.partition("=")
            if spec.go_flags:
                name = _go_name(name)
            if eq:
                opts.append(_opt((name, value, word, first)))
            elif name in spec.value_opts and i < n:
                opts.append(_opt((name, args[i], word, first)))
                i += 1
            else:
                opts.append(_opt((name, None, word, first)))
            continue
        body = word[1:]
        for letter in dict.fromkeys(body):
            name = f"-{letter}"
            if name in spec.value_opts:
                rest = body[body.index(letter) + 1 :]
                if rest:
                    opts.append(
                        _opt((name, rest.removeprefix("="), word, first))
                    )
                elif i < n:
                    opts.append(_opt((name, args[i], word, first)))
                    i += 1
                else:
                    opts.append(_opt((name, None, word, first)))
                break
            opts.append(_opt((name, None, word, first)))
    key = tuple([p.lower() for p in pos]) if spec.fold_case else tuple(pos)
    return Words(
        opts=tuple(opts),
        pos=tuple(pos),
        key=key,
        norm=tuple(
            [
                norm_path(p) if p[:1] in ("/", "~") or "=/" in p else p
                for p in pos
            ]
        ),
        dyn=tuple(dyn),
    )


def _name_matches(spec: CliSpec, have: str, want: str) -> bool:
    if spec.go_flags:
        want = _go_name(want)
    if have == want:
        return True
    return (
        spec.abbrev
        and have.startswith("--")
        and want.startswith("--")
        and len(have) > 2
        and want.startswith(have)
    )


def find_opt(
    spec: CliSpec,
    words: Words,
    names: Iterable[str],
) -> Opt | None:
    """
    The first option among *names* present in *words* (``--x=false``
    counts as absent); `None` when there is none.
    """
    opts = words.opts
    if not opts:
        return None
    wanted = tuple(names)
    for opt in opts:
        if _named(spec, opt.name, wanted):
            if opt.value is not None and opt.value.lower() in _FALSE_VALUES:
                continue
            return opt
    return None


def _named(spec: CliSpec, have: str, wanted: tuple[str, ...]) -> bool:
    """
    Whether option *have* is one of *wanted* (`_name_matches` on each).
    """
    if spec.go_flags:
        return any(_name_matches(spec, have, w) for w in wanted)
    if have in wanted:
        return True
    # Else only a long option's abbreviation (``--rec`` for
    # ``--recursive``) can match.
    if not spec.abbrev or len(have) <= 2 or not have.startswith("--"):
        return False
    return any(w.startswith(have) for w in wanted)


def _match_path(
    row: CliRule, words: Words
) -> tuple[int, tuple[str, ...]] | None:
    path = row.path
    if not path:
        return 0, ()
    if "..." not in path:
        size = len(path)
        if len(words.key) < size or not all(
            glob_match(p, words.key[k]) for k, p in enumerate(path)
        ):
            return None
        return size, words.pos[:size]
    cut = path.index("...")
    head, tail = path[:cut], path[cut + 1 :]
    if len(words.key) < len(head) + len(tail) or not all(
        glob_match(p, words.key[k]) for k, p in enumerate(head)
    ):
        return None
    size = len(tail)
    for start in range(len(head), len(words.key) - size + 1):
        if all(
            glob_match(p, words.key[start + k]) for k, p in enumerate(tail)
        ):
            return start + size, (
                *words.pos[: len(head)],
                *words.pos[start : start + size],
            )
    return None


def match_row(
    spec: CliSpec, row: CliRule, words: Words
) -> tuple[str, ...] | None:
    """
    The words that fire *row* on *words*, or `None` when it does not match.
    """
    hits: list[str]
    if row.path:
        found = _match_path(row, words)
        if found is None:
            return None
        start, fired = found
        hits = list(fired)
    else:
        start, hits = 0, []
    pos = words.pos
    count = len(pos) - start
    if count < row.min_args or (
        row.max_args is not None and count > row.max_args
    ):
        return None
    for group in row.when:
        opt = find_opt(spec, words, group)
        if opt is None:
            return None
        hits.append(opt.word)
    if row.unless and find_opt(spec, words, row.unless) is not None:
        return None
    if row.args_m:
        norm = words.norm
        for patterns in row.args_m:
            for k in range(start, len(pos)):
                if patterns.match(norm[k]):
                    hits.append(pos[k])
                    break
            else:
                return None
    if row.target_m is not None:
        if count == 0 or not row.target_m.match(words.norm[-1]):
            return None
        hits.append(words.pos[-1])
    opt_m = row.opt_m
    if opt_m is not None:
        hit = next(
            (
                o.word
                if o.word.endswith(o.value or "")
                else f"{o.word} {o.value}"
                for o in words.opts
                if (o.first or not row.global_only)
                and o.value is not None
                and _named(spec, o.name, row.opt)
                and opt_m.match(norm_path(o.value).lower())
            ),
            None,
        )
        if hit is None:
            return None
        hits.append(hit)
    return tuple(dict.fromkeys(hits)) if len(hits) > 1 else tuple(hits)


def _value(spec: CliSpec, words: Words, names: tuple[str, ...]) -> str | None:
    value = None
    for opt in words.opts:
        if opt.value is not None and _named(spec, opt.name, names):
            value = opt.value
    return value


def run_rules(spec: CliSpec, words: Words, program: str) -> list[Finding]:
    """
    The findings of *spec*'s rows on *words*: the worst
    matching action, every modifier, hard and unknown row; a dry-run option
    keeps only read-only and local actions; ``<family>.unknown`` when no
    action matched.
    """
    key = words.key
    headed = spec.by_head.get(key[0]) if key else spec.by_head.get("")
    rows = spec.loose if headed is None else (*headed, *spec.loose)
    dry_opt = find_opt(spec, words, spec.dry_run) if spec.dry_run else None
    dry = dry_opt is not None
    best: tuple[CliRule, tuple[str, ...]] | None = None
    default: tuple[CliRule, tuple[str, ...]] | None = None
    others: list[tuple[CliRule, tuple[str, ...]]] = []
    matched = False
    joined: str | None = None
    for row in rows:
        needle = row.needle
        if needle:
            if joined is None:
                joined = f"{SEP}{SEP.join(key)}{SEP}"
            if needle not in joined:
                continue
        fired = match_row(spec, row, words)
        if fired is None:
            continue
        matched = True
        if row.kind is Kind.ACTION:
            if dry and row.effect not in _SAFE_EFFECTS:
                continue
            if row.fallback:
                if default is None or row.base > default[0].base:
                    default = (row, fired)
            elif best is None or row.base > best[0].base:
                best = (row, fired)
        elif not (dry and row.kind is Kind.MODIFIER):
            others.append((row, fired))
    if best is None:
        best = default
    namespace = context = None
    if spec.scoped:
        namespace = _value(spec, words, spec.namespace_opts)
        context = _value(spec, words, spec.context_opts)
    findings: list[Finding] = []
    if best is not None:
        findings.append(_finding(best[0], best[1], program))
    elif dry_opt is not None and matched:
        findings.append(
            Finding(
                rule=f"{spec.family}.dry-run",
                program=program,
                words=(dry_opt.word,),
                message="a dry run changes nothing",
                effect=Effect.READ_ONLY,
            )
        )
    if (
        best is None
        and not (dry and matched)
        and not any(r.kind in _DECIDING for r, _ in others)
    ):
        findings.append(
            Finding(
                rule=f"{spec.family}.unknown",
                program=program,
                words=(program, *words.pos[:2]),
                kind=Kind.UNKNOWN,
                message="no rule knows this command",
                effect=Effect.UNKNOWN,
            )
        )
    if others:
        findings.extend(_finding(r, w, program) for r, w in others)
    if spec.scoped:
        findings = [
            _scoped(f, namespace, context) if f.kind is Kind.ACTION else f
            for f in findings
        ]
    return findings


_DECIDING = (Kind.HARD, Kind.UNKNOWN)


def _scoped(f: Finding, namespace: str | None, context: str | None) -> Finding:
    """
    *f* scoped to *namespace* and *context*.
    """
    return Finding(
        rule=f.rule,
        program=f.program,
        words=f.words,
        score=f.score,
        hard=f.hard,
        kind=f.kind,
        message=f.message,
        effect=f.effect,
        scoped=True,
        namespace=namespace,
        context=context,
        resource=f.resource,
        base=f.base,
    )


def _finding(row: CliRule, words: tuple[str, ...], program: str) -> Finding:
    # A row that matched on the program alone (the read-only allowlist)
    # still names the word that fired it.
    return Finding(
        rule=row.id,
        program=program,
        words=words or (program,),
        score=row.base,
        hard=row.hard,
        kind=row.kind,
        message=row.message,
        effect=row.effect,
    )


def dynamic_findings(
    spec: CliSpec, command: SimpleCommand, program: str
) -> list[Finding]:
    """
    ``<family>.dynamic.unknown`` when some word after the program is only
    known at run time, ``<family>.args.unknown`` when words unknown before
    run time are appended (``xargs``); nothing for a *dynamic_ok* family.
    """
    if spec.dynamic_ok:
        return []
    out: list[Finding] = []
    flags = command.dynamic
    dyn = (
        [w for i, w in enumerate(command.argv) if i and command.is_dynamic(i)]
        if any(flags[1:])
        else ()
    )
    if dyn:
        out.append(
            Finding(
                rule=f"{spec.family}.dynamic.unknown",
                program=program,
                words=dyn,
                kind=Kind.UNKNOWN,
                message="some words are only known at run time",
                effect=Effect.UNKNOWN,
            )
        )
    if command.unknown_args:
        out.append(
            Finding(
                rule=f"{spec.family}.args.unknown",
                program=program,
                words=(program,),
                kind=Kind.UNKNOWN,
                message="more words are appended at run time",
                effect=Effect.UNKNOWN,
            )
        )
    return out


_CHANGES = frozenset({Effect.MUTATING, Effect.DESTRUCTIVE, Effect.INDIRECT})


def target_of(
    spec: CliSpec,
    words: Words,
    findings: Iterable[Finding],
    program: str,
) -> Target | None:
    """
    The `Target` for the scorer to weigh when a command that changes
    something names (through *spec*'s *target_opts*) an account, project,
    engine context or directory: the scorer adds
    ``<family>.target.<label>`` when one matches a production or staging
    kube-context pattern of the policy.
    """
    if not any(
        f.kind in (Kind.ACTION, Kind.HARD) and f.effect in _CHANGES
        for f in findings
    ):
        return None
    options = [
        (opt.name, opt.value)
        for opt in words.opts
        if opt.value is not None and _named(spec, opt.name, spec.target_opts)
    ]
    if not options:
        return None
    from blastradius._handoff import Target

    return Target(family=spec.family, program=program, options=options)


def analyze(
    spec: CliSpec,
    command: SimpleCommand,
    *,
    prefix: tuple[str, ...] = (),
) -> tuple[Words, list[Finding]]:
    """
    Run *spec* over *command* (its words after the program, after
    *prefix*); return the split words and the findings.
    """
    return _analyze(spec, command, command.program, prefix)


def _analyze(
    spec: CliSpec,
    command: SimpleCommand,
    program: str,
    prefix: tuple[str, ...],
) -> tuple[Words, list[Finding]]:
    argv = command.argv
    if prefix:
        args = (*prefix, *argv[1:])
        dynamic = (False,) * len(prefix) + command.dynamic[1:]
    else:
        args = argv[1:]
        dynamic = command.dynamic[1:]
    words = parse(spec, args, dynamic)
    findings = run_rules(spec, words, program)
    if not spec.dynamic_ok and (command.unknown_args or any(dynamic)):
        findings.extend(dynamic_findings(spec, command, program))
    return words, findings


def resolve_words(words: Words, cwd: str) -> Words | None:
    """
    *words* with relative path-like positional words resolved against the
    absolute directory *cwd* (purely, no filesystem access), or `None` when
    none changes.

    Words that are options, absolute, home-relative, variables, URLs,
    ``KEY=VALUE`` operands or only known at run time stay as they are.

    >>> resolve_words(parse(_PATHS, ("-r", "../etc")), "/srv").norm
    ('/etc',)
    """
    norm = list(words.norm)
    changed = False
    for k, word in enumerate(words.pos):
        if (
            not word
            or word[0] in "/~$-"
            or "=" in word
            or "://" in word
            or (k < len(words.dyn) and words.dyn[k])
        ):
            continue
        norm[k] = norm_path(posixpath.join(cwd, word))
        changed = True
    if not changed:
        return None
    return Words(
        opts=words.opts,
        pos=words.pos,
        key=words.key,
        norm=tuple(norm),
        dyn=words.dyn,
    )


_PATHS = CliSpec(family="paths", rules=())
"""A spec with no rows, for the `resolve_words` example."""


def _resolved_findings(
    spec: CliSpec,
    words: Words,
    findings: list[Finding],
    program: str,
    cwd: str,
) -> list[Finding]:
    """
    The path rows that fire only once relative paths are resolved against
    *cwd* (``rm -r etc`` in ``/``), not already among *findings*.
    """
    if not any(r.args_m or r.target_m is not None for r in spec.rules):
        return []
    resolved = resolve_words(words, cwd)
    if resolved is None:
        return []
    seen = {f.rule for f in findings}
    return [
        f
        for f in run_rules(spec, resolved, program)
        if f.kind in _RESOLVED_KINDS and f.rule not in seen
    ]


_RESOLVED_KINDS = frozenset({Kind.ACTION, Kind.HARD, Kind.MODIFIER})


def make_analyzer(
    spec: CliSpec,
    *,
    prefix: tuple[str, ...] = (),
    then: Callable[[SimpleCommand, Context, Words], Iterable[Output]]
    | None = None,
) -> Analyzer:
    """
    An analyzer running *spec* (then *then*, for what a table cannot say).
    """

    def analyzer(command: SimpleCommand, ctx: Context) -> Iterable[Output]:
        program = command.program
        words, findings = _analyze(spec, command, program, prefix)
        cwd = getattr(ctx, "cwd", None)
        if cwd is not None:
            findings.extend(
                _resolved_findings(spec, words, findings, program, cwd)
            )
        target = (
            target_of(spec, words, findings, program)
            if spec.target_opts
            else None
        )
        if target is None and then is None:
            return findings
        out: list[Output] = [*findings]
        if target is not None:
            out.append(target)
        if then is not None:
            out.extend(then(command, ctx, words))
        return out

    return analyzer
