"""
Sans-I/O HTTP for the review drivers: the request and response records,
a stdlib `urllib` transport, and the loops that run a driver's flow over a
sync or an async transport.

A driver's logic is a *flow*: a generator that yields a `Request` (and is
sent the `Response`, or has a `TransportError` thrown in) or a `Sleep`, and
returns its result. `run_sync` and `run_async` drive one flow against a
transport under one overall deadline, so the same logic serves both I/O
models (h11's idea), and tests can drive it with any transport.

The token is a `Secret`: it travels only as the ``Authorization`` header
the transport adds last, with `urllib.request.Request.add_unredirected_header`;
`repr`, `str` and pickling never show it.
"""

from __future__ import annotations

import asyncio
import http.client
import ipaddress
import json
import ssl
import time
import urllib.error
import urllib.parse
import urllib.request

from collections.abc import Awaitable, Callable, Generator, Iterable
from typing import Final, Protocol, TypeVar

import attrs


__all__ = [
    "AsyncTransport",
    "Request",
    "Response",
    "Secret",
    "Sleep",
    "ThreadTransport",
    "Transport",
    "TransportError",
    "UrllibTransport",
    "check_url",
    "run_async",
    "run_sync",
]

MAX_BYTES: Final = 8 * 1024 * 1024
"""The largest reply body the urllib transport reads."""

T = TypeVar("T")


class Secret:
    """
    A credential that never shows itself.

    >>> Secret("s3cr3t")
    Secret('***')
    >>> f"{Secret('s3cr3t')}"
    "Secret('***')"
    """

    __slots__ = ("_value",)

    def __init__(self, value: object) -> None:
        if (
            not isinstance(value, str)
            or not value
            or not value.isprintable()
            or value != value.strip()
        ):
            msg = "a token is a non-empty printable string without spaces"
            raise ValueError(msg)
        self._value = value

    def reveal(self) -> str:
        """
        The credential itself (for the ``Authorization`` header only).
        """
        return self._value

    def __repr__(self) -> str:
        return "Secret('***')"

    __str__ = __repr__

    def __reduce__(self) -> str:
        msg = "a Secret is never pickled"
        raise TypeError(msg)


def _headers(value: object) -> tuple[tuple[str, str], ...]:
    out = tuple((str(k), str(v)) for k, v in value)  # type: ignore[attr-defined]
    for name, val in out:
        if name.lower() == "authorization":
            msg = "the Authorization header comes only from a Secret"
            raise ValueError(msg)
        if not (name + val).isprintable():
            msg = f"header {name!r} holds a control character"
            raise ValueError(msg)
    return out


@attrs.frozen(kw_only=True)
class Request:
    """
    One HTTP request, as data.

    Attributes:
        method: ``GET``, ``POST``, ``PATCH`` …
        url: The full URL (never carrying a credential).
        headers: Other headers, in order.
        body: The body, if any.
        auth: The ``Authorization`` header's value, hidden.
    """

    method: str
    url: str
    headers: tuple[tuple[str, str], ...] = attrs.field(
        default=(), converter=_headers
    )
    body: bytes | None = None
    auth: Secret | None = attrs.field(default=None, repr=False, eq=False)

    def header(self, name: str) -> str | None:
        """
        The first header called *name* (any case).
        """
        wanted = name.lower()
        return next((v for k, v in self.headers if k.lower() == wanted), None)


def _lower_headers(
    value: Iterable[tuple[str, str]],
) -> tuple[tuple[str, str], ...]:
    return tuple((str(k).lower(), str(v)) for k, v in value)


@attrs.frozen(kw_only=True)
class Response:
    """
    One HTTP reply, as data.

    Attributes:
        status: The status code.
        headers: The headers (names in lower case).
        body: The body.
    """

    status: int
    headers: tuple[tuple[str, str], ...] = attrs.field(
        default=(), converter=_lower_headers
    )
    body: bytes = b""

    def header(self, name: str) -> str | None:
        """
        The first header called *name* (any case).
        """
        wanted = name.lower()
        return next((v for k, v in self.headers if k == wanted), None)

    def json(self) -> object:
        """
        The body parsed as JSON.

        Raises:
            ValueError: it is not JSON.
        """
        return json.loads(self.body.decode("utf-8"))


