"""
The engine and the scorer: commands → findings → one `Assessment`.

Per simple command: the worst *action* finding, weighted by its namespace
and kube context when it is scoped, plus the sum of *modifier* findings,
clamped to 0..99; any *unknown* finding floors the command at the ``HUMAN``
threshold; any *hard* finding makes it 100. The whole input scores its
worst command.
"""

from __future__ import annotations

import posixpath

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

import attrs

from blastradius import _floors, _shell
from blastradius._model import (
    Assessment,
    Effect,
    Finding,
    Kind,
    SimpleCommand,
)
from blastradius._policy import Policy
from blastradius._verdict import assessment
from blastradius._weigh import Weigher
from blastradius.analyzers import (
    DEFAULT_REGISTRY,
    FUNCTIONS,
    JUDGMENT,
    REDIRECTS,
    Analyzer,
    lookup,
)
from blastradius.families.disclosure import _help
from blastradius.families.disclosure import analyzer as judgment
from blastradius.rules.disclosure import HELP


if TYPE_CHECKING:
    import datetime as dt

    from blastradius._handoff import Nested, Target
    from blastradius.analyzers import Output
    from blastradius.rules import WeightRule


__all__ = ["MAX_NESTING", "score"]

MAX_NESTING = 8
"""How deep analyzers may nest scripts (``python -c`` → shell → …)."""

_DEFAULT_POLICY = Policy()
_DEFAULT_WEIGHER = Weigher(_DEFAULT_POLICY)
"""The default policy's weighing (both immutable: built once)."""
_DEFAULT_JUDGE: Analyzer = judgment.ANALYZERS[JUDGMENT]
"""
`DEFAULT_REGISTRY`'s judgment analyzer, read from its family's table at
import (the family runs on every command, so it is imported with the
scorer): the registry's own lookup costs about 3 k instructions a command
(callgrind), a tenth of the judgment itself.
"""
_HELP_WORDS: frozenset[str] = frozenset().union(*HELP.values())
"""Every help word: a command ending otherwise is no help line."""
_SUBSTITUTIONS = frozenset({"$(...)", "`...`"})
"""The ``via`` step of a command substitution's commands."""
_TRUSTED_SCORE = 5
"""The score of a trusted tool or an exempted workspace ``rm -rf``."""
_UNKNOWN = Kind.UNKNOWN


def _substitutions(via: tuple[str, ...]) -> int:
    """How many command substitutions deep *via* is."""
    return sum(1 for v in via if v in _SUBSTITUTIONS)


