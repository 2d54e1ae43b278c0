"""
Usage examples of the public API, checked by mypy --strict (never run).

Each function is what a host would write; a ``# type: ignore[code]`` marks
a misuse that mypy must reject (strict mode reports an ignore that is no
longer needed, so these lines fail the check if the API gets looser).
"""

from __future__ import annotations

from collections.abc import Sequence

import blastradius

from blastradius import (
    Assessment,
    Effect,
    Finding,
    Kind,
    Policy,
    Redirect,
    SimpleCommand,
    Thresholds,
    Tier,
)
from blastradius.exceptions import BlastRadiusError, PolicyError, SpecError


def score_a_line() -> tuple[int, Tier, tuple[str, ...]]:
    a: Assessment = blastradius.score("kubectl -n prod delete ns payments")
    return a.score, a.tier, a.reasons


def score_an_argv(argv: Sequence[str]) -> bool:
    a = blastradius.score(argv)
    b = blastradius.score(["kubectl", "get", "pods"])
    c = blastradius.score(("ls", "-la"))
    return a.blocked or b.tier >= Tier.HUMAN or c.tier is Tier.AUTO


def score_with_policy(cmd: str) -> Assessment:
    policy = Policy(thresholds=Thresholds(auto=5, human=40, dual=90))
    return blastradius.score(cmd, policy=policy)


def gate(cmd: str) -> str:
    tier = blastradius.score(cmd).tier
    if tier is Tier.BLOCKED:
        return "refuse"
    if tier > Tier.HUMAN:
        return "two approvals"
    if tier is Tier.HUMAN:
        return "one approval"
    return "run"


def explain(cmd: str) -> list[str]:
    out: list[str] = []
    for f in blastradius.score(cmd).findings:
        rule: str = f.rule
        words: tuple[str, ...] = f.words
        hard: bool = f.hard
        kind: Kind = f.kind
        effect: Effect | None = f.effect
        namespace: str | None = f.namespace
        out.append(f"{rule} {words} {hard} {kind.value} {effect} {namespace}")
        out.append(f.reason)
    return out


def commands(cmd: str) -> list[tuple[str, tuple[str, ...]]]:
    result: list[tuple[str, tuple[str, ...]]] = []
    for c in blastradius.score(cmd).commands:
        command: SimpleCommand = c
        redirects: tuple[Redirect, ...] = command.redirects
        result.append((command.program, command.argv))
        result.extend((r.op, (r.target,)) for r in redirects)
    return result


def to_json(cmd: str) -> dict[str, object]:
    return blastradius.score(cmd).to_dict()


def build_values() -> tuple[Finding, SimpleCommand, Tier]:
    finding = Finding(rule="team.custom", program="deploy", score=30)
    command = SimpleCommand(argv=["deploy", "--prod"])
    return finding, command, Thresholds().tier_of(finding.score)


def handle_errors() -> str:
    try:
        Thresholds(auto=50, human=10)
    except PolicyError as e:
        return str(e)
    except SpecError as e:
        return str(e)
    except BlastRadiusError:
        return "other"
    return "ok"


def policy_error_is_value_error() -> ValueError:
    return PolicyError("bad", path="thresholds")


def version() -> str:
    return blastradius.__version__


def misuse() -> None:
    blastradius.score(b"rm -rf /")  # type: ignore[arg-type]
    blastradius.score("ls", policy="strict")  # type: ignore[arg-type]
    a = blastradius.score("ls")
    a.score = 0  # type: ignore[misc]
    n: int = a.tier  # type: ignore[assignment]
    _ = n


def gate_loop() -> tuple[bool, int]:
    from blastradius.adapters import (
        Approval,
        Decision,
        Execution,
        Gate,
        OutcomeStore,
        SqliteOutcomes,
        Verdict,
    )
    from blastradius.testing import FakeClock, FakeRunner, MemoryOutcomes

    store: OutcomeStore = MemoryOutcomes()
    durable: OutcomeStore = SqliteOutcomes("outcomes.db")
    gate = Gate(
        runner=FakeRunner(), clock=FakeClock(), requester="bot", outcomes=store
    )
    decision: Decision = gate.decide("kubectl get pods -n dev")
    ok = Approval(user="ana", digest=decision.digest, at=gate.clock.now())
    execution: Execution = gate.execute(decision, approvals=[ok])
    _ = durable
    return execution.executed, int(decision.verdict is Verdict.EXECUTE)


def gate_misuse() -> None:
    from blastradius.adapters import Gate
    from blastradius.testing import FakeClock, FakeRunner

    Gate(runner=FakeRunner(), clock=FakeClock())  # type: ignore[call-arg]
    gate = Gate(runner=FakeRunner(), clock=FakeClock(), requester="bot")
    gate.execute("kubectl get pods")  # type: ignore[arg-type]


def review_on_gitea(
    decision: blastradius.adapters.Decision,
) -> tuple[blastradius.adapters.ReviewResult, int]:
    import blastradius.adapters as ad

    reviews: ad.Reviews = ad.GiteaReviews(
        "https://gitea.example", "ops", "infra", "token", reviewers=("ana",)
    )
    review = reviews.open(decision, diagnosis="crash loop")
    approvals = reviews.approvals(review)
    issue: ad.ReviewIssue = ad.review_issue(decision)
    _ = issue.title, issue.body
    return review, len([a for a in approvals if not a.reject])


async def review_on_github(
    decision: blastradius.adapters.Decision,
) -> blastradius.adapters.ReviewResult:
    import blastradius.adapters as ad

    reviews: ad.AsyncReviews = ad.AsyncGitHubReviews(
        "https://api.github.com", "ops", "infra", "token"
    )
    ad.GitHubReviews("https://api.github.com", "o", "r", 5)  # type: ignore[arg-type]
    return await reviews.open(decision)
