"""
The checks every part of a policy shares: rule ids, globs, texts, program
names and scores, each raising `blastradius.PolicyError` with the key's
path; and how a table of weight rows splits into the policy's own rows and
the built-in ones that follow them.

A leaf of the policy modules: the records (`blastradius._policy`,
`blastradius._policy_rows`) and the TOML codec (`blastradius._policy_schema`)
import it; it imports neither.
"""

from __future__ import annotations

import re

from typing import TYPE_CHECKING, Final, TypeVar

from blastradius._model import fold_program
from blastradius.exceptions import PolicyError


if TYPE_CHECKING:
    from blastradius._glob import Glob


__all__ = [
    "MAX_TEXT",
    "check_program",
    "check_rule_id",
    "check_score",
    "check_text",
    "compile_glob",
    "optional_glob",
    "split_builtin",
]

_T = TypeVar("_T")

# What a rule id and a rule-id glob may contain, as the characters that
# str.strip removes: a value made only of them strips to "".
_ID_START: Final = "abcdefghijklmnopqrstuvwxyz0123456789"
_ID_CHARS: Final = _ID_START + "_.-"
_RULE_GLOB_CHARS: Final = _ID_CHARS + "*?[]!"
_PROGRAM: Final = r"[^\s/\\\x00-\x1f\x7f]+\Z"

MAX_TEXT: Final = 1000
"""The longest reason a policy row may give, in characters."""


def check_rule_id(value: object, path: str) -> None:
    """
    Refuse *value* unless it is a rule id: lower-case ASCII letters and
    digits, then also ``.``, ``_`` and ``-``.

    >>> check_rule_id("policy.no-prod-deletes", "id")
    >>> check_rule_id("Policy", "id")
    Traceback (most recent call last):
    ...
    blastradius.exceptions.PolicyError: id: 'Policy' is not a rule id ...
    """
    if (
        not isinstance(value, str)
        or not value
        or value[0] not in _ID_START
        or value.strip(_ID_CHARS)
    ):
        msg = (
            f"{value!r} is not a rule id (lower-case letters, digits, "
            "'.', '_' and '-', e.g. 'policy.no-prod-deletes')"
        )
        raise PolicyError(msg, path=path)


def compile_glob(value: object, path: str, *, rule: bool = False) -> Glob:
    """
    *value* as a `Glob`; with *rule*, a pattern over rule ids (lower case).

    >>> compile_glob("kubectl.delete.*", "rule", rule=True).matches(
    ...     "kubectl.delete.namespace")
    True
    """
    if not isinstance(value, str):
        msg = f"expected a glob pattern (a string), got {value!r}"
        raise PolicyError(msg, path=path)
    if rule and (not value or value.strip(_RULE_GLOB_CHARS)):
        msg = (
            f"{value!r} is not a rule id pattern: rule ids are lower case, "
            "e.g. 'kubectl.delete.*'"
        )
        raise PolicyError(msg, path=path)
    from blastradius._glob import Glob, GlobError

    try:
        return Glob(value)
    except GlobError as e:
        raise PolicyError(str(e), path=path) from None


def optional_glob(
    value: str | None, path: str, *, rule: bool = False
) -> Glob | None:
    """
    `compile_glob` of *value*, or `None` when it is not given.
    """
    return None if value is None else compile_glob(value, path, rule=rule)


def check_text(value: object, path: str) -> None:
    """
    Refuse *value* unless it is a non-blank text of at most `MAX_TEXT`
    characters.
    """
    if not isinstance(value, str) or not value.strip():
        msg = "a non-empty text is required"
        raise PolicyError(msg, path=path)
    if len(value) > MAX_TEXT:
        msg = f"at most {MAX_TEXT} characters"
        raise PolicyError(msg, path=path)


def check_program(value: object, path: str) -> None:
    """
    Refuse *value* unless it is a program name as the scorer matches it:
    folded (lower case, no directory, no ``.exe``).

    >>> check_program("kubectl", "aliases.k")
    """
    if not isinstance(value, str) or not re.match(_PROGRAM, value):
        msg = f"{value!r} is not a program name"
        raise PolicyError(msg, path=path)
    folded = fold_program(value)
    if value != folded:
        msg = (
            f"{value!r}: program names are matched folded (lower case, no "
            f"directory, no '.exe'); write {folded!r}"
        )
        raise PolicyError(msg, path=path)


def check_score(value: object, path: str) -> None:
    """
    Refuse *value* unless it is an integer score from 0 to 99 (100 is a
    hard rule's, never a setting's).
    """
    if (
        not isinstance(value, int)
        or isinstance(value, bool)
        or not 0 <= value <= 99
    ):
        msg = f"a score must be an integer from 0 to 99, not {value!r}"
        raise PolicyError(msg, path=path)


def split_builtin(
    rows: tuple[_T, ...], builtin: tuple[_T, ...]
) -> tuple[tuple[_T, ...], bool]:
    """
    Split *rows* into the policy's own rows and whether the *builtin* table
    follows them.

    >>> split_builtin(("a", "x", "y"), ("x", "y"))
    (('a',), True)
    """
    n = len(builtin)
    if len(rows) >= n and rows[len(rows) - n :] == builtin:
        return rows[: len(rows) - n], True
    return rows, False
