"""
``blastradius policy check FILE`` and ``blastradius policy show``.
"""

from __future__ import annotations

import argparse
import sys

from typing import TYPE_CHECKING

from blastradius._cli._common import (
    EXIT_AUTO,
    EXIT_POLICY,
    PolicyLoadError,
    fail,
    load_policy,
    write,
)
from blastradius._cli._parser import Parser


if TYPE_CHECKING:
    from blastradius._policy import Policy


__all__ = ["run"]


def _parser() -> Parser:
    parser = Parser(
        prog="blastradius policy",
        description="Check a TOML policy file or show the default policy.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION")
    actions.required = True
    check = actions.add_parser(
        "check",
        help="validate FILE; print the effective policy and its fingerprint",
    )
    check.add_argument("file", metavar="FILE")
    actions.add_parser("show", help="print the built-in default as TOML")
    return parser


def _policy_text(policy: Policy) -> str:
    toml: str = policy.to_toml()  # type: ignore[attr-defined,unused-ignore]
    if not toml.endswith("\n"):
        toml += "\n"
    return f"# fingerprint: {policy.fingerprint}\n{toml}"


def run(argv: list[str]) -> int:
    """
    ``blastradius policy`` with *argv* (what follows ``policy``).
    """
    from blastradius._policy import Policy

    parser = _parser()
    ns = parser.parse_args(argv)
    if not hasattr(Policy, "to_toml"):
        parser.error("policy: not supported by this build (no to_toml())")
    if ns.action == "show":
        write(sys.stdout, _policy_text(Policy()))
        return EXIT_AUTO
    try:
        policy = load_policy(ns.file)
    except PolicyLoadError as e:
        return fail(EXIT_POLICY, "policy", str(e), as_json=False)
    write(sys.stdout, _policy_text(policy))
    return EXIT_AUTO
