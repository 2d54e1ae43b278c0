"""
The sans-I/O HTTP layer of the review drivers: records, the urllib
transport's rules, and the sync and async flow runners.
"""

from __future__ import annotations

import asyncio
import os
import pickle
import subprocess
import sys
import urllib.parse

from collections.abc import Iterator
from typing import Any

import pytest

from tests.helpers import DIGEST, decision
from tests.support import forge_server
from tests.support.forge_server import TOKEN, Fault, ForgeServer

from blastradius.adapters import GiteaReviews, UrllibTransport, _forge, _http
from blastradius.adapters._http import (
    Request,
    Response,
    Secret,
    Sleep,
    ThreadTransport,
    TransportError,
)


@pytest.fixture
def gitea() -> Iterator[ForgeServer]:
    """
    A loopback Gitea.
    """
    yield from forge_server.running("gitea")


class TestSecret:
    @pytest.mark.parametrize("bad", ["", " x", "a\nb", 5, None])
    def test_invalid(self, bad: Any) -> None:
        """
        An empty, padded, non-printable or non-string token is refused.
        """
        with pytest.raises(ValueError, match="non-empty printable"):
            Secret(bad)

    def test_hidden(self) -> None:
        """
        Neither repr, str nor pickling shows it; `reveal` does.
        """
        s = Secret(TOKEN)

        assert TOKEN not in repr(s) + str(s)
        assert s.reveal() == TOKEN
        with pytest.raises(TypeError, match="never pickled"):
            pickle.dumps(s)


class TestRecords:
    def test_request_headers(self) -> None:
        """
        A request's headers are looked up in any case.
        """
        r = Request(method="GET", url="https://x", headers=[("Accept", "a")])

        assert r.header("accept") == "a"
        assert r.header("x") is None

    @pytest.mark.parametrize(
        "headers",
        [[("Authorization", "token x")], [("X-A", "a\r\nX-B: b")]],
    )
    def test_request_refuses(self, headers: list[tuple[str, str]]) -> None:
        """
        No ``Authorization`` header but from a `Secret`, and no control
        character (header injection) in any header.
        """
        with pytest.raises(ValueError, match=r"Authorization|control"):
            Request(method="GET", url="https://x", headers=headers)

    def test_response(self) -> None:
        """
        A reply's header names are lower-cased; its body parses as JSON.
        """
        r = Response(status=200, headers=[("X-Total-Count", "3")], body=b"[]")

        assert r.header("X-TOTAL-COUNT") == "3"
        assert r.json() == []


class TestCheckURL:
    @pytest.mark.parametrize(
        ("url", "why"),
        [
            ("https://gitea.example/x", ""),
            ("http://127.0.0.1:3000", ""),
            ("http://[::1]:3000", ""),
            ("http://localhost", ""),
            ("http://10.0.0.1", "loopback"),
            ("file:///etc/passwd", "scheme"),
            ("https://a:b@x", "user information"),
            ("https:///x", "no host"),
            ("https://x:99999", "malformed"),
        ],
    )
    def test_rules(self, url: str, why: str) -> None:
        """
        https anywhere, http only to loopback, no credentials in the URL.
        """
        got = _http.check_url(url)

        assert (why in got) if why else got == ""


class TestUrllibTransport:
    def test_refuses_before_sending(self) -> None:
        """
        A URL the rules refuse raises `TransportError` before connecting.
        """
        with pytest.raises(TransportError, match="loopback"):
            UrllibTransport()(
                Request(method="GET", url="http://10.9.9.9/"), timeout=1
            )

    def test_without_auth(self, gitea: ForgeServer) -> None:
        """
        A request without a credential goes without ``Authorization``.
        """
        reply = UrllibTransport()(
            Request(method="GET", url=gitea.url + "/api/v1/user"), timeout=5
        )

        assert reply.status == 401
        assert "authorization" not in gitea.state.seen[0].headers

    def test_too_large(self, gitea: ForgeServer) -> None:
        """
        A reply larger than *max_bytes* is refused.
        """
        gitea.state.fault("GET", ".", Fault(200, b"[" + b"1," * 100 + b"1]"))
        t = UrllibTransport(max_bytes=50)

        with pytest.raises(TransportError, match="larger than 50"):
            t(Request(method="GET", url=gitea.url + "/api/v1/user"), timeout=5)

    def test_repr(self) -> None:
        """
        The reprs say what they wrap.
        """
        assert repr(ThreadTransport(UrllibTransport())) == (
            "ThreadTransport(UrllibTransport(ca_bundle=None))"
        )


