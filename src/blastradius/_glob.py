"""
Validated, case-insensitive glob patterns for policies.

The syntax is ``fnmatch``'s: ``*`` any run of characters, ``?`` one
character, ``[abc]`` / ``[a-z]`` one character of a set and ``[!abc]`` one
character not in it; everything else is literal. Unlike ``fnmatch``, a
malformed pattern (an unclosed ``[``, a reversed range, white
space or control characters) is an error, not silently literal text.

`overlaps` decides whether two patterns can match a common name; merging
policies uses it to prove that an overlay only tightens.
"""

from __future__ import annotations

import re

from collections.abc import Iterable, Mapping
from types import MappingProxyType

import attrs


__all__ = ["Glob", "GlobError", "GlobTable", "overlaps"]


class GlobError(ValueError):
    """
    A pattern is malformed; the message says why.
    """


@attrs.frozen
class _Set:
    negated: bool
    ranges: tuple[tuple[str, str], ...]


_STAR = "*"
_ANY = "?"
_Atom = str | _Set  # a literal character, _STAR / _ANY markers are tagged

_BAD_CHARS = re.compile(r"[\s\x00-\x1f\x7f]")


def _parse(pattern: str) -> tuple[tuple[str, _Atom], ...]:
    """
    Split *pattern* (already lower-cased) into tagged atoms.
    """
    if not pattern:
        msg = "a pattern cannot be empty"
        raise GlobError(msg)
    bad = _BAD_CHARS.search(pattern)
    if bad is not None:
        msg = (
            f"pattern {pattern!r} contains white space or a control character"
        )
        raise GlobError(msg)
    atoms: list[tuple[str, _Atom]] = []
    i, n = 0, len(pattern)
    while i < n:
        c = pattern[i]
        if c == "*":
            if not atoms or atoms[-1][0] != "star":
                atoms.append(("star", _STAR))
            i += 1
        elif c == "?":
            atoms.append(("any", _ANY))
            i += 1
        elif c == "[":
            j = i + 1
            negated = j < n and pattern[j] == "!"
            if negated:
                j += 1
            start = j
            if j < n and pattern[j] == "]":
                j += 1
            while j < n and pattern[j] != "]":
                j += 1
            if j >= n:
                msg = f"pattern {pattern!r} has an unclosed '['"
                raise GlobError(msg)
            body = pattern[start:j]  # never empty: a leading ']' is literal
            atoms.append(("set", _Set(negated, _ranges(pattern, body))))
            i = j + 1
        else:
            atoms.append(("lit", c))
            i += 1
    return tuple(atoms)


def _ranges(pattern: str, body: str) -> tuple[tuple[str, str], ...]:
    out: list[tuple[str, str]] = []
    k = 0
    while k < len(body):
        if k + 2 < len(body) and body[k + 1] == "-":
            lo, hi = body[k], body[k + 2]
            if lo > hi:
                msg = f"pattern {pattern!r} has a reversed range {lo}-{hi}"
                raise GlobError(msg)
            out.append((lo, hi))
            k += 3
        else:
            out.append((body[k], body[k]))
            k += 1
    return tuple(out)


def _regex(atoms: tuple[tuple[str, _Atom], ...]) -> str:
    parts: list[str] = []
    for tag, atom in atoms:
        if tag == "star":
            parts.append(".*")
        elif tag == "any":
            parts.append(".")
        elif isinstance(atom, _Set):
            body = "".join(
                re.escape(lo)
                if lo == hi
                else f"{re.escape(lo)}-{re.escape(hi)}"
                for lo, hi in atom.ranges
            )
            parts.append(f"[{'^' if atom.negated else ''}{body}]")
        else:
            parts.append(re.escape(atom))
    return "".join(parts)


# How a pattern is matched: the common shapes need no regular expression.
_EXACT = "exact"  # text
_PREFIX = "prefix"  # text*
_SUFFIX = "suffix"  # *text
_CONTAINS = "contains"  # *text*
_ALL = "all"  # *
_REGEX = "regex"  # anything else


def _shape(atoms: tuple[tuple[str, _Atom], ...]) -> tuple[str, str]:
    """
    The shape of a pattern and its literal text (see `_EXACT` …).
    """
    tags = [tag for tag, _atom in atoms]
    if "any" in tags or "set" in tags:
        return _REGEX, ""
    text = "".join(str(atom) for tag, atom in atoms if tag == "lit")
    stars = tags.count("star")
    if stars == 0:
        return _EXACT, text
    if tags == ["star"]:
        return _ALL, ""
    if stars == 1 and tags[-1] == "star":
        return _PREFIX, text
    if stars == 1 and tags[0] == "star":
        return _SUFFIX, text
    if stars == 2 and tags[0] == "star" and tags[-1] == "star":
        return _CONTAINS, text
    return _REGEX, ""


