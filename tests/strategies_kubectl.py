"""
Hypothesis strategies and corpus helpers for the kubectl analyzer, drawn
from the real tables (`blastradius.rules.kubectl`) and the examples in
``tests/data/kubectl_examples.jsonl`` (from kubectl's own help text).
"""

from __future__ import annotations

import json
import re
import shlex

from collections.abc import Iterator
from pathlib import Path

from hypothesis import strategies as st

from blastradius._model import Effect
from blastradius.analyzers.kubectl import resolve_resource
from blastradius.families.kubectl import _data as data
from blastradius.families.kubectl.rules import (
    ACTIONS,
    HARD_RULES,
    RESOURCES,
    ActionRule,
    Grammar,
    ResourceRule,
)
from blastradius.rules import DEFAULT_NAMESPACE_WEIGHTS


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


# -- strategies from the tables -------------------------------------------

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

NAMESPACES: tuple[str, ...] = tuple(
    sorted(
        {
            r.pattern
            for r in DEFAULT_NAMESPACE_WEIGHTS
            if "*" not in r.pattern and "?" not in r.pattern
        }
        | {"team-a", "payments", "kube-system"}
    )
)
"""Namespace names from the weight table, plus a few others."""

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
