"""
A loopback Gitea / GitHub issue server on a real socket, for the review
driver tests (a helper module, not a test module).

It keeps issues, labels and comments in memory and answers with each
forge's documented shapes: Gitea under ``/api/v1`` with
``Authorization: token``, ``page``/``limit`` paging capped at
``max_limit`` with ``Link`` and ``X-Total-Count``, label ids, and its
label-filter gotcha (an unknown label is dropped from the filter); GitHub
at the root with ``Authorization: Bearer``, ``per_page`` capped at 100,
``Link`` paging, and pull requests among issues. In Gitea mode every
request is validated against the Swagger contract in
``tests/data/contracts``; a violation is recorded and answered with 422.

``faults`` lets a test make the next matching request fail (a status, a
body, a redirect, or never answering).
"""

from __future__ import annotations

import datetime as dt
import http.server
import json
import re
import ssl
import threading
import urllib.parse

from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import attrs


SWAGGER_PATH = Path(__file__).parent.parent / "data" / "contracts"
SWAGGER: dict[str, Any] = json.loads(
    (SWAGGER_PATH / "gitea-issues.swagger.json").read_text("utf-8")
)

TOKEN = "t0k3n-SECRET-5f2c9a"  # noqa: S105 - the test server's own
"""The token the server accepts (for the bot login ``bot``)."""


@attrs.define
class Fault:
    """
    What to answer instead of the real reply.
    """

    status: int = 500
    body: bytes = b'{"message": "boom"}'
    headers: tuple[tuple[str, str], ...] = ()
    hang: bool = False
    times: int = 1


@attrs.define
class Seen:
    """
    One request the server received.
    """

    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: Any


@attrs.define
class State:
    """
    The server's memory.
    """

    flavour: str
    max_limit: int = 50
    users: dict[str, str] = attrs.field(factory=lambda: {TOKEN: "bot"})
    issues: list[dict[str, Any]] = attrs.field(factory=list)
    labels: list[dict[str, Any]] = attrs.field(factory=list)
    comments: dict[int, list[dict[str, Any]]] = attrs.field(factory=dict)
    seen: list[Seen] = attrs.field(factory=list)
    violations: list[str] = attrs.field(factory=list)
    faults: list[tuple[str, str, Fault]] = attrs.field(factory=list)
    clock: int = 0
    base: str = ""

    def now(self) -> str:
        self.clock += 1
        at = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
        return (at + dt.timedelta(minutes=self.clock)).isoformat()

    def add_label(self, name: str) -> int:
        ident = 100 + len(self.labels)
        self.labels.append(
            {"id": ident, "name": name, "color": "ff0000", "url": ""}
        )
        return ident

    def add_issue(
        self,
        *,
        title: str,
        body: str,
        user: str,
        labels: list[dict[str, Any]] | None = None,
        pull_request: bool = False,
    ) -> dict[str, Any]:
        number = len(self.issues) + 1
        issue: dict[str, Any] = {
            "id": 1000 + number,
            "number": number,
            "title": title,
            "body": body,
            "user": {"id": 1, "login": user},
            "labels": labels or [],
            "state": "open",
            "html_url": f"{self.base}/o/r/issues/{number}",
            "url": f"{self.base}/api/o/r/issues/{number}",
            "comments": 0,
            "created_at": self.now(),
            "pull_request": {"merged": False} if pull_request else None,
        }
        if self.flavour == "github" and not pull_request:
            del issue["pull_request"]
        self.issues.append(issue)
        self.comments[number] = []
        return issue

    def comment(self, number: int, user: str, body: str) -> dict[str, Any]:
        entry = {
            "id": 5000 + sum(len(c) for c in self.comments.values()),
            "user": {"id": 2, "login": user},
            "body": body,
            "created_at": self.now(),
            "html_url": f"{self.base}/o/r/issues/{number}#c",
        }
        self.comments[number].append(entry)
        return entry

    def fault(self, method: str, pattern: str, fault: Fault) -> None:
        """
        Make requests *method* on paths matching *pattern* fail.
        """
        self.faults.append((method, pattern, fault))


