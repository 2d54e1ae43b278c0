"""
Floors the scorer adds over one command's weighed findings, for what no
single analyzer sees:

- an unknown program asked to ``delete``, ``destroy``, ``drop`` … is at
  least ``DUAL`` (`unknown_program`);
- a destructive command whose scope is "everything it selects" (``--all``,
  ``-A``, a selector) or a ``helm uninstall`` is at least ``DUAL`` unless its
  namespace weighs less than 1 (development, test);
- a delete whose targets only exist at run time (``xargs``, ``$n``) after a
  ``kubectl get`` listing deletes that listing's kind when the listing
  names one literally (``get ns`` → namespaces → the hard rule), and is at
  least ``DUAL`` in any case (`after_weigh`).

The floors are `Kind.UNKNOWN` findings with a score one above the policy's
``HUMAN`` threshold: the scorer keeps an unknown's own score when it is
higher than the floor. The tables are in `blastradius.rules._floors`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

from blastradius._model import (
    Effect,
    Finding,
    Kind,
    SimpleCommand,
    fold_program,
)
from blastradius.rules._floors import (
    DESTRUCTIVE_WORDS,
    EVERYTHING_RULES,
    LISTING_PROGRAMS,
    LOOKAHEAD,
    MESSAGES,
    WORD_PARTS,
)


if TYPE_CHECKING:
    from blastradius._policy import Policy


__all__ = ["after_weigh", "destructive_word", "unknown_program"]

_SPLIT = str.maketrans(dict.fromkeys(WORD_PARTS, " "))
_DESTRUCTIVE = Effect.DESTRUCTIVE
_ACTION = Kind.ACTION
_MODIFIER = Kind.MODIFIER


def destructive_word(argv: Sequence[str]) -> str | None:
    """
    The first of an unknown program's first positional words that is (or
    has a part that is) a destructive subcommand word, else `None`.

    >>> destructive_word(["tool", "--env", "prod", "db:drop"])
    'db:drop'
    >>> destructive_word(["tool", "list"]) is None
    True
    """
    seen = 0
    for word in argv[1:]:
        if word == "--":
            break
        if word.startswith("-"):
            continue
        seen += 1
        if seen > LOOKAHEAD:
            break
        if any(
            part in DESTRUCTIVE_WORDS
            for part in word.lower().translate(_SPLIT).split()
        ):
            return word
    return None


def _floor(policy: Policy) -> int:
    """The lowest ``DUAL`` score of *policy*."""
    return policy.thresholds.human + 1


def unknown_program(
    command: SimpleCommand, program: str, policy: Policy
) -> Finding | None:
    """
    ``shell.destructive-subcommand.unknown`` when the unknown *program* is
    asked to delete something, else `None`.
    """
    word = destructive_word(command.argv)
    if word is None:
        return None
    rule = "shell.destructive-subcommand.unknown"
    return Finding(
        rule=rule,
        program=program,
        words=(command.argv[0], word),
        score=_floor(policy),
        kind=Kind.UNKNOWN,
        message=MESSAGES[rule],
    )


class Engine(Protocol):
    """What the floors ask of the engine."""

    def reanalyze(self, command: SimpleCommand) -> list[Finding]:
        """*command*'s analyzer's findings on a synthesised *command*."""
        ...


def after_weigh(  # noqa: PLR0913, PLR0917 - the engine's state
    command: SimpleCommand,
    findings: Sequence[Finding],
    policy: Policy,
    commands: Sequence[SimpleCommand],
    index: int,
    engine: Engine,
) -> list[Finding]:
    """
    The floor findings to add to *command*'s weighed *findings*;
    ``commands[:index]`` are the commands analysed before it (only the last
    few are read), *engine* analyses the commands the floors synthesise.
    Empty unless some finding is a destructive action.
    """
    worst: Finding | None = None
    everything = False
    for f in findings:
        if f.effect is _DESTRUCTIVE and f.kind is _ACTION:
            if worst is None or f.score > worst.score:
                worst = f
        elif f.kind is _MODIFIER and f.rule in EVERYTHING_RULES:
            everything = True
    if worst is None:
        return []
    everything = everything or worst.rule in EVERYTHING_RULES
    listing = worst.program in LISTING_PROGRAMS and (
        command.unknown_args
        or True in command.dynamic
        or command.stdin_from in LISTING_PROGRAMS
    )
    if not everything and not listing:
        return []
    out: list[Finding] = []
    family = worst.rule.split(".", 1)[0]
    floor = _floor(policy)
    below = worst.score + sum(
        f.score for f in findings if f.kind is Kind.MODIFIER
    ) < floor and not any(
        f.kind is Kind.HARD or (f.kind is Kind.UNKNOWN and f.score >= floor)
        for f in findings
    )
    if (
        below
        and everything
        and (
            policy.namespace_weight(worst.namespace).weight >= 1
            if worst.scoped
            else True
        )
    ):
        out.append(
            _unknown(f"{family}.scope.everything-unknown", worst, policy)
        )
    if listing:
        earlier = commands[max(0, index - _MAX_LOOKBACK) : index]
        out.extend(
            _listing_fed(
                command,
                worst,
                policy,
                earlier,
                engine,
                below=below,
                findings=findings,
            )
        )
    return out


def _unknown(rule: str, worst: Finding, policy: Policy) -> Finding:
    return Finding(
        rule=rule,
        program=worst.program,
        words=worst.words,
        score=_floor(policy),
        kind=Kind.UNKNOWN,
        message=MESSAGES[rule.split(".", 1)[1]],
        namespace=worst.namespace,
        context=worst.context,
    )


_MAX_LOOKBACK = 16
"""How many earlier commands are searched for the listing."""


def _listing_fed(  # noqa: PLR0913 - the state after_weigh hands on
    command: SimpleCommand,
    worst: Finding,
    policy: Policy,
    earlier: Sequence[SimpleCommand],
    engine: Engine,
    *,
    below: bool,
    findings: Sequence[Finding],
) -> list[Finding]:
    from blastradius.analyzers.kubectl import parse_kubectl

    listing = None
    for prev in reversed(earlier):
        if prev.argv and fold_program(prev.argv[0]) in LISTING_PROGRAMS:
            call = parse_kubectl(prev.argv, dynamic=prev.dynamic)
            if call.path == ("get",):
                listing = call
                break
    if listing is None:
        return []
    family = worst.rule.split(".", 1)[0]
    out = (
        [_unknown(f"{family}.listing-fed-unknown", worst, policy)]
        if below
        else []
    )
    own = parse_kubectl(command.argv, dynamic=command.dynamic)
    if any(r.resource for r in own.resources):
        return out
    kinds = [r.resource for r in listing.resources if r.resource]
    if not kinds:
        return out
    scope: tuple[str, ...] = ()
    if listing.all_namespaces:
        scope = ("--all-namespaces",)
    elif listing.namespace is not None:
        scope = ("--namespace", listing.namespace)
    words = _static_words(command)
    synth = SimpleCommand(argv=(*words, ",".join(kinds), *scope))
    rule = f"{family}.listing-fed"
    out.append(
        Finding(
            rule=rule,
            program=worst.program,
            words=(*listing.argv[:3],),
            kind=Kind.INFO,
            message=f"{MESSAGES['listing-fed']}: {', '.join(kinds)}",
        )
    )
    # A modifier the command already has (its own --force) counts once.
    have = {f.rule for f in findings if f.kind is Kind.MODIFIER}
    out.extend(
        f
        for f in engine.reanalyze(synth)
        if f.kind is not Kind.MODIFIER or f.rule not in have
    )
    return out


_STDIN_FILE = frozenset({"-f", "--filename"})


def _static_words(command: SimpleCommand) -> list[str]:
    """
    *command*'s words known before it runs, without ``-f -`` (what it
    reads from the listing is what the synthesised command names).
    """
    argv = command.argv
    out: list[str] = []
    skip = False
    for i, word in enumerate(argv):
        if skip:
            skip = False
            continue
        if command.is_dynamic(i) or word in ("--filename=-", "-f-", "-f=-"):
            continue
        if word in _STDIN_FILE and argv[i + 1 : i + 2] == ("-",):
            skip = True
            continue
        out.append(word)
    return out
