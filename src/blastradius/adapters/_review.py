"""
The pure part of review issues: the issue for a `Decision`, and the
approvals read back from its comments.

Theory of operation. Every piece of text that comes from the command or
the host (the argv, target, target state, constraints, incident id,
requester, reasons, diagnosis) reaches the Markdown body through exactly
one of three doors, and nothing else in the body is host text:

- `_block`: a fenced code block whose fence is longer than any backtick
  run in it, holding text whose non-printable characters are escaped
  (`escape`), so no line can close the fence and nothing in it is live;
- `_code`: an inline code span built the same way (one line, always);
- `_prose`: plain words; any word holding a character that could start
  a mention, a reference, a link, an autolink, HTML, an image or an
  entity goes into an inline code span instead, and the punctuation left
  in plain words is backslash-escaped.

**The escape.** `escape` replaces every character for which
`str.isprintable` is false (Unicode Cc, Cf -- the bidi controls among
them --, Zl, Zp, Zs other than the space, Co, Cs, Cn) by ``\\u{HEX}``,
and an ``\\u{`` already in the text by ``\\u{5c}u{``, so `unescape` undoes
it exactly. An argv is shown as `shlex.join` of its escaped words: for an
argv of printable words that is plain `shlex.join`, which `shlex.split`
reads back as is; otherwise ``[unescape(w) for w in shlex.split(line)]``
(`argv_from_line`) gives the argv back, word for word.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import shlex
import urllib.parse

from collections.abc import Iterable, Mapping, Sequence
from typing import Final

import attrs

from blastradius.adapters._protocols import Approval, Decision, Outcome


__all__ = [
    "ReviewIssue",
    "argv_from_line",
    "escape",
    "incident_key",
    "parse_approvals",
    "parse_marker",
    "review_issue",
    "unescape",
]

TITLE_LIMIT: Final = 255
"""Gitea's limit on an issue title (GitHub's is 256)."""

DIAGNOSIS_LIMIT: Final = 1000
"""Characters of the diagnosis shown; the rest is cut with a mark."""

PREFIX_MIN: Final = 12
"""The fewest hex digits of the digest an ``/approve`` must give."""

_HEX64: Final = re.compile(r"[0-9a-f]{64}")
_SAFE_INCIDENT: Final = re.compile(r"[A-Za-z0-9._:-]{1,64}")
_LOGIN: Final = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")
_ESCAPED: Final = re.compile(r"\\u\{([0-9a-f]{1,6})\}")
_MARKER: Final = re.compile(
    r"<!-- blastradius-review v1 incident=([A-Za-z0-9._:-]{1,64})"
    r" digest=([0-9a-f]{64}) requester=([A-Za-z0-9%._~-]*) -->"
)
_COMMAND: Final = re.compile(
    r"/(approve|reject)[ \t]+(\S+)[ \t]+([0-9A-Fa-f]{12,64})"
    r"(?:[ \t]+(.*))?"
)
# A word left as prose: letters, digits, apostrophes and inner hyphens,
# with at most a parenthesis around it and sentence punctuation after.
_PLAIN: Final = re.compile(r"\(?[^\W_]+(?:['\u2019-][^\W_]+)*\)?[.,;:?]?")
_PUNCT: Final = re.compile(r"([!-/:-@\[-`{-~])")
# Plain words a forge may still link: ``GH-12`` and a repository's own
# autolink prefixes (``JIRA-12``), and what looks like a commit hash.
_REFLIKE: Final = re.compile(r"[^\W_]-[0-9]|^\W*[0-9A-Fa-f]{7,}\W*$")


# -- escaping -----------------------------------------------------------


def escape(text: str) -> str:
    r"""
    *text* with every non-printable character written ``\u{HEX}``.

    An ``\u{`` already in *text* becomes ``\u{5c}u{``, so `unescape` is
    its exact inverse.

    >>> escape("a\u202eb\n")
    'a\\u{202e}b\\u{a}'
    >>> unescape(escape("a\u202eb\\u{41}"))
    'a\u202eb\\u{41}'
    """
    out: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and text.startswith("\\u{", i):
            out.append("\\u{5c}")
        elif not ch.isprintable():
            out.append(f"\\u{{{ord(ch):x}}}")
        else:
            out.append(ch)
        i += 1
    return "".join(out)


def unescape(text: str) -> str:
    r"""
    The inverse of `escape`.

    >>> unescape("tab\\u{9}here")
    'tab\there'
    """

    def one(m: re.Match[str]) -> str:
        code = int(m.group(1), 16)
        return chr(code) if code <= 0x10FFFF else m.group(0)

    return _ESCAPED.sub(one, text)


def argv_line(argv: Sequence[str]) -> str:
    """
    *argv* as one line of shell words: `shlex.join` of the escaped words.
    """
    return shlex.join(escape(w) for w in argv)


def argv_from_line(line: str) -> tuple[str, ...]:
    """
    The argv an `argv_line` shows (the inverse of `argv_line`).

    >>> argv_from_line(argv_line(["echo", "a b", "x\\n`y`"]))
    ('echo', 'a b', 'x\\n`y`')
    """
    return tuple(unescape(w) for w in shlex.split(line))


def _longest_run(text: str, ch: str) -> int:
    best = run = 0
    for c in text:
        run = run + 1 if c == ch else 0
        best = max(best, run)
    return best


def _block(lines: Iterable[str], info: str = "") -> str:
    """
    A fenced code block of *lines* (each already escaped, one line each).
    """
    content = "\n".join(lines)
    fence = "`" * max(3, _longest_run(content, "`") + 1)
    return f"{fence}{info}\n{content}\n{fence}"


def _code(text: str) -> str:
    """
    *text* as an inline code span (escaped, so one line).
    """
    body = escape(text)
    if not body:
        return "(none)"
    fence = "`" * (_longest_run(body, "`") + 1)
    if body[0] in "` " or body[-1] in "` ":
        body = f" {body} "
    return f"{fence}{body}{fence}"


def _prose(text: str) -> str:
    """
    *text* as inert Markdown prose on one line.

    Plain words stay words (their punctuation backslash-escaped); any other
    word -- one holding ``@``, ``#``, ``!``, ``<``, ``[``, ``:``, ``/``, a
    dot inside, a backtick, an ``&``, a non-printable character, or looking
    like ``GH-12`` or a commit hash -- becomes an inline code span, where no
    mention, reference, link or HTML is live.
    """
    out: list[str] = []
    pending: list[str] = []
    for word in text.split(" "):
        if not word:
            continue
        if _PLAIN.fullmatch(word) and not _REFLIKE.search(word):
            if pending:
                out.append(_code(" ".join(pending)))
                pending = []
            out.append(_PUNCT.sub(r"\\\1", word))
        else:
            pending.append(word)
    if pending:
        out.append(_code(" ".join(pending)))
    return " ".join(out) if out else "(none)"


# -- the issue ----------------------------------------------------------


def incident_key(incident: str | None, digest: str) -> str:
    """
    The token that names a review in ``/approve`` and in the marker.

    The incident id itself when it is a safe token
    (``[A-Za-z0-9._:-]{1,64}``); ``incident-`` and 16 hex digits of its
    sha256 when it is not (it never reaches a command or a marker raw);
    ``digest-`` and the first 12 digits of *digest* when there is none.

    >>> incident_key("INC-1", "ab" * 32)
    'INC-1'
    >>> incident_key(None, "ab" * 32)
    'digest-abababababab'
    """
    if incident is None:
        return f"digest-{digest[:PREFIX_MIN]}"
    if _SAFE_INCIDENT.fullmatch(incident):
        return incident
    h = hashlib.sha256(incident.encode("utf-8", "surrogatepass"))
    return f"incident-{h.hexdigest()[:16]}"


def marker(key: str, digest: str, requester: str = "") -> str:
    """
    The hidden HTML comment that lets a driver find the review again.
    """
    # surrogatepass: any str (a lone surrogate too) quotes and round-trips
    who = urllib.parse.quote(
        requester.encode("utf-8", "surrogatepass"), safe=""
    )
    return (
        f"<!-- blastradius-review v1 incident={key} digest={digest}"
        f" requester={who} -->"
    )


@attrs.frozen(kw_only=True)
class Marker:
    """
    What a marker found in an issue or comment body says.
    """

    key: str
    digest: str
    requester: str


def parse_marker(body: str) -> Marker | None:
    """
    The marker on the first line of *body*, if any (only there: host text
    further down may spell one, inside code).
    """
    m = _MARKER.fullmatch(body.split("\n", 1)[0].rstrip("\r"))
    if m is None:
        return None
    return Marker(
        key=m.group(1),
        digest=m.group(2),
        requester=urllib.parse.unquote(m.group(3), errors="surrogatepass"),
    )


def _labels(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


@attrs.frozen(kw_only=True)
class ReviewIssue:
    """
    A review issue, ready to send.

    Attributes:
        title: One line, at most 255 characters:
            ``[AI-Repair] PROGRAM VERB (Blast=N) — INCIDENT``.
        body: The Markdown body (its first line is *marker*).
        labels: Label names to put on it.
        marker: The hidden marker (incident key and digest).
        key: The incident key the commands name (`incident_key`).
        digest: The decision's digest.
    """

    title: str
    body: str
    labels: tuple[str, ...] = attrs.field(converter=_labels)
    marker: str
    key: str
    digest: str


def _title_word(word: str) -> str:
    word = word.rsplit("/", 1)[-1]
    safe = "".join(
        c if (c.isascii() and c.isalnum()) or c in "._-" else "?" for c in word
    )
    return safe[:40] or "?"


def _title(decision: Decision, key: str) -> str:
    argv = decision.argv
    words: list[str] = []
    if argv:
        words.append(_title_word(argv[0]))
        verb = next((w for w in argv[1:] if not w.startswith("-")), None)
        if verb is not None:
            words.append(_title_word(verb))
    what = " ".join(words) or "action"
    title = f"[AI-Repair] {what} (Blast={decision.score}) — {key}"
    return title[:TITLE_LIMIT]


def _yes(value: bool) -> str:
    return "yes" if value else "no"


def _action_lines(decision: Decision) -> list[str]:
    if decision.argv:
        return [argv_line(decision.argv)]
    ev = decision.evaluated
    if ev is None:
        return ["# (no runnable argv)"]
    action = ev.spec.action
    if isinstance(action, str):
        return ["# not one runnable argv; the text as given:", escape(action)]
    return [argv_line(action)]


def _plan_sections(decision: Decision) -> list[str]:
    out: list[str] = []
    ev = decision.evaluated
    if ev is None:
        out += ["### Plan", "", "The spec could not be evaluated."]
        return out
    spec = ev.spec
    out += ["### Target state", "", _prose(spec.target_state), ""]
    # EvaluatedSpec.verify (the action's own convergence check) comes
    # with the gate's spec changes; read it when the spec has it.
    verify = tuple(getattr(ev, "verify", ()))
    if verify:
        out += ["### Verify", "", _block([argv_line(verify)], "sh"), ""]
    out += ["### Dry run", ""]
    if ev.dry_run_argv is not None:
        required = "required" if ev.dry_run_required else "not required"
        out += [f"A server dry run is {required}:", ""]
        out += [_block([argv_line(ev.dry_run_argv)], "sh"), ""]
    else:
        out += ["The action has no server dry run.", ""]
    out += ["### Constraints", ""]
    out += [f"- {_prose(c)}" for c in ev.constraints] or ["(none)"]
    plan = ev.rollback_plan
    out += ["", "### Rollback plan", ""]
    out += [f"Status: {_code(plan.status.value)}.", ""]
    if plan.reason:
        out += [f"Why: {_prose(plan.reason)}", ""]
    if plan.steps:
        out += ["Steps:", "", _block([argv_line(s) for s in plan.steps], "sh")]
        out += [""]
    if plan.verify:
        out += [
            "Verify:",
            "",
            _block([argv_line(s) for s in plan.verify], "sh"),
            "",
        ]
    out += [f"- Note: {_prose(n)}" for n in plan.notes]
    if plan.needs:
        out += [f"- Needs: {', '.join(_code(n) for n in plan.needs)}"]
    return out


def _needed(decision: Decision) -> str:
    n = decision.approvals_required
    if n == 1:
        return "1 approval is needed"
    return f"{n} approvals of different reviewers are needed"


def _diagnosis(diagnosis: str) -> list[str]:
    if not diagnosis:
        return ["(none given)"]
    shown = diagnosis[:DIAGNOSIS_LIMIT]
    lines = [escape(line) for line in shown.split("\n")]
    out = [_block(lines, "text")]
    if len(diagnosis) > DIAGNOSIS_LIMIT:
        cut = len(diagnosis) - DIAGNOSIS_LIMIT
        out += [
            "",
            (
                f"**[diagnosis cut at {DIAGNOSIS_LIMIT:,} characters;"
                f" {cut:,} more not shown]**"
            ),
        ]
    return out


def _review_steps(key: str, digest: str) -> list[str]:
    short = digest[:PREFIX_MIN]
    return [
        "### How to review",
        "",
        "1. Read the action, the dry run and the rollback plan above.",
        "2. To approve exactly this plan, comment:",
        "",
        _block([f"/approve {key} {short}"]),
        "",
        "3. To reject it (this voids every approval), comment:",
        "",
        _block([f"/reject {key} {short} REASON"]),
        "",
        (
            "It runs only after the approvals needed, each from a different"
            " reviewer. The requester and the issue's author never count. A"
            " changed plan gets a new digest and needs new approvals."
        ),
    ]


def plan_body(decision: Decision, *, diagnosis: str = "") -> str:
    """
    The body of the review of *decision* (also the comment for a changed
    plan).
    """
    key = incident_key(decision.incident_id, decision.digest)
    ev = decision.evaluated
    requester = decision.requester
    lines = [
        marker(key, decision.digest, requester),
        f"## Two-person review of incident {_code(key)}",
        "",
        (
            f"**Blast radius {decision.score}/100, tier"
            f" {_code(decision.tier.name)}**: {_needed(decision)} before it"
            " runs."
        ),
        "",
        f"- Incident: {_code(decision.incident_id or '')}",
        (
            f"- Score: {decision.score} (tier {_code(decision.tier.name)},"
            f" verdict {_code(decision.verdict.value)})"
        ),
        f"- Namespace: {_code(decision.namespace or '')}",
        f"- Target: {_code(decision.target or '')}",
        f"- Dry run required: {_yes(bool(ev and ev.dry_run_required))}",
        f"- Requester: {_code(requester)}",
        f"- Digest (sha256): {_code(decision.digest)}",
        "",
        "### Action",
        "",
        _block(_action_lines(decision), "sh"),
        "",
        *_plan_sections(decision),
        "",
        "### Scoring basis",
        "",
        _block([escape(r) for r in decision.reasons] or ["(none)"], "text"),
        "",
        "### Diagnosis",
        "",
        *_diagnosis(diagnosis),
        "",
        *_review_steps(key, decision.digest),
        "",
    ]
    return "\n".join(lines)


def review_issue(
    decision: Decision,
    *,
    diagnosis: str = "",
    labels: Sequence[str] = ("ai-repair",),
) -> ReviewIssue:
    """
    The review issue of *decision*: title, Markdown body, labels, marker.

    No command or host text can break out of the body (see the module's
    theory of operation); *diagnosis* is cut at 1,000 characters.

    >>> from blastradius import DeclarativeSpec, Tier
    >>> from blastradius.adapters import Decision, Verdict
    >>> ev = DeclarativeSpec(
    ...     action="kubectl delete deploy api -n prod", namespace="prod",
    ...     incident_id="INC-7").evaluate()
    >>> d = Decision(verdict=Verdict.ASK_TWO, argv=ev.spec.action.split(),
    ...     digest="ab" * 32, approvals_required=2, score=80,
    ...     tier=Tier.DUAL, reasons=ev.reasons, evaluated=ev,
    ...     incident_id="INC-7")
    >>> review_issue(d).title
    '[AI-Repair] kubectl delete (Blast=80) — INC-7'
    """
    key = incident_key(decision.incident_id, decision.digest)
    return ReviewIssue(
        title=_title(decision, key),
        body=plan_body(decision, diagnosis=diagnosis),
        labels=tuple(labels),
        marker=marker(key, decision.digest, decision.requester),
        key=key,
        digest=decision.digest,
    )


def update_body(decision: Decision, *, diagnosis: str = "") -> str:
    """
    The comment that puts a changed plan on an open review.
    """
    first, rest = plan_body(decision, diagnosis=diagnosis).split("\n", 1)
    return (
        f"{first}\n**The plan changed.** Approvals of the earlier digest no"
        f" longer count.\n\n{rest}"
    )


def outcome_body(outcome: Outcome) -> str:
    """
    The comment that closes a review with its *outcome*.
    """

    def opt(value: bool | None) -> str:
        return "not run" if value is None else _yes(value)

    approvers = ", ".join(_code(a) for a in outcome.approvers) or "(none)"
    lines = [
        "### Outcome",
        "",
        f"- Status: {_code(outcome.status)}",
        f"- Executed: {_yes(outcome.executed)}",
        f"- Verified: {opt(outcome.verified)}",
        f"- Rolled back: {opt(outcome.rolled_back)}",
        f"- Approvers: {approvers}",
        f"- Digest: {_code(outcome.digest)}",
    ]
    if outcome.error:
        lines += ["", "Error:", "", _block([escape(outcome.error)], "text")]
    return "\n".join(lines) + "\n"


# -- approvals ----------------------------------------------------------


def _login(comment: Mapping[str, object]) -> str | None:
    user = comment.get("user")
    if not isinstance(user, Mapping):
        return None
    login = user.get("login")
    if not isinstance(login, str) or not _LOGIN.fullmatch(login):
        return None
    return login


def _when(value: object) -> dt.datetime | None:
    if not isinstance(value, str):
        return None
    text = value[:-1] + "+00:00" if value.endswith(("Z", "z")) else value
    try:
        at = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    if at.utcoffset() is None:
        return None
    return at.astimezone(dt.timezone.utc)


def _commands(body: str) -> Iterable[re.Match[str]]:
    for line in body.splitlines():
        m = _COMMAND.fullmatch(line.strip())
        if m is not None:
            yield m


def _folded(names: Iterable[str]) -> frozenset[str]:
    return frozenset(n.lower() for n in names if _LOGIN.fullmatch(n))


def parse_approvals(  # noqa: PLR0913 - each is a keyword of the contract
    comments: Iterable[Mapping[str, object]],
    *,
    reviewers: Iterable[str],
    requester: str,
    author: str,
    incident: str | None,
    digest: str,
) -> tuple[Approval, ...]:
    """
    The approvals of *digest* in *comments*, or the rejections voiding them.

    A comment counts when its user is in *reviewers* (logins compared
    without case; a login that is not ``[A-Za-z0-9][A-Za-z0-9._-]*`` never
    counts), is neither *requester* nor *author*, and a line of it reads
    ``/approve KEY PREFIX`` where KEY is `incident_key` of *incident* and
    PREFIX at least 12 hex digits of *digest*; one approval per user (the
    earliest). When any such user comments ``/reject KEY PREFIX reason``,
    only the rejections are returned (``reject=True``): they void every
    approval. Malformed comments are skipped, and a *digest* that is not
    64 lowercase hex digits matches nothing; this never raises.

    >>> c = [{"user": {"login": "ana"}, "body": "/approve INC-1 " + "0" * 12,
    ...       "created_at": "2026-01-01T10:00:00Z"}]
    >>> [a.user for a in parse_approvals(c, reviewers=["ana"],
    ...     requester="bot", author="bot", incident="INC-1", digest="0" * 64)]
    ['ana']
    """
    if not _HEX64.fullmatch(digest):
        return ()
    key = incident_key(incident, digest)
    allowed = _folded(reviewers) - _folded([requester, author])
    approvals: dict[str, Approval] = {}
    rejections: dict[str, Approval] = {}
    ordered = []
    for n, comment in enumerate(comments):
        if not isinstance(comment, Mapping):
            continue
        login = _login(comment)
        at = _when(comment.get("created_at"))
        body = comment.get("body")
        if login is None or at is None or not isinstance(body, str):
            continue
        if login.lower() not in allowed:
            continue
        ordered.append((at, n, login, body))
    for at, _n, login, body in sorted(ordered):
        for m in _commands(body):
            verb, named, prefix, reason = m.groups()
            if named != key or not digest.startswith(prefix.lower()):
                continue
            who = login.lower()
            record = Approval(
                user=login,
                digest=digest,
                at=at,
                reject=verb == "reject",
                reason=(reason or "").strip(),
            )
            table = rejections if record.reject else approvals
            table.setdefault(who, record)
    if rejections:
        return tuple(rejections.values())
    return tuple(approvals.values())