# -- the Swagger check ------------------------------------------------------


def _template(path: str) -> re.Pattern[str]:
    return re.compile(
        "^" + re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)", re.escape(path)) + "$"
    )


_OPERATIONS = [
    (_template(SWAGGER["basePath"] + path), method.upper(), op)
    for path, ops in SWAGGER["paths"].items()
    for method, op in ops.items()
    if method != "parameters"
]


def _typed(kind: str | None, value: str) -> bool:
    if kind == "integer":
        return re.fullmatch(r"-?[0-9]+", value) is not None
    if kind == "boolean":
        return value in ("true", "false")
    return True


def check_gitea(
    method: str, path: str, query: Mapping[str, list[str]], body: Any
) -> list[str]:
    """
    Why the request does not follow the Swagger contract (``[]``: it does).
    """
    matches = [
        (m, op)
        for pattern, verb, op in _OPERATIONS
        if verb == method and (m := pattern.match(path))
    ]
    if not matches:
        return [f"{method} {path}: no such operation in the contract"]
    m, op = matches[0]
    out: list[str] = []
    params = {p["name"]: p for p in op.get("parameters", [])}
    for name, value in m.groupdict().items():
        p = params.get(name)
        if p is None or p["in"] != "path":
            out.append(f"path parameter {name} not in the contract")
        elif not _typed(p.get("type"), urllib.parse.unquote(value)):
            out.append(f"path parameter {name}={value!r} is not {p['type']}")
    for name, values in query.items():
        p = params.get(name)
        if p is None or p["in"] != "query":
            out.append(f"query parameter {name} not in the contract")
            continue
        out.extend(
            f"query {name}={v!r} is not {p['type']}"
            for v in values
            if not _typed(p.get("type"), v)
        )
    body_param = next((p for p in params.values() if p["in"] == "body"), None)
    if body_param is None:
        if body is not None:
            out.append(f"{method} {path} takes no body")
        return out
    if body is None:
        if body_param.get("required"):
            out.append("the body is required")
        return out
    out.extend(check_schema(body_param["schema"], body, "body"))
    return out


_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "boolean": (bool,),
    "array": (list,),
    "object": (dict,),
    "number": (int, float),
}


def check_schema(schema: dict[str, Any], value: Any, where: str) -> list[str]:
    """
    Why *value* does not fit the Swagger *schema*: ``$ref``, ``type``
    (a bool is no integer), ``required``, ``properties`` (no field outside
    them), ``items``.
    """
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        return check_schema(SWAGGER["definitions"][name], value, where)
    kind = schema.get("type")
    if kind is not None:
        ok = isinstance(value, _TYPES[kind]) and not (
            kind in ("integer", "number") and isinstance(value, bool)
        )
        if not ok:
            return [f"{where}: {value!r} is not {kind}"]
    out: list[str] = []
    if isinstance(value, dict):
        props = schema.get("properties", {})
        out.extend(
            f"{where}: {k} is required"
            for k in schema.get("required", [])
            if k not in value
        )
        for k, v in value.items():
            if k not in props:
                out.append(f"{where}: field {k} is not in the contract")
            else:
                out.extend(check_schema(props[k], v, f"{where}.{k}"))
    if isinstance(value, list) and "items" in schema:
        for n, item in enumerate(value):
            out.extend(check_schema(schema["items"], item, f"{where}[{n}]"))
    return out


# -- the handler ------------------------------------------------------------


def _link(base: str, page: int, last: int, size_param: str, size: int) -> str:
    def url(p: int) -> str:
        return f"<{base}?page={p}&{size_param}={size}>"

    parts = []
    if page < last:
        parts.append(f'{url(page + 1)}; rel="next"')
        parts.append(f'{url(last)}; rel="last"')
    if page > 1:
        parts.append(f'{url(1)}; rel="first"')
        parts.append(f'{url(page - 1)}; rel="prev"')
    return ", ".join(parts)


