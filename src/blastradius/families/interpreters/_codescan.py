"""
Tiny tokenizers for the string syntax of Python, JavaScript, Perl, Ruby and
PHP, and a call finder over their tokens.

They are not parsers: they only know enough (strings, comments, names,
brackets) to find calls such as ``os.system('…')`` and read their literal
arguments without being fooled by text inside strings or comments. A
string that interpolates (``f"{x}"``, ``"$x"``, ``` `${x}` ```, ``"#{x}"``)
is marked dynamic. Linear time, no recursion.

>>> [t.text for t in tokenize("os.system('ls')  # x", PYTHON)]
['os', '.', 'system', '(', 'ls', ')']
"""

from __future__ import annotations

import re

from collections.abc import Sequence
from typing import NamedTuple

import attrs


__all__ = [
    "JS",
    "PERL",
    "PHP",
    "PYTHON",
    "RUBY",
    "Arg",
    "Call",
    "Lang",
    "Tok",
    "calls",
    "tokenize",
]


@attrs.frozen
class Lang:
    """
    The lexical rules of one language, as far as we need them.
    """

    name: str
    hash_comments: bool = False
    slash_comments: bool = False
    backtick_shell: bool = False
    """Backticks run a shell command (Perl, Ruby, PHP)."""
    backtick_template: bool = False
    """Backticks are template strings (JavaScript)."""
    interpolate: str = ""
    """What starts interpolation in double-quoted strings: ``$``, ``#{``."""
    percent_literals: bool = False
    """Ruby ``%w[…]``, ``%x(…)``, ``%q{…}``."""
    quote_ops: bool = False
    """Perl ``q{}``, ``qq{}``, ``qx{}``, ``qw{}`` and regex operators."""
    prefixes: bool = False
    """Python string prefixes and triple quotes."""


PYTHON = Lang("python", hash_comments=True, prefixes=True)
JS = Lang("javascript", slash_comments=True, backtick_template=True)
PERL = Lang(
    "perl",
    hash_comments=True,
    backtick_shell=True,
    interpolate="$@",
    quote_ops=True,
)
RUBY = Lang(
    "ruby",
    hash_comments=True,
    backtick_shell=True,
    interpolate="#{",
    percent_literals=True,
)
PHP = Lang(
    "php",
    hash_comments=True,
    slash_comments=True,
    backtick_shell=True,
    interpolate="$",
)


class Tok(NamedTuple):
    """
    One token: *kind* is ``name``, ``string``, ``shell`` (a backtick or
    ``qx`` command), ``words`` (``qw``/``%w`` list), ``number`` or ``op``;
    *dynamic* marks a string that interpolates.
    """

    kind: str
    text: str
    dynamic: bool = False


_SCAN = re.compile(
    r"""\s*(?:
      (?P<special>\#|//|/\*|<<<|%[a-zA-Z]?[\[({<|!/])
    | (?P<name>[$@%]?[A-Za-z_][\w]*|\$\#?\w*|[@%]\w+)
    | (?P<num>\d[\w.]*)
    | (?P<quote>['"`])
    | (?P<op>\?\.|->|::|=>|==|!=|<=|>=|&&|\|\||\*\*|.)
    | (?P<end>\Z)
    )""",
    re.VERBOSE | re.DOTALL,
)
_PY_PREFIX = re.compile(r"(?i)(?:r|u|b|f|rb|br|fr|rf)$")
_PAIRS = {"(": ")", "[": "]", "{": "}", "<": ">"}
_ESC = {"n": "\n", "t": "\t", "r": "\r", "0": "\0", "\\": "\\"}
_PERL_QUOTE = frozenset({"q", "qq", "qx", "qw", "m", "qr", "s", "tr", "y"})


def _unescape(body: str) -> str:
    out: list[str] = []
    i = 0
    n = len(body)
    while i < n:
        j = body.find("\\", i)
        if j == -1 or j + 1 >= n:
            out.append(body[i:])
            break
        out.append(body[i:j])
        ch = body[j + 1]
        out.append(_ESC.get(ch, ch))
        i = j + 2
    return "".join(out)


