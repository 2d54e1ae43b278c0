"""
URLs as the HTTP clients send them: host, path and query split without a
scheme being required, percent-decoding that leaves bad escapes as
written. Pure string functions, so that a reader of URLs (the exfiltration
judgment) need not import the HTTP analyzer.
"""

from __future__ import annotations


__all__ = ["query_pairs", "segments", "split_url", "unquote"]


def unquote(text: str) -> str:
    """
    Percent-decode *text* (``%2F`` → ``/``); bad escapes stay as written.

    >>> unquote("a%2Fb%zz")
    'a/b%zz'
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


def query_pairs(query: str) -> list[tuple[str, str]]:
    """
    The decoded key/value pairs of a URL *query*.

    >>> query_pairs("a=1&b=x+y&c")
    [('a', '1'), ('b', 'x y'), ('c', '')]
    """
    pairs = []
    for part in query.split("&"):
        if part:
            key, _eq, value = part.partition("=")
            pairs.append((unquote(key), unquote(value.replace("+", " "))))
    return pairs


def segments(path: str) -> list[str]:
    """
    The decoded, non-empty segments of a URL *path*.

    >>> segments("/api//v1/namespaces/a%2Fb")
    ['api', 'v1', 'namespaces', 'a/b']
    """
    return [unquote(s) for s in path.split("/") if s]
