"""
The shell layer's reader of one text: the grammar, then the expansion.

`Parser` reads one text: `blastradius._shell._grammar` turns it into a
syntax tree (`blastradius._shell._syntax`), and
`blastradius._shell._expand` walks that tree with the known values
(`blastradius._shell._state`), handing each pipeline to the walker
(`blastradius._shell._walk`) that turns it into simple commands. Linear
in the length of the text; nesting (``$( … )``, backticks, subshells,
``case`` arms, re-read ``bash -c`` strings) is bounded by `MAX_DEPTH`,
past which a flat scan of the text takes over.

The commands of a shell function's ``{ … }`` or ``( … )`` body end their
``via`` with the function's label, ``name()`` (`function_label`), so that
an analyzer can tell a call of the function from inside its own body
(`enclosing_functions`): ``bomb(){ bomb|bomb& }`` is the fork bomb.
"""

from __future__ import annotations

from collections.abc import Sequence

from blastradius._shell._expand import Expander as Parser
from blastradius._shell._expand import function_label
from blastradius._shell._state import MAX_COMMANDS, Shared, TooMany
from blastradius._shell._syntax import MAX_DEPTH, TooDeep


__all__ = [
    "MAX_COMMANDS",
    "MAX_DEPTH",
    "SAME_SHELL",
    "Parser",
    "Shared",
    "TooDeep",
    "TooMany",
    "enclosing_functions",
    "function_label",
]


SAME_SHELL = frozenset(("$(...)", "`...`", "<(...)", ">(...)", "eval", "time"))
"""
The ``via`` labels of text run by the same shell (a subshell or the shell
itself), where the shell's functions can still be called; every other
label (``bash -c``, ``sudo``, ``nohup``, ``command``, …) runs a new
program, which cannot.
"""


def enclosing_functions(via: Sequence[str]) -> list[str]:
    """
    The shell functions a command with this *via* runs in the body of,
    innermost first: the ones it can call by name (up to the first label
    that starts a new program).

    >>> enclosing_functions(("bash -c", "f()", "$(...)", "g()"))
    ['g', 'f']
    >>> enclosing_functions(("f()", "sudo"))
    []
    """
    names: list[str] = []
    for label in reversed(via):
        if label.endswith("()") and len(label) > 2:
            names.append(label[:-2])
        elif label not in SAME_SHELL:
            break
    return names
