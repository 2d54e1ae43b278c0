"""
Declarative specs: what an operator means to do, under which constraints,
and how it would be undone — evaluated without calling any model.
"""

from __future__ import annotations

import re
import shlex

from collections.abc import Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Final

import attrs

from blastradius import _names
from blastradius._model import Assessment, Effect, SimpleCommand, Tier
from blastradius._policy import (
    DEFAULT_DRY_RUN_FROM_TIER,
    DEFAULT_IRREVERSIBLE_PENALTY,
    DEFAULT_MISSING_FACTS_PENALTY,
    Policy,
)
from blastradius._rollback import (
    Facts,
    RollbackPlan,
    RollbackStatus,
    as_facts,
    command_of,
    one_command,
    plan_for,
    read_action,
)
from blastradius.exceptions import SpecError


if TYPE_CHECKING:
    from blastradius import _shell
    from blastradius.families.kubectl.grammar import KubectlCall


__all__ = [
    "DEFAULT_DRY_RUN_FROM_TIER",
    "DEFAULT_IRREVERSIBLE_PENALTY",
    "DEFAULT_MISSING_FACTS_PENALTY",
    "DeclarativeSpec",
    "EvaluatedSpec",
    "runnable_argv",
]

NOT_ONE_ARGV: Final = "the gate runs one command as argv; split it"
"""Why an action that is not one simple command has no `EvaluatedSpec.argv`
(a pipe, ``;``, a redirection, a leading assignment, a function …)."""

INCIDENT_ID: Final = re.compile(r"[A-Za-z0-9._:-]{1,64}")
"""What a `DeclarativeSpec.incident_id` must match in full."""

VERIFY_PATHS: Final = frozenset(
    {
        ("scale",),
        ("set", "image"),
        ("set", "env"),
        ("set", "resources"),
        ("set", "serviceaccount"),
        ("rollout", "restart"),
        ("rollout", "resume"),
        ("rollout", "undo"),
        ("apply",),
        ("patch",),
        ("replace",),
        ("edit",),
    }
)
"""kubectl commands that change a workload's pod template or replica count:
their `EvaluatedSpec.verify` is ``rollout status`` of that workload."""

WORKLOAD_KINDS: Final[Mapping[tuple[str, str], str]] = MappingProxyType(
    {
        ("deployments", "apps"): "deployment",
        ("daemonsets", "apps"): "daemonset",
        ("statefulsets", "apps"): "statefulset",
    }
)
"""The workloads ``rollout status`` follows, with the type it is told."""

_ASSIGNMENT: Final = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\+?=")

_MUTATING: Final = frozenset({Effect.MUTATING, Effect.DESTRUCTIVE})
_PENALISED: Final = frozenset(
    {
        RollbackStatus.IRREVERSIBLE,
        RollbackStatus.INCOMPLETE,
        RollbackStatus.REJECTED,
    }
)


def _action(value: object) -> str | tuple[str, ...]:
    if isinstance(value, str):
        if not value.strip():
            msg = "the action is empty"
            raise SpecError(msg, field="action", value=value)
        return value
    if isinstance(value, Sequence) and not isinstance(value, bytes):
        argv = tuple(value)
        if (
            not argv
            or not all(isinstance(w, str) for w in argv)
            or not argv[0]
        ):
            msg = "the action must be a command string or a non-empty argv"
            raise SpecError(msg, field="action", value=value)
        return argv
    msg = "the action must be a command string or an argv"
    raise SpecError(msg, field="action", value=value)


