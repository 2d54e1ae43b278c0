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

from blastradius._model import SimpleCommand
from blastradius._shell._dialect import differ
from blastradius._shell._tokens import KEYWORDS, TOKENS
from blastradius._shell._unwrap import Env, unwrap
from blastradius._shell._wrappers import WRAPPERS_BY_NAME, fold, passes


__all__ = ["MAX_STAGES", "one_command", "reduced", "stages_of"]


# One character or one quoted string per step: no two ways to match the
# same text, so no backtracking blow-up.
_WORD = r"""(?:[^ \t\n'"\\$`;&|()<>]|'[^']*'|"[^"\\$`]*")+"""
_PLAIN_WORD = r"[A-Za-z0-9_./:,@%+=\-]+"
_PLAIN_WORDS = rf"[ \t]*{_PLAIN_WORD}(?:[ \t]+{_PLAIN_WORD})*[ \t]*"


MAX_STAGES = 16
"""Longer pipelines go to the full reader (which collapses plain ones)."""

Words = tuple[list[str], list[bool]]


def stages_of(text: str) -> list[Words] | None:
    """
    The stages of *text*, (words, dynamic flags) each, when it is one
    pipeline of at most `MAX_STAGES` commands of plain and simply quoted
    words (``'…'``, ``"…"`` without expansions or escapes); `None` for
    anything else, or when a stage starts with a keyword or an assignment,
    a word starts a comment, or the text holds a construct bash and
    ``sh`` read differently (inside quotes: a script for ``bash -c``).

    >>> stages_of("kubectl get pods -l 'app=web' | grep x*")
    [(['kubectl', 'get', 'pods', '-l', 'app=web'], \
[False, False, False, False, False]), (['grep', 'x*'], [False, True])]
    """
    if TOKENS.fast_plain.fullmatch(text):
        plain = text.split()
        if not plain or "=" in plain[0] or plain[0] in KEYWORDS:
            return None
        return [(plain, [False] * len(plain))]
    if (
        text.count("|") >= MAX_STAGES
        # with no quote at all, one character no plain word holds is
        # enough to tell (a search in C, not the pipeline's match)
        or (
            "'" not in text
            and '"' not in text
            and TOKENS.fast_reject.search(text) is not None
        )
        or TOKENS.fast_pipeline.fullmatch(text) is None
        # a quoted script bash and sh read differently: the full reader's
        or differ(text)
    ):
        return None
    globs = TOKENS.fast_glob_chars.search(text) is not None
    stages: list[Words] = []
    words: list[str] = []
    dyn: list[bool] = []
    for piece in TOKENS.fast_word.findall(text):
        if piece == "|":
            stages.append((words, dyn))
            words, dyn = [], []
        elif piece[0] == "#" or (
            not words and ("=" in piece or piece in KEYWORDS)
        ):
            return None
        elif globs or "'" in piece or '"' in piece:
            _add(words, dyn, piece, globs=globs)
        else:  # a plain word
            words.append(piece)
            dyn.append(False)
    stages.append((words, dyn))
    return stages


def one_command(
    stage: Words, via: tuple[str, ...]
) -> tuple[SimpleCommand, ...] | None:
    """
    The simple commands of one *stage* (from `stages_of`) whose wrappers
    (if any) run no script: the command and what it wraps; `None` when
    the walker must read it (a script, a dynamic program).

    >>> [c.argv for c in one_command(*stages_of("sudo ls -l"), ())]
    [('ls', '-l')]
    >>> one_command(*stages_of("sh -c ls"), ()) is None
    True
    """
    words, dyn = stage
    if dyn[0]:
        return None
    row = WRAPPERS_BY_NAME.get(fold(words[0]))
    if row is None or passes(row, words):
        return (SimpleCommand(argv=words, dynamic=dyn, via=via),)
    found = unwrap(words, dyn, Env(via=via))
    commands = [f for f in found.found if isinstance(f, SimpleCommand)]
    if found.errors or len(commands) < len(found.found):
        return None  # a script to read: the walker's work
    return tuple(dict.fromkeys(commands))


def _add(
    words: list[str], dyn: list[bool], token: str, *, globs: bool
) -> None:
    """
    Add the word(s) of *token* after quote removal: an unquoted glob is
    dynamic, ``a{b,c}d`` brace-expands.
    """
    if "'" not in token and '"' not in token:
        if not globs or (token[0] != "~" and not TOKENS.globby.search(token)):
            words.append(token)
            dyn.append(False)
            return
        if "{" in token:
            m = TOKENS.brace_word.fullmatch(token)
            if m is not None:
                pre, items, post = m.groups()
                for item in items.split(","):
                    each = pre + item + post
                    words.append(each)
                    dyn.append(TOKENS.globby.search(each) is not None)
                return
        words.append(token)
        dyn.append(True)
        return
    words.append(TOKENS.fast_quoted.sub(r"\1\2", token))
    dyn.append(
        globs
        and (
            token[0] == "~"
            or any(
                map(
                    TOKENS.globby.search, TOKENS.fast_quoted_piece.split(token)
                )
            )
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
    if "base64" in text or not TOKENS.plain_script.fullmatch(text):
        return None
    seen: dict[str, None] = {}
    # each distinct spelling once (in C), then each distinct pipeline once
    for part in dict.fromkeys(TOKENS.plain_split.split(text)):
        if not part or part.isspace():
            continue
        if not TOKENS.plain_pipeline.fullmatch(part):
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
