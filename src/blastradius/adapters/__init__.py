"""
The action side: the gate, review issues, the kubectl runner and rollback
manager, and the outcome store -- the only part of blastradius that does
I/O, and only through what the host injects.

``import blastradius`` never imports this package, and importing this
package imports none of its drivers: each name is loaded from its module
when first asked for.
"""

from __future__ import annotations

import importlib
import typing


if typing.TYPE_CHECKING:
    from blastradius.adapters._facts import (
        FactError,
        capture_facts,
        fact_commands,
        parse_facts,
    )
    from blastradius.adapters._gate import Gate
    from blastradius.adapters._http import (
        AsyncTransport,
        Request,
        Response,
        Secret,
        Transport,
        TransportError,
        UrllibTransport,
    )
    from blastradius.adapters._memory import RuleCounts
    from blastradius.adapters._protocols import (
        Approval,
        AsyncReviews,
        AsyncRollbackExecutor,
        AsyncRunner,
        Clock,
        Decision,
        Execution,
        FactCapture,
        Notifier,
        Outcome,
        OutcomeStore,
        ReviewResult,
        Reviews,
        RollbackExecutor,
        RollbackResult,
        Runner,
        RunResult,
        Step,
        Verdict,
    )
    from blastradius.adapters._review import (
        ReviewIssue,
        parse_approvals,
        review_issue,
    )
    from blastradius.adapters.gitea import AsyncGiteaReviews, GiteaReviews
    from blastradius.adapters.github import AsyncGitHubReviews, GitHubReviews
    from blastradius.adapters.kubectl import AsyncKubectlRunner, KubectlRunner
    from blastradius.adapters.outcomes import JsonlOutcomes, SqliteOutcomes
    from blastradius.adapters.rollback import (
        AsyncRollbackManager,
        RollbackManager,
    )


# name -> the module that defines it; each driver adds its own rows.
_LAZY: typing.Final[dict[str, str]] = {
    "Approval": "blastradius.adapters._protocols",
    "AsyncReviews": "blastradius.adapters._protocols",
    "AsyncRollbackExecutor": "blastradius.adapters._protocols",
    "AsyncRunner": "blastradius.adapters._protocols",
    "Clock": "blastradius.adapters._protocols",
    "Decision": "blastradius.adapters._protocols",
    "Execution": "blastradius.adapters._protocols",
    "FactCapture": "blastradius.adapters._protocols",
    "Notifier": "blastradius.adapters._protocols",
    "Outcome": "blastradius.adapters._protocols",
    "OutcomeStore": "blastradius.adapters._protocols",
    "ReviewResult": "blastradius.adapters._protocols",
    "Reviews": "blastradius.adapters._protocols",
    "RollbackExecutor": "blastradius.adapters._protocols",
    "RollbackResult": "blastradius.adapters._protocols",
    "RunResult": "blastradius.adapters._protocols",
    "Runner": "blastradius.adapters._protocols",
    "Step": "blastradius.adapters._protocols",
    "Verdict": "blastradius.adapters._protocols",
    # the gate and the outcome stores (#10)
    "Gate": "blastradius.adapters._gate",
    "JsonlOutcomes": "blastradius.adapters.outcomes",
    "RuleCounts": "blastradius.adapters._memory",
    "SqliteOutcomes": "blastradius.adapters.outcomes",
    # review issues (#11)
    "AsyncGitHubReviews": "blastradius.adapters.github",
    "AsyncGiteaReviews": "blastradius.adapters.gitea",
    "GitHubReviews": "blastradius.adapters.github",
    "GiteaReviews": "blastradius.adapters.gitea",
    "ReviewIssue": "blastradius.adapters._review",
    "UrllibTransport": "blastradius.adapters._http",
    "AsyncTransport": "blastradius.adapters._http",
    "Request": "blastradius.adapters._http",
    "Response": "blastradius.adapters._http",
    "Secret": "blastradius.adapters._http",
    "Transport": "blastradius.adapters._http",
    "TransportError": "blastradius.adapters._http",
    "parse_approvals": "blastradius.adapters._review",
    "review_issue": "blastradius.adapters._review",
    "KubectlRunner": "blastradius.adapters.kubectl",
    "AsyncKubectlRunner": "blastradius.adapters.kubectl",
    "fact_commands": "blastradius.adapters._facts",
    "parse_facts": "blastradius.adapters._facts",
    "capture_facts": "blastradius.adapters._facts",
    "FactError": "blastradius.adapters._facts",
    "RollbackManager": "blastradius.adapters.rollback",
    "AsyncRollbackManager": "blastradius.adapters.rollback",
}

__all__ = [
    "Approval",
    "AsyncGitHubReviews",
    "AsyncGiteaReviews",
    "AsyncKubectlRunner",
    "AsyncReviews",
    "AsyncRollbackExecutor",
    "AsyncRollbackManager",
    "AsyncRunner",
    "AsyncTransport",
    "Clock",
    "Decision",
    "Execution",
    "FactCapture",
    "FactError",
    "Gate",
    "GitHubReviews",
    "GiteaReviews",
    "JsonlOutcomes",
    "KubectlRunner",
    "Notifier",
    "Outcome",
    "OutcomeStore",
    "Request",
    "Response",
    "ReviewIssue",
    "ReviewResult",
    "Reviews",
    "RollbackExecutor",
    "RollbackManager",
    "RollbackResult",
    "RuleCounts",
    "RunResult",
    "Runner",
    "Secret",
    "SqliteOutcomes",
    "Step",
    "Transport",
    "TransportError",
    "UrllibTransport",
    "Verdict",
    "capture_facts",
    "fact_commands",
    "parse_approvals",
    "parse_facts",
    "review_issue",
]


def __getattr__(name: str) -> typing.Any:
    module = _LAZY.get(name)
    if module is None:
        msg = f"module {__name__!r} has no attribute {name!r}"
        raise AttributeError(msg)
    return getattr(importlib.import_module(module), name)


def __dir__() -> list[str]:
    return list(__all__)
