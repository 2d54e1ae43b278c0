"""
Hypothesis strategies for the shell-tool and infrastructure-CLI analyzers,
built from the real rule tables (`blastradius.rules._shell`,
`blastradius.rules._tools`), so that new rows are tested automatically.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from hypothesis import strategies as st

from blastradius._model import Effect, Kind
from blastradius.rules._cli import CliRule, CliSpec
from blastradius.rules._shell import SHELL_SPECS
from blastradius.rules._tools import TOOL_SPECS


__all__ = [
    "ALL_SPECS",
    "HARD_ROW_CASES",
    "READ_ONLY_ROW_CASES",
    "dangerous_flag_cases",
    "hard_row_cases",
    "read_only_row_cases",
    "rm_recursive_force_argv",
    "tool_argv",
]

ALL_SPECS: Mapping[str, CliSpec] = {**SHELL_SPECS, **TOOL_SPECS}
"""Every table the analyzers interpret, by program name."""


def _word(pattern: str) -> str | None:
    """A concrete word matching *pattern* (``None`` for an exclusion)."""
    if pattern.startswith("!"):
        return None
    if pattern.startswith("="):
        return pattern[1:]
    return pattern.replace("*", "x")


def _first(patterns: tuple[str, ...]) -> str:
    for p in patterns:
        word = _word(p)
        if word is not None:
            return word
    return "x"


def instantiate(program: str, row: CliRule) -> list[str] | None:
    """
    An argv that *row* matches, or `None` when the row's conditions cannot
    be written down simply (option values, exclusions only).
    """
    if row.opt:
        return None
    path: list[str] = []
    for p in row.path:
        if p == "...":
            continue
        word = _word(p)
        if word is None:
            return None
        path.append(word)
    argv = [program, *path]
    argv += [group[0] for group in row.when]
    args = [_first(group) for group in row.args]
    if row.target:
        args.append(_first(row.target))
    while len(args) < row.min_args:
        args.append("x")
    if row.max_args is not None and len(args) > row.max_args:
        return None
    return argv + args


def _rows(kind: Kind) -> Iterator[tuple[str, CliRule]]:
    seen: set[tuple[int, int]] = set()
    for program, spec in ALL_SPECS.items():
        for row in spec.rules:
            key = (id(spec), id(row))
            if row.kind is kind and key not in seen:
                seen.add(key)
                yield program, row


def _cases(
    kind: Kind, effect: Effect | None = None
) -> list[tuple[str, list[str]]]:
    out: dict[tuple[str, ...], str] = {}
    for program, row in _rows(kind):
        if effect is not None and row.effect is not effect:
            continue
        argv = instantiate(program, row)
        if argv is not None:
            out.setdefault(tuple(argv), row.id)
    return [(rule, list(argv)) for argv, rule in out.items()]


HARD_ROW_CASES: list[tuple[str, list[str]]] = _cases(Kind.HARD)
"""(rule id, argv) of every hard row that can be written down."""

READ_ONLY_ROW_CASES: list[tuple[str, list[str]]] = _cases(
    Kind.ACTION, Effect.READ_ONLY
)
"""(rule id, argv) of every read-only action row."""


def hard_row_cases() -> st.SearchStrategy[tuple[str, list[str]]]:
    """A hard row written as a command."""
    return st.sampled_from(HARD_ROW_CASES)


def read_only_row_cases() -> st.SearchStrategy[tuple[str, list[str]]]:
    """A read-only row written as a command."""
    return st.sampled_from(READ_ONLY_ROW_CASES)


def dangerous_flag_cases() -> st.SearchStrategy[tuple[list[str], str]]:
    """
    (argv, flag): a command a modifier or hard row applies to, and one of
    the flags that row names, to add to it.
    """
    out: list[tuple[list[str], str]] = []
    for kind in (Kind.MODIFIER, Kind.HARD):
        for program, row in _rows(kind):
            if not row.when:
                continue
            bare = CliRule(
                id=row.id,
                effect=row.effect,
                base=row.base,
                message=row.message,
                path=row.path,
                args=row.args,
                target=row.target,
                min_args=row.min_args,
            )
            argv = instantiate(program, bare)
            if argv is None:
                continue
            out.extend((argv, flag) for group in row.when for flag in group)
    return st.sampled_from(out)


_RECURSIVE_SHORT = ("r", "R")
_SHORT_EXTRA = ("v", "i", "I", "d")
_LONG_RECURSIVE = ("--recursive", "--recursiv", "--recur", "--rec", "--r")
_LONG_FORCE = ("--force", "--forc", "--for", "--f")


@st.composite
def rm_recursive_force_argv(draw: st.DrawFn) -> list[str]:
    """
    ``rm`` with recursive and force in any spelling: clustered or separate,
    in either order, short or (abbreviated) long, with harmless extra
    options, any targets, and ``--`` before them or not.
    """
    recursive = draw(
        st.one_of(
            st.sampled_from(_RECURSIVE_SHORT).map(lambda c: ("short", c)),
            st.sampled_from(_LONG_RECURSIVE).map(lambda w: ("long", w)),
        )
    )
    force = draw(
        st.one_of(
            st.just(("short", "f")),
            st.sampled_from(_LONG_FORCE).map(lambda w: ("long", w)),
        )
    )
    extra = draw(st.lists(st.sampled_from(_SHORT_EXTRA), max_size=2))
    letters = [c for kind, c in (recursive, force) if kind == "short"]
    longs = [w for kind, w in (recursive, force) if kind == "long"]
    words: list[str] = []
    clustered = draw(st.booleans())
    if letters and clustered:
        cluster = draw(st.permutations(letters + extra))
        words.append("-" + "".join(cluster))
    else:
        words += [f"-{c}" for c in letters + extra]
    words += longs
    words = list(draw(st.permutations(words)))
    targets = draw(
        st.lists(
            st.sampled_from(
                ["/", "/srv/tmp/x", "build", ".", "~", "/etc", "a b", "-"]
            ),
            min_size=1,
            max_size=3,
        )
    )
    end_of_options = draw(st.booleans())
    if end_of_options:
        words.append("--")
    else:
        targets = [t for t in targets if not t.startswith("-")] or ["x"]
    return ["rm", *words, *targets]


def _vocabulary() -> list[str]:
    words: set[str] = {"--", "-", "x", "/", "/etc", "/dev/sda", "*", "."}
    for spec in ALL_SPECS.values():
        for row in spec.rules:
            words.update(p for p in row.path if p != "...")
            for group in (*row.when, *row.args, row.unless, row.target):
                words.update(group)
            words.update(row.opt)
        words.update(spec.value_opts)
    return sorted(w.lstrip("!=") for w in words if w.lstrip("!="))


_VOCABULARY = _vocabulary()


@st.composite
def tool_argv(draw: st.DrawFn) -> list[str]:
    """
    A registered program with words from the tables' own vocabulary (paths,
    options, patterns) and arbitrary text, in any order.
    """
    program = draw(st.sampled_from(sorted(ALL_SPECS)))
    words = draw(
        st.lists(
            st.one_of(st.sampled_from(_VOCABULARY), st.text(max_size=12)),
            max_size=8,
        )
    )
    return [program, *words]
