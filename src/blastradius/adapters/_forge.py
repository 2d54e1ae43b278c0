"""
The review drivers' shared logic, as sans-I/O flows over a forge dialect
(Gitea or GitHub): find-or-open an issue, read its approvals, close it.

A `Dialect` says how one forge spells things (paths, paging, auth, labels);
`Forge` holds the configuration and builds the flows; `gitea.py` and
`github.py` bind a dialect and a transport into the public drivers.

Every flow returns a value and never raises: any failure -- no reply, an
error status, a reply that is not the JSON expected -- becomes
``ReviewResult(success=False, error=...)`` (or no approvals), with the
token scrubbed from the text.
"""

from __future__ import annotations

import json
import logging
import re
import urllib.parse

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, ClassVar, Final, NoReturn

import attrs

from blastradius.adapters import _review
from blastradius.adapters._http import (
    AsyncTransport,
    Flow,
    Request,
    Response,
    Secret,
    Sleep,
    ThreadTransport,
    Transport,
    TransportError,
    UrllibTransport,
    check_url,
    run_async,
    run_sync,
)
from blastradius.adapters._protocols import (
    Approval,
    Decision,
    Outcome,
    ReviewResult,
    Verdict,
)


__all__ = ["DEFAULT_TIMEOUT", "AsyncDriver", "Dialect", "Forge", "SyncDriver"]

LOG: Final = logging.getLogger("blastradius.adapters.reviews")

MAX_PAGES: Final = 1000
"""Pages read from one list before giving up (a server that never ends)."""

DEFAULT_TIMEOUT: Final = 30.0
"""Seconds one `open`, `approvals` or `close` call may take in all."""

RETRY_AFTER_MAX: Final = 60.0
"""The longest ``Retry-After`` honoured (once per request)."""

_MEANING: Final = {
    301: "redirect refused (redirects are never followed with the token)",
    302: "redirect refused (redirects are never followed with the token)",
    303: "redirect refused (redirects are never followed with the token)",
    307: "redirect refused (redirects are never followed with the token)",
    308: "redirect refused (redirects are never followed with the token)",
    400: "bad request",
    401: "unauthorized (is the token valid?)",
    403: "forbidden (does the token have the issue scope?)",
    404: "not found (base URL, owner, repository or issue)",
    409: "conflict",
    410: "gone (are issues disabled on the repository?)",
    412: "precondition failed",
    422: "validation failed",
    423: "locked (is the repository archived?)",
    429: "rate limited",
}

_NEXT: Final = re.compile(r'<[^>]*>\s*;\s*rel="?next"?')


def _fail(msg: str) -> NoReturn:
    raise _FlowError(msg)


class _FlowError(Exception):
    """
    A flow's failure, caught at the top of the flow.
    """


@attrs.frozen(kw_only=True)
class Dialect:
    """
    How one forge spells the review API.

    Attributes:
        name: ``"Gitea"`` or ``"GitHub"``, for messages.
        api: The path of the API under the base URL (``/api/v1``, ``""``).
        auth_scheme: ``"token"`` or ``"Bearer"``.
        headers: Headers every request carries.
        page_size_param: ``"limit"`` or ``"per_page"``.
        page_size: The page size asked for.
        label_ids: Whether issues take label ids (Gitea) or names.
        issue_filter: Extra query parameters of the issue list.
        comment_paging: Whether the comment list takes page parameters.
        close_fields: The fields of the PATCH that closes an issue.
    """

    name: str
    api: str
    auth_scheme: str
    headers: tuple[tuple[str, str], ...]
    page_size_param: str
    page_size: int
    label_ids: bool
    issue_filter: tuple[tuple[str, str], ...]
    comment_paging: bool
    close_fields: tuple[tuple[str, str], ...]


def _scrub(text: str, secret: Secret) -> str:
    token = secret.reveal()
    out = text.replace(token, "***")
    out = _review.escape(out)
    return out[:500]


def _message(reply: Response) -> str:
    try:
        data = reply.json()
    except ValueError:
        return ""
    if isinstance(data, Mapping):
        msg = data.get("message")
        if isinstance(msg, str):
            return msg[:200]
    return ""


