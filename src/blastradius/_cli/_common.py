"""
What every subcommand of the front end shares: exit statuses, safe output
(control characters escaped, unencodable text replaced), errors as text or
JSON, reading stdin and policy files, the package version.

Importing this module imports nothing of the engine, nor `argparse` or
`json`: the plain ``blastradius CMD...`` path needs neither (`Parser` lives
in `blastradius._cli._parser`; the name here is served lazily).
"""

from __future__ import annotations

import sys
import unicodedata

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TextIO


if TYPE_CHECKING:
    from blastradius._cli._parser import Parser
    from blastradius._policy import Policy


__all__ = [
    "DIST",
    "EXIT_AUTO",
    "EXIT_BLOCKED",
    "EXIT_DUAL",
    "EXIT_FOUND",
    "EXIT_HUMAN",
    "EXIT_PIPE",
    "EXIT_POLICY",
    "EXIT_USAGE",
    "Parser",
    "PolicyLoadError",
    "fail",
    "load_policy",
    "package_version",
    "read_stdin",
    "visible",
    "wants_json",
    "write",
]

DIST = "blastradius-policy"
"""The distribution name, for ``--version`` and JSON envelopes."""

EXIT_AUTO = 0
"""The command is ``AUTO``: a bot may run it; also success of the others."""
EXIT_FOUND = 1
"""``scan --fail-on TIER`` found a command at or above *TIER*."""
EXIT_USAGE = 2
"""Bad command-line usage (argparse's own status)."""
EXIT_POLICY = 3
"""The policy file is invalid or cannot be read."""
EXIT_HUMAN = 10
"""The command is ``HUMAN``: one person must approve it."""
EXIT_DUAL = 20
"""The command is ``DUAL``: two people must approve it."""
EXIT_BLOCKED = 30
"""The command is ``BLOCKED``: a hard rule fired."""
EXIT_PIPE = 141
"""Standard output was closed early (``| head``): 128 + ``SIGPIPE``."""

# Unicode categories never shown raw: controls, format characters (bidi
# overrides, zero-width joiners), surrogates, private use, unassigned,
# line and paragraph separators.
_HIDDEN = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
_SHORT = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(ch: str) -> str:
    short = _SHORT.get(ch)
    if short is not None:
        return short
    code = ord(ch)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def visible(text: str, *, keep: str = "") -> str:
    """
    *text* with every control, format, surrogate, private-use, unassigned
    and separator character written as a visible escape (``\\x1b``,
    ``\\u202e``); characters in *keep* are left alone.

    >>> visible("rm -rf /\\x1b[2J\\u202e")
    'rm -rf /\\\\x1b[2J\\\\u202e'
    >>> visible("a\\nb"), visible("a\\nb", keep="\\n")
    ('a\\\\nb', 'a\\nb')
    """
    if text.isprintable() and not keep:
        return text
    return "".join(
        ch
        if ch in keep or unicodedata.category(ch) not in _HIDDEN
        else _escape(ch)
        for ch in text
    )


def write(stream: TextIO, text: str) -> None:
    """
    Write *text*: control characters other than newlines are escaped (a
    last line of defence; fields are escaped by their formatters), and
    what the stream's encoding cannot represent (lone surrogates) is
    written as ``\\udcff``.
    """
    encoding = getattr(stream, "encoding", None) or "utf-8"
    safe = visible(text, keep="\n")
    stream.write(safe.encode(encoding, "backslashreplace").decode(encoding))


def fail(code: int, kind: str, message: str, *, as_json: bool) -> int:
    """
    Report an error on stderr, as a line of text or (*as_json*) a JSON
    object ``{"error": {"kind", "message", "exit"}}``; return *code*.
    """
    if as_json:
        import json

        payload = {"error": {"kind": kind, "message": message, "exit": code}}
        write(sys.stderr, json.dumps(payload) + "\n")
    else:
        write(sys.stderr, f"blastradius: {visible(message)}\n")
    return code


def __getattr__(name: str) -> Any:
    # ``from blastradius._cli._common import Parser``, as before the parser
    # moved out (argparse is imported only by the subcommands using it)
    if name == "Parser":
        from blastradius._cli._parser import Parser

        return Parser
    msg = f"module {__name__!r} has no attribute {name!r}"
    raise AttributeError(msg)


def wants_json(
    argv: Sequence[str],
    flags: Sequence[str] = ("--json",),
    values: Sequence[str] = (),
) -> bool:
    """
    Whether the leading options of *argv* (up to ``--`` or the first
    word that is not an option or an option's value) ask for JSON: one of
    *flags*, or ``--format json``; *values* are options taking a value.

    >>> wants_json(["--policy", "p", "--json", "ls"], values=["--policy"])
    True
    >>> wants_json(["ls", "--json"])
    False
    """
    i = 0
    while i < len(argv):
        word = argv[i]
        if word in flags or word in {"--format=json", "-fjson"}:
            return True
        if word in {"--format", "-f"}:
            return argv[i + 1 : i + 2] == ["json"]
        if word == "--" or not word.startswith("-") or word == "-":
            return False
        i += 2 if word in values else 1
    return False


def read_stdin() -> str:
    """
    All of stdin; bytes that are not UTF-8 become surrogate escapes.
    """
    buffer = getattr(sys.stdin, "buffer", None)
    if buffer is None:
        return sys.stdin.read()
    data: bytes = buffer.read()
    return data.decode("utf-8", "surrogateescape")


def package_version() -> str:
    """
    The installed version, or ``(not installed)`` from a bare source tree.
    """
    import importlib.metadata

    try:
        return importlib.metadata.version(DIST)
    except importlib.metadata.PackageNotFoundError:
        return "(not installed)"


class PolicyLoadError(Exception):
    """
    A policy file could not be loaded; the message is for the user.
    """


def load_policy(path: str) -> Policy:
    """
    Load the policy in *path* through the policy reader.

    Raises:
        PolicyLoadError: The file is unreadable or invalid.
    """
    from blastradius.exceptions import PolicyError

    try:
        from blastradius._policy_io import (  # type: ignore[import-not-found,unused-ignore]
            load_policy as load,
        )
    except ImportError as e:
        msg = f"policy files are not supported by this build ({e})"
        raise PolicyLoadError(msg) from None
    try:
        policy: Policy = load(path)
    except PolicyError as e:
        msg = f"{path}: invalid policy: {e}"
        raise PolicyLoadError(msg) from None
    except (OSError, UnicodeDecodeError) as e:
        msg = f"{path}: cannot read policy: {e}"
        raise PolicyLoadError(msg) from None
    return policy