def _find_close(text: str, start: int, quote: str, *, escapes: bool) -> int:
    """
    Index of the unescaped *quote* closing a string body at *start*, or -1.
    """
    i = start
    while True:
        j = text.find(quote, i)
        if j == -1:
            return -1
        if not escapes:
            return j
        k = j - 1
        while k >= start and text[k] == "\\":
            k -= 1
        if (j - k) % 2 == 1:
            return j
        i = j + 1


def _delimited(text: str, start: int, open_: str) -> tuple[str, int]:
    """
    The body of a ``q{…}``-style literal whose opener is at *start*, and
    the index after it; paired brackets nest.
    """
    close = _PAIRS.get(open_, open_)
    if close == open_:
        end = _find_close(text, start + 1, close, escapes=True)
        if end == -1:
            return text[start + 1 :], len(text)
        return text[start + 1 : end], end + 1
    depth = 0
    i = start
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == "\\":
            i += 2
            continue
        if ch == open_:
            depth += 1
        elif ch == close:
            depth -= 1
            if depth == 0:
                return text[start + 1 : i], i + 1
        i += 1
    return text[start + 1 :], n


def tokenize(text: str, lang: Lang) -> list[Tok]:
    """
    The tokens of *text* in *lang*; never raises.
    """
    out: list[Tok] = []
    i = 0
    n = len(text)
    while i < n:
        m = _SCAN.match(text, i)
        if m is None:  # pragma: no cover - the op branch matches any char
            break
        group = m.lastgroup
        start = m.start(group) if group else n
        if group == "end" or group is None:
            break
        if group == "name":
            word = m.group(group)
            end = m.end()
            if word[0] in "@%" and not lang.interpolate:
                out.append(Tok("op", word[0]))
                i = start + 1
                continue
            if (
                lang.prefixes
                and end < n
                and text[end] in "'\""
                and _PY_PREFIX.match(word)
            ):
                i = _python_string(text, end, word.lower(), out)
                continue
            if lang.quote_ops and word in _PERL_QUOTE and end < n:
                j = end
                while j < n and text[j] in " \t":
                    j += 1
                if (
                    j < n
                    and not text[j].isalnum()
                    and text[j] not in (" \t\n;,)=_")
                ):
                    i = _perl_quote(text, word, j, out)
                    continue
            out.append(Tok("name", word))
            i = end
            continue
        if group == "num":
            out.append(Tok("number", m.group(group)))
            i = m.end()
            continue
        if group == "quote":
            q = m.group(group)
            if lang.prefixes:
                i = _python_string(text, start, "", out)
                continue
            i = _quoted(text, start, q, lang, out)
            continue
        if group == "special":
            i = _special(text, start, m.group(group), lang, out)
            continue
        out.append(Tok("op", m.group(group)))
        i = m.end()
    return out


def _python_string(text: str, start: int, prefix: str, out: list[Tok]) -> int:
    q = text[start]
    triple = text.startswith(q * 3, start)
    quote = q * 3 if triple else q
    body_start = start + len(quote)
    raw = "r" in prefix
    end = _find_close(text, body_start, quote, escapes=True)
    if end == -1:
        body, nxt = text[body_start:], len(text)
    else:
        body, nxt = text[body_start:end], end + len(quote)
    dynamic = "f" in prefix and "{" in body.replace("{{", "")
    out.append(Tok("string", body if raw else _unescape(body), dynamic))
    return nxt


def _quoted(text: str, start: int, q: str, lang: Lang, out: list[Tok]) -> int:
    end = _find_close(text, start + 1, q, escapes=True)
    body = text[start + 1 :] if end == -1 else text[start + 1 : end]
    nxt = len(text) if end == -1 else end + 1
    if q == "`" and lang.backtick_shell:
        out.append(Tok("shell", body, _interpolates(body, lang)))
        return nxt
    if q == "`" and lang.backtick_template:
        out.append(Tok("string", body, "${" in body))
        return nxt
    if q == "'" and lang.interpolate:
        # single quotes never interpolate; only \\ and \' are escapes.
        value = body.replace("\\\\", "\\").replace("\\'", "'")
        out.append(Tok("string", value))
        return nxt
    dynamic = q == '"' and _interpolates(body, lang)
    out.append(Tok("string", _unescape(body), dynamic))
    return nxt


