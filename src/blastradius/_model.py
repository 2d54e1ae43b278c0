"""
Frozen value types shared by every layer: tiers, simple commands, findings
and assessments.
"""

from __future__ import annotations

import enum

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

import attrs


__all__ = [
    "Assessment",
    "Effect",
    "Finding",
    "Kind",
    "Redirect",
    "SimpleCommand",
    "Tier",
]


_TIER_RANK: Mapping[str, int] = {
    "auto": 0,
    "human": 1,
    "dual": 2,
    "blocked": 3,
}


@enum.unique
class Tier(enum.Enum):
    """
    What a host does with a command, ordered from least to most guarded.

    Members compare by rank: ``Tier.AUTO < Tier.HUMAN < Tier.DUAL <
    Tier.BLOCKED``.

    >>> Tier.HUMAN < Tier.BLOCKED
    True
    """

    AUTO = "auto"
    HUMAN = "human"
    DUAL = "dual"
    BLOCKED = "blocked"

    @property
    def rank(self) -> int:
        """
        0 for `AUTO` up to 3 for `BLOCKED`.
        """
        return _TIER_RANK[self.value]

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Tier):
            return NotImplemented
        return self.rank < other.rank

    def __le__(self, other: object) -> bool:
        if not isinstance(other, Tier):
            return NotImplemented
        return self.rank <= other.rank

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, Tier):
            return NotImplemented
        return self.rank > other.rank

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, Tier):
            return NotImplemented
        return self.rank >= other.rank


@enum.unique
class Effect(enum.Enum):
    """
    What running a command does to the world.
    """

    READ_ONLY = "read-only"
    LOCAL = "local-only"
    MUTATING = "mutating"
    DESTRUCTIVE = "destructive"
    INDIRECT = "indirect"
    UNKNOWN = "unknown"
    DISCLOSURE = "disclosure"
    """Prints or sends secrets: credentials, tokens, the environment."""


@enum.unique
class Kind(enum.Enum):
    """
    How the scorer combines a finding with the others of its command.

    - ``ACTION``: its base score is weighted by the namespace / context
      (when *scoped*); a command scores its worst action.
    - ``MODIFIER``: its score is added to the command's action score.
    - ``UNKNOWN``: something could not be resolved; the command never scores
      below the ``HUMAN`` threshold.
    - ``HARD``: a hard rule; the command is blocked (100).
    - ``INFO``: explains, never scores.
    """

    ACTION = "action"
    MODIFIER = "modifier"
    UNKNOWN = "unknown"
    HARD = "hard"
    INFO = "info"


# The members the records test, bound once. Up to Python 3.11 the enum
# metaclass defines ``__getattr__``, which sends every attribute read off an
# enum class (``Kind.HARD``) down the interpreter's generic slow path: about
# 140-270 ns a read against 17 ns for a plain class (timeit), more than the
# rest of the test it is part of.
_HARD = Kind.HARD
_MODIFIER = Kind.MODIFIER
_BLOCKED = Tier.BLOCKED


@attrs.frozen
class Redirect:
    """
    One redirection of a simple command, such as ``2>/dev/null``.

    *op* is the operator (``>``, ``>>``, ``<``, ``<<``, ``<<<``, ``>&``,
    ``&>``, …), *target* the word after it (quote-removed), *fd* the file
    descriptor written before it, if any.
    """

    op: str
    target: str
    fd: int | None = None
    dynamic: bool = False


if TYPE_CHECKING:
    # The converters' types, for type checkers (the attrs plugin reads the
    # constructors' parameter types from them) ...

    def _tuple_of_str(value: Iterable[str]) -> tuple[str, ...]: ...

    def _tuple_of_bool(value: Iterable[bool]) -> tuple[bool, ...]: ...

    def _tuple_of_pairs(
        value: Iterable[tuple[str, str]],
    ) -> tuple[tuple[str, str], ...]: ...

    def _tuple_of_redirects(
        value: Iterable[Redirect],
    ) -> tuple[Redirect, ...]: ...

    def _tuple_of_findings(
        value: Iterable[Finding],
    ) -> tuple[Finding, ...]: ...

    def _tuple_of_commands(
        value: Iterable[SimpleCommand],
    ) -> tuple[SimpleCommand, ...]: ...

else:
    # ... and at run time the builtin itself: no Python frame per field.
    _tuple_of_str = _tuple_of_bool = _tuple_of_pairs = tuple
    _tuple_of_redirects = _tuple_of_findings = _tuple_of_commands = tuple