@attrs.frozen
class Glob:
    """
    A validated pattern, matched case-insensitively against whole names.

    >>> Glob("eu-prod-*").matches("EU-PROD-1")
    True
    """

    pattern: str
    # What the pattern is, worked out once by attrs' own __init__ from
    # *pattern* (fields in order: each default reads the ones above it).
    _atoms: tuple[tuple[str, _Atom], ...] = attrs.field(
        init=False,
        eq=False,
        repr=False,
        default=attrs.Factory(
            lambda self: _parse(self.pattern.lower()), takes_self=True
        ),
    )
    _shape: str = attrs.field(
        init=False,
        eq=False,
        repr=False,
        default=attrs.Factory(
            lambda self: _shape(self._atoms)[0], takes_self=True
        ),
    )
    _text: str = attrs.field(
        init=False,
        eq=False,
        repr=False,
        default=attrs.Factory(
            lambda self: _shape(self._atoms)[1], takes_self=True
        ),
    )
    _rx: re.Pattern[str] | None = attrs.field(
        init=False,
        eq=False,
        repr=False,
        default=attrs.Factory(
            lambda self: (
                re.compile(_regex(self._atoms), re.DOTALL)
                if self._shape == _REGEX
                else None
            ),
            takes_self=True,
        ),
    )

    def matches(self, name: str) -> bool:
        """
        Whether the whole of *name* matches, ignoring case.
        """
        return self._matches_folded(name.lower())

    def _matches_folded(self, low: str) -> bool:
        """
        `matches` on an already lower-cased name.
        """
        shape = self._shape
        if shape == _EXACT:
            return low == self._text
        if shape == _PREFIX:
            return low.startswith(self._text)
        if shape == _SUFFIX:
            return low.endswith(self._text)
        if shape == _CONTAINS:
            return self._text in low
        if shape == _ALL:
            return True
        assert self._rx is not None  # noqa: S101 - set for every regex shape
        return self._rx.fullmatch(low) is not None

    @property
    def catch_all(self) -> bool:
        """
        Whether the pattern matches every name (``*``).
        """
        return self._atoms == (("star", _STAR),)


class GlobTable:
    """
    Finds the first of several globs that matches a name, without trying
    them one by one: exact names, prefixes and suffixes are looked up by
    their text, so a table of fifty rows costs a handful of lookups.

    >>> t = GlobTable([Glob("kube-system"), Glob("*-prod"), Glob("*")])
    >>> t.first("EU-PROD"), t.first("kube-system"), t.first("x")
    (1, 0, 2)
    """

    __slots__ = (
        "_contains",
        "_exact",
        "_first_all",
        "_prefix",
        "_prefix_lengths",
        "_prefix_lengths_by_first",
        "_regex",
        "_suffix",
        "_suffix_lengths",
        "_suffix_lengths_by_last",
    )

    def __init__(self, globs: Iterable[Glob]) -> None:
        exact: dict[str, int] = {}
        prefix: dict[str, int] = {}
        suffix: dict[str, int] = {}
        contains: list[tuple[int, str]] = []
        regex: list[tuple[int, Glob]] = []
        first_all: int | None = None
        for i, glob in enumerate(globs):
            shape, text = glob._shape, glob._text  # noqa: SLF001
            if shape == _EXACT:
                exact.setdefault(text, i)
            elif shape == _PREFIX:
                prefix.setdefault(text, i)
            elif shape == _SUFFIX:
                suffix.setdefault(text, i)
            elif shape == _CONTAINS:
                contains.append((i, text))
            elif shape == _ALL:
                if first_all is None:
                    first_all = i
            else:
                regex.append((i, glob))
        self._exact: Mapping[str, int] = exact
        self._prefix: Mapping[str, int] = prefix
        self._suffix: Mapping[str, int] = suffix
        self._prefix_lengths = tuple(sorted({len(t) for t in prefix}))
        self._suffix_lengths = tuple(sorted({len(t) for t in suffix}))
        # Only texts that share the name's first (last) character can be
        # its prefix (suffix): their lengths by that character, and under
        # "" the lengths every name must try (an empty text).
        self._prefix_lengths_by_first = _lengths_by(prefix, first=True)
        self._suffix_lengths_by_last = _lengths_by(suffix, first=False)
        self._contains = tuple(contains)
        self._regex = tuple(regex)
        self._first_all = first_all

    def first(self, name: str) -> int | None:
        """
        The index of the first glob that matches *name* (ignoring case), or
        `None`.
        """
        low = name.lower()
        best = self._exact.get(low)
        if best == 0:
            return best
        n = len(low)
        prefix = self._prefix
        by_first = self._prefix_lengths_by_first
        for k in by_first.get(low[:1]) or by_first.get("", ()):
            if k > n:
                break
            i = prefix.get(low[:k])
            if i is not None and (best is None or i < best):
                best = i
        suffix = self._suffix
        by_last = self._suffix_lengths_by_last
        for k in by_last.get(low[-1:]) or by_last.get("", ()):
            if k > n:
                break
            i = suffix.get(low[n - k :])
            if i is not None and (best is None or i < best):
                best = i
        for i, text in self._contains:
            if best is not None and i > best:
                break
            if text in low:
                best = i
                break
        for i, glob in self._regex:
            if best is not None and i > best:
                break
            if glob._matches_folded(low):  # noqa: SLF001
                best = i
                break
        found_all = self._first_all
        if found_all is not None and (best is None or found_all < best):
            best = found_all
        return best