def _retry_after(reply: Response) -> float | None:
    value = reply.header("retry-after")
    if value is None or not value.strip().isdigit():
        return None
    seconds = float(value.strip())
    return seconds if seconds <= RETRY_AFTER_MAX else None


def _int(value: object) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value


def _login_of(item: Mapping[str, object]) -> str:
    user = item.get("user")
    if isinstance(user, Mapping):
        login = user.get("login")
        if isinstance(login, str):
            return login
    return ""


def _has_next(reply: Response) -> bool | None:
    link = reply.header("link")
    if link is None:
        return None
    return _NEXT.search(link) is not None


class Forge:
    """
    The configuration of a review driver and the flows it runs.
    """

    def __init__(  # noqa: PLR0913 - the driver's keywords
        self,
        dialect: Dialect,
        base_url: str,
        owner: str,
        repo: str,
        token: str,
        *,
        labels: Iterable[str],
        reviewers: Iterable[str],
        login: str | None,
    ) -> None:
        why = check_url(base_url)
        if why:
            msg = f"base_url is not usable: {why}"
            raise ValueError(msg)
        for name, value in (("owner", owner), ("repo", repo)):
            if not value.strip() or not value.isprintable():
                msg = f"{name} must be a non-empty string"
                raise ValueError(msg)
        self.dialect = dialect
        self.base_url = base_url.rstrip("/")
        self.owner = owner
        self.repo = repo
        self.secret = Secret(token)
        self.labels = tuple(labels)
        self.reviewers = tuple(reviewers)
        self.login = login

    def describe(self, cls: str) -> str:
        """
        The driver's repr (never the token).
        """
        return (
            f"{cls}(base_url={self.base_url!r}, owner={self.owner!r},"
            f" repo={self.repo!r}, token=***, labels={self.labels!r},"
            f" reviewers={self.reviewers!r})"
        )

    # -- requests -------------------------------------------------------

    def _url(self, path: str, query: Sequence[tuple[str, str]] = ()) -> str:
        repo = (
            f"/repos/{urllib.parse.quote(self.owner, safe='')}"
            f"/{urllib.parse.quote(self.repo, safe='')}"
        )
        url = self.base_url + self.dialect.api + path.replace("{repo}", repo)
        if query:
            url += "?" + urllib.parse.urlencode(query)
        return url

    def _request(
        self,
        method: str,
        path: str,
        *,
        query: Sequence[tuple[str, str]] = (),
        payload: object = None,
    ) -> Request:
        headers = list(self.dialect.headers)
        if not any(k == "Accept" for k, _ in headers):
            headers.insert(0, ("Accept", "application/json"))
        body = None
        if payload is not None:
            body = json.dumps(payload).encode("utf-8")
            headers.append(("Content-Type", "application/json"))
        headers.append(("User-Agent", "blastradius-reviews"))
        return Request(
            method=method,
            url=self._url(path, query),
            headers=tuple(headers),
            body=body,
            auth=Secret(f"{self.dialect.auth_scheme} {self.secret.reveal()}"),
        )

    def _call(
        self,
        method: str,
        path: str,
        *,
        query: Sequence[tuple[str, str]] = (),
        payload: object = None,
        ok: tuple[int, ...] = (200,),
    ) -> Flow[tuple[object, Response]]:
        request = self._request(method, path, query=query, payload=payload)
        where = f"{self.dialect.name} {method} {path.replace('{repo}', '')}"
        retried = False
        while True:
            try:
                reply = yield request
            except TransportError as err:
                msg = f"{where}: no reply: {err}"
                raise _FlowError(msg) from None
            assert reply is not None  # noqa: S101 - the runner's contract
            if reply.status == 429 and not retried:
                wait = _retry_after(reply)
                if wait is not None:
                    retried = True
                    try:
                        yield Sleep(wait)
                    except TransportError as err:
                        msg = f"{where}: HTTP 429 rate limited: {err}"
                        raise _FlowError(msg) from None
                    continue
            if reply.status not in ok:
                meaning = _MEANING.get(reply.status) or (
                    "server error" if reply.status >= 500 else "unexpected"
                )
                detail = _message(reply)
                msg = f"{where}: HTTP {reply.status} {meaning}"
                if detail:
                    msg += f": {detail}"
                raise _FlowError(msg)
            try:
                data = reply.json()
            except ValueError:
                msg = f"{where}: the reply is not valid JSON"
                raise _FlowError(msg) from None
            return data, reply

    def _pages(
        self, path: str, query: Sequence[tuple[str, str]] = ()
    ) -> Flow[list[Mapping[str, Any]]]:
        items: list[Mapping[str, Any]] = []
        size = (self.dialect.page_size_param, str(self.dialect.page_size))
        for page in range(1, MAX_PAGES + 1):
            q = [*query, ("page", str(page)), size]
            data, reply = yield from self._call("GET", path, query=q)
            if not isinstance(data, list):
                msg = f"{self.dialect.name} GET {path}: not a list"
                raise _FlowError(msg.replace("{repo}", ""))
            items.extend(x for x in data if isinstance(x, Mapping))
            more = _has_next(reply)
            total = _int_header(reply, "x-total-count")
            if not data or more is False:
                return items
            if more is None and total is not None and len(items) >= total:
                return items
        msg = f"{self.dialect.name}: more than {MAX_PAGES} pages"
        raise _FlowError(msg)

    def _comments(self, number: int) -> Flow[list[Mapping[str, Any]]]:
        path = f"{{repo}}/issues/{number}/comments"
        if self.dialect.comment_paging:
            return (yield from self._pages(path))
        data, _reply = yield from self._call("GET", path)
        if not isinstance(data, list):
            msg = f"{self.dialect.name} GET comments: not a list"
            raise _FlowError(msg)
        return [x for x in data if isinstance(x, Mapping)]

    def _whoami(self) -> Flow[str]:
        if self.login is not None:
            return self.login
        data, _reply = yield from self._call("GET", "/user")
        login = data.get("login") if isinstance(data, Mapping) else None
        if not isinstance(login, str) or not login:
            msg = f"{self.dialect.name} GET /user: no login in the reply"
            raise _FlowError(msg)
        return login

    def _find(self, key: str, login: str) -> Flow[Mapping[str, Any] | None]:
        query = [("state", "open"), *self.dialect.issue_filter]
        issues = yield from self._pages("{repo}/issues", query)
        mine = []
        for issue in issues:
            if issue.get("pull_request"):
                continue
            if _login_of(issue).lower() != login.lower():
                continue
            body = issue.get("body")
            found = _review.parse_marker(body if isinstance(body, str) else "")
            number = _int(issue.get("number"))
            if found is not None and found.key == key and number is not None:
                mine.append((number, issue))
        if not mine:
            return None
        return min(mine, key=lambda pair: pair[0])[1]

    def _label_payload(
        self,
    ) -> Flow[list[object]]:
        if not self.labels:
            return []
        if not self.dialect.label_ids:
            return list(self.labels)
        existing = yield from self._pages("{repo}/labels")
        ids: dict[str, int] = {}
        for label in existing:
            name, ident = label.get("name"), _int(label.get("id"))
            if isinstance(name, str) and ident is not None:
                ids.setdefault(name, ident)
        out: list[object] = [ids[n] for n in self.labels if n in ids]
        missing = [n for n in self.labels if n not in ids]
        if missing:
            LOG.warning(
                "%s: labels not found, not applied: %s",
                self.dialect.name,
                ", ".join(_review.escape(n) for n in missing),
            )
        return out

    def _result(
        self,
        issue: Mapping[str, Any],
        decision: Decision,
        *,
        action: str,
        author: str,
    ) -> ReviewResult:
        number = _int(issue.get("number"))
        url = issue.get("html_url")
        if number is None:
            msg = f"{self.dialect.name}: the issue has no number"
            raise _FlowError(msg)
        return ReviewResult(
            success=True,
            issue_url=_scrub(url, self.secret)
            if isinstance(url, str)
            else None,
            issue_number=number,
            incident_id=decision.incident_id,
            digest=decision.digest,
            author=author,
            action=action,
        )

    def _failed(
        self, what: str, err: Exception, **fields: Any
    ) -> ReviewResult:
        error = _scrub(str(err), self.secret)
        LOG.warning("%s: %s", what, error)
        return ReviewResult(success=False, error=error, **fields)

    # -- the flows ------------------------------------------------------

    def open_flow(
        self, decision: Decision, diagnosis: str
    ) -> Flow[ReviewResult]:
        """
        Find the open review of *decision*'s incident, or open one.
        """
        ids = {"incident_id": decision.incident_id, "digest": decision.digest}
        try:
            if decision.verdict is Verdict.REFUSE:
                _fail("a refused decision is never put up for review")
            issue = _review.review_issue(
                decision, diagnosis=diagnosis, labels=self.labels
            )
            login = yield from self._whoami()
            found = yield from self._find(issue.key, login)
            if found is not None:
                return (yield from self._existing(found, decision, diagnosis))
            labels = yield from self._label_payload()
            payload: dict[str, object] = {
                "title": issue.title,
                "body": issue.body,
            }
            if labels:
                payload["labels"] = labels
            created, _reply = yield from self._call(
                "POST", "{repo}/issues", payload=payload, ok=(201,)
            )
            if not isinstance(created, Mapping):
                _fail(
                    f"{self.dialect.name}: the created issue is not an object"
                )
            author = _login_of(created) or login
            return self._result(
                created, decision, action="created", author=author
            )
        except Exception as err:  # noqa: BLE001 - failures are values
            return self._failed("review open", err, **ids)

    def _existing(
        self, issue: Mapping[str, Any], decision: Decision, diagnosis: str
    ) -> Flow[ReviewResult]:
        number = _int(issue.get("number"))
        assert number is not None  # noqa: S101 - _find checked it
        author = _login_of(issue)
        comments = yield from self._comments(number)
        plans = _plans(issue, comments, author)
        if plans and plans[-1][1].digest == decision.digest:
            return self._result(
                issue, decision, action="existing", author=author
            )
        body = _review.update_body(decision, diagnosis=diagnosis)
        yield from self._call(
            "POST",
            f"{{repo}}/issues/{number}/comments",
            payload={"body": body},
            ok=(201,),
        )
        return self._result(issue, decision, action="updated", author=author)

    def approvals_flow(
        self, review: ReviewResult
    ) -> Flow[tuple[Approval, ...]]:
        """
        The approvals of *review*'s digest read from its issue.
        """
        try:
            number = review.issue_number
            if not review.success or number is None:
                return ()
            issue, _reply = yield from self._call(
                "GET", f"{{repo}}/issues/{number}"
            )
            if not isinstance(issue, Mapping) or issue.get("state") != "open":
                return ()
            author = _login_of(issue)
            if review.author and author.lower() != review.author.lower():
                return ()
            comments = yield from self._comments(number)
            plans = _plans(issue, comments, author)
            if not plans or plans[-1][1].digest != review.digest:
                return ()
            start, plan = plans[-1]
            key = _review.incident_key(review.incident_id, review.digest)
            if plan.key != key:
                return ()
            later = comments[start:]
        except Exception as err:  # noqa: BLE001 - failures are values
            self._failed("review approvals", err)
            return ()
        return _review.parse_approvals(
            later,
            reviewers=self.reviewers,
            requester=plan.requester,
            author=author,
            incident=review.incident_id,
            digest=review.digest,
        )

    def close_flow(
        self, review: ReviewResult, outcome: Outcome
    ) -> Flow[ReviewResult]:
        """
        Comment *outcome* on *review* and close it.
        """
        fields: dict[str, Any] = {
            "incident_id": review.incident_id,
            "digest": review.digest,
            "issue_number": review.issue_number,
            "issue_url": review.issue_url,
            "author": review.author,
        }
        try:
            number = review.issue_number
            if number is None:
                _fail("the review has no issue to close")
            yield from self._call(
                "POST",
                f"{{repo}}/issues/{number}/comments",
                payload={"body": _review.outcome_body(outcome)},
                ok=(201,),
            )
            yield from self._call(
                "PATCH",
                f"{{repo}}/issues/{number}",
                payload=dict(self.dialect.close_fields),
                ok=(200, 201),
            )
            return ReviewResult(success=True, action="closed", **fields)
        except Exception as err:  # noqa: BLE001 - failures are values
            return self._failed("review close", err, **fields)


