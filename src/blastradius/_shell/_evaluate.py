"""
Evaluating what a command writes, when it is known before it runs.

``echo``, ``printf`` with known arguments, ``cat`` of a known standard
input and ``base64 -d`` of known text write text the shell layer can read
on (``echo 'rm -rf /' | sh``). The expansion stage calls `output` for the
stage of a pipeline whose output feeds the next; `ansi_c` decodes the body
of a ``$'…'`` string (and ``echo -e`` / ``printf`` escapes). Pure
functions of their arguments; nothing here reads the shell's state.
"""

from __future__ import annotations

import re

from collections.abc import Sequence
from types import MappingProxyType

from blastradius._model import SimpleCommand
from blastradius._shell._tokens import TOKENS


__all__ = ["ansi_c", "base64_decoded", "output", "printf"]

_SIMPLE_ESCAPES = MappingProxyType(
    {
        "a": "\a",
        "b": "\b",
        "e": "\x1b",
        "E": "\x1b",
        "f": "\f",
        "n": "\n",
        "r": "\r",
        "t": "\t",
        "v": "\v",
        "\\": "\\",
        "'": "'",
        '"': '"',
        "?": "?",
    }
)

_STDOUT_OPS = frozenset((">", ">>", ">|", "&>", "&>>", ">&"))
_PRODUCERS = frozenset(("echo", "printf", "cat", "base64"))
_BASE64_DECODE = frozenset(("-d", "-D", "--decode"))


def _ansi_sub(m: re.Match[str]) -> str:
    s = m.group(1)
    head = s[0]
    if head in "xuU" and len(s) > 1:
        code = int(s[1:], 16)
        return chr(code) if code <= 0x10FFFF else m.group()
    if head in "01234567":
        return chr(int(s, 8) & 0xFF)
    if head == "c" and len(s) == 2:
        return chr(ord(s[1]) & 0x1F)
    return _SIMPLE_ESCAPES.get(head, m.group())


def ansi_c(body: str) -> str:
    r"""
    Decode the body of a ``$'…'`` string as bash does (it ends at a NUL).

    >>> ansi_c(r"\x72\x6d")
    'rm'
    """
    out = TOKENS.ansi.sub(_ansi_sub, body)
    nul = out.find("\0")
    return out if nul < 0 else out[:nul]


def output(
    command: SimpleCommand, program: str, *, shared_stdin: bool = False
) -> str | None:
    """
    What *command* writes to its standard output, when that is known
    (``echo``, ``printf`` with known arguments, ``cat`` of a known stdin,
    ``base64 -d`` of a known stdin) and goes to the pipe. *program* is
    its folded program name.
    """
    if program not in _PRODUCERS:
        return None
    if any(
        (r.op in _STDOUT_OPS and r.fd is None) or r.fd == 1
        for r in command.redirects
    ):
        return None
    if any(command.dynamic):
        return None
    args = command.args
    if program == "echo":
        newline, escapes = True, False
        k = 0
        while k < len(args) and TOKENS.echo_flags.fullmatch(args[k]):
            newline = newline and "n" not in args[k]
            escapes = "e" in args[k] or (escapes and "E" not in args[k])
            k += 1
        out = " ".join(args[k:])
        if escapes:
            out = ansi_c(out)
        return out + "\n" if newline else out
    if program == "printf":
        return printf(args)
    if program == "cat" and all(a == "-" for a in args):
        return command.stdin
    if program == "base64" and command.stdin is not None and not shared_stdin:
        return base64_decoded(args, command.stdin)
    return None


def base64_decoded(args: Sequence[str], text: str) -> str | None:
    r"""
    What ``base64 -d`` (``--decode``, macOS ``-D``) writes for *text*:
    known when the text is valid base64 (newlines aside, as GNU base64
    reads it) of UTF-8 text.

    >>> base64_decoded(["-d"], "cm0gLXJmIC8K\n")
    'rm -rf /\n'
    >>> base64_decoded(["-d"], "cm0g!!") is None
    True
    """
    if not args or not all(a in _BASE64_DECODE or a == "-" for a in args):
        return None
    if not any(a in _BASE64_DECODE for a in args):
        return None
    data = text.replace("\n", "")
    if not data.isascii() or TOKENS.base64_text.fullmatch(data) is None:
        return None
    import binascii  # only here: keeps `import blastradius` small

    try:
        return binascii.a2b_base64(data).decode()
    except (binascii.Error, UnicodeDecodeError):
        return None


def printf(args: Sequence[str]) -> str | None:
    r"""
    What ``printf FORMAT ARG…`` writes, its format reused until the
    arguments run out; `None` for an option (``-v``) or no format.

    >>> printf(["%s\\n", "a", "b"])
    'a\nb\n'
    """
    if args and args[0] == "--":
        args = args[1:]
    if not args or args[0].startswith("-"):
        return None
    fmt = ansi_c(args[0]) if "\\" in args[0] else args[0]
    values = list(args[1:])
    specs = [
        m.group(1) for m in TOKENS.printf_spec.finditer(fmt) if m.group(1)
    ]
    if not specs:
        return fmt.replace("%%", "%")
    out: list[str] = []
    k = 0
    while True:
        pieces: list[str] = []
        last = 0
        for m in TOKENS.printf_spec.finditer(fmt):
            pieces.append(fmt[last : m.start()])
            last = m.end()
            if m.group(1) is None:
                pieces.append("%")
                continue
            value = values[k] if k < len(values) else ""
            k += 1
            pieces.append(ansi_c(value) if m.group(1) == "b" else value)
        pieces.append(fmt[last:])
        out.append("".join(pieces))
        if k >= len(values):
            return "".join(out)
