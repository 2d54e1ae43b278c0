"""
The ``blastradius`` command line (stdlib `argparse`).

Reading standard input and policy files happens here, outside the pure
core; the core only ever sees strings and `Policy` objects.
"""

from __future__ import annotations

import argparse
import sys

from collections.abc import Sequence
from typing import TYPE_CHECKING, TextIO


if TYPE_CHECKING:
    import datetime as dt

    from blastradius._model import Assessment
    from blastradius._policy import Policy


__all__ = [
    "EXIT_AUTO",
    "EXIT_BLOCKED",
    "EXIT_DUAL",
    "EXIT_HUMAN",
    "EXIT_POLICY",
    "EXIT_USAGE",
    "main",
]

EXIT_AUTO = 0
"""The command is ``AUTO``: a bot may run it; also success of ``policy``."""
EXIT_HUMAN = 10
"""The command is ``HUMAN``: one person must approve it."""
EXIT_DUAL = 20
"""The command is ``DUAL``: two people must approve it."""
EXIT_BLOCKED = 30
"""The command is ``BLOCKED``: a hard rule fired."""
EXIT_USAGE = 2
"""Bad command-line usage (argparse's own status)."""
EXIT_POLICY = 3
"""The policy file is invalid or cannot be read."""

_TIER_EXIT = {
    "auto": EXIT_AUTO,
    "human": EXIT_HUMAN,
    "dual": EXIT_DUAL,
    "blocked": EXIT_BLOCKED,
}

_SUBCOMMANDS = frozenset({"score", "policy"})
_TOP_LEVEL_FLAGS = frozenset({"-h", "--help", "--version"})

_EPILOG = f"""\
commands:
  blastradius [OPTIONS] CMD...         same as "blastradius score"
  blastradius score [OPTIONS] CMD...   score a command ("-" or none: stdin)
  blastradius policy check FILE        validate a TOML policy, print it
  blastradius policy show              print the built-in default policy

exit status:
  {EXIT_AUTO:<3} AUTO (any tier with --exit-zero; success of "policy ...")
  {EXIT_HUMAN:<3} HUMAN: one person must approve
  {EXIT_DUAL:<3} DUAL: two people must approve
  {EXIT_BLOCKED:<3} BLOCKED: a hard rule fired
  {EXIT_USAGE:<3} usage error
  {EXIT_POLICY:<3} invalid or unreadable policy file

A command that starts with "score" or "policy" must be written after
"blastradius score --".
"""


class _PolicyLoadError(Exception):
    """
    A policy file could not be loaded; the message is for the user.
    """


def _add_score_options(parser: argparse.ArgumentParser) -> None:
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


