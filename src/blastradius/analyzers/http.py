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
from blastradius.analyzers import _opts
from blastradius.rules.http import (
    BUILTIN_GROUPS,
    CORE_RESOURCES,
    METHOD_VERBS,
    QUERY_FLAGS,
    RULES_BY_ID,
    SUBRESOURCE_VERBS,
)


if TYPE_CHECKING:
    from blastradius.analyzers import Analyzer, Context, Output


__all__ = ["ANALYZERS", "Request", "kubectl_argv", "split_url"]

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


def _unquote(text: str) -> str:
    """
    Percent-decode *text* (``%2F`` → ``/``); bad escapes stay as written.
    """
    if "%" not in text:
        return text
    out: list[str] = []
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == "%" and _is_hex(text[i + 1 : i + 3]):
            out.append(chr(int(text[i + 1 : i + 3], 16)))
            i += 3
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def _is_hex(text: str) -> bool:
    return len(text) == 2 and all(c in "0123456789abcdefABCDEF" for c in text)


def split_url(url: str) -> tuple[str, str, str]:
    """
    Split *url* into host, path and query (no scheme needed, as HTTPie
    allows ``:8080/x`` and ``example.org/x``).

    >>> split_url("https://k8s:6443/api/v1/pods?watch=1")
    ('k8s:6443', '/api/v1/pods', 'watch=1')
    """
    rest = url
    scheme_end = rest.find("://")
    if scheme_end != -1 and rest[:scheme_end].replace("+", "").isalnum():
        rest = rest[scheme_end + 3 :]
    elif rest.startswith("//"):
        rest = rest[2:]
    rest = rest.split("#", 1)[0]
    path_start = len(rest)
    for sep in "/?":
        k = rest.find(sep)
        if k != -1:
            path_start = min(path_start, k)
    host = rest[:path_start]
    path, _q, query = rest[path_start:].partition("?")
    return host, path or "/", query


def _query(query: str) -> list[tuple[str, str]]:
    pairs = []
    for part in query.split("&"):
        if part:
            key, _eq, value = part.partition("=")
            pairs.append((_unquote(key), _unquote(value.replace("+", " "))))
    return pairs


def _segments(path: str) -> list[str]:
    return [_unquote(s) for s in path.split("/") if s]


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
    segs = _segments(path)
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
    params = _query(query)
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

# curl: https://curl.se/docs/manpage.html
_CURL = _opts.OptSpec(
    short_value="XdFTHouAebcxKEwmrUCYyztQDP",
    long_value=_set(
        "request data data-raw data-binary data-ascii data-urlencode json "
        "form form-string upload-file header output user user-agent "
        "referer cookie cookie-jar proxy config cert write-out max-time "
        "range proxy-user continue-at speed-limit speed-time time-cond "
        "trace trace-ascii quote dump-header ftp-port url connect-timeout "
        "retry retry-delay retry-max-time cacert capath key key-type "
        "pass resolve connect-to interface local-port max-filesize "
        "max-redirs netrc-file oauth2-bearer output-dir proto "
        "proto-redir proxy-header request-target unix-socket "
        "abstract-unix-socket variable expand-url aws-sigv4 ciphers "
        "cert-type doh-url dns-servers hostpubmd5 login-options "
        "mail-from mail-rcpt preproxy proxy-cacert proxy-cert "
        "proxy-key sasl-authzid service-name socks4 socks4a socks5 "
        "socks5-hostname stderr tls-max tlsuser tlspassword "
        "happy-eyeballs-timeout-ms keepalive-time limit-rate "
        "create-file-mode ech etag-compare etag-save ip-tos "
        "proxy-service-name url-query"
    ),
    long_flags=_set(
        "get head location silent show-error fail insecure verbose include "
        "remote-name remote-name-all compressed globoff"
    ),
    aliases={
        "X": "request",
        "d": "data",
        "F": "form",
        "T": "upload-file",
        "o": "output",
        "O": "remote-name",
        "K": "config",
        "G": "get",
        "I": "head",
    },
)
_CURL_DATA = frozenset(
    {
        "data",
        "data-raw",
        "data-binary",
        "data-ascii",
        "data-urlencode",
        "json",
        "form",
        "form-string",
    }
)

# wget: https://www.gnu.org/software/wget/manual/wget.html
_WGET = _opts.OptSpec(
    short_value="OoaPtTwQeUiBYDlAR",
    long_value=_set(
        "method post-data post-file body-data body-file output-document "
        "output-file append-output directory-prefix tries timeout wait "
        "quota execute user-agent input-file base header user password "
        "http-user http-password referer load-cookies save-cookies "
        "ca-certificate certificate private-key level accept reject "
        "domains exclude-domains include-directories exclude-directories "
        "limit-rate"
    ),
    aliases={
        "O": "output-document",
        "e": "execute",
        "i": "input-file",
        "U": "user-agent",
    },
)

# HTTPie: https://httpie.io/docs/cli ; xh: https://github.com/ducaale/xh
_HTTPIE = _opts.OptSpec(
    short_value="aApostv",
    long_value=_set(
        "auth auth-type output print pretty style session "
        "session-read-only verify cert cert-key cert-key-pass proxy "
        "timeout max-redirects format-options response-charset "
        "response-mime boundary raw ssl ciphers default-scheme "
        "unix-socket bearer"
    ),
    long_flags=_set(
        "form json multipart ignore-stdin offline download follow verbose "
        "headers body check-status quiet"
    ),
    aliases={"o": "output", "f": "form", "j": "json", "d": "download"},
)


def _curl_requests(cmd: SimpleCommand) -> tuple[list[Request], list[str]]:
    parsed = _opts.parse(cmd.args, _CURL)
    method = ""
    data = upload = head = get = False
    urls: list[Request] = []
    notes: list[str] = []
    for opt in parsed.opts:
        if opt.name == "request" and opt.value is not None:
            method = opt.value.upper()
            if cmd.is_dynamic(opt.index + 1) or cmd.is_dynamic(opt.index + 2):
                notes.append("http.url.unknown")
        elif opt.name in _CURL_DATA:
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
    parsed = _opts.parse(cmd.args, _WGET)
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
    parsed = _opts.parse(cmd.args, _HTTPIE)
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


ANALYZERS: Mapping[str, Analyzer] = MappingProxyType(
    dict.fromkeys(_READERS, _analyze)
)


def requests_of(argv: Sequence[str]) -> list[Request]:
    """
    The requests the client *argv* sends.

    >>> [(r.method, r.url) for r in requests_of(["curl", "-XDELETE", "h/x"])]
    [('DELETE', 'h/x')]
    """
    return _requests_for(SimpleCommand(argv=argv))
