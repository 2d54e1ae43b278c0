"""
The Gitea and GitHub review drivers against a loopback forge server on a
real socket (``tests/support/forge_server.py``), in both shapes.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import logging
import socket
import ssl
import time
import urllib.request

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import trustme

from tests.helpers import decision
from tests.support import forge_server
from tests.support.forge_server import TOKEN, Fault, ForgeServer

from blastradius.adapters import (
    AsyncGiteaReviews,
    AsyncGitHubReviews,
    GiteaReviews,
    GitHubReviews,
    Outcome,
    ReviewResult,
    Reviews,
    UrllibTransport,
    Verdict,
)
from blastradius.adapters._http import (
    Request,
    Response,
    ThreadTransport,
    TransportError,
)


DIGEST = hashlib.sha256(b"plan one").hexdigest()
DIGEST2 = hashlib.sha256(b"plan two").hexdigest()
REVIEWERS = ("ana", "bo", "bot", "alice")

Driver = GiteaReviews | GitHubReviews


@pytest.fixture(params=["gitea", "github"])
def server(request: pytest.FixtureRequest) -> Iterator[ForgeServer]:
    """
    A loopback forge of each flavour, paging 3 items at most.
    """
    yield from forge_server.running(request.param, max_limit=3)


def driver(srv: ForgeServer, **kw: Any) -> Driver:
    """
    The driver for *srv*'s flavour.
    """
    cls = GiteaReviews if srv.state.flavour == "gitea" else GitHubReviews
    args: dict[str, Any] = {"reviewers": REVIEWERS, "timeout": 5.0}
    args.update(kw)
    return cls(srv.url, "o", "r", TOKEN, **args)


def say(srv: ForgeServer, number: int, login: str, body: str) -> None:
    """
    *login* comments *body* on issue *number*.
    """
    with srv._server.lock:
        srv.state.comment(number, login, body)


class TestOpen:
    def test_creates_once(self, server: ForgeServer) -> None:
        """
        A DUAL decision opens exactly one issue; a retry adds nothing.
        """
        server.state.add_label("ai-repair")
        reviews = driver(server)
        d = decision(digest=DIGEST)

        first = reviews.open(d, diagnosis="crash loop")
        again = reviews.open(d, diagnosis="crash loop")

        assert (first.success, first.action) == (True, "created")
        assert (again.success, again.action) == (True, "existing")
        assert again.issue_number == first.issue_number == 1
        assert first.author == "bot"
        assert first.digest == DIGEST
        assert first.incident_id == "INC-7"
        assert first.issue_url == server.state.issues[0]["html_url"]
        assert len(server.issues) == 1
        assert server.state.comments[1] == []
        assert [lab["name"] for lab in server.issues[0]["labels"]] == [
            "ai-repair"
        ]
        assert server.state.violations == []

    def test_labels_by_id_on_gitea(self, server: ForgeServer) -> None:
        """
        Gitea gets label ids, resolved by name across pages; a missing
        label is left off and never created. GitHub gets names.
        """
        for n in range(5):
            server.state.add_label(f"other-{n}")
        ident = server.state.add_label("ai-repair")
        reviews = driver(server, labels=("ai-repair", "missing"))

        assert reviews.open(decision(digest=DIGEST)).success
        post = next(
            s
            for s in server.state.seen
            if s.method == "POST" and s.path.endswith("/issues")
        )
        if server.state.flavour == "gitea":
            assert post.body["labels"] == [ident]
            assert "missing" not in {
                lab["name"] for lab in server.state.labels
            }
        else:
            assert post.body["labels"] == ["ai-repair", "missing"]
        assert server.state.violations == []

    def test_no_labels(self, server: ForgeServer) -> None:
        """
        With no labels configured, none are sent.
        """
        reviews = driver(server, labels=())

        assert reviews.open(decision(digest=DIGEST)).success
        post = next(s for s in server.state.seen if s.method == "POST")
        assert "labels" not in post.body

    def test_changed_plan(self, server: ForgeServer) -> None:
        """
        A changed plan for the same incident comments on that issue; a retry
        of it adds nothing more.
        """
        reviews = driver(server)
        first = reviews.open(decision(digest=DIGEST))

        updated = reviews.open(decision(digest=DIGEST2))
        again = reviews.open(decision(digest=DIGEST2))

        assert updated.action == "updated"
        assert again.action == "existing"
        assert updated.issue_number == first.issue_number
        assert updated.digest == DIGEST2
        assert len(server.issues) == 1
        comments = server.state.comments[1]
        assert len(comments) == 1
        assert "The plan changed" in comments[0]["body"]
        assert DIGEST2 in comments[0]["body"]
        assert server.state.violations == []

    def test_found_on_last_page(self, server: ForgeServer) -> None:
        """
        The open review is found on the last page of open issues (the
        server caps the page size at 3), so no second issue opens.
        """
        reviews = driver(server)
        assert reviews.open(decision(digest=DIGEST)).success
        for n in range(8):
            server.state.add_issue(title=f"noise {n}", body="x", user="eve")
        server.state.issues.reverse()

        again = reviews.open(decision(digest=DIGEST))

        assert again.action == "existing"
        assert len(server.issues) == 9
        pages = [
            s.query["page"]
            for s in server.state.seen
            if s.method == "GET" and s.path.endswith("/issues")
        ]
        assert len(pages) >= 4
        size = "limit" if server.state.flavour == "gitea" else "per_page"
        for seen in server.state.seen:
            if seen.method == "GET" and seen.path.endswith("/issues"):
                assert int(seen.query[size][0]) <= 100
                assert seen.query["state"] == ["open"]
                assert "labels" not in seen.query

    def test_label_removed(self, server: ForgeServer) -> None:
        """
        An open review whose label was removed is still found (no label
        filter is trusted).
        """
        server.state.add_label("ai-repair")
        reviews = driver(server)
        assert reviews.open(decision(digest=DIGEST)).success
        server.issues[0]["labels"] = []

        assert reviews.open(decision(digest=DIGEST)).action == "existing"

    def test_forged_marker(self, server: ForgeServer) -> None:
        """
        An issue someone else opened with the review's marker is not taken
        for the review; the driver opens its own.
        """
        reviews = driver(server)
        theirs = driver(server).open(decision(digest=DIGEST))
        assert theirs.success
        server.issues[0]["user"]["login"] = "eve"

        mine = reviews.open(decision(digest=DIGEST))

        assert mine.action == "created"
        assert mine.issue_number == 2

    def test_pull_requests_skipped(self, server: ForgeServer) -> None:
        """
        A pull request carrying the marker is never taken for the review.
        """
        from blastradius.adapters import review_issue

        body = review_issue(decision(digest=DIGEST)).body
        server.state.add_issue(
            title="pr", body=body, user="bot", pull_request=True
        )

        result = driver(server).open(decision(digest=DIGEST))

        assert result.action == "created"
        assert result.issue_number == 2

    def test_closed_not_reused(self, server: ForgeServer) -> None:
        """
        A closed review is not reused: a retry after closing opens anew.
        """
        reviews = driver(server)
        first = reviews.open(decision(digest=DIGEST))
        assert reviews.close(first, outcome()).success

        assert reviews.open(decision(digest=DIGEST)).action == "created"

    def test_login_given(self, server: ForgeServer) -> None:
        """
        With *login* given, ``GET /user`` is never asked.
        """
        reviews = driver(server, login="bot")

        assert reviews.open(decision(digest=DIGEST)).success
        assert not any(s.path.endswith("/user") for s in server.state.seen)

    def test_refused_decision(self, server: ForgeServer) -> None:
        """
        A refused decision is never put up for review.
        """
        d = decision(digest=DIGEST, verdict=Verdict.REFUSE)

        result = driver(server).open(d)

        assert not result.success
        assert "refused" in result.error
        assert server.state.seen == []

    def test_protocol(self, server: ForgeServer) -> None:
        """
        Both drivers satisfy `Reviews`.
        """
        reviews: Reviews = driver(server)

        assert reviews.open(decision(digest=DIGEST)).success


def outcome(digest: str = DIGEST) -> Outcome:
    """
    A finished outcome.
    """
    return Outcome(
        id="o1",
        key="declarative:INC-7",
        incident_id="INC-7",
        digest=digest,
        target="deploy/api",
        argv=("kubectl", "scale"),
        rule_ids=("kubectl.scale",),
        score=55,
        tier="dual",
        verdict="ask_two",
        approvers=("ana", "bo"),
        status="finished",
        executed=True,
        verified=True,
        started=dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc),
    )


class TestApprovals:
    def test_two_reviewers(self, server: ForgeServer) -> None:
        """
        Two ``/approve`` comments from two reviewers give two approvals;
        the author's own, an outsider's, and one naming another incident or
        another digest do not count.
        """
        reviews = driver(server)
        review = reviews.open(decision(digest=DIGEST))
        n = review.issue_number
        assert n is not None
        short = DIGEST[:12]
        say(server, n, "bot", f"/approve INC-7 {short}")
        say(server, n, "eve", f"/approve INC-7 {short}")
        say(server, n, "alice", f"/approve INC-7 {short}")
        say(server, n, "ana", f"/approve INC-8 {short}")
        say(server, n, "bo", f"/approve INC-7 {DIGEST2[:12]}")
        assert reviews.approvals(review) == ()
        say(server, n, "ana", f"/approve INC-7 {short}")
        say(server, n, "bo", f"/approve INC-7 {DIGEST}")

        got = reviews.approvals(review)

        assert [a.user for a in got] == ["ana", "bo"]
        assert all(a.digest == DIGEST for a in got)

    def test_reject_voids(self, server: ForgeServer) -> None:
        """
        A reviewer's ``/reject`` voids the approvals.
        """
        reviews = driver(server)
        review = reviews.open(decision(digest=DIGEST))
        n = review.issue_number
        assert n is not None
        say(server, n, "ana", f"/approve INC-7 {DIGEST[:12]}")
        say(server, n, "bo", f"/reject INC-7 {DIGEST[:12]} not now")

        got = reviews.approvals(review)

        assert [(a.user, a.reject, a.reason) for a in got] == [
            ("bo", True, "not now")
        ]

    def test_changed_plan_needs_new(self, server: ForgeServer) -> None:
        """
        After the plan changes, approvals of the old digest no longer count
        and the old review gets none; the new digest's approvals count.
        """
        reviews = driver(server)
        old = reviews.open(decision(digest=DIGEST))
        n = old.issue_number
        assert n is not None
        say(server, n, "ana", f"/approve INC-7 {DIGEST[:12]}")
        say(server, n, "bo", f"/approve INC-7 {DIGEST[:12]}")
        new = reviews.open(decision(digest=DIGEST2))
        say(server, n, "ana", f"/approve INC-7 {DIGEST2[:12]}")

        assert reviews.approvals(old) == ()
        assert [a.user for a in reviews.approvals(new)] == ["ana"]

    def test_back_to_old_plan(self, server: ForgeServer) -> None:
        """
        A plan that changes back needs approvals given after it came back.
        """
        reviews = driver(server)
        first = reviews.open(decision(digest=DIGEST))
        n = first.issue_number
        assert n is not None
        say(server, n, "ana", f"/approve INC-7 {DIGEST[:12]}")
        reviews.open(decision(digest=DIGEST2))
        back = reviews.open(decision(digest=DIGEST))
        assert back.action == "updated"

        assert reviews.approvals(back) == ()

    def test_failed_review(self, server: ForgeServer) -> None:
        """
        A failed review, or one without an issue, has no approvals.
        """
        reviews = driver(server)

        assert reviews.approvals(ReviewResult(success=False)) == ()
        assert reviews.approvals(ReviewResult(success=True)) == ()
        assert server.state.seen == []

    def test_closed_or_foreign(self, server: ForgeServer) -> None:
        """
        A closed issue, one by another author than the review's, or one
        whose plan carries another incident has no approvals.
        """
        reviews = driver(server)
        review = reviews.open(decision(digest=DIGEST))
        n = review.issue_number
        assert n is not None
        say(server, n, "ana", f"/approve INC-7 {DIGEST[:12]}")
        assert len(reviews.approvals(review)) == 1

        other = ReviewResult(
            success=True,
            issue_number=n,
            incident_id="INC-9",
            digest=DIGEST,
            author="bot",
        )
        assert reviews.approvals(other) == ()
        server.issues[0]["user"]["login"] = "eve"
        assert reviews.approvals(review) == ()
        server.issues[0]["user"]["login"] = "bot"
        server.issues[0]["body"] = "no marker"
        assert reviews.approvals(review) == ()
        server.issues[0]["state"] = "closed"
        assert reviews.approvals(review) == ()

    def test_error(self, server: ForgeServer) -> None:
        """
        A failing server gives no approvals (and does not raise).
        """
        reviews = driver(server)
        review = reviews.open(decision(digest=DIGEST))
        server.state.fault("GET", r"/issues/1$", Fault(status=500))

        assert reviews.approvals(review) == ()


class TestClose:
    def test_close(self, server: ForgeServer) -> None:
        """
        ``close`` comments the outcome and closes the issue.
        """
        reviews = driver(server)
        review = reviews.open(decision(digest=DIGEST))

        closed = reviews.close(review, outcome())

        assert (closed.success, closed.action) == (True, "closed")
        assert closed.issue_number == review.issue_number
        assert server.issues[0]["state"] == "closed"
        assert "### Outcome" in server.state.comments[1][-1]["body"]
        assert server.state.violations == []

    def test_close_nothing(self, server: ForgeServer) -> None:
        """
        Closing a review without an issue fails as a value.
        """
        closed = driver(server).close(ReviewResult(success=False), outcome())

        assert not closed.success
        assert "no issue" in closed.error


ERRORS = (401, 403, 404, 409, 410, 412, 422, 423, 429, 500, 502, 503)


class TestFailures:
    @pytest.mark.parametrize("status", ERRORS)
    def test_status(self, server: ForgeServer, status: int) -> None:
        """
        Each error code returns ``success=False`` with the code in the
        error, never raising and never showing the token.
        """
        body = f'{{"message": "echo {TOKEN}"}}'.encode()
        server.state.fault("POST", r"/issues$", Fault(status, body, times=2))

        result = driver(server).open(decision(digest=DIGEST))

        assert not result.success
        assert f"HTTP {status}" in result.error
        assert TOKEN not in repr(result)
        assert "echo ***" in result.error

    def test_error_body_not_object(self, server: ForgeServer) -> None:
        """
        An error whose body is not an object still names the status.
        """
        server.state.fault("GET", r"/user$", Fault(500, b"[]"))

        result = driver(server).open(decision(digest=DIGEST))

        assert result.error.endswith("HTTP 500 server error")

    def test_redirect_status(self, server: ForgeServer) -> None:
        """
        A redirect is refused, not followed.
        """
        server.state.fault(
            "GET", r"/user$", Fault(302, b"", (("Location", "/x"),))
        )

        result = driver(server).open(decision(digest=DIGEST))

        assert not result.success
        assert "redirect refused" in result.error

    def test_retry_after_once(self, server: ForgeServer) -> None:
        """
        A 429 with ``Retry-After`` is retried once, then succeeds.
        """
        server.state.fault(
            "POST",
            r"/issues$",
            Fault(429, b"{}", (("Retry-After", "0"),)),
        )

        result = driver(server).open(decision(digest=DIGEST))

        assert result.success
        posts = [s for s in server.state.seen if s.method == "POST"]
        assert len(posts) == 2

    def test_retry_after_only_once(self, server: ForgeServer) -> None:
        """
        A second 429 is not retried again.
        """
        server.state.fault(
            "POST",
            r"/issues$",
            Fault(429, b"{}", (("Retry-After", "0"),), times=3),
        )

        result = driver(server).open(decision(digest=DIGEST))

        assert not result.success
        assert "HTTP 429" in result.error
        assert len([s for s in server.state.seen if s.method == "POST"]) == 2

    def test_retry_after_too_long(self, server: ForgeServer) -> None:
        """
        A ``Retry-After`` past the deadline (or past a minute, or not a
        number) is not waited for.
        """
        for value in ("4", "3600", "Wed, 21 Oct 2015 07:28:00 GMT"):
            server.state.fault(
                "GET", r"/user$", Fault(429, b"{}", (("Retry-After", value),))
            )
            start = time.monotonic()
            result = driver(server, timeout=2.0).open(decision(digest=DIGEST))

            assert not result.success
            assert "429" in result.error
            assert time.monotonic() - start < 2.0

    @pytest.mark.parametrize(
        "raw", [b"not json", b"{", b'"a string"', b"[1]", b"{}"]
    )
    def test_invalid_json(self, server: ForgeServer, raw: bytes) -> None:
        """
        A reply that is not the JSON expected fails cleanly.
        """
        server.state.fault("GET", r"/user$", Fault(200, raw))

        result = driver(server).open(decision(digest=DIGEST))

        assert not result.success
        assert "JSON" in result.error or "login" in result.error

    @pytest.mark.parametrize(
        ("method", "pattern", "raw"),
        [
            ("GET", r"/issues$", b'{"a": 1}'),
            ("POST", r"/issues$", b"[]"),
            ("POST", r"/issues$", b'{"title": "x"}'),
            ("GET", r"/comments$", b'{"a": 1}'),
        ],
    )
    def test_wrong_shape(
        self, server: ForgeServer, method: str, pattern: str, raw: bytes
    ) -> None:
        """
        A list that is no list, or an issue without a number, fails.
        """
        reviews = driver(server)
        if pattern.endswith("comments$"):
            reviews.open(decision(digest=DIGEST))
        status = 201 if method == "POST" else 200
        server.state.fault(method, pattern, Fault(status, raw))

        result = reviews.open(decision(digest=DIGEST))

        assert not result.success

    def test_never_answers(self, server: ForgeServer) -> None:
        """
        A server that accepts and never answers returns ``success=False``
        within the configured timeout.
        """
        server.state.fault("GET", r"/user$", Fault(hang=True))
        start = time.monotonic()

        result = driver(server, timeout=1.0).open(decision(digest=DIGEST))

        assert not result.success
        assert "timed out" in result.error
        assert time.monotonic() - start < 2.5

    def test_deadline_over_many_requests(self, server: ForgeServer) -> None:
        """
        The timeout bounds the whole call, not each request.
        """
        clock = iter([0.0, 0.0, 10.0, 10.0, 10.0])
        reviews = driver(server, timeout=5.0)
        from blastradius.adapters import _http

        flow = reviews._forge.open_flow(decision(digest=DIGEST), "")
        result = _http.run_sync(
            flow,
            reviews._transport,
            timeout=5.0,
            clock=lambda: next(clock),
        )

        assert not result.success
        assert "timed out" in result.error

    def test_refused(self) -> None:
        """
        A port nobody listens on gives ``connection refused``.
        """
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        reviews = GiteaReviews(f"http://127.0.0.1:{port}", "o", "r", TOKEN)

        result = reviews.open(decision(digest=DIGEST))

        assert not result.success
        assert "refused" in result.error

    def test_name_resolution(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """
        A name that does not resolve fails as a value (the resolver is
        replaced: the test needs no network).
        """

        def fail(*_args: object, **_kw: object) -> None:
            raise socket.gaierror(-2, "Name or service not known")

        monkeypatch.setattr(socket, "getaddrinfo", fail)
        reviews = GiteaReviews("https://gitea.invalid", "o", "r", TOKEN)

        result = reviews.open(decision(digest=DIGEST))

        assert not result.success
        assert "Name or service not known" in result.error

    def test_injected_transport_raises(self) -> None:
        """
        Whatever an injected transport raises becomes an error value, the
        token scrubbed from it.
        """

        def transport(request: Request, *, timeout: float) -> Response:
            msg = f"no such host; auth was {TOKEN}"
            raise socket.gaierror(msg)

        reviews = GiteaReviews(
            "https://gitea.example", "o", "r", TOKEN, transport=transport
        )

        result = reviews.open(decision(digest=DIGEST))

        assert not result.success
        assert TOKEN not in result.error
        assert "***" in result.error

    def test_bad_config(self) -> None:
        """
        An unusable base URL, owner, repo or token raises `ValueError` at
        construction, never showing the token.
        """
        for args in (
            ("http://gitea.example", "o", "r", TOKEN),
            ("ftp://gitea.example", "o", "r", TOKEN),
            ("https://u:p@gitea.example", "o", "r", TOKEN),
            ("https://", "o", "r", TOKEN),
            ("https://gitea.example:x", "o", "r", TOKEN),
            ("https://gitea.example", "", "r", TOKEN),
            ("https://gitea.example", "o", "r\n", TOKEN),
            ("https://gitea.example", "o", "r", ""),
            ("https://gitea.example", "o", "r", TOKEN + "\n"),
        ):
            with pytest.raises(
                ValueError, match=r"must|usable|token is"
            ) as info:
                GiteaReviews(*args)
            assert TOKEN not in str(info.value)
        for bad in (0, -1.0, float("nan")):
            with pytest.raises(ValueError, match="timeout"):
                GiteaReviews("https://g.example", "o", "r", TOKEN, timeout=bad)
            with pytest.raises(ValueError, match="timeout"):
                AsyncGitHubReviews(
                    "https://g.example", "o", "r", TOKEN, timeout=bad
                )


def _scan(text: str) -> None:
    assert TOKEN not in text


class TestNoLeak:
    def test_everywhere(
        self, server: ForgeServer, caplog: pytest.LogCaptureFixture
    ) -> None:
        """
        No failing path shows the token: not in the driver's repr, a
        result, a log record, or an exception's text.
        """
        caplog.set_level(logging.DEBUG)
        reviews = driver(server)
        _scan(repr(reviews))
        results: list[object] = []
        for status in ERRORS:
            server.state.fault(
                "*",
                r".",
                Fault(
                    status,
                    f'{{"message": "{TOKEN}"}}'.encode(),
                    (("X-Echo", TOKEN),),
                ),
            )
            results.append(reviews.open(decision(digest=DIGEST)))
        server.state.fault("GET", r".", Fault(hang=True))
        results.append(driver(server, timeout=0.5).open(decision()))
        results.append(
            reviews.approvals(ReviewResult(success=True, issue_number=9))
        )
        results.append(
            reviews.close(
                ReviewResult(success=True, issue_number=9), outcome()
            )
        )
        try:
            UrllibTransport()(
                Request(method="GET", url="http://10.1.2.3/x"), timeout=1
            )
        except TransportError as err:
            results.append(err)
            _scan(repr(err))
        for r in results:
            _scan(repr(r))
            _scan(str(r))
        assert caplog.records
        for record in caplog.records:
            _scan(record.getMessage())
            _scan(repr(record.args))

    def test_only_in_header(self, server: ForgeServer) -> None:
        """
        The token travels only in the ``Authorization`` header, never in a
        URL or body.
        """
        reviews = driver(server)
        reviews.open(decision(digest=DIGEST))

        for seen in server.state.seen:
            scheme = "token" if server.state.flavour == "gitea" else "Bearer"
            assert seen.headers["authorization"] == f"{scheme} {TOKEN}"
            assert TOKEN not in seen.path
            assert TOKEN not in repr(seen.query)
            assert TOKEN not in repr(seen.body)

    def test_redirect_elsewhere(self, server: ForgeServer) -> None:
        """
        A redirect to another host never receives the token (nor any
        request at all); urllib's own redirect handler, as a control,
        would have sent it there.
        """
        other = forge_server.start("gitea", host="127.0.0.2")
        try:
            target = other.url + "/api/v1/user"
            for code in (301, 302, 303, 307, 308):
                server.state.fault(
                    "*", r".", Fault(code, b"", (("Location", target),))
                )
                result = driver(server).open(decision(digest=DIGEST))
                assert not result.success
                assert "redirect refused" in result.error
            assert other.state.seen == []

            server.state.fault(
                "*", r".", Fault(302, b"", (("Location", target),))
            )
            naive = urllib.request.Request(server.url + "/api/v1/user")  # noqa: S310
            naive.add_header("Authorization", f"token {TOKEN}")
            opener = urllib.request.build_opener()
            with opener.open(naive, timeout=5):
                pass
            assert other.state.seen[0].headers["authorization"] == (
                f"token {TOKEN}"
            )
        finally:
            other.close()

    def test_request_repr(self) -> None:
        """
        A request's repr never shows its credential.
        """
        from blastradius.adapters._http import Secret

        req = Request(
            method="GET", url="https://x", auth=Secret("token " + TOKEN)
        )

        assert TOKEN not in repr(req)
        import pickle

        with pytest.raises(TypeError):
            pickle.dumps(req)


@pytest.fixture(scope="module")
def ca() -> trustme.CA:
    """
    A throwaway certificate authority.
    """
    return trustme.CA()


@pytest.fixture
def tls_server(ca: trustme.CA) -> Iterator[ForgeServer]:
    """
    A Gitea forge over TLS with a certificate for ``localhost``.
    """
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("localhost", "127.0.0.1").configure_cert(context)
    yield from forge_server.running("gitea", context=context)


class TestTLS:
    def test_with_ca(
        self, tls_server: ForgeServer, ca: trustme.CA, tmp_path: Path
    ) -> None:
        """
        Over TLS with the CA bundle given, the review opens.
        """
        bundle = tmp_path / "ca.pem"
        ca.cert_pem.write_to_path(str(bundle))
        reviews = GiteaReviews(
            tls_server.url,
            "o",
            "r",
            TOKEN,
            transport=UrllibTransport(ca_bundle=str(bundle)),
        )

        result = reviews.open(decision(digest=DIGEST))

        assert result.success
        assert tls_server.url.startswith("https://localhost:")

    def test_untrusted(self, tls_server: ForgeServer) -> None:
        """
        Without the CA, verification fails: ``success=False``, never an
        unverified connection.
        """
        result = GiteaReviews(tls_server.url, "o", "r", TOKEN).open(
            decision(digest=DIGEST)
        )

        assert not result.success
        assert (
            "CERTIFICATE_VERIFY_FAILED" in result.error
            or "TLS" in result.error
        )
        assert tls_server.state.seen == []


class TestAsync:
    @pytest.mark.parametrize("flavour", ["gitea", "github"])
    def test_flow(self, flavour: str) -> None:
        """
        The async drivers open, read approvals and close over the default
        threaded transport.
        """
        srv = forge_server.start(flavour)
        try:
            cls = (
                AsyncGiteaReviews if flavour == "gitea" else AsyncGitHubReviews
            )
            reviews = cls(srv.url, "o", "r", TOKEN, reviewers=REVIEWERS)
            _scan(repr(reviews))

            async def go() -> tuple[
                ReviewResult, int, ReviewResult, ReviewResult
            ]:
                first = await reviews.open(decision(digest=DIGEST))
                again = await reviews.open(decision(digest=DIGEST))
                say(srv, 1, "ana", f"/approve INC-7 {DIGEST[:12]}")
                got = await reviews.approvals(first)
                closed = await reviews.close(first, outcome())
                return first, len(got), again, closed

            first, count, again, closed = asyncio.run(go())

            assert first.action == "created"
            assert again.action == "existing"
            assert count == 1
            assert closed.action == "closed"
            assert srv.state.violations == []
        finally:
            srv.close()

    def test_never_answers(self) -> None:
        """
        An async transport that never answers is cut at the timeout.
        """

        async def transport(request: Request, *, timeout: float) -> Response:
            await asyncio.sleep(30)
            raise AssertionError  # pragma: no cover

        reviews = AsyncGiteaReviews(
            "https://gitea.example",
            "o",
            "r",
            TOKEN,
            transport=transport,
            timeout=0.5,
        )
        start = time.monotonic()

        result = asyncio.run(reviews.open(decision(digest=DIGEST)))

        assert not result.success
        assert "timed out" in result.error
        assert time.monotonic() - start < 2

    def test_real_server_never_answers(self) -> None:
        """
        Over the default threaded transport, a real server that never
        answers returns ``success=False`` within the timeout.
        """
        srv = forge_server.start("github")
        try:
            srv.state.fault("GET", r".", Fault(hang=True))
            reviews = AsyncGitHubReviews(srv.url, "o", "r", TOKEN, timeout=1.0)
            start = time.monotonic()

            result = asyncio.run(reviews.open(decision(digest=DIGEST)))

            assert not result.success
            assert "timed out" in result.error
            assert time.monotonic() - start < 2.5
        finally:
            srv.close()

    def test_errors_and_retry(self) -> None:
        """
        The async runner maps transport errors, other exceptions, and a
        ``Retry-After`` like the sync one.
        """
        calls: list[str] = []

        async def transport(request: Request, *, timeout: float) -> Response:
            calls.append(request.url)
            if len(calls) == 1:
                return Response(status=429, headers=[("Retry-After", "0")])
            if len(calls) == 2:
                return Response(status=429, headers=[("Retry-After", "9")])
            msg = "boom"
            raise OSError(msg)

        reviews = AsyncGiteaReviews(
            "https://gitea.example",
            "o",
            "r",
            TOKEN,
            transport=transport,
            timeout=5,
        )
        result = asyncio.run(reviews.open(decision(digest=DIGEST)))
        assert not result.success
        assert "429" in result.error

        async def refusing(request: Request, *, timeout: float) -> Response:
            msg = "connection refused"
            raise TransportError(msg)

        for t in (refusing,):
            r = asyncio.run(
                AsyncGitHubReviews(
                    "https://api.github.com", "o", "r", TOKEN, transport=t
                ).open(decision(digest=DIGEST))
            )
            assert "connection refused" in r.error

        async def other(request: Request, *, timeout: float) -> Response:
            msg = "boom"
            raise OSError(msg)

        r = asyncio.run(
            AsyncGiteaReviews(
                "https://gitea.example", "o", "r", TOKEN, transport=other
            ).open(decision(digest=DIGEST))
        )
        assert "boom" in r.error

    def test_deadline(self) -> None:
        """
        Past the deadline, the async runner stops the flow.
        """
        from blastradius.adapters import _http

        reviews = AsyncGiteaReviews("https://gitea.example", "o", "r", TOKEN)
        clock = iter([0.0, 10.0, 10.0])
        flow = reviews._forge.open_flow(decision(digest=DIGEST), "")
        result = asyncio.run(
            _http.run_async(
                flow,
                ThreadTransport(UrllibTransport()),
                timeout=5.0,
                clock=lambda: next(clock),
            )
        )
        assert "timed out" in result.error


class TestContract:
    @pytest.mark.parametrize(
        ("method", "path", "query", "body", "why"),
        [
            (
                "POST",
                "/api/v1/repos/o/r/issues",
                {},
                {"body": "x"},
                "title is required",
            ),
            (
                "POST",
                "/api/v1/repos/o/r/issues",
                {},
                {"title": "t", "labels": ["ai-repair"]},
                "is not integer",
            ),
            (
                "POST",
                "/api/v1/repos/o/r/issues",
                {},
                {"title": "t", "labels": [True]},
                "is not integer",
            ),
            (
                "POST",
                "/api/v1/repos/o/r/issues",
                {},
                {"title": "t", "label": [1]},
                "not in the contract",
            ),
            (
                "POST",
                "/api/v1/repos/o/r/issues/1/comments",
                {},
                {},
                "body is required",
            ),
            (
                "GET",
                "/api/v1/repos/o/r/issues",
                {"per_page": ["5"]},
                None,
                "not in the contract",
            ),
            (
                "GET",
                "/api/v1/repos/o/r/issues",
                {"page": ["x"]},
                None,
                "is not integer",
            ),
            (
                "GET",
                "/api/v1/repos/o/r/issues/x/comments",
                {},
                None,
                "is not integer",
            ),
            (
                "GET",
                "/api/v1/repos/o/r/issues/1/comments",
                {"page": ["1"]},
                None,
                "not in the contract",
            ),
            ("GET", "/api/v1/repos/o/r/issues", {}, {"a": 1}, "takes no body"),
            (
                "DELETE",
                "/api/v1/repos/o/r/issues/1",
                {},
                None,
                "no such operation",
            ),
            (
                "PATCH",
                "/api/v1/repos/o/r/issues/1",
                {},
                {"state": 5},
                "is not string",
            ),
        ],
    )
    def test_checker_has_teeth(
        self,
        method: str,
        path: str,
        query: dict[str, list[str]],
        body: object,
        why: str,
    ) -> None:
        """
        The Swagger check the Gitea server applies rejects requests that
        break the contract (so its silence about the driver means
        something).
        """
        problems = forge_server.check_gitea(method, path, query, body)

        assert any(why in p for p in problems), problems

    def test_every_gitea_request(self) -> None:
        """
        Every request of a full review (open, retry, changed plan,
        approvals, close) follows the contract, and each operation used is
        one the contract has.
        """
        srv = forge_server.start("gitea", max_limit=2)
        try:
            srv.state.add_label("ai-repair")
            for n in range(3):
                srv.state.add_issue(title=f"n{n}", body="", user="eve")
            reviews = driver(srv)
            review = reviews.open(decision(digest=DIGEST))
            reviews.open(decision(digest=DIGEST))
            reviews.open(decision(digest=DIGEST2))
            reviews.approvals(review)
            reviews.close(review, outcome())

            assert srv.state.violations == []
            kinds = {
                (s.method, s.path.rsplit("/", 1)[-1]) for s in srv.state.seen
            }
            assert kinds >= {
                ("GET", "user"),
                ("GET", "issues"),
                ("GET", "labels"),
                ("POST", "issues"),
                ("GET", "comments"),
                ("POST", "comments"),
                ("GET", str(review.issue_number)),
                ("PATCH", str(review.issue_number)),
            }
            for s in srv.state.seen:
                assert (
                    forge_server.check_gitea(s.method, s.path, s.query, s.body)
                    == []
                )
        finally:
            srv.close()
