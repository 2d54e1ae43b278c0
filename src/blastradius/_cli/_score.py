"""
``blastradius score``: score one command (words, stdin) or, with
``--lines``, one command per line (JSONL out).

The plain ``blastradius CMD...`` (words, no option before them) is scored
without `argparse`, `json` or `pathlib`: a process that scores one command
pays little more than the interpreter and the engine (issue 17's CLI
target). Any option goes through the full parser.
"""

from __future__ import annotations

import sys

from typing import TYPE_CHECKING

from blastradius._cli._common import (
    DIST,
    EXIT_AUTO,
    EXIT_BLOCKED,
    EXIT_DUAL,
    EXIT_HUMAN,
    EXIT_POLICY,
    EXIT_USAGE,
    PolicyLoadError,
    fail,
    load_policy,
    package_version,
    read_stdin,
    visible,
    wants_json,
    write,
)


if TYPE_CHECKING:
    import argparse
    import datetime as dt

    from blastradius._cli._parser import Parser
    from blastradius._model import Assessment


__all__ = ["LINES_SCHEMA", "format_assessment", "run"]

LINES_SCHEMA = 1
"""The version of the ``--lines`` JSONL record layout."""

TIER_EXIT = {
    "auto": EXIT_AUTO,
    "human": EXIT_HUMAN,
    "dual": EXIT_DUAL,
    "blocked": EXIT_BLOCKED,
}

_VALUE_OPTIONS = ("--policy", "--now")

EPILOG = f"""\
commands:
  blastradius [OPTIONS] CMD...         same as "blastradius score"
  blastradius score [OPTIONS] CMD...   score a command ("-" or none: stdin)
  blastradius score --lines [FILE...]  score each line (JSONL out)
  blastradius explain RULE_ID          what a rule means and scores
  blastradius rules [--family F]       list the rules
  blastradius scan PATH...             score the commands in a repository
  blastradius hook                     answer an AI agent's pre-tool hook
  blastradius doctor                   check the installed agent hooks
  blastradius policy check FILE        validate a TOML policy, print it
  blastradius policy show              print the built-in default policy

exit status:
  {EXIT_AUTO:<3} AUTO (any tier with --exit-zero; success of the others)
  1   scan --fail-on TIER found a command at or above TIER
  {EXIT_USAGE:<3} usage error
  {EXIT_POLICY:<3} invalid or unreadable policy file
  {EXIT_HUMAN:<3} HUMAN: one person must approve
  {EXIT_DUAL:<3} DUAL: two people must approve
  {EXIT_BLOCKED:<3} BLOCKED: a hard rule fired
  141 standard output closed early (e.g. "| head")

A command whose first word is one of the subcommands (score, explain,
scan, hook, doctor, rules, policy) must be written after
"blastradius score --".
"""


def _parser(prog: str) -> Parser:
    import argparse

    from blastradius._cli._parser import Parser

    parser = Parser(
        prog=prog,
        description="Print the score, tier and reasons of a command.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--json",
        action="store_true",
        help="print the assessment as JSON (Assessment.to_dict())",
    )
    parser.add_argument(
        "--exit-zero",
        action="store_true",
        help=(
            "exit 0 whatever the tier (errors still exit 2 or 3), "
            "e.g. in shell scripts run with 'set -e'"
        ),
    )
    parser.add_argument(
        "--argv",
        action="store_true",
        help=(
            "take the words as an argv run without a shell (no shell "
            "parsing); from stdin, one word per line"
        ),
    )
    parser.add_argument(
        "--lines",
        action="store_true",
        help=(
            "score each line of stdin or of the FILEs given instead of a "
            "command as its own command; print one JSON object per line"
        ),
    )
    parser.add_argument(
        "--policy",
        metavar="FILE",
        help="score under the TOML policy in FILE",
    )
    parser.add_argument(
        "--now",
        metavar="ISO8601",
        help=(
            "the current time, for policy exceptions that expire, e.g. "
            "2026-01-31T12:00:00Z"
        ),
    )
    parser.add_argument(
        "command",
        nargs=argparse.REMAINDER,
        metavar="CMD",
        help=(
            "the command; several words are joined with spaces into one "
            "command line; '-' or nothing reads it from stdin"
        ),
    )
    return parser


def parse_now(parser: argparse.ArgumentParser, text: str) -> dt.datetime:
    """
    The aware `datetime` of ``--now`` *text*; a usage error otherwise.
    """
    import datetime as dt
    import inspect

    from blastradius._score import score

    if "now" not in inspect.signature(score).parameters:
        parser.error(
            "--now is not supported by this build: score() takes no 'now'"
        )
    iso = text.strip()
    if iso[-1:] in {"Z", "z"}:
        iso = iso[:-1] + "+00:00"
    try:
        when = dt.datetime.fromisoformat(iso)
    except ValueError:
        parser.error(
            f"--now: not an ISO 8601 date and time: {text!r} "
            "(e.g. 2026-01-31T12:00:00Z)"
        )
    if when.tzinfo is None:
        parser.error(
            f"--now: {text!r} has no UTC offset "
            "(e.g. 2026-01-31T12:00:00Z or +01:00)"
        )
    return when