def _setters(cls: type) -> tuple[Callable[[Any, Any], None], ...]:
    """
    The slot setters of an attrs class's fields, in field order, for the
    class's own ``__init__`` (never used from outside the class).

    Goal: the records built on every command (`SimpleCommand`, `Finding`,
    `Assessment`) validate themselves in ``__init__`` and cost as little
    as that allows. Plan: ``__init__`` checks, then stores each field
    through its slot's ``__set__``, skipping the name lookup of
    ``object.__setattr__``. Evidence (callgrind, Python 3.11, one
    13-field `Finding` built with keywords): these setters 16.0 k
    instructions; the same ``__init__`` storing through attrs'
    ``__attrs_init__`` 20.2 k, through ``object.__setattr__`` 21.6 k;
    attrs' own generated ``__init__`` 18.1 k with no validation at all
    (its validators would add a call per field); `Finding`'s checks add
    5 k. Caveat: the saving is per record, a few percent of `score`;
    ``tests/test_fast_paths.py`` checks every field is still set.
    """
    return tuple(cls.__dict__[a.name].__set__ for a in attrs.fields(cls))


@attrs.frozen(kw_only=True, init=False)
class SimpleCommand:
    """
    One command bash would run: its words after quote removal plus context.

    Attributes:
        argv: The words, after quote removal and expansion of what can be
            known statically.
        dynamic: One flag per word of *argv*: `True` when that word holds
            text from a variable, a command substitution or another source
            whose value is not known before the command runs.
        assignments: Leading ``NAME=value`` words, in order.
        redirects: The command's redirections.
        stdin: The text fed to the command's standard input when it is
            known (heredoc, herestring, ``echo … |``), else `None`.
        stdin_unknown: `True` when the command reads a standard input whose
            contents are not known (a pipe from another program, a file).
        via: Where the command came from, outermost first, e.g.
            ``("sudo", "bash -c")`` or ``("$(...)",)``; empty at top level.
        incomplete: `True` when it comes from input the lexer could not
            finish (unbalanced quotes, depth limit).
        unknown_args: `True` when more words, unknown before run time, are
            appended to *argv* when it runs (``xargs CMD``, ``find -exec CMD
            {}``).
        stdin_from: The program (folded name) of the previous pipeline
            stage feeding standard input, e.g. ``"base64"`` in
            ``base64 -d x | sh``; `None` when not fed by a pipe.
        program: argv[0] folded to a program name (`fold_program`:
            basename, lower case, without ``.exe``); ``""`` for an empty
            command. Derived from *argv* when the command is built, not an
            argument: the scorer, the judgment and the shell's pipelines
            each read it, and folding on every read cost about 4 k
            instructions a read (callgrind, kubectl's examples).

    >>> SimpleCommand(argv=["/usr/bin/KubeCtl.exe", "get"]).program
    'kubectl'

    .. versionchanged:: 0.2 *program* is a field (it was a property).
    """

    argv: tuple[str, ...]
    dynamic: tuple[bool, ...] = ()
    assignments: tuple[tuple[str, str], ...] = ()
    redirects: tuple[Redirect, ...] = ()
    stdin: str | None = None
    stdin_unknown: bool = False
    via: tuple[str, ...] = ()
    incomplete: bool = False
    unknown_args: bool = False
    stdin_from: str | None = None
    program: str = attrs.field(init=False, eq=False, repr=False)

    def __init__(  # noqa: PLR0913 - one keyword per field
        self,
        *,
        argv: Iterable[str],
        dynamic: Iterable[bool] = (),
        assignments: Iterable[tuple[str, str]] = (),
        redirects: Iterable[Redirect] = (),
        stdin: str | None = None,
        stdin_unknown: bool = False,
        via: Iterable[str] = (),
        incomplete: bool = False,
        unknown_args: bool = False,
        stdin_from: str | None = None,
    ) -> None:
        words = _tuple_of_str(argv)
        flags = _tuple_of_bool(dynamic)
        if len(flags) != len(words):  # one flag per word
            flags = flags[: len(words)] + (False,) * (len(words) - len(flags))
        (
            set_argv,
            set_dynamic,
            set_assignments,
            set_redirects,
            set_stdin,
            set_stdin_unknown,
            set_via,
            set_incomplete,
            set_unknown_args,
            set_stdin_from,
            set_program,
        ) = _COMMAND_SLOTS
        set_argv(self, words)
        set_dynamic(self, flags)
        set_assignments(self, _tuple_of_pairs(assignments))
        set_redirects(self, _tuple_of_redirects(redirects))
        set_stdin(self, stdin)
        set_stdin_unknown(self, stdin_unknown)
        set_via(self, _tuple_of_str(via))
        set_incomplete(self, incomplete)
        set_unknown_args(self, unknown_args)
        set_stdin_from(self, stdin_from)
        set_program(self, fold_program(words[0]) if words else "")

    @property
    def args(self) -> tuple[str, ...]:
        """
        The words after argv[0].
        """
        return self.argv[1:]

    def is_dynamic(self, index: int) -> bool:
        """
        Whether word *index* of *argv* is not statically known.
        """
        return 0 <= index < len(self.dynamic) and self.dynamic[index]

    def to_dict(self) -> dict[str, Any]:
        """
        A JSON-ready view.
        """
        d: dict[str, Any] = {"argv": list(self.argv)}
        if any(self.dynamic):
            d["dynamic"] = [i for i, x in enumerate(self.dynamic) if x]
        if self.assignments:
            d["assignments"] = dict(self.assignments)
        if self.redirects:
            d["redirects"] = [
                {"op": r.op, "target": r.target, "fd": r.fd}
                for r in self.redirects
            ]
        if self.stdin is not None:
            d["stdin"] = self.stdin
        if self.stdin_unknown:
            d["stdin_unknown"] = True
        if self.via:
            d["via"] = list(self.via)
        if self.incomplete:
            d["incomplete"] = True
        if self.unknown_args:
            d["unknown_args"] = True
        if self.stdin_from is not None:
            d["stdin_from"] = self.stdin_from
        return d


