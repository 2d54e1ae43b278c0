"""
Rule ids that engine code writes rather than a table row: the scorer's own
findings (``shell.unknown``, ``shell.parse.unknown``, ``policy.*`` …), the
shell analyzer's (``shell.fork-bomb``, ``shell.remote-payload`` …) and the
ids the CLI analyzer builds from a family's name
(``<family>.dynamic.unknown`` …).

Data only, so that ``blastradius explain`` knows every id that can fire:
`blastradius.rules._catalog` reads these rows. Each row names the code
that writes its id; a new literal id in code is a new row here (a test
checks that every id of ``tests/data/golden.jsonl`` is known).
"""

from __future__ import annotations

from typing import Final

import attrs

from blastradius._model import Effect, Kind


__all__ = ["ENGINE_RULES", "FAMILY_RULES", "EngineRule", "FamilyRule"]


@attrs.frozen
class EngineRule:
    """
    One id written by engine code.

    Attributes:
        id: The rule id.
        kind: How the scorer combines it.
        score: Its base score (100 for a hard rule; 0 for an unknown,
            which floors the command at ``HUMAN``; 0 for a note).
        effect: What a command it fires on does, if known.
        message: What it means.
        source: The module that writes it.
    """

    id: str
    kind: Kind
    score: int
    effect: Effect | None
    message: str
    source: str


@attrs.frozen
class FamilyRule:
    """
    An id the CLI analyzer (``blastradius.families._interpret``) builds as
    ``<family>.<suffix>`` for the program families that *applies* to.

    *applies* is ``every`` (each family), ``dynamic`` (families whose
    words known only at run time matter: not ``dynamic_ok``), ``dry-run``
    (families with dry-run options) or ``target`` (families with target
    options; *suffix* holds ``{label}``, one per context weight row above
    1, e.g. ``production``).
    """

    suffix: str
    kind: Kind
    score: int
    effect: Effect | None
    message: str
    applies: str = attrs.field(
        validator=attrs.validators.in_(
            ("every", "dynamic", "dry-run", "target")
        )
    )


_U = Kind.UNKNOWN
_I = Kind.INFO
_A = Kind.ACTION
_SCORE = "blastradius._score"
_SHELL = "blastradius.families.shell.analyzer"
_FLOORS = "blastradius._floors"

