"""
A small TOML toolkit for policies: parse with loud errors, find the line of
a key, and write values back.

Parsing uses the standard library's ``tomllib`` (``tomli`` on Python 3.10);
writing is done here, for the few value types policies use.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import sys

from typing import Any

from blastradius.exceptions import PolicyError


__all__ = ["key", "line_of", "loads", "value"]

_AT_LINE = re.compile(r"at line (\d+)")
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+\Z")
_SEGMENT = re.compile(r"([^.\[\]]+)((?:\[\d+\])*)")


def loads(text: str) -> dict[str, Any]:
    """
    Parse TOML *text*; a syntax error raises `PolicyError` with its line.

    >>> loads('a = 1')
    {'a': 1}
    """
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]

    if not isinstance(text, str):
        msg = f"TOML text must be a str, not {type(text).__name__}"
        raise PolicyError(msg)
    try:
        data: dict[str, Any] = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        line = getattr(e, "lineno", None)
        if not isinstance(line, int):
            m = _AT_LINE.search(str(e))
            line = int(m.group(1)) if m else None
        msg = f"not valid TOML: {getattr(e, 'msg', None) or e}"
        raise PolicyError(msg, line=line) from None
    return data


def _segments(path: str) -> list[tuple[str, int | None]]:
    """
    ``a.b[2].c`` → ``[("a", None), ("b", 2), ("c", None)]``.
    """
    out: list[tuple[str, int | None]] = []
    for m in _SEGMENT.finditer(path):
        indices = re.findall(r"\[(\d+)\]", m.group(2))
        out.append((m.group(1), int(indices[0]) if indices else None))
    return out


def _header(line: str) -> tuple[str, bool] | None:
    s = line.strip()
    if s.startswith("[["):
        end = s.find("]]")
        if end > 0:
            return _norm(s[2:end]), True
    elif s.startswith("["):
        end = s.find("]")
        if end > 0:
            return _norm(s[1:end]), False
    return None


def _norm(name: str) -> str:
    return ".".join(p.strip().strip("\"'") for p in name.split("."))


def _assigns(line: str, name: str) -> bool:
    s = line.lstrip()
    for quoted in (name, f'"{name}"', f"'{name}'"):
        if s.startswith(quoted) and s[len(quoted) :].lstrip().startswith("="):
            return True
    return False


def line_of(text: str, path: str) -> int | None:
    """
    The 1-based line of the key *path* (``exceptions[1].reason``) in
    *text*, found by a simple scan; the line of its table when the key
    itself is absent; `None` when nothing fits.

    >>> line_of('version = 1\\n[thresholds]\\nauto = 60\\n', 'thresholds.auto')
    3
    """
    segs = _segments(path)
    if not segs:
        return None
    lines = text.splitlines()
    # header lines by name, in order
    headers: list[tuple[int, str, bool]] = []
    for i, line in enumerate(lines):
        h = _header(line)
        if h is not None:
            headers.append((i, h[0], h[1]))
    best: tuple[int, int] | None = None  # (prefix length, line index)
    for k in range(len(segs), 0, -1):
        name = ".".join(s for s, _ in segs[:k])
        index = segs[k - 1][1]
        seen = -1
        for i, hname, is_array in headers:
            if hname != name:
                continue
            seen += 1
            if (index is None and not is_array) or (
                index is not None and is_array and seen == index
            ):
                best = (k, i)
                break
        if best is not None:
            break
    if best is None:
        start, stop, rest = 0, (headers[0][0] if headers else len(lines)), segs
    else:
        k, start = best
        later = [i for i, _, _ in headers if i > start]
        stop = later[0] if later else len(lines)
        rest = segs[k:]
        if not rest:
            return start + 1
    want = rest[0][0]
    for i in range(start, stop):
        if _assigns(lines[i], want):
            return i + 1
    dotted = ".".join(s for s, _ in segs)
    for i, line in enumerate(lines):
        if _assigns(line, dotted):
            return i + 1
    return None if best is None else best[1] + 1


def _string(text: str) -> str:
    out = ['"']
    for c in text:
        if c == '"':
            out.append('\\"')
        elif c == "\\":
            out.append("\\\\")
        elif c == "\n":
            out.append("\\n")
        elif c == "\t":
            out.append("\\t")
        elif c == "\r":
            out.append("\\r")
        elif ord(c) < 0x20 or ord(c) == 0x7F:
            out.append(f"\\u{ord(c):04x}")
        else:
            out.append(c)
    out.append('"')
    return "".join(out)


def key(name: str) -> str:
    """
    *name* as a TOML key: bare when possible, else quoted.

    >>> key("k"), key("kubectl.exe")
    ('k', '"kubectl.exe"')
    """
    return name if _BARE_KEY.match(name) else _string(name)


def value(v: object) -> str:
    """
    *v* as a TOML value: str, bool, int, finite float, aware datetime, or
    a list of those.

    >>> value(["a", 1, 2.5, True])
    '["a", 1, 2.5, true]'
    """
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if not math.isfinite(v):
            msg = f"TOML has no value for {v!r} here"
            raise ValueError(msg)
        return repr(v)
    if isinstance(v, str):
        return _string(v)
    if isinstance(v, dt.datetime):
        text = v.isoformat()
        return (
            text.removesuffix("+00:00") + "Z"
            if text.endswith("+00:00")
            else text
        )
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(value(x) for x in v) + "]"
    msg = f"cannot write {type(v).__name__} as TOML"
    raise TypeError(msg)
