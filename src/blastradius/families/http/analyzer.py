"""
Analyzer family: raw API calls (curl, wget, HTTPie ``http``/``https``, xh).

The method and URLs are read like the client reads them. A request on a
Kubernetes API path (``/api/v1/...``, ``/apis/GROUP/VERSION/...``) is
mapped to the kubectl command it performs and analysed through
``Nested(argv=[...], via="curl")``, so it scores exactly like that command;
other requests score by method (reads low, changes ``HUMAN``).

>>> kubectl_argv("DELETE", "https://k8s:6443/api/v1/namespaces/prod")
['kubectl', 'delete', 'namespaces', 'prod']
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING

import attrs

from blastradius._model import Finding, SimpleCommand
from blastradius.families import _getopt
from blastradius.families.http.grammar import CURL, CURL_DATA, HTTPIE, WGET
from blastradius.families.http.rules import (
    BUILTIN_GROUPS,
    CORE_RESOURCES,
    METHOD_VERBS,
    QUERY_FLAGS,
    RULES_BY_ID,
    SUBRESOURCE_VERBS,
)
from blastradius.families.http.urls import query_pairs, segments, split_url


if TYPE_CHECKING:
    from blastradius.analyzers import Analyzer, Context, Output


__all__ = [
    "ANALYZERS",
    "Request",
    "kubectl_argv",
    "requests_of",
]

_METHODS = frozenset(
    {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE"}
)
_READS = frozenset({"GET", "HEAD", "OPTIONS"})
_KUBE_HOST_HINTS = ("kube", "k8s", ":6443", ":8001", ":16443")
_NAMESPACED_CORE = CORE_RESOURCES - {
    "namespaces",
    "nodes",
    "persistentvolumes",
    "componentstatuses",
}


def _set(text: str) -> frozenset[str]:
    return frozenset(text.split())


def _f(rule: str, program: str, words: Iterable[str]) -> Finding:
    return RULES_BY_ID[rule].finding(program, words)


@attrs.frozen
class Request:
    """
    One request a client will send: *method*, *url* and whether either is
    only known at run time, plus whether the body/URLs come from a file.
    """

    method: str
    url: str
    dynamic: bool = False


def kubectl_argv(method: str, url: str) -> list[str] | None:
    """
    The kubectl command a request on a Kubernetes API *url* performs;
    `None` when the path is not a Kubernetes API path, ``[]`` when it is
    one that no kubectl command stands for (``…/services/x/proxy/…``).

    >>> kubectl_argv("GET", "/apis/apps/v1/namespaces/prod/deployments/api")
    ['kubectl', 'get', 'deployments', 'api', '-n', 'prod']
    >>> kubectl_argv("DELETE", "/api/v1/namespaces/prod/pods")
    ['kubectl', 'delete', 'pods', '--all', '-n', 'prod']
    """
    host, path, query = split_url(url)
    segs = segments(path)
    group = ""
    if len(segs) >= 2 and segs[0] == "api" and segs[1].startswith("v"):
        rest = segs[2:]
    elif len(segs) >= 3 and segs[0] == "apis" and segs[2][:1] == "v":
        group = segs[1]
        rest = segs[3:]
    else:
        return None
    watch = False
    if rest[:1] == ["watch"]:
        watch = True
        rest = rest[1:]
    namespace = None
    if len(rest) >= 2 and rest[0] == "namespaces" and len(rest) != 2:
        namespace = rest[1]
        rest = rest[2:]
    if not rest:
        return ["kubectl", "api-resources"]  # /api/v1, /apis/G/V: discovery
    resource = rest[0]
    core_like = group or resource in CORE_RESOURCES or namespace is not None
    if not core_like and not any(h in host for h in _KUBE_HOST_HINTS):
        return None
    if group and group not in BUILTIN_GROUPS:
        resource = f"{resource}.{group}"
    name = rest[1] if len(rest) > 1 else None
    sub = rest[2] if len(rest) > 2 else None
    params = query_pairs(query)
    verb = METHOD_VERBS.get(method.upper())
    if verb is None:
        return ["kubectl", method.lower(), resource]
    argv = ["kubectl"]
    tail: list[str] = []
    if sub is not None:
        mapped = SUBRESOURCE_VERBS.get(sub)
        if mapped is None:
            return []  # proxy and other subresources: not a kubectl verb
        if mapped in {"exec", "attach"}:
            command = [v for k, v in params if k == "command"]
            argv += [mapped, str(name)]
            tail = ["--", *command] if command else []
            params = []
        elif mapped in {"port-forward", "logs"}:
            argv += [mapped, f"{resource}/{name}"]
            params = []
        elif mapped == "delete":
            argv += ["delete", resource, str(name)]
        elif mapped == "scale":
            if method.upper() in _READS:
                argv += ["get", resource, str(name)]
            else:
                argv += ["scale", resource, str(name)]
        else:
            verb = verb if method.upper() not in _READS else "get"
            argv += [verb, resource, str(name), f"--subresource={sub}"]
    else:
        argv += [verb, resource]
        if name is not None:
            argv.append(name)
        elif verb == "delete" and not any(
            k in {"labelSelector", "fieldSelector"} for k, _v in params
        ):
            argv.append("--all")
        if watch or any(
            k == "watch" and v not in {"0", "false"} for k, v in params
        ):
            argv.append("--watch")
    for key, value in params:
        flag = QUERY_FLAGS.get(key)
        if flag is None:
            continue
        if key == "dryRun":
            argv.append("--dry-run=server")
        elif key == "propagationPolicy":
            argv.append(f"--cascade={value.lower()}")
        elif flag.startswith("--grace"):
            argv.append(f"{flag}={value}")
        else:
            argv += [flag, value]
    if namespace is not None:
        argv += ["-n", namespace]
    elif name is None and argv[1] == "get" and resource in _NAMESPACED_CORE:
        argv.append("-A")
    return argv + tail


# -- the clients -------------------------------------------------------------


def _curl_requests(cmd: SimpleCommand) -> tuple[list[Request], list[str]]:
    parsed = _getopt.parse(cmd.args, CURL)
    method = ""
    data = upload = head = get = False
    urls: list[Request] = []
    notes: list[str] = []
    for opt in parsed.opts:
        if opt.name == "request" and opt.value is not None:
            method = opt.value.upper()
            if cmd.is_dynamic(opt.index + 1) or cmd.is_dynamic(opt.index + 2):
                notes.append("http.url.unknown")
        elif opt.name in CURL_DATA:
            data = True
        elif opt.name == "upload-file":
            upload = True
        elif opt.name == "head":
            head = True
        elif opt.name == "get":
            get = True
        elif opt.name == "url" and opt.value is not None:
            urls.append(Request("", opt.value, cmd.is_dynamic(opt.index + 2)))
        elif opt.name == "config":
            notes.append("http.config.unknown")
        elif opt.name in {"output", "remote-name", "remote-name-all"}:
            notes.append("http.download")
    urls.extend(
        Request("", word, cmd.is_dynamic(index + 1))
        for index, word in parsed.positionals
    )
    if not method:
        method = (
            "HEAD"
            if head
            else "GET"
            if get
            else "PUT"
            if upload
            else "POST"
            if data
            else "GET"
        )
    return [attrs.evolve(r, method=method) for r in urls], notes


def _wget_requests(cmd: SimpleCommand) -> tuple[list[Request], list[str]]:
    parsed = _getopt.parse(cmd.args, WGET)
    method = "GET"
    notes: list[str] = []
    for opt in parsed.opts:
        if opt.name == "method" and opt.value:
            method = opt.value.upper()
        elif opt.name in {"post-data", "post-file"} and method == "GET":
            method = "POST"
        elif opt.name in {"input-file", "execute"}:
            notes.append("http.config.unknown")
    if not parsed.has("output-document") or any(
        o.value not in {"-", None} for o in parsed.values("output-document")
    ):
        notes.append("http.download")
    urls = [
        Request(method, word, cmd.is_dynamic(index + 1))
        for index, word in parsed.positionals
    ]
    return urls, notes


def _httpie_requests(cmd: SimpleCommand) -> tuple[list[Request], list[str]]:
    parsed = _getopt.parse(cmd.args, HTTPIE)
    words = list(parsed.positionals)
    notes: list[str] = []
    method = ""
    if words and words[0][1].upper() in _METHODS and len(words) > 1:
        method = words[0][1].upper()
        words = words[1:]
    if not words:
        return [], notes
    index, url = words[0]
    items = [w for _i, w in words[1:]]
    if not method:
        data = any(
            ("=" in w and "==" not in w) or w.startswith("@") for w in items
        )
        method = "POST" if data or parsed.has("form", "f") else "GET"
    if parsed.has("download", "output"):
        notes.append("http.download")
    return [Request(method, url, cmd.is_dynamic(index + 1))], notes


_READERS = MappingProxyType(
    {
        "curl": _curl_requests,
        "wget": _wget_requests,
        "http": _httpie_requests,
        "https": _httpie_requests,
        "xh": _httpie_requests,
        "xhs": _httpie_requests,
    }
)


def _analyze(cmd: SimpleCommand, ctx: Context) -> Iterable[Output]:
    del ctx
    program = cmd.program
    reader = _READERS.get(program, _curl_requests)
    requests, notes = reader(cmd)
    found: list[Output] = [
        _f(note, program, [note.split(".")[1]])
        for note in dict.fromkeys(notes)
    ]
    if not requests:
        found.append(_f("http.url.unknown", program, cmd.args[:1]))
        return found
    for req in requests:
        found.extend(_request(req, program))
    return found


def _request(req: Request, program: str) -> list[Output]:
    words = (req.method, req.url[:200])
    found: list[Output] = []
    if req.dynamic:
        found.append(_f("http.url.unknown", program, words))
    argv = kubectl_argv(req.method, req.url)
    if argv == []:
        found.append(_f("http.kubernetes-api.unknown", program, words))
        if req.method not in _READS:
            found.append(_f("http.mutating", program, words))
        return found
    if argv is not None:
        found.append(_f("http.kubernetes-api", program, words))
        from blastradius._handoff import Nested

        found.append(Nested(argv=argv, via=program, dynamic=req.dynamic))
        return found
    if req.method in _READS:
        found.append(_f("http.get", program, words))
    else:
        found.append(_f("http.mutating", program, words))
    return found


def _requests_for(cmd: SimpleCommand) -> list[Request]:
    """
    The requests *cmd* sends (for tests and docs).
    """
    reader = _READERS.get(cmd.program, _curl_requests)
    return reader(cmd)[0]


def requests_of(argv: Sequence[str]) -> list[Request]:
    """
    The requests the client *argv* sends.

    >>> [(r.method, r.url) for r in requests_of(["curl", "-XDELETE", "h/x"])]
    [('DELETE', 'h/x')]
    """
    return _requests_for(SimpleCommand(argv=argv))


ANALYZERS: Mapping[str, Analyzer] = MappingProxyType(
    dict.fromkeys(_READERS, _analyze)
)