ENGINE_RULES: Final[tuple[EngineRule, ...]] = (
    # -- the scorer ---------------------------------------------------------
    EngineRule(
        "shell.unknown",
        _U,
        0,
        Effect.UNKNOWN,
        "no analyzer knows this program: the command scores at least "
        "HUMAN (list build and test tools in workspace.trusted_tools)",
        _SCORE,
    ),
    EngineRule(
        "shell.parse.unknown",
        _U,
        0,
        Effect.UNKNOWN,
        "the input does not parse as a shell command line (an unclosed "
        "quote, a stray operator …): at least HUMAN",
        _SCORE,
    ),
    EngineRule(
        "shell.dynamic-program.unknown",
        _U,
        0,
        Effect.UNKNOWN,
        "the program's name is only known at run time ($CMD, $(…)): at "
        "least HUMAN",
        _SCORE,
    ),
    EngineRule(
        "shell.depth.unknown",
        _U,
        0,
        Effect.UNKNOWN,
        "nested too deep to analyse (wrappers, sh -c, command "
        "substitutions): at least HUMAN",
        _SCORE,
    ),
    EngineRule(
        "blastradius.internal.unknown",
        _U,
        0,
        Effect.UNKNOWN,
        "an internal error while scoring: fails closed, at least HUMAN",
        _SCORE,
    ),
    EngineRule(
        "policy.trusted-tool",
        _A,
        5,
        Effect.LOCAL,
        "a build or test tool the policy trusts (workspace.trusted_tools) "
        "runs project code: a local action (5, AUTO) instead of an unknown",
        _SCORE,
    ),
    EngineRule(
        "policy.workspace.rm",
        _A,
        5,
        Effect.DESTRUCTIVE,
        "rm -rf of workspace paths the policy lists (workspace.rm_paths), "
        "every target literal and strictly inside the working directory: "
        "5 instead of the hard rule",
        _SCORE,
    ),
    EngineRule(
        "policy.exception",
        _I,
        0,
        None,
        "a policy exception in force excepted the named finding (kept as "
        "info, scored 0); the reason is the exception's",
        _SCORE,
    ),
    EngineRule(
        "policy.exception.expired",
        _I,
        0,
        None,
        "a policy exception names the finding but its expiry has passed: "
        "not applied",
        _SCORE,
    ),
    EngineRule(
        "policy.exception.no-clock",
        _I,
        0,
        None,
        "a policy exception with an expiry names the finding, but score() "
        "was given no time (now=…): not applied",
        _SCORE,
    ),
    EngineRule(
        "policy.exception.ignored",
        _I,
        0,
        None,
        "a policy exception whose glob covers a hard finding: not applied, "
        "no exception lowers a hard rule",
        _SCORE,
    ),
    # -- the shell analyzer -----------------------------------------------
    EngineRule(
        "shell.fork-bomb",
        Kind.HARD,
        100,
        Effect.DESTRUCTIVE,
        "a function that pipes into itself in the background (:(){ :|:& };:)"
        ": exhausts the machine's processes; never runs",
        _SHELL,
    ),
    EngineRule(
        "shell.remote-payload",
        _A,
        60,
        Effect.INDIRECT,
        "downloaded code piped into a shell (curl … | sh): what runs cannot "
        "be read before it runs (DUAL)",
        _SHELL,
    ),
    EngineRule(
        "shell.remote-payload.unknown",
        _U,
        0,
        Effect.UNKNOWN,
        "what the downloaded payload runs is unknown",
        _SHELL,
    ),
    EngineRule(
        "shell.encoded-payload",
        _A,
        60,
        Effect.INDIRECT,
        "a transformed or encoded payload piped into a shell (base64 -d | "
        "sh): what runs cannot be read before it runs (DUAL)",
        _SHELL,
    ),
    EngineRule(
        "shell.encoded-payload.unknown",
        _U,
        0,
        Effect.UNKNOWN,
        "what the encoded payload runs is unknown",
        _SHELL,
    ),
    EngineRule(
        "shell.stdin.unknown",
        _U,
        0,
        Effect.UNKNOWN,
        "a shell runs what another program prints on its standard input",
        _SHELL,
    ),
    EngineRule(
        "shell.awk.program.unknown",
        _U,
        0,
        Effect.UNKNOWN,
        "no awk program on the command line (it comes from a file)",
        _SHELL,
    ),
    EngineRule(
        "shell.awk.exec.unknown",
        _U,
        0,
        Effect.UNKNOWN,
        "the awk program runs commands (system(), pipes) or writes files",
        _SHELL,
    ),
    EngineRule(
        "shell.sed.exec.unknown",
        _U,
        0,
        Effect.UNKNOWN,
        "the sed script runs commands (e) or writes files (w)",
        _SHELL,
    ),
    EngineRule(
        "shell.redirect.unknown",
        _U,
        0,
        Effect.UNKNOWN,
        "a redirection writes to a file named only at run time",
        _SHELL,
    ),
    # -- the floors (blastradius._floors; thresholds.human + 1 = DUAL) ----
    EngineRule(
        "shell.destructive-subcommand.unknown",
        _U,
        51,
        Effect.UNKNOWN,
        "no analyzer knows this program, and a subcommand word says it "
        "deletes (delete, destroy, drop, purge …): at least DUAL",
        _FLOORS,
    ),
    EngineRule(
        "kubectl.scope.everything-unknown",
        _U,
        51,
        Effect.UNKNOWN,
        "deletes whatever the scope selects when it runs (--all, "
        "--all-namespaces, a selector) outside a development or test "
        "namespace: at least DUAL",
        _FLOORS,
    ),
    EngineRule(
        "helm.scope.everything-unknown",
        _U,
        51,
        Effect.UNKNOWN,
        "uninstalls whatever the release holds when it runs, outside a "
        "development or test namespace: at least DUAL",
        _FLOORS,
    ),
    EngineRule(
        "kubectl.listing-fed-unknown",
        _U,
        51,
        Effect.UNKNOWN,
        "deletes what an earlier listing prints (kubectl get … | xargs "
        "kubectl delete): the objects are known only when it runs; at "
        "least DUAL",
        _FLOORS,
    ),
    EngineRule(
        "kubectl.listing-fed",
        _I,
        0,
        None,
        "the earlier listing names the kind deleted; the delete is scored "
        "as if it named that kind",
        _FLOORS,
    ),
    # -- the front end ----------------------------------------------------
    EngineRule(
        "scan.file.unknown",
        _U,
        0,
        Effect.UNKNOWN,
        "blastradius scan could not read or parse the file; its commands "
        "are unknown",
        "blastradius._cli._scan",
    ),
)
"""Every literal rule id that engine code writes, with its meaning."""

FAMILY_RULES: Final[tuple[FamilyRule, ...]] = (
    FamilyRule(
        "unknown",
        _U,
        0,
        Effect.UNKNOWN,
        "no row of the family knows this command: at least HUMAN",
        "every",
    ),
    FamilyRule(
        "dynamic.unknown",
        _U,
        0,
        Effect.UNKNOWN,
        "some words after the program are only known at run time: at "
        "least HUMAN",
        "dynamic",
    ),
    FamilyRule(
        "args.unknown",
        _U,
        0,
        Effect.UNKNOWN,
        "more words are appended at run time (xargs, find -exec): at least "
        "HUMAN",
        "dynamic",
    ),
    FamilyRule(
        "dry-run",
        _A,
        0,
        Effect.READ_ONLY,
        "a dry run changes nothing",
        "dry-run",
    ),
    FamilyRule(
        "target.{label}",
        Kind.MODIFIER,
        0,
        Effect.MUTATING,
        "a change lands in a target named like {label} (the policy's "
        "context weights): adds (weight - 1) x 10, here {score}",
        "target",
    ),
)
"""Ids built from a family's name, per family they apply to."""