def format_assessment(assessment: Assessment) -> str:
    """
    The text report: score, tier, one reason per line, escaped.
    """
    lines = [
        f"score: {assessment.score}",
        f"tier: {assessment.tier.value}",
    ]
    if assessment.reasons:
        lines.append("reasons:")
        lines.extend(f"  - {visible(r)}" for r in assessment.reasons)
    else:
        lines.append("reasons: none")
    return "\n".join(lines) + "\n"


def _line_sources(words: list[str]) -> list[tuple[str, str]]:
    """
    (name, text) of each ``--lines`` source: stdin for none or ``-``.

    Raises:
        OSError: A file cannot be read.
    """
    out: list[tuple[str, str]] = []
    for name in words or ["-"]:
        if name == "-":
            out.append(("-", read_stdin()))
        else:
            with open(name, "rb") as f:  # noqa: PTH123 - no pathlib import
                data = f.read()
            out.append((name, data.decode("utf-8", "surrogateescape")))
    return out


def _score_lines(
    ns: argparse.Namespace, words: list[str], kwargs: dict[str, object]
) -> int:
    import json

    from blastradius._score import score

    try:
        sources = _line_sources(words)
    except OSError as e:
        return fail(EXIT_USAGE, "usage", f"--lines: {e}", as_json=True)
    version = package_version()
    worst = EXIT_AUTO
    for name, text in sources:
        for number, raw in enumerate(text.split("\n"), start=1):
            line = raw.removesuffix("\r")
            if not line.strip():
                continue
            assessment = score(line, **kwargs)  # type: ignore[arg-type]
            record = {
                "package": DIST,
                "version": version,
                "schema": LINES_SCHEMA,
                "source": name,
                "line": number,
                "command": line,
                "assessment": assessment.to_dict(),
            }
            write(sys.stdout, json.dumps(record) + "\n")
            worst = max(worst, TIER_EXIT[assessment.tier.value])
    return EXIT_AUTO if ns.exit_zero else worst


def _report(assessment: Assessment, *, as_json: bool, exit_zero: bool) -> int:
    """
    Print *assessment* (text, or JSON) and return its exit status.
    """
    if as_json:
        import json

        write(sys.stdout, json.dumps(assessment.to_dict(), indent=2) + "\n")
    else:
        write(sys.stdout, format_assessment(assessment))
    return EXIT_AUTO if exit_zero else TIER_EXIT[assessment.tier.value]


def _plain(words: list[str], *, implicit: bool) -> int:
    """
    Score *words*, whose first does not start with ``-``: what the parser
    reads as the command and nothing else (its ``CMD`` takes every word
    from the first that is not an option), so no parser is built.
    """
    if implicit:
        from blastradius._cli import misspelt

        problem = misspelt(words[0])
        if problem is not None:
            _parser("blastradius").error(problem)
    from blastradius._score import score

    return _report(score(" ".join(words)), as_json=False, exit_zero=False)


def run(argv: list[str], *, implicit: bool = False) -> int:
    """
    ``blastradius score`` with *argv* (what follows ``score``); when
    *implicit* (no ``score`` word), a first command word that is, or is one
    typo away from, a subcommand is a usage error.
    """
    if argv and not argv[0].startswith("-"):
        return _plain(argv, implicit=implicit)
    parser = _parser("blastradius" if implicit else "blastradius score")
    as_json = wants_json(argv, ("--json", "--lines"), _VALUE_OPTIONS)
    parser.json_errors = as_json
    ns = parser.parse_args(argv)
    words: list[str] = list(ns.command)
    if words[:1] == ["--"]:
        words = words[1:]
    elif implicit and words:
        from blastradius._cli import misspelt

        problem = misspelt(words[0])
        if problem is not None:
            parser.error(problem)
    if ns.lines and ns.argv:
        parser.error("--lines and --argv cannot be used together")
    kwargs: dict[str, object] = {}
    if ns.now is not None:
        kwargs["now"] = parse_now(parser, ns.now)
    if ns.policy is not None:
        try:
            kwargs["policy"] = load_policy(ns.policy)
        except PolicyLoadError as e:
            return fail(EXIT_POLICY, "policy", str(e), as_json=as_json)
    if ns.lines:
        return _score_lines(ns, words, kwargs)
    if not words or words == ["-"]:
        if sys.stdin is None or sys.stdin.isatty():
            parser.error("no command given: pass it as arguments or on stdin")
        text = read_stdin()
        cmd: str | list[str] = (
            text.removesuffix("\n").split("\n") if ns.argv else text
        )
    else:
        cmd = words if ns.argv else " ".join(words)
    from blastradius._score import score

    assessment = score(cmd, **kwargs)  # type: ignore[arg-type]
    return _report(assessment, as_json=ns.json, exit_zero=ns.exit_zero)