class _Version(argparse.Action):
    """
    ``--version``: read the installed version only when asked.
    """

    def __init__(self, option_strings: Sequence[str], dest: str) -> None:
        super().__init__(
            option_strings,
            dest,
            nargs=0,
            default=argparse.SUPPRESS,
            help="show the version and exit",
        )

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: object,
        option_string: str | None = None,
    ) -> None:
        del namespace, values, option_string
        from importlib.metadata import PackageNotFoundError

        import blastradius

        try:
            version = blastradius.__version__
        except PackageNotFoundError:
            version = "(not installed)"
        _write(sys.stdout, f"{parser.prog} {version}\n")
        parser.exit()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="blastradius",
        description=(
            "Score how dangerous a shell, kubectl or SQL command is before "
            "it runs."
        ),
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action=_Version)
    sub = parser.add_subparsers(dest="subcommand", metavar="COMMAND")
    score = sub.add_parser(
        "score",
        help="score a command (the default)",
        description="Print the score, tier and reasons of a command.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_score_options(score)
    policy = sub.add_parser(
        "policy",
        help="check or show a policy",
        description="Check a TOML policy file or show the default policy.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    actions = policy.add_subparsers(dest="action", metavar="ACTION")
    actions.required = True
    check = actions.add_parser(
        "check",
        help="validate FILE; print the effective policy and its fingerprint",
    )
    check.add_argument("file", metavar="FILE")
    actions.add_parser("show", help="print the built-in default as TOML")
    return parser


def _normalize(argv: Sequence[str]) -> list[str]:
    """
    Insert the implicit ``score`` subcommand.
    """
    args = list(argv)
    if args and (args[0] in _SUBCOMMANDS or args[0] in _TOP_LEVEL_FLAGS):
        return args
    return ["score", *args]


def _write(stream: TextIO, text: str) -> None:
    """
    Write *text*, escaping what the stream's encoding cannot represent
    (lone surrogates, undecodable bytes from the command line).
    """
    encoding = getattr(stream, "encoding", None) or "utf-8"
    stream.write(text.encode(encoding, "backslashreplace").decode(encoding))


def _read_stdin() -> str:
    buffer = getattr(sys.stdin, "buffer", None)
    if buffer is None:
        return sys.stdin.read()
    data: bytes = buffer.read()
    return data.decode("utf-8", "surrogateescape")


def _load_policy(path: str) -> Policy:
    """
    Load the policy in *path* through the policy helper.

    Raises:
        _PolicyLoadError: The file is unreadable or invalid.
    """
    from blastradius.exceptions import PolicyError

    try:
        from blastradius._policy_io import (  # type: ignore[import-not-found,unused-ignore]
            load_policy,
        )
    except ImportError as e:
        msg = f"policy files are not supported by this build ({e})"
        raise _PolicyLoadError(msg) from None
    try:
        policy: Policy = load_policy(path)
    except PolicyError as e:
        msg = f"{path}: invalid policy: {e}"
        raise _PolicyLoadError(msg) from None
    except (OSError, UnicodeDecodeError) as e:
        msg = f"{path}: cannot read policy: {e}"
        raise _PolicyLoadError(msg) from None
    return policy


def _parse_now(parser: argparse.ArgumentParser, text: str) -> dt.datetime:
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


def _format(assessment: Assessment) -> str:
    lines = [
        f"score: {assessment.score}",
        f"tier: {assessment.tier.value}",
    ]
    if assessment.reasons:
        lines.append("reasons:")
        lines.extend(f"  - {r}" for r in assessment.reasons)
    else:
        lines.append("reasons: none")
    return "\n".join(lines) + "\n"


def _score(parser: argparse.ArgumentParser, ns: argparse.Namespace) -> int:
    from blastradius._score import score

    words: list[str] = list(ns.command)
    if words[:1] == ["--"]:
        words = words[1:]
    kwargs: dict[str, object] = {}
    if ns.now is not None:
        kwargs["now"] = _parse_now(parser, ns.now)
    if ns.policy is not None:
        try:
            kwargs["policy"] = _load_policy(ns.policy)
        except _PolicyLoadError as e:
            _write(sys.stderr, f"blastradius: {e}\n")
            return EXIT_POLICY
    if not words or words == ["-"]:
        if sys.stdin is None or sys.stdin.isatty():
            parser.error("no command given: pass it as arguments or on stdin")
        text = _read_stdin()
        cmd: str | list[str] = (
            text.removesuffix("\n").split("\n") if ns.argv else text
        )
    else:
        cmd = words if ns.argv else " ".join(words)
    assessment = score(cmd, **kwargs)  # type: ignore[arg-type]
    if ns.json:
        import json

        _write(sys.stdout, json.dumps(assessment.to_dict(), indent=2) + "\n")
    else:
        _write(sys.stdout, _format(assessment))
    if ns.exit_zero:
        return EXIT_AUTO
    return _TIER_EXIT[assessment.tier.value]


def _policy_text(policy: Policy) -> str:
    toml: str = policy.to_toml()  # type: ignore[attr-defined,unused-ignore]
    if not toml.endswith("\n"):
        toml += "\n"
    return f"# fingerprint: {policy.fingerprint}\n{toml}"


def _policy(parser: argparse.ArgumentParser, ns: argparse.Namespace) -> int:
    from blastradius._policy import Policy

    if not hasattr(Policy, "to_toml"):
        parser.error("policy: not supported by this build (no to_toml())")
    if ns.action == "show":
        _write(sys.stdout, _policy_text(Policy()))
        return EXIT_AUTO
    try:
        policy = _load_policy(ns.file)
    except _PolicyLoadError as e:
        _write(sys.stderr, f"blastradius: {e}\n")
        return EXIT_POLICY
    _write(sys.stdout, _policy_text(policy))
    return EXIT_AUTO


def main(argv: Sequence[str] | None = None) -> int:
    """
    Run the command line with *argv* (``sys.argv[1:]`` when `None`).

    Returns:
        The exit status: per tier for scoring (0, 10, 20, 30), 0 for a
        valid policy, 2 for usage errors, 3 for a bad policy file.
    """
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["hook"]:
        if args[1:2] in (["install"], ["uninstall"]):
            from blastradius._cli import _install

            return _install.run(args[1:])
        from blastradius._cli import _hook

        return _hook.run(args[1:])
    if args[:1] == ["doctor"]:
        from blastradius._cli import _doctor

        return _doctor.run(args[1:])
    parser = _parser()
    ns = parser.parse_args(_normalize(args))
    if ns.subcommand == "policy":
        return _policy(parser, ns)
    return _score(parser, ns)
