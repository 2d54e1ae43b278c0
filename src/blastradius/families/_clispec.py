"""
The row types of the command-line tool tables (shell tools, helm, git,
terraform, containers, cloud CLIs).

A `CliRule` is one row: *when* a command's words look like this, it has this
effect and base score, under a stable rule id. A `CliSpec` is one program
family: how its options are spelled and which rows apply. The interpreter
lives in `blastradius.families._interpret`; these modules hold data only.

Word patterns (in *path*, *args*, *target* and *opt_values*) are globs where
``*`` matches any run of characters and nothing else is special; a pattern
starting with ``=`` is the literal rest (``"=*"`` is a lone star); a pattern
starting with ``!`` excludes what it matches (``("/dev/*", "!/dev/null")``);
``...`` in a *path* skips any number of positional words
(``("...", "delete")`` for ``gcloud sql instances delete``).
Option names are written as the tool spells them (``-f``, ``--force``,
``-auto-approve``); a one-letter option also matches inside a cluster
(``-vrf``) when the family clusters options.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType

import attrs

from blastradius._model import Effect, Kind


__all__ = [
    "SEP",
    "CliRule",
    "CliSpec",
    "Patterns",
    "glob_match",
    "group_specs",
]


def _tuple(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


def _rules(value: Iterable[CliRule]) -> tuple[CliRule, ...]:
    return tuple(value)


def _names(value: Iterable[str]) -> frozenset[str]:
    return frozenset(value)


def _groups(
    value: Iterable[Iterable[str]],
) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(g) for g in value)


@attrs.frozen
class Patterns:
    """
    A compiled group of word patterns (see the module docs): matches a word
    that matches some wanted pattern and no ``!`` pattern; with no wanted
    pattern, any word no ``!`` pattern excludes.

    >>> Patterns.of(["/dev/*", "!/dev/null"]).match("/dev/sda")
    True
    >>> Patterns.of(["/dev/*", "!/dev/null"]).match("/dev/null")
    False
    """

    exact: frozenset[str]
    prefixes: tuple[str, ...]
    suffixes: tuple[str, ...]
    other: tuple[str, ...]
    not_exact: frozenset[str]
    not_prefixes: tuple[str, ...]
    not_other: tuple[str, ...]
    wanted: bool

    @classmethod
    def of(cls, patterns: Iterable[str]) -> Patterns:
        """Compile *patterns*."""
        sets: tuple[list[str], list[str], list[str], list[str]] = (
            [],
            [],
            [],
            [],
        )
        nots: tuple[list[str], list[str], list[str], list[str]] = (
            [],
            [],
            [],
            [],
        )
        wanted = False
        for pattern in patterns:
            target = sets
            if pattern.startswith("!"):
                pattern, target = pattern[1:], nots  # noqa: PLW2901
            else:
                wanted = True
            if pattern.startswith("="):
                target[0].append(pattern[1:])
            elif "*" not in pattern:
                target[0].append(pattern)
            elif pattern.count("*") == 1 and pattern.endswith("*"):
                target[1].append(pattern[:-1])
            elif pattern.count("*") == 1 and pattern.startswith("*"):
                target[2].append(pattern[1:])
            else:
                target[3].append(pattern)
        return cls(
            exact=frozenset(sets[0]),
            prefixes=tuple(sets[1]),
            suffixes=tuple(sets[2]),
            other=tuple(sets[3]),
            not_exact=frozenset(nots[0]),
            not_prefixes=(*nots[1],),
            not_other=tuple([f"*{x}" for x in nots[2]] + nots[3]),
            wanted=wanted,
        )

    def match(self, text: str) -> bool:
        """Whether *text* matches."""
        if (
            text in self.not_exact
            or (self.not_prefixes and text.startswith(self.not_prefixes))
            or any(glob_match(p, text) for p in self.not_other)
        ):
            return False
        if not self.wanted:
            return True
        return (
            text in self.exact
            or (bool(self.prefixes) and text.startswith(self.prefixes))
            or (bool(self.suffixes) and text.endswith(self.suffixes))
            or any(glob_match(p, text) for p in self.other)
        )


@attrs.frozen(kw_only=True)
class CliRule:
    """
    One row of a tool table.

    A row matches a command when all of its conditions hold:

    - *path*: the first positional words (the subcommand path);
    - *when*: every group names at least one option that is present;
    - *unless*: none of these options is present;
    - *args*: every group has a pattern matched by some positional word
      after the path;
    - *target*: the last positional word matches one of these patterns;
    - *opt* / *opt_values*: one of the options *opt* was given a value
      matching one of *opt_values* (before the first positional word only
      when *global_only*);
    - *min_args* / *max_args*: how many positional words follow the path.

    Attributes:
        id: The stable rule id, e.g. ``git.push.force``.
        effect: What the command does when this row matches.
        base: The base score the scorer starts from.
        message: A short explanation shown with the rule id.
        kind: How the scorer combines it (`Kind.ACTION` by default; a
            `Kind.MODIFIER` row adds its score to the command's action).
        hard: A hard rule: the command is blocked.
        fallback: The family's default action: it counts only when no
            other action row matches (``nft`` changes rules unless it
            lists them).
    """

    id: str
    effect: Effect
    base: int
    message: str
    path: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    when: tuple[tuple[str, ...], ...] = attrs.field(
        default=(), converter=_groups
    )
    unless: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    args: tuple[tuple[str, ...], ...] = attrs.field(
        default=(), converter=_groups
    )
    target: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    opt: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    opt_values: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    global_only: bool = False
    min_args: int = 0
    max_args: int | None = None
    # *kind* and *hard* as given (``kind=``, ``hard=``); the public `kind`
    # and `hard` below agree with each other.
    _kind: Kind = Kind.ACTION
    _hard: bool = False
    fallback: bool = False
    # Worked out once by attrs' own __init__ (each default reads the
    # fields above it).
    kind: Kind = attrs.field(
        init=False,
        eq=False,
        repr=False,
        default=attrs.Factory(
            lambda self: Kind.HARD if self._hard else self._kind,
            takes_self=True,
        ),
    )
    hard: bool = attrs.field(
        init=False,
        eq=False,
        repr=False,
        default=attrs.Factory(
            lambda self: self.kind is Kind.HARD, takes_self=True
        ),
    )
    needle: str = attrs.field(
        init=False,
        eq=False,
        repr=False,
        default=attrs.Factory(
            lambda self: _needle(self.path), takes_self=True
        ),
    )
    args_m: tuple[Patterns, ...] = attrs.field(
        init=False,
        eq=False,
        repr=False,
        default=attrs.Factory(
            lambda self: tuple(Patterns.of(g) for g in self.args),
            takes_self=True,
        ),
    )
    target_m: Patterns | None = attrs.field(
        init=False,
        eq=False,
        repr=False,
        default=attrs.Factory(
            lambda self: Patterns.of(self.target) if self.target else None,
            takes_self=True,
        ),
    )
    opt_m: Patterns | None = attrs.field(
        init=False,
        eq=False,
        repr=False,
        default=attrs.Factory(
            lambda self: Patterns.of(self.opt_values) if self.opt else None,
            takes_self=True,
        ),
    )


SEP = "\x00"
"""Joins a command's positional words for the rows' *needle* test."""


def _needle(path: tuple[str, ...]) -> str:
    """
    The longest text that must occur in the positional words joined by
    `SEP` (with `SEP` around them) for *path* to match; ``""`` when there is
    none. A cheap test that skips most rows of a big family.
    """
    best = ""
    for p in path:
        if p == "...":
            continue
        if p.startswith("="):
            cut = f"{SEP}{p[1:]}{SEP}"
        elif "*" not in p:
            cut = f"{SEP}{p}{SEP}"
        else:
            head, _, rest = p.partition("*")
            tail = rest.rsplit("*", 1)[-1]
            cut = max(
                (
                    f"{SEP}{head}" if head else "",
                    f"{tail}{SEP}" if tail else "",
                ),
                key=len,
            )
        if len(cut) > len(best):
            best = cut
    return best


@attrs.frozen(kw_only=True)
class CliSpec:
    """
    One program family: how it spells options and the rows that apply.

    Attributes:
        family: The rule-id prefix of the family (``git``, ``shell.rm``);
            unmatched commands get ``<family>.unknown``.
        rules: The rows, in documentation order.
        value_opts: Options that take the next word as their value when it
            is not attached (``-n prod``, ``--namespace prod``).
        clusters: One-letter options may be clustered (``-rf``).
        abbrev: GNU ``getopt_long``: a long option may be abbreviated to any
            prefix (``--rec`` is ``--recursive``).
        go_flags: Go's ``flag`` package: ``-name`` and ``--name`` are the
            same option and nothing clusters (terraform).
        fold_case: Compare positional words case-insensitively.
        numeric_args: Words like ``-9`` after the first argument are
            positional (``kill -9 -1``: ``-1`` is a process id).
        dynamic_ok: Words only known at run time cannot change what the
            command does (``echo $X``): no unknown finding for them.
        dry_run: Options that make any command of the family a dry run
            (``--dry-run``; the values ``none``/``false``/``0`` do not).
        namespace_opts: Options naming the Kubernetes namespace; when set,
            the family's actions are *scoped* (namespace weights apply).
        context_opts: Options naming the kube context.
        target_opts: Options naming where a change lands (``aws
            --profile``, ``gcloud --project``, ``docker --context``,
            ``terraform -chdir``): a name matching one of the policy's
            production or staging kube-context patterns raises a command
            that changes something (``<family>.target.<label>``).
    """

    family: str
    rules: tuple[CliRule, ...] = attrs.field(converter=_rules)
    value_opts: frozenset[str] = attrs.field(
        default=frozenset(), converter=_names
    )
    clusters: bool = True
    abbrev: bool = False
    go_flags: bool = False
    fold_case: bool = False
    numeric_args: bool = False
    dynamic_ok: bool = False
    dry_run: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    namespace_opts: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    context_opts: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    target_opts: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    # Worked out once by attrs' own __init__ from *rules*.
    by_head: Mapping[str, tuple[CliRule, ...]] = attrs.field(
        init=False,
        eq=False,
        repr=False,
        default=attrs.Factory(
            lambda self: _by_head(self.rules)[0], takes_self=True
        ),
    )
    loose: tuple[CliRule, ...] = attrs.field(
        init=False,
        eq=False,
        repr=False,
        default=attrs.Factory(
            lambda self: _by_head(self.rules)[1], takes_self=True
        ),
    )

    @property
    def scoped(self) -> bool:
        """
        Whether the family's actions are weighted by namespace and context.
        """
        return bool(self.namespace_opts)


def _by_head(
    rules: tuple[CliRule, ...],
) -> tuple[Mapping[str, tuple[CliRule, ...]], tuple[CliRule, ...]]:
    """
    *rules* by the first word of their path, and the rows whose path
    starts with a pattern (looked at for every command).
    """
    heads: dict[str, list[CliRule]] = {}
    loose: list[CliRule] = []
    for row in rules:
        head = row.path[0] if row.path else ""
        if not head or "*" in head or head.startswith(("!", "...", "=")):
            loose.append(row)
        else:
            heads.setdefault(head, []).append(row)
    return MappingProxyType({k: tuple(v) for k, v in heads.items()}), tuple(
        loose
    )


def glob_match(pattern: str, text: str) -> bool:
    """
    Whether *text* matches *pattern*, where only ``*`` is special.

    >>> glob_match("delete-*", "delete-db-instance")
    True
    >>> glob_match("/dev/sd*", "/dev/nvme0n1")
    False
    >>> glob_match("=*", "build")
    False
    """
    if pattern.startswith("="):
        return pattern[1:] == text
    if "*" not in pattern:
        return pattern == text
    parts = pattern.split("*")
    first, last = parts[0], parts[-1]
    if len(text) < len(first) + len(last):
        return False
    if not text.startswith(first) or not text.endswith(last):
        return False
    pos = len(first)
    end = len(text) - len(last)
    for part in parts[1:-1]:
        if not part:
            continue
        found = text.find(part, pos, end)
        if found < 0:
            return False
        pos = found + len(part)
    return True


def group_specs(
    specs: Iterable[tuple[Iterable[str], CliSpec]],
) -> Mapping[str, CliSpec]:
    """
    A read-only program name → spec mapping from (names, spec) pairs.
    """
    table: dict[str, CliSpec] = {}
    for names, spec in specs:
        for name in names:
            table[name] = spec
    return MappingProxyType(table)
