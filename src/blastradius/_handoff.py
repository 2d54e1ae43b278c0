"""
What an analyzer hands the scorer besides its findings: a nested command
to analyse (`Nested`) and a target to weigh (`Target`).

An analyzer never calls back into the engine and never weighs: it returns
these records among its findings, and the scorer acts on them in the order
they come (the model is h11's ``Connection``, which returns ``NEED_DATA``
instead of calling out). They are rare (a ``python -c`` program, a
``trap``, an ``aws --profile``), so this module is imported only where one
is built or met, never on the path of ``score("kubectl get pods")``.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs


__all__ = ["Nested", "Target"]


def _words(value: Iterable[str] | None) -> tuple[str, ...] | None:
    return None if value is None else tuple(value)


def _pairs(value: Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    return tuple(value)


def _text(name: str, value: object) -> None:
    if not isinstance(value, str):
        msg = f"{name} must be a str, not {type(value).__name__}"
        raise TypeError(msg)


@attrs.frozen(kw_only=True)
class Nested:
    """
    A command the analysed command runs: shell text (*script*) or an argv
    run without a shell (*argv*), for the scorer to analyse as part of the
    assessment, exactly one of the two.

    Attributes:
        via: How the outer command runs it (``"trap"``, ``"python -c"``):
            appended to the nested commands' ``via``.
        script: Shell text, read as bash reads it.
        argv: Words run without a shell.
        dynamic: Only with *argv*: every word is only known at run time.

    >>> Nested(script="rm -rf /tmp/x", via="trap").script
    'rm -rf /tmp/x'
    >>> Nested(argv=["ls", "-l"], via="ip netns exec").argv
    ('ls', '-l')
    """

    via: str
    script: str | None = None
    argv: tuple[str, ...] | None = attrs.field(default=None, converter=_words)
    dynamic: bool = False

    def __attrs_post_init__(self) -> None:
        _text("via", self.via)
        if (self.script is None) == (self.argv is None):
            msg = "a Nested command has exactly one of script and argv"
            raise ValueError(msg)
        if self.script is not None:
            _text("script", self.script)
            if self.dynamic:
                msg = "dynamic applies to an argv, not to a script"
                raise ValueError(msg)
        else:
            for word in self.argv or ():
                _text("every word of argv", word)
        if not isinstance(self.dynamic, bool):
            msg = f"dynamic must be a bool, not {type(self.dynamic).__name__}"
            raise TypeError(msg)


@attrs.frozen(kw_only=True)
class Target:
    """
    Where a change lands, named by an option (``aws --profile prod``,
    ``gcloud --project shop-prod``), for the scorer to weigh against the
    policy's kube-context patterns: the best match above weight 1 adds the
    modifier ``<family>.target.<label>``, +10 per unit of weight above 1.

    Attributes:
        family: The rule-id prefix of the command's family.
        program: The program (folded name).
        options: The ``(option, value)`` pairs naming a target, in order;
            not empty.

    >>> Target(family="aws", program="aws", options=[("--profile", "prod")])
    Target(family='aws', program='aws', options=(('--profile', 'prod'),))
    """

    family: str
    program: str
    options: tuple[tuple[str, str], ...] = attrs.field(converter=_pairs)

    def __attrs_post_init__(self) -> None:
        _text("family", self.family)
        _text("program", self.program)
        if not self.options:
            msg = "a Target names at least one option"
            raise ValueError(msg)
        for pair in self.options:
            item: object = pair
            if not (
                isinstance(item, tuple)
                and len(item) == 2
                and isinstance(item[0], str)
                and isinstance(item[1], str)
            ):
                msg = f"options are (option, value) pairs of str, not {pair!r}"
                raise TypeError(msg)