def _lengths_by(
    texts: Mapping[str, int], *, first: bool
) -> Mapping[str, tuple[int, ...]]:
    """
    The sorted lengths of *texts* by their first (or last) character; each
    entry, and the ``""`` entry, also holds 0 when ``""`` is one of them.
    """
    lengths: dict[str, set[int]] = {}
    for text in texts:
        key = text[:1] if first else text[-1:]
        lengths.setdefault(key, set()).add(len(text))
    empty = lengths.get("", set())
    return MappingProxyType(
        {key: tuple(sorted(ks | empty)) for key, ks in lengths.items()}
    )


def _in_set(c: str, s: _Set) -> bool:
    hit = any(lo <= c <= hi for lo, hi in s.ranges)
    return hit != s.negated


def _minus(lo: str, hi: str, cuts: tuple[tuple[str, str], ...]) -> bool:
    """
    Whether some character of lo..hi lies outside every range of *cuts*.
    """
    c = ord(lo)
    end = ord(hi)
    for clo, chi in sorted(cuts):
        if ord(clo) > c:
            return True
        c = max(c, ord(chi) + 1)
        if c > end:
            return False
    return c <= end


def _meet(a: tuple[str, _Atom], b: tuple[str, _Atom]) -> bool:
    """
    Whether two one-character atoms share a character.
    """
    if a[0] == "any" or b[0] == "any":
        return True  # sets are never empty
    if a[0] == "lit" and b[0] == "lit":
        return a[1] == b[1]
    if a[0] == "lit":
        return isinstance(b[1], _Set) and _in_set(str(a[1]), b[1])
    if b[0] == "lit":
        return isinstance(a[1], _Set) and _in_set(str(b[1]), a[1])
    sa, sb = a[1], b[1]
    assert isinstance(sa, _Set)  # noqa: S101
    assert isinstance(sb, _Set)  # noqa: S101
    if sa.negated and sb.negated:
        return True
    if sa.negated:
        sa, sb = sb, sa
    # sa is positive now
    if sb.negated:
        return any(_minus(lo, hi, sb.ranges) for lo, hi in sa.ranges)
    return any(
        lo1 <= hi2 and lo2 <= hi1
        for lo1, hi1 in sa.ranges
        for lo2, hi2 in sb.ranges
    )


def overlaps(a: Glob, b: Glob) -> bool:
    """
    Whether some name matches both *a* and *b*.

    >>> overlaps(Glob("eu-prod-*"), Glob("*-prod-*"))
    True
    >>> overlaps(Glob("kube-system"), Glob("eu-*"))
    False
    """
    xs, ys = a._atoms, b._atoms  # noqa: SLF001
    n, m = len(xs), len(ys)
    seen = {(0, 0)}
    todo = [(0, 0)]
    while todo:
        i, j = todo.pop()
        if i == n and j == m:
            return True
        nxt: list[tuple[int, int]] = []
        x = xs[i] if i < n else None
        y = ys[j] if j < m else None
        if x is not None and x[0] == "star":
            nxt.append((i + 1, j))
            if y is not None and y[0] != "star":
                nxt.append((i, j + 1))
        if y is not None and y[0] == "star":
            nxt.append((i, j + 1))
            if x is not None and x[0] != "star":
                nxt.append((i + 1, j))
        if (
            x is not None
            and y is not None
            and x[0] != "star"
            and y[0] != "star"
            and _meet(x, y)
        ):
            nxt.append((i + 1, j + 1))
        for state in nxt:
            if state not in seen:
                seen.add(state)
                todo.append(state)
    return False
