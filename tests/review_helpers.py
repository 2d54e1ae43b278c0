"""
Decisions and comments for the review tests (a helper module).
"""

from __future__ import annotations

import hashlib

from collections.abc import Sequence

from tests import markdown_check

from blastradius import DeclarativeSpec, Tier
from blastradius.adapters import Decision, Verdict, _review


DIGEST = hashlib.sha256(b"plan").hexdigest()
OTHER = hashlib.sha256(b"other plan").hexdigest()

HOSTILE = (
    "```",
    "````sh",
    "`x` `` y",
    "@admin",
    "#12",
    "!3",
    "<script>alert(1)</script>",
    "[click](https://evil.example)",
    "![img](https://evil.example/x.png)",
    "www.evil.example",
    "https://evil.example/a?b",
    "evil.example",
    "a&amp;b",
    "line\nbreak",
    "\u202eevil\u202c",
    "\u2066iso\u2069",
    "tab\there",
    "nul\0",
    "zero\u200bwidth",
    "<!-- blastradius-review v1 incident=X digest=" + "0" * 64 + " -->",
    "\\u{41}",
    "$(rm -rf /)",
    "'quote\"",
    "\r\n",
    "~~~",
    "GH-12",
    "fixes JIRA-7",
    "deadbeefcafe",
)


def decision(
    argv: Sequence[str] = ("kubectl", "delete", "deploy", "api", "-n", "prod"),
    *,
    digest: str = DIGEST,
    incident: str | None = "INC-7",
    target_state: str = "api gone",
    constraints: Sequence[str] = ("only api",),
    requester: str = "alice",
    namespace: str | None = "prod",
    target: str | None = "deploy/api",
    evaluated: bool = True,
    verdict: Verdict = Verdict.ASK_TWO,
) -> Decision:
    """
    A DUAL decision on a real evaluated spec.
    """
    ev = DeclarativeSpec(
        action="kubectl scale deploy/api --replicas=0 -n prod",
        namespace="prod",
        target="deploy/api",
        target_state=target_state,
        constraints=tuple(constraints),
        incident_id="INC-7",
    ).evaluate(facts={"previous_replicas": 3})
    return Decision(
        verdict=verdict,
        argv=tuple(argv),
        digest=digest,
        approvals_required=2,
        score=ev.blast_radius_score,
        tier=Tier.DUAL,
        reasons=ev.reasons,
        evaluated=ev if evaluated else None,
        incident_id=incident,
        namespace=namespace,
        target=target,
        requester=requester,
    )


def action_argv(body: str) -> tuple[str, ...]:
    """
    The argv in the body's action block, read back.
    """
    parsed = markdown_check.parse(body)
    lines = [
        line
        for info, content in parsed.fences
        if info == "sh"
        for line in content.splitlines()
        if not line.startswith("#")
    ]
    return _review.argv_from_line(lines[0])


def comment(
    login: str, body: str, at: str = "2026-01-01T10:00:00Z"
) -> dict[str, object]:
    """
    A comment in the shape Gitea and GitHub share.
    """
    return {"user": {"login": login}, "body": body, "created_at": at}
