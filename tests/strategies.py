"""
Hypothesis strategies for the tests (the one strategies module), built
from the real tables so that a new row is tested without a change here,
and the Hypothesis profiles every test runs under.

Sections, in order (a later one may use an earlier one):

- *profiles*: ``dev`` (the default) and ``ci`` (``HYPOTHESIS_PROFILE=ci``),
  registered here and loaded by ``tests/conftest.py``;
- *shell*: the shell layer's wrapper table, plain words, shell-like text;
- *kubectl*: the kubectl corpus (``tests/data/kubectl_examples.jsonl``,
  from kubectl's own help text) and strategies from
  `blastradius.families.kubectl.rules`;
- *containers*: ``docker run`` options from the wrapper rows, and the
  commands the case tables of `tests.helpers` expect to be blocked;
- *tools*: the shell-tool and infrastructure-CLI rule tables
  (`blastradius.families.shell.rules`, `blastradius.families._toolspecs`);
- *sql*: statements as token lists, re-spelled with any keyword case and
  any separator;
- *rollback*: rollback derivation and declarative specs;
- *policy*: policies, every field valid by construction, and a toy
  analyzer.

Strategies for hosts (`blastradius.testing.strategies`) are public; the
ones here that would repeat them are imported from there.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shlex

from collections.abc import Iterator, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING

from hypothesis import HealthCheck, assume, settings
from hypothesis import strategies as st
from tests.helpers import DELETE_NS_PROD, SHELL_CASES

import blastradius

from blastradius import (
    Effect,
    Finding,
    Kind,
    Policy,
    SimpleCommand,
    Thresholds,
    Tier,
)
from blastradius._policy import (
    GateSettings,
    HardRule,
    PolicyException,
    RuleOverride,
)
from blastradius._policy_ids import _plurals
from blastradius._shell._wrappers import (
    WRAPPERS,
    WRAPPERS_BY_NAME,
    Subcommand,
    Wrapper,
)
from blastradius.exceptions import PolicyError
from blastradius.families._clispec import CliRule, CliSpec
from blastradius.families._toolspecs import TOOL_SPECS
from blastradius.families.kubectl import _data as data
from blastradius.families.kubectl.grammar import resolve_resource
from blastradius.families.kubectl.rules import (
    ACTIONS,
    HARD_RULES,
    RESOURCES,
    ActionRule,
    Grammar,
    ResourceRule,
)
from blastradius.families.shell.rules import SHELL_SPECS
from blastradius.rules import (
    DEFAULT_CONTEXT_WEIGHTS,
    DEFAULT_NAMESPACE_WEIGHTS,
    WeightRule,
)
from blastradius.rules._catalog import catalog, families
from blastradius.rules.rollback import ROLLBACK_RULES, RollbackRule
from blastradius.testing import strategies as host


if TYPE_CHECKING:
    from blastradius.analyzers import Analyzer, Context


# -- profiles -----------------------------------------------------------------

settings.register_profile("dev", max_examples=50)
settings.register_profile(
    "ci",
    max_examples=500,
    deadline=None,
    derandomize=True,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)


def load_profile(environ: Mapping[str, str] = os.environ) -> str:
    """
    Load the profile ``HYPOTHESIS_PROFILE`` names (``dev`` when unset) and
    return its name.
    """
    name = environ.get("HYPOTHESIS_PROFILE", "dev")
    settings.load_profile(name)
    return name


# -- shell --------------------------------------------------------------------

SEPARATORS = (";", "&", "&&", "||", "|", "|&", "\n")
"""Every operator that separates two commands."""

_WORD_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789-_./:=,@%+"
_PROGRAMS = (
    "rm",
    "ls",
    "kubectl",
    "echo",
    "cat",
    "psql",
    "dd",
    "mkfs",
    "chmod",
    "git",
    "helm",
    "terraform",
)

wrapper_rows = st.sampled_from(WRAPPERS)
"""Every row of the real wrapper table."""

plain_words = st.text(_WORD_CHARS, min_size=1, max_size=8).filter(
    lambda w: not w.startswith("-") and "=" not in w
)
"""Words that need no quoting and are not options or assignments."""


@st.composite
def simple_argv(draw: st.DrawFn) -> tuple[str, ...]:
    """A command with a known program and plain arguments."""
    program = draw(st.sampled_from(_PROGRAMS))
    args = draw(
        st.lists(
            st.one_of(plain_words, st.sampled_from(("-rf", "-n", "--all"))),
            max_size=4,
        )
    )
    return (program, *args)


def wrap(row: Wrapper, argv: tuple[str, ...]) -> str:
    """
    Shell text that runs *argv* (plain words) through wrapper *row*.
    """
    name = row.names[0]
    cmd = " ".join(argv)
    texts = {
        "argv": f"{name} {cmd}",
        "join": f"{name} {cmd}",
        "shell": f"{name} -c '{cmd}'",
        "su": f"{name} -c '{cmd}'",
        "find": f"{name} . -exec {cmd} {{}} +",
        "parallel": f"{name} {cmd} ::: a b",
        "subcommand": f"{name} exec pod -- {cmd}",
    }
    text = texts[row.kind]
    if row.positionals and row.kind in ("argv", "join"):
        text = f"{name} 5 {cmd}"
    if row.names[0] == "runuser":
        text = f"{name} -u nobody -- {cmd}"
    if row.names[0] in ("docker", "nerdctl", "podman"):
        text = f"{name} exec ctr {cmd}"
    return text


@st.composite
def quote_noise(draw: st.DrawFn, word: str) -> str:
    """
    *word* spelled with quotes and backslashes bash removes.
    """
    out: list[str] = []
    for ch in word:
        how = draw(st.integers(0, 5))
        if how == 1:
            out.append(f"'{ch}'")
        elif how == 2:
            out.append(f'"{ch}"')
        elif how == 3:
            out.append(f"\\{ch}")
        elif how == 4:
            out.append(f"{ch}''")
        elif how == 5:
            out.append(f"$'{ch}'")
        else:
            out.append(ch)
    return "".join(out)


_FRAGMENTS = (
    "'",
    '"',
    "\\",
    "$(",
    ")",
    "`",
    "${",
    "}",
    "<<EOF\n",
    "EOF\n",
    "|",
    "&&",
    ";",
    "\n",
    "(",
    "{ ",
    " }",
    "case x in ",
    "a) ",
    ";; ",
    "esac",
    "if ",
    "then ",
    "fi",
    "for x in a; do ",
    "done",
    "$'\\x72m'",
    "$IFS",
    "<(",
    ">",
    "2>&1",
    "<<<",
    "#",
    "rm -rf /",
    "sudo ",
    "bash -c ",
    "kubectl exec p -- ",
    "xargs ",
    "eval ",
    "\0",
    "\ud800",
)

shell_text = st.one_of(
    st.text(max_size=60),
    st.lists(
        st.one_of(st.sampled_from(_FRAGMENTS), plain_words, st.just(" ")),
        max_size=25,
    ).map("".join),
)
"""Arbitrary text, and text built from shell syntax fragments."""


# -- kubectl ------------------------------------------------------------------

DATA = Path(__file__).parent / "data"
EXAMPLES = DATA / "kubectl_examples.jsonl"
EXPECTATIONS = DATA / "kubectl_expectations.json"


def examples() -> list[dict[str, object]]:
    """
    The corpus rows (the first line, naming the origin, left out).
    """
    lines = EXAMPLES.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines[1:]]


_PLACEHOLDER = re.compile(r"<([A-Za-z][A-Za-z0-9_-]*)>")
_KEYWORDS = frozenset({"until", "while", "if", "then", "do", "else", "!"})


def kubectl_argvs(line: str) -> Iterator[list[str]]:
    """
    The kubectl commands of a corpus line as argv lists.

    A small stand-in for the shell layer: kubectl's help writes
    placeholders as ``<name>`` (which bash would read as a redirection), so
    they become plain words first; operators split commands, redirections
    and leading assignments and keywords are dropped.
    """
    text = _PLACEHOLDER.sub(r"\1", line)
    lex = shlex.shlex(text, posix=True, punctuation_chars=True)
    lex.whitespace_split = True
    try:
        words = list(lex)
    except ValueError:
        return
    seg: list[str] = []
    skip = False
    for w in [*words, ";"]:
        if skip:
            skip = False
            continue
        if w and set(w) <= set("<>&") and w not in {"&", "&&"}:
            if w != "<(" and seg and seg[-1].isdigit():
                seg.pop()
            skip = w != "<("
            continue
        if w and set(w) <= set("|&;()<"):
            yield from _kubectl(seg)
            seg = []
            continue
        seg.append(w)


def _kubectl(seg: list[str]) -> Iterator[list[str]]:
    while seg and (
        seg[0] in _KEYWORDS or ("=" in seg[0] and seg[0][0].isalpha())
    ):
        seg = seg[1:]
    if seg and seg[0] == "kubectl":
        yield seg


def assignments(line: str) -> list[tuple[str, str]]:
    """
    The leading ``NAME=value`` words of a one-command corpus line.
    """
    found = []
    for w in shlex.split(line):
        name, eq, value = w.partition("=")
        if not eq or not name.isidentifier():
            break
        found.append((name, value))
    return found


_HARD_KINDS = frozenset(k for h in HARD_RULES for k in h.resources)

CHANGING_TYPED: tuple[ActionRule, ...] = tuple(
    a
    for a in ACTIONS
    if a.grammar is Grammar.TYPED
    and a.effect in {Effect.MUTATING, Effect.DESTRUCTIVE}
)
"""Paths that change named objects of a kind given on the command line."""

KINDS: tuple[ResourceRule, ...] = tuple(
    r for r in RESOURCES if not r.members and resolve_resource(r.resource) is r
)
"""Every built-in kind that its plural resolves to."""

NAMESPACED_SOFT_KINDS: tuple[ResourceRule, ...] = tuple(
    r for r in KINDS if r.namespaced and r.resource not in _HARD_KINDS
)
"""Namespaced kinds no hard rule names."""

NAMESPACES: tuple[str, ...] = host.NAMESPACES
"""Namespace names: the literal patterns of the weight table, and a few
others (those of `blastradius.testing.strategies`)."""

GLOBAL_VALUE_FLAGS: tuple[tuple[str, str], ...] = tuple(
    (name, short) for name, short, takes in data.GLOBAL_FLAGS if takes
)
"""Global flags that take a value: (long name, shorthand or '')."""

GLOBAL_BOOL_FLAGS: tuple[str, ...] = tuple(
    name for name, _short, takes in data.GLOBAL_FLAGS if not takes
)
"""Global boolean flags."""

names = st.from_regex(r"[a-z][a-z0-9]{0,8}", fullmatch=True).filter(
    lambda n: (
        resolve_resource(n) is None
        and n not in {"all", "help", "none", "false", "true", "server"}
    )
)
"""Object names that are not also resource names."""

values = st.from_regex(r"[a-z][a-z0-9-]{0,8}", fullmatch=True)
"""Flag values that look like names."""


def spellings(row: ResourceRule) -> list[str]:
    """
    Every way to write *row*'s kind that kubectl resolves back to it.
    """
    forms = {
        row.resource,
        row.singular,
        row.kind,
        row.kind.upper(),
        row.resource.upper(),
        row.resource.capitalize(),
        *row.short_names,
        *(s.upper() for s in row.short_names),
    }
    if row.group:
        forms |= {
            f"{row.resource}.{row.group}",
            f"{row.singular}.{row.group}",
            f"{row.resource}.v1.{row.group}",
            f"{row.kind}.{row.group}",
        }
    else:
        forms.add(f"{row.resource}.v1")
    return sorted(
        f
        for f in forms
        if f
        and (found := resolve_resource(f)) is not None
        and found.resource == row.resource
    )


@st.composite
def global_flag_units(draw: st.DrawFn) -> tuple[str, ...]:
    """
    One global flag in one of the forms kubectl accepts, as its words.
    """
    if draw(st.booleans()):
        name = draw(st.sampled_from(GLOBAL_BOOL_FLAGS))
        return (f"--{name}",)
    name, short = draw(st.sampled_from(GLOBAL_VALUE_FLAGS))
    value = draw(values)
    forms = [(f"--{name}={value}",), (f"--{name}", value)]
    if short:
        forms += [(f"-{short}", value), (f"-{short}{value}",)]
        forms.append((f"-{short}={value}",))
    return draw(st.sampled_from(forms))


# -- containers ---------------------------------------------------------------


def _docker_run() -> Subcommand:
    row = WRAPPERS_BY_NAME["docker"]
    return next(s for s in row.subs if s.short_flags is not None)


DOCKER_RUN = _docker_run()
"""The ``docker run`` row of the wrapper table."""

HARD_COMMANDS = tuple(
    cmd
    for cmd in (
        *(cmd for cmd, tier, _rule in SHELL_CASES if tier is Tier.BLOCKED),
        *DELETE_NS_PROD,
    )
    if blastradius.score(cmd).tier is Tier.BLOCKED
)
"""Commands the case tables of `tests.helpers` expect to be blocked (and
that are)."""

images = st.sampled_from(
    (
        "alpine",
        "ubuntu:22.04",
        "registry.local:5000/team/app:1.2",
        "ghcr.io/org/tool@sha256:0123abcd",
        "nginx",
    )
)
"""Image references of every shape (tag, registry port, digest)."""

_VALUE = names
"""Option values: plain lower-case names (never an option)."""

_SHORT_VALUES = tuple(DOCKER_RUN.short_values)
_SHORT_FLAGS = tuple(DOCKER_RUN.short_flags or "")
# --entrypoint changes the program, not where IMAGE is
_LONG_VALUES = tuple(sorted(DOCKER_RUN.long_values - DOCKER_RUN.program_opts))
_LONG_FLAGS = tuple(sorted(DOCKER_RUN.long_flags))

run_option = st.one_of(
    st.sampled_from(_LONG_FLAGS).map(lambda o: (o,)),
    st.tuples(
        st.sampled_from(_LONG_FLAGS), st.sampled_from(("true", "false"))
    ).map(lambda t: (f"{t[0]}={t[1]}",)),
    st.tuples(st.sampled_from(_LONG_VALUES), _VALUE),
    st.tuples(st.sampled_from(_LONG_VALUES), _VALUE).map(
        lambda t: (f"{t[0]}={t[1]}",)
    ),
    st.lists(st.sampled_from(_SHORT_FLAGS), min_size=1, max_size=3).map(
        lambda fs: ("-" + "".join(fs),)
    ),
    st.tuples(
        st.lists(st.sampled_from(_SHORT_FLAGS), max_size=2),
        st.sampled_from(_SHORT_VALUES),
        _VALUE,
    ).map(lambda t: ("-" + "".join(t[0]) + t[1], t[2])),
    st.tuples(st.sampled_from(_SHORT_VALUES), _VALUE).map(
        lambda t: ("-" + t[0] + t[1],)
    ),
)
"""One ``docker run`` option from the table, as the words it is written as:
flags (``--rm``, ``--rm=false``, ``-it``), valued options (``--name x``,
``--name=x``, ``-v x``, ``-itv x``, ``-vx``)."""

run_options = st.lists(run_option, max_size=5).map(
    lambda units: [w for unit in units for w in unit]
)
"""Several ``docker run`` options, flattened into words."""


def container_wraps(image: str) -> tuple[str, ...]:
    """
    Templates (``{}`` is the command) that start a container with a
    command: ``docker run``, ``podman run``, ``kubectl debug --``,
    ``kubectl run --command --``, ``kubectl create job --``.
    """
    return (
        f"docker run --rm {image} {{}}",
        f"podman container run -it {image} {{}}",
        f"kubectl debug web-0 -it --image={image} -- {{}}",
        f"kubectl run x --image={image} --restart=Never --command -- {{}}",
        f"kubectl create job j --image={image} -- {{}}",
    )


# -- tools --------------------------------------------------------------------

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


def _tool_rows(kind: Kind) -> Iterator[tuple[str, CliRule]]:
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
    for program, row in _tool_rows(kind):
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
        for program, row in _tool_rows(kind):
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


# -- sql ----------------------------------------------------------------------

# Statements as words; a word starting with a quote or a digit is kept
# verbatim, every other word may change case.
STATEMENTS: tuple[tuple[str, ...], ...] = (
    ("SELECT", "count", "(", "*", ")", "FROM", "users"),
    ("SELECT", "*", "FROM", "t", "WHERE", "id", "=", "1"),
    ("SHOW", "TABLES"),
    ("EXPLAIN", "SELECT", "1"),
    ("DROP", "TABLE", "users"),
    ("DROP", "TABLE", "IF", "EXISTS", "users"),
    ("DROP", "DATABASE", "prod"),
    ("DROP", "SCHEMA", "public", "CASCADE"),
    ("DROP", "INDEX", "idx_users"),
    ("TRUNCATE", "TABLE", "users"),
    ("DELETE", "FROM", "users"),
    ("DELETE", "FROM", "users", "WHERE", "1", "=", "1"),
    ("DELETE", "FROM", "users", "WHERE", "id", "=", "7"),
    ("UPDATE", "users", "SET", "a", "=", "1"),
    ("UPDATE", "users", "SET", "a", "=", "1", "WHERE", "TRUE"),
    ("UPDATE", "users", "SET", "a", "=", "1", "WHERE", "id", "=", "2"),
    ("ALTER", "TABLE", "users", "DROP", "COLUMN", "email"),
    ("ALTER", "USER", "bob", "WITH", "SUPERUSER"),
    ("GRANT", "ALL", "ON", "users", "TO", "bob"),
    ("REVOKE", "ALL", "ON", "users", "FROM", "bob"),
    ("INSERT", "INTO", "users", "VALUES", "(", "1", ")"),
    ("CREATE", "TABLE", "x", "(", "id", "int", ")"),
    ("CALL", "cleanup", "(", ")"),
    ("BEGIN",),
    ("COMMIT",),
)

SQL_SEPARATORS: tuple[str, ...] = (
    " ",
    "  ",
    "\n",
    "\t",
    " \n ",
    "/**/",
    "/* note */",
    " -- note\n",
)


def render(words: tuple[str, ...], seps: list[str], cases: list[bool]) -> str:
    """
    Join *words* with *seps*, flipping the case of word *i* when
    *cases[i]*.
    """
    out: list[str] = []
    for i, word in enumerate(words):
        if i:
            out.append(seps[(i - 1) % len(seps)])
        flip = cases[i % len(cases)] if cases else False
        out.append(word.swapcase() if flip and word[:1].isalpha() else word)
    return "".join(out)


@st.composite
def respelled(draw: st.DrawFn, words: tuple[str, ...]) -> str:
    """
    *words* as one statement with drawn separators and keyword case.
    """
    seps = draw(st.lists(st.sampled_from(SQL_SEPARATORS), min_size=1))
    cases = draw(st.lists(st.booleans(), min_size=1))
    return render(words, seps, cases)


def statement_lists() -> st.SearchStrategy[list[tuple[str, ...]]]:
    """
    Non-empty batches of statements.
    """
    return st.lists(st.sampled_from(STATEMENTS), min_size=1, max_size=4)


# -- rollback -----------------------------------------------------------------

dns_labels = st.from_regex(r"\A[a-z]([-a-z0-9]{0,10}[a-z0-9])?\Z")
"""Valid DNS-1123 labels (short)."""

node_names = st.from_regex(
    r"\A[a-z][a-z0-9]{0,6}(\.[a-z][a-z0-9]{0,4}){0,2}\Z"
)
"""Valid node names (DNS-1123 subdomains)."""

label_values = st.from_regex(
    r"\A([A-Za-z0-9]([-A-Za-z0-9_.]{0,8}[A-Za-z0-9])?)?\Z"
)
"""Valid label values, including the empty one."""

counts = st.integers(min_value=0, max_value=500)
"""Replica counts."""

workload_kinds = st.sampled_from(
    ["deploy", "deployment", "deployments.apps", "sts", "statefulset", "ds"]
)
"""Spellings of workload kinds."""

_KNOWN_HOSTILE = [
    "--all",
    "-A",
    "-n",
    "--namespace=kube-system",
    "x --namespace=kube-system",
    "--kubeconfig=/tmp/evil",
    "-f",
    "-",
    "--",
    "--dry-run=none",
    "$(rm -rf /)",
    "`id`",
    "a;b",
    "a|b",
    "a b",
    "a\nb",
    "A",
    "UPPER",
    "x/../y",
    "a,b",
    "--force",
    "--grace-period=0",
    "'quoted'",
    "a=b",
    "..",
    "a" * 300,
]

hostile_names = st.one_of(
    st.sampled_from(_KNOWN_HOSTILE),
    st.text(min_size=1, max_size=12).map(lambda s: "-" + s),
    st.text(
        alphabet=st.characters(exclude_categories=["Cs"]),
        min_size=1,
        max_size=16,
    ),
)
"""Names an attacker might slip into a target: flags, spaces, quotes,
shell syntax, upper case, anything."""


def _mutating(row: RollbackRule) -> bool:
    return row.program == "kubectl"


mutating_rows = st.sampled_from([r for r in ROLLBACK_RULES if _mutating(r)])
"""Rows of the kubectl rollback table."""


# -- policy -------------------------------------------------------------------

_LOWER = "abcdefghijklmnopqrstuvwxyz"
_NAME = _LOWER + "0123456789-"

policy_names = st.builds(
    str.__add__, st.sampled_from(_LOWER), st.text(_NAME, max_size=8)
)
"""Kubernetes-like names (namespaces, contexts, programs)."""

_FAMILIES = frozenset(families(catalog()))

rule_ids = (
    st.lists(
        st.builds(
            str.__add__,
            st.sampled_from(_LOWER),
            st.text(_NAME + "_", max_size=6),
        ),
        min_size=1,
        max_size=4,
    )
    .map(".".join)
    .filter(lambda r: r.partition(".")[0] not in _FAMILIES)
)
"""Rule ids such as ``kubectl.delete.namespace``, outside the built-in
families (a literal id of one that no rule has is a `PolicyError`: it
would match nothing)."""

_BUILTIN_PATTERNS = sorted(
    {r.pattern for r in (*DEFAULT_NAMESPACE_WEIGHTS, *DEFAULT_CONTEXT_WEIGHTS)}
)

globs = st.one_of(
    st.sampled_from(_BUILTIN_PATTERNS),
    st.builds(
        lambda head, cls, tail: head + cls + tail,
        st.text("abc*?-", min_size=1, max_size=5),
        st.sampled_from(["", "[ab]", "[!a]", "[a-c]"]),
        st.text("abc*-", max_size=3),
    ),
    policy_names,
)
"""Valid globs over names, including every built-in pattern."""

rule_globs = st.one_of(
    rule_ids,
    rule_ids.map(lambda r: r + ".*"),
    st.sampled_from(["*", "kubectl.delete.*", "*.unknown", "shell.rm.?*"]),
)
"""Valid globs over rule ids."""

weights = st.floats(min_value=0, max_value=100, allow_nan=False)

texts = st.builds(str.__add__, st.sampled_from(_LOWER), st.text(max_size=30))
"""Reasons: any non-blank text (quotes, backslashes, control characters)."""

thresholds = (
    st.lists(st.integers(0, 99), min_size=3, max_size=3, unique=True)
    .map(sorted)
    .map(lambda v: Thresholds(auto=v[0], human=v[1], dual=v[2]))
)


def _weight_rows(prefix: str) -> st.SearchStrategy[list[WeightRule]]:
    return st.lists(
        st.builds(
            WeightRule,
            st.one_of(st.just(f"{prefix}.custom"), rule_ids),
            globs,
            weights,
        ),
        max_size=4,
    )


def weight_tables(
    prefix: str, builtin: tuple[WeightRule, ...]
) -> st.SearchStrategy[tuple[WeightRule, ...]]:
    """
    Own rows, followed by the built-in table or not.
    """
    return st.tuples(_weight_rows(prefix), st.booleans()).map(
        lambda t: (*t[0], *(builtin if t[1] else ()))
    )


timezones = st.integers(-14 * 60, 14 * 60).map(
    lambda m: dt.timezone(dt.timedelta(minutes=m))
)

expiries = st.datetimes(
    min_value=dt.datetime(1970, 1, 2),  # noqa: DTZ001 - bounds are naive
    max_value=dt.datetime(2200, 1, 1),  # noqa: DTZ001
    timezones=timezones,
)
"""Aware date-times, at any offset."""


def _no_chain(aliases: dict[str, str]) -> dict[str, str]:
    """*aliases* without self-aliases and aliases of aliases (refused)."""
    return {k: v for k, v in aliases.items() if v != k and v not in aliases}


_OTHER_NAMES = frozenset(_plurals())
resources = st.none() | globs.filter(lambda g: g.lower() not in _OTHER_NAMES)
"""Resource globs; never a built-in kind's singular or short name (its
plural is required)."""

hard_rules = st.builds(
    HardRule,
    id=rule_ids,
    reason=texts,
    rule=rule_globs,
    program=st.none() | policy_names,
    resource=resources,
    namespace=st.none() | globs,
    context=st.none() | globs,
    effect=st.none() | st.sampled_from(Effect),
)

overrides = st.builds(
    RuleOverride,
    rule=rule_globs,
    score=st.integers(0, 99),
    floor=st.booleans(),
)

exceptions = st.builds(
    PolicyException,
    rule=rule_globs,
    reason=texts,
    namespace=st.none() | globs,
    resource=resources,
    name=st.none() | globs,
    context=st.none() | globs,
    expires=st.none() | expiries,
)


@st.composite
def gate_settings(draw: st.DrawFn) -> GateSettings:
    """
    Any valid ``[gate]`` table.
    """
    human = draw(st.integers(1, 20))
    return GateSettings(
        approvals_human=human,
        approvals_dual=draw(st.integers(max(2, human), 20)),
        approval_ttl=draw(st.integers(1, 30 * 86400)),
        budget_executions=draw(st.integers(0, 1000)),
        budget_window=draw(st.integers(1, 7 * 86400)),
    )


penalties = st.integers(0, 99)
"""Any valid ``irreversible_penalty`` or ``missing_facts_penalty``."""

tiers = st.sampled_from(Tier)
"""Any tier (a valid ``dry_run_from_tier``)."""


@st.composite
def policies(draw: st.DrawFn) -> Policy:
    """
    Any policy expressible in TOML (no analyzers).
    """
    return Policy(
        thresholds=draw(thresholds),
        namespace_weights=draw(
            weight_tables("namespace", DEFAULT_NAMESPACE_WEIGHTS)
        ),
        unspecified_namespace=WeightRule(
            draw(st.just("namespace.unspecified") | rule_ids),
            "",
            draw(weights),
        ),
        context_weights=draw(
            weight_tables("context", DEFAULT_CONTEXT_WEIGHTS)
        ),
        aliases=_no_chain(
            draw(st.dictionaries(policy_names, policy_names, max_size=3))
        ),
        hard_rules=draw(st.lists(hard_rules, max_size=3)),
        overrides=draw(st.lists(overrides, max_size=3)),
        exceptions=draw(st.lists(exceptions, max_size=3)),
        gate=draw(st.just(GateSettings()) | gate_settings()),
        irreversible_penalty=draw(penalties),
        missing_facts_penalty=draw(penalties),
        dry_run_from_tier=draw(tiers),
    )


@st.composite
def tightening_overlays(draw: st.DrawFn, base: Policy) -> Policy:
    """
    An overlay that may be merged onto *base* without override: lower
    thresholds, heavy extra rows, extra hard rules, raising overrides,
    higher penalties, a lower dry-run tier.
    """
    b = base.thresholds
    auto = draw(st.integers(0, b.auto))
    human = draw(st.integers(auto + 1, b.human))
    dual = draw(st.integers(human + 1, b.dual))
    top = max(
        [r.weight for r in (*base.namespace_weights, *base.context_weights)]
        + [base.unspecified_namespace.weight]
    )
    heavy = st.floats(min_value=top, max_value=100, allow_nan=False)
    ns_rows = draw(
        st.lists(st.builds(WeightRule, rule_ids, globs, heavy), max_size=3)
    )
    ctx_rows = draw(
        st.lists(st.builds(WeightRule, rule_ids, globs, heavy), max_size=3)
    )
    top_override = max((o.score for o in base.overrides), default=0)
    raising = st.builds(
        RuleOverride, rule=rule_globs, score=st.integers(top_override, 99)
    )
    overlay = Policy(
        irreversible_penalty=draw(st.integers(base.irreversible_penalty, 99)),
        missing_facts_penalty=draw(
            st.integers(base.missing_facts_penalty, 99)
        ),
        dry_run_from_tier=draw(
            st.sampled_from([t for t in Tier if t <= base.dry_run_from_tier])
        ),
        thresholds=Thresholds(auto=auto, human=human, dual=dual),
        namespace_weights=(*ns_rows, *DEFAULT_NAMESPACE_WEIGHTS),
        context_weights=(*ctx_rows, *DEFAULT_CONTEXT_WEIGHTS),
        hard_rules=draw(st.lists(hard_rules, max_size=2)),
        overrides=draw(st.lists(raising, max_size=2)),
    )
    try:
        base.merge(overlay)
    except PolicyError:
        # a threshold drawn equal to its default is "not set" and keeps the
        # base's value, which may clash with the others drawn
        assume(False)
    return overlay


# -- a tiny kubectl-like analyzer, so tests do not depend on the real one --

_TOY_BASE = {"get": 0, "delete": 40, "rollout": 20, "scale": 25, "apply": 30}


def toy_analyzer(command: SimpleCommand, ctx: Context) -> Iterator[Finding]:
    """
    ``toy VERB RESOURCE [NAME] [-n NS] [--context C] [--force] [--hard]
    [--what]``: one scoped action ``toy.VERB.RESOURCE`` (base by verb), a
    ``toy.flag.force`` modifier (+10), a ``toy.hard`` hard rule, a
    ``toy.what.unknown`` unknown, a ``toy.note`` info (``--note``).
    """
    args = list(command.args)
    ns = ctx_name = None
    flags = set()
    words: list[str] = []
    i = 0
    while i < len(args):
        a = args[i]
        if a in {"-n", "--context"} and i + 1 < len(args):
            if a == "-n":
                ns = args[i + 1]
            else:
                ctx_name = args[i + 1]
            i += 2
            continue
        if a.startswith("--"):
            flags.add(a)
        else:
            words.append(a)
        i += 1
    verb = words[0] if words else "get"
    resource = words[1] if len(words) > 1 else None
    yield Finding(
        rule=f"toy.{verb}.{resource or 'none'}",
        program=command.program,
        words=tuple(command.argv[: 1 + min(3, len(words))]),
        score=_TOY_BASE.get(verb, 10),
        scoped=True,
        namespace=ns,
        context=ctx_name,
        resource=resource,
        effect=Effect.READ_ONLY if verb == "get" else Effect.MUTATING,
    )
    if "--force" in flags:
        yield Finding(
            rule="toy.flag.force",
            program=command.program,
            words=("--force",),
            score=10,
            kind=Kind.MODIFIER,
        )
    if "--hard" in flags:
        yield Finding(
            rule="toy.hard",
            program=command.program,
            words=("--hard",),
            kind=Kind.HARD,
        )
    if "--note" in flags:
        yield Finding(
            rule="toy.note",
            program=command.program,
            words=("--note",),
            kind=Kind.INFO,
            message="for information",
        )
    if "--what" in flags:
        yield Finding(
            rule="toy.what.unknown",
            program=command.program,
            words=("--what",),
            kind=Kind.UNKNOWN,
        )
    assert ctx.policy is not None


TOY_REGISTRY: Mapping[str, Analyzer] = MappingProxyType({"toy": toy_analyzer})
"""A registry holding only `toy_analyzer` (as ``toy``)."""

toy_commands = st.builds(
    lambda verb, res, name, ns, context, flags: [
        "toy",
        verb,
        res,
        *([name] if name else []),
        *(["-n", ns] if ns else []),
        *(["--context", context] if context else []),
        *flags,
    ],
    st.sampled_from(sorted(_TOY_BASE)),
    st.sampled_from(["pods", "deployments", "namespaces", "secrets"]),
    st.none() | policy_names,
    st.none()
    | st.sampled_from(["dev", "prod", "kube-system", "eu-prod-1", "default"])
    | policy_names,
    st.none()
    | st.sampled_from(["eu-prod-1", "staging", "dev-1"])
    | policy_names,
    st.lists(
        st.sampled_from(["--force", "--hard", "--what", "--note"]), unique=True
    ),
)
"""Argvs for `toy_analyzer`."""
