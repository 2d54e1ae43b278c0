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
        # first, as sshpass is also a secret-looking name: a password as the
        # next word (redis-cli -a, sshpass -p, docker login -p)
        (
            r"(\b(?:redis-cli|sshpass|login)\b[^|;&\n]{0,200}?\s(?:-a|-p)\s+)"
            r"([^\s'\"]+)"
        ),
        # key=value and --key=value / --key value for secret-looking names
        (
            r"(?i)((?:^|[\s'\"])-{0,2}[\w.-]*"
            r"(?:pass(?:word|wd)?|secret|token|api[_-]?key|auth|credential)"
            r"[\w.-]*(?:=|\s+))(\S+)"
        ),
        # Authorization / bearer headers, and other secret headers
        (r"(?i)(authorization:\s*(?:bearer|basic|token)?\s*)(\S+)"),
        (r"(?i)(\bbearer\s+)(\S+)"),
        (
            r"(?i)((?:^|[\s'\"])(?:x-[\w-]*(?:key|token|secret)|cookie"
            r"|private-token):\s*)([^\s'\"]+)"
        ),
        # user:password@ in URLs
        (r"(://[^/\s:@]+:)([^/\s@]+)(@)"),
        # secret-looking query parameters: ?token=…&, &password=…
        (
            r"(?i)([?&][\w.-]*(?:pass(?:word|wd)?|secret|token|api[_-]?key"
            r"|auth|credential|signature|sig)[\w.-]*=)([^&\s'\"#]+)"
        ),
        # mysql / mariadb -pPASSWORD (the value attached to -p)
        (r"(\b(?:mysql|mariadb)[\w-]*\b[^|;&\n]{0,200}?\s-p)([^\s'\"]+)"),
        # curl -u user:password
        (r"((?:^|\s)(?:-u|--user)(?:\s+|=)[^\s:'\"]*:)([^\s'\"]+)"),
        # well-known token shapes
        (
            r"()\b((?:AKIA|ASIA)[0-9A-Z]{16}|gh[pousr]_[0-9A-Za-z]{20,}"
            r"|github_pat_\w{20,}|xox[abpr]-[0-9A-Za-z-]{10,}"
            r"|sk-[0-9A-Za-z_-]{16,}|glpat-[0-9A-Za-z_-]{16,})"
        ),
    )
)
"""Secret-looking text: group 2 is replaced, groups 1 and 3 kept."""

MAX_LOGGED: Final = 4096
"""The longest command text logged (characters); a longer one is cut at
the last blank before it, so that redaction stays fast (some patterns are
quadratic in a word's length) and no secret is logged half-cut."""


def _bounded(command: str) -> str:
    """
    *command*, cut at a blank to at most `MAX_LOGGED` characters plus a
    note of how many were left out.

    >>> _bounded("a " * 3000)[-30:]
    'a a a … (1905 more characters)'
    """
    if len(command) <= MAX_LOGGED:
        return command
    head = command[:MAX_LOGGED]
    cut = max(head.rfind(c) for c in " \t\n")
    head = head[:cut] if cut > 0 else ""
    return f"{head} … ({len(command) - len(head)} more characters)"


def redact(command: str) -> str:
    """
    *command* with secrets replaced by ``***``: values of secret-looking
    options, variables and query parameters, authorization and other
    secret headers, URL passwords, ``mysql -pPASSWORD``, ``curl -u
    user:PASSWORD``, ``redis-cli -a``, ``sshpass -p``, ``… login -p`` and
    well-known token shapes.

    >>> redact("mysql --password=hunter2 -h db")
    'mysql --password=*** -h db'
    >>> redact("curl https://bob:s3cret@example.com")
    'curl https://bob:***@example.com'
    >>> redact("mysql -u root -phunter2 shop")
    'mysql -u root -p*** shop'
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
        record["command"] = redact(_bounded(answer.request.command))
        record["cwd"] = answer.request.cwd
    if answer.assessment is not None:
        record["score"] = answer.assessment.score
        record["tier"] = answer.assessment.tier.value
        record["rules"] = sorted({f.rule for f in answer.assessment.findings})
        record["policy"] = answer.assessment.policy_fingerprint
    record["reason"] = redact(str(record["reason"]))
    return json.dumps(record, ensure_ascii=True, sort_keys=True) + "\n"