def _strs(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


def _constraints(value: object) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        msg = "constraints must be a sequence of strings"
        raise SpecError(msg, field="constraints", value=value)
    out = tuple(value)
    for c in out:
        if not isinstance(c, str) or not c.strip() or "\0" in c:
            msg = "every constraint is a non-empty string"
            raise SpecError(msg, field="constraints", value=c)
    return out


def _text(field: str, *, optional: bool, limit: int) -> Any:
    def check(_inst: object, _attr: object, value: object) -> None:
        if value is None and optional:
            return
        ok = (
            isinstance(value, str)
            and len(value) <= limit
            and value.isprintable()
            and (not optional or bool(value.strip()))
        )
        _names.check(ok, field, f"printable text of at most {limit}", value)

    return check


def _incident(_inst: object, _attr: object, value: Any) -> None:
    if value is not None and (
        not isinstance(value, str) or not INCIDENT_ID.fullmatch(value)
    ):
        msg = (
            "an incident id is 1 to 64 characters of A-Z, a-z, 0-9 and . _ : -"
        )
        raise SpecError(msg, field="incident_id", value=value)


def _namespace(_inst: object, _attr: object, value: Any) -> None:
    if value is not None:
        _names.check(
            _names.is_dns1123_label(value),
            "namespace",
            "a Kubernetes namespace (DNS-1123 label)",
            value,
        )


@attrs.frozen
class DeclarativeSpec:
    """
    What an operator means to do: one action, where, on what, to reach
    which state, under which constraints.

    Validated on construction: an empty action, a namespace or target that
    is not a valid Kubernetes name, or a namespace / target that contradicts
    the action raises `blastradius.SpecError` naming the field.

    Attributes:
        action: The command: a shell command line or an argv.
        namespace: The namespace the action must run in.
        target: The object it acts on: ``NAME`` or ``TYPE/NAME``
            (``deploy/api``, ``deployments.apps/api``).
        target_state: What "fixed" looks like, for people
            (``"3/3 replicas ready"``).
        constraints: The operator's own constraints, for people.
        incident_id: The incident this remediates, if any: 1 to 64
            characters of ``A-Za-z0-9._:-`` (it names review issues and
            outcome records).

    .. versionchanged:: 0.2
       *incident_id* must match ``[A-Za-z0-9._:-]{1,64}``.

    >>> spec = DeclarativeSpec(
    ...     action="kubectl scale deploy/api --replicas=5 -n prod",
    ...     namespace="prod",
    ...     target="deploy/api",
    ... )
    >>> spec.evaluate(facts={"previous_replicas": 3}).rollback_plan.steps[0]
    ('kubectl', 'scale', 'deployments.apps/api', '--replicas=3', '-n', 'prod')
    """

    action: str | tuple[str, ...] = attrs.field(converter=_action)
    namespace: str | None = attrs.field(
        kw_only=True, default=None, validator=_namespace
    )
    target: str | None = attrs.field(
        kw_only=True,
        default=None,
        validator=_text("target", optional=True, limit=512),
    )
    target_state: str = attrs.field(
        kw_only=True,
        default="",
        validator=_text("target_state", optional=False, limit=4096),
    )
    constraints: tuple[str, ...] = attrs.field(
        kw_only=True, default=(), converter=_constraints
    )
    incident_id: str | None = attrs.field(
        kw_only=True, default=None, validator=_incident
    )

    def __attrs_post_init__(self) -> None:
        command = command_of(self.action)
        if isinstance(command, str) and "cannot be parsed" in command:
            raise SpecError(command, field="action", value=self.action)
        call = _kubectl_call(command)
        if self.target is not None:
            _check_target(self.target, call)
        if (
            call is not None
            and self.namespace is not None
            and call.namespace is not None
            and call.namespace != self.namespace
        ):
            msg = (
                f"the action runs in namespace {call.namespace!r}, "
                f"not {self.namespace!r}"
            )
            raise SpecError(msg, field="namespace", value=self.namespace)

    def evaluate(
        self,
        policy: Policy | None = None,
        facts: Facts | Mapping[str, object] | None = None,
    ) -> EvaluatedSpec:
        """
        Score the action, derive its rollback and the constraints under
        which it may run.

        Pure and deterministic: the same spec, policy and facts always give
        an equal `EvaluatedSpec`.

        Args:
            policy: The policy in force; the default when `None`.
            facts: What the host captured before the action (see `Facts`).

        Raises:
            SpecError: *facts* is malformed.
        """
        return _evaluate(self, policy or Policy(), as_facts(facts))

    def to_dict(self) -> dict[str, Any]:
        """
        A JSON-ready view.
        """
        return {
            "action": self.action
            if isinstance(self.action, str)
            else list(self.action),
            "namespace": self.namespace,
            "target": self.target,
            "target_state": self.target_state,
            "constraints": list(self.constraints),
            "incident_id": self.incident_id,
        }


@attrs.frozen(kw_only=True)
class EvaluatedSpec:
    """
    A `DeclarativeSpec` after `DeclarativeSpec.evaluate`.

    Attributes:
        spec: The spec evaluated.
        assessment: `blastradius.score` of the action.
        blast_radius_score: The assessment's score plus the rollback
            penalty (an irreversible action, or one whose rollback needs
            facts not supplied), clamped to 99; 100 stays 100.
        tier: The tier of *blast_radius_score* under the policy.
        blast_reason: One line: the worst reason, and the rollback penalty.
        reasons: The assessment's reasons, then the penalty's.
        dry_run_required: Whether the action must pass ``--dry-run=server``
            first: it mutates, its tier is at least the policy's
            ``dry_run_from_tier`` (default ``HUMAN``), and kubectl supports a
            server dry run for it.
        dry_run_argv: The action's argv with ``--dry-run=server``, when the
            action supports one.
        rollback_plan: How to undo it.
        constraints: The spec's constraints, then derived ones.
        requires_gitops_pr: Whether *tier* is ``DUAL``.
        argv: The action exactly as a runner runs it (no shell), or ``()``
            when it is not one simple command runnable as an argv (see
            *argv_problem*).
        argv_problem: Why *argv* is ``()``, else ``""``.
        verify: The argv that checks the action converged: ``kubectl
            rollout status TYPE/NAME -n NS --timeout=120s`` when it changes
            the pod template or replica count of one named deployment,
            daemonset or statefulset; ``()`` where nothing can be checked.

    .. versionchanged:: 0.2
       *argv*, *argv_problem* and *verify*.

    >>> spec = DeclarativeSpec(
    ...     "kubectl set image deploy/api app=api:2 -n prod", namespace="prod"
    ... )
    >>> " ".join(spec.evaluate().verify)
    'kubectl rollout status deployment/api -n prod --timeout=120s'
    >>> DeclarativeSpec("kubectl get pods | head").evaluate().argv_problem
    'the gate runs one command as argv; split it'
    """

    spec: DeclarativeSpec
    assessment: Assessment
    blast_radius_score: int
    tier: Tier
    blast_reason: str
    reasons: tuple[str, ...] = attrs.field(converter=_strs)
    dry_run_required: bool
    dry_run_argv: tuple[str, ...] | None
    rollback_plan: RollbackPlan
    constraints: tuple[str, ...] = attrs.field(converter=_strs)
    requires_gitops_pr: bool
    argv: tuple[str, ...] = attrs.field(default=(), converter=_strs)
    argv_problem: str = ""
    verify: tuple[str, ...] = attrs.field(default=(), converter=_strs)

    def to_dict(self) -> dict[str, Any]:
        """
        A JSON-ready view.
        """
        return {
            "spec": self.spec.to_dict(),
            "assessment": self.assessment.to_dict(),
            "blast_radius_score": self.blast_radius_score,
            "tier": self.tier.value,
            "blast_reason": self.blast_reason,
            "reasons": list(self.reasons),
            "dry_run_required": self.dry_run_required,
            "dry_run_argv": None
            if self.dry_run_argv is None
            else list(self.dry_run_argv),
            "rollback_plan": self.rollback_plan.to_dict(),
            "constraints": list(self.constraints),
            "requires_gitops_pr": self.requires_gitops_pr,
            "argv": list(self.argv),
            "argv_problem": self.argv_problem,
            "verify": list(self.verify),
        }


# -- helpers ---------------------------------------------------------------


def _kubectl_call(command: SimpleCommand | str) -> KubectlCall | None:
    if isinstance(command, str) or command.program != "kubectl":
        return None
    from blastradius.families.kubectl.grammar import parse_kubectl

    return parse_kubectl(command.argv)


def _call_of(
    assessment: Assessment, command: SimpleCommand, program: str
) -> KubectlCall | None:
    """
    The kubectl call the scorer read from *command* (*program*: its
    program, policy aliases resolved), or `None` when it is not kubectl.
    """
    if program != "kubectl":
        return None
    from blastradius.families.kubectl.grammar import (
        KubectlCall,
        parse_kubectl,
    )

    for call in assessment.calls:
        if isinstance(call, KubectlCall) and call.argv == command.argv:
            return call
    # a host's own analyzer read it: no call was kept
    return parse_kubectl(command.argv, dynamic=command.dynamic)


def _check_target(target: str, call: KubectlCall | None) -> None:
    from blastradius.families.kubectl.grammar import resolve_resource

    kind, slash, name = target.rpartition("/")
    resource = "pods"
    if slash:
        ref = resolve_resource(kind)
        if ref is None:
            msg = f"{kind!r} is not a known resource type"
            raise SpecError(msg, field="target", value=target)
        resource = ref.resource
    if not _names.is_object_name(resource, name):
        msg = f"{name!r} is not a valid Kubernetes object name"
        raise SpecError(msg, field="target", value=target)
    if call is None:
        return
    names = {r.name for r in call.resources if r.name}
    names.update(a for a in call.args if "=" not in a)
    if names and name not in names:
        msg = f"the action does not name {name!r}"
        raise SpecError(msg, field="target", value=target)


def _dry_run_argv(argv: Sequence[str]) -> tuple[str, ...]:
    """
    *argv* with any ``--dry-run`` word dropped and ``--dry-run=server``
    added before ``--`` (or at the end).
    """
    try:
        end = list(argv).index("--")
    except ValueError:
        end = len(argv)
    head = [
        w
        for w in argv[:end]
        if w != "--dry-run" and not w.startswith("--dry-run=")
    ]
    return (*head, "--dry-run=server", *argv[end:])


def runnable_argv(action: str | Sequence[str]) -> tuple[tuple[str, ...], str]:
    """
    *action* as one argv a runner can run without a shell, and ``""``; or
    ``()`` and why not.

    A command line is one argv when bash would run exactly the words
    `shlex.split` gives: one simple command, with no pipe, list, redirection,
    leading assignment, function, subshell, expansion or glob.
    """
    from blastradius import _shell

    words: tuple[str, ...]
    if isinstance(action, str):
        parsed = _shell.parse(action)
        try:
            words = tuple(shlex.split(action))
        except ValueError as e:
            return (), f"{NOT_ONE_ARGV} ({e})"
        if (
            parsed.errors
            or parsed.commands != _shell.from_argv(words).commands
        ):
            return (), NOT_ONE_ARGV
    else:
        words = tuple(action)
    return _runnable_command(words, command_of(words))


def _runnable(
    action: str | tuple[str, ...], parsed: _shell.Parsed
) -> tuple[tuple[str, ...], str]:
    """
    `runnable_argv` of *action* from *parsed*, the shell layer's reading
    of it.

    When that reading is one plain command of exactly the words
    `shlex.split` gives, reading those words as an argv gives the same
    command (the wrappers are unwrapped alike), so they are not read
    again; only a command line that is more (a wrapper, an expansion) is
    compared with its argv reading, as `runnable_argv` does.
    """
    words: tuple[str, ...]
    if isinstance(action, str):
        try:
            words = tuple(shlex.split(action))
        except ValueError as e:
            return (), f"{NOT_ONE_ARGV} ({e})"
        plain = (SimpleCommand(argv=words, dynamic=(False,) * len(words)),)
        if parsed.errors or (
            parsed.commands != plain
            and parsed.commands != read_action(words).commands
        ):
            return (), NOT_ONE_ARGV
    else:
        words = action
    return _runnable_command(words, one_command(parsed))


def _runnable_command(
    words: tuple[str, ...], command: SimpleCommand | str
) -> tuple[tuple[str, ...], str]:
    if (
        not words
        or _ASSIGNMENT.match(words[0])
        or isinstance(command, str)
        or command.assignments
        or command.redirects
        or any(command.dynamic)
        or command.incomplete
        or command.unknown_args
        or command.stdin is not None
        or command.stdin_unknown
    ):
        return (), NOT_ONE_ARGV
    return words, ""


def _verify_argv(
    command: SimpleCommand | str,
    call: KubectlCall | None,
    spec: DeclarativeSpec,
) -> tuple[str, ...]:
    from blastradius._rollback import VERIFY_TIMEOUT

    if (
        isinstance(command, str)
        or call is None
        or call.dry_run
        or call.path not in VERIFY_PATHS
    ):
        return ()
    from blastradius.families.kubectl import rollback

    # None: credentials or a server the verify could not repeat
    conn = rollback.verify_conn(call)
    if conn is None:
        return ()
    refs = [
        (WORKLOAD_KINDS.get((r.resource, r.group)), r.name)
        for r in call.resources
        if r.name
    ]
    if not refs and spec.target is not None and "/" in spec.target:
        from blastradius.families.kubectl.grammar import resolve_resource

        kind, _, name = spec.target.rpartition("/")
        ref = resolve_resource(kind)  # never None: the spec checked it
        workload = (
            WORKLOAD_KINDS.get((ref.resource, ref.group)) if ref else None
        )
        refs = [(workload, name)]
    if len(refs) != 1 or refs[0][0] is None:
        return ()
    namespace = spec.namespace or call.namespace
    return (
        command.argv[0],
        "rollout",
        "status",
        f"{refs[0][0]}/{refs[0][1]}",
        *(("-n", namespace) if namespace else ()),
        f"--timeout={VERIFY_TIMEOUT}",
        *conn,
    )


def _effects(assessment: Assessment) -> set[Effect]:
    return {f.effect for f in assessment.findings if f.effect is not None}


def _derived_constraints(
    spec: DeclarativeSpec,
    call: KubectlCall | None,
    plan: RollbackPlan,
    *,
    dry_run: bool,
) -> list[str]:
    out: list[str] = []
    namespace = spec.namespace
    if namespace is None and call is not None:
        namespace = call.namespace
    if namespace is not None:
        out.append(f"namespace must be {namespace}")
    if call is not None:
        context = call.flag("context")
        if isinstance(context, str):
            out.append(f"context must be {context}")
        named = [r for r in call.resources if r.name]
        wide = (
            call.all_namespaces
            or call.has("selector")
            or call.has("all")
            or call.has("filename")
            or call.has("kustomize")
        )
        if wide:
            out.append(
                "the affected resources are chosen at run time (selector, "
                "--all, -A or -f): list them with a dry run first"
            )
        elif named:
            n = len(named)
            out.append(
                f"no more than {n} resource{'s' if n > 1 else ''} affected"
            )
    if dry_run:
        out.append("the action must pass --dry-run=server first")
    if plan.needs and not plan.exact:
        out.append("capture before running: " + ", ".join(plan.needs))
    return out


def _evaluate(
    spec: DeclarativeSpec, policy: Policy, facts: Facts
) -> EvaluatedSpec:
    from blastradius._score import assess_parsed

    # The action is read once by the shell layer and each command once by
    # its grammar (while scoring); everything below derives from those.
    parsed = read_action(spec.action)
    assessment = assess_parsed(
        parsed,
        policy=policy,
        text=spec.action if isinstance(spec.action, str) else None,
    )
    command = one_command(parsed)
    argv: tuple[str, ...] | None = None
    call: KubectlCall | None = None
    if isinstance(command, SimpleCommand):
        program = policy.resolve_program(command.program)
        argv = (
            (program, *command.args)
            if program != command.program
            else command.argv
        )
        call = _call_of(assessment, command, program)
        plan = plan_for(
            command, facts, namespace=spec.namespace, argv=argv, call=call
        )
    else:
        plan = RollbackPlan(status=RollbackStatus.UNSUPPORTED, reason=command)

    effects = _effects(assessment)
    mutating = bool(effects & _MUTATING)
    reasons = list(assessment.reasons)
    total = assessment.score
    penalty_reason = ""
    if total < 100 and (
        plan.status in _PENALISED
        or (plan.status is RollbackStatus.UNSUPPORTED and mutating)
    ):
        penalty = (
            policy.irreversible_penalty
            if plan.status is RollbackStatus.IRREVERSIBLE
            else policy.missing_facts_penalty
        )
        if penalty > 0:
            total = min(99, total + penalty)
            penalty_reason = (
                f"rollback.{plan.status.value}: {plan.reason} (+{penalty})"
            )
            reasons.append(penalty_reason)
    tier = policy.thresholds.tier_of(total)

    supports = _supports_server_dry_run(call)
    dry_run_argv = (
        _dry_run_argv(argv) if supports and argv is not None else None
    )
    dry_run_required = bool(
        supports
        and mutating
        and call is not None
        and not call.dry_run
        and tier >= policy.dry_run_from_tier
    )
    head = (
        assessment.reasons[0]
        if assessment.reasons
        else "no risky action found"
    )
    blast_reason = f"{head}; {penalty_reason}" if penalty_reason else head
    runnable, problem = _runnable(spec.action, parsed)
    constraints = list(spec.constraints)
    for c in _derived_constraints(spec, call, plan, dry_run=dry_run_required):
        if c not in constraints:
            constraints.append(c)
    return EvaluatedSpec(
        spec=spec,
        assessment=assessment,
        blast_radius_score=total,
        tier=tier,
        blast_reason=blast_reason,
        reasons=reasons,
        dry_run_required=dry_run_required,
        dry_run_argv=dry_run_argv,
        rollback_plan=plan,
        constraints=constraints,
        requires_gitops_pr=tier is Tier.DUAL,
        argv=runnable,
        argv_problem=problem,
        verify=_verify_argv(command, call, spec) if runnable else (),
    )


def _supports_server_dry_run(call: KubectlCall | None) -> bool:
    if call is None:
        return False
    from blastradius.families.kubectl import rollback

    return rollback.supports_server_dry_run(call)