@attrs.frozen
class Sleep:
    """
    What a flow yields to wait (a ``Retry-After``) before going on.
    """

    seconds: float


class TransportError(Exception):
    """
    The request got no HTTP reply: name resolution, refused, timed out, TLS,
    or refused by the transport's own rules. Its message never holds a
    credential.
    """


class Transport(Protocol):
    """
    Sends one request and returns the reply; raises `TransportError` when
    there is none. A 4xx/5xx reply is a `Response`, not an error.
    """

    def __call__(self, request: Request, *, timeout: float) -> Response:
        """
        Send *request*, waiting at most *timeout* seconds per operation.
        """
        ...


class AsyncTransport(Protocol):
    """
    `Transport`, awaited.
    """

    def __call__(
        self, request: Request, *, timeout: float
    ) -> Awaitable[Response]:
        """
        As `Transport.__call__`.
        """
        ...


def _loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_url(url: str) -> str:
    """
    Why *url* may not carry a credential, or ``""`` when it may.

    Only ``https://``, or ``http://`` to a loopback host, with no user
    information in it.

    >>> check_url("https://gitea.example")
    ''
    >>> check_url("http://gitea.example")
    'plain http is allowed only to loopback hosts, not gitea.example'
    """
    try:
        parts = urllib.parse.urlsplit(url)
        host = parts.hostname or ""
        _ = parts.port
    except ValueError:
        return "the URL is malformed"
    if parts.scheme not in ("http", "https"):
        return f"the URL scheme must be https, not {parts.scheme!r}"
    if parts.username is not None or parts.password is not None:
        return "the URL must not carry user information"
    if not host:
        return "the URL has no host"
    if parts.scheme == "http" and not _loopback(host):
        return f"plain http is allowed only to loopback hosts, not {host}"
    return ""


class _NoRedirect(urllib.request.BaseHandler):
    """
    Refuses every redirect: urllib's own handler would send the
    ``Authorization`` header on to the new host.
    """

    handler_order = 400

    def _refuse(self, *_args: object) -> None:
        return  # the 3xx goes on to the default handler, as a reply

    http_error_301 = http_error_302 = http_error_303 = _refuse
    http_error_307 = http_error_308 = _refuse


class UrllibTransport:
    """
    The stdlib transport: `urllib.request` with TLS verification always on,
    plain ``http`` only to loopback, no proxies, and no redirects followed.

    Args:
        ca_bundle: A CA file to trust instead of the system's.
        max_bytes: The largest reply body read.

    >>> UrllibTransport()
    UrllibTransport(ca_bundle=None)
    """

    def __init__(
        self, *, ca_bundle: str | None = None, max_bytes: int = MAX_BYTES
    ) -> None:
        self.ca_bundle = ca_bundle
        self.max_bytes = max_bytes
        context = ssl.create_default_context(cafile=ca_bundle)
        context.check_hostname = True
        context.verify_mode = ssl.CERT_REQUIRED
        self._opener = urllib.request.OpenerDirector()
        for handler in (
            urllib.request.HTTPHandler(),
            urllib.request.HTTPSHandler(context=context),
            _NoRedirect(),
            urllib.request.HTTPDefaultErrorHandler(),
            urllib.request.HTTPErrorProcessor(),
        ):
            self._opener.add_handler(handler)

    def __repr__(self) -> str:
        return f"UrllibTransport(ca_bundle={self.ca_bundle!r})"

    def __call__(self, request: Request, *, timeout: float) -> Response:
        """
        Send *request*; see `Transport`.
        """
        why = check_url(request.url)
        if why:
            raise TransportError(why)
        req = urllib.request.Request(  # noqa: S310 - check_url above
            request.url,
            data=request.body,
            method=request.method,
            headers=dict(request.headers),
        )
        if request.auth is not None:
            req.add_unredirected_header("Authorization", request.auth.reveal())
        try:
            with self._opener.open(req, timeout=timeout) as reply:
                return self._read(reply.status, reply.headers, reply)
        except urllib.error.HTTPError as err:
            with err:
                return self._read(err.code, err.headers, err)
        except urllib.error.URLError as err:
            raise TransportError(_reason(err.reason)) from None
        except (OSError, http.client.HTTPException, ValueError) as err:
            raise TransportError(_reason(err)) from None

    def _read(self, status: int, headers: object, fp: object) -> Response:
        body = fp.read(self.max_bytes + 1)  # type: ignore[attr-defined]
        if len(body) > self.max_bytes:
            msg = f"the reply is larger than {self.max_bytes} bytes"
            raise TransportError(msg)
        items = headers.items() if headers is not None else ()  # type: ignore[attr-defined]
        return Response(status=status, headers=items, body=body)