def score(
    cmd: str | Sequence[str],
    *,
    policy: Policy | None = None,
    registry: Mapping[str, Analyzer] | None = None,
    now: dt.datetime | None = None,
    cwd: str | None = None,
) -> Assessment:
    """
    Score how dangerous *cmd* is before it runs.

    Args:
        cmd: A shell command line (read as bash reads it), or an argv
            sequence the host will exec without a shell (analysed word for
            word).
        policy: The policy in force; the built-in default when `None`.
        registry: The analyzers by program name; the built-in
            `blastradius.analyzers.DEFAULT_REGISTRY` when `None`. The
            policy's own analyzers take precedence over it.
        now: The current time (timezone-aware), for policy exceptions that
            expire; the core never reads the clock. Without it (or with a
            naive datetime) exceptions that have an expiry do not apply.
        cwd: The absolute directory the command runs in, for path rules:
            relative paths are resolved against it, purely (no filesystem
            access), so ``rm -r etc`` in ``/`` deletes system files.
            Without it (or with a relative one) paths stay relative and
            unresolved.

    Returns:
        The `Assessment`. Never raises for any `str` or sequence of `str`.

    Raises:
        TypeError: *cmd* is neither a `str` nor a sequence of `str`,
            *now* is not a `datetime.datetime`, or *cwd* not a `str`.

    >>> score("kubectl get pods -A").tier
    <Tier.AUTO: 'auto'>
    >>> score("rm -r etc", cwd="/").score > score("rm -r etc").score
    True
    """
    obj: object = cmd
    if not isinstance(obj, str):
        if not isinstance(obj, Sequence) or isinstance(
            obj, (bytes, bytearray)
        ):
            msg = (
                "cmd must be a str (a shell command line) or a sequence of "
                f"str (an argv), not {type(obj).__name__}"
            )
            raise TypeError(msg)
        if not all(isinstance(w, str) for w in obj):
            msg = "every word of an argv must be a str"
            raise TypeError(msg)
    if now is not None:
        # a caller with a datetime has loaded the module already; without
        # *now*, score() never loads it (about 2.7 ms of a fresh process)
        import datetime as dt

        if not isinstance(now, dt.datetime):
            msg = f"now must be a datetime.datetime, not {type(now).__name__}"
            raise TypeError(msg)
    if cwd is not None and not isinstance(cwd, str):
        msg = f"cwd must be a str, not {type(cwd).__name__}"
        raise TypeError(msg)
    run = _Run(
        _DEFAULT_POLICY if policy is None else policy,
        DEFAULT_REGISTRY if registry is None else registry,
        now=now,
        cwd=None if cwd is None else _absolute(cwd),
    )
    try:
        if isinstance(cmd, str):
            run.analyze_parsed(_shell.parse(cmd), depth=0)
        else:
            run.analyze_parsed(_shell.from_argv(tuple(cmd)), depth=0)
    except Exception as e:  # noqa: BLE001 - fail closed, never raise
        _failed(run, e, cmd if isinstance(cmd, str) else None)
    return run.assessment()


def assess_parsed(
    parsed: _shell.Parsed, *, policy: Policy, text: str | None = None
) -> Assessment:
    """
    `score` of a command the shell layer has already read (*text*: its
    command line, for the fail-closed hard-rule scan), for
    `blastradius.DeclarativeSpec.evaluate`, which reads its action once.
    """
    run = _Run(policy, DEFAULT_REGISTRY)
    try:
        run.analyze_parsed(parsed, depth=0)
    except Exception as e:  # noqa: BLE001 - fail closed, never raise
        _failed(run, e, text)
    return run.assessment()


def _failed(run: _Run, error: Exception, text: str | None) -> None:
    run.add(
        SimpleCommand(argv=()),
        [
            Finding(
                rule="blastradius.internal.unknown",
                program="",
                kind=Kind.UNKNOWN,
                message=f"internal error, failing closed: {error!r}"[:200],
            )
        ],
    )
    if text is not None:
        _scan_hard_fallback(run, text)


def _trusted_tool(
    entries: tuple[str, ...], command: SimpleCommand, program: str
) -> str | None:
    """
    `blastradius._workspace.trusted_tool`, imported when first needed.
    """
    from blastradius._workspace import trusted_tool

    return trusted_tool(entries, command, program)


def _absolute(cwd: str | None) -> str | None:
    """
    *cwd* normalised when it is an absolute path without NUL, else `None`.
    """
    if not cwd or not cwd.startswith("/") or "\x00" in cwd:
        return None
    normal = posixpath.normpath(cwd)
    return "/" + normal.lstrip("/")


def _scan_hard_fallback(run: _Run, text: str) -> None:
    """
    Last resort after an internal error: analyse each line word-split.
    """
    try:
        for line in text.splitlines()[:1000]:
            run.analyze_parsed(
                _shell.from_argv(tuple(line.split())), depth=MAX_NESTING - 1
            )
    except Exception:  # noqa: BLE001, S110 - already failing closed
        pass