def _timeout(value: float) -> float:
    seconds = float(value)
    if not seconds > 0:
        msg = f"timeout must be a positive number of seconds, not {value!r}"
        raise ValueError(msg)
    return seconds


def _int_header(reply: Response, name: str) -> int | None:
    value = reply.header(name)
    if value is None or not value.strip().isdigit():
        return None
    return int(value.strip())


def _plans(
    issue: Mapping[str, Any],
    comments: Sequence[Mapping[str, Any]],
    author: str,
) -> list[tuple[int, _review.Marker]]:
    """
    Every plan the author put on the issue: (index of the first comment
    after it, its marker), oldest first.
    """
    out: list[tuple[int, _review.Marker]] = []
    body = issue.get("body")
    first = _review.parse_marker(body if isinstance(body, str) else "")
    if first is not None:
        out.append((0, first))
    for n, comment in enumerate(comments):
        if not author or _login_of(comment).lower() != author.lower():
            continue
        text = comment.get("body")
        found = _review.parse_marker(text if isinstance(text, str) else "")
        if found is not None:
            out.append((n + 1, found))
    return out


class SyncDriver:
    """
    A review driver over a sync `Transport`; subclasses set *DIALECT*.
    """

    DIALECT: ClassVar[Dialect]

    def __init__(  # noqa: PLR0913 - the driver's keywords
        self,
        base_url: str,
        owner: str,
        repo: str,
        token: str,
        *,
        transport: Transport | None = None,
        labels: Iterable[str] = ("ai-repair",),
        reviewers: Iterable[str] = (),
        timeout: float = DEFAULT_TIMEOUT,
        login: str | None = None,
    ) -> None:
        self._forge = Forge(
            self.DIALECT,
            base_url,
            owner,
            repo,
            token,
            labels=labels,
            reviewers=reviewers,
            login=login,
        )
        self._transport = transport or UrllibTransport()
        self._timeout = _timeout(timeout)

    def __repr__(self) -> str:
        return self._forge.describe(type(self).__name__)

    def open(self, decision: Decision, *, diagnosis: str = "") -> ReviewResult:
        """
        Open the review of *decision*, or find it (idempotent per
        incident); never raises.
        """
        flow = self._forge.open_flow(decision, diagnosis)
        return run_sync(flow, self._transport, timeout=self._timeout)

    def approvals(self, review: ReviewResult) -> tuple[Approval, ...]:
        """
        The approvals (or the rejections) of *review*; ``()`` on failure.
        """
        flow = self._forge.approvals_flow(review)
        return run_sync(flow, self._transport, timeout=self._timeout)

    def close(self, review: ReviewResult, outcome: Outcome) -> ReviewResult:
        """
        Comment *outcome* and close the issue; never raises.
        """
        flow = self._forge.close_flow(review, outcome)
        return run_sync(flow, self._transport, timeout=self._timeout)