def _reason(err: object) -> str:
    if isinstance(err, TimeoutError):
        return "timed out"
    if isinstance(err, ssl.SSLError):
        return f"TLS: {err.reason or err}"
    if isinstance(err, ConnectionRefusedError):
        return "connection refused"
    if isinstance(err, OSError) and err.strerror:
        return err.strerror
    text = str(err) or type(err).__name__
    return text if text.isprintable() else repr(text)


class ThreadTransport:
    """
    An `AsyncTransport` running a sync `Transport` in a worker thread.
    """

    def __init__(self, transport: Transport) -> None:
        self.transport = transport

    def __repr__(self) -> str:
        return f"ThreadTransport({self.transport!r})"

    async def __call__(self, request: Request, *, timeout: float) -> Response:
        """
        Send *request* on a worker thread.
        """
        return await asyncio.to_thread(
            self.transport, request, timeout=timeout
        )


Flow = Generator["Request | Sleep", "Response | None", T]


def run_sync(
    flow: Flow[T],
    transport: Transport,
    *,
    timeout: float,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> T:
    """
    Drive *flow* over *transport*, all of it within *timeout* seconds.

    A request the transport cannot send, or one past the deadline, is a
    `TransportError` thrown into the flow.
    """
    deadline = clock() + timeout
    try:
        step = flow.send(None)
    except StopIteration as stop:
        return stop.value  # type: ignore[no-any-return]
    while True:
        try:
            remaining = deadline - clock()
            if remaining <= 0:
                step = flow.throw(TransportError(f"timed out ({timeout}s)"))
                continue
            if isinstance(step, Sleep):
                if step.seconds >= remaining:
                    msg = f"Retry-After {step.seconds}s is past the deadline"
                    step = flow.throw(TransportError(msg))
                    continue
                sleep(step.seconds)
                step = flow.send(None)
                continue
            try:
                reply = transport(step, timeout=remaining)
            except TransportError as err:
                step = flow.throw(err)
            except Exception as err:  # noqa: BLE001 - any transport's failure
                step = flow.throw(TransportError(_reason(err)))
            else:
                step = flow.send(reply)
        except StopIteration as stop:
            return stop.value  # type: ignore[no-any-return]


async def run_async(
    flow: Flow[T],
    transport: AsyncTransport,
    *,
    timeout: float,
    clock: Callable[[], float] = time.monotonic,
) -> T:
    """
    `run_sync`, awaited: each request is also cut at the deadline.
    """
    deadline = clock() + timeout
    try:
        step = flow.send(None)
    except StopIteration as stop:
        return stop.value  # type: ignore[no-any-return]
    while True:
        try:
            remaining = deadline - clock()
            if remaining <= 0:
                step = flow.throw(TransportError(f"timed out ({timeout}s)"))
                continue
            if isinstance(step, Sleep):
                if step.seconds >= remaining:
                    msg = f"Retry-After {step.seconds}s is past the deadline"
                    step = flow.throw(TransportError(msg))
                    continue
                await asyncio.sleep(step.seconds)
                step = flow.send(None)
                continue
            try:
                reply = await asyncio.wait_for(
                    transport(step, timeout=remaining), remaining
                )
            except TransportError as err:
                step = flow.throw(err)
            except asyncio.TimeoutError:
                step = flow.throw(TransportError(f"timed out ({timeout}s)"))
            except Exception as err:  # noqa: BLE001 - any transport's failure
                step = flow.throw(TransportError(_reason(err)))
            else:
                step = flow.send(reply)
        except StopIteration as stop:
            return stop.value  # type: ignore[no-any-return]
