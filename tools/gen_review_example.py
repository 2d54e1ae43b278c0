"""
Regenerate the rendered example issue in ``docs/reviews.md`` (between the
``<!-- example-title -->`` / ``<!-- example-body -->`` marks) from
`blastradius.adapters.review_issue`.

Usage::

    python tools/gen_review_example.py          # rewrite the example
    python tools/gen_review_example.py --check  # exit 1 if out of date

``render()`` returns the page with a fresh example; a test compares it with
the committed file.
"""

from __future__ import annotations

import hashlib
import re
import sys

from pathlib import Path

from blastradius import DeclarativeSpec
from blastradius.adapters import Decision, Verdict, review_issue


ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "reviews.md"

_TITLE = re.compile(
    r"(<!-- example-title -->\n```text\n)(.*?)(\n```)", re.DOTALL
)
_BODY = re.compile(
    r"(<!-- example-body -->\n````markdown\n)(.*?)(````)", re.DOTALL
)


def example() -> tuple[str, str]:
    """
    The example issue's title and body.
    """
    ev = DeclarativeSpec(
        action="kubectl scale deploy/api --replicas=0 -n prod",
        namespace="prod",
        target="deploy/api",
        target_state="api drained, 0/0 replicas; ping @oncall",
        constraints=("only deploy/api",),
        incident_id="INC-2041",
    ).evaluate(facts={"previous_replicas": 3})
    decision = Decision(
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
        decision,
        diagnosis="api pods OOM-killed since 09:12 UTC; see"
        " <https://grafana.example/d/api>.",
    )
    return issue.title, issue.body


def render() -> str:
    """
    ``docs/reviews.md`` with the example as `review_issue` renders it now.
    """
    title, body = example()
    text = OUT.read_text(encoding="utf-8")
    text = _TITLE.sub(lambda m: m.group(1) + title + m.group(3), text)
    return _BODY.sub(lambda m: m.group(1) + body + m.group(3), text)


def main(argv: list[str]) -> int:
    text = render()
    if "--check" in argv:
        if OUT.read_text(encoding="utf-8") != text:
            print(f"{OUT} is out of date: run {Path(__file__).name}")
            return 1
        return 0
    OUT.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