_COMMAND_SLOTS = _setters(SimpleCommand)


def fold_program(word: str) -> str:
    """
    Fold a program word to the name analyzers are registered under.

    >>> fold_program("C:\\\\Tools\\\\kubectl.EXE")
    'kubectl'
    """
    if "/" in word or "\\" in word:
        word = word.replace("\\", "/").rsplit("/", 1)[-1]
    return word.lower().removesuffix(".exe")


@attrs.frozen(kw_only=True, init=False)
class Finding:
    """
    One rule that fired on one simple command.

    Attributes:
        rule: Stable rule id, e.g. ``kubectl.delete.namespace``; ids of
            things not understood end in ``.unknown``.
        program: The program the rule looked at (folded name).
        words: The words that fired the rule.
        score: Its contribution once scored (see `Kind`); analyzers set it
            to the row's base score, the scorer weights it.
        hard: `True` for a hard rule (the command is blocked).
        kind: How the scorer combines it.
        message: A short human-readable explanation.
        effect: The effect class of the action, when known.
        scoped: `True` when namespace and context weights apply.
        namespace: The Kubernetes namespace the action targets; `None` for
            unspecified (which is *not* assumed safe).
        context: The kube context named on the command line, if any.
        resource: The resource kind (plural) the action touches, if any.
        base: The table's base score before weighting (the *score* given
            when none is).
    """

    rule: str
    program: str
    words: tuple[str, ...] = ()
    score: int = 0
    hard: bool = False
    kind: Kind = Kind.ACTION
    message: str = ""
    effect: Effect | None = None
    scoped: bool = False
    namespace: str | None = None
    context: str | None = None
    resource: str | None = None
    base: int = 0

    def __init__(  # noqa: PLR0913 - one keyword per field
        self,
        *,
        rule: str,
        program: str,
        words: Iterable[str] = (),
        score: int = 0,
        hard: bool = False,
        kind: Kind = Kind.ACTION,
        message: str = "",
        effect: Effect | None = None,
        scoped: bool = False,
        namespace: str | None = None,
        context: str | None = None,
        resource: str | None = None,
        base: int | None = None,
    ) -> None:
        if base is None:  # the base score is the score as given
            base = score
        if hard:  # hard and Kind.HARD go together
            if kind is not _HARD:
                kind = _HARD
        elif kind is _HARD:
            hard = True
        words = _tuple_of_str(words)
        flags: tuple[object, object] = (hard, scoped)
        # One test of every field on the way in (the common case); the
        # message naming the first bad one only when it fails.
        valid = (
            type(rule) is str
            and rule
            and type(program) is str
            and type(score) is int
            and _MIN_SCORE <= score <= _MAX_SCORE
            and type(base) is int
            and _MIN_SCORE <= base <= _MAX_SCORE
            and type(flags[0]) is bool
            and type(flags[1]) is bool
            and type(kind) is Kind
            and type(message) is str
            and (effect is None or type(effect) is Effect)
            and (namespace is None or type(namespace) is str)
            and (context is None or type(context) is str)
            and (resource is None or type(resource) is str)
        )
        try:
            # every word a str (one C-level pass; cheaper than a loop)
            "".join(words)
        except TypeError:
            valid = False
        if not valid:
            _refuse_finding(
                rule=rule,
                program=program,
                words=words,
                score=score,
                base=base,
                hard=hard,
                kind=kind,
                message=message,
                effect=effect,
                scoped=scoped,
                namespace=namespace,
                context=context,
                resource=resource,
            )
        (
            set_rule,
            set_program,
            set_words,
            set_score,
            set_hard,
            set_kind,
            set_message,
            set_effect,
            set_scoped,
            set_namespace,
            set_context,
            set_resource,
            set_base,
        ) = _FINDING_SLOTS
        set_rule(self, rule)
        set_program(self, program)
        set_words(self, words)
        set_score(self, score)
        set_hard(self, hard)
        set_kind(self, kind)
        set_message(self, message)
        set_effect(self, effect)
        set_scoped(self, scoped)
        set_namespace(self, namespace)
        set_context(self, context)
        set_resource(self, resource)
        set_base(self, base)

    def _weighed(self, score: int, message: str, base: int) -> Finding:
        """
        This finding as the scorer weighs it: a new *score*, *message* and
        *base*, every other field kept.

        The one fast path past `__init__` (h11's ``_parsed=True`` is the
        model): every other field comes from this finding, already
        validated, so only the new values are checked. Evidence: building
        a Finding through ``__init__`` costs 23.7 k instructions
        (callgrind), about a quarter of ``score()`` on kubectl's examples;
        this copy costs a third of that, and the scorer makes one per
        weighed finding.
        """
        if not (
            type(score) is int
            and _MIN_SCORE <= score <= _MAX_SCORE
            and type(base) is int
            and _MIN_SCORE <= base <= _MAX_SCORE
            and type(message) is str
        ):
            _refuse_finding(
                rule=self.rule,
                program=self.program,
                words=self.words,
                score=score,
                base=base,
                hard=self.hard,
                kind=self.kind,
                message=message,
                effect=self.effect,
                scoped=self.scoped,
                namespace=self.namespace,
                context=self.context,
                resource=self.resource,
            )
        new: Finding = _new_instance(Finding)
        (
            set_rule,
            set_program,
            set_words,
            set_score,
            set_hard,
            set_kind,
            set_message,
            set_effect,
            set_scoped,
            set_namespace,
            set_context,
            set_resource,
            set_base,
        ) = _FINDING_SLOTS
        set_rule(new, self.rule)
        set_program(new, self.program)
        set_words(new, self.words)
        set_score(new, score)
        set_hard(new, self.hard)
        set_kind(new, self.kind)
        set_message(new, message)
        set_effect(new, self.effect)
        set_scoped(new, self.scoped)
        set_namespace(new, self.namespace)
        set_context(new, self.context)
        set_resource(new, self.resource)
        set_base(new, base)
        return new

    @property
    def reason(self) -> str:
        """
        ``rule [words]: message`` — the line shown to humans.
        """
        words = " ".join(self.words)
        text = f"{self.rule} [{words}]" if words else self.rule
        if self.message:
            text = f"{text}: {self.message}"
        return (
            f"{text} (+{self.score})"
            if self.kind is _MODIFIER
            else (f"{text} ({self.score})")
        )

    def to_dict(self) -> dict[str, Any]:
        """
        A JSON-ready view.
        """
        d: dict[str, Any] = {
            "rule": self.rule,
            "program": self.program,
            "words": list(self.words),
            "score": self.score,
            "hard": self.hard,
            "kind": self.kind.value,
        }
        if self.message:
            d["message"] = self.message
        if self.effect is not None:
            d["effect"] = self.effect.value
        if self.scoped:
            d["namespace"] = self.namespace
            if self.context is not None:
                d["context"] = self.context
        if self.resource is not None:
            d["resource"] = self.resource
        return d