class _Run:
    """
    The state of one `score()` call (local, never shared).
    """

    __slots__ = (
        "calls",
        "commands",
        "cwd",
        "depth",
        "groups",
        "here",
        "judge",
        "now",
        "policy",
        "registry",
        "weigh",
        "weigher",
    )

    def __init__(
        self,
        policy: Policy,
        registry: Mapping[str, Analyzer],
        *,
        now: dt.datetime | None = None,
        cwd: str | None = None,
    ) -> None:
        self.policy = policy
        self.registry = registry
        self.now = now
        self.cwd = cwd
        self.commands: list[SimpleCommand] = []
        self.calls: list[object] = []
        self.groups: list[list[Finding]] = []
        self.depth = 0
        self.here: tuple[str, ...] = ()
        self.weigher = (
            _DEFAULT_WEIGHER if policy is _DEFAULT_POLICY else Weigher(policy)
        )
        self.weigh = self.weigher.weigh
        self.judge = (
            _DEFAULT_JUDGE
            if registry is DEFAULT_REGISTRY
            else registry.get(JUDGMENT)
        )

    def add(self, command: SimpleCommand, findings: list[Finding]) -> None:
        self.commands.append(command)
        weigh = self.weigh
        self.groups.append([weigh(f) for f in findings])

    def analyze_parsed(self, parsed: _shell.Parsed, *, depth: int) -> None:
        for error in parsed.errors:
            self.add(
                SimpleCommand(argv=(), incomplete=True),
                [
                    Finding(
                        rule="shell.parse.unknown",
                        program="",
                        kind=Kind.UNKNOWN,
                        message=error,
                    )
                ],
            )
        for command in parsed.commands:
            self.analyze_command(command, depth=depth)

    def analyze_command(self, command: SimpleCommand, *, depth: int) -> None:
        findings: list[Finding] = []
        groups = self.groups
        index = len(groups)
        self.commands.append(command)
        groups.append([])
        if command.redirects:
            redirects = self.registry.get(REDIRECTS)
            if redirects is not None:
                findings.extend(self._findings(redirects(command, self)))
        if command.via and command.stdin_from is not None:
            # fed by a pipe, maybe inside a function's body: the analyzer
            # of function calls (a function may have any name)
            calls = self.registry.get(FUNCTIONS)
            if calls is not None:
                findings.extend(self._findings(calls(command, self)))
        argv = command.argv
        if argv:
            policy = self.policy
            # The default policy has no aliases and no analyzers of its own.
            plain = policy is _DEFAULT_POLICY
            program = command.program
            if not plain:
                program = policy.resolve_program(program)
            flags = command.dynamic
            dynamic = flags[0] if flags else False
            if dynamic:
                findings.append(
                    Finding(
                        rule="shell.dynamic-program.unknown",
                        program=program,
                        words=(argv[0],),
                        kind=Kind.UNKNOWN,
                        message="the program's name is only known at run time",
                    )
                )
            trusted = (
                None
                if plain or not policy.trusted_tools or dynamic
                else _trusted_tool(policy.trusted_tools, command, program)
            )
            analyzer = (
                None
                if trusted is not None
                else (None if plain else policy.analyzer_for(program))
                or lookup(self.registry, program)
            )
            if trusted is not None:
                findings.append(
                    Finding(
                        rule="policy.trusted-tool",
                        program=program,
                        words=tuple(argv[: len(trusted.split(" "))]),
                        score=_TRUSTED_SCORE,
                        effect=Effect.LOCAL,
                        message=(
                            "a trusted build or test tool runs project code "
                            f"(policy workspace.trusted_tools: {trusted!r})"
                        ),
                    )
                )
            elif (
                analyzer is not None
                and argv[-1] in _HELP_WORDS
                and _help.help_line(command)
            ):
                # ``docker rm --help``: prints help, runs nothing
                analyzer = None
                findings.append(_help.help_finding(command))
            elif analyzer is None:
                if not dynamic:
                    findings.append(
                        Finding(
                            rule="shell.unknown",
                            program=program,
                            words=(argv[0],),
                            kind=Kind.UNKNOWN,
                            message="no analyzer knows this program",
                        )
                    )
                    floor = _floors.unknown_program(command, program, policy)
                    if floor is not None:
                        findings.append(floor)
            else:
                saved_depth, saved_here = self.depth, self.here
                self.depth, self.here = depth, command.via
                try:
                    # a family analyzer's grammar reads the command once,
                    # into the parsed call the assessment keeps
                    read_call = getattr(analyzer, "read_call", None)
                    if read_call is None:
                        found = self._findings(analyzer(command, self))
                    else:
                        call, output = read_call(command, self)
                        self.calls.append(call)
                        found = self._findings(output)
                    if findings:
                        findings.extend(found)
                    else:
                        # Read only from here on: no copy needed.
                        findings = found
                finally:
                    self.depth, self.here = saved_depth, saved_here
                if policy.rm_paths and program == "rm":
                    findings = self._workspace_rm(command, findings)
        judged = self._judge(command, index)
        if judged:
            # a new list: an analyzer's own list is never changed
            findings = [*findings, *judged]
        if findings:
            weigh = self.weigh
            weighed = list(map(weigh, findings))
            floors = _floors.after_weigh(
                command, weighed, self.policy, self.commands, index, self
            )
            if floors:
                weighed.extend(map(weigh, floors))
            groups[index] = weighed

    def reanalyze(self, command: SimpleCommand) -> list[Finding]:
        """
        The findings of *command*'s analyzer on *command* (a command the
        floors synthesise; `_floors.after_weigh`), unweighed.
        """
        program = self.policy.resolve_program(command.program)
        analyzer = self.policy.analyzer_for(program) or lookup(
            self.registry, program
        )
        return (
            [] if analyzer is None else self._handed(analyzer(command, self))
        )

    def _findings(self, found: Iterable[Output]) -> list[Finding]:
        """
        The findings of an analyzer that returned *found*: *found* itself
        when it is a list of findings only (read only from then on), else
        `_handed`.
        """
        if type(found) is list:
            for f in found:
                if type(f) is not Finding:
                    return self._handed(found)
            return found
        return self._handed(found)

    def _handed(self, found: Iterable[Output]) -> list[Finding]:
        """
        The findings among what an analyzer returned, once the nested
        commands it hands over are analysed (in their order, so their
        groups follow the analysed command's) and its targets weighed.
        """
        from blastradius._handoff import Nested, Target

        out: list[Finding] = []
        for item in found:
            if isinstance(item, Finding):
                out.append(item)
            elif isinstance(item, Nested):
                self.follow(item)
            elif isinstance(item, Target):
                target = self._target(item)
                if target is not None:
                    out.append(target)
            else:
                msg = (
                    "an analyzer returns Finding, Nested and Target "
                    f"records, not {type(item).__name__}"
                )
                raise TypeError(msg)
        return out

    def _target(self, target: Target) -> Finding | None:
        """
        ``<family>.target.<label>`` for the best of *target*'s options
        matching one of the policy's kube-context patterns, +10 per unit
        of weight above 1; `None` when none weighs more than 1.
        """
        best: tuple[WeightRule, str, str] | None = None
        context_weight = self.policy.context_weight
        for name, value in target.options:
            row = context_weight(value)
            if row is not None and (
                best is None or row.weight > best[0].weight
            ):
                best = (row, name, value)
        if best is None or best[0].weight <= 1:
            return None
        row, name, value = best
        label = row.id.rsplit(".", 1)[-1]
        return Finding(
            rule=f"{target.family}.target.{label}",
            program=target.program,
            words=(name, value),
            score=round((row.weight - 1) * 10),
            kind=Kind.MODIFIER,
            message=f"{value!r} looks like {label} ({row.id})",
            effect=Effect.MUTATING,
        )

    def _workspace_rm(
        self, command: SimpleCommand, findings: list[Finding]
    ) -> list[Finding]:
        """
        *findings* of an ``rm`` with the ``rm -rf`` hard rule and rm's own
        rows replaced by one local action when the policy's
        ``workspace.rm_paths`` cover every target.
        """
        if not any(f.rule == "shell.rm.recursive-force" for f in findings):
            return findings
        from blastradius._workspace import rm_exemption

        entry = rm_exemption(self.policy.rm_paths, command, self.cwd)
        if entry is None:
            return findings
        kept = [f for f in findings if not f.rule.startswith("shell.rm")]
        kept.append(
            Finding(
                rule="policy.workspace.rm",
                program="rm",
                words=command.argv[1:],
                score=_TRUSTED_SCORE,
                effect=Effect.DESTRUCTIVE,
                message=(
                    "deletes regenerable workspace paths (policy "
                    f"workspace.rm_paths: {entry})"
                ),
            )
        )
        return kept

    def _judge(self, command: SimpleCommand, index: int) -> list[Finding]:
        """
        The findings of the judgment analyzer on *command* (disclosure,
        exfiltration, permissions), and of a disclosure fed to it by the
        previous pipeline stage (its group is before *index*).
        """
        judge = self.judge
        if not index:  # the first command: nothing before it to read
            if judge is None:
                return []
            return self._findings(judge(command, self))
        outer = _substitutions(command.via)
        # command substitutions in its words were analysed just before
        substituted = _substitutions(self.commands[index - 1].via) > outer
        out: list[Finding]
        if judge is None:
            out = []
        elif substituted:
            # ``export $(…)``: the words of the substitution are not in
            # argv, so the command is not a bare dump
            out = [
                f
                for f in self._findings(judge(command, self))
                if f.rule != "disclosure.environment"
            ]
        else:
            # the analyzer's own list: read only (extended into a copy)
            out = self._findings(judge(command, self))
        if substituted and any(command.dynamic):
            inner: list[list[Finding]] = []
            for i in range(index - 1, -1, -1):
                if _substitutions(self.commands[i].via) <= outer:
                    break
                inner.append(self.groups[i])
            out = [*out, *judgment.substituted(inner, command)]
        source = command.stdin_from
        if source is not None:
            # the nearest earlier command of that program: the stage
            # feeding this one
            commands = self.commands
            at = next(
                (
                    i
                    for i in range(index - 1, -1, -1)
                    if commands[i].program == source
                ),
                None,
            )
            fed: list[Finding] = [] if at is None else self.groups[at]
            swapped = judgment.absorbed(fed, command)
            if swapped is not None and at is not None:
                # a registry token piped into that registry's login
                self.groups[at] = swapped
            else:
                out = [*out, *judgment.piped(fed, command)]
        return out

    # -- the Context protocol -------------------------------------------

    def script(self, text: str, *, via: str) -> tuple[Finding, ...]:
        from blastradius._handoff import Nested

        return self.follow(Nested(script=text, via=via))

    def argv(
        self, argv: Iterable[str], *, via: str, dynamic: bool = False
    ) -> tuple[Finding, ...]:
        from blastradius._handoff import Nested

        return self.follow(Nested(argv=argv, via=via, dynamic=dynamic))

    def follow(self, nested: Nested) -> tuple[Finding, ...]:
        """
        Analyse *nested*, run by the command being analysed, as part of
        the assessment; return the findings of the commands found.
        """
        start = len(self.groups)
        via = (*self.here, nested.via)
        if self.depth + 1 >= MAX_NESTING:
            self.add(
                SimpleCommand(argv=(), via=via),
                [
                    Finding(
                        rule="shell.depth.unknown",
                        program="",
                        kind=Kind.UNKNOWN,
                        message="nested too deep to analyse",
                    )
                ],
            )
        else:
            if nested.script is not None:
                parsed = _shell.parse(nested.script, via=via)
            else:
                parsed = _shell.from_argv(nested.argv or (), via=via)
                if nested.dynamic:
                    parsed = _shell.Parsed(
                        [
                            attrs.evolve(c, dynamic=(True,) * len(c.argv))
                            for c in parsed.commands
                        ],
                        parsed.errors,
                    )
            self.analyze_parsed(parsed, depth=self.depth + 1)
        return tuple(f for g in self.groups[start:] for f in g)

    # -- the verdict ------------------------------------------------------

    def assessment(self) -> Assessment:
        """
        The `Assessment` of everything analysed so far.
        """
        return assessment(
            self.weigher, self.groups, self.commands, self.calls, now=self.now
        )
