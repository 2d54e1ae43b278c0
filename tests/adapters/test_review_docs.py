"""
The rendered example in ``docs/reviews.md`` is what `review_issue` gives.
"""

from __future__ import annotations

import hashlib
import re

from pathlib import Path

from tests import markdown_check

from blastradius import DeclarativeSpec
from blastradius.adapters import Decision, Verdict, review_issue


DOC = Path(__file__).parents[2] / "docs" / "reviews.md"


def _example() -> tuple[str, str]:
    ev = DeclarativeSpec(
        action="kubectl scale deploy/api --replicas=0 -n prod",
        namespace="prod",
        target="deploy/api",
        target_state="api drained, 0/0 replicas; ping @oncall",
        constraints=("only deploy/api",),
        incident_id="INC-2041",
    ).evaluate(facts={"previous_replicas": 3})
    d = Decision(
        verdict=Verdict.ASK_TWO,
        argv=("kubectl", "scale", "deploy/api", "--replicas=0", "-n", "prod"),
        digest=hashlib.sha256(b"example").hexdigest(),
        approvals_required=2,
        score=ev.blast_radius_score,
        tier=ev.tier,
        reasons=ev.reasons,
        evaluated=ev,
        incident_id="INC-2041",
        namespace="prod",
        target="deploy/api",
        requester="remediator",
    )
    issue = review_issue(
        d,
        diagnosis="api pods OOM-killed since 09:12 UTC; see"
        " <https://grafana.example/d/api>.",
    )
    return issue.title, issue.body


class TestReviewsDoc:
    def test_example_fresh(self) -> None:
        """
        The docs' example title and body are exactly what `review_issue`
        renders today (regenerate the page's example when this fails).
        """
        text = DOC.read_text("utf-8")
        title = re.search(
            r"<!-- example-title -->\n```text\n(.*?)\n```", text, re.DOTALL
        )
        body = re.search(
            r"<!-- example-body -->\n````markdown\n(.*?)````", text, re.DOTALL
        )
        assert title is not None
        assert body is not None

        assert (title.group(1), body.group(1)) == _example()

    def test_example_inert(self) -> None:
        """
        The example's mention and link are inert.
        """
        parsed = markdown_check.parse(_example()[1])

        assert parsed.live == ()
        assert "`@oncall`" in _example()[1]