_FINDING_SLOTS = _setters(Finding)
_new_instance = object.__new__
_MIN_SCORE = -100
_MAX_SCORE = 100


def _refuse_finding(**fields: object) -> None:
    """
    Raise the error naming the first field of a Finding that is not valid:
    `TypeError` for a wrong type, `ValueError` for a wrong value.
    """
    kinds: tuple[tuple[str, tuple[type, ...]], ...] = (
        ("rule", (str,)),
        ("program", (str,)),
        ("score", (int,)),
        ("base", (int,)),
        ("hard", (bool,)),
        ("kind", (Kind,)),
        ("message", (str,)),
        ("effect", (Effect, type(None))),
        ("scoped", (bool,)),
        ("namespace", (str, type(None))),
        ("context", (str, type(None))),
        ("resource", (str, type(None))),
    )
    for name, types in kinds:
        value = fields[name]
        if type(value) not in types:
            allowed = " or ".join(
                "None" if t is type(None) else t.__name__ for t in types
            )
            msg = (
                f"Finding {name} must be {allowed}, not {type(value).__name__}"
            )
            raise TypeError(msg)
    words = fields["words"]
    assert isinstance(words, tuple)  # noqa: S101 - converted by the caller
    for word in words:
        if type(word) is not str:
            msg = f"Finding words must be str, not {type(word).__name__}"
            raise TypeError(msg)
    if not fields["rule"]:
        msg = "Finding rule must not be empty"
        raise ValueError(msg)
    for name in ("score", "base"):
        value = fields[name]
        assert isinstance(value, int)  # noqa: S101 - tested above
        if not _MIN_SCORE <= value <= _MAX_SCORE:
            msg = (
                f"Finding {name} must be from {_MIN_SCORE} to {_MAX_SCORE}, "
                f"not {value}"
            )
            raise ValueError(msg)


