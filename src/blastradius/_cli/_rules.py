"""
``blastradius explain RULE_ID`` and ``blastradius rules [--family F]``:
the rule tables, read through `blastradius.rules._catalog`.
"""

from __future__ import annotations

import argparse
import difflib
import json
import sys

from typing import TYPE_CHECKING

from blastradius._cli._common import (
    EXIT_AUTO,
    EXIT_USAGE,
    fail,
    visible,
    write,
)
from blastradius._cli._parser import Parser


if TYPE_CHECKING:
    from blastradius.rules._catalog import RuleInfo


__all__ = ["run"]


def _parser(word: str) -> Parser:
    parser = Parser(
        prog=f"blastradius {word}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--json", action="store_true", help="print JSON")
    if word == "explain":
        parser.description = "Say what a rule id means and how it scores."
        parser.add_argument("rule", metavar="RULE_ID")
    else:
        parser.description = "List the rules of the built-in tables."
        parser.add_argument(
            "--family",
            metavar="F",
            help="only the rules whose id starts with F (kubectl, shell …)",
        )
    return parser


def _score_text(info: RuleInfo) -> str:
    return f"{info.score:g}"


def _explain_text(info: RuleInfo) -> str:
    label = "weight" if info.kind.value == "info" else "score"
    lines = [
        f"rule: {visible(info.id)}",
        f"family: {info.family}",
        f"kind: {info.kind.value}",
        f"{label}: {_score_text(info)}",
    ]
    if info.effect is not None:
        lines.append(f"effect: {info.effect.value}")
    lines.append(f"message: {visible(info.message) or '(none)'}")
    lines.append(f"table: {info.table}")
    return "\n".join(lines) + "\n"


def _explain(parser: Parser, ns: argparse.Namespace) -> int:
    from blastradius.rules._catalog import catalog

    rules = catalog()
    info = rules.get(ns.rule)
    if info is None:
        near = difflib.get_close_matches(ns.rule, list(rules), n=3)
        hint = f" (did you mean {', '.join(near)}?)" if near else ""
        parser.error(f"no rule table has the id {ns.rule!r}{hint}")
    if ns.json:
        write(sys.stdout, json.dumps(info.to_dict(), indent=2) + "\n")
    else:
        write(sys.stdout, _explain_text(info))
    return EXIT_AUTO


def _list(parser: Parser, ns: argparse.Namespace) -> int:
    from blastradius.rules._catalog import catalog, families

    rules = catalog()
    if ns.family is not None:
        known = families(rules)
        if ns.family not in known:
            parser.error(
                f"no family {ns.family!r}; the families are "
                + ", ".join(known)
            )
        rows = [r for r in rules.values() if r.family == ns.family]
    else:
        rows = list(rules.values())
    if ns.json:
        write(sys.stdout, json.dumps([r.to_dict() for r in rows]) + "\n")
        return EXIT_AUTO
    width = max(len(r.id) for r in rows)
    out = [f"{'RULE':<{width}}  {'KIND':<8} {'SCORE':>5}  MESSAGE"]
    out.extend(
        f"{visible(r.id):<{width}}  {r.kind.value:<8} "
        f"{_score_text(r):>5}  {visible(r.message)}"
        for r in rows
    )
    write(sys.stdout, "\n".join(out) + "\n")
    return EXIT_AUTO


def run(argv: list[str]) -> int:
    """
    ``blastradius explain …`` or ``blastradius rules …``: *argv* starts
    with the word.
    """
    if not argv or argv[0] not in {"explain", "rules"}:
        return fail(
            EXIT_USAGE,
            "usage",
            "expected 'explain' or 'rules'",
            as_json=False,
        )
    word, rest = argv[0], argv[1:]
    parser = _parser(word)
    parser.json_errors = "--json" in rest
    ns = parser.parse_args(rest)
    if word == "explain":
        return _explain(parser, ns)
    return _list(parser, ns)
