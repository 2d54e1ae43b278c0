"""
The shell layer's function labels, and where its reader of one text is.

`Parser` (`blastradius._shell._expand.Expander`, imported on first use)
reads one text: `blastradius._shell._grammar` turns it into a
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
from importlib import import_module
from typing import Any


__all__ = ["SAME_SHELL", "enclosing_functions", "function_label"]
# (`Parser`, `Shared`, `MAX_COMMANDS`, `MAX_DEPTH`, `TooDeep` and `TooMany`
# are still served here, from the modules that define them, on first use)


# Imported when first asked for: the analyzers read the labels only, and a
# plain command never loads the reader.
_LAZY = {
    "MAX_COMMANDS": ("blastradius._shell._state", "MAX_COMMANDS"),
    "MAX_DEPTH": ("blastradius._shell._syntax", "MAX_DEPTH"),
    "Parser": ("blastradius._shell._expand", "Expander"),
    "Shared": ("blastradius._shell._state", "Shared"),
    "TooDeep": ("blastradius._shell._syntax", "TooDeep"),
    "TooMany": ("blastradius._shell._state", "TooMany"),
}

_FUNCTION_SUFFIX = "()"


def __getattr__(name: str) -> Any:
    try:
        module, attr = _LAZY[name]
    except KeyError:
        msg = f"module {__name__!r} has no attribute {name!r}"
        raise AttributeError(msg) from None
    return getattr(import_module(module), attr)


def function_label(name: str) -> str:
    """
    The ``via`` label of the commands in the body of shell function *name*
    (``name () { …; }``, ``function name { …; }``).

    >>> function_label("bomb")
    'bomb()'
    """
    return name + _FUNCTION_SUFFIX


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
        if label.endswith(_FUNCTION_SUFFIX) and len(label) > 2:
            names.append(label[:-2])
        elif label not in SAME_SHELL:
            break
    return names
