"""
The hook's optional JSONL audit log: one record per call, with secrets in
commands replaced by ``***`` (pure: text in, text out).
"""

from __future__ import annotations

import json
import re

from typing import TYPE_CHECKING, Final


if TYPE_CHECKING:
    from blastradius._cli._hook import Answer


__all__ = ["audit_line", "redact"]

_SECRETS: Final = tuple(
    re.compile(p)
    for p in (
        # key=value and --key=value / --key value for secret-looking names
        (
            r"(?i)((?:^|[\s'\"])-{0,2}[\w.-]*"
            r"(?:pass(?:word|wd)?|secret|token|api[_-]?key|auth|credential)"
            r"[\w.-]*(?:=|\s+))(\S+)"
        ),
        # Authorization / bearer headers
        (r"(?i)(authorization:\s*(?:bearer|basic|token)?\s*)(\S+)"),
        (r"(?i)(\bbearer\s+)(\S+)"),
        # user:password@ in URLs
        (r"(://[^/\s:@]+:)([^/\s@]+)(@)"),
        # well-known token shapes
        (
            r"()\b((?:AKIA|ASIA)[0-9A-Z]{16}|gh[pousr]_[0-9A-Za-z]{20,}"
            r"|github_pat_\w{20,}|xox[abpr]-[0-9A-Za-z-]{10,}"
            r"|sk-[0-9A-Za-z_-]{16,}|glpat-[0-9A-Za-z_-]{16,})"
        ),
    )
)
"""Secret-looking text: group 2 is replaced, groups 1 and 3 kept."""


def redact(command: str) -> str:
    """
    *command* with secrets replaced by ``***``: values of secret-looking
    options and variables, authorization headers, URL passwords and
    well-known token shapes.

    >>> redact("mysql --password=hunter2 -h db")
    'mysql --password=*** -h db'
    >>> redact("curl https://bob:s3cret@example.com")
    'curl https://bob:***@example.com'
    """
    out = command
    for pattern in _SECRETS:
        out = pattern.sub(
            lambda m: (
                m.group(1) + "***" + (m.group(3) if m.re.groups > 2 else "")
            ),
            out,
        )
    return out


def audit_line(answer: Answer, *, when: str) -> str:
    """
    The JSONL audit record of *answer* (one line, secrets redacted).
    """
    record: dict[str, object] = {
        "time": when,
        "agent": answer.agent,
        "decision": answer.decision.verdict,
        "error": answer.decision.error,
        "exit": answer.exit_code,
        "reason": answer.decision.reason,
    }
    if answer.request is not None:
        record["command"] = redact(answer.request.command)
        record["cwd"] = answer.request.cwd
    if answer.assessment is not None:
        record["score"] = answer.assessment.score
        record["tier"] = answer.assessment.tier.value
        record["rules"] = sorted({f.rule for f in answer.assessment.findings})
        record["policy"] = answer.assessment.policy_fingerprint
    record["reason"] = redact(str(record["reason"]))
    return json.dumps(record, ensure_ascii=True, sort_keys=True) + "\n"