def _flow() -> _http.Flow[str]:
    try:
        yield Sleep(10)
    except TransportError as err:
        return f"stopped: {err}"
    return "slept"  # pragma: no cover


def _flow_ok() -> _http.Flow[str]:
    yield Sleep(0)
    reply = yield Request(method="GET", url="https://x")
    assert reply is not None
    return f"got {reply.status}"


class TestRunners:
    def test_sleep_past_deadline(self) -> None:
        """
        A sleep past the deadline is refused into the flow.
        """
        got = _http.run_sync(_flow(), _never, timeout=1)

        assert got.startswith("stopped: Retry-After 10")

    def test_sleep_past_deadline_async(self) -> None:
        """
        Likewise, awaited.
        """
        got = asyncio.run(_http.run_async(_flow(), _never_async, timeout=1))

        assert got.startswith("stopped: Retry-After 10")

    def test_sleeps_and_sends(self) -> None:
        """
        A short sleep is slept; the reply is sent into the flow.
        """

        def ok(request: Request, *, timeout: float) -> Response:
            return Response(status=204)

        async def ok_async(request: Request, *, timeout: float) -> Response:
            return Response(status=204)

        assert _http.run_sync(_flow_ok(), ok, timeout=5) == "got 204"
        assert (
            asyncio.run(_http.run_async(_flow_ok(), ok_async, timeout=5))
            == "got 204"
        )

    def test_too_many_pages(self) -> None:
        """
        A server that pages forever (full pages, no ``Link``, no total)
        is given up on.
        """

        def endless(request: Request, *, timeout: float) -> Response:
            if request.url.endswith("/user"):
                return Response(status=200, body=b'{"login": "bot"}')
            return Response(status=200, body=b'[{"number": 1}]')

        reviews = GiteaReviews(
            "https://gitea.example", "o", "r", TOKEN, transport=endless
        )

        result = reviews.open(decision(digest=DIGEST))

        assert not result.success
        assert f"more than {_forge.MAX_PAGES} pages" in result.error

    def test_odd_replies(self) -> None:
        """
        Odd but valid replies are read safely: an error with a non-string
        message, issues without a user or with a non-string login, labels
        without names, a total count that ends paging.
        """
        replies = {
            "/user": b'{"login": "bot"}',
            "/issues": b'[{"number": 1, "user": {"login": 5}},'
            b' {"number": 2}, {"number": "x", "user": {"login": "bot"},'
            b' "body": ""}]',
            "/labels": b'[{"name": 5, "id": 1}, {"name": "ai-repair"}]',
        }

        def fake(request: Request, *, timeout: float) -> Response:
            path = urllib.parse.urlsplit(request.url).path
            path = path.replace("/api/v1", "").replace("/repos/o/r", "")
            if request.method == "POST":
                return Response(status=422, body=b'{"message": 5}')
            return Response(
                status=200,
                headers=[("X-Total-Count", "3")],
                body=replies[path],
            )

        reviews = GiteaReviews(
            "https://gitea.example", "o", "r", TOKEN, transport=fake
        )

        result = reviews.open(decision(digest=DIGEST))

        assert result.error.endswith("HTTP 422 validation failed")


def _never(request: Request, *, timeout: float) -> Response:
    raise AssertionError  # pragma: no cover


async def _never_async(request: Request, *, timeout: float) -> Response:
    raise AssertionError  # pragma: no cover


class TestAsyncEdges:
    def test_refused_decision(self) -> None:
        """
        A flow that ends before its first request ends the async runner too.
        """
        from blastradius.adapters import AsyncGiteaReviews, Verdict

        reviews = AsyncGiteaReviews("https://gitea.example", "o", "r", TOKEN)

        result = asyncio.run(
            reviews.open(decision(digest=DIGEST, verdict=Verdict.REFUSE))
        )

        assert not result.success
        assert "refused" in result.error


def _loaded_after(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", f"{code}\nimport sys\nprint(*sys.modules)"],
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    ).stdout
    return set(out.split())


class TestImports:
    def test_lazy(self) -> None:
        """
        ``import blastradius.adapters`` loads no driver and no HTTP client;
        the Gitea driver does not load the GitHub one.
        """
        bare = _loaded_after("import blastradius.adapters")
        gitea = _loaded_after("import blastradius.adapters.gitea")

        assert (
            not {"urllib.request", "ssl", "blastradius.adapters._http"} & bare
        )
        assert "blastradius.adapters.gitea" not in bare
        assert "blastradius.adapters.github" not in gitea
        assert "blastradius.adapters._http" in gitea
