"""
The shell layer's one fast path, taken at the entry (`parse`).

Most commands an operator runs are one simple command of plain words and
simply quoted strings (``kubectl get pods -l 'app=web'``): no expansion,
no escape, no operator, no keyword. For those the words after quote
removal are read in one regex pass and unwrapped; unless a wrapper runs a
script, what unwrapping found is the whole result. Everything else goes
to the full reader (`blastradius._shell._api.read`).

Its contract is an equality: for every text it accepts, the result is
the full reader's (a Hypothesis property checks it, in the ``ci`` profile
too). It never decides anything the full reader would decide otherwise:
a text it is unsure of (a keyword, an assignment, a comment, a wrapper
that runs a script) it declines.
"""

from __future__ import annotations

import re

from blastradius._model import SimpleCommand
from blastradius._shell._wrappers import (
    WRAPPERS_BY_NAME,
    Env,
    _fold,
    passes,
    unwrap,
)


__all__ = ["KEYWORDS", "one_command", "reduced"]

# Words that are syntax, not commands, when they start a command.
KEYWORDS = frozenset(
    (
        "if",
        "then",
        "elif",
        "else",
        "fi",
        "do",
        "done",
        "while",
        "until",
        "{",
        "}",
        "!",
        "esac",
        "coproc",
        "for",
        "select",
        "case",
        "function",
        "[[",
    )
)
"""Reserved words (and ``[[``) that start a compound command."""

# Plain words only: split on blanks, nothing else to do.
_PLAIN = re.compile(r"[A-Za-z0-9_./:,@%+=\- \t]*")
# One character or one quoted string per step: no two ways to match the
# same text, so no backtracking blow-up.
_WORD = r"""(?:[^ \t\n'"\\$`;&|()<>]|'[^']*'|"[^"\\$`]*")+"""
_COMMAND = re.compile(rf"[ \t]*{_WORD}(?:[ \t]+{_WORD})*[ \t]*")
_TOKEN = re.compile(_WORD)
_QUOTED = re.compile("'([^']*)'|\"([^\"]*)\"")
_QUOTED_PIECE = re.compile("'[^']*'|\"[^\"]*\"")
_GLOB_CHARS = re.compile(r"[*?\[{~]")
_GLOBBY = re.compile(r"[*?]|\[[^\]]*\]|\{[^{}]*(?:,|\.\.)[^{}]*\}")
_BRACE_WORD = re.compile(r"([^{},]*)\{([^{}]*,[^{}]*)\}([^{}]*)")
# A script of plain words, blanks, ``;``, newlines and ``|`` only.
_PLAIN_SCRIPT = re.compile(r"[A-Za-z0-9_./:,@%+=\- \t\n;|]*")
_PLAIN_SPLIT = re.compile(r"[;\n]+")
_PLAIN_WORD = r"[A-Za-z0-9_./:,@%+=\-]+"
_PLAIN_WORDS = rf"[ \t]*{_PLAIN_WORD}(?:[ \t]+{_PLAIN_WORD})*[ \t]*"
_PLAIN_PIPELINE = re.compile(rf"{_PLAIN_WORDS}(?:\|{_PLAIN_WORDS})*")


def one_command(
    text: str, via: tuple[str, ...]
) -> tuple[SimpleCommand, ...] | None:
    """
    The simple commands of *text* when it is one command of plain and
    simply quoted words whose wrappers (if any) run no script: the command
    and what it wraps; `None` for any other text (also blank text).

    >>> [c.argv for c in one_command("sudo kubectl get pods -l 'a=b'", ())]
    [('kubectl', 'get', 'pods', '-l', 'a=b')]
    >>> one_command("ls | sh", ()) is None
    True
    """
    if _PLAIN.fullmatch(text):
        words = text.split()
        dyn = [False] * len(words)
    elif _COMMAND.fullmatch(text):
        words, dyn = [], []
        globs = _GLOB_CHARS.search(text) is not None
        for token in _TOKEN.findall(text):
            if token[0] == "#":
                return None
            _add(words, dyn, token, globs=globs)
    else:
        return None
    if not words or "=" in words[0] or words[0] in KEYWORDS or dyn[0]:
        return None
    row = WRAPPERS_BY_NAME.get(_fold(words[0]))
    if row is None or passes(row, words):
        return (SimpleCommand(argv=words, dynamic=dyn, via=via),)
    found = unwrap(words, dyn, Env(via=via))
    commands = [f for f in found.found if isinstance(f, SimpleCommand)]
    if found.errors or len(commands) < len(found.found):
        return None  # a script to read: the full reader's work
    return tuple(dict.fromkeys(commands))


def _add(
    words: list[str], dyn: list[bool], token: str, *, globs: bool
) -> None:
    """
    Add the word(s) of *token* after quote removal: an unquoted glob is
    dynamic, ``a{b,c}d`` brace-expands.
    """
    if "'" not in token and '"' not in token:
        if not globs or (token[0] != "~" and not _GLOBBY.search(token)):
            words.append(token)
            dyn.append(False)
            return
        if "{" in token:
            m = _BRACE_WORD.fullmatch(token)
            if m is not None:
                pre, items, post = m.groups()
                for item in items.split(","):
                    each = pre + item + post
                    words.append(each)
                    dyn.append(_GLOBBY.search(each) is not None)
                return
        words.append(token)
        dyn.append(True)
        return
    words.append(_QUOTED.sub(r"\1\2", token))
    dyn.append(
        globs
        and (
            token[0] == "~"
            or any(map(_GLOBBY.search, _QUOTED_PIECE.split(token)))
        )
    )


def reduced(text: str) -> str | None:
    r"""
    A shorter text the full reader reads to the same result, for a script
    of plain pipelines (words, blanks, ``;``, newlines, ``|``): each
    distinct pipeline once, and a stage repeated more than twice in a row
    kept twice (it sees what its second copy sees). `None` for any other
    text, or when a command starts with a keyword or an assignment, or
    ``base64`` may decode its own output.

    >>> reduced("ls; ls\nls | cat | cat | cat")
    'ls\nls | cat | cat'
    """
    if "base64" in text or not _PLAIN_SCRIPT.fullmatch(text):
        return None
    seen: dict[str, None] = {}
    for part in _PLAIN_SPLIT.split(text):
        if not part or part.isspace():
            continue
        if not _PLAIN_PIPELINE.fullmatch(part):
            return None
        kept: list[str] = []
        for stage in part.split("|"):
            words = stage.split()
            if words[0] in KEYWORDS or "=" in words[0]:
                return None
            joined = " ".join(words)
            if len(kept) >= 2 and kept[-1] == joined == kept[-2]:
                continue
            kept.append(joined)
        seen[" | ".join(kept)] = None
    return "\n".join(seen)