@attrs.frozen(kw_only=True, init=False)
class Assessment:
    """
    The verdict on one command: score, tier, reasons and what was analysed.

    *calls* holds the parsed calls: one per command a program family's
    grammar read while scoring, in the order analysed (today a
    `blastradius.families.kubectl.grammar.KubectlCall` for each ``kubectl``
    command; ``oc``'s analyzer keeps none yet), so that what derives from
    the command (a rollback, a dry run, a verify step) reads the same call
    instead of parsing again. They are not part of `to_dict` nor of the
    repr (they repeat the commands' words).

    .. versionchanged:: 0.2 *calls*.
    """

    score: int
    tier: Tier
    reasons: tuple[str, ...] = attrs.field(converter=_tuple_of_str)
    findings: tuple[Finding, ...] = attrs.field(converter=_tuple_of_findings)
    commands: tuple[SimpleCommand, ...] = attrs.field(
        converter=_tuple_of_commands
    )
    policy_fingerprint: str = ""
    calls: tuple[object, ...] = attrs.field(
        default=(), converter=tuple, repr=False
    )

    def __init__(  # noqa: PLR0913 - one keyword per field
        self,
        *,
        score: int,
        tier: Tier,
        reasons: Iterable[str],
        findings: Iterable[Finding],
        commands: Iterable[SimpleCommand],
        policy_fingerprint: str = "",
        calls: Iterable[object] = (),
    ) -> None:
        reasons = _tuple_of_str(reasons)
        findings = _tuple_of_findings(findings)
        commands = _tuple_of_commands(commands)
        # The parts are records that validated themselves; what is left to
        # check is the verdict.
        if not (
            type(score) is int
            and type(tier) is Tier
            and type(policy_fingerprint) is str
        ):
            msg = (
                "an Assessment has an int score, a Tier and a str "
                "policy_fingerprint"
            )
            raise TypeError(msg)
        if not 0 <= score <= _MAX_SCORE:
            msg = f"an Assessment scores from 0 to 100, not {score}"
            raise ValueError(msg)
        (
            set_score,
            set_tier,
            set_reasons,
            set_findings,
            set_commands,
            set_policy_fingerprint,
            set_calls,
        ) = _ASSESSMENT_SLOTS
        set_score(self, score)
        set_tier(self, tier)
        set_reasons(self, reasons)
        set_findings(self, findings)
        set_commands(self, commands)
        set_policy_fingerprint(self, policy_fingerprint)
        set_calls(self, tuple(calls))

    @property
    def blocked(self) -> bool:
        """
        Whether a hard rule fired.
        """
        return self.tier is _BLOCKED

    def to_dict(self) -> dict[str, Any]:
        """
        A JSON-ready view of the assessment.

        >>> import json, blastradius
        >>> d = blastradius.score("ls -la").to_dict()
        >>> (d["score"], d["tier"])
        (0, 'auto')
        >>> isinstance(json.dumps(d), str)
        True
        """
        return {
            "score": self.score,
            "tier": self.tier.value,
            "reasons": list(self.reasons),
            "findings": [f.to_dict() for f in self.findings],
            "commands": [c.to_dict() for c in self.commands],
            "policy_fingerprint": self.policy_fingerprint,
        }


_ASSESSMENT_SLOTS = _setters(Assessment)