class AsyncDriver:
    """
    A review driver over an `AsyncTransport`; subclasses set *DIALECT*.
    """

    DIALECT: ClassVar[Dialect]

    def __init__(  # noqa: PLR0913 - the driver's keywords
        self,
        base_url: str,
        owner: str,
        repo: str,
        token: str,
        *,
        transport: AsyncTransport | None = None,
        labels: Iterable[str] = ("ai-repair",),
        reviewers: Iterable[str] = (),
        timeout: float = DEFAULT_TIMEOUT,
        login: str | None = None,
    ) -> None:
        self._forge = Forge(
            self.DIALECT,
            base_url,
            owner,
            repo,
            token,
            labels=labels,
            reviewers=reviewers,
            login=login,
        )
        self._transport = transport or ThreadTransport(UrllibTransport())
        self._timeout = _timeout(timeout)

    def __repr__(self) -> str:
        return self._forge.describe(type(self).__name__)

    async def open(
        self, decision: Decision, *, diagnosis: str = ""
    ) -> ReviewResult:
        """
        As `SyncDriver.open`.
        """
        flow = self._forge.open_flow(decision, diagnosis)
        return await run_async(flow, self._transport, timeout=self._timeout)

    async def approvals(self, review: ReviewResult) -> tuple[Approval, ...]:
        """
        As `SyncDriver.approvals`.
        """
        flow = self._forge.approvals_flow(review)
        return await run_async(flow, self._transport, timeout=self._timeout)

    async def close(
        self, review: ReviewResult, outcome: Outcome
    ) -> ReviewResult:
        """
        As `SyncDriver.close`.
        """
        flow = self._forge.close_flow(review, outcome)
        return await run_async(flow, self._transport, timeout=self._timeout)