class _Handler(http.server.BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        return

    def do_GET(self) -> None:
        self._handle("GET")

    def do_POST(self) -> None:
        self._handle("POST")

    def do_PATCH(self) -> None:
        self._handle("PATCH")

    def _send(
        self,
        status: int,
        data: Any = None,
        headers: tuple[tuple[str, str], ...] = (),
        raw: bytes | None = None,
    ) -> None:
        body = raw if raw is not None else json.dumps(data).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def _handle(self, method: str) -> None:
        st = self.server.state
        parts = urllib.parse.urlsplit(self.path)
        query = urllib.parse.parse_qs(parts.query, keep_blank_values=True)
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = "<invalid json>"
        headers = {k.lower(): v for k, v in self.headers.items()}
        with self.server.lock:
            st.seen.append(Seen(method, parts.path, query, headers, body))
            fault = self._fault(method, parts.path)
        if fault is not None:
            if fault.hang:
                self.server.stop.wait(30)
                return
            self._send(fault.status, headers=fault.headers, raw=fault.body)
            return
        with self.server.lock:
            status, data, extra = self._route(method, parts.path, query, body)
        self._send(status, data, extra)

    def _fault(self, method: str, path: str) -> Fault | None:
        for i, (verb, pattern, fault) in enumerate(self.server.state.faults):
            if verb in (method, "*") and re.search(pattern, path):
                fault.times -= 1
                if fault.times <= 0:
                    del self.server.state.faults[i]
                return fault
        return None

    def _route(
        self,
        method: str,
        path: str,
        query: dict[str, list[str]],
        body: Any,
    ) -> tuple[int, Any, tuple[tuple[str, str], ...]]:
        st = self.server.state
        gitea = st.flavour == "gitea"
        scheme = "token" if gitea else "Bearer"
        auth = self.headers.get("Authorization") or ""
        login = None
        if auth.startswith(scheme + " "):
            login = st.users.get(auth[len(scheme) + 1 :])
        if login is None:
            return 401, {"message": "token is required"}, ()
        if gitea:
            problems = check_gitea(method, path, query, body)
            if problems:
                st.violations.extend(problems)
                return 422, {"message": "; ".join(problems)}, ()
            if not path.startswith("/api/v1/"):
                return 404, {"message": "not found"}, ()
            path = path[len("/api/v1") :]
        elif self.headers.get("X-GitHub-Api-Version") != "2022-11-28":
            st.violations.append(f"{method} {path}: no API version header")
        if path == "/user" and method == "GET":
            return 200, {"id": 1, "login": login}, ()
        m = re.fullmatch(
            r"/repos/o/r/(issues|labels)(?:/(\d+))?(/comments)?", path
        )
        if m is None:
            return 404, {"message": "not found"}, ()
        what, number, comments = m.group(1), m.group(2), m.group(3)
        if what == "labels" and method == "GET" and number is None:
            return self._page(path, query, st.labels)
        if what != "issues":
            return 404, {"message": "not found"}, ()
        if number is None:
            if method == "GET":
                return self._page(path, query, self._issues(query))
            if method == "POST":
                return self._create(body, login)
            return 405, {"message": "method"}, ()
        issue = next(
            (i for i in st.issues if i["number"] == int(number)), None
        )
        if issue is None:
            return 404, {"message": "issue not found"}, ()
        if comments:
            if method == "GET":
                items = st.comments[issue["number"]]
                if gitea:
                    return 200, items, ()
                return self._page(path, query, items)
            if not isinstance(body, dict) or not isinstance(
                body.get("body"), str
            ):
                return 422, {"message": "body required"}, ()
            entry = st.comment(issue["number"], login, body["body"])
            issue["comments"] += 1
            return 201, entry, ()
        if method == "GET":
            return 200, issue, ()
        if method == "PATCH":
            if isinstance(body, dict) and body.get("state") in (
                "open",
                "closed",
            ):
                issue["state"] = body["state"]
            return (201 if gitea else 200), issue, ()
        return 405, {"message": "method"}, ()

    def _issues(self, query: dict[str, list[str]]) -> list[dict[str, Any]]:
        st = self.server.state
        state = (query.get("state") or ["open"])[0]
        out = [i for i in st.issues if state == "all" or i["state"] == state]
        if st.flavour == "gitea":
            if (query.get("type") or [""])[0] == "issues":
                out = [i for i in out if not i.get("pull_request")]
            wanted = [
                n for n in ",".join(query.get("labels", [])).split(",") if n
            ]
            known = {lab["name"] for lab in st.labels}
            # Gitea drops a label that does not exist from the filter.
            wanted = [n for n in wanted if n in known]
            out = [
                i
                for i in out
                if all(
                    n in {lab["name"] for lab in i["labels"]} for n in wanted
                )
            ]
        return out

    def _page(
        self, path: str, query: dict[str, list[str]], items: list[Any]
    ) -> tuple[int, Any, tuple[tuple[str, str], ...]]:
        st = self.server.state
        size_param = "limit" if st.flavour == "gitea" else "per_page"
        default = st.max_limit if st.flavour == "gitea" else 30
        try:
            page = max(1, int((query.get("page") or ["1"])[0]))
            size = int((query.get(size_param) or [str(default)])[0])
        except ValueError:
            return 422, {"message": "bad paging"}, ()
        cap = st.max_limit if st.flavour == "gitea" else min(100, st.max_limit)
        size = max(1, min(size, cap))
        last = max(1, -(-len(items) // size))
        chunk = items[(page - 1) * size : page * size]
        headers = [
            ("Link", _link(st.base + path, page, last, size_param, size))
        ]
        if st.flavour == "gitea":
            headers.append(("X-Total-Count", str(len(items))))
        return 200, chunk, tuple(h for h in headers if h[1])

    def _create(
        self, body: Any, login: str
    ) -> tuple[int, Any, tuple[tuple[str, str], ...]]:
        st = self.server.state
        if not isinstance(body, dict) or not body.get("title"):
            return 422, {"message": "title is required"}, ()
        wanted = body.get("labels") or []
        if st.flavour == "gitea":
            labels = [lab for lab in st.labels if lab["id"] in wanted]
        else:
            for name in wanted:
                if name not in {lab["name"] for lab in st.labels}:
                    st.add_label(name)
            labels = [lab for lab in st.labels if lab["name"] in wanted]
        issue = st.add_issue(
            title=body["title"],
            body=body.get("body", ""),
            user=login,
            labels=labels,
        )
        return 201, issue, ()


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    state: State
    lock: threading.Lock
    stop: threading.Event


@attrs.define
class ForgeServer:
    """
    The running server: its base URL (the driver's *base_url*) and state.
    """

    state: State
    url: str
    host_url: str
    _server: _Server
    _thread: threading.Thread

    @property
    def issues(self) -> list[dict[str, Any]]:
        return self.state.issues

    def close(self) -> None:
        self._server.stop.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(5)


def start(
    flavour: str,
    *,
    host: str = "127.0.0.1",
    context: ssl.SSLContext | None = None,
    max_limit: int = 50,
) -> ForgeServer:
    """
    A server for *flavour* (``"gitea"`` or ``"github"``) on a free port.
    """
    server = _Server((host, 0), _Handler)
    server.state = State(flavour=flavour, max_limit=max_limit)
    server.lock = threading.Lock()
    server.stop = threading.Event()
    if context is not None:
        server.socket = context.wrap_socket(server.socket, server_side=True)
    scheme = "https" if context is not None else "http"
    port = server.server_address[1]
    name = "localhost" if context is not None else host
    host_url = f"{scheme}://{name}:{port}"
    server.state.base = host_url + ("/api/v1" if flavour == "gitea" else "")
    thread = threading.Thread(
        target=server.serve_forever,
        kwargs={"poll_interval": 0.02},
        daemon=True,
    )
    thread.start()
    return ForgeServer(
        state=server.state,
        url=host_url,
        host_url=host_url,
        server=server,
        thread=thread,
    )


def running(flavour: str, **kwargs: Any) -> Iterator[ForgeServer]:
    """
    `start`, as a fixture body.
    """
    srv = start(flavour, **kwargs)
    try:
        yield srv
    finally:
        srv.close()


Transport = Callable[..., Any]