def _interpolates(body: str, lang: Lang) -> bool:
    if lang.interpolate == "#{":
        return "#{" in body
    if lang.interpolate:
        return any(
            body[k] in lang.interpolate
            and k + 1 < len(body)
            and (body[k + 1].isalnum() or body[k + 1] in "_{")
            for k in range(len(body))
        )
    return False


def _perl_quote(text: str, word: str, j: int, out: list[Tok]) -> int:
    body, nxt = _delimited(text, j, text[j])
    if word in {"s", "tr", "y"}:
        opener = text[j]
        if opener in _PAIRS:
            k = nxt
            while k < len(text) and text[k].isspace():
                k += 1
            if k < len(text):
                _second, nxt = _delimited(text, k, text[k])
        else:
            _second, nxt = _delimited(text, nxt - 1, opener)
        out.append(Tok("op", word))
        return nxt
    if word == "qx":
        out.append(Tok("shell", body, _interpolates(body, PERL)))
    elif word == "qw":
        out.append(Tok("words", body))
    elif word in {"m", "qr"}:
        out.append(Tok("op", word))
    else:
        out.append(
            Tok("string", body, word == "qq" and _interpolates(body, PERL))
        )
    return nxt


def _special(
    text: str, start: int, sp: str, lang: Lang, out: list[Tok]
) -> int:
    n = len(text)
    if sp == "#" and lang.hash_comments:
        if lang.interpolate == "#{" and text.startswith("#{", start):
            out.append(Tok("op", "#"))
            return start + 1
        end = text.find("\n", start)
        return n if end == -1 else end
    if sp == "//" and lang.slash_comments:
        end = text.find("\n", start)
        return n if end == -1 else end
    if sp == "/*" and lang.slash_comments:
        end = text.find("*/", start + 2)
        return n if end == -1 else end + 2
    if sp.startswith("%") and lang.percent_literals and len(sp) >= 2:
        kind = sp[1] if sp[1].isalpha() else "Q"
        opener = sp[-1]
        body, nxt = _delimited(text, start + len(sp) - 1, opener)
        if kind in "xX":
            out.append(Tok("shell", body, "#{" in body))
        elif kind in "wWiI":
            out.append(Tok("words", body))
        else:
            out.append(Tok("string", body, kind != "q" and "#{" in body))
        return nxt
    out.append(Tok("op", sp[0]))
    return start + 1


class Arg(NamedTuple):
    """
    One argument of a call: its tokens, and its literal value when it is
    one string (*text*) or a list of strings (*items*).
    """

    tokens: tuple[Tok, ...]
    text: str | None
    items: tuple[str, ...] | None


class Call(NamedTuple):
    """
    One call: the dotted *callee* parts (``("os", "system")``), whether
    its receiver was an expression (``f().x()``), and its arguments.
    """

    callee: tuple[str, ...]
    computed: bool
    args: tuple[Arg, ...]
    at: int


_OPEN = frozenset({"(", "[", "{"})
_ARGS_START = frozenset({"string", "words", "name", "shell"})
_ARGS_STOP = frozenset({";", "or", "and", "if", "unless", "||", "&&"})
_CLOSE = frozenset({")", "]", "}"})
_DOTS = frozenset({".", "?.", "->", "::"})


def _arg(tokens: Sequence[Tok]) -> Arg:
    toks = tuple(tokens)
    strings = [t for t in toks if t.kind == "string"]
    if len(toks) == 1 and toks[0].kind == "string" and not toks[0].dynamic:
        return Arg(toks, toks[0].text, None)
    if len(toks) == 1 and toks[0].kind == "words":
        return Arg(toks, None, tuple(toks[0].text.split()))
    if (
        len(toks) >= 2
        and toks[0].text in {"[", "("}
        and toks[-1].text in {"]", ")"}
        and all(t.kind == "string" or t.text == "," for t in toks[1:-1])
        and not any(t.dynamic for t in strings)
    ):
        return Arg(toks, None, tuple(t.text for t in strings))
    return Arg(toks, None, None)


def split_args(tokens: Sequence[Tok]) -> tuple[Arg, ...]:
    """
    Split the tokens between a call's parentheses at top-level commas.
    """
    args: list[Arg] = []
    cur: list[Tok] = []
    depth = 0
    for t in tokens:
        if t.kind == "op" and t.text in _OPEN:
            depth += 1
        elif t.kind == "op" and t.text in _CLOSE:
            depth -= 1
        if depth == 0 and t.kind == "op" and t.text in {",", "=>"}:
            args.append(_arg(cur))
            cur = []
        else:
            cur.append(t)
    if cur:
        args.append(_arg(cur))
    return tuple(args)


def calls(
    tokens: Sequence[Tok], bare: frozenset[str] = frozenset()
) -> list[Call]:
    """
    Every call ``a.b.c(args)`` in *tokens*; names in *bare* are calls
    without parentheses too (Perl/Ruby ``system "ls"``), taking arguments
    up to ``;`` or a closing bracket.
    """
    found: list[Call] = []
    n = len(tokens)
    close_at = [-1] * n
    stack: list[int] = []
    for i, t in enumerate(tokens):
        if t.kind == "op" and t.text in _OPEN:
            stack.append(i)
        elif t.kind == "op" and t.text in _CLOSE and stack:
            close_at[stack.pop()] = i
    for i in range(n):
        t = tokens[i]
        if t.kind != "name":
            continue
        if (
            i > 0
            and tokens[i - 1].kind == "op"
            and tokens[i - 1].text in _DOTS
        ):
            continue  # handled from the head of the chain
        parts = [t.text]
        j = i + 1
        while (
            j + 1 < n
            and tokens[j].kind == "op"
            and tokens[j].text in _DOTS
            and tokens[j + 1].kind == "name"
        ):
            parts.append(tokens[j + 1].text)
            j += 2
        _chain(
            tokens,
            i,
            j,
            parts,
            close_at,
            found=found,
            bare=bare,
            computed=False,
        )
    # Calls on an expression: f(x).system(…), require('cp').exec(…)
    for i in range(1, n - 1):
        t = tokens[i]
        if (
            t.kind == "op"
            and t.text in _DOTS
            and tokens[i - 1].kind == "op"
            and tokens[i - 1].text in {")", "]"}
            and tokens[i + 1].kind == "name"
        ):
            parts = [tokens[i + 1].text]
            j = i + 2
            while (
                j + 1 < n
                and tokens[j].kind == "op"
                and tokens[j].text in _DOTS
                and tokens[j + 1].kind == "name"
            ):
                parts.append(tokens[j + 1].text)
                j += 2
            _chain(
                tokens,
                i + 1,
                j,
                parts,
                close_at,
                found=found,
                bare=bare,
                computed=True,
            )
    found.sort(key=lambda c: c.at)
    return found


def _chain(  # noqa: PLR0913 - the scan's state, passed not stored
    tokens: Sequence[Tok],
    i: int,
    j: int,
    parts: list[str],
    close_at: list[int],
    *,
    found: list[Call],
    bare: frozenset[str],
    computed: bool,
) -> None:
    n = len(tokens)
    if j < n and tokens[j].kind == "op" and tokens[j].text == "(":
        end = close_at[j] if close_at[j] != -1 else n
        found.append(
            Call(tuple(parts), computed, split_args(tokens[j + 1 : end]), i)
        )
        # a call's result may be called on: a(b).c(d) is found later.
        return
    if parts[-1] in bare and j < n and tokens[j].kind in _ARGS_START:
        k = j
        depth = 0
        while k < n:
            tk = tokens[k]
            if tk.kind == "op" and tk.text in _OPEN:
                depth += 1
            elif tk.kind == "op" and tk.text in _CLOSE:
                if depth == 0:
                    break
                depth -= 1
            elif depth == 0 and tk.text in _ARGS_STOP:
                break
            k += 1
        found.append(Call(tuple(parts), computed, split_args(tokens[j:k]), i))
